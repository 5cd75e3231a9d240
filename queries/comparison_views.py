"""What /jamforelse and /prognoser load: lights of the boards and the city (never units),
from narrow loads of the rows they need (no activities or directives), computed with
`queries.views.compute` (the rules of `ils.rules`).

Computing lights costs a fixed ~25 ms per (year, period) whatever the size, and these pages
need several periods; so computed lights are memoised in the process, keyed on a hash of
the exact input rows of that (year, period). Every call still loads the rows, so a changed
database always gives fresh lights; an unchanged one skips the recomputation.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine

from ils import rules
from ils.model import FILES, Dataset
from queries import views
from queries.dataset import select_file
from queries.db import fetch

YEARLY = ("targets", "values", "assessments")
_CACHE: OrderedDict = OrderedDict()
_CACHE_SIZE = 256
_LOCK = threading.Lock()


def clear_cache() -> None:
    """Forget every memoised result (the benchmark measures cold renders with it)."""
    with _LOCK:
        _CACHE.clear()


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


def load(engine: Engine, sc: Scope, years=None, periods=None) -> Dataset:
    """The boards' and the stad's targets, values and assessments (narrowed), with the
    reference tables of `sc`."""
    frames = {name: getattr(sc.ref, name) for name in ("organisation", "goals", "indicators")}
    for name in YEARLY:
        frames[name] = fetch(engine, select_file(name, years, periods, sc.org_ids),
                             schema_overrides=FILES[name].polars_schema)
    return Dataset.from_frames(frames)


def _hash(df: pl.DataFrame) -> tuple:
    return (df.height, hash(tuple(df.hash_rows(seed=7).to_list()))) if df.height else (0,)


def _fingerprint(ds: Dataset, ref_key: tuple, year: int, period: str) -> tuple:
    y = pl.col("year") == year
    yp = y & (pl.col("period") == period)
    return (ref_key, _hash(ds.targets.filter(y)), _hash(ds.values.filter(yp)),
            _hash(ds.assessments.filter(yp)))


def lights(ds: Dataset, pairs, params: rules.RuleParams, org_ids: tuple[str, ...],
           *, goals: bool = True) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    """Indicator (and goal) lights of `org_ids` for each (year, period) of `pairs`,
    concatenated; memoised on the input rows (see the module doc)."""
    ref_key = tuple(_hash(getattr(ds, n)) for n in ("organisation", "goals", "indicators"))
    ind, goal = [], []
    for year, period in pairs:
        key = (year, period, params, org_ids, goals, _fingerprint(ds, ref_key, year, period))
        with _LOCK:
            hit = _CACHE.get(key)
            if hit is not None:
                _CACHE.move_to_end(key)
        if hit is None:
            got = views.compute(ds, year, period, params, org_ids) if goals else None
            hit = (got.indicators, got.goals) if got else (
                rules.indicator_lights(ds, year, period, params)
                .filter(pl.col("org_id").is_in(org_ids)), None)
            with _LOCK:
                _CACHE[key] = hit
                while len(_CACHE) > _CACHE_SIZE:
                    _CACHE.popitem(last=False)
        ind.append(hit[0])
        goal.append(hit[1])
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
    ds = load(engine, sc, years=(year,), periods=(period,))
    ind, goals = lights(ds, [(year, period)], params, sc.org_ids)
    return Now(sc, ds, ind, goals)


def comparison_trend(engine: Engine, period: str, years: list[int],
                     params: rules.RuleParams) -> tuple[Scope, pl.DataFrame]:
    """Goal lights of the boards for `period` in each of `years`."""
    sc = scope(engine)
    ds = load(engine, sc, years=tuple(years), periods=(period,))
    _, goals = lights(ds, [(y, period) for y in sorted(years)], params, sc.org_ids)
    return sc, goals.filter(pl.col("org_id").is_in(list(sc.board_ids)))


def comparison_periods(engine: Engine, year: int, periods: list[str],
                       params: rules.RuleParams) -> tuple[Scope, pl.DataFrame]:
    """Indicator lights of the boards in each period of `year` (for the reported statuses)."""
    sc = scope(engine)
    ds = load(engine, sc, years=(year,), periods=tuple(periods))
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
    ds = load(engine, sc, years=tuple(years), periods=("T2", "VB"))
    ind, _ = lights(ds, [(y, p) for y in sorted(years) for p in ("T2", "VB")], params,
                    sc.board_ids, goals=False)
    return ForecastData(sc, ds, ind.filter(pl.col("period") == "T2"),
                        ind.filter(pl.col("period") == "VB"))
