"""The rules of DOMAIN.md §3 for **one** period, and what §3.4 and §3.5 compare: the
indicators that count for an org in a year (§3.1), the indicator and goal lights of one
(year, period) (§3.2, §3.3), the inriktningsmål's lights, a board's reported status against
the light (§3.4) and the forecast's reliability (§3.5).

The lights themselves are computed in `ils.rules_periods` (every period in one vectorised pass,
with `RuleParams` and the scores); the one-period functions here call it for a single period.
The signals of §3.6 and "goals in force" live in `ils.signals`. Pure: frames in, frames out.
No Dash, no SQL, no I/O. Every threshold is a parameter (`RuleParams`), so a municipality can
configure them and the UI can show the ones in force.
"""

from __future__ import annotations

import polars as pl

from ils.model import Dataset
from ils.rules_periods import (
    DEFAULT_PARAMS,
    RuleParams,
    counting_pairs,
    gap_expr,
    goal_lights_all,
    indicator_lights_all,
    periods_frame,
    score_to_light,
)
from ils.rules_periods import scores as _scores
from ils.signals import by_key

# The columns of `goal_lights` (one period); the multi-period `goal_lights_all` adds §3.8's
# `light_outcome_only` and `rests_on_forecast`.
GOAL_COLUMNS = ("goal_id", "org_id", "year", "period", "light", "score", "n_green", "n_yellow",
                "n_red", "n_missing", "n_forecast", "light_kf_only", "self_assessment", "gap")


def _one(year: int, period: str) -> pl.DataFrame:
    return periods_frame([(year, period)])


# --- 3.1 which indicators count for an org -------------------------------------------------

def counting_indicators(ds: Dataset, year: int) -> pl.DataFrame:
    """(indicator_id, org_id) pairs that count in `year` (DOMAIN.md §3.1)."""
    years = pl.DataFrame({"year": [year]}, schema={"year": pl.Int64})
    return counting_pairs(ds, years).select("indicator_id", "org_id")


# --- 3.2 indicator light --------------------------------------------------------------------

def indicator_lights(ds: Dataset, year: int, period: str,
                     params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """One row per counting (indicator, org): light, basis, value, target, yellow limit, reported."""
    return indicator_lights_all(ds, _one(year, period), params)


# --- 3.3 goal light -------------------------------------------------------------------------

def goal_lights(ds: Dataset, ind_lights: pl.DataFrame, year: int, period: str,
                params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """One row per (VOM, org) with a counting indicator or a self-assessment (§3.3, §3.4);
    `ind_lights` are taken as lights of this period."""
    ind = ind_lights.with_columns(year=pl.lit(year, dtype=pl.Int64), period=pl.lit(period))
    return goal_lights_all(ds, ind, _one(year, period), params).select(GOAL_COLUMNS)


def inriktningsmal_lights(ds: Dataset, vom_lights: pl.DataFrame,
                          params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """An inriktningsmål's light per org: the same scoring over its VOMs' lights (§3.3)."""
    ims = ds.goals.filter(pl.col("level") == "inriktningsmal").select(pl.col("id").alias("im_id"))
    parent = (by_key(ds.goals, "goals").filter(pl.col("level") == "verksamhetsomradesmal")
              .select(pl.col("id").alias("goal_id"), pl.col("parent_id").alias("im_id"))
              .join(ims, on="im_id", how="semi"))  # a VOM without an inriktningsmål: none
    df = (vom_lights.join(parent, on="goal_id", how="inner")
          .with_columns(s=_scores(pl.col("light")))
          .group_by("im_id", "org_id").agg(
              score=pl.col("s").mean(),
              n_green=(pl.col("light") == "gron").sum().cast(pl.Int64),
              n_yellow=(pl.col("light") == "gul").sum().cast(pl.Int64),
              n_red=(pl.col("light") == "rod").sum().cast(pl.Int64),
              n_missing=(pl.col("light") == "saknas").sum().cast(pl.Int64)))
    return df.with_columns(light=score_to_light(pl.col("score"), params)).select(
        pl.col("im_id").alias("goal_id"), "org_id", "light", "score", "n_green", "n_yellow",
        "n_red", "n_missing").sort("goal_id", "org_id")


# --- 3.4 self-assessment against indicators -------------------------------------------------

def reported_against_light(ind_lights: pl.DataFrame) -> pl.DataFrame:
    """Per indicator the status a board reported beside the light the rules give (§3.4)."""
    return ind_lights.filter(pl.col("reported").is_not_null()).with_columns(
        gap=gap_expr(pl.col("reported"), pl.col("light")),
        fulfilled_without_outcome=(pl.col("reported") == "uppfyllt")
        & (pl.col("basis") != "utfall").fill_null(True),
    )


def gap_label(gap: pl.Expr) -> pl.Expr:
    return (pl.when(gap > 0).then(pl.lit("positivare"))
            .when(gap == 0).then(pl.lit("samstammig"))
            .when(gap < 0).then(pl.lit("negativare")))


# --- 3.5 forecast reliability ---------------------------------------------------------------

def forecast_reliability(t2_lights: pl.DataFrame, vb_lights: pl.DataFrame) -> pl.DataFrame:
    """Per (indicator, org) of a year: the T2 light and basis against the VB light."""
    t2 = t2_lights.select("indicator_id", "org_id", "year", pl.col("light").alias("light_t2"),
                          pl.col("basis").alias("basis_t2"))
    vb = vb_lights.select("indicator_id", "org_id", "year", pl.col("light").alias("light_vb"))
    return t2.join(vb, on=["indicator_id", "org_id", "year"], how="inner").with_columns(
        green_failed=(pl.col("light_t2") == "gron") & pl.col("light_vb").is_in(["gul", "rod"]))
