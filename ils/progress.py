"""DOMAIN.md §3.8 beside the goal light: roll-up and total lights, the goal's display state
("Inga indikatorer" / "Ej målsatt" / "Utfall saknas"), change since the previous period,
lower ambition than KF, and the worst-first order. Pure polars on the frames the rules give
(`ils.rules` stays the one home of §3.2–3.3; this module scores with its functions).
"""

from __future__ import annotations

import polars as pl

from ils import orgs as org_tree
from ils import periods
from ils.rules_periods import (
    DEFAULT_PARAMS,
    RANK,
    SCORE,
    SCORED,
    RuleParams,
    org_roots,
    score_to_light,
)
from ils.voms import vom_of_goal

COUNTS = ("n_green", "n_yellow", "n_red", "n_missing")
GREY_LAST = 1e9  # sort key of a goal with no score: after every scored one


def _score_group(df: pl.DataFrame, by: list[str], params: RuleParams,
                 prefix: str) -> pl.DataFrame:
    """§3.3 scoring of indicator lights grouped by `by`: light, score and the four counts."""
    s = pl.col("light").replace_strict(SCORE, default=None, return_dtype=pl.Float64)
    out = df.group_by(by).agg(
        score=s.mean(),
        n_green=(pl.col("light") == "gron").sum().cast(pl.Int64),
        n_yellow=(pl.col("light") == "gul").sum().cast(pl.Int64),
        n_red=(pl.col("light") == "rod").sum().cast(pl.Int64),
        n_missing=(pl.col("light") == "saknas").sum().cast(pl.Int64))
    out = out.with_columns(light=score_to_light(pl.col("score"), params))
    return out.rename({c: f"{c}_{prefix}" for c in ("light", "score", *COUNTS)})


def closure(organisation: pl.DataFrame) -> pl.DataFrame:
    """(org_id, member_id): every org with itself and every org below it."""
    ids = organisation["id"].to_list()
    children: dict = {}
    for o, p in organisation.select("id", "parent_id").iter_rows():
        children.setdefault(p, []).append(o)
    pairs = []
    for o in ids:  # each org's subtree once: linear in the sum of the subtrees' sizes
        seen, todo = {o}, [o]
        while todo:
            cur = todo.pop()
            pairs.append((o, cur))
            for c in children.get(cur, ()):
                if c not in seen:
                    seen.add(c)
                    todo.append(c)
    return pl.DataFrame(pairs, schema={"org_id": pl.String, "member_id": pl.String},
                        orient="row")


def rollup_lights(ind_lights: pl.DataFrame, organisation: pl.DataFrame, goals: pl.DataFrame,
                  params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """§3.8 roll-up: per (VOM, org, year, period), the §3.3 scoring over the indicator lights
    of the org and of every org below it, each (indicator, org) light once. Columns goal_id,
    org_id, year, period, light_rollup, score_rollup, n_*_rollup, and `state_rollup`: the
    light, or `ej_malsatt` when every one of those indicators lacks a target (as
    `goal_state` says it of an org's own light; nothing is missing then)."""
    linked = (ind_lights.join(vom_of_goal(goals), on="goal_id", how="inner")
              .rename({"org_id": "member_id"})
              .join(closure(organisation), on="member_id", how="inner")
              .unique(["vom_id", "org_id", "indicator_id", "member_id", "year", "period"]))
    out = _score_group(linked, ["vom_id", "org_id", "year", "period"], params, "rollup")
    unset = pl.sum_horizontal(*[pl.col(f"{c}_rollup") for c in COUNTS]) == 0
    out = out.with_columns(state_rollup=pl.when(unset).then(pl.lit("ej_malsatt"))
                           .otherwise(pl.col("light_rollup")))
    return out.rename({"vom_id": "goal_id"}).sort("goal_id", "org_id", "year", "period")


def total_lights(ind_lights: pl.DataFrame, params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """§3.8 an org's total light per (year, period): the scoring over all its own indicator
    lights, whatever the VOM (used to rank units). Columns org_id, year, period,
    light_total, score_total, n_*_total."""
    return _score_group(ind_lights, ["org_id", "year", "period"], params, "total").sort(
        "org_id", "year", "period")


def goal_state(goal_lights: pl.DataFrame, ind_lights: pl.DataFrame,
               goals: pl.DataFrame) -> pl.DataFrame:
    """§3.8 what a (VOM, org) shows: `inga_indikatorer` when no indicator counts for it,
    `ej_malsatt` when all its indicators lack a target, else its light (`saknas` only when
    it has targets but no scored value). Adds the column `state` to `goal_lights`."""
    keys = ["goal_id", "org_id", "year", "period"]
    per = (ind_lights.join(vom_of_goal(goals), on="goal_id", how="inner")
           .group_by("vom_id", "org_id", "year", "period")
           .agg(n_ind_=pl.len().cast(pl.Int64),
                n_unset_=(pl.col("light") == "ej_malsatt").sum().cast(pl.Int64))
           .rename({"vom_id": "goal_id"}))
    df = goal_lights.join(per, on=keys, how="left").with_columns(
        pl.col("n_ind_").fill_null(0), pl.col("n_unset_").fill_null(0))
    state = (pl.when(pl.col("n_ind_") == 0).then(pl.lit("inga_indikatorer"))
             .when(pl.col("n_unset_") == pl.col("n_ind_")).then(pl.lit("ej_malsatt"))
             .otherwise(pl.col("light")))
    return df.with_columns(state=state).drop("n_ind_", "n_unset_")


def with_change(goal_lights: pl.DataFrame) -> pl.DataFrame:
    """§3.8 change since the previous period for every (goal, org, year, period) of a frame
    holding several periods: `upp`, `ner`, `oforandrad`, or null when either light is grey
    or the previous period is not in the frame. Adds `change` and `light_previous`."""
    rank = pl.col("light").replace_strict({k: v for k, v in RANK.items() if k in SCORED},
                                          default=None, return_dtype=pl.Int64)
    back = {p: periods.previous(0, p) for p in periods.PERIODS}  # (year step, period) before
    prev_year = pl.col("year") + pl.col("period").replace_strict(
        {p: y for p, (y, _) in back.items()}, return_dtype=pl.Int64)
    prev_period = pl.col("period").replace_strict({p: q for p, (_, q) in back.items()},
                                                  return_dtype=pl.String)
    df = goal_lights.with_columns(rank_=rank, prev_year_=prev_year, prev_period_=prev_period)
    prev = df.select("goal_id", "org_id", pl.col("year").alias("prev_year_"),
                     pl.col("period").alias("prev_period_"), pl.col("rank_").alias("prank_"),
                     pl.col("light").alias("light_previous"))
    df = df.join(prev, on=["goal_id", "org_id", "prev_year_", "prev_period_"], how="left")
    diff = pl.col("rank_") - pl.col("prank_")
    change = (pl.when(diff > 0).then(pl.lit("upp")).when(diff < 0).then(pl.lit("ner"))
              .when(diff == 0).then(pl.lit("oforandrad")).otherwise(pl.lit(None, pl.String)))
    return df.with_columns(change=change).drop("rank_", "prev_year_", "prev_period_", "prank_")


GOAL_KEYS = ["goal_id", "org_id", "year", "period"]


def goal_changes(now: pl.DataFrame, before: pl.DataFrame) -> pl.DataFrame:
    """§3.8 what changed in the goal lights `now` (one period) since `before` (the lights of
    the previous period, `ils.periods.previous`): each goal of `now` whose light went up or down
    (`with_change`: both lights scored) or is a *new red* (red now, not red before: before
    another light, grey or no light at all). Columns goal_id, org_id, year, period, light,
    light_previous (null: no light before), change (`upp`, `ner`; null when not comparable)
    and new_red (bool); goals with no such change are left out. The caller says when there
    is no previous period at all (then every red would read as new)."""
    cols = [*GOAL_KEYS, "light"]
    both = with_change(pl.concat([now.select(cols), before.select(cols)]).unique(GOAL_KEYS))
    out = both.join(now.select(GOAL_KEYS), on=GOAL_KEYS, how="semi").with_columns(
        new_red=(pl.col("light") == "rod") & (pl.col("light_previous").fill_null("") != "rod"))
    return (out.filter(pl.col("change").is_in(["upp", "ner"]) | pl.col("new_red"))
            .select(*cols, "light_previous", "change", "new_red").sort(GOAL_KEYS))


IND_KEYS = ["indicator_id", "org_id"]


def outcomes_arrived(now: pl.DataFrame, before: pl.DataFrame) -> pl.DataFrame:
    """The indicator lights of `now` (one period) that rest on an outcome while those of
    `before` (the previous period) did not: the indicator rested on a forecast, had no value,
    or had no light at all then. The rows of `now` with `basis_previous` and
    `light_previous` (null when there was no row), ordered by indicator and org."""
    prev = before.select(*IND_KEYS, pl.col("basis").alias("basis_previous"),
                         pl.col("light").alias("light_previous")).unique(IND_KEYS)
    return (now.filter(pl.col("basis") == "utfall")
            .join(prev, on=IND_KEYS, how="left")
            .filter((pl.col("basis_previous") != "utfall").fill_null(True))
            .sort(IND_KEYS))


def lower_ambition(targets: pl.DataFrame, indicators: pl.DataFrame,
                   organisation: pl.DataFrame) -> pl.DataFrame:
    """§3.8 own target rows of KF-decided indicators that are less ambitious than KF's (the
    row of the org's city): higher-is-better and own < KF, or lower-is-better and own > KF.
    Columns indicator_id, org_id, year, target, kf_target, lower_ambition (bool)."""
    kf = indicators.filter(pl.col("decided_by") == "kf").select(
        pl.col("id").alias("indicator_id"), "direction")
    cities = set(org_tree.stad_ids(organisation))
    city = org_roots(organisation)  # each org's city, in one pass over the tree
    own = (targets.join(kf, on="indicator_id", how="inner")
           .filter(~pl.col("org_id").is_in(list(cities)))
           .join(city, on="org_id", how="left"))
    kf_rows = targets.select("indicator_id", pl.col("org_id").alias("stad_id"), "year",
                             pl.col("target").alias("kf_target"))
    df = own.join(kf_rows, on=["indicator_id", "stad_id", "year"], how="inner")
    lower = (pl.when(pl.col("direction") == "hogre").then(pl.col("target") < pl.col("kf_target"))
             .otherwise(pl.col("target") > pl.col("kf_target")))
    return df.select("indicator_id", "org_id", "year", "target", "kf_target",
                     lower.alias("lower_ambition")).sort("indicator_id", "org_id", "year")


def worst_first(df: pl.DataFrame, score: str = "score", n_red: str = "n_red",
                name: str | None = None) -> pl.DataFrame:
    """§3.8 order: score ascending, then more reds first; grey (no score) last; then by
    `name` when given, so the order is stable."""
    keys = [pl.col(score).fill_null(GREY_LAST), -pl.col(n_red).fill_null(0)]
    if name:
        keys.append(pl.col(name))
    return df.sort(keys)
