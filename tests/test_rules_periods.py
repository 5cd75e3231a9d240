"""Lights for every (year, period) in one pass (`ils.rules.all_lights`) and DOMAIN.md §3.8's
outcome-only light (`light_outcome_only`, `rests_on_forecast`)."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ils import rules, rules_periods
from ils.rules_periods import RuleParams
from tests.builders import EMPTY, assess, goal, ind, make_ds, merge, tgt, val, with_lights
from tests.fixture_city import city

NEW = {"light_outcome_only": pl.String, "rests_on_forecast": pl.Boolean}

DEFAULT_PARAMS = RuleParams()  # the rules as configured by default


def goal_row(ds, period: str, params=DEFAULT_PARAMS, goal_id="V1", org_id="N1") -> dict:
    _, goals = rules_periods.all_lights(ds, params)
    got = goals.filter((pl.col("goal_id") == goal_id) & (pl.col("org_id") == org_id)
                       & (pl.col("period") == period))
    assert got.height == 1, got
    return got.row(0, named=True)


def t2(outcomes: list[str], forecasts: list[str]) -> object:
    """N1's VOM V1 at T2 2022: lights on outcomes and lights on forecasts."""
    return make_ds(**merge(with_lights(outcomes, period="T2", prefix="U"),
                           with_lights(forecasts, period="T2", prefix="F", forecast=True)))


# --- §3.8 outcome-only light at T1/T2 --------------------------------------------------------

@pytest.mark.parametrize(("outcomes", "forecasts", "light", "only", "rests"), [
    ([], ["gron"], "gron", "saknas", True),  # everything on forecasts: "på utfall: saknas"
    (["rod"], ["gron"], "gul", "rod", True),  # 0.5 with the forecast, 0 without
    (["gron"], ["rod"], "gul", "gron", True),  # a forecast can pull a light down, too
    (["gron"], ["gron"], "gron", "gron", True),  # same light, but half rests on forecasts
    (["gron", "gron"], ["gron"], "gron", "gron", False),  # same light, a third on forecasts
    (["gron", "gron"], ["gron"] * 7, "gron", "gron", True),  # 7 of 9 on forecasts (§3.8)
    (["gron", "gron", "gul"], ["gron", "gron", "gul"], "gron", "gron", True),  # exactly half
    (["gron", "gron", "gul", "gul"], ["gron", "gul", "gron"], "gron", "gron", False),  # 3 of 7
    (["gron", "saknas", "saknas"], ["gron"], "gron", "gron", True),  # missing ones do not count
    (["gron", "gron", "gron"], ["rod"], "gron", "gron", False),  # exactly 0.75 still gron
    (["gron", "gron", "rod", "rod"], ["gron"], "gul", "gul", False),  # 0.6 against 0.5
    (["gron", "rod", "rod"], ["gron", "gron"], "gul", "rod", True),  # 0.6 against 1/3
    (["gron", "gul", "rod", "rod"], ["gul"], "gul", "rod", True),  # exactly 0.4 against 0.375
    (["gul", "rod"], ["gron"], "gul", "rod", True),  # exactly 0.5 against 0.25
    (["rod"], [], "rod", "rod", False),  # no forecast at all
    (["saknas"], ["saknas"], "saknas", "saknas", False),  # a forecast row without a value
    (["ej_malsatt"], ["gron"], "gron", "saknas", True),  # grey outcome lights stay out
])
def test_outcome_only_light_at_t2(outcomes, forecasts, light, only, rests):
    row = goal_row(t2(outcomes, forecasts), "T2")
    assert (row["light"], row["light_outcome_only"], row["rests_on_forecast"]) == (
        light, only, rests)
    assert row["n_forecast"] == sum(f in rules_periods.SCORED for f in forecasts)


@pytest.mark.parametrize(("green", "yellow", "light", "only", "rests"), [
    (0.75, 0.40, "gul", "gron", True),  # outcome only exactly at the green threshold
    (0.50, 0.40, "gron", "gron", False),  # with the forecast exactly at the green threshold
    (0.80, 0.50, "gul", "gul", False),  # both yellow, the forecast exactly at yellow
    (0.76, 0.51, "rod", "gul", True),  # just under each threshold
])
def test_outcome_only_follows_the_thresholds(green, yellow, light, only, rests):
    # outcomes gron + gul: 0.75 on outcomes; with a red forecast beside them: 0.5
    params = RuleParams(green_threshold=green, yellow_threshold=yellow)
    row = goal_row(t2(["gron", "gul"], ["rod"]), "T2", params)
    assert row["score"] == pytest.approx(0.5)
    assert (row["light"], row["light_outcome_only"], row["rests_on_forecast"]) == (
        light, only, rests)


@pytest.mark.parametrize("forecast", [False, True])
def test_at_vb_outcome_only_equals_light(forecast):
    ds = make_ds(**merge(with_lights(["gron", "rod"], prefix="U"),
                         with_lights(["gron", "gul"], prefix="F", forecast=forecast)))
    row = goal_row(ds, "VB")
    assert row["light_outcome_only"] == row["light"]
    assert row["rests_on_forecast"] is False
    assert row["n_forecast"] == 0


def test_assessment_only_row_has_no_forecast():
    row = goal_row(make_ds(assessments=[assess("V1", "N1", "uppfyllt", period="T1")]), "T1")
    assert (row["light"], row["light_outcome_only"], row["rests_on_forecast"]) == (
        "saknas", "saknas", False)


# --- one pass equals the single-period functions ---------------------------------------------

def several_years():
    goals = [goal("IM1", "inriktningsmal", parent=None, year_from=2018, year_to=2024),
             goal("V1", year_from=2019, year_to=2022), goal("V2", year_from=2021, year_to=2024),
             goal("NM1", "namndmal", parent="V2", org="N1", year_from=2022, year_to=2023)]
    inds = [ind("I1", decided_by="kf", applies_to="alla"), ind("I2", goal="V2"),
            ind("I3", goal="NM1", decided_by="namnd", org="N1", direction="lagre")]
    targets = [tgt(i, o, t, year=y) for y in (2020, 2021, 2022, 2023)
               for i, o, t in (("I1", "S", 70.0 + y - 2020), ("I2", "S", 10.0),
                               ("I3", "N1", 5.0), ("I1", "N2", 60.0))]
    values = [val(i, o, out, fc, period=p, year=y)
              for y in (2020, 2021, 2022, 2023) for p in ("T1", "T2", "VB")
              for i, o, out, fc in (("I1", "N1", None if p != "VB" else 71.0, 74.0),
                                    ("I1", "N2", 58.0, 65.0), ("I2", "F1", 9.5, None),
                                    ("I3", "N1", None, 4.0 + (y % 3)), ("I2", "S", 12.0, 8.0))]
    assessments = [assess("V1", "N1", "uppfyllt", year=2021, period="T2"),
                   assess("V2", "F1", "ej", year=2024, period="T1"),  # assessment only
                   assess("NM1", "N1", "delvis", year=2022)]
    return make_ds(goals=goals, indicators=inds, targets=targets, values=values,
                   assessments=assessments)


@pytest.mark.parametrize("ds", [several_years(), city()], ids=["years", "fixture_city"])
@pytest.mark.parametrize("params", [RuleParams(), RuleParams(0.3, 0.6, 0.2)])
def test_one_pass_equals_a_loop_over_single_periods(ds, params):
    ind_all, goal_all = rules_periods.all_lights(ds, params)
    pairs = rules_periods.data_periods(ds).rows()
    assert pairs == sorted(set(ds.values.select("year", "period").rows())
                           | set(ds.assessments.select("year", "period").rows()))
    ind_loop = [rules.indicator_lights(ds, y, p, params) for y, p in pairs]
    goal_loop = [rules.goal_lights(ds, i, y, p, params) for i, (y, p) in zip(ind_loop, pairs, strict=False)]
    assert_frame_equal(ind_all, pl.concat(ind_loop))
    assert_frame_equal(goal_all.select(rules.GOAL_COLUMNS), pl.concat(goal_loop))
    assert goal_all.schema == pl.Schema({**dict(pl.concat(goal_loop).schema), **NEW})


def test_goal_chain_must_be_in_force_in_each_year():
    # NM1 (2022–2023) under V2 (2021–2024): its indicator I3 counts for V2 only in 2022–2023.
    _, goals = rules_periods.all_lights(several_years())
    n1 = goals.filter((pl.col("goal_id") == "V2") & (pl.col("org_id") == "N1"))
    assert sorted(set(n1["year"].to_list())) == [2022, 2023]
    assert goals.filter(pl.col("goal_id") == "V1")["year"].max() == 2022


def test_empty_data_gives_typed_empty_frames():
    for ds in (EMPTY, make_ds()):
        ind_all, goal_all = rules_periods.all_lights(ds)
        assert ind_all.is_empty() and goal_all.is_empty()
        assert ind_all.schema == rules.indicator_lights(ds, 2022, "VB").schema
        assert goal_all.schema == pl.Schema({**dict(rules.goal_lights(
            ds, ind_all, 2022, "VB").schema), **NEW})
