"""The normative rules of DOMAIN.md §3, as vectorised polars functions.

Pure: frames in, frames out. No Dash, no SQL, no I/O. Every threshold is a parameter
(`RuleParams`), so a municipality can configure them and the UI can show the ones in force.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from ils.model import GROUP_KIND, Dataset
from ils.signals import (  # noqa: F401  (re-exported: §3.6 lives in ils.signals)
    SIGNAL_TYPES, board_signal_counts, by_key, goals_in_force, signal_counts)

SCORE = {"gron": 1.0, "gul": 0.5, "rod": 0.0}
RANK = {"ej": 0, "delvis": 1, "uppfyllt": 2, "rod": 0, "gul": 1, "gron": 2}
SCORED = ("gron", "gul", "rod")


@dataclass(frozen=True)
class RuleParams:
    """Configurable parameters of the rules (defaults from DOMAIN.md §3)."""

    tolerance: float = 0.10  # yellow limit = target ∓ tolerance·|target| when none is given
    green_threshold: float = 0.75  # goal light green when the mean score is at least this
    yellow_threshold: float = 0.40  # goal light yellow when the mean score is at least this

    def __post_init__(self) -> None:
        if not all(map(math.isfinite, (self.tolerance, self.green_threshold,
                                       self.yellow_threshold))):
            raise ValueError("tolerance and thresholds must be finite numbers")
        if not 0 <= self.tolerance:
            raise ValueError("tolerance must be ≥ 0")
        if not 0 <= self.yellow_threshold <= self.green_threshold <= 1:
            raise ValueError("thresholds must satisfy 0 ≤ yellow ≤ green ≤ 1")


DEFAULT_PARAMS = RuleParams()


# --- 3.1 which indicators count for an org -------------------------------------------------

def _root_map(ids: list, parents: list, is_root) -> dict:
    """For each id, the first node up its parent chain (itself included) where `is_root` holds;
    ids whose chain ends (or cycles) before one are left out. Linear: each node resolved once."""
    parent = dict(zip(ids, parents))
    found: dict = {}
    for start in ids:
        path, cur, seen = [], start, set()
        while cur is not None and cur not in found and cur not in seen and cur in parent:
            if is_root(cur):
                found[cur] = cur
                break
            seen.add(cur)
            path.append(cur)
            cur = parent[cur]
        root = found.get(cur)
        for node in path:
            if root is None:
                break
            found[node] = root
    return found


def org_roots(organisation: pl.DataFrame) -> pl.DataFrame:
    """Map every org to its `stad` org: columns org_id, stad_id. That is the stad at the root
    of its tree; an org whose root is not a stad (no parent) gets the only stad org when the
    data set has exactly one, and is left out otherwise."""
    organisation = by_key(organisation, "organisation")
    ids = organisation["id"].to_list()
    level = dict(zip(ids, organisation["level"].to_list()))
    roots = _root_map(ids, organisation["parent_id"].to_list(), lambda o: level[o] == "stad")
    stads = [o for o in ids if level[o] == "stad"]
    only = stads[0] if len(stads) == 1 else None
    pairs = [(o, roots.get(o, only)) for o in ids]
    pairs = [(o, r) for o, r in pairs if r is not None]
    return pl.DataFrame(pairs, schema={"org_id": pl.String, "stad_id": pl.String},
                        orient="row")


def group_members(organisation: pl.DataFrame) -> pl.DataFrame:
    """Which nämnder each recipient group contains: columns group, org_id."""
    boards = organisation.filter(pl.col("level") == "namnd")
    parts = [boards.select(pl.lit("alla").alias("group"), pl.col("id").alias("org_id"))]
    for group, kind in GROUP_KIND.items():
        parts.append(boards.filter(pl.col("kind") == kind)
                     .select(pl.lit(group).alias("group"), pl.col("id").alias("org_id")))
    return pl.concat(parts)


def counting_indicators(ds: Dataset, year: int) -> pl.DataFrame:
    """(indicator_id, org_id) pairs that count in `year` (DOMAIN.md §3.1). A KF indicator's
    group (`applies_to`) holds the nämnder of the KF's own city (the stad of its org_id)."""
    in_force = by_key(ds.indicators, "indicators").join(
        goals_in_force(ds.goals, year).select(pl.col("id").alias("goal_id")),
        on="goal_id", how="semi")
    ids = in_force.select(pl.col("id").alias("indicator_id"))
    by_rows = pl.concat([
        ds.targets.filter(pl.col("year") == year).select("indicator_id", "org_id"),
        ds.values.filter(pl.col("year") == year).select("indicator_id", "org_id"),
    ])
    city = org_roots(ds.organisation)
    by_group = (in_force.filter(pl.col("decided_by") == "kf")
                .select(pl.col("id").alias("indicator_id"), pl.col("applies_to").alias("group"),
                        pl.col("org_id").alias("owner"))
                .join(city.rename({"org_id": "owner", "stad_id": "owner_stad"}), on="owner",
                      how="left")
                .join(group_members(ds.organisation).join(city, on="org_id", how="left"),
                      on="group", how="inner")
                .filter(pl.col("owner_stad").is_null()
                        | (pl.col("owner_stad") == pl.col("stad_id")))
                .select("indicator_id", "org_id"))
    return (pl.concat([by_rows, by_group]).unique()
            .join(ids, on="indicator_id", how="semi")
            .sort("indicator_id", "org_id"))


# --- 3.2 indicator light --------------------------------------------------------------------

def indicator_lights(ds: Dataset, year: int, period: str,
                     params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """One row per counting (indicator, org): light, basis, value, target, yellow limit, reported."""
    pairs = counting_indicators(ds, year)
    ind = by_key(ds.indicators, "indicators").select(
        pl.col("id").alias("indicator_id"), "goal_id", "direction", "decided_by")
    targets = by_key(ds.targets.filter(pl.col("year") == year), "targets")
    own = targets.select("indicator_id", "org_id", pl.col("target").alias("t_own"),
                         pl.col("yellow_limit").alias("y_own"))
    city = targets.select("indicator_id", pl.col("org_id").alias("stad_id"),
                          pl.col("target").alias("t_kf"), pl.col("yellow_limit").alias("y_kf"))
    vals = by_key(ds.values.filter((pl.col("year") == year) & (pl.col("period") == period)),
                  "values").select("indicator_id", "org_id", "outcome", "forecast", "reported")
    df = (pairs.join(ind, on="indicator_id", how="left")
          .join(org_roots(ds.organisation), on="org_id", how="left")
          .join(own, on=["indicator_id", "org_id"], how="left")
          .join(city, on=["indicator_id", "stad_id"], how="left")
          .join(vals, on=["indicator_id", "org_id"], how="left"))
    use_kf = pl.col("t_own").is_null() & (pl.col("decided_by") == "kf")
    target = pl.when(use_kf).then(pl.col("t_kf")).otherwise(pl.col("t_own"))
    given_yellow = pl.when(use_kf).then(pl.col("y_kf")).otherwise(pl.col("y_own"))
    higher = pl.col("direction") == "hogre"
    forecast_counts = period in ("T1", "T2")
    df = df.with_columns(
        target=target,
        # The computed limit is rounded to 14 significant digits to drop binary noise
        # (1.1 − 0.1·1.1 = 0.9900000000000001), so a value equal to it in decimals meets it.
        yellow_limit=pl.coalesce(
            given_yellow,
            pl.when(higher).then(target - params.tolerance * target.abs())
            .otherwise(target + params.tolerance * target.abs()).round_sig_figs(14)),
        value=pl.col("outcome").fill_null(pl.col("forecast")) if forecast_counts
        else pl.col("outcome"),
        basis=pl.when(pl.col("outcome").is_not_null()).then(pl.lit("utfall"))
        .when(pl.lit(forecast_counts) & pl.col("forecast").is_not_null()).then(pl.lit("prognos"))
        .otherwise(pl.lit(None, dtype=pl.String)),
    )
    v, t, y = pl.col("value"), pl.col("target"), pl.col("yellow_limit")
    light = (pl.when(t.is_null()).then(pl.lit("ej_malsatt"))
             .when(v.is_null()).then(pl.lit("saknas"))
             .when(pl.when(higher).then(v >= t).otherwise(v <= t)).then(pl.lit("gron"))
             .when(pl.when(higher).then(v >= y).otherwise(v <= y)).then(pl.lit("gul"))
             .otherwise(pl.lit("rod")))
    return df.with_columns(light=light).select(
        "indicator_id", "org_id", pl.lit(year, dtype=pl.Int64).alias("year"),
        pl.lit(period).alias("period"), "goal_id", "decided_by", "light", "basis", "value",
        "target", "yellow_limit", "reported",
    ).sort("indicator_id", "org_id")


# --- 3.3 goal light -------------------------------------------------------------------------

def vom_of_goal(goals: pl.DataFrame) -> pl.DataFrame:
    """Map each goal at or below a VOM to that VOM: columns goal_id, vom_id."""
    ids = goals["id"].to_list()
    level = dict(zip(ids, goals["level"].to_list()))
    roots = _root_map(ids, goals["parent_id"].to_list(),
                      lambda g: level[g] == "verksamhetsomradesmal")
    return pl.DataFrame(list(roots.items()), schema={"goal_id": pl.String, "vom_id": pl.String},
                        orient="row")


def score_to_light(score: pl.Expr, params: RuleParams) -> pl.Expr:
    return (pl.when(score.is_null()).then(pl.lit("saknas"))
            .when(score >= params.green_threshold).then(pl.lit("gron"))
            .when(score >= params.yellow_threshold).then(pl.lit("gul"))
            .otherwise(pl.lit("rod")))


def _scores(light: pl.Expr) -> pl.Expr:
    return light.replace_strict(SCORE, default=None, return_dtype=pl.Float64)


def goal_lights(ds: Dataset, ind_lights: pl.DataFrame, year: int, period: str,
                params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """One row per (VOM, org) with a counting indicator or a self-assessment (§3.3, §3.4)."""
    voms = vom_of_goal(goals_in_force(ds.goals, year))
    linked = ind_lights.join(voms, on="goal_id", how="inner").with_columns(
        s=_scores(pl.col("light")),
        s_kf=pl.when(pl.col("decided_by") == "kf").then(_scores(pl.col("light"))))
    agg = linked.group_by("vom_id", "org_id").agg(
        score=pl.col("s").mean(),
        score_kf=pl.col("s_kf").mean(),
        n_green=(pl.col("light") == "gron").sum().cast(pl.Int64),
        n_yellow=(pl.col("light") == "gul").sum().cast(pl.Int64),
        n_red=(pl.col("light") == "rod").sum().cast(pl.Int64),
        n_missing=(pl.col("light") == "saknas").sum().cast(pl.Int64),
        n_forecast=((pl.col("basis") == "prognos") & pl.col("light").is_in(SCORED))
        .sum().cast(pl.Int64),
    )
    assessed = (by_key(ds.assessments, "assessments")
                .filter((pl.col("year") == year) & (pl.col("period") == period))
                .join(voms.filter(pl.col("goal_id") == pl.col("vom_id")), on="goal_id",
                      how="semi")
                .select(pl.col("goal_id").alias("vom_id"), "org_id",
                        pl.col("assessment").alias("self_assessment")))
    df = agg.join(assessed, on=["vom_id", "org_id"], how="full", coalesce=True)
    counts = ["n_green", "n_yellow", "n_red", "n_missing", "n_forecast"]
    df = df.with_columns([pl.col(c).fill_null(0) for c in counts]).with_columns(
        light=score_to_light(pl.col("score"), params),
        light_kf_only=score_to_light(pl.col("score_kf"), params),
    ).with_columns(gap=gap_expr(pl.col("self_assessment"), pl.col("light")))
    return df.select(
        pl.col("vom_id").alias("goal_id"), "org_id", pl.lit(year, dtype=pl.Int64).alias("year"),
        pl.lit(period).alias("period"), "light", "score", *counts, "light_kf_only",
        "self_assessment", "gap",
    ).sort("goal_id", "org_id")


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

def gap_expr(assessment: pl.Expr, light: pl.Expr) -> pl.Expr:
    """Self-assessment rank − light rank; null unless both exist and the light is scored."""
    a = assessment.replace_strict(RANK, default=None, return_dtype=pl.Int64)
    lt = pl.when(light.is_in(SCORED)).then(
        light.replace_strict(RANK, default=None, return_dtype=pl.Int64))
    return a - lt


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


def forecast_reliability_summary(pairs: pl.DataFrame) -> pl.DataFrame:
    """Per (org, year): T2 greens, how many ended yellow/red at VB, and the share."""
    return (pairs.filter(pl.col("light_t2") == "gron")
            .group_by("org_id", "year").agg(
                n_green_t2=pl.len().cast(pl.Int64),
                n_failed=pl.col("green_failed").sum().cast(pl.Int64),
                n_failed_forecast=(pl.col("green_failed") & (pl.col("basis_t2") == "prognos"))
                .sum().cast(pl.Int64))
            .with_columns(share_failed=pl.col("n_failed") / pl.col("n_green_t2"))
            .sort("org_id", "year"))
