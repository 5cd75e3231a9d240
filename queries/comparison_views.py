"""What /jamforelse and /prognoser load: lights of the boards and the city (never units),
from narrow loads of the rows they need (no activities or directives), computed with
`queries.views.compute` (the rules of `ils.rules`).

Computing lights costs a fixed ~25 ms per (year, period) whatever the size, and these pages
need several periods; so computed lights are memoised in the process, keyed on a hash of
the exact input rows of that (year, period). Every call still loads the rows, so a changed
database always gives fresh lights; an unchanged one skips the recomputation.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine

from ils import rules
from ils.model import Dataset
from queries import views

@dataclass(frozen=True)
class Scope:
    """The reference data of the pages: boards (nämnder) and the stad org."""

    ref: Dataset
    boards: pl.DataFrame  # id, kind, name (level namnd), sorted by name
    stad_id: str | None

    @property
    def board_ids(self) -> tuple[str, ...]:
        return tuple(self.boards["id"].to_list())

    @property
    def org_ids(self) -> tuple[str, ...]:
        return tuple(sorted(set(self.board_ids) | ({self.stad_id} if self.stad_id else set())))


def scope(engine: Engine) -> Scope:
    ref = views.reference(engine)
    orgs = ref.organisation
    boards = orgs.filter(pl.col("level") == "namnd").select("id", "kind", "name").sort("name")
    stad = orgs.filter(pl.col("level") == "stad")["id"]
    return Scope(ref, boards, stad[0] if len(stad) else None)


def load(engine: Engine, sc: Scope, years: tuple[int, ...]) -> Dataset:
    """The boards' and the stad's targets, values and assessments of `years` (every period),
    with the reference tables of `sc`."""
    return views.with_measures(engine, sc.ref, years=years, org_ids=sc.org_ids)


def lights(ds: Dataset, pairs, params: rules.RuleParams, org_ids: tuple[str, ...],
           *, goals: bool = True) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """Indicator (and goal) lights of `org_ids` for each (year, period) of `pairs`."""
    ind, goal = [], []
    for year, period in pairs:
        if goals:
            got = views.compute(ds, year, period, params, org_ids)
            ind.append(got.indicators)
            goal.append(got.goals)
        else:
            ind.append(rules.indicator_lights(ds, year, period, params)
                       .filter(pl.col("org_id").is_in(org_ids)))
    if not ind:
        got = views.compute(ds, 0, "VB", params, org_ids)
        return got.indicators, got.goals if goals else None
    return pl.concat(ind), (pl.concat(goal) if goals else None)


# --- /jamforelse ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Now:
    scope: Scope
    ds: Dataset  # the year's rows of the period (assessments with basis and motivation)
    indicators: pl.DataFrame  # indicator lights of boards + stad
    goals: pl.DataFrame  # goal lights of boards + stad


def comparison_now(engine: Engine, year: int, period: str, params: rules.RuleParams) -> Now:
    """Lights and assessments of the boards and the city for one period."""
    sc = scope(engine)
    ds = load(engine, sc, years=(year,))
    ind, goals = lights(ds, [(year, period)], params, sc.org_ids)
    return Now(sc, ds, ind, goals)


def comparison_trend(engine: Engine, period: str, years: list[int],
                     params: rules.RuleParams) -> tuple[Scope, pl.DataFrame]:
    """Goal lights of the boards for `period` in each of `years`."""
    sc = scope(engine)
    ds = load(engine, sc, years=tuple(years))
    _, goals = lights(ds, [(y, period) for y in sorted(years)], params, sc.org_ids)
    return sc, goals.filter(pl.col("org_id").is_in(list(sc.board_ids)))


def comparison_periods(engine: Engine, year: int, periods: list[str],
                       params: rules.RuleParams) -> tuple[Scope, pl.DataFrame]:
    """Indicator lights of the boards in each period of `year` (for the reported statuses)."""
    sc = scope(engine)
    ds = load(engine, sc, years=(year,))
    ind, _ = lights(ds, [(year, p) for p in periods], params, sc.org_ids, goals=False)
    return sc, ind.filter(pl.col("org_id").is_in(list(sc.board_ids)))


# --- /prognoser -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ForecastData:
    scope: Scope
    ds: Dataset  # T2 and VB rows of the years (assessments with motivations)
    t2: pl.DataFrame  # indicator lights of the boards at T2
    vb: pl.DataFrame  # … at VB


def forecast_years(available: tuple[tuple[int, str], ...]) -> list[int]:
    """Years that have both T2 and VB values, latest first."""
    t2 = {y for y, p in available if p == "T2"}
    return sorted(t2 & {y for y, p in available if p == "VB"}, reverse=True)


def forecasts(engine: Engine, params: rules.RuleParams, years: list[int]) -> ForecastData:
    """T2 and VB indicator lights of the boards for `years`."""
    sc = scope(engine)
    ds = load(engine, sc, years=tuple(years))
    ind, _ = lights(ds, [(y, p) for y in sorted(years) for p in ("T2", "VB")], params,
                    sc.board_ids, goals=False)
    return ForecastData(sc, ds, ind.filter(pl.col("period") == "T2"),
                        ind.filter(pl.col("period") == "VB"))
