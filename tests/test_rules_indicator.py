"""DOMAIN.md §3.1–3.2: which indicators count for an org, and each indicator's light.

Pure tests: tiny Datasets from `tests.builders`, no database, no Dash.
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ils.rules import counting_indicators, indicator_lights
from ils.rules_periods import RuleParams, org_roots
from tests.builders import CITY, EMPTY, goal, ind, make_ds, org, tgt, val

LIGHT_SCHEMA = {
    "indicator_id": pl.String, "org_id": pl.String, "year": pl.Int64, "period": pl.String,
    "goal_id": pl.String, "decided_by": pl.String, "light": pl.String, "basis": pl.String,
    "value": pl.Float64, "target": pl.Float64, "yellow_limit": pl.Float64,
    "reported": pl.String,
}

DEFAULT_PARAMS = RuleParams()  # the rules as configured by default


def light_row(ds, indicator="I1", org_id="N1", period="VB", year=2022, params=DEFAULT_PARAMS):
    df = indicator_lights(ds, year, period, params).filter(
        (pl.col("indicator_id") == indicator) & (pl.col("org_id") == org_id))
    assert df.height == 1, df
    return df.row(0, named=True)


def one(direction="hogre", target=80.0, yellow=None, outcome=None, forecast=None,
        period="VB", decided_by="namnd"):
    """N1 with its own target row for one indicator I1 and one value row."""
    return make_ds(indicators=[ind("I1", direction=direction, decided_by=decided_by, org="N1")],
                   targets=[tgt("I1", "N1", target, yellow)],
                   values=[val("I1", "N1", outcome, forecast, period=period)])


# --- 3.2 thresholds ---------------------------------------------------------------------------

@pytest.mark.parametrize(("value", "light"), [
    (1000.0, "gron"), (80.0001, "gron"), (80.0, "gron"),  # equal to target → green
    (79.9999, "gul"), (72.0001, "gul"), (72.0, "gul"),  # equal to yellow limit → yellow
    (71.9999, "rod"), (0.0, "rod"), (-5.0, "rod"),
])
def test_higher_is_better_boundaries(value, light):
    row = light_row(one("hogre", 80.0, outcome=value))
    assert (row["light"], row["target"], row["yellow_limit"]) == (light, 80.0, 72.0)


@pytest.mark.parametrize(("value", "light"), [
    (0.0, "gron"), (19.9999, "gron"), (20.0, "gron"),
    (20.0001, "gul"), (21.9999, "gul"), (22.0, "gul"),
    (22.0001, "rod"), (100.0, "rod"),
])
def test_lower_is_better_mirror(value, light):
    row = light_row(one("lagre", 20.0, outcome=value))
    assert (row["light"], row["target"], row["yellow_limit"]) == (light, 20.0, 22.0)


@pytest.mark.parametrize(("direction", "value", "light"), [
    ("hogre", 0.0, "gron"), ("hogre", 0.001, "gron"), ("hogre", -0.001, "rod"),
    ("lagre", 0.0, "gron"), ("lagre", -0.001, "gron"), ("lagre", 0.001, "rod"),
])
def test_zero_target_has_no_yellow_band(direction, value, light):
    row = light_row(one(direction, 0.0, outcome=value))
    assert row["yellow_limit"] == 0.0
    assert row["light"] == light


@pytest.mark.parametrize(("direction", "yellow", "value", "light"), [
    ("hogre", -11.0, -10.0, "gron"), ("hogre", -11.0, -9.0, "gron"),
    ("hogre", -11.0, -10.5, "gul"), ("hogre", -11.0, -11.0, "gul"),
    ("hogre", -11.0, -11.01, "rod"),
    ("lagre", -9.0, -10.0, "gron"), ("lagre", -9.0, -12.0, "gron"),
    ("lagre", -9.0, -9.5, "gul"), ("lagre", -9.0, -9.0, "gul"), ("lagre", -9.0, -8.99, "rod"),
])
def test_negative_target_uses_absolute_value_in_tolerance(direction, yellow, value, light):
    row = light_row(one(direction, -10.0, outcome=value))
    assert row["yellow_limit"] == pytest.approx(yellow)
    assert row["light"] == light


@pytest.mark.parametrize(("direction", "yellow", "value", "light"), [
    ("hogre", 50.0, 50.0, "gul"), ("hogre", 50.0, 49.99, "rod"), ("hogre", 50.0, 71.0, "gul"),
    ("hogre", 80.0, 79.99, "rod"),  # yellow limit = target: no yellow band
    ("lagre", 90.0, 90.0, "gul"), ("lagre", 90.0, 90.01, "rod"),
])
def test_explicit_yellow_limit_replaces_tolerance(direction, yellow, value, light):
    row = light_row(one(direction, 80.0, yellow=yellow, outcome=value))
    assert (row["yellow_limit"], row["light"]) == (yellow, light)


@pytest.mark.parametrize(("tolerance", "value", "light"), [
    (0.25, 60.0, "gul"), (0.25, 59.99, "rod"), (0.0, 79.99, "rod"), (0.0, 80.0, "gron"),
    (1.0, 0.0, "gul"), (1.0, -0.01, "rod"),
])
def test_tolerance_is_a_parameter(tolerance, value, light):
    row = light_row(one("hogre", 80.0, outcome=value), params=RuleParams(tolerance=tolerance))
    assert row["light"] == light
    assert row["yellow_limit"] == pytest.approx(80.0 * (1 - tolerance))


def _decimal_limits():
    cases = []
    for target in ("1.1", "0.7", "0.3", "79.5", "12.34", "-0.7", "1234567.89"):
        for tol in ("0.1", "0.05", "0.15", "0.25"):
            t, d = Decimal(target), Decimal(tol)
            cases.append(("hogre", float(t), float(tol), float(t - d * abs(t))))
            cases.append(("lagre", float(t), float(tol), float(t + d * abs(t))))
    return cases


@pytest.mark.parametrize(("direction", "target", "tolerance", "limit"), _decimal_limits())
def test_value_equal_to_computed_yellow_limit_in_decimals_is_yellow(direction, target,
                                                                    tolerance, limit):
    # Bug fixed: 1.1 − 0.1·1.1 = 0.9900000000000001 in binary made a value of 0.99 red.
    row = light_row(one(direction, target, outcome=limit), params=RuleParams(tolerance=tolerance))
    assert row["yellow_limit"] == limit
    assert row["light"] == "gul"


# --- 3.2 basis value ----------------------------------------------------------------------------

@pytest.mark.parametrize(("period", "outcome", "forecast", "light", "basis", "value"), [
    ("T1", None, 85.0, "gron", "prognos", 85.0),
    ("T2", None, 85.0, "gron", "prognos", 85.0),
    ("VB", None, 85.0, "saknas", None, None),  # a forecast never counts at VB
    ("T1", 70.0, 90.0, "rod", "utfall", 70.0),  # outcome preferred over forecast
    ("T2", 70.0, 90.0, "rod", "utfall", 70.0),
    ("VB", 70.0, 90.0, "rod", "utfall", 70.0),
    ("T2", 90.0, 10.0, "gron", "utfall", 90.0),
    ("T1", None, None, "saknas", None, None),
    ("T2", None, None, "saknas", None, None),
    ("VB", None, None, "saknas", None, None),
])
def test_basis_value(period, outcome, forecast, light, basis, value):
    row = light_row(one(outcome=outcome, forecast=forecast, period=period), period=period)
    assert (row["light"], row["basis"], row["value"]) == (light, basis, value)


def test_value_row_of_another_period_counts_but_is_missing():
    ds = one(outcome=90.0, period="VB")
    row = light_row(ds, period="T1")
    assert (row["light"], row["basis"], row["value"], row["target"]) == ("saknas", None, None, 80.0)


def test_reported_status_is_carried():
    ds = make_ds(indicators=[ind("I1", decided_by="namnd", org="N1")],
                 targets=[tgt("I1", "N1", 80.0)],
                 values=[val("I1", "N1", 50.0, reported="uppfyllt")])
    assert light_row(ds)["reported"] == "uppfyllt"


# --- 3.2 target: own row, KF fallback, none -------------------------------------------------------

def kf_ds(own_target=None, own_yellow=None, kf_yellow=None, org_id="N1", extra_orgs=()):
    targets = [tgt("I1", "S", 80.0, kf_yellow)]
    if own_target is not None:
        targets.append(tgt("I1", org_id, own_target, own_yellow))
    return make_ds(orgs=[*CITY, *extra_orgs],
                   indicators=[ind("I1", decided_by="kf", applies_to="alla")],
                   targets=targets, values=[val("I1", org_id, 75.0)])


@pytest.mark.parametrize(("own_target", "own_yellow", "kf_yellow", "target", "yellow", "light"), [
    (None, None, None, 80.0, 72.0, "gul"),  # KF target, computed limit
    (None, None, 76.0, 80.0, 76.0, "rod"),  # KF target and the KF row's yellow limit
    (90.0, None, None, 90.0, 81.0, "rod"),  # own target overrides KF
    (90.0, None, 70.0, 90.0, 81.0, "rod"),  # own target: computed limit, never the KF one
    (90.0, 74.0, 70.0, 90.0, 74.0, "gul"),  # own target with its own limit
    (70.0, None, 76.0, 70.0, 63.0, "gron"),
])
def test_kf_fallback_and_own_override(own_target, own_yellow, kf_yellow, target, yellow, light):
    row = light_row(kf_ds(own_target, own_yellow, kf_yellow))
    assert (row["target"], row["yellow_limit"], row["light"]) == (target, yellow, light)


def test_kf_target_reaches_units_deep_in_the_tree():
    chain = [org(f"D{i}", "avdelning", parent="N1" if i == 0 else f"D{i - 1}") for i in range(12)]
    unit = org("E9", "enhet", parent="D11")
    row = light_row(kf_ds(org_id="E9", extra_orgs=[*chain, unit]), org_id="E9")
    assert (row["target"], row["yellow_limit"], row["light"]) == (80.0, 72.0, "gul")


@pytest.mark.parametrize("decided_by", ["namnd", "enhet"])
def test_no_kf_fallback_for_indicators_not_decided_by_kf(decided_by):
    ds = make_ds(indicators=[ind("I1", decided_by=decided_by, org="N1", applies_to="alla")],
                 targets=[tgt("I1", "S", 80.0)], values=[val("I1", "N1", 90.0)])
    row = light_row(ds)
    assert (row["light"], row["target"], row["yellow_limit"]) == ("ej_malsatt", None, None)
    assert (row["basis"], row["value"]) == ("utfall", 90.0)  # the value is still shown


def test_no_target_anywhere_is_ej_malsatt():
    ds = make_ds(indicators=[ind("I1", decided_by="kf", applies_to="alla")],
                 values=[val("I1", "N1", 90.0)])
    lights = indicator_lights(ds, 2022, "VB")
    assert set(lights["light"]) == {"ej_malsatt"}
    assert set(lights["org_id"]) == {"N1", "N2", "F1", "B1"}


def test_target_of_another_year_is_not_used():
    ds = make_ds(indicators=[ind("I1", decided_by="kf", applies_to="alla")],
                 targets=[tgt("I1", "S", 80.0, year=2021)], values=[val("I1", "N1", 90.0)])
    assert light_row(ds)["light"] == "ej_malsatt"


def test_orphan_board_uses_the_only_stad_org():
    # A board without a parent (root not a stad) still gets the KF target of the city.
    ds = kf_ds(org_id="X1", extra_orgs=[org("X1", parent=None, kind="stadsdelsnamnd")])
    row = light_row(ds, org_id="X1")
    assert (row["target"], row["light"]) == (80.0, "gul")


def test_orphan_board_among_several_cities_has_no_kf_target_and_no_group():
    orgs = [*CITY, org("T", "stad", parent=None), org("X1", parent=None, kind="stadsdelsnamnd")]
    inds = [ind("I1", decided_by="kf", applies_to="alla")]
    assert "X1" not in set(counting_indicators(make_ds(orgs=orgs, indicators=inds), 2022)["org_id"])
    ds = make_ds(orgs=orgs, indicators=inds, targets=[tgt("I1", "S", 80.0)],
                 values=[val("I1", "X1", 75.0)])
    assert light_row(ds, org_id="X1")["light"] == "ej_malsatt"  # counts by its value row only


def test_each_city_uses_its_own_kf_target_and_group():
    other = [org("T", "stad", parent=None), org("M1", parent="T", kind="stadsdelsnamnd")]
    ds = make_ds(orgs=[*CITY, *other],
                 indicators=[ind("I1", decided_by="kf", applies_to="stadsdelsnamnder"),
                             ind("J1", decided_by="kf", org="T", applies_to="stadsdelsnamnder")],
                 targets=[tgt("I1", "S", 80.0), tgt("J1", "T", 10.0)],
                 values=[val("I1", "N1", 75.0), val("J1", "M1", 10.0)])
    pairs = counting_indicators(ds, 2022)
    assert set(pairs.filter(pl.col("indicator_id") == "I1")["org_id"]) == {"S", "N1", "N2"}
    assert set(pairs.filter(pl.col("indicator_id") == "J1")["org_id"]) == {"T", "M1"}
    assert light_row(ds, "J1", "M1")["light"] == "gron"
    assert light_row(ds, "I1", "N1")["light"] == "gul"


def test_without_any_stad_org_groups_still_hold_every_board():
    orgs = [org("N1", parent=None, kind="stadsdelsnamnd"), org("F1", parent=None,
                                                              kind="facknamnd")]
    ds = make_ds(orgs=orgs, indicators=[ind("I1", decided_by="kf", org="N1",
                                            applies_to="alla")])
    assert counting_indicators(ds, 2022)["org_id"].to_list() == ["F1", "N1"]
    assert set(indicator_lights(ds, 2022, "VB")["light"]) == {"ej_malsatt"}


# --- 3.1 which indicators count ------------------------------------------------------------------

@pytest.mark.parametrize(("applies_to", "orgs"), [
    ("alla", {"N1", "N2", "F1", "B1"}),
    ("stadsdelsnamnder", {"N1", "N2"}),
    ("facknamnder", {"F1"}),
    ("bolag", {"B1"}),
    (None, set()),
])
def test_group_applicability(applies_to, orgs):
    ds = make_ds(indicators=[ind("I1", decided_by="kf", applies_to=applies_to)])
    got = counting_indicators(ds, 2022)
    assert set(got["org_id"]) == orgs  # never the stad, a department or a unit by group
    assert got.schema == pl.Schema({"indicator_id": pl.String, "org_id": pl.String})


@pytest.mark.parametrize("applies_to", ["alla", "stadsdelsnamnder", "facknamnder", "bolag"])
def test_group_is_only_for_kf_indicators(applies_to):
    ds = make_ds(indicators=[ind("I1", decided_by="namnd", org="N1", applies_to=applies_to)])
    assert counting_indicators(ds, 2022).is_empty()


def test_enhet_and_avdelning_of_level_not_namnd_are_never_in_a_group():
    orgs = [*CITY, org("E2", "enhet", parent="N1", kind="stadsdelsnamnd"),
            org("A2", "avdelning", parent="N1", kind="facknamnd")]
    ds = make_ds(orgs=orgs, indicators=[ind("I1", decided_by="kf", applies_to="alla"),
                                        ind("I2", decided_by="kf", applies_to="facknamnder")])
    got = set(counting_indicators(ds, 2022).iter_rows())
    assert not {o for _, o in got} & {"E2", "A2", "E1", "A1", "S"}


@pytest.mark.parametrize(("targets", "values", "orgs"), [
    ([tgt("I1", "F1", 5.0)], [], {"N1", "N2", "F1"}),  # board outside the group: target row
    ([], [val("I1", "B1", 5.0)], {"N1", "N2", "B1"}),  # ... or value row
    ([], [val("I1", "E1", 5.0, period="T1")], {"N1", "N2", "E1"}),  # unit via a value row
    ([tgt("I1", "A1", 5.0)], [], {"N1", "N2", "A1"}),
    ([tgt("I1", "S", 5.0)], [], {"N1", "N2", "S"}),  # the KF row makes the city count
    ([tgt("I1", "F1", 5.0, year=2021)], [val("I1", "B1", 5.0, year=2023)], {"N1", "N2"}),
])
def test_board_outside_group_counts_only_with_a_row(targets, values, orgs):
    ds = make_ds(indicators=[ind("I1", decided_by="kf", applies_to="stadsdelsnamnder")],
                 targets=targets, values=values)
    assert set(counting_indicators(ds, 2022)["org_id"]) == orgs


@pytest.mark.parametrize(("targets", "values", "light"), [
    ([tgt("I1", "N1", 5.0)], [], "saknas"),  # target row only: counts, outcome missing
    ([], [val("I1", "N1", 5.0)], "ej_malsatt"),  # value row only: counts, no target
    ([tgt("I1", "N1", 5.0)], [val("I1", "N1", 5.0)], "gron"),
])
def test_own_indicator_counts_via_target_or_value_row(targets, values, light):
    ds = make_ds(indicators=[ind("I1", decided_by="namnd", org="N1")],
                 targets=targets, values=values)
    lights = indicator_lights(ds, 2022, "VB")
    assert lights.select("org_id", "light").rows() == [("N1", light)]


@pytest.mark.parametrize(("year", "counts"), [
    (2018, False), (2019, True), (2020, True), (2022, True), (2023, False),
])
def test_indicator_in_force_follows_its_goal_years(year, counts):
    goals = [goal("IM1", "inriktningsmal", parent=None, year_from=2015, year_to=2030),
             goal("V1", year_from=2019, year_to=2022)]
    ds = make_ds(goals=goals, indicators=[ind("I1", decided_by="kf", applies_to="alla")],
                 targets=[tgt("I1", "N1", 5.0, year=year)],
                 values=[val("I1", "N1", 5.0, year=year)])
    assert (not counting_indicators(ds, year).is_empty()) is counts
    assert (not indicator_lights(ds, year, "VB").is_empty()) is counts


def test_indicator_with_unknown_goal_never_counts():
    ds = make_ds(indicators=[ind("I1", goal="NOPE", decided_by="kf", applies_to="alla")],
                 targets=[tgt("I1", "N1", 5.0)])
    assert counting_indicators(ds, 2022).is_empty()


# --- shape, robustness --------------------------------------------------------------------------

def test_empty_dataset_gives_typed_empty_frames():
    for ds in (EMPTY, make_ds()):
        lights = indicator_lights(ds, 2022, "T1")
        assert lights.is_empty()
        assert lights.schema == pl.Schema(LIGHT_SCHEMA)
        assert counting_indicators(ds, 2022).is_empty()
    assert org_roots(EMPTY.organisation).schema == pl.Schema(
        {"org_id": pl.String, "stad_id": pl.String})


def mixed_ds(dup: bool = False):
    orgs = list(CITY)
    targets = [tgt("I1", "S", 80.0), tgt("I1", "N2", 90.0, 85.0), tgt("I2", "N1", 5.0)]
    values = [val("I1", "N1", 85.0, period="T2"), val("I1", "N2", None, 86.0, period="T2"),
              val("I2", "N1", None, 1.0, period="T2", reported="uppfyllt"),
              val("I1", "E1", 10.0, period="T2")]
    if dup:
        orgs, targets, values = orgs + orgs[:3], targets + targets, values + values[:2]
    return make_ds(orgs=orgs, indicators=[ind("I1", decided_by="kf", applies_to="alla"),
                                          ind("I2", decided_by="namnd", org="N1",
                                              direction="lagre")],
                   targets=targets, values=values)


def test_mixed_dataset_full_frame():
    got = indicator_lights(mixed_ds(), 2022, "T2")
    expected = pl.DataFrame([
        ("I1", "B1", "saknas", None, None, 80.0, 72.0, None),
        ("I1", "E1", "rod", "utfall", 10.0, 80.0, 72.0, None),
        ("I1", "F1", "saknas", None, None, 80.0, 72.0, None),
        ("I1", "N1", "gron", "utfall", 85.0, 80.0, 72.0, None),
        ("I1", "N2", "gul", "prognos", 86.0, 90.0, 85.0, None),
        ("I1", "S", "saknas", None, None, 80.0, 72.0, None),
        ("I2", "N1", "gron", "prognos", 1.0, 5.0, 5.5, "uppfyllt"),
    ], schema=["indicator_id", "org_id", "light", "basis", "value", "target", "yellow_limit",
               "reported"], orient="row")
    expected = expected.with_columns(
        year=pl.lit(2022, pl.Int64), period=pl.lit("T2"),
        goal_id=pl.lit("V1"), decided_by=pl.when(pl.col("indicator_id") == "I1")
        .then(pl.lit("kf")).otherwise(pl.lit("namnd"))).select(list(LIGHT_SCHEMA))
    assert_frame_equal(got, expected.cast(LIGHT_SCHEMA))


def test_duplicate_rows_do_not_multiply_lights():
    assert_frame_equal(indicator_lights(mixed_ds(dup=True), 2022, "T2"),
                       indicator_lights(mixed_ds(), 2022, "T2"))


def test_org_roots_on_a_deep_tree_and_a_forest():
    chain = [org(f"D{i}", "avdelning", parent="S" if i == 0 else f"D{i - 1}") for i in range(40)]
    orgs = [org("S", "stad", parent=None), *chain, org("T", "stad", parent=None),
            org("M1", parent="T"), org("Z", parent="NOPE")]
    roots = dict(org_roots(make_ds(orgs=orgs).organisation).iter_rows())
    assert roots == {"S": "S", "T": "T", "M1": "T", **{f"D{i}": "S" for i in range(40)}}
