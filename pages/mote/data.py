"""What /mote loads: the agenda of a period (`queries.agenda_views.load`, cached per data
version and rule parameters, so the page, its folded sections and its downloads share one
computation), the valid filters of the URL with a notice for each invalid one, and the items
the filters keep. The only code of the view that calls `queries/`."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from components.context import PeriodContext
from ils import agenda as ag
from ils.model import PERIODS
from pagekit import data
from pages.mote import filters
from queries import agenda_views
from queries.cache import cached
from queries.db import get_engine
from queries.versions import with_previous


@dataclass(frozen=True)
class MeetingData:
    ctx: PeriodContext
    agenda: agenda_views.Agenda
    f: dict  # the valid filters (filters.KEYS → value or None)
    notices: list[str]  # one per filter value that cannot be used
    items: pl.DataFrame  # the items the filters keep, in agenda order


def load(args: dict) -> MeetingData | None:
    """The agenda of `args` (ar, period, namnd, mal, typ); None on an empty database."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    engine, params = get_engine(), data.params()
    a = cached(engine, "mote", {"ar": ctx.year, "period": ctx.period, "params": params},
               lambda: agenda_views.load(engine, ctx.year, ctx.period, params,
                                         data.reference(engine), stored),
               periods=with_previous(ctx.year, ctx.period))
    f, notices = filters.parse(args, a.scope.boards, a.voms)
    items = ag.select(a.items, org_id=board(f), vom_id=f["mal"], kind=f["typ"],
                      city=a.scope.stad_id)
    return MeetingData(ctx, a, f, notices, items)


def stored(year: int, period: str, org_ids) -> pl.DataFrame:
    """The stored indicator lights, cached apart from the agenda (a save leaves them valid)."""
    return data.indicator_lights(get_engine(), year, period, org_ids)


def board(f: dict) -> str | None:
    """The chosen board of the filters (None: no board yet, or every board)."""
    return None if f["namnd"] in (None, filters.ALL) else f["namnd"]


def counts_by_period(ctx: PeriodContext, f: dict) -> dict[str, dict[str, int]]:
    """For the board picker: each period of the chosen year with data → items per board (with
    the page's other filters), so a board's agenda of any period is one click away."""
    out = {}
    for period in (p for p in PERIODS if (ctx.year, p) in set(ctx.available)):
        d = load({"ar": ctx.year, "period": period, "mal": f["mal"], "typ": f["typ"]})
        if d is not None:
            out[period] = dict(ag.board_counts(d.items, d.agenda.orgs)
                               .select("org_id", "total").iter_rows())
    return out
