"""Forecast reliability (DOMAIN.md §3.5): what T2 said against what VB showed. Pure.

Indicator level, per (indicator, org, year): the T2 light (which rests on the forecast when
the outcome was missing, `basis_t2 == "prognos"`) against the VB light, from
`rules.forecast_reliability`. A T2 green *failed* when it ended yellow or red at VB; a T2
green whose VB outcome is missing (`saknas`) is counted apart (`n_to_saknas`), not as failed.

Goal level, per (VOM, org, year): the board's T2 self-assessment against its VB one; a T2
`uppfyllt` *failed* when VB says `delvis` or `ej`.
"""

from __future__ import annotations

import polars as pl

from ils import rules, rules_periods

LIGHT_ORDER = ("gron", "gul", "rod", "saknas", "ej_malsatt")


def indicator_pairs(t2_lights: pl.DataFrame, vb_lights: pl.DataFrame) -> pl.DataFrame:
    """Per (indicator, org, year) with a light at both T2 and VB: `rules.forecast_reliability`
    plus the values, `goal_id`, `forecast_t2` (the T2 light rested on a forecast) and
    `t2_state` (the T2 light, suffixed `_prognos` when forecast-based)."""
    pairs = rules.forecast_reliability(t2_lights, vb_lights)
    keys = ["indicator_id", "org_id", "year"]
    t2v = t2_lights.select(*keys, "goal_id", pl.col("value").alias("value_t2"))
    vbv = vb_lights.select(*keys, pl.col("value").alias("value_vb"),
                           pl.col("target").alias("target_vb"))
    return (pairs.join(t2v, on=keys, how="left").join(vbv, on=keys, how="left")
            .with_columns(forecast_t2=(pl.col("basis_t2") == "prognos").fill_null(False))
            .with_columns(t2_state=pl.when(pl.col("forecast_t2")
                                           & pl.col("light_t2").is_in(list(rules_periods.SCORED)))
                          .then(pl.col("light_t2") + "_prognos").otherwise(pl.col("light_t2")))
            .sort(*keys))


def _green_aggs() -> list[pl.Expr]:
    green = pl.col("light_t2") == "gron"
    fc = (pl.col("basis_t2") == "prognos").fill_null(False)
    failed = green & pl.col("light_vb").is_in(["gul", "rod"])
    return [
        (green).sum().cast(pl.Int64).alias("n_green_t2"),
        (green & (pl.col("light_vb") == "gron")).sum().cast(pl.Int64).alias("n_held"),
        (green & (pl.col("light_vb") == "gul")).sum().cast(pl.Int64).alias("n_to_gul"),
        (green & (pl.col("light_vb") == "rod")).sum().cast(pl.Int64).alias("n_to_rod"),
        (green & ~pl.col("light_vb").is_in(list(rules_periods.SCORED))).sum().cast(pl.Int64)
        .alias("n_to_saknas"),
        failed.sum().cast(pl.Int64).alias("n_failed"),
        (green & fc).sum().cast(pl.Int64).alias("n_green_forecast"),
        (failed & fc).sum().cast(pl.Int64).alias("n_failed_forecast"),
        (green & ~fc).sum().cast(pl.Int64).alias("n_green_outcome"),
        (failed & ~fc).sum().cast(pl.Int64).alias("n_failed_outcome"),
    ]


def _shares(df: pl.DataFrame) -> pl.DataFrame:
    def share(num: str, den: str) -> pl.Expr:
        return pl.when(pl.col(den) > 0).then(pl.col(num) / pl.col(den))

    return df.with_columns(share_failed=share("n_failed", "n_green_t2"),
                           share_failed_forecast=share("n_failed_forecast", "n_green_forecast"),
                           share_failed_outcome=share("n_failed_outcome", "n_green_outcome"))


def board_summary(pairs: pl.DataFrame) -> pl.DataFrame:
    """The §3.5 summary – the one in the app, shown on /prognoser and in its downloads.

    Per (org, year) of `pairs` (`rules.forecast_reliability` or `indicator_pairs`): T2
    greens, how many held / ended yellow / red / without outcome, failed (yellow or red) with
    the share, and the same split by forecast- or outcome-based T2 green. Orgs with pairs but
    no T2 green have zeros and null shares."""
    return _shares(pairs.group_by("org_id", "year").agg(_green_aggs())).sort("org_id", "year")


def totals(pairs: pl.DataFrame) -> pl.DataFrame:
    """`board_summary` over all orgs of `pairs` together, per year."""
    return board_summary(pairs.with_columns(org_id=pl.lit("*"))).drop("org_id")


def flows(pairs: pl.DataFrame) -> pl.DataFrame:
    """T2 state → VB light with counts (for a Sankey): t2_state, light_vb, n; in light order
    (forecast-based T2 states after their outcome-based ones)."""
    order = {s: i for i, s in enumerate(
        ["gron", "gron_prognos", "gul", "gul_prognos", "rod", "rod_prognos", "saknas",
         "ej_malsatt"])}
    vb_order = {s: i for i, s in enumerate(LIGHT_ORDER)}
    return (pairs.group_by("t2_state", "light_vb").agg(n=pl.len().cast(pl.Int64))
            .with_columns(o1=pl.col("t2_state").replace_strict(order, default=99,
                                                               return_dtype=pl.Int64),
                          o2=pl.col("light_vb").replace_strict(vb_order, default=99,
                                                               return_dtype=pl.Int64))
            .sort("o1", "o2").drop("o1", "o2"))


# --- self-assessments: T2 against VB -------------------------------------------------------

def assessment_pairs(assessments: pl.DataFrame, org_ids, goal_ids) -> pl.DataFrame:
    """Per (goal, org, year) assessed at both T2 and VB: assessment_t2, assessment_vb, and
    `failed` (T2 uppfyllt, VB delvis or ej)."""
    keys = ["goal_id", "org_id", "year"]
    a = assessments.filter(pl.col("org_id").is_in(list(org_ids))
                           & pl.col("goal_id").is_in(list(goal_ids)))
    t2 = a.filter(pl.col("period") == "T2").select(
        *keys, pl.col("assessment").alias("assessment_t2"))
    vb = a.filter(pl.col("period") == "VB").select(
        *keys, pl.col("assessment").alias("assessment_vb"),
        pl.col("motivation").alias("motivation_vb"))
    return (t2.join(vb, on=keys, how="inner")
            .with_columns(failed=(pl.col("assessment_t2") == "uppfyllt")
                          & pl.col("assessment_vb").is_in(["delvis", "ej"]))
            .sort(*keys))


def assessment_summary(pairs: pl.DataFrame) -> pl.DataFrame:
    """Per (org, year): goals rated uppfyllt at T2, how many became delvis / ej at VB, and
    the share that failed."""
    upp = pl.col("assessment_t2") == "uppfyllt"
    return (pairs.group_by("org_id", "year").agg(
        n_assessed=pl.len().cast(pl.Int64),
        n_uppfyllt_t2=upp.sum().cast(pl.Int64),
        n_to_delvis=(upp & (pl.col("assessment_vb") == "delvis")).sum().cast(pl.Int64),
        n_to_ej=(upp & (pl.col("assessment_vb") == "ej")).sum().cast(pl.Int64),
        n_failed=pl.col("failed").sum().cast(pl.Int64),
    ).with_columns(share_failed=pl.when(pl.col("n_uppfyllt_t2") > 0)
                   .then(pl.col("n_failed") / pl.col("n_uppfyllt_t2")))
        .sort("org_id", "year"))


def assessment_totals(pairs: pl.DataFrame) -> pl.DataFrame:
    """`assessment_summary` over all orgs together, per year."""
    one = pairs.with_columns(org_id=pl.lit("*"))
    return assessment_summary(one).drop("org_id")
