"""DOMAIN.md §3.3–3.4: the goal light (kontrollrum light) per (VOM, org) and its gap."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ils.rules import goal_lights, indicator_lights
from ils.rules_periods import RuleParams, group_members
from ils.voms import vom_of_goal
from tests.builders import EMPTY, GOALS, assess, goal, ind, make_ds, merge, tgt, val, with_lights

GOAL_SCHEMA = {
    "goal_id": pl.String, "org_id": pl.String, "year": pl.Int64, "period": pl.String,
    "light": pl.String, "score": pl.Float64, "n_green": pl.Int64, "n_yellow": pl.Int64,
    "n_red": pl.Int64, "n_missing": pl.Int64, "n_forecast": pl.Int64,
    "light_kf_only": pl.String, "self_assessment": pl.String, "gap": pl.Int64,
}

DEFAULT_PARAMS = RuleParams()  # the rules as configured by default


def goals_of(ds, period="VB", params=DEFAULT_PARAMS, year=2022):
    lights = indicator_lights(ds, year, period, params)
    return goal_lights(ds, lights, year, period, params)


def row_of(ds, goal_id="V1", org_id="N1", **kw):
    df = goals_of(ds, **kw).filter((pl.col("goal_id") == goal_id) & (pl.col("org_id") == org_id))
    assert df.height == 1, df
    return df.row(0, named=True)


def ds_of(lights, **kw):
    return make_ds(**with_lights(lights, **kw))


# --- score and thresholds -----------------------------------------------------------------------

@pytest.mark.parametrize(("lights", "score", "light"), [
    (["gron"], 1.0, "gron"),
    (["gron", "gron", "gron", "rod"], 0.75, "gron"),  # exactly the green threshold
    (["gron", "gul"], 0.75, "gron"),
    (["gron", "gron", "gul", "rod"], 0.625, "gul"),
    (["gron", "gron", "gron", "gul", "gul", "rod", "rod"], 4 / 7, "gul"),
    (["gron", "gron", "gron", "gron", "gron", "gul", "rod"], 5.5 / 7, "gron"),
    (["gron", "gron", "gron", "gul", "rod", "rod"], 3.5 / 6, "gul"),
    (["gron", "gron", "rod", "rod", "rod"], 0.4, "gul"),  # exactly the yellow threshold
    (["gron", "gul", "gul", "rod", "rod"], 0.4, "gul"),
    (["gron", "gul", "rod", "rod"], 0.375, "rod"),
    (["gul"], 0.5, "gul"),
    (["gul", "rod"], 0.25, "rod"),
    (["rod"], 0.0, "rod"),
    (["gron", "saknas", "ej_malsatt"], 1.0, "gron"),  # grey states are left out of S
    (["rod", "saknas", "saknas", "saknas"], 0.0, "rod"),
])
def test_score_and_default_thresholds(lights, score, light):
    row = row_of(ds_of(lights))
    assert row["score"] == pytest.approx(score)
    assert row["light"] == light


@pytest.mark.parametrize(("lights", "green", "yellow", "light"), [
    (["gul"], 0.5, 0.25, "gron"),  # S = 0.5 = green threshold
    (["gul", "rod"], 0.5, 0.25, "gul"),  # S = 0.25 = yellow threshold
    (["gul", "rod", "rod"], 0.5, 0.25, "rod"),
    (["gron", "rod"], 0.5, 0.5, "gron"),  # equal thresholds: no yellow band
    (["gul", "rod"], 0.5, 0.5, "rod"),
    (["rod"], 0.0, 0.0, "gron"),
    (["gron", "gron", "gron", "rod"], 0.76, 0.40, "gul"),
    (["gron", "gul", "rod", "rod"], 0.75, 0.375, "gul"),
    (["gron", "gul", "rod", "rod"], 0.75, 0.376, "rod"),
    (["gron"], 1.0, 1.0, "gron"),
    (["gron", "gul"], 1.0, 0.75, "gul"),
])
def test_configurable_thresholds_hit_boundaries(lights, green, yellow, light):
    params = RuleParams(green_threshold=green, yellow_threshold=yellow)
    assert row_of(ds_of(lights), params=params)["light"] == light


@pytest.mark.parametrize("lights", [["saknas"], ["ej_malsatt"], ["saknas", "ej_malsatt"]])
def test_nothing_scored_is_saknas(lights):
    row = row_of(ds_of(lights))
    assert (row["light"], row["score"], row["gap"]) == ("saknas", None, None)


@pytest.mark.parametrize(("lights", "counts"), [
    (["gron", "gron", "gul", "rod", "saknas", "ej_malsatt"], (2, 1, 1, 1)),
    (["ej_malsatt", "ej_malsatt"], (0, 0, 0, 0)),  # counted neither in S nor in the counts
    (["saknas", "saknas", "saknas"], (0, 0, 0, 3)),
    (["rod", "rod"], (0, 0, 2, 0)),
])
def test_counts(lights, counts):
    row = row_of(ds_of(lights))
    assert (row["n_green"], row["n_yellow"], row["n_red"], row["n_missing"]) == counts


@pytest.mark.parametrize(("period", "forecast", "n_forecast", "light"), [
    ("T1", True, 3, "gul"),  # gron, gul, rod on forecasts; saknas and ej_malsatt not counted
    ("T2", True, 3, "gul"),
    ("VB", True, 0, "saknas"),  # at VB forecasts are no basis: all missing
    ("T2", False, 0, "gul"),
])
def test_n_forecast(period, forecast, n_forecast, light):
    ds = ds_of(["gron", "gul", "rod", "saknas", "ej_malsatt"], period=period, forecast=forecast)
    row = row_of(ds, period=period)
    assert (row["n_forecast"], row["light"]) == (n_forecast, light)
    if period == "VB":
        assert row["n_missing"] == 4


# --- light_kf_only ------------------------------------------------------------------------------

@pytest.mark.parametrize(("kf", "own", "light", "kf_only"), [
    (["gron"], ["rod", "rod"], "rod", "gron"),  # own indicators pull the light down
    (["rod", "rod"], ["gron", "gron", "gron", "gron", "gron", "gron"], "gron", "rod"),
    (["gron", "gul"], [], "gron", "gron"),
    ([], ["gron"], "gron", "saknas"),  # no KF indicator at all
    (["saknas"], ["gron"], "gron", "saknas"),
])
def test_light_kf_only_ignores_own_indicators(kf, own, light, kf_only):
    ds = make_ds(**merge(with_lights(kf, decided_by="kf", prefix="K"),
                         with_lights(own, decided_by="namnd", prefix="O")))
    row = row_of(ds)
    assert (row["light"], row["light_kf_only"]) == (light, kf_only)


# --- roll-up below the VOM ----------------------------------------------------------------------

ROLLUP_GOALS = [*GOALS, goal("NM1", "namndmal", parent="V1", org="N1"),
                goal("EM1", "enhetsmal", parent="NM1", org="E1"),
                goal("NM2", "namndmal", parent="V2", org="N1"),
                goal("NMold", "namndmal", parent="V1", org="N1", year_to=2021)]


@pytest.mark.parametrize(("goal_id", "vom", "counted"), [
    ("V1", "V1", True), ("NM1", "V1", True), ("EM1", "V1", True), ("NM2", "V2", True),
    ("NMold", "V1", False),  # a nämndmål out of force takes its indicators with it
    ("IM1", None, False),  # an indicator on an inriktningsmål belongs to no VOM
])
def test_indicators_below_a_vom_roll_up_to_it(goal_id, vom, counted):
    ds = make_ds(goals=ROLLUP_GOALS, **merge(with_lights(["gron"], goal="V1", prefix="A"),
                                             with_lights(["rod"], goal=goal_id, prefix="B")))
    rows = goals_of(ds)
    v1 = rows.filter(pl.col("goal_id") == "V1").row(0, named=True)
    assert (v1["n_green"], v1["n_red"]) == (1, 1 if (counted and vom == "V1") else 0)
    if vom == "V2":
        assert rows.filter(pl.col("goal_id") == "V2")["n_red"].to_list() == [1]
    else:
        assert "V2" not in rows["goal_id"].to_list()


def test_vom_of_goal_maps_every_level_below():
    mapping = dict(vom_of_goal(make_ds(goals=ROLLUP_GOALS).goals).iter_rows())
    assert mapping == {"V1": "V1", "V2": "V2", "NM1": "V1", "EM1": "V1", "NM2": "V2",
                       "NMold": "V1"}


def test_unit_indicator_rolls_up_for_the_unit_not_the_board():
    ds = make_ds(goals=ROLLUP_GOALS, **with_lights(["rod"], org="E1", goal="EM1",
                                                   decided_by="enhet"))
    rows = goals_of(ds)
    assert rows.select("goal_id", "org_id", "light").rows() == [("V1", "E1", "rod")]


def test_vom_out_of_force_has_no_row():
    goals = [GOALS[0], goal("V1", year_to=2021)]
    ds = make_ds(goals=goals, **with_lights(["gron"]),
                 assessments=[assess("V1", "N1", "uppfyllt")])
    assert goals_of(ds).is_empty()


# --- self-assessment and gap --------------------------------------------------------------------

@pytest.mark.parametrize(("assessment", "lights", "gap"), [
    ("uppfyllt", ["gron"], 0), ("uppfyllt", ["gul"], 1), ("uppfyllt", ["rod"], 2),
    ("delvis", ["gron"], -1), ("delvis", ["gul"], 0), ("delvis", ["rod"], 1),
    ("ej", ["gron"], -2), ("ej", ["gul"], -1), ("ej", ["rod"], 0),
    ("uppfyllt", ["saknas"], None), ("ej", ["ej_malsatt"], None),  # grey light: no gap
    ("uppfyllt", ["gron", "gron", "gron", "rod"], 0),
])
def test_gap(assessment, lights, gap):
    ds = make_ds(**with_lights(lights), assessments=[assess("V1", "N1", assessment)])
    row = row_of(ds)
    assert (row["self_assessment"], row["gap"]) == (assessment, gap)


def test_self_assessment_without_counting_indicator_still_yields_a_row():
    ds = make_ds(assessments=[assess("V1", "N2", "uppfyllt"), assess("V2", "N2", "ej")])
    got = goals_of(ds)
    expected = pl.DataFrame({
        "goal_id": ["V1", "V2"], "org_id": ["N2", "N2"], "year": [2022, 2022],
        "period": ["VB", "VB"], "light": ["saknas", "saknas"], "score": [None, None],
        "n_green": [0, 0], "n_yellow": [0, 0], "n_red": [0, 0], "n_missing": [0, 0],
        "n_forecast": [0, 0], "light_kf_only": ["saknas", "saknas"],
        "self_assessment": ["uppfyllt", "ej"], "gap": [None, None],
    }, schema=GOAL_SCHEMA)
    assert_frame_equal(got, expected)


@pytest.mark.parametrize("other", [
    assess("V1", "N1", "ej", period="T2"), assess("V1", "N1", "ej", year=2021),
    assess("NM1", "N1", "ej"),  # only VOM assessments are compared with the VOM light
])
def test_assessment_of_another_period_year_or_goal_is_ignored(other):
    ds = make_ds(goals=ROLLUP_GOALS, **with_lights(["gron"]), assessments=[other])
    rows = goals_of(ds)
    assert rows.select("goal_id", "org_id", "self_assessment").rows() == [("V1", "N1", None)]


def test_custom_tolerance_flows_into_the_goal_light():
    ds = make_ds(**with_lights(["rod"]))  # value 0 against target 80
    assert row_of(ds)["light"] == "rod"
    assert row_of(ds, params=RuleParams(tolerance=1.0))["light"] == "gul"


# --- shape --------------------------------------------------------------------------------------

def test_one_row_per_vom_and_org_sorted():
    ds = make_ds(**merge(with_lights(["gron", "rod"], org="N2", prefix="A"),
                         with_lights(["gul"], org="N1", goal="V2", prefix="B"),
                         with_lights(["gron"], org="N1", prefix="C")),
                 assessments=[assess("V2", "F1", "delvis"), assess("V1", "N1", "uppfyllt")])
    got = goals_of(ds).select("goal_id", "org_id", "light", "gap")
    assert got.rows() == [("V1", "N1", "gron", 0), ("V1", "N2", "gul", None),
                          ("V2", "F1", "saknas", None), ("V2", "N1", "gul", None)]


def test_duplicate_assessment_rows_do_not_multiply():
    a = assess("V1", "N1", "uppfyllt")
    ds1 = make_ds(**with_lights(["gul"]), assessments=[a])
    ds2 = make_ds(**with_lights(["gul"]), assessments=[a, a])
    assert_frame_equal(goals_of(ds2), goals_of(ds1))


@pytest.mark.parametrize("ds", [EMPTY, make_ds(), make_ds(**with_lights(["gron"]))])
@pytest.mark.parametrize("period", ["T1", "VB"])
def test_typed_frame_even_when_empty(ds, period):
    got = goal_lights(ds, indicator_lights(EMPTY, 2022, period), 2022, period)
    assert got.is_empty()
    assert got.schema == pl.Schema(GOAL_SCHEMA)
    assert goals_of(ds, period=period).schema == pl.Schema(GOAL_SCHEMA)


def test_kf_indicator_counts_for_every_board_of_its_group():
    ds = make_ds(indicators=[ind("I1", decided_by="kf", applies_to="facknamnder")],
                 targets=[tgt("I1", "S", 80.0)], values=[val("I1", "F1", 90.0)])
    got = goals_of(ds).select("org_id", "light", "n_green", "n_missing")
    assert got.rows() == [("F1", "gron", 1, 0), ("S", "saknas", 0, 1)]


def test_helpers_on_empty_frames_are_typed():
    assert vom_of_goal(EMPTY.goals).schema == pl.Schema({"goal_id": pl.String,
                                                         "vom_id": pl.String})
    assert group_members(EMPTY.organisation).schema == pl.Schema({"group": pl.String,
                                                                  "org_id": pl.String})
