"""`kontrollrum export`: the rules' results in the CSV contract of DOMAIN.md §4.

Each function returns exactly the contract's columns, in its order, with rows sorted
deterministically; `ils.interchange.to_csv` turns the frame into the CSV text.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl
from sqlalchemy import Engine

from ils import rules
from ils.model import GROUP_KIND
from ils.rules import DEFAULT_PARAMS, RuleParams
from queries.dataset import load_dataset

GOAL_COLUMNS = ("goal_id", "org_id", "year", "period", "light", "score", "n_green", "n_yellow",
                "n_red", "n_missing", "n_forecast", "light_kf_only", "self_assessment", "gap")
INDICATOR_COLUMNS = ("indicator_id", "org_id", "year", "period", "light", "basis", "value",
                     "target", "yellow_limit", "reported")
SIGNAL_COLUMNS = ("recipient", *rules.SIGNAL_TYPES, "total")


def export_indicators(engine: Engine, year: int, period: str,
                      params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """One row per counting (indicator, org) with its light (DOMAIN.md §3.1–3.2)."""
    ds = load_dataset(engine, years=(year,))
    df = rules.indicator_lights(ds, year, period, params)
    # A computed yellow limit (target ∓ t·|target|) carries float noise: 71.10000000000001.
    return (df.with_columns(pl.col("yellow_limit").round(10))
            .select(INDICATOR_COLUMNS).sort("indicator_id", "org_id"))


def export_goals(engine: Engine, year: int, period: str,
                 params: RuleParams = DEFAULT_PARAMS) -> pl.DataFrame:
    """One row per (VOM, org) with a counting indicator or a self-assessment (§3.3–3.4)."""
    ds = load_dataset(engine, years=(year,))
    lights = rules.indicator_lights(ds, year, period, params)
    df = rules.goal_lights(ds, lights, year, period, params)
    return (df.with_columns(pl.col("score").round(4))
            .select(GOAL_COLUMNS).sort("goal_id", "org_id"))


def export_signals(engine: Engine, year: int) -> pl.DataFrame:
    """Steering signals of the KF budget per recipient group (§3.6)."""
    ds = load_dataset(engine, years=(year,))
    order = {group: i for i, group in enumerate(GROUP_KIND)}
    df = rules.signal_counts(ds, year)
    return (df.sort(pl.col("recipient").replace_strict(order, return_dtype=pl.Int64))
            .select(SIGNAL_COLUMNS))


def export_bundle(engine: Engine, out: str | Path) -> tuple[str, int]:
    """The whole data set as a bundle of the interchange format (DOMAIN.md §4, round-2 columns
    included) at `out`: a folder, or a .zip or .xlsx by its name. Returns (format, rows)."""
    from ils.interchange.bundle_write import write_any

    return write_any(load_dataset(engine), out)
