"""What /jamforelse, /prognoser and /mote read: the boards (nämnder) and the stad, their lights
read through `queries.views` (never recomputed here, never a loop over periods) and the
self-assessments they gave, narrowly loaded (no activities, directives or unit rows)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine

from ils import rules
from ils.model import Dataset
from queries import views
from queries.dataset import load_dataset


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
    stad = orgs.filter(pl.col("level") == "stad")["id"]
    return Scope(ref, boards, stad[0] if len(stad) else None)


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
                   params: rules.RuleParams) -> Now:
    """Lights and self-assessments of the boards and the city for one period."""
    got = views.lights(engine, year, period, params, org_ids=sc.org_ids, ref=sc.ref)
    return Now(sc, assessments(engine, sc.board_ids, (year,), (period,)),
               got.indicators, got.goals)


def over_time(engine: Engine, sc: Scope, params: rules.RuleParams,
              years: tuple[int, ...], periods: tuple[str, ...]
              ) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The boards' indicator and goal lights of `years` × `periods`, read as stored for every
    period at once (`views.lights_over_time`), never recomputed per period here."""
    ind, goals = views.lights_over_time(engine, params, org_ids=sc.board_ids, ref=sc.ref)
    keep = (pl.col("year").is_in(list(years)) & pl.col("period").is_in(list(periods))
            & pl.col("org_id").is_in(list(sc.board_ids)))
    return ind.filter(keep), goals.filter(keep)


def forecast_years(available: tuple[tuple[int, str], ...]) -> list[int]:
    """Years that have both T2 and VB values, latest first."""
    t2 = {y for y, p in available if p == "T2"}
    return sorted(t2 & {y for y, p in available if p == "VB"}, reverse=True)


@dataclass(frozen=True)
class ForecastData:
    scope: Scope
    assessments: pl.DataFrame  # the boards' T2 and VB self-assessments (with motivations)
    t2: pl.DataFrame  # indicator lights of the boards at T2
    vb: pl.DataFrame  # … at VB


def forecasts(engine: Engine, sc: Scope, params: rules.RuleParams,
              years: tuple[int, ...]) -> ForecastData:
    """T2 and VB indicator lights and self-assessments of the boards for `years`."""
    ind, _ = over_time(engine, sc, params, years, ("T2", "VB"))
    return ForecastData(sc, assessments(engine, sc.board_ids, years, ("T2", "VB")),
                        ind.filter(pl.col("period") == "T2"), ind.filter(pl.col("period") == "VB"))
