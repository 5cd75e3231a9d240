"""What /jamforelse shows, loaded once per data version (the shared view cache) and shared by
the page, its folds and its downloads: `load(args)` for the chosen period and filters,
`trend(sub)` for the optimism index over the years and `periods(sub)` for the reported
statuses in every period of a year (both from stored lights, one read each). The only code of the view that calls `queries/`.

The later callbacks' arguments come from the browser (a store): each is checked against
what exists — a period of T1/T2/VB, years that have data (at most `MAX_YEARS`), a board kind
that exists — and anything else is ignored, so a forged request costs nothing."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from components.context import PeriodContext
from ils import comparison as cmp
from ils.periods import PERIODS
from ils.signals import goals_in_force
from ils.voms import vom_of_goal
from pagekit import data
from pages.jamforelse import filters
from queries.cache import cached
from queries.db import get_engine
from queries.read import comparison_views as cv

VIEW = "jamforelse"
MAX_YEARS = 20  # the trend shows at most this many years (the latest)
ZERO = ("n_assessed", "n_compared", "n_agree", "n_positive", "n_negative", "n_not_comparable")


@dataclass(frozen=True)
class ComparisonData:
    ctx: PeriodContext
    f: dict  # the valid filters (typ, mal, avvikelser, sort)
    notices: tuple[str, ...]  # one per filter value that could not be used
    kinds: tuple[str, ...]  # the board kinds there are (the filter offers them all)
    boards: pl.DataFrame  # the boards the filters keep: id, kind, name
    voms_all: pl.DataFrame  # the VOMs in force
    voms: pl.DataFrame  # the VOMs the filters keep
    names: dict  # board id → name (every board)
    stad_id: str | None
    gaps: pl.DataFrame  # cmp.board_gaps over all VOMs of the year
    ranking: tuple[dict, ...]  # boards by optimism index (or name), with counts and `mix`
    by_basis: pl.DataFrame  # the gap per assessment basis
    ks: pl.DataFrame  # per VOM: the boards' assessments, KS's, the city's light
    reported: pl.DataFrame  # cmp.reported_rows of the boards (for the goal filter)
    reported_summary: pl.DataFrame  # per board that reported, with `name`
    look: tuple[tuple[str, int], ...]  # (board, indicators worth a look), by name

    @property
    def args(self) -> dict:
        """The resolved page arguments (for downloads and folds)."""
        return {"ar": self.ctx.year, "period": self.ctx.period, **self.f}


def _scope() -> cv.Scope:
    return cv.scope_of(data.reference(get_engine()))


def load(args: dict) -> ComparisonData | None:
    """The page's period, data and valid filters; None on an empty database."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    sc = _scope()
    voms_all = (goals_in_force(sc.ref.goals, ctx.year)
                .filter(pl.col("level") == "verksamhetsomradesmal").sort("code", "id"))
    f, notices = filters.parse(args, sc.boards, voms_all)
    params = data.params()
    key = {"year": ctx.year, "period": ctx.period, "params": repr(params), **f}
    got = cached(get_engine(), VIEW, key, lambda: _load(ctx, sc, voms_all, f, params),
                 periods=((ctx.year, ctx.period),))  # drafts of the period only
    return ComparisonData(**{**got, "ctx": ctx, "notices": tuple(notices)})


def _load(ctx: PeriodContext, sc: cv.Scope, voms_all: pl.DataFrame, f: dict, params) -> dict:
    now = cv.comparison_now(get_engine(), sc, ctx.year, ctx.period, params)
    boards = sc.boards.filter(pl.col("kind") == f["typ"]) if f["typ"] else sc.boards
    board_ids = boards["id"].to_list()
    voms = voms_all.filter(pl.col("id") == f["mal"]) if f["mal"] else voms_all
    names = dict(sc.boards.select("id", "name").iter_rows())
    gaps = cmp.board_gaps(now.goals.filter(pl.col("goal_id").is_in(voms_all["id"].implode())),
                          board_ids)
    assess = now.assessments.filter(pl.col("goal_id").is_in(voms_all["id"].implode()))
    ranking = _ranking(gaps, assess, board_ids, names, ctx, f["sort"] == "namn")
    links = vom_of_goal(sc.ref.goals)
    if f["mal"]:
        links = links.filter(pl.col("vom_id") == f["mal"])
    ind = now.indicators.filter(pl.col("goal_id").is_in(links["goal_id"].implode()))
    rep = cmp.reported_rows(ind, board_ids)
    order = sc.boards.select(pl.col("id").alias("org_id"), "name")
    look = (cmp.worth_a_look(rep).group_by("org_id").agg(n=pl.len()).join(order, on="org_id")
            .sort("name"))
    return {"f": f, "kinds": tuple(filters.board_kinds(sc.boards)), "boards": boards,
            "voms_all": voms_all, "voms": voms, "names": names, "stad_id": sc.stad_id,
            "gaps": gaps, "ranking": ranking,
            "by_basis": cmp.gap_by_basis(gaps, assess, board_ids, ctx.year, ctx.period),
            "ks": cmp.ks_against_boards(now.goals, board_ids, sc.stad_id, voms["id"].to_list()),
            "reported": rep,
            "reported_summary": cmp.reported_summary(rep).join(order, on="org_id").sort("name"),
            "look": tuple(look.select("org_id", "n").iter_rows())}


def _ranking(gaps, assess, board_ids, names, ctx, by_name: bool) -> tuple[dict, ...]:
    """The boards ranked by optimism index (by name with `sort=namn`), each with its counts,
    main basis and `mix` ((basis, n) pairs)."""
    all_boards = pl.DataFrame({"org_id": board_ids}, schema={"org_id": pl.String})
    counts = (all_boards.join(cmp.gap_counts(gaps), on="org_id", how="left")
              .with_columns([pl.col(z).fill_null(0) for z in ZERO]))
    ranked = cmp.rank_boards(counts)
    mix = cmp.basis_mix(assess, board_ids, ctx.year, ctx.period)
    mixes: dict[str, list] = {}
    for r in mix.iter_rows(named=True):
        mixes.setdefault(r["org_id"], []).append((r["basis"], r["n"]))
    ranked = ranked.join(cmp.main_basis(mix), on="org_id", how="left")
    if by_name:
        ranked = ranked.with_columns(_n=pl.col("org_id").replace_strict(names)).sort("_n")
    return tuple(dict(r, mix=mixes.get(r["org_id"], [])) for r in ranked.iter_rows(named=True))


def indicator_meta() -> dict[str, tuple[str, str | None]]:
    """Indicator id → (name, unit)."""
    ref = data.reference(get_engine())
    return {r["id"]: (r["name"], r["unit"]) for r in
            ref.indicators.select("id", "name", "unit").iter_rows(named=True)}


# --- the later callbacks --------------------------------------------------------------------

def _kind(sc: cv.Scope, typ) -> str | None:
    return typ if isinstance(typ, str) and typ in filters.board_kinds(sc.boards) else None


def _years(asked, present: list[int]) -> list[int]:
    """The years of `asked` (ints) that exist, or all that exist; the latest MAX_YEARS."""
    if isinstance(asked, list):
        wanted = {y for y in asked if isinstance(y, int) and not isinstance(y, bool)}
        present = [y for y in present if y in wanted]
    return present[-MAX_YEARS:]


@dataclass(frozen=True)
class TrendData:
    period: str
    years: tuple[int, ...]
    series: dict  # name ("Alla nämnder" first, then boards by name) → ((year, optimism), …)


def trend(sub: dict) -> TrendData | None:
    """The optimism index of every board (of kind `typ`) and of all boards, per year, for one
    period; None when the arguments name no period with data."""
    period = sub.get("period") if isinstance(sub, dict) else None
    if period not in PERIODS:
        return None
    available = data.period_context(None, None, page=False).available
    years = _years(sub.get("years"), sorted({y for y, p in available if p == period}))
    if not years:
        return None
    sc = _scope()
    typ, params = _kind(sc, sub.get("typ")), data.params()
    key = {"period": period, "years": years, "typ": typ, "params": repr(params)}
    return cached(get_engine(), VIEW + "-trend", key,
                  lambda: _trend(sc, period, years, typ, params))


def _trend(sc: cv.Scope, period: str, years: list[int], typ: str | None, params) -> TrendData:
    goals = cv.goal_lights_over_years(get_engine(), sc, params, period, tuple(years))
    boards = sc.boards.filter(pl.col("kind") == typ) if typ else sc.boards
    gaps = cmp.board_gaps(goals, boards["id"].to_list())
    by_board = cmp.optimism_trend(cmp.gap_counts(gaps), period)
    series = {"Alla nämnder": tuple((r["year"], r["optimism"])
                                    for r in cmp.city_optimism(gaps).iter_rows(named=True))}
    for b in boards.iter_rows(named=True):
        pts = tuple((r["year"], r["optimism"]) for r in
                    by_board.filter(pl.col("org_id") == b["id"]).iter_rows(named=True))
        if pts:
            series[b["name"]] = pts
    return TrendData(period, tuple(years), series)


@dataclass(frozen=True)
class PeriodsData:
    year: int
    periods: tuple[str, ...]
    summary: pl.DataFrame  # cmp.reported_summary per board and period, with `name`


def periods(sub: dict) -> PeriodsData | None:
    """The boards' reported statuses against the lights in every period of one year."""
    year = sub.get("year") if isinstance(sub, dict) else None
    available = data.period_context(None, None, page=False).available
    pers = tuple(p for p in PERIODS if (year, p) in available)
    if not isinstance(year, int) or not pers:
        return None
    sc = _scope()
    typ, params = _kind(sc, sub.get("typ")), data.params()
    key = {"year": year, "typ": typ, "params": repr(params)}
    return cached(get_engine(), VIEW + "-periods", key,
                  lambda: _periods(sc, year, pers, typ, params))


def _periods(sc: cv.Scope, year: int, pers: tuple[str, ...], typ, params) -> PeriodsData:
    ind = cv.indicator_lights_of_year(get_engine(), sc, params, year)
    boards = sc.boards.filter(pl.col("kind") == typ) if typ else sc.boards
    summary = cmp.reported_summary(cmp.reported_rows(ind, boards["id"].to_list()))
    summary = summary.join(sc.boards.select(pl.col("id").alias("org_id"), "name"),
                           on="org_id").sort("name", "period")
    return PeriodsData(year, pers, summary)
