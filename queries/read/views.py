"""What the pages ask for: lights for a scope of orgs, over one period or over time.

Each function narrows what it loads (year, orgs, indicators) so a page never reads the
whole database; the rules come from `ils.rules`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine

from ils import rules, rules_periods
from ils.model import Dataset
from ils.orgs import stad_ids
from queries.read.dataset import load_dataset
from queries.write.lights import (
    ensure_lights,
    period_stored,
    read_goal_lights,
    read_indicator_lights,
)


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


def _scope(ref: Dataset, org_ids: tuple[str, ...] | None) -> tuple[str, ...] | None:
    """The orgs whose rows a computation for `org_ids` needs: they and the stad (KF targets)."""
    if org_ids is None:
        return None
    return tuple(sorted(set(org_ids) | set(stad_ids(ref.organisation))))


def with_measures(engine: Engine, ref: Dataset, files: tuple[str, ...] = MEASURES,
                  **narrow) -> Dataset:
    """The reference tables plus targets, values and assessments narrowed as given (only
    `files` of them read; the others empty)."""
    part = load_dataset(engine, files=files, **narrow)
    return Dataset(**{**ref.frames(), **{f: getattr(part, f) for f in MEASURES}})


def compute(ds: Dataset, year: int, period: str, params: rules_periods.RuleParams,
            org_ids: tuple[str, ...] | None = None) -> Lights:
    """Indicator and goal lights of `ds` for one period, kept to `org_ids` when given."""
    ind = rules.indicator_lights(ds, year, period, params)
    goals = rules.goal_lights(ds, ind, year, period, params)
    if org_ids is not None:
        ind = ind.filter(pl.col("org_id").is_in(org_ids))
        goals = goals.filter(pl.col("org_id").is_in(org_ids))
    return Lights(ds, year, period, ind, goals)


def lights(engine: Engine, year: int, period: str, params: rules_periods.RuleParams,
           org_ids: tuple[str, ...] | None = None,
           indicator_ids: tuple[str, ...] | None = None,
           ref: Dataset | None = None, measures: tuple[str, ...] = MEASURES,
           stored: Callable[[int, str, tuple[str, ...] | None], pl.DataFrame] | None = None,
           ) -> Lights:
    """Lights of one period for the given orgs (all when None), read from the stored lights
    (`queries.write.lights`); `ds` is the data set narrowed to the page's scope. Pass `ref` (from
    `reference`) when the page has it already, to save reading it again, and `measures` when
    the caller reads only some of `ds`'s measures (the others come back empty; a period
    without stored lights reads them all, to compute its lights). `stored(year, period,
    org_ids)`: where the stored indicator lights come from when the caller has them cached
    (`pagekit.data.indicator_lights`; only without `indicator_ids`)."""
    ref = ref if ref is not None else reference(engine)
    narrow = {"years": (year,), "org_ids": _scope(ref, org_ids), "indicator_ids": indicator_ids}
    ensure_lights(engine, params)
    ind = (stored(year, period, org_ids) if stored is not None and indicator_ids is None
           else read_indicator_lights(engine, year, period, org_ids, indicator_ids))
    goals = read_goal_lights(engine, year, period, org_ids)
    if ind.is_empty() and goals.is_empty() and not period_stored(engine, year, period):
        # A period without any value or assessment is not stored: compute it from `ds`.
        ds = with_measures(engine, ref, **narrow)
        ind, goals = rules_periods.all_lights(ds, params, rules_periods.periods_frame([(year, period)]))
        if org_ids is not None:
            ind = ind.filter(pl.col("org_id").is_in(org_ids))
            goals = goals.filter(pl.col("org_id").is_in(org_ids))
    else:
        ds = with_measures(engine, ref, measures, **narrow)
    return Lights(ds, year, period, ind, goals)


def lights_over_time(engine: Engine, params: rules_periods.RuleParams,
                     org_ids: tuple[str, ...] | None = None,
                     indicator_ids: tuple[str, ...] | None = None,
                     ref: Dataset | None = None, goal_ids: tuple[str, ...] | None = None,
                     ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Stored indicator and goal lights of every year and period with data (values or
    assessments), for a scope (goal lights of `goal_ids` only, when given); sorted by year
    and period. `ref` is not needed any more."""
    ensure_lights(engine, params)
    return (read_indicator_lights(engine, org_ids=org_ids, indicator_ids=indicator_ids),
            read_goal_lights(engine, org_ids=org_ids, goal_ids=goal_ids))


def reference(engine: Engine) -> Dataset:
    """The small, non-yearly tables: organisation, goals, indicators (no values)."""
    return load_dataset(engine, files=REFERENCE)
