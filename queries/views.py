"""What the pages ask for: lights for a scope of orgs, over one period or over time.

Each function narrows what it loads (year, orgs, indicators) so a page never reads the
whole database; the rules come from `ils.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine

from ils import rules
from ils.model import PERIODS, Dataset
from queries.dataset import load_dataset


@dataclass(frozen=True)
class Lights:
    """A data set scope with its indicator lights and VOM (goal) lights for one period."""

    ds: Dataset
    year: int
    period: str
    indicators: pl.DataFrame
    goals: pl.DataFrame


REFERENCE = ("organisation", "goals", "indicators")
MEASURES = ("targets", "values", "assessments")


def stad_ids(ref: Dataset) -> tuple[str, ...]:
    return tuple(ref.organisation.filter(pl.col("level") == "stad")["id"].to_list())


def _scope(ref: Dataset, org_ids: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The orgs whose rows a computation for `org_ids` needs: they and the stad (KF targets)."""
    if org_ids is None:
        return None
    return tuple(sorted(set(org_ids) | set(stad_ids(ref))))


def with_measures(engine: Engine, ref: Dataset, **narrow) -> Dataset:
    """The reference tables plus targets, values and assessments narrowed as given."""
    part = load_dataset(engine, files=MEASURES, **narrow)
    return Dataset(**{**ref.frames(), **{f: getattr(part, f) for f in MEASURES}})


def compute(ds: Dataset, year: int, period: str, params: rules.RuleParams,
            org_ids: tuple[str, ...] | None = None) -> Lights:
    """Indicator and goal lights of `ds` for one period, kept to `org_ids` when given."""
    ind = rules.indicator_lights(ds, year, period, params)
    goals = rules.goal_lights(ds, ind, year, period, params)
    if org_ids is not None:
        ind = ind.filter(pl.col("org_id").is_in(org_ids))
        goals = goals.filter(pl.col("org_id").is_in(org_ids))
    return Lights(ds, year, period, ind, goals)


def lights(engine: Engine, year: int, period: str, params: rules.RuleParams,
           org_ids: tuple[str, ...] | None = None,
           indicator_ids: tuple[str, ...] | None = None,
           ref: Dataset | None = None) -> Lights:
    """Lights of one period for the given orgs (all when None). Pass `ref` (from
    `reference`) when the page has it already, to save reading it again."""
    ref = ref if ref is not None else reference(engine)
    ds = with_measures(engine, ref, years=(year,), org_ids=_scope(ref, org_ids),
                        indicator_ids=indicator_ids)
    return compute(ds, year, period, params, org_ids)


def lights_over_time(engine: Engine, params: rules.RuleParams,
                     org_ids: tuple[str, ...] | None = None,
                     indicator_ids: tuple[str, ...] | None = None,
                     ref: Dataset | None = None) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Indicator and goal lights for every year and period that has values, for a scope."""
    ref = ref if ref is not None else reference(engine)
    ds = with_measures(engine, ref, org_ids=_scope(ref, org_ids), indicator_ids=indicator_ids)
    periods = ds.values.select("year", "period").unique()
    ind_parts, goal_parts = [], []
    for year in sorted(periods["year"].unique().to_list()):
        present = set(periods.filter(pl.col("year") == year)["period"].to_list())
        for period in (p for p in PERIODS if p in present):
            got = compute(ds, year, period, params, org_ids)
            ind_parts.append(got.indicators)
            goal_parts.append(got.goals)
    if not ind_parts:
        empty = compute(ds, 0, "VB", params, org_ids)
        return empty.indicators, empty.goals
    return pl.concat(ind_parts), pl.concat(goal_parts)


def reference(engine: Engine) -> Dataset:
    """The small, non-yearly tables: organisation, goals, indicators (no values)."""
    return load_dataset(engine, files=REFERENCE)
