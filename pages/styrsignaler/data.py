"""What /styrsignaler loads: the only code of the view that calls `queries/`, each part cached
per data version (`queries.cache.cached`), so the page's callbacks and its downloads share one
computation.

The page has four independent parts, each its own callback, so a part loads only what it shows:
- `load(args)`: the page's budget year — the auditors' counts per group, per board, per VOM;
- `load_list(args)`: the signals of the list's year (or all years) matching the list's filters;
- `load_trend()`: the budget's signals per group over every year;
- `load_overlaps()`: the groups of near-identical directives, and the organisations' names.

Every part reads base data only (`periods=()`): a board's draft leaves them all cached.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import polars as pl

from components.context import PeriodContext
from ils.labels import sv_key
from ils.model import Dataset
from ils.signal_lists import filter_signals, goal_density, signal_list
from ils.signal_overlap import DEFAULT_THRESHOLD
from ils.signals import board_signal_counts, signal_counts, signal_trend
from pagekit import data
from queries.cache import cached
from queries.db import get_engine
from queries.read import signal_views

ALL_YEARS = "alla"
ANY = "*"  # the value of "Alla typer/mottagare/mål" (a native select shows "" as blank)
LIST_KEYS = ("typ", "mottagare", "mal", "lista_ar", "sok")  # the list's filters in a URL/args


def chosen(value: str | None) -> str | None:
    return None if value in (None, "", ANY) else value


@dataclass(frozen=True)
class SignalsData:
    ctx: PeriodContext | None  # the page's year (set after the cache: its notice is per URL)
    counts: pl.DataFrame  # ils.signals.signal_counts: one row per recipient group
    boards: pl.DataFrame  # board_signal_counts with each board's `name`
    density: pl.DataFrame  # ils.signal_lists.goal_density


def load(args: dict) -> SignalsData | None:
    """The page's budget year and its counts; None on an empty database."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    got = cached(get_engine(), "styrsignaler", {"ar": ctx.year}, lambda: _load(ctx.year),
                 periods=())
    return dataclasses.replace(got, ctx=ctx)


def _load(year: int) -> SignalsData:
    ds = signal_views.year_signals(get_engine(), year)
    return SignalsData(None, signal_counts(ds, year),
                       named_boards(board_signal_counts(ds, year), ds.organisation),
                       goal_density(ds, year))


def named_boards(counts: pl.DataFrame, orgs: pl.DataFrame) -> pl.DataFrame:
    """board_signal_counts with each board's `name` (its id when it has none)."""
    return counts.join(orgs.select(pl.col("id").alias("org_id"), "name"), on="org_id",
                       how="left").with_columns(pl.col("name").fill_null(pl.col("org_id")))


@dataclass(frozen=True)
class ListYear:
    """The signals of one list year (None: all years), before the list's filters."""
    years: list[int]  # every year with signals or values
    ds: Dataset
    rows: pl.DataFrame  # ils.signal_lists.signal_list
    names: dict  # org id → name
    codes: dict  # VOM id → code (title when it has none)
    voms: pl.DataFrame  # the VOMs (id, code, title), in code order
    boards: pl.DataFrame  # the boards (id, name), in Swedish name order


@dataclass(frozen=True)
class SignalList:
    base: ListYear
    year: int | None  # the list's year; None: all years
    filters: dict  # the chosen filters (LIST_KEYS → value or None)
    rows: pl.DataFrame  # every signal matching the filters, in the list's order


def load_list(args: dict) -> SignalList | None:
    """The list's year and the signals matching its filters (`args`: ar, period and
    LIST_KEYS); None on an empty database. A year not in the data is the page's year."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    engine = get_engine()
    years = sorted({y for y, _ in ctx.available}
                   | set(cached(engine, "signal-years", None,
                                lambda: signal_views.signal_years(engine), periods=())))
    year = args.get("lista_ar")
    if year == ALL_YEARS:
        pick = None
    else:
        pick = int(year) if year and str(year).isdigit() and int(year) in years else ctx.year
    base = cached(engine, "styrsignaler-lista", {"ar": pick, "years": years},
                  lambda: _list_year(pick, years), periods=())
    f = {k: chosen(args.get(k)) for k in LIST_KEYS}
    rows = filter_signals(base.rows, base.ds, signal_type=f["typ"], recipient=f["mottagare"],
                          vom_id=f["mal"], year=pick, text=f["sok"])
    return SignalList(base, pick, f, rows)


def _list_year(pick: int | None, years: list[int]) -> ListYear:
    ds = signal_views.year_signals(get_engine(), pick)
    rows = signal_list(ds, years if pick is None else [pick])
    orgs = ds.organisation
    names = dict(zip(orgs["id"].to_list(), orgs["name"].to_list(), strict=False))
    voms = (ds.goals.filter(pl.col("level") == "verksamhetsomradesmal").sort("code", "id")
            .select("id", "code", "title"))
    codes = dict(zip(voms["id"].to_list(), voms["code"].fill_null(voms["title"]).to_list(), strict=False))
    boards = orgs.filter(pl.col("level") == "namnd").select("id", "name")
    boards = boards.with_columns(_k=pl.col("name").map_elements(sv_key, return_dtype=pl.String)
                                 ).sort("_k").drop("_k")
    return ListYear(years, ds, rows, names, codes, voms, boards)


def load_trend(args: dict) -> pl.DataFrame | None:
    """The budget's signals per group, type and year (`signal_trend` over every year with
    data); None on an empty database."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    engine = get_engine()

    def compute() -> pl.DataFrame:
        years = sorted({y for y, _ in ctx.available} | set(signal_views.signal_years(engine)))
        return signal_trend(signal_views.trend_signals(engine), years)

    return cached(engine, "styrsignaler-trend", None, compute, periods=())


@dataclass(frozen=True)
class Overlaps:
    year: int
    groups: pl.DataFrame  # ils.signal_overlap.overlap_groups of every directive
    names: dict  # org id → name


def load_overlaps(args: dict) -> Overlaps | None:
    """Every overlap group of near-identical directives (the view keeps those touching the
    page's year) and the organisations' names; None on an empty database."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    engine = get_engine()
    groups, names = cached(engine, "styrsignaler-overlap", DEFAULT_THRESHOLD, lambda: (
        signal_views.overlaps(engine, DEFAULT_THRESHOLD), signal_views.org_names(engine)),
        periods=())
    return Overlaps(ctx.year, groups, names)
