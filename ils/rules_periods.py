"""DOMAIN.md §3.1–3.3 and §3.8's outcome-only light for many (year, period) pairs in one pass.

The one implementation of the indicator and goal lights: `ils.rules` re-exports what is
public here and its single-period functions are filters over these. Every frame carries
`year` (and `period`), so all years and periods are joined, grouped and scored together —
no Python loop over periods. Pure: frames in, frames out.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import polars as pl

from ils.model import GROUP_KIND, Dataset
from ils.periods import FORECAST_PERIODS, PERIODS
from ils.signals import by_key
from ils.voms import assessed_voms, vom_years

SCORE = {"gron": 1.0, "gul": 0.5, "rod": 0.0}
RANK = {"ej": 0, "delvis": 1, "uppfyllt": 2, "rod": 0, "gul": 1, "gron": 2}
SCORED = ("gron", "gul", "rod")
PERIOD_SCHEMA = {"year": pl.Int64, "period": pl.String}
PERIOD_COLS = (pl.col("year").cast(pl.Int64), pl.col("period").cast(pl.String))
COUNTS = ("n_green", "n_yellow", "n_red", "n_missing", "n_forecast")


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


def periods_frame(pairs) -> pl.DataFrame:
    """(year, period) pairs as a typed frame, one row each, in time order."""
    df = pl.DataFrame(list(pairs), schema=PERIOD_SCHEMA, orient="row")
    return df.unique().sort("year", "period")  # T1 < T2 < VB sorts as time does


def data_periods(ds: Dataset) -> pl.DataFrame:
    """Every (year, period) that has a value row or an assessment."""
    both = pl.concat([ds.values.select(PERIOD_COLS), ds.assessments.select(PERIOD_COLS)])
    return both.filter(pl.col("period").is_in(PERIODS)).unique().sort("year", "period")


# --- 3.1 which indicators count for an org -------------------------------------------------

def root_map(ids: list, parents: list, is_root) -> dict:
    """For each id, the first node up its parent chain (itself included) where `is_root` holds;
    ids whose chain ends (or cycles) before one are left out. Linear: each node resolved once."""
    parent = dict(zip(ids, parents, strict=False))
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
    level = dict(zip(ids, organisation["level"].to_list(), strict=False))
    roots = root_map(ids, organisation["parent_id"].to_list(), lambda o: level[o] == "stad")
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


def goal_years(goals: pl.DataFrame, years: pl.DataFrame) -> pl.DataFrame:
    """(goal_id, year) for every goal in force in each of `years` (year_from ≤ Y ≤ year_to)."""
    return (goals.select(pl.col("id").alias("goal_id"), "year_from", "year_to")
            .join(years.select("year"), how="cross")
            .filter((pl.col("year_from") <= pl.col("year")) & (pl.col("year") <= pl.col("year_to")))
            .select("goal_id", "year").unique())


def counting_pairs(ds: Dataset, years: pl.DataFrame) -> pl.DataFrame:
    """(indicator_id, org_id, year) that count in each of `years` (§3.1). A KF indicator's
    group (`applies_to`) holds the nämnder of the KF's own city (the stad of its org_id)."""
    years = years.select(pl.col("year").cast(pl.Int64)).unique()
    in_force = by_key(ds.indicators, "indicators").join(
        goal_years(ds.goals, years), on="goal_id", how="inner")
    ids = in_force.select(pl.col("id").alias("indicator_id"), "year")
    by_rows = pl.concat([
        ds.targets.join(years, on="year", how="semi").select("indicator_id", "org_id", "year"),
        ds.values.join(years, on="year", how="semi").select("indicator_id", "org_id", "year"),
    ])
    city = org_roots(ds.organisation)
    by_group = (in_force.filter(pl.col("decided_by") == "kf")
                .select(pl.col("id").alias("indicator_id"), pl.col("applies_to").alias("group"),
                        pl.col("org_id").alias("owner"), "year")
                .join(city.rename({"org_id": "owner", "stad_id": "owner_stad"}), on="owner",
                      how="left")
                .join(group_members(ds.organisation).join(city, on="org_id", how="left"),
                      on="group", how="inner")
                .filter(pl.col("owner_stad").is_null()
                        | (pl.col("owner_stad") == pl.col("stad_id")))
                .select("indicator_id", "org_id", "year"))
    return (pl.concat([by_rows, by_group]).unique()
            .join(ids, on=["indicator_id", "year"], how="semi")
            .sort("year", "indicator_id", "org_id"))


# --- 3.2 indicator light --------------------------------------------------------------------

def indicator_lights_all(ds: Dataset, periods: pl.DataFrame,
                         params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """One row per counting (indicator, org) and (year, period) of `periods`: light, basis,
    value, target, yellow limit, reported. Sorted by year, period, indicator, org."""
    periods = periods.select(PERIOD_COLS).unique()
    years = periods.select("year").unique()
    pairs = counting_pairs(ds, years).join(periods, on="year", how="inner")
    ind = by_key(ds.indicators, "indicators").select(
        pl.col("id").alias("indicator_id"), "goal_id", "direction", "decided_by")
    targets = by_key(ds.targets.join(years, on="year", how="semi"), "targets")
    own = targets.select("indicator_id", "org_id", "year", pl.col("target").alias("t_own"),
                         pl.col("yellow_limit").alias("y_own"))
    city = targets.select("indicator_id", pl.col("org_id").alias("stad_id"), "year",
                          pl.col("target").alias("t_kf"), pl.col("yellow_limit").alias("y_kf"))
    vals = by_key(ds.values.join(periods, on=["year", "period"], how="semi"), "values").select(
        "indicator_id", "org_id", "year", "period", "outcome", "forecast", "reported")
    df = (pairs.join(ind, on="indicator_id", how="left")
          .join(org_roots(ds.organisation), on="org_id", how="left")
          .join(own, on=["indicator_id", "org_id", "year"], how="left")
          .join(city, on=["indicator_id", "stad_id", "year"], how="left")
          .join(vals, on=["indicator_id", "org_id", "year", "period"], how="left"))
    use_kf = pl.col("t_own").is_null() & (pl.col("decided_by") == "kf")
    target = pl.when(use_kf).then(pl.col("t_kf")).otherwise(pl.col("t_own"))
    given_yellow = pl.when(use_kf).then(pl.col("y_kf")).otherwise(pl.col("y_own"))
    higher = pl.col("direction") == "hogre"
    forecast_counts = pl.col("period").is_in(list(FORECAST_PERIODS))  # at VB a forecast never counts
    df = df.with_columns(
        target=target,
        # The computed limit is rounded to 14 significant digits to drop binary noise
        # (1.1 − 0.1·1.1 = 0.9900000000000001), so a value equal to it in decimals meets it.
        yellow_limit=pl.coalesce(
            given_yellow,
            pl.when(higher).then(target - params.tolerance * target.abs())
            .otherwise(target + params.tolerance * target.abs()).round_sig_figs(14)),
        value=pl.when(forecast_counts).then(pl.col("outcome").fill_null(pl.col("forecast")))
        .otherwise(pl.col("outcome")),
        basis=pl.when(pl.col("outcome").is_not_null()).then(pl.lit("utfall"))
        .when(forecast_counts & pl.col("forecast").is_not_null()).then(pl.lit("prognos"))
        .otherwise(pl.lit(None, dtype=pl.String)),
    )
    v, t, y = pl.col("value"), pl.col("target"), pl.col("yellow_limit")
    light = (pl.when(t.is_null()).then(pl.lit("ej_malsatt"))
             .when(v.is_null()).then(pl.lit("saknas"))
             .when(pl.when(higher).then(v >= t).otherwise(v <= t)).then(pl.lit("gron"))
             .when(pl.when(higher).then(v >= y).otherwise(v <= y)).then(pl.lit("gul"))
             .otherwise(pl.lit("rod")))
    return df.with_columns(light=light).select(
        "indicator_id", "org_id", "year", "period", "goal_id", "decided_by", "light", "basis",
        "value", "target", "yellow_limit", "reported",
    ).sort("year", "period", "indicator_id", "org_id")


# --- 3.3 goal light, 3.8 outcome-only light -------------------------------------------------

def score_to_light(score: pl.Expr, params: RuleParams) -> pl.Expr:
    return (pl.when(score.is_null()).then(pl.lit("saknas"))
            .when(score >= params.green_threshold).then(pl.lit("gron"))
            .when(score >= params.yellow_threshold).then(pl.lit("gul"))
            .otherwise(pl.lit("rod")))


def scores(light: pl.Expr) -> pl.Expr:
    return light.replace_strict(SCORE, default=None, return_dtype=pl.Float64)


def gap_expr(assessment: pl.Expr, light: pl.Expr) -> pl.Expr:
    """Self-assessment rank − light rank; null unless both exist and the light is scored."""
    a = assessment.replace_strict(RANK, default=None, return_dtype=pl.Int64)
    lt = pl.when(light.is_in(SCORED)).then(
        light.replace_strict(RANK, default=None, return_dtype=pl.Int64))
    return a - lt


def rests_on_forecast_expr() -> pl.Expr:
    """§3.8 (amended): at T1/T2 a goal light rests on forecasts when at least one scored
    indicator light is forecast-based and either the outcome-only light differs from the light
    or the forecast-based lights are at least half of the scored ones
    (2·n_forecast ≥ n_green + n_yellow + n_red)."""
    n_scored = pl.col("n_green") + pl.col("n_yellow") + pl.col("n_red")
    return (pl.col("period").is_in(list(FORECAST_PERIODS)) & (pl.col("n_forecast") >= 1)
            & ((pl.col("light_outcome_only") != pl.col("light"))
               | (2 * pl.col("n_forecast") >= n_scored)))


def goal_lights_all(ds: Dataset, ind_lights: pl.DataFrame, periods: pl.DataFrame,
                    params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """One row per (VOM, org, year, period) with a counting indicator or a self-assessment
    (§3.3, §3.4), with §3.8's `light_outcome_only` and `rests_on_forecast`.
    `ind_lights` are indicator lights (`indicator_lights_all`) of the same periods."""
    periods = periods.select(PERIOD_COLS).unique()
    voms = vom_years(ds.goals, periods)
    on_forecast = pl.col("basis") == "prognos"
    linked = ind_lights.join(periods, on=["year", "period"], how="semi").join(
        voms, on=["goal_id", "year"], how="inner").with_columns(
        s=scores(pl.col("light")),
        s_kf=pl.when(pl.col("decided_by") == "kf").then(scores(pl.col("light"))),
        s_out=pl.when(on_forecast).then(None).otherwise(scores(pl.col("light"))))
    agg = linked.group_by("vom_id", "org_id", "year", "period").agg(
        score=pl.col("s").mean(),
        score_kf=pl.col("s_kf").mean(),
        score_out=pl.col("s_out").mean(),
        n_green=(pl.col("light") == "gron").sum().cast(pl.Int64),
        n_yellow=(pl.col("light") == "gul").sum().cast(pl.Int64),
        n_red=(pl.col("light") == "rod").sum().cast(pl.Int64),
        n_missing=(pl.col("light") == "saknas").sum().cast(pl.Int64),
        n_forecast=(on_forecast & pl.col("light").is_in(SCORED)).sum().cast(pl.Int64),
    )
    assessed = assessed_voms(ds.assessments, voms, periods)
    df = agg.join(assessed, on=["vom_id", "org_id", "year", "period"], how="full",
                  coalesce=True)
    df = df.with_columns([pl.col(c).fill_null(0) for c in COUNTS]).with_columns(
        light=score_to_light(pl.col("score"), params),
        light_kf_only=score_to_light(pl.col("score_kf"), params),
        light_outcome_only=score_to_light(pl.col("score_out"), params),
    ).with_columns(
        gap=gap_expr(pl.col("self_assessment"), pl.col("light")),
        rests_on_forecast=rests_on_forecast_expr(),
    )
    return df.select(
        pl.col("vom_id").alias("goal_id"), "org_id", "year", "period", "light", "score",
        *COUNTS, "light_kf_only", "self_assessment", "gap", "light_outcome_only",
        "rests_on_forecast",
    ).sort("year", "period", "goal_id", "org_id")


def all_lights(ds: Dataset, params: RuleParams = DEFAULT_PARAMS,
               periods: pl.DataFrame | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Indicator and goal lights of every (year, period) of `periods` (default: every pair
    with a value row or an assessment), computed in one pass."""
    periods = data_periods(ds) if periods is None else periods
    ind = indicator_lights_all(ds, periods, params)
    return ind, goal_lights_all(ds, ind, periods, params)
