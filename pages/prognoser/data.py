"""What /prognoser shows, loaded once per data version (the shared view cache) and shared by
the page, its folds and its downloads: `load(args)` for one year, `years(sub)` for the years
side by side. The only code of the view that calls `queries/`.

Every number comes from the one §3.5 summary, `ils.forecasts.board_summary` (and `totals`,
the same over all boards). The years' callback gets its arguments back from the browser: only
years with both T2 and VB count (at most `MAX_YEARS`, the latest); anything else is ignored."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from components.context import PeriodContext
from ils import forecasts as fc
from ils.signals import goals_in_force
from pagekit import data
from queries.cache import cached
from queries.db import get_engine
from queries.read import comparison_views as cv

VIEW = "prognoser"
MAX_YEARS = 20


def forecast_years() -> list[int]:
    """Years with both T2 and VB values, latest first (none on an empty database)."""
    return cv.forecast_years(data.period_context(None, None, page=False).available)


def year_context(ar) -> tuple[PeriodContext | None, list[int]]:
    """The year shown (one with T2 and VB, latest by default), with a notice when the one
    asked for cannot be shown; None on an empty database."""
    ctx = data.period_context(None, None, page=False)
    if ctx.empty:
        return None, []
    years = forecast_years()
    if not years:
        return ctx, []
    year, notice = years[0], None
    if ar not in (None, ""):
        asked = str(ar).strip()
        if len(asked) <= 4 and asked.isdigit() and int(asked) in years:
            year = int(asked)
        else:
            notice = f"För ”{ar}” finns inte både T2 och VB. Visar {years[0]} i stället."
    available = tuple((y, "VB") for y in sorted(years, reverse=True))
    return PeriodContext(year, "VB", notice, available), years


@dataclass(frozen=True)
class YearData:
    year: int
    names: dict  # board id → name
    boards: pl.DataFrame  # id, kind, name
    pairs: pl.DataFrame  # indicator lights T2 → VB (fc.indicator_pairs)
    summary: pl.DataFrame  # fc.board_summary of the boards with T2 greens, most failed first
    totals: pl.DataFrame  # fc.totals (one row)
    voms: pl.DataFrame  # the VOMs in force
    apairs: pl.DataFrame  # self-assessments T2 → VB
    asum: pl.DataFrame  # per board, by name
    atot: pl.DataFrame


def load(year: int) -> YearData:
    """The year's forecasts against VB (a year of `forecast_years()`)."""
    params = data.params()
    return cached(get_engine(), VIEW, {"year": year, "params": repr(params)},
                  lambda: _load(year, params), periods=((year, "T2"), (year, "VB")))


def _scope() -> cv.Scope:
    return cv.scope_of(data.reference(get_engine()))


def _named(df: pl.DataFrame, names: dict) -> pl.DataFrame:
    return df.with_columns(name=pl.col("org_id").replace_strict(names, default=None))


def _load(year: int, params) -> YearData:
    sc = _scope()
    got = cv.forecasts(get_engine(), sc, params, (year,))
    names = dict(sc.boards.select("id", "name").iter_rows())
    pairs = fc.indicator_pairs(got.t2, got.vb)
    summary = _named(fc.board_summary(pairs).filter(pl.col("n_green_t2") > 0), names).sort(
        pl.col("share_failed"), pl.col("n_failed"), "name", descending=[True, True, False],
        nulls_last=True)
    voms = goals_in_force(sc.ref.goals, year).filter(
        pl.col("level") == "verksamhetsomradesmal")
    apairs = fc.assessment_pairs(got.assessments, sc.board_ids, voms["id"].to_list())
    asum = _named(fc.assessment_summary(apairs), names).sort("name")
    return YearData(year, names, sc.boards, pairs, summary, fc.totals(pairs), voms, apairs,
                    asum, fc.assessment_totals(apairs))


def indicator_meta() -> dict[str, tuple[str, str | None]]:
    """Indicator id → (name, unit)."""
    ref = data.reference(get_engine())
    return {r["id"]: (r["name"], r["unit"]) for r in
            ref.indicators.select("id", "name", "unit").iter_rows(named=True)}


@dataclass(frozen=True)
class YearsData:
    years: tuple[int, ...]
    names: dict
    summary: pl.DataFrame  # fc.board_summary per board and year, by name
    totals: pl.DataFrame  # fc.totals per year
    asum: pl.DataFrame  # self-assessments per board and year, by name
    atot: pl.DataFrame


def checked_years(asked) -> list[int]:
    """The years of `asked` that have T2 and VB (all of them when `asked` is not a list),
    oldest first; the latest `MAX_YEARS`."""
    present = sorted(forecast_years())
    if isinstance(asked, list):
        wanted = {y for y in asked if isinstance(y, int) and not isinstance(y, bool)}
        present = [y for y in present if y in wanted]
    return present[-MAX_YEARS:]


def years(asked) -> YearsData | None:
    """The years side by side: T2 greens and T2 self-assessments against VB, per year."""
    ys = checked_years(asked)
    if not ys:
        return None
    params = data.params()
    return cached(get_engine(), VIEW + "-years", {"years": ys, "params": repr(params)},
                  lambda: _years(tuple(ys), params),
                  periods=tuple((y, p) for y in ys for p in ("T2", "VB")))


def _years(ys: tuple[int, ...], params) -> YearsData:
    sc = _scope()
    got = cv.forecasts(get_engine(), sc, params, ys)
    names = dict(sc.boards.select("id", "name").iter_rows())
    pairs = fc.indicator_pairs(got.t2, got.vb)
    summary = _named(fc.board_summary(pairs), names).sort("name", "year")
    voms = sc.ref.goals.filter(pl.col("level") == "verksamhetsomradesmal")["id"]
    apairs = fc.assessment_pairs(got.assessments, sc.board_ids, voms.to_list())
    asum = _named(fc.assessment_summary(apairs), names).sort("name", "year")
    return YearsData(ys, names, summary, fc.totals(pairs), asum, fc.assessment_totals(apairs))
