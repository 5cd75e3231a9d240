"""DOMAIN.md §3.8 (ils/progress.py): roll-up and total lights, display state, change since the
previous period, lower ambition and worst first — each at its boundaries."""

from __future__ import annotations

import polars as pl
import pytest

from ils import periods as ils_periods
from ils import progress
from ils.rules_periods import RuleParams

ORGS = pl.DataFrame(
    [("stad", None, "stad"), ("n", "stad", "namnd"), ("a", "n", "avdelning"),
     ("e1", "a", "enhet"), ("e2", "a", "enhet"), ("m", "stad", "namnd")],
    schema={"id": pl.String, "parent_id": pl.String, "level": pl.String}, orient="row")
GOALS = pl.DataFrame(
    [("im", None, "inriktningsmal"), ("v1", "im", "verksamhetsomradesmal"),
     ("v2", "im", "verksamhetsomradesmal"), ("nm", "v1", "namndmal"), ("em", "nm", "enhetsmal")],
    schema={"id": pl.String, "parent_id": pl.String, "level": pl.String}, orient="row"
).with_columns(year_from=pl.lit(2019, pl.Int64), year_to=pl.lit(2022, pl.Int64))


def lights(rows) -> pl.DataFrame:
    """(indicator, org, goal, light) at 2022 VB."""
    return pl.DataFrame(
        [(i, o, 2022, "VB", g, lt) for i, o, g, lt in rows],
        schema={"indicator_id": pl.String, "org_id": pl.String, "year": pl.Int64,
                "period": pl.String, "goal_id": pl.String, "light": pl.String}, orient="row")


def _one(df: pl.DataFrame, **eq) -> dict:
    for k, v in eq.items():
        df = df.filter(pl.col(k) == v)
    assert len(df) == 1, df
    return df.row(0, named=True)


# --- roll-up ---------------------------------------------------------------------------------

def test_rollup_scores_the_org_and_everything_below_once():
    ind = lights([("i1", "n", "v1", "gron"), ("i2", "e1", "em", "rod"), ("i3", "e2", "nm", "rod"),
                  ("i4", "a", "v1", "gul"), ("i5", "m", "v1", "gron"), ("i6", "e1", "v2", "gron")])
    got = progress.rollup_lights(ind, ORGS, GOALS)
    board = _one(got, goal_id="v1", org_id="n")
    assert board["score_rollup"] == pytest.approx((1 + 0 + 0 + 0.5) / 4)
    assert board["light_rollup"] == "rod"  # 0.375 < 0.40
    assert (board["n_green_rollup"], board["n_yellow_rollup"], board["n_red_rollup"]) == (1, 1, 2)
    dept = _one(got, goal_id="v1", org_id="a")
    assert dept["score_rollup"] == pytest.approx(0.5 / 3) and dept["light_rollup"] == "rod"
    unit = _one(got, goal_id="v2", org_id="e1")  # a unit's roll-up is its own light
    assert unit["light_rollup"] == "gron"
    city = _one(got, goal_id="v1", org_id="stad")
    assert city["n_green_rollup"] == 2 and city["n_red_rollup"] == 2


@pytest.mark.parametrize("score_lights, expected", [
    (["gron", "gron", "gron", "rod"], "gron"),  # 0.75 = green threshold
    (["gron", "gul", "rod", "rod"], "rod"),  # 0.375
    (["gul", "rod", "gron", "rod", "gul"], "gul"),  # 0.40 = yellow threshold
    (["saknas", "ej_malsatt"], "saknas"),  # nothing scored
])
def test_rollup_thresholds(score_lights, expected):
    ind = lights([(f"i{k}", "e1", "em", lt) for k, lt in enumerate(score_lights)])
    assert _one(progress.rollup_lights(ind, ORGS, GOALS), goal_id="v1", org_id="n")[
        "light_rollup"] == expected


@pytest.mark.parametrize("unit_lights, light, state", [
    (["ej_malsatt", "ej_malsatt"], "saknas", "ej_malsatt"),  # no target anywhere: not missing
    (["ej_malsatt", "saknas"], "saknas", "saknas"),  # one target, no value: missing
    (["ej_malsatt", "rod"], "rod", "rod"),
])
def test_rollup_state_separates_unset_from_missing(unit_lights, light, state):
    ind = lights([(f"i{k}", "e1", "em", lt) for k, lt in enumerate(unit_lights)])
    got = _one(progress.rollup_lights(ind, ORGS, GOALS), goal_id="v1", org_id="n")
    assert (got["light_rollup"], got["state_rollup"]) == (light, state)


def test_rollup_uses_the_thresholds_in_force():
    ind = lights([("i1", "e1", "em", "gron"), ("i2", "e1", "em", "rod")])  # 0.5
    strict = RuleParams(green_threshold=0.9, yellow_threshold=0.6)
    assert _one(progress.rollup_lights(ind, ORGS, GOALS, strict), goal_id="v1",
                org_id="a")["light_rollup"] == "rod"


# --- total light -----------------------------------------------------------------------------

@pytest.mark.parametrize("own, expected, score", [
    (["gron", "gul"], "gron", 0.75), (["gul"], "gul", 0.5), (["rod", "gul"], "rod", 0.25),
    (["saknas"], "saknas", None),
])
def test_total_light_over_all_own_indicators(own, expected, score):
    ind = lights([(f"i{k}", "e1", "v1" if k % 2 else "v2", lt) for k, lt in enumerate(own)]
                 + [("x", "e2", "v1", "rod")])
    row = _one(progress.total_lights(ind), org_id="e1")
    assert row["light_total"] == expected
    assert row["score_total"] == (pytest.approx(score) if score is not None else None)


# --- display state ---------------------------------------------------------------------------

def goal_rows(rows) -> pl.DataFrame:
    return pl.DataFrame([(g, o, 2022, "VB", lt) for g, o, lt in rows],
                        schema={"goal_id": pl.String, "org_id": pl.String, "year": pl.Int64,
                                "period": pl.String, "light": pl.String}, orient="row")


@pytest.mark.parametrize("ind_lights, goal_light, expected", [
    ([], "saknas", "inga_indikatorer"),  # only a self-assessment: no indicator at all
    (["ej_malsatt", "ej_malsatt"], "saknas", "ej_malsatt"),
    (["ej_malsatt", "saknas"], "saknas", "saknas"),  # a target, no value
    (["saknas"], "saknas", "saknas"),
    (["gron", "ej_malsatt"], "gron", "gron"),
])
def test_goal_state_separates_the_grey_cases(ind_lights, goal_light, expected):
    ind = lights([(f"i{k}", "n", "nm", lt) for k, lt in enumerate(ind_lights)])
    got = progress.goal_state(goal_rows([("v1", "n", goal_light)]), ind, GOALS)
    assert got["state"].to_list() == [expected]


# --- change ----------------------------------------------------------------------------------

@pytest.mark.parametrize("period, previous", [
    ("T1", (2021, "VB")), ("T2", (2022, "T1")), ("VB", (2022, "T2"))])
def test_previous_period(period, previous):
    assert ils_periods.previous(2022, period) == previous


def periods(rows) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"goal_id": pl.String, "org_id": pl.String,
                                      "year": pl.Int64, "period": pl.String,
                                      "light": pl.String}, orient="row")


@pytest.mark.parametrize("before, now, expected", [
    ("rod", "gul", "upp"), ("rod", "gron", "upp"), ("gron", "gul", "ner"),
    ("gul", "gul", "oforandrad"), ("saknas", "gron", None), ("gron", "saknas", None),
    ("ej_malsatt", "gul", None),
])
def test_change_is_the_rank_difference(before, now, expected):
    df = periods([("v1", "n", 2022, "T1", before), ("v1", "n", 2022, "T2", now)])
    got = progress.with_change(df)
    assert _one(got, period="T2")["change"] == expected
    assert _one(got, period="T1")["change"] is None  # 2021 VB is not in the frame


def test_change_at_t1_looks_at_last_years_vb():
    df = periods([("v1", "n", 2021, "VB", "gron"), ("v1", "n", 2022, "T1", "rod"),
                  ("v1", "m", 2021, "VB", "rod"), ("v1", "n", 2021, "T2", "rod")])
    got = progress.with_change(df)
    row = _one(got, org_id="n", year=2022, period="T1")
    assert row["change"] == "ner" and row["light_previous"] == "gron"


# --- what changed since the previous period (the board page) -------------------------------

@pytest.mark.parametrize("before, now, change, new_red", [
    ("gron", "gul", "ner", False), ("gul", "rod", "ner", True), ("gron", "rod", "ner", True),
    ("rod", "gul", "upp", False), ("gul", "gron", "upp", False),
    ("saknas", "rod", None, True), ("ej_malsatt", "rod", None, True), (None, "rod", None, True),
])
def test_goal_changes_up_down_and_new_reds(before, now, change, new_red):
    prev = periods([("v1", "n", 2022, "T1", before)] if before else [])
    got = progress.goal_changes(periods([("v1", "n", 2022, "T2", now)]), prev)
    row = _one(got, goal_id="v1")
    assert (row["change"], row["new_red"], row["light_previous"]) == (change, new_red, before)


@pytest.mark.parametrize("before, now", [
    ("gul", "gul"), ("rod", "rod"), ("saknas", "gron"), ("gron", "saknas"), (None, "gron"),
    ("gul", "ej_malsatt")])
def test_goal_changes_leave_out_what_did_not_change(before, now):
    prev = periods([("v1", "n", 2022, "T1", before)] if before else [])
    assert progress.goal_changes(periods([("v1", "n", 2022, "T2", now)]), prev).is_empty()


def test_goal_changes_compare_each_org_with_itself_at_the_previous_period():
    prev = periods([("v1", "n", 2021, "VB", "gron"), ("v1", "m", 2021, "VB", "rod"),
                    ("v2", "n", 2021, "T2", "gron")])  # not the previous of T1 2022
    now = periods([("v1", "n", 2022, "T1", "rod"), ("v1", "m", 2022, "T1", "rod"),
                   ("v2", "n", 2022, "T1", "gul")])
    got = progress.goal_changes(now, prev)
    assert got.select("goal_id", "org_id", "change", "new_red").rows() == [
        ("v1", "n", "ner", True)]


def indicator_rows(rows) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"indicator_id": pl.String, "org_id": pl.String,
                                      "light": pl.String, "basis": pl.String}, orient="row")


@pytest.mark.parametrize("before, now, arrived", [
    (("gron", "prognos"), ("gron", "utfall"), True),   # a forecast, now the outcome
    (("saknas", None), ("rod", "utfall"), True),       # no value before
    (None, ("gul", "utfall"), True),                   # no light at all before
    (("ej_malsatt", None), ("ej_malsatt", "utfall"), True),
    (("gul", "utfall"), ("gron", "utfall"), False),    # an outcome already before
    (("gron", "prognos"), ("gron", "prognos"), False),  # still a forecast
    (("gron", "utfall"), ("saknas", None), False),     # the outcome went away
])
def test_outcomes_arrived(before, now, arrived):
    prev = indicator_rows([("i", "n", *before)] if before else [])
    got = progress.outcomes_arrived(indicator_rows([("i", "n", *now), ("i", "m", *now)]),
                                    indicator_rows([("i", "m", "gron", "utfall")]).vstack(prev))
    assert got.filter(pl.col("org_id") == "m").is_empty()  # had its outcome already
    assert got.filter(pl.col("org_id") == "n").height == int(arrived)
    if arrived:
        assert _one(got, org_id="n")["basis_previous"] == (before[1] if before else None)


# --- lower ambition --------------------------------------------------------------------------

INDICATORS = pl.DataFrame([("up", "hogre", "kf"), ("down", "lagre", "kf"), ("own", "hogre", "namnd")],
                          schema={"id": pl.String, "direction": pl.String,
                                  "decided_by": pl.String}, orient="row")


@pytest.mark.parametrize("indicator, own, kf, expected", [
    ("up", 79.0, 80.0, True), ("up", 80.0, 80.0, False), ("up", 81.0, 80.0, False),
    ("down", 11.0, 10.0, True), ("down", 10.0, 10.0, False), ("down", 9.0, 10.0, False),
])
def test_lower_ambition_at_the_boundary(indicator, own, kf, expected):
    targets = pl.DataFrame([(indicator, "stad", 2022, kf), (indicator, "e1", 2022, own)],
                           schema={"indicator_id": pl.String, "org_id": pl.String,
                                   "year": pl.Int64, "target": pl.Float64}, orient="row")
    got = progress.lower_ambition(targets, INDICATORS, ORGS)
    assert got.select("org_id", "lower_ambition").rows() == [("e1", expected)]


def test_lower_ambition_only_for_kf_indicators_with_a_kf_target_that_year():
    targets = pl.DataFrame([("own", "stad", 2022, 80.0), ("own", "n", 2022, 10.0),
                            ("up", "stad", 2021, 80.0), ("up", "n", 2022, 10.0)],
                           schema={"indicator_id": pl.String, "org_id": pl.String,
                                   "year": pl.Int64, "target": pl.Float64}, orient="row")
    assert progress.lower_ambition(targets, INDICATORS, ORGS).is_empty()


# --- worst first -----------------------------------------------------------------------------

def test_worst_first_by_score_then_reds_grey_last():
    df = pl.DataFrame({"name": ["a", "b", "c", "d", "e"], "score": [0.5, None, 0.2, 0.5, 0.2],
                       "n_red": [1, 0, 1, 3, 2]})
    assert progress.worst_first(df, name="name")["name"].to_list() == ["e", "c", "d", "a", "b"]
