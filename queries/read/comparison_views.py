"""What /jamforelse, /prognoser and /mote read: the boards (nämnder) and the stad, their stored
lights (`queries.write.lights`, kept by every data change; never recomputed here, never a loop over
years or periods: one narrowed read per call) and the self-assessments they gave, narrowly
loaded (no activities, directives or unit rows)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine, select

from ils import rules_periods
from ils.model import Dataset
from ils.orgs import stad_ids
from queries.db import fetch
from queries.read import views
from queries.read.dataset import load_dataset
from queries.schema import indicator_light
from queries.write.lights import (
    INDICATOR_SCHEMA,
    ensure_lights,
    read_goal_lights,
    read_indicator_lights,
)


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


def scope_of(ref: Dataset) -> Scope:
    """The boards and the stad of the reference tables `ref`."""
    orgs = ref.organisation
    boards = orgs.filter(pl.col("level") == "namnd").select("id", "kind", "name").sort("name")
    stad = stad_ids(orgs)
    return Scope(ref, boards, stad[0] if stad else None)


def scope(engine: Engine) -> Scope:
    return scope_of(views.reference(engine))


def assessments(engine: Engine, org_ids: tuple[str, ...], years: tuple[int, ...],
                periods: tuple[str, ...] | None = None) -> pl.DataFrame:
    """The self-assessments (with basis and motivation) of `org_ids` in `years` (`periods`)."""
    return load_dataset(engine, years=years, periods=periods, org_ids=org_ids,
                        files=("assessments",)).assessments


@dataclass(frozen=True)
class Now:
    """One period: the boards' and the stad's lights and the boards' self-assessments."""

    scope: Scope
    assessments: pl.DataFrame  # the period's, with basis and motivation
    indicators: pl.DataFrame  # indicator lights of boards + stad
    goals: pl.DataFrame  # goal lights of boards + stad


def comparison_now(engine: Engine, sc: Scope, year: int, period: str,
                   params: rules_periods.RuleParams) -> Now:
    """Lights and self-assessments of the boards and the city for one period."""
    ensure_lights(engine, params)
    return Now(sc, assessments(engine, sc.board_ids, (year,), (period,)),
               read_indicator_lights(engine, year, period, sc.org_ids),
               read_goal_lights(engine, year, period, sc.org_ids))


def _in(years: tuple[int, ...]) -> pl.Expr:
    return pl.col("year").is_in(list(years))


def goal_lights_over_years(engine: Engine, sc: Scope, params: rules_periods.RuleParams, period: str,
                           years: tuple[int, ...]) -> pl.DataFrame:
    """The boards' stored goal lights of `period` in each of `years` (one read)."""
    ensure_lights(engine, params)
    return read_goal_lights(engine, period=period, org_ids=sc.board_ids).filter(_in(years))


def indicator_lights_of_year(engine: Engine, sc: Scope, params: rules_periods.RuleParams,
                             year: int) -> pl.DataFrame:
    """The boards' stored indicator lights of every period of `year` (one read)."""
    ensure_lights(engine, params)
    return read_indicator_lights(engine, year=year, org_ids=sc.board_ids)


def forecast_years(available: tuple[tuple[int, str], ...]) -> list[int]:
    """Years that have both T2 and VB values, latest first."""
    t2 = {y for y, p in available if p == "T2"}
    return sorted(t2 & {y for y, p in available if p == "VB"}, reverse=True)


FORECAST_COLUMNS = ("indicator_id", "org_id", "year", "period", "goal_id", "light", "basis",
                    "value", "target")


@dataclass(frozen=True)
class ForecastData:
    scope: Scope
    assessments: pl.DataFrame  # the boards' T2 and VB self-assessments (with motivations)
    t2: pl.DataFrame  # indicator lights of the boards at T2
    vb: pl.DataFrame  # … at VB


def forecasts(engine: Engine, sc: Scope, params: rules_periods.RuleParams,
              years: tuple[int, ...]) -> ForecastData:
    """T2 and VB indicator lights and self-assessments of the boards for `years`: one read of
    the stored lights, only the columns §3.5 needs."""
    ensure_lights(engine, params)
    t = indicator_light
    stmt = (select(*(t.c[c] for c in FORECAST_COLUMNS))
            .where(t.c.year.in_(list(years)) & t.c.period.in_(["T2", "VB"])
                   & t.c.org_id.in_(list(sc.board_ids)))
            .order_by(t.c.year, t.c.indicator_id, t.c.org_id))
    ind = fetch(engine, stmt, {c: INDICATOR_SCHEMA[c] for c in FORECAST_COLUMNS})
    return ForecastData(sc, assessments(engine, sc.board_ids, years, ("T2", "VB")),
                        ind.filter(pl.col("period") == "T2"), ind.filter(pl.col("period") == "VB"))
