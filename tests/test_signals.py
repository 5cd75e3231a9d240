"""Styrsignaler in the pure domain (issue 5): trend, list, filters, density per VOM, overlap.
Counts are those worked out by hand in tests/fixture_signals.py."""

from __future__ import annotations

import random

import polars as pl
import pytest

from ils.signal_lists import (
    NO_GOAL,
    count_by_type,
    filter_signals,
    goal_density,
    recipient_values,
    signal_list,
)
from ils.signal_overlap import (
    groups_touching,
    jaccard,
    leader_groups,
    normalise,
    overlap_groups,
    words,
)
from ils.signals import SIGNAL_TYPES, board_signal_counts, signal_counts, signal_trend
from tests.fixture_signals import signal_city

DS = signal_city()


@pytest.mark.parametrize("year, group, expected", [
    (2022, "stadsdelsnamnder", (3, 4, 3, 5, 15)),
    (2022, "facknamnder", (3, 3, 2, 3, 11)),
    (2022, "bolag", (3, 3, 1, 3, 10)),
    (2021, "stadsdelsnamnder", (2, 3, 2, 2, 9)),
    (2021, "facknamnder", (2, 2, 1, 2, 7)),
    (2021, "bolag", (2, 1, 1, 1, 5)),
])
def test_group_counts_of_fixture(year, group, expected):
    row = signal_counts(DS, year).filter(pl.col("recipient") == group).row(0, named=True)
    assert tuple(row[c] for c in (*SIGNAL_TYPES, "total")) == expected


@pytest.mark.parametrize("org, budget, own", [
    ("norr", (3, 4, 4, 6, 17), (1, 1, 1, 3)),
    ("soder", (3, 4, 3, 6, 16), (0, 1, 0, 1)),
    ("kultur", (3, 3, 2, 3, 11), (1, 1, 1, 3)),
    ("hamn", (3, 3, 1, 3, 10), (0, 0, 0, 0)),
])
def test_board_counts_of_fixture(org, budget, own):
    row = board_signal_counts(DS, 2022).filter(pl.col("org_id") == org).row(0, named=True)
    assert tuple(row[c] for c in (*SIGNAL_TYPES, "total")) == budget
    assert tuple(row[c] for c in ("own_namndmal", "own_indikator", "own_aktivitet",
                                  "own_total")) == own


def test_trend_is_the_group_counts_per_year_in_long_form():
    trend = signal_trend(DS, [2022, 2021, 2022])
    assert trend.columns == ["year", "recipient", "type", "count"]
    assert len(trend) == 2 * 3 * 4
    for year in (2021, 2022):
        wide = signal_counts(DS, year)
        for r in wide.iter_rows(named=True):
            got = trend.filter((pl.col("year") == year) & (pl.col("recipient") == r["recipient"]))
            assert dict(zip(got["type"], got["count"], strict=False)) == {t: r[t] for t in SIGNAL_TYPES}
    sdn = trend.filter(pl.col("recipient") == "stadsdelsnamnder").group_by("year").agg(
        pl.col("count").sum()).sort("year")
    assert sdn["count"].to_list() == [9, 15]


def test_trend_without_years_is_empty_with_schema():
    trend = signal_trend(DS, [])
    assert trend.is_empty() and trend.schema["count"] == pl.Int64


@pytest.mark.parametrize("vom, expected", [
    ("vom11", (2, 2, 3, 1, 3, 11)),  # o1 via nämndmål, u1 via enhetsmål, d3 via nämndmål
    ("vom12", (2, 1, 1, 0, 2, 6)),
    ("vom21", (2, 1, 1, 1, 1, 6)),
    (None, (0, 0, 0, 0, 3, 3)),  # d1, d5, d7: no goal
])
def test_goal_density(vom, expected):
    dens = goal_density(DS, 2022)
    assert dens["vom_id"].to_list() == ["vom11", "vom12", "vom21", None]
    row = next(r for r in dens.iter_rows(named=True) if r["vom_id"] == vom)
    cols = ("indikator_kf", "indikator_egen", "aktivitet_kf", "aktivitet_egen",
            "direktiv_och_uppdrag", "total")
    assert tuple(row[c] for c in cols) == expected


def test_goal_density_sums_to_the_list_and_drops_vom_out_of_force():
    dens = goal_density(DS, 2021)
    assert "vom21" not in dens["vom_id"].to_list()  # 2.1 is in force in 2022 only
    assert dens["total"].sum() == len(signal_list(DS, [2021])) == 12


@pytest.mark.parametrize("year, expected", [
    (2022, {"indikator": 10, "aktivitet": 7, "direktiv_och_uppdrag": 9, "total": 26}),
    (2021, {"indikator": 7, "aktivitet": 2, "direktiv_och_uppdrag": 3, "total": 12}),
])
def test_signal_list_per_year(year, expected):
    assert count_by_type(signal_list(DS, [year])) == expected


def test_signal_list_rows_carry_issuer_recipient_and_vom():
    rows = {(r["id"], r["year"]): r for r in signal_list(DS, [2021, 2022]).iter_rows(named=True)}
    assert rows[("k1", 2021)]["recipient"] == "alla" and rows[("k1", 2022)]["kf"]
    assert rows[("o1", 2022)]["recipient"] == "norr" and not rows[("o1", 2022)]["kf"]
    assert rows[("u1", 2022)]["vom_id"] == "vom11"  # enhetsmål → nämndmål → 1.1
    assert rows[("a6", 2022)]["recipient"] == "norr"  # a board's own: to itself
    assert rows[("a7", 2022)]["recipient"] == "kultur"
    assert rows[("d3", 2022)]["vom_id"] == "vom11" and rows[("d3", 2022)]["kind"] == "uppdrag"
    assert rows[("d1", 2022)]["vom_id"] is None and rows[("d1", 2022)]["issuer"] == "stad"
    assert ("o3", 2021) not in rows  # its nämndmål is in force in 2022 only


@pytest.mark.parametrize("filters, expected", [
    ({}, (10, 7, 9)),
    ({"signal_type": "aktivitet"}, (0, 7, 0)),
    ({"recipient": "stadsdelsnamnder"}, (4, 3, 5)),  # = the table's column without VOMs
    ({"recipient": "facknamnder"}, (3, 2, 3)),
    ({"recipient": "alla"}, (2, 1, 2)),
    ({"recipient": "norr"}, (5, 5, 6)),  # + o1, a5, a6, d8
    ({"recipient": "kultur"}, (4, 3, 3)),  # + o3, a7
    ({"vom_id": "vom12"}, (3, 1, 2)),
    ({"vom_id": NO_GOAL}, (0, 0, 3)),
    ({"text": "HEMTJÄNST"}, (0, 1, 2)),  # case-insensitive substring
    ({"text": "  hemtjänsten OCH "}, (0, 0, 2)),  # ends are trimmed: d4, d9
    ({"text": "hemtjänsten  och"}, (0, 0, 0)),  # inner spaces matter
    ({"text": "<b>minska</b>"}, (0, 0, 1)),  # literal, not a pattern
    ({"text": "läs", "recipient": "norr"}, (2, 2, 2)),  # k2, o1; a1, a6; d2, d3
    ({"year": 2021}, (0, 0, 0)),  # the 2022 list has no 2021 rows
])
def test_filters(filters, expected):
    rows = signal_list(DS, [2022])
    got = count_by_type(filter_signals(rows, DS, **filters))
    assert (got["indikator"], got["aktivitet"], got["direktiv_och_uppdrag"]) == expected
    assert got["total"] == sum(expected)


@pytest.mark.parametrize("recipient, expected", [
    ("alla", {"alla"}),
    ("bolag", {"bolag", "alla"}),
    ("soder", {"soder", "stadsdelsnamnder", "alla"}),
    ("okand", {"okand", "alla"}),
])
def test_recipient_values(recipient, expected):
    assert set(recipient_values(DS, recipient)) == expected


@pytest.mark.parametrize("text, expected", [
    ("Stadsdelsnämnderna ska följa upp lokalkostnaderna (2021)!",
     "stadsdelsnämnderna ska följa upp lokalkostnaderna"),
    ("  Ökad  TRYGGHET,i   Årsta_2022 ", "ökad trygghet i årsta"),
    (None, ""),
    ("2022 – 2023", ""),
])
def test_normalise(text, expected):
    assert normalise(text) == expected


@pytest.mark.parametrize("a, b, sim", [
    ("a b c d", "a b c d e", 0.8),  # boundary: counts as near-identical
    ("a b c", "a b c d", 0.75),  # just below
    ("a b", "b a!", 1.0),
    ("", "", 0.0),
])
def test_jaccard(a, b, sim):
    assert jaccard(words(a), words(b)) == pytest.approx(sim)


@pytest.mark.parametrize("threshold, grouped", [(0.8, True), (0.81, False)])
def test_threshold_boundary_in_grouping(threshold, grouped):
    df = pl.DataFrame({"id": ["x", "y"], "year": [2021, 2022], "recipient": ["alla", "alla"],
                       "text": ["a b c d", "a b c d e"]})
    assert (len(overlap_groups(df, threshold)) == 2) is grouped


def test_overlap_groups_of_fixture():
    groups = overlap_groups(DS.directives)
    found = {frozenset(g["id"]) for g in groups.partition_by("group")}
    assert found == {frozenset({"d1", "d10"}), frozenset({"d5", "d12"}),
                     frozenset({"d4", "d9"})}  # d6/d13 share 8 of 12 words: not grouped
    d9 = groups.filter(pl.col("id") == "d9").row(0, named=True)
    assert d9["similarity"] == pytest.approx(9 / 11) and d9["size"] == 2
    assert groups.filter(pl.col("id") == "d4")["similarity"][0] == 1.0  # the leader
    assert d9["group"] == 2  # identical groups first, the 82 % one last
    assert set(groups_touching(groups, 2021)["id"]) == {"d1", "d10", "d5", "d12"}


def test_most_alike_groups_come_first_then_largest():
    texts = [("a1", "alfa beta gamma delta"), ("a2", "alfa beta gamma delta epsilon"),
             ("a3", "alfa beta gamma delta zeta"), ("b1", "ett två tre"), ("b2", "ett två tre"),
             ("c1", "sju åtta nio"), ("c2", "sju åtta nio"), ("c3", "sju åtta nio")]
    df = pl.DataFrame({"id": [i for i, _ in texts], "year": [2022] * len(texts),
                       "recipient": ["alla"] * len(texts), "text": [t for _, t in texts]})
    groups = overlap_groups(df)
    order = groups.group_by("group").agg(pl.col("id").min()).sort("group")["id"].to_list()
    assert order == ["c1", "b1", "a1"]  # 100 % (3), 100 % (2), 80 % (3)


def test_groups_do_not_chain():
    # a~b = 0.8 and b~c = 0.8 but a~c = 7/11: c joins no group (its leader would be a).
    base = ["alfa", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
    texts = {"a": base + ["ett"], "b": base + ["två"], "c": base[:7] + ["två", "tre"]}
    df = pl.DataFrame({"id": list(texts), "year": [2020, 2021, 2022],
                       "recipient": ["alla"] * 3, "text": [" ".join(t) for t in texts.values()]})
    groups = overlap_groups(df)
    assert set(groups["id"]) == {"a", "b"}


def test_empty_and_blank_directives_make_no_groups():
    df = pl.DataFrame({"id": ["x", "y", "z"], "year": [2021, 2022, 2022],
                       "recipient": ["alla"] * 3, "text": [None, "2021", "Unik text här"]})
    assert overlap_groups(df).is_empty()


def _brute_leaders(sets, threshold):
    leaders, out = [], []
    for i, s in enumerate(sets):
        best, best_sim = i, 0.0
        for j in leaders:
            sim = jaccard(s, sets[j])
            if sim >= threshold and sim > best_sim:
                best, best_sim = j, sim
        if best == i:
            leaders.append(i) if s else None
            best_sim = 1.0
        out.append((best, best_sim))
    return out


@pytest.mark.parametrize("seed, threshold", [(1, 0.8), (2, 0.6), (3, 0.9), (4, 0.5)])
def test_prefix_filtering_finds_what_comparing_all_pairs_finds(seed, threshold):
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(30)]
    sets = list(dict.fromkeys(frozenset(rng.sample(vocab, rng.randint(1, 9)))
                              for _ in range(400)))
    base = list(sets)
    for s in base[:80]:  # near copies: one word swapped
        sets.append(frozenset(list(s)[1:] + [rng.choice(vocab)]))
    sets = list(dict.fromkeys(sets))
    assert leader_groups(sets, threshold) == _brute_leaders(sets, threshold)


def test_threshold_must_be_a_share():
    with pytest.raises(ValueError):
        leader_groups([frozenset({"a"})], 0)
