"""The agenda rules (ils/agenda.py) on the comparison city, whose deviations are known by hand.

Expected items (boards only; tests/fixture_city.py + tests/fixture_comparison.py):

VB 2022 (previous period T2 2022; T2 goal lights: 1.1 Norrby gron, Söderby gron (las gron
prognos, nojd saknas), Kultur gron; 1.2 Norrby gron (vant 19 prognos), Söderby saknas):
  1.1 Söderby: rod_gul rod · nedgradering gron→rod · oenighet (+2) · motivering_saknas
      (uppfyllt without text) · prognos brast ind-las (T2 82 prognos gron → VB 70 rod) ·
      saknas utfall ind-nojd.
  1.1 Norrby: rod_gul gul · nedgradering gron→gul · oenighet (+1). (Text given; nojd T2 green
      was an outcome, not a forecast → not brast.)
  1.1 Kultur: nothing (gron, agrees).
  1.2 Norrby: rod_gul rod · nedgradering gron→rod · oenighet (+2) · prognos brast ind-vant.
  1.2 Söderby: nothing (gron; its gap −1 is more negative, not a deviation).
T2 2022 (previous T1 2022: no data → no downgrade; all goal lights gron or saknas):
  prognos vilar: Norrby las, Norrby vant, Söderby las, Kultur nojd;
  saknas utfall: Norrby norr-egen, Söderby nojd, Söderby vant.
VB 2021 (previous T2 2021: 1.1 Söderby gron (nojd 78 prognos), 1.2 Söderby gron):
  1.1 Söderby rod: rod_gul · nedgradering gron→rod · oenighet (+1, delvis) ·
      motivering_saknas · prognos brast ind-nojd;  1.1 Kultur gul: rod_gul ·
      motivering_saknas (ej, no text; previous light saknas → no downgrade);
  1.2 Söderby gul: nedgradering gron→gul · motivering_saknas · rod_gul gul_samstammig (its
      own "delvis" agrees with the yellow: after the real deviations).
T2 2022: every forecast light is green → kind prognos_gron ("Grönt på prognos").
"""

from __future__ import annotations

import polars as pl
import pytest

from ils import agenda, periods, rules, rules_periods, signals
from ils.voms import vom_of_goal
from tests.fixture_comparison import comparison_city


@pytest.fixture(scope="module")
def ds():
    return comparison_city()


def build(ds, year, period, **over):
    ind = rules.indicator_lights(ds, year, period)
    goals = rules.goal_lights(ds, ind, year, period)
    py, pp = periods.previous(year, period)
    prev = rules.goal_lights(ds, rules.indicator_lights(ds, py, pp), py, pp)
    boards = ds.organisation.filter(pl.col("level") == "namnd").select("id", "name")
    voms = (signals.goals_in_force(ds.goals, year)
            .filter(pl.col("level") == "verksamhetsomradesmal").select("id", "code"))
    kw = dict(period=period, prev_goals=prev,
              t2_indicators=rules.indicator_lights(ds, year, "T2"),
              assessments=ds.assessments.filter((pl.col("year") == year)
                                                & (pl.col("period") == period)))
    kw.update(over)
    return agenda.agenda(goals, ind, boards, voms, vom_of_goal(ds.goals), **kw)


def keys(items: pl.DataFrame) -> list[tuple]:
    return [(r["vom_id"], r["org_id"], r["kind"], r["reason"], r["indicator_id"])
            for r in items.iter_rows(named=True)]


VB22 = [
    ("vom11", "soderby", "rod_gul", "rod", None),
    ("vom11", "soderby", "nedgradering", "gron→rod", None),
    ("vom11", "soderby", "oenighet", "positivare", None),
    ("vom11", "soderby", "motivering_saknas", "tom", None),
    ("vom11", "soderby", "prognos", "brast", "ind-las"),
    ("vom11", "soderby", "saknas", "utfall", "ind-nojd"),
    ("vom11", "norrby", "rod_gul", "gul", None),
    ("vom11", "norrby", "nedgradering", "gron→gul", None),
    ("vom11", "norrby", "oenighet", "positivare", None),
    ("vom12", "norrby", "rod_gul", "rod", None),
    ("vom12", "norrby", "nedgradering", "gron→rod", None),
    ("vom12", "norrby", "oenighet", "positivare", None),
    ("vom12", "norrby", "prognos", "brast", "ind-vant"),
]
T222 = [  # every forecast light is green: "Grönt på prognos", after the missing outcomes
    ("vom11", "norrby", "saknas", "utfall", "ind-norr-egen"),
    ("vom11", "norrby", "prognos_gron", "vilar", "ind-las"),
    ("vom11", "soderby", "saknas", "utfall", "ind-nojd"),
    ("vom11", "soderby", "prognos_gron", "vilar", "ind-las"),
    ("vom11", "kultur", "prognos_gron", "vilar", "ind-nojd"),
    ("vom12", "soderby", "saknas", "utfall", "ind-vant"),
    ("vom12", "norrby", "prognos_gron", "vilar", "ind-vant"),
]
VB21 = [
    ("vom11", "soderby", "rod_gul", "rod", None),
    ("vom11", "soderby", "nedgradering", "gron→rod", None),
    ("vom11", "soderby", "oenighet", "positivare", None),
    ("vom11", "soderby", "motivering_saknas", "tom", None),
    ("vom11", "soderby", "prognos", "brast", "ind-nojd"),
    ("vom11", "kultur", "rod_gul", "gul", None),
    ("vom11", "kultur", "motivering_saknas", "tom", None),
    # yellow, and Söderby's own "delvis" agrees (gap 0): ranked after the real deviations
    ("vom12", "soderby", "nedgradering", "gron→gul", None),
    ("vom12", "soderby", "motivering_saknas", "tom", None),
    ("vom12", "soderby", "rod_gul", "gul_samstammig", None),
]


@pytest.mark.parametrize("year,period,expected", [(2022, "VB", VB22), (2022, "T2", T222),
                                                  (2021, "VB", VB21)])
def test_items_and_order_on_the_fixture(ds, year, period, expected):
    assert keys(build(ds, year, period)) == expected


@pytest.mark.parametrize("year,period,prev", [(2022, "VB", (2022, "T2")),
                                              (2022, "T2", (2022, "T1")),
                                              (2022, "T1", (2021, "VB"))])
def test_previous_period(year, period, prev):
    assert periods.previous(year, period) == prev


def test_items_carry_the_facts(ds):
    items = build(ds, 2022, "VB")
    sod = items.filter((pl.col("org_id") == "soderby") & (pl.col("kind") == "prognos")).row(
        0, named=True)
    assert (sod["value"], sod["target"], sod["light"], sod["light_t2"], sod["value_t2"]) == (
        70.0, 80.0, "rod", "gron", 82.0)
    nor = items.filter((pl.col("org_id") == "norrby") & (pl.col("vom_id") == "vom11")
                       & (pl.col("kind") == "rod_gul")).row(0, named=True)
    assert nor["motivation"] == "<b>Bra</b> arbete." and nor["self_assessment"] == "uppfyllt"
    assert (nor["n_green"], nor["n_yellow"], nor["n_red"], nor["score"]) == (1, 1, 1, 0.5)
    assert nor["light_prev"] == "gron" and nor["gap"] == 1
    assert nor["assessment_basis"] == "indikatorer"


def test_without_previous_period_no_downgrade(ds):
    items = build(ds, 2022, "VB", prev_goals=None)
    assert "nedgradering" not in items["kind"].to_list()
    assert len(items) == len(VB22) - 3


def test_forecast_failures_only_at_vb(ds):
    t2 = build(ds, 2022, "T2")
    assert "brast" not in t2["reason"].to_list()


@pytest.mark.parametrize("motivation,expected", [(None, True), ("", True), ("   ", True),
                                                 ("Skäl.", False)])
def test_missing_motivation_boundaries(ds, motivation, expected):
    a = ds.assessments.filter((pl.col("year") == 2022) & (pl.col("period") == "VB")
                              ).with_columns(motivation=pl.when(
                                  (pl.col("org_id") == "norrby") & (pl.col("goal_id") == "vom11"))
        .then(pl.lit(motivation, dtype=pl.String)).otherwise(pl.col("motivation")))
    items = build(ds, 2022, "VB", assessments=a)
    hit = items.filter((pl.col("org_id") == "norrby") & (pl.col("vom_id") == "vom11")
                       & (pl.col("kind") == "motivering_saknas"))
    assert (len(hit) == 1) is expected


def test_missing_target_is_an_item(ds):
    # drop Norrby's own target: ind-norr-egen still counts (it has values) but has no target
    frames = ds.frames()
    frames["targets"] = ds.targets.filter(pl.col("indicator_id") != "ind-norr-egen")
    from ils.model import Dataset
    items = build(Dataset.from_frames(frames), 2022, "VB")
    hit = items.filter(pl.col("indicator_id") == "ind-norr-egen")
    assert keys(hit) == [("vom11", "norrby", "saknas", "mal", "ind-norr-egen")]
    assert hit["severity"][0] == 20


@pytest.mark.parametrize("year,period", [(2022, "VB"), (2022, "T2"), (2021, "VB")])
def test_severity_never_rises_within_a_board(ds, year, period):
    items = build(ds, year, period)
    for (_v, _o), grp in items.group_by("vom_id", "org_id", maintain_order=True):
        sev = grp["severity"].to_list()
        assert sev == sorted(sev, reverse=True)
    # the board with the most serious item of a VOM comes first (red Söderby before yellow Norrby)
    first = items.filter(pl.col("vom_id") == "vom11")["org_id"][0]
    assert first == ("soderby" if period == "VB" else "norrby")


@pytest.mark.parametrize("flt,expected_n", [({}, 13), ({"org_id": "norrby"}, 7),
                                           ({"vom_id": "vom12"}, 4), ({"kind": "oenighet"}, 3),
                                           ({"org_id": "soderby", "kind": "saknas"}, 1),
                                           ({"org_ids": ["kultur"]}, 0)])
def test_filters(ds, flt, expected_n):
    assert len(agenda.select(build(ds, 2022, "VB"), **flt)) == expected_n


def test_summary_counts(ds):
    items = build(ds, 2022, "VB")
    assert agenda.kind_counts(items) == {"rod_gul": 3, "nedgradering": 3, "oenighet": 3,
                                         "prognos": 2, "prognos_gron": 0, "saknas": 1,
                                         "motivering_saknas": 1}
    boards = ds.organisation.filter(pl.col("level") == "namnd").select("id", "name")
    per = agenda.board_counts(items, boards)
    assert per["org_id"].to_list() == ["norrby", "soderby"]
    nor = per.row(0, named=True)
    assert (nor["total"], nor["rod_gul"], nor["prognos"], nor["saknas"]) == (7, 2, 1, 0)
    assert per.row(1, named=True)["total"] == 6


@pytest.mark.parametrize("light,kind,severity", [("gron", "prognos_gron", 25),
                                                 ("gul", "prognos", 40), ("rod", "prognos", 40)])
def test_forecast_greens_are_their_own_kind(ds, light, kind, severity):
    # Norrby's T2 light of ind-las rests on a forecast; set it to each scored light
    ind = rules.indicator_lights(ds, 2022, "T2").with_columns(light=pl.when(
        (pl.col("org_id") == "norrby") & (pl.col("indicator_id") == "ind-las"))
        .then(pl.lit(light)).otherwise(pl.col("light")))
    goals = rules.goal_lights(ds, ind, 2022, "T2")
    boards = ds.organisation.filter(pl.col("level") == "namnd").select("id", "name")
    voms = (signals.goals_in_force(ds.goals, 2022)
            .filter(pl.col("level") == "verksamhetsomradesmal").select("id", "code"))
    items = agenda.agenda(goals, ind, boards, voms, vom_of_goal(ds.goals), period="T2")
    hit = items.filter((pl.col("org_id") == "norrby") & (pl.col("indicator_id") == "ind-las"))
    assert hit.select("kind", "reason", "severity").rows() == [(kind, "vilar", severity)]


@pytest.mark.parametrize("own,reason,severity", [("delvis", "gul_samstammig", 35),
                                                 ("uppfyllt", "gul", 90), ("ej", "gul", 90),
                                                 (None, "gul", 90)])
def test_agreed_yellow_ranks_after_real_deviations(ds, own, reason, severity):
    # Söderby's 1.2 light is yellow at VB 2021; only an agreeing "delvis" lowers the item
    goals = rules.goal_lights(ds, rules.indicator_lights(ds, 2021, "VB"), 2021, "VB")
    mask = (pl.col("org_id") == "soderby") & (pl.col("goal_id") == "vom12")
    goals = goals.with_columns(
        self_assessment=pl.when(mask).then(pl.lit(own, dtype=pl.String))
        .otherwise(pl.col("self_assessment")),
        gap=pl.when(mask).then(rules_periods.gap_expr(pl.lit(own, dtype=pl.String), pl.col("light")))
        .otherwise(pl.col("gap")))
    boards = ds.organisation.filter(pl.col("level") == "namnd").select("id", "name")
    voms = (signals.goals_in_force(ds.goals, 2021)
            .filter(pl.col("level") == "verksamhetsomradesmal").select("id", "code"))
    items = agenda.agenda(goals, rules.indicator_lights(ds, 2021, "VB"), boards, voms,
                          vom_of_goal(ds.goals), period="VB")
    board = items.filter((pl.col("org_id") == "soderby") & (pl.col("vom_id") == "vom12"))
    hit = board.filter(pl.col("kind") == "rod_gul")
    assert hit.select("reason", "severity").rows() == [(reason, severity)]
    # an agreed yellow comes last within its board, after every real deviation
    assert (board["kind"][-1] == "rod_gul") is (reason == "gul_samstammig")


def kf_ids(ds) -> list[str]:
    return ds.indicators.filter(pl.col("decided_by") == "kf")["id"].to_list()


def without(ds, table: str, indicator: str, **match):
    from ils.model import Dataset
    frames = ds.frames()
    keep = pl.col("indicator_id") != indicator
    for k, v in match.items():
        keep = keep | (pl.col(k) != v)
    frames[table] = frames[table].filter(keep)
    return Dataset.from_frames(frames)


@pytest.mark.parametrize("table,year,period,reason", [
    ("targets", 2022, "VB", "mal"),  # no KF target for ind-vant: every board is ej_malsatt
    ("values", 2022, "T2", "utfall"),  # no value of ind-vant anywhere in 2022
])
def test_city_wide_items_listed_once(ds, table, year, period, reason):
    d = without(ds, table, "ind-vant", year=year)
    per_board = build(d, year, period).filter(pl.col("indicator_id") == "ind-vant")
    assert per_board["org_id"].n_unique() >= 2 and set(per_board["reason"]) == {reason}
    items = build(d, year, period, city="stad", kf_indicators=kf_ids(ds))
    hit = items.filter(pl.col("indicator_id") == "ind-vant")
    assert keys(hit) == [("vom12", "stad", "saknas", reason, "ind-vant")]
    # Hela staden comes first in its VOM
    assert items.filter(pl.col("vom_id") == "vom12")["org_id"][0] == "stad"


def test_missing_outcome_of_some_boards_stays_with_them(ds):
    # T2 2022: ind-nojd lacks an outcome for Söderby and the stad, but Kultur has a forecast
    items = build(ds, 2022, "T2", city="stad", kf_indicators=kf_ids(ds))
    hit = items.filter((pl.col("indicator_id") == "ind-nojd") & (pl.col("kind") == "saknas"))
    assert sorted(hit["org_id"]) == ["soderby", "stad"]


@pytest.mark.parametrize("year,period,expected", [
    (2022, "VB", [("vom12", "stad", "motivering_saknas", "tom", None),
                  ("vom12", "stad", "rod_gul", "gul_samstammig", None)]),
    (2021, "VB", [("vom12", "stad", "rod_gul", "gul", None),
                  ("vom12", "stad", "motivering_saknas", "ingen_skattning", None)]),
])
def test_city_level_items_from_its_own_lights_and_assessment(ds, year, period, expected):
    items = build(ds, year, period, city="stad", kf_indicators=kf_ids(ds))
    assert keys(items.filter(pl.col("org_id") == "stad")) == expected
    without_city = build(ds, year, period)
    assert len(items) == len(without_city) + len(expected)


def test_a_chosen_board_keeps_the_city_items(ds):
    items = build(ds, 2021, "VB", city="stad", kf_indicators=kf_ids(ds))
    kultur = agenda.select(items, org_id="kultur", city="stad")
    assert set(kultur["org_id"]) == {"kultur", "stad"}
    assert set(agenda.select(items, org_id="kultur")["org_id"]) == {"kultur"}
