"""ils.comparison and ils.forecasts on the comparison city (tests/fixture_comparison.py,
whose docstring derives every expected number by hand) and on tiny built data sets."""

from __future__ import annotations

import polars as pl
import pytest

from ils import comparison as cmp
from ils import forecasts as fc
from ils import rules
from tests.builders import GOALS, assess, goal, ind, make_ds, tgt, val
from tests.fixture_comparison import comparison_city

BOARDS = ["norrby", "soderby", "kultur"]
VOMS = ["vom11", "vom12"]


@pytest.fixture(scope="module")
def lights():
    ds = comparison_city()
    ind_parts, goal_parts = [], []
    for year in (2021, 2022):
        for period in ("T2", "VB"):
            i = rules.indicator_lights(ds, year, period)
            ind_parts.append(i)
            goal_parts.append(rules.goal_lights(ds, i, year, period))
    return ds, pl.concat(ind_parts), pl.concat(goal_parts)


def _row(df: pl.DataFrame, **eq) -> dict:
    for col, value in eq.items():
        df = df.filter(pl.col(col) == value)
    assert len(df) == 1, f"expected one row for {eq}, got {len(df)}"
    return df.row(0, named=True)


# --- self-assessment against the goal lights ----------------------------------------------

@pytest.mark.parametrize("org, year, assessed, compared, agree, pos, neg, optimism", [
    ("norrby", 2022, 2, 2, 0, 2, 0, 1.5),
    ("soderby", 2022, 2, 2, 0, 1, 1, 0.5),
    ("kultur", 2022, 2, 1, 1, 0, 0, 0.0),
    ("norrby", 2021, 2, 2, 2, 0, 0, 0.0),
    ("soderby", 2021, 2, 2, 1, 1, 0, 0.5),
    ("kultur", 2021, 1, 1, 0, 0, 1, -1.0),
])
def test_gap_counts_and_optimism_vb(lights, org, year, assessed, compared, agree, pos, neg,
                                    optimism):
    _, _, goals = lights
    counts = cmp.gap_counts(cmp.board_gaps(goals, BOARDS))
    r = _row(counts, org_id=org, year=year, period="VB")
    assert (r["n_assessed"], r["n_compared"], r["n_agree"], r["n_positive"],
            r["n_negative"]) == (assessed, compared, agree, pos, neg)
    assert r["n_not_comparable"] == assessed - compared
    assert r["optimism"] == pytest.approx(optimism)


@pytest.mark.parametrize("goal_id, org, kind", [
    ("vom11", "norrby", "positivare"), ("vom12", "norrby", "positivare"),
    ("vom12", "soderby", "negativare"), ("vom11", "kultur", "samstammig"),
    ("vom12", "kultur", None),
])
def test_gap_kind_per_cell(lights, goal_id, org, kind):
    _, _, goals = lights
    gaps = cmp.board_gaps(goals.filter((pl.col("year") == 2022) & (pl.col("period") == "VB")),
                          BOARDS)
    assert _row(gaps, goal_id=goal_id, org_id=org)["gap_kind"] == kind


def test_stad_is_not_a_board(lights):
    _, _, goals = lights
    assert "stad" not in cmp.board_gaps(goals, BOARDS)["org_id"].to_list()


def test_ranking_most_optimistic_first(lights):
    _, _, goals = lights
    counts = cmp.gap_counts(cmp.board_gaps(goals, BOARDS)).filter(
        (pl.col("year") == 2022) & (pl.col("period") == "VB"))
    ranked = cmp.rank_boards(counts)
    assert ranked["org_id"].to_list() == ["norrby", "soderby", "kultur"]
    assert ranked["rank"].to_list() == [1, 2, 3]


@pytest.mark.parametrize("optimism, expected_rank", [
    ([1.0, 1.0, 0.0, None], [1, 1, 3, None]),
    ([None, -2.0, 2.0, 0.5], [None, 3, 1, 2]),
])
def test_ranking_ties_and_missing(optimism, expected_rank):
    counts = pl.DataFrame({"org_id": ["a", "b", "c", "d"], "optimism": optimism},
                          schema={"org_id": pl.String, "optimism": pl.Float64})
    ranked = cmp.rank_boards(counts)
    by_org = dict(zip(ranked["org_id"], ranked["rank"], strict=False))
    assert [by_org[o] for o in "abcd"] == expected_rank
    if None in optimism:
        assert ranked["optimism"].to_list()[-1] is None  # no index: ranked last


def test_optimism_trend_over_years(lights):
    _, _, goals = lights
    trend = cmp.optimism_trend(cmp.gap_counts(cmp.board_gaps(goals, BOARDS)), "VB")
    got = {(r["org_id"], r["year"]): r["optimism"] for r in trend.iter_rows(named=True)}
    assert got == {("norrby", 2021): 0.0, ("norrby", 2022): 1.5, ("soderby", 2021): 0.5,
                   ("soderby", 2022): 0.5, ("kultur", 2021): -1.0, ("kultur", 2022): 0.0}


def test_city_optimism_is_mean_over_all_comparable_goals(lights):
    _, _, goals = lights
    city = cmp.city_optimism(cmp.board_gaps(goals, BOARDS)).filter(pl.col("period") == "VB")
    # 2022: +1 +2 +2 −1 0 over 5 goals; 2021: 0 0 +1 0 −1 over 5.
    assert dict(zip(city["year"], city["optimism"], strict=False)) == {2021: 0.0, 2022: pytest.approx(0.8)}


# --- basis ----------------------------------------------------------------------------------

@pytest.mark.parametrize("org, main, n_main, n_total", [
    ("norrby", "indikatorer", 2, 2),  # "Indikatorer " normalised
    ("soderby", "samlad bedömning", 1, 2),  # a given basis beats "ej angivet" on a tie
    ("kultur", "indikatorer", 1, 2),  # tie between given bases: alphabetical
])
def test_main_basis(org, main, n_main, n_total):
    ds = comparison_city()
    main_df = cmp.main_basis(cmp.basis_mix(ds.assessments, BOARDS, 2022, "VB"))
    r = _row(main_df, org_id=org)
    assert (r["main_basis"], r["n_main"], r["n_total"]) == (main, n_main, n_total)


def test_gap_by_basis(lights):
    ds, _, goals = lights
    by = cmp.gap_by_basis(cmp.board_gaps(goals, BOARDS), ds.assessments, BOARDS, 2022, "VB")
    got = {r["basis"]: (r["n_compared"], r["optimism"]) for r in by.iter_rows(named=True)}
    assert got == {"indikatorer": (3, 1.0), "samlad bedömning": (1, 2.0),
                   "ej angivet": (1, -1.0)}


# --- kommunstyrelsen against the boards -----------------------------------------------------

@pytest.mark.parametrize("goal_id, n_boards, n_upp, n_delvis, ks, city, diff", [
    ("vom11", 3, 3, 0, "delvis", "gron", -1),
    ("vom12", 3, 2, 1, "delvis", "gul", -1),
])
def test_ks_against_boards(lights, goal_id, n_boards, n_upp, n_delvis, ks, city, diff):
    _, _, goals = lights
    now = goals.filter((pl.col("year") == 2022) & (pl.col("period") == "VB"))
    r = _row(cmp.ks_against_boards(now, BOARDS, "stad", VOMS), goal_id=goal_id)
    assert (r["n_boards"], r["n_uppfyllt"], r["n_delvis"], r["n_ej"]) == (
        n_boards, n_upp, n_delvis, 0)
    assert (r["ks_assessment"], r["city_light"], r["ks_vs_boards"]) == (ks, city, diff)


def test_ks_goal_nobody_assessed_has_zeros():
    ds = make_ds(goals=[*GOALS, goal("V3")], assessments=[assess("V1", "N1", "uppfyllt")])
    i = rules.indicator_lights(ds, 2022, "VB")
    g = rules.goal_lights(ds, i, 2022, "VB")
    ks = cmp.ks_against_boards(g, ["N1", "N2"], "S", ["V1", "V3"])
    assert ks["goal_id"].to_list() == ["V1", "V3"]
    assert ks["n_boards"].to_list() == [1, 0]
    assert ks["boards_mode"].to_list() == ["uppfyllt", None]


@pytest.mark.parametrize("ratings, mode", [
    (["uppfyllt", "delvis", "delvis"], "delvis"),
    (["uppfyllt", "delvis"], "uppfyllt"),  # tie: the more positive
    (["ej", "ej", "uppfyllt"], "ej"),
])
def test_boards_mode(ratings, mode):
    boards = [f"N{i}" for i in range(1, len(ratings) + 1)]
    ds = make_ds(assessments=[assess("V1", b, a) for b, a in zip(boards, ratings, strict=False)])
    i = rules.indicator_lights(ds, 2022, "VB")
    g = rules.goal_lights(ds, i, 2022, "VB")
    assert cmp.ks_against_boards(g, boards, "S", ["V1"])["boards_mode"][0] == mode


# --- indicator level ------------------------------------------------------------------------

@pytest.mark.parametrize("org, period, reported, upp, gron, rod, grey, without, positive", [
    ("norrby", "T2", 4, 4, 3, 0, 1, 3, 0),
    ("soderby", "T2", 1, 1, 1, 0, 0, 1, 0),
    ("norrby", "VB", 1, 0, 0, 0, 0, 0, 0),
    ("soderby", "VB", 1, 1, 0, 1, 0, 0, 1),
])
def test_reported_summary(lights, org, period, reported, upp, gron, rod, grey, without,
                          positive):
    _, ind, _ = lights
    s = cmp.reported_summary(cmp.reported_rows(ind, BOARDS))
    r = _row(s, org_id=org, year=2022, period=period)
    assert (r["n_reported"], r["n_uppfyllt"], r["n_upp_gron"], r["n_upp_rod"],
            r["n_upp_grey"], r["n_without_outcome"], r["n_positive"]) == (
        reported, upp, gron, rod, grey, without, positive)


def test_worth_a_look(lights):
    _, ind, _ = lights
    look = cmp.worth_a_look(cmp.reported_rows(ind, BOARDS))
    got = sorted(zip(look["indicator_id"], look["org_id"], look["period"], strict=False))
    # forecast greens and a missing value reported fulfilled at T2; a red reported fulfilled
    # at VB. Norrby's nojd (green on outcome at T2, yellow reported delvis at VB) is fine.
    assert got == [("ind-las", "norrby", "T2"), ("ind-las", "soderby", "T2"),
                   ("ind-las", "soderby", "VB"), ("ind-norr-egen", "norrby", "T2"),
                   ("ind-vant", "norrby", "T2")]


# --- forecasts ------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def pairs(lights):
    _, ind, _ = lights
    boards = ind.filter(pl.col("org_id").is_in(BOARDS))
    return fc.indicator_pairs(boards.filter(pl.col("period") == "T2"),
                              boards.filter(pl.col("period") == "VB"))


@pytest.mark.parametrize("org, year, green, failed, share, gf, ff, go, fo", [
    ("norrby", 2022, 3, 2, 2 / 3, 2, 1, 1, 1),
    ("soderby", 2022, 1, 1, 1.0, 1, 1, 0, 0),
    ("kultur", 2022, 1, 0, 0.0, 1, 0, 0, 0),
    ("norrby", 2021, 1, 0, 0.0, 0, 0, 1, 0),
    ("soderby", 2021, 2, 2, 1.0, 1, 1, 1, 1),
    ("kultur", 2021, 0, 0, None, 0, 0, 0, 0),
])
def test_board_forecast_summary(pairs, org, year, green, failed, share, gf, ff, go, fo):
    r = _row(fc.board_summary(pairs), org_id=org, year=year)
    assert (r["n_green_t2"], r["n_failed"], r["n_green_forecast"], r["n_failed_forecast"],
            r["n_green_outcome"], r["n_failed_outcome"]) == (green, failed, gf, ff, go, fo)
    assert r["share_failed"] == (None if share is None else pytest.approx(share))
    assert r["n_held"] + r["n_to_gul"] + r["n_to_rod"] + r["n_to_saknas"] == green


def test_summary_of_the_rules_pairs_is_the_same(pairs, lights):
    """The one §3.5 summary gives the same numbers from `rules.forecast_reliability` (the
    bare pairs) as from `indicator_pairs` (the pairs the page shows)."""
    _, ind, _ = lights
    boards = ind.filter(pl.col("org_id").is_in(BOARDS))
    bare = rules.forecast_reliability(boards.filter(pl.col("period") == "T2"),
                                      boards.filter(pl.col("period") == "VB"))
    assert fc.board_summary(bare).equals(fc.board_summary(pairs))
    assert fc.totals(bare).equals(fc.totals(pairs))


@pytest.mark.parametrize("year, green, failed, share_fc, share_out", [
    (2022, 5, 3, 0.5, 1.0), (2021, 3, 2, 1.0, 0.5),
])
def test_forecast_totals(pairs, year, green, failed, share_fc, share_out):
    r = _row(fc.totals(pairs), year=year)
    assert (r["n_green_t2"], r["n_failed"]) == (green, failed)
    assert (r["share_failed_forecast"], r["share_failed_outcome"]) == (share_fc, share_out)


def test_flows_2022(pairs):
    flows = fc.flows(pairs.filter(pl.col("year") == 2022))
    assert list(flows.select("t2_state", "light_vb", "n").iter_rows()) == [
        ("gron", "gul", 1), ("gron_prognos", "gron", 2), ("gron_prognos", "rod", 2),
        ("saknas", "gron", 1), ("saknas", "rod", 1), ("saknas", "saknas", 1)]


@pytest.mark.parametrize("t2, vb, period_t2_outcome, failed", [
    (90.0, 70.0, False, True),  # forecast green → red
    (90.0, 79.0, True, True),  # outcome green → yellow (limit 72)
    (80.0, 80.0, True, False),  # green held at the target itself
    (90.0, None, False, False),  # VB outcome missing: not counted as failed
])
def test_green_failed_boundaries(t2, vb, period_t2_outcome, failed):
    t2_val = val("I1", "N1", outcome=t2, period="T2") if period_t2_outcome else \
        val("I1", "N1", forecast=t2, period="T2")
    ds = make_ds(indicators=[ind("I1", applies_to="stadsdelsnamnder")],
                 targets=[tgt("I1", "S", 80)],
                 values=[t2_val, val("I1", "N1", outcome=vb)])
    p = fc.indicator_pairs(rules.indicator_lights(ds, 2022, "T2"),
                           rules.indicator_lights(ds, 2022, "VB")).filter(
        pl.col("org_id") == "N1")
    assert p["green_failed"].to_list() == [failed]
    assert p["forecast_t2"].to_list() == [not period_t2_outcome]


@pytest.mark.parametrize("org, year, upp, to_delvis, to_ej, share", [
    ("soderby", 2022, 2, 1, 0, 0.5), ("norrby", 2022, 2, 0, 0, 0.0),
    ("kultur", 2022, 1, 0, 0, 0.0), ("kultur", 2021, 1, 0, 1, 1.0),
    ("soderby", 2021, 1, 1, 0, 1.0),
])
def test_assessment_reliability(org, year, upp, to_delvis, to_ej, share):
    ds = comparison_city()
    s = fc.assessment_summary(fc.assessment_pairs(ds.assessments, BOARDS, VOMS))
    r = _row(s, org_id=org, year=year)
    assert (r["n_uppfyllt_t2"], r["n_to_delvis"], r["n_to_ej"], r["share_failed"]) == (
        upp, to_delvis, to_ej, share)


def test_assessment_totals_and_stad_left_out():
    ds = comparison_city()
    p = fc.assessment_pairs(ds.assessments, BOARDS, VOMS)
    assert "stad" not in p["org_id"].to_list()
    t = fc.assessment_totals(p)
    assert dict(zip(t["year"], t["n_failed"], strict=False)) == {2021: 2, 2022: 1}
    assert dict(zip(t["year"], t["n_uppfyllt_t2"], strict=False)) == {2021: 3, 2022: 5}


# --- "strängare än flertalet" only when a majority (issue 21, item 6) ----------------------

@pytest.mark.parametrize("ratings, ks, above, below, words", [
    # 15 of 30 fulfilled, KS partly: not "flertalet" – the boards are divided
    (["uppfyllt"] * 15 + ["delvis"] * 12 + ["ej"] * 3, "delvis", 15, 3,
     "Nämnderna är delade: 15 av 30 mer positiva än kommunstyrelsen, 12 samma, 3 mer negativa"),
    (["uppfyllt"] * 16 + ["delvis"] * 14, "delvis", 16, 0,
     "Kommunstyrelsen är strängare än flertalet nämnder (16 av 30)"),
    (["ej"] * 3 + ["delvis"], "uppfyllt", 0, 4,
     "Kommunstyrelsen är mer positiv än flertalet nämnder (4 av 4)"),
    (["delvis"] * 2 + ["ej"], "delvis", 0, 1, "Samma som flertalet nämnder (2 av 3)"),
])
def test_ks_words_say_flertalet_only_for_a_majority(ratings, ks, above, below, words):
    boards = [f"N{i}" for i in range(1, len(ratings) + 1)]
    ds = make_ds(assessments=[assess("V1", b, a) for b, a in zip(boards, ratings, strict=False)]
                 + [assess("V1", "S", ks)])
    i = rules.indicator_lights(ds, 2022, "VB")
    g = rules.goal_lights(ds, i, 2022, "VB")
    r = cmp.ks_against_boards(g, boards, "S", ["V1"]).row(0, named=True)
    assert (r["n_above_ks"], r["n_below_ks"]) == (above, below)
    assert cmp.ks_words(r) == words
