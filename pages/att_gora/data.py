"""What /att-gora reads: the viewer, the period (default: the open round's) and the items
(`queries.read.inbox`); the only code of the view that calls `queries`."""

from __future__ import annotations

from dataclasses import dataclass

from components.context import PeriodContext
from ils.access import Viewer
from ils.clock import today
from ils.inbox import Item
from pagekit import data
from queries import scope
from queries.cache import cached
from queries.db import get_engine
from queries.read import inbox
from queries.read.schedules import open_round


@dataclass(frozen=True)
class TodoData:
    ctx: PeriodContext
    boards: list[tuple[str, str, list[Item]]]  # (org_id, name, items) per own board
    round: list[Item] | None  # SLK's items, None for a board user


def viewer() -> Viewer:
    return scope.viewer()


def load(args: dict) -> TodoData | None:
    engine = get_engine()
    ar, period = args.get("ar"), args.get("period")
    if not ar and not period:
        got = open_round(engine)
        if got is None:
            return None
        ar, period = str(got[0]), got[1]
    ctx = data.period_context(ar, period)
    if ctx.empty:
        return None
    ref = data.reference(engine)
    v = viewer()
    day = today()
    names = dict(ref.organisation.select("id", "name").iter_rows())
    boards = [(o, names.get(o, o), inbox.board_items(engine, v, o, ref, ctx.year, ctx.period, day)
               + inbox.elsewhere_items(engine, v, o, ctx.year, ctx.period, day)) for o in v.orgs]
    items = None
    if v.follows_round:
        from queries.read import agenda_views
        from queries.versions import with_previous

        params = data.params()
        # the same entry as /mote's agenda (the same key and periods)
        agenda = cached(engine, "mote", {"ar": ctx.year, "period": ctx.period, "params": params},
                        lambda: agenda_views.load(engine, ctx.year, ctx.period, params, ref,
                                                  lambda y, p, o: data.indicator_lights(
                                                      engine, y, p, o)),
                        periods=with_previous(ctx.year, ctx.period))
        items = inbox.round_items(engine, v, ref, ctx.year, ctx.period, agenda.items, day)
    return TodoData(ctx, boards, items)
