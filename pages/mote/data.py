"""What /mote loads: the agenda of a period (`queries.read.agenda_views.load`, cached per data
version and rule parameters, so the page, its folded sections and its downloads share one
computation), the valid filters of the URL with a notice for each invalid one, and the items
the filters keep; and the controllers' notes of a period the viewer may see (`notes`,
`note_history`, cached per the period's data version and what the viewer may see: a note's
save renews that period's version). The only code of the view that reads through `queries/`;
its one write, a note, goes through `pages/mote/writes.py`."""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl

from components.context import PeriodContext
from ils import agenda as ag
from ils.notes import ItemKey
from ils.periods import PERIODS
from pagekit import data
from pages.mote import filters
from queries import scope
from queries.cache import cached
from queries.db import get_engine
from queries.read import agenda_views, assessment_reads
from queries.read.snapshots import lock_of
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


# The controllers' notes on the agenda items (pages/mote/notes.py, issue 13).

NOTE_FIELDS = ("note", "decision", "state", "question", "answer", "answered_by", "answered_at",
               "version", "updated_by", "updated_at")


def locked(year: int, period: str) -> bool:
    """Whether (year, period) is locked (locking renews the global data version)."""
    engine = get_engine()
    return cached(engine, "locked", {"ar": year, "period": period},
                  lambda: lock_of(engine, year, period) is not None, periods=())


def may_write(year: int | None = None, period: str | None = None) -> bool:
    """Whether the current viewer may write notes (SLK's controllers and administrators), of
    (year, period) when given: not while it is locked (the server refuses that save too)."""
    if not scope.viewer().may_write_notes():
        return False
    if year is None or period is None:
        return True
    return not locked(year, period)


def asks_a_board(key: ItemKey) -> bool:
    """Whether the item's org is a board, which a question can go to (an item of the city
    as a whole has no board to answer; the writer refuses such a question too)."""
    org = data.reference(get_engine()).organisation.filter(pl.col("id") == key.org_id)
    return org.height == 1 and org["level"][0] == "namnd"


def notes(year: int, period: str, org_ids: tuple[str, ...] | None = None) -> dict[tuple, dict]:
    """The notes of (year, period) the viewer may see, by (kind, goal, org, indicator) of
    their item."""
    engine = get_engine()
    df = cached(engine, "mote_notes", {"ar": year, "period": period,
                                       "orgs": None if org_ids is None else list(org_ids)},
                lambda: assessment_reads.notes(engine, year, period, org_ids),
                periods=((year, period),), notes=True)
    return {(r["kind"], r["goal_id"], r["org_id"], r["indicator_id"] or ""):
            {k: r.get(k) for k in NOTE_FIELDS} for r in df.iter_rows(named=True)}


def note(key: ItemKey) -> dict | None:
    """The note of one item, as the viewer may see it (None: none, or not visible)."""
    got = notes(key.year, key.period, (key.org_id,))
    return got.get((key.kind, key.goal_id, key.org_id, key.indicator_id))


def note_history(key: ItemKey) -> list[dict]:
    """Every change of one item's note, oldest first: changed_at, changed_by, action, and
    the old and new values (dicts of the fields that changed)."""
    engine = get_engine()
    df = cached(engine, "mote_note_history",
                {"ar": key.year, "period": key.period, "kind": key.kind, "goal": key.goal_id,
                 "org": key.org_id, "ind": key.indicator_id},
                lambda: assessment_reads.note_history(engine, key.year, key.period, key.kind,
                                                      key.goal_id, key.org_id,
                                                      key.indicator_id),
                periods=((key.year, key.period),), notes=True)
    return [{**r, "old": json.loads(r["old_values"]) if r["old_values"] else {},
             "new": json.loads(r["new_values"]) if r["new_values"] else {}}
            for r in df.iter_rows(named=True)]
