"""Steering signals (styrsignaler) of DOMAIN.md §3.6, as vectorised polars functions.

Split out of `ils.rules` (which re-exports everything here). Pure: frames in, frames out.
"""

from __future__ import annotations

import polars as pl

from ils.model import FILES, GROUP_KIND, Dataset
from ils.orgs import stad_ids

SIGNAL_TYPES = ("verksamhetsomradesmal", "indikator", "aktivitet", "direktiv_och_uppdrag")


def goals_in_force(goals: pl.DataFrame, year: int) -> pl.DataFrame:
    """Goals in force in `year` (year_from ≤ year ≤ year_to); shared with `ils.rules` (§3.1)."""
    return goals.filter((pl.col("year_from") <= year) & (pl.col("year_to") >= year))


def by_key(df: pl.DataFrame, name: str) -> pl.DataFrame:
    """One row per key of file `name` (first wins). The importer and the database guarantee
    unique keys; this keeps a stray duplicate from multiplying rows through the joins."""
    return df.unique(subset=list(FILES[name].key), keep="first", maintain_order=True)


def _budget_signals(ds: Dataset, year: int) -> pl.DataFrame:
    """The KF budget's signals of `year`, one row each: type, recipient (group, alla or org id)."""
    goals = goals_in_force(by_key(ds.goals, "goals"), year)
    # Select a column, not only literals: a literal-only select of an empty frame gives 1 row.
    voms = goals.filter(pl.col("level") == "verksamhetsomradesmal").select(
        pl.col("level").alias("type"), pl.lit(None, dtype=pl.String).alias("recipient"))
    inds = (by_key(ds.indicators, "indicators")
            .join(goals.select(pl.col("id").alias("goal_id")), on="goal_id", how="semi")
            .filter(pl.col("decided_by") == "kf")
            .select(pl.lit("indikator").alias("type"), pl.col("applies_to").alias("recipient")))
    acts = (by_key(ds.activities, "activities")
            .filter((pl.col("year") == year) & pl.col("org_id").is_in(stad_ids(ds.organisation)))
            .select(pl.lit("aktivitet").alias("type"), "recipient"))
    dirs = by_key(ds.directives, "directives").filter(pl.col("year") == year).select(
        pl.lit("direktiv_och_uppdrag").alias("type"), "recipient")
    return pl.concat([voms, inds, acts, dirs])


def _pivot_signals(df: pl.DataFrame, by: str) -> pl.DataFrame:
    out = df.group_by(by).agg(
        [(pl.col("type") == t).sum().cast(pl.Int64).alias(t) for t in SIGNAL_TYPES])
    return out.with_columns(total=pl.sum_horizontal(*SIGNAL_TYPES))


def signal_counts(ds: Dataset, year: int) -> pl.DataFrame:
    """Signals of the budget to each recipient group (§3.6): one row per group."""
    sig = _budget_signals(ds, year)
    groups = pl.DataFrame({"recipient": list(GROUP_KIND)})
    hits = groups.join(sig.rename({"recipient": "to"}), how="cross").filter(
        (pl.col("type") == "verksamhetsomradesmal")
        | (pl.col("to") == pl.col("recipient")) | (pl.col("to") == "alla"))
    counts = _pivot_signals(hits, "recipient")
    return (groups.join(counts, on="recipient", how="left")
            .with_columns([pl.col(c).fill_null(0) for c in (*SIGNAL_TYPES, "total")]))


def board_signal_counts(ds: Dataset, year: int) -> pl.DataFrame:
    """Per nämnd: the budget's signals to it (group, alla or by name) and what it added itself."""
    boards = by_key(ds.organisation, "organisation").filter(pl.col("level") == "namnd").select(
        pl.col("id").alias("org_id"), "kind")
    kind_group = {kind: group for group, kind in GROUP_KIND.items()}
    boards = boards.with_columns(group=pl.col("kind").replace_strict(
        kind_group, default=None, return_dtype=pl.String))
    sig = _budget_signals(ds, year)
    voms = sig.filter(pl.col("type") == "verksamhetsomradesmal")
    addressed = sig.filter(pl.col("type") != "verksamhetsomradesmal")
    hits = pl.concat([
        boards.join(voms, how="cross").select("org_id", "type"),
        boards.join(addressed.filter(pl.col("recipient") == "alla"), how="cross")
        .select("org_id", "type"),
        boards.join(addressed, left_on="group", right_on="recipient", how="inner")
        .select("org_id", "type"),
        boards.join(addressed, left_on="org_id", right_on="recipient", how="inner")
        .select("org_id", "type"),
    ])
    budget = _pivot_signals(hits, "org_id")
    goals = goals_in_force(by_key(ds.goals, "goals"), year)
    own_goals = goals.filter(pl.col("level") == "namndmal").group_by("org_id").agg(
        own_namndmal=pl.len().cast(pl.Int64))
    own_inds = (by_key(ds.indicators, "indicators")
                .join(goals.select(pl.col("id").alias("goal_id")), on="goal_id", how="semi")
                .filter(pl.col("decided_by") != "kf").group_by("org_id")
                .agg(own_indikator=pl.len().cast(pl.Int64)))
    own_acts = (by_key(ds.activities, "activities").filter(pl.col("year") == year)
                .group_by("org_id").agg(own_aktivitet=pl.len().cast(pl.Int64)))
    out = boards.select("org_id", "kind")
    for extra in (budget, own_goals, own_inds, own_acts):
        out = out.join(extra, on="org_id", how="left")
    fill = [*SIGNAL_TYPES, "total", "own_namndmal", "own_indikator", "own_aktivitet"]
    return (out.with_columns([pl.col(c).fill_null(0).cast(pl.Int64) for c in fill])
            .with_columns(own_total=pl.sum_horizontal("own_namndmal", "own_indikator",
                                                      "own_aktivitet"))
            .sort("org_id"))


def signal_trend(ds: Dataset, years: list[int] | tuple[int, ...]) -> pl.DataFrame:
    """The budget's signals to each recipient group over `years` (§3.6 per year), long form:
    one row per (year, recipient group, type) with its count — the stacked trend's data."""
    schema = {"year": pl.Int64, "recipient": pl.String, "type": pl.String, "count": pl.Int64}
    parts = [signal_counts(ds, y).with_columns(year=pl.lit(y, dtype=pl.Int64))
             for y in sorted(set(years))]
    if not parts:
        return pl.DataFrame(schema=schema)
    wide = pl.concat(parts)
    long = wide.unpivot(on=list(SIGNAL_TYPES), index=["year", "recipient"],
                        variable_name="type", value_name="count")
    order = {t: i for i, t in enumerate(SIGNAL_TYPES)}
    return (long.with_columns(pl.col("count").cast(pl.Int64))
            .sort(pl.col("year"), pl.col("recipient"),
                  pl.col("type").replace_strict(order, return_dtype=pl.Int64))
            .select(list(schema)))
