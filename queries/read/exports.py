"""`kontrollrum export`: the rules' results in the CSV contract of DOMAIN.md §4.

Each function returns exactly the contract's columns, in its order, with rows sorted
deterministically; `ils.interchange.to_csv` turns the frame into the CSV text.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from ils import periods, progress, signals
from ils.model import GROUP_KIND
from ils.rules_periods import DEFAULT_PARAMS, RuleParams
from queries.read.dataset import load_dataset
from queries.write.lights import ensure_lights, read_goal_lights, read_indicator_lights

GOAL_COLUMNS = ("goal_id", "org_id", "year", "period", "light", "score", "n_green", "n_yellow",
                "n_red", "n_missing", "n_forecast", "light_kf_only", "self_assessment", "gap",
                "light_outcome_only", "light_rollup", "change", "rests_on_forecast")  # last 4: §3.8
INDICATOR_COLUMNS = ("indicator_id", "org_id", "year", "period", "light", "basis", "value",
                     "target", "yellow_limit", "reported", "lower_ambition")  # last: §3.8
SIGNAL_COLUMNS = ("recipient", *signals.SIGNAL_TYPES, "total")


def export_indicators(engine: Engine, year: int, period: str,
                      params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """One row per counting (indicator, org) with its light (DOMAIN.md §3.1–3.2), read from
    the stored lights, and `lower_ambition` = "ja" where the org's own target for a KF
    indicator is less ambitious than KF's (§3.8)."""
    ensure_lights(engine, params)
    df = read_indicator_lights(engine, year, period)
    ref = load_dataset(engine, years=(year,), files=("organisation", "indicators", "targets"))
    lower = (progress.lower_ambition(ref.targets, ref.indicators, ref.organisation)
             .filter(pl.col("lower_ambition"))
             .select("indicator_id", "org_id", pl.lit("ja").alias("lower_ambition")))
    # A computed yellow limit (target ∓ t·|target|) carries float noise: 71.10000000000001.
    return (df.with_columns(pl.col("yellow_limit").round(10))
            .join(lower, on=["indicator_id", "org_id"], how="left")
            .select(INDICATOR_COLUMNS).sort("indicator_id", "org_id"))


def export_goals(engine: Engine, year: int, period: str,
                 params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """One row per (VOM, org) with a counting indicator or a self-assessment (§3.3–3.4), read
    from the stored lights, with the §3.8 outcome-only light, the roll-up light over the org
    and every org below it, and the change since the previous period."""
    ensure_lights(engine, params)
    df = read_goal_lights(engine, year, period)
    ref = load_dataset(engine, files=("organisation", "goals"))
    rollup = progress.rollup_lights(read_indicator_lights(engine, year, period),
                                    ref.organisation, ref.goals, params)
    prev_year, prev_period = periods.previous(year, period)
    both = progress.with_change(pl.concat([df, read_goal_lights(engine, prev_year, prev_period)]))
    keys = ["goal_id", "org_id", "year", "period"]
    # One vocabulary (§3.8): a roll-up with no indicator anywhere below is `saknas`, as
    # `light` is; `rests_on_forecast` is `ja` or empty.
    return (df.with_columns(pl.col("score").round(4))
            .join(rollup.select(*keys, "light_rollup"), on=keys, how="left")
            .join(both.select(*keys, "change"), on=keys, how="left")
            .with_columns(pl.col("light_rollup").fill_null("saknas"),
                          rests_on_forecast=pl.when(pl.col("rests_on_forecast"))
                          .then(pl.lit("ja")).otherwise(pl.lit(None, pl.String)))
            .select(GOAL_COLUMNS).sort("goal_id", "org_id"))


def export_signals(engine: Engine, year: int) -> pl.DataFrame:
    """Steering signals of the KF budget per recipient group (§3.6)."""
    ds = load_dataset(engine, years=(year,))
    order = {group: i for i, group in enumerate(GROUP_KIND)}
    df = signals.signal_counts(ds, year)
    return (df.sort(pl.col("recipient").replace_strict(order, return_dtype=pl.Int64))
            .select(SIGNAL_COLUMNS))


def export_bundle(engine: Engine, out: str | Path) -> tuple[str, int]:
    """The whole data set as a bundle of the interchange format (DOMAIN.md §4, round-2 columns
    included) at `out`: a folder, or a .zip or .xlsx by its name. Returns (format, rows)."""
    from ils.interchange.bundle_write import write_any

    return write_any(load_dataset(engine), out)
