"""DOMAIN.md §3.3 (inriktningsmål), §3.4 (gap, reported vs light), §3.5 (forecast
reliability) and the settings that configure the rules."""

from __future__ import annotations

import math

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ils.config import SETTINGS, SettingError, rule_params
from ils.forecasts import board_summary
from ils.rules import (
    forecast_reliability,
    gap_label,
    goal_lights,
    indicator_lights,
    inriktningsmal_lights,
    reported_against_light,
)
from ils.rules_periods import DEFAULT_PARAMS, RuleParams, gap_expr
from tests.builders import EMPTY, GOALS, goal, ind, make_ds, merge, tgt, val, with_lights

# --- gap ----------------------------------------------------------------------------------------

RANKS = {"ej": 0, "delvis": 1, "uppfyllt": 2}
LIGHT_RANKS = {"rod": 0, "gul": 1, "gron": 2, "saknas": None, "ej_malsatt": None, None: None}


@pytest.mark.parametrize("assessment", [*RANKS, None])
@pytest.mark.parametrize("light", list(LIGHT_RANKS))
def test_gap_expr_every_combination(assessment, light):
    df = pl.DataFrame({"a": [assessment], "l": [light]}, schema={"a": pl.String, "l": pl.String})
    got = df.select(gap=gap_expr(pl.col("a"), pl.col("l")))
    a, lt = RANKS.get(assessment), LIGHT_RANKS[light]
    expected = None if a is None or lt is None else a - lt
    assert got.schema == pl.Schema({"gap": pl.Int64})
    assert got["gap"].to_list() == [expected]


@pytest.mark.parametrize(("gap", "label"), [
    (2, "positivare"), (1, "positivare"), (0, "samstammig"), (-1, "negativare"),
    (-2, "negativare"), (None, None),
])
def test_gap_label(gap, label):
    df = pl.DataFrame({"g": [gap]}, schema={"g": pl.Int64})
    assert df.select(label=gap_label(pl.col("g")))["label"].to_list() == [label]


# --- reported vs light --------------------------------------------------------------------------

def reported_row(period, outcome, forecast, reported, target=80.0):
    targets = [] if target is None else [tgt("I1", "N1", target)]
    ds = make_ds(indicators=[ind("I1", decided_by="namnd", org="N1")], targets=targets,
                 values=[val("I1", "N1", outcome, forecast, period=period, reported=reported)])
    return reported_against_light(indicator_lights(ds, 2022, period))


@pytest.mark.parametrize(("period", "outcome", "forecast", "reported", "light", "gap", "without"), [
    ("T2", None, 90.0, "uppfyllt", "gron", 0, True),  # fulfilled on a forecast only
    ("T1", None, 10.0, "uppfyllt", "rod", 2, True),
    ("T2", None, None, "uppfyllt", "saknas", None, True),  # nothing at all
    ("VB", None, 90.0, "uppfyllt", "saknas", None, True),  # a VB forecast is no outcome
    ("VB", 90.0, None, "uppfyllt", "gron", 0, False),
    ("T2", 75.0, 90.0, "uppfyllt", "gul", 1, False),
    ("T2", None, 90.0, "delvis", "gron", -1, False),  # only "uppfyllt" is flagged
    ("VB", 10.0, None, "ej", "rod", 0, False),
    ("VB", None, None, "ej", "saknas", None, False),
])
def test_reported_against_light(period, outcome, forecast, reported, light, gap, without):
    got = reported_row(period, outcome, forecast, reported)
    assert got.select("light", "reported", "gap", "fulfilled_without_outcome").rows() == [
        (light, reported, gap, without)]


def test_reported_fulfilled_with_outcome_but_no_target():
    got = reported_row("VB", 90.0, None, "uppfyllt", target=None)
    assert got.select("light", "gap", "fulfilled_without_outcome").rows() == [
        ("ej_malsatt", None, False)]


def test_only_rows_with_a_reported_status():
    assert reported_row("VB", 90.0, None, None).is_empty()
    got = reported_against_light(indicator_lights(EMPTY, 2022, "VB"))
    assert got.schema["gap"] == pl.Int64
    assert got.schema["fulfilled_without_outcome"] == pl.Boolean


# --- forecast reliability -----------------------------------------------------------------------

def reliability_ds(year=2022):
    """N1: I0 T2 forecast green → VB red; I1 T2 outcome green → VB green; I2 T2 forecast
    green → VB yellow; I3 T2 yellow → VB red; I4 T2 green → VB missing. N2: I0 T2 outcome
    green → VB red."""
    inds = [ind(f"I{n}", decided_by="namnd", org="N1") for n in range(5)]
    targets = [tgt(f"I{n}", "N1", 80.0, year=year) for n in range(5)] + [
        tgt("I0", "N2", 80.0, year=year)]
    values = [
        val("I0", "N1", None, 90.0, "T2", year), val("I0", "N1", 10.0, None, "VB", year),
        val("I1", "N1", 85.0, 10.0, "T2", year), val("I1", "N1", 81.0, None, "VB", year),
        val("I2", "N1", None, 99.0, "T2", year), val("I2", "N1", 75.0, None, "VB", year),
        val("I3", "N1", 75.0, None, "T2", year), val("I3", "N1", 0.0, None, "VB", year),
        val("I4", "N1", 90.0, None, "T2", year),
        val("I0", "N2", 95.0, None, "T2", year), val("I0", "N2", 50.0, None, "VB", year),
    ]
    return make_ds(indicators=inds, targets=targets, values=values)


def reliability(ds, year=2022):
    return forecast_reliability(indicator_lights(ds, year, "T2"),
                                indicator_lights(ds, year, "VB"))


def test_forecast_reliability_pairs():
    got = reliability(reliability_ds()).select(
        "indicator_id", "org_id", "light_t2", "basis_t2", "light_vb", "green_failed").rows()
    assert got == [
        ("I0", "N1", "gron", "prognos", "rod", True),
        ("I0", "N2", "gron", "utfall", "rod", True),
        ("I1", "N1", "gron", "utfall", "gron", False),
        ("I2", "N1", "gron", "prognos", "gul", True),
        ("I3", "N1", "gul", "utfall", "rod", False),  # not green at T2: not in the measure
        ("I4", "N1", "gron", "utfall", "saknas", False),
    ]


def forecast_reliability_summary(pairs: pl.DataFrame) -> pl.DataFrame:
    """The §3.5 summary (ils.forecasts.board_summary, the one the app shows) of the orgs
    with T2 greens, in the columns checked here."""
    return (board_summary(pairs).filter(pl.col("n_green_t2") > 0)
            .select("org_id", "year", "n_green_t2", "n_failed", "n_failed_forecast", "share_failed"))


def test_forecast_reliability_summary():
    got = forecast_reliability_summary(reliability(reliability_ds()))
    expected = pl.DataFrame({
        "org_id": ["N1", "N2"], "year": [2022, 2022], "n_green_t2": [4, 1],
        "n_failed": [2, 1], "n_failed_forecast": [2, 0], "share_failed": [0.5, 1.0],
    }, schema={"org_id": pl.String, "year": pl.Int64, "n_green_t2": pl.Int64,
               "n_failed": pl.Int64, "n_failed_forecast": pl.Int64, "share_failed": pl.Float64})
    assert_frame_equal(got, expected)


def test_forecast_reliability_over_several_years_pairs_within_a_year():
    # Bug fixed: the T2/VB join ignored the year, so stacked years were crossed.
    ds21, ds22 = reliability_ds(2021), reliability_ds(2022)
    ds = make_ds(indicators=ds22.indicators.to_dicts(),
                 targets=[*ds21.targets.to_dicts(), *ds22.targets.to_dicts()],
                 values=[*ds21.values.to_dicts(), *ds22.values.to_dicts()])
    both = forecast_reliability(
        pl.concat([indicator_lights(ds, y, "T2") for y in (2021, 2022)]),
        pl.concat([indicator_lights(ds, y, "VB") for y in (2021, 2022)]))
    assert both.height == 2 * reliability(ds22).height
    summary = forecast_reliability_summary(both)
    assert summary.select("org_id", "year", "n_failed").rows() == [
        ("N1", 2021, 2), ("N1", 2022, 2), ("N2", 2021, 1), ("N2", 2022, 1)]


def test_forecast_reliability_empty_is_typed():
    pairs = reliability(EMPTY)
    assert pairs.is_empty() and pairs.schema["green_failed"] == pl.Boolean
    summary = forecast_reliability_summary(pairs)
    assert summary.schema == pl.Schema({
        "org_id": pl.String, "year": pl.Int64, "n_green_t2": pl.Int64, "n_failed": pl.Int64,
        "n_failed_forecast": pl.Int64, "share_failed": pl.Float64})


# --- inriktningsmål -----------------------------------------------------------------------------

IM_GOALS = [*GOALS, goal("V3"), goal("IM2", "inriktningsmal", parent=None),
            goal("V4", parent="IM2")]


def im_lights(vom_lights: dict[str, list[str]], params=DEFAULT_PARAMS, goals=IM_GOALS):
    """N1 gets, per VOM, one indicator per light listed; returns the inriktningsmål lights."""
    parts = [with_lights(lights, goal=vom, prefix=f"{vom}_") for vom, lights in vom_lights.items()]
    ds = make_ds(goals=goals, **merge(*parts))
    voms = goal_lights(ds, indicator_lights(ds, 2022, "VB"), 2022, "VB", params)
    return inriktningsmal_lights(ds, voms, params)


@pytest.mark.parametrize(("voms", "score", "light", "counts"), [
    ({"V1": ["gron"], "V2": ["gul"]}, 0.75, "gron", (1, 1, 0, 0)),
    ({"V1": ["gron"], "V2": ["rod"], "V3": ["rod"]}, 1 / 3, "rod", (1, 0, 2, 0)),
    ({"V1": ["gron"], "V2": ["rod"]}, 0.5, "gul", (1, 0, 1, 0)),
    ({"V1": ["gron"], "V2": ["saknas"]}, 1.0, "gron", (1, 0, 0, 1)),  # VOM saknas left out
    ({"V1": ["saknas"], "V2": ["ej_malsatt"]}, None, "saknas", (0, 0, 0, 2)),
    ({"V1": ["gron", "rod", "rod"], "V2": ["gron"]}, 0.5, "gul", (1, 0, 1, 0)),
])
def test_inriktningsmal_light_scores_its_vom_lights(voms, score, light, counts):
    rows = im_lights(voms)
    assert rows.select("goal_id", "org_id").rows() == [("IM1", "N1")]
    row = rows.row(0, named=True)
    assert row["score"] == (None if score is None else pytest.approx(score))
    assert row["light"] == light
    assert (row["n_green"], row["n_yellow"], row["n_red"], row["n_missing"]) == counts


def test_inriktningsmal_thresholds_are_parameters():
    params = RuleParams(green_threshold=0.5, yellow_threshold=0.5)
    assert im_lights({"V1": ["gron"], "V2": ["rod"]}, params)["light"].to_list() == ["gron"]
    params = RuleParams(green_threshold=0.9, yellow_threshold=0.6)
    assert im_lights({"V1": ["gron"], "V2": ["rod"]}, params)["light"].to_list() == ["rod"]


def test_each_inriktningsmal_gets_its_own_voms():
    rows = im_lights({"V1": ["gron"], "V4": ["rod"]})
    assert rows.select("goal_id", "light").rows() == [("IM1", "gron"), ("IM2", "rod")]


def test_vom_without_inriktningsmal_gives_no_row():
    # Bug fixed: a VOM with no parent produced a row with goal_id null.
    goals = [*IM_GOALS, goal("V9", parent=None)]
    rows = im_lights({"V1": ["gron"], "V9": ["rod"]}, goals=goals)
    assert rows.select("goal_id", "light").rows() == [("IM1", "gron")]


def test_inriktningsmal_empty_is_typed():
    voms = goal_lights(EMPTY, indicator_lights(EMPTY, 2022, "VB"), 2022, "VB")
    got = inriktningsmal_lights(EMPTY, voms)
    assert got.is_empty()
    assert got.schema == pl.Schema({
        "goal_id": pl.String, "org_id": pl.String, "light": pl.String, "score": pl.Float64,
        "n_green": pl.Int64, "n_yellow": pl.Int64, "n_red": pl.Int64, "n_missing": pl.Int64})


# --- settings -----------------------------------------------------------------------------------

def test_defaults_match_domain():
    assert rule_params({}) == RuleParams() == RuleParams(0.10, 0.75, 0.40)


@pytest.mark.parametrize(("env", "expected"), [
    ({"KONTROLLRUM_TOLERANCE": "0.2"}, RuleParams(tolerance=0.2)),
    ({"KONTROLLRUM_TOLERANCE": "0,05"}, RuleParams(tolerance=0.05)),  # decimal comma
    ({"KONTROLLRUM_TOLERANCE": " 0 "}, RuleParams(tolerance=0.0)),
    ({"KONTROLLRUM_GREEN_THRESHOLD": "0,8", "KONTROLLRUM_YELLOW_THRESHOLD": "0.5"},
     RuleParams(green_threshold=0.8, yellow_threshold=0.5)),
    ({"KONTROLLRUM_GREEN_THRESHOLD": "1", "KONTROLLRUM_YELLOW_THRESHOLD": "1"},
     RuleParams(green_threshold=1.0, yellow_threshold=1.0)),
    ({"KONTROLLRUM_GREEN_THRESHOLD": "0", "KONTROLLRUM_YELLOW_THRESHOLD": "0"},
     RuleParams(green_threshold=0.0, yellow_threshold=0.0)),
    ({"KONTROLLRUM_DB": "sqlite:///x.db", "OTHER": "x"}, RuleParams()),
])
def test_rule_params_from_env(env, expected):
    assert rule_params(env) == expected


@pytest.mark.parametrize(("env", "name"), [
    ({"KONTROLLRUM_TOLERANCE": "tio"}, "KONTROLLRUM_TOLERANCE"),
    ({"KONTROLLRUM_TOLERANCE": ""}, "KONTROLLRUM_TOLERANCE"),
    ({"KONTROLLRUM_TOLERANCE": "1,000.5"}, "KONTROLLRUM_TOLERANCE"),
    ({"KONTROLLRUM_GREEN_THRESHOLD": "75%"}, "KONTROLLRUM_GREEN_THRESHOLD"),
    ({"KONTROLLRUM_YELLOW_THRESHOLD": "0..4"}, "KONTROLLRUM_YELLOW_THRESHOLD"),
])
def test_bad_numbers_raise_setting_error_naming_the_variable(env, name):
    with pytest.raises(SettingError, match=name):
        rule_params(env)


@pytest.mark.parametrize("env", [
    {"KONTROLLRUM_TOLERANCE": "-0.1"},
    {"KONTROLLRUM_GREEN_THRESHOLD": "0.3"},  # below the default yellow 0.40
    {"KONTROLLRUM_GREEN_THRESHOLD": "1.5"},
    {"KONTROLLRUM_YELLOW_THRESHOLD": "-0.1"},
    {"KONTROLLRUM_GREEN_THRESHOLD": "0.5", "KONTROLLRUM_YELLOW_THRESHOLD": "0.6"},
    {"KONTROLLRUM_TOLERANCE": "nan"}, {"KONTROLLRUM_TOLERANCE": "inf"},
    {"KONTROLLRUM_GREEN_THRESHOLD": "nan"}, {"KONTROLLRUM_YELLOW_THRESHOLD": "nan"},
])
def test_invalid_parameters_are_rejected(env):
    with pytest.raises(SettingError):
        rule_params(env)


@pytest.mark.parametrize("kwargs", [
    {"tolerance": -0.01}, {"tolerance": math.inf}, {"tolerance": math.nan},
    {"green_threshold": 1.01}, {"yellow_threshold": -0.01},
    {"green_threshold": 0.3, "yellow_threshold": 0.4}, {"green_threshold": math.nan},
])
def test_rule_params_validate_themselves(kwargs):
    with pytest.raises(ValueError):
        RuleParams(**kwargs)


def test_settings_declared_once_with_parseable_defaults():
    names = [s.env for s in SETTINGS]
    assert len(names) == len(set(names))
    assert all(n.startswith("KONTROLLRUM_") and s.help for n, s in zip(names, SETTINGS, strict=False))
    assert rule_params({s.env: s.default for s in SETTINGS}) == RuleParams()
    assert issubclass(SettingError, ValueError)
