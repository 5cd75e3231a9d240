"""What "Att göra" reads for a viewer in one period (`ils.inbox` builds the items).

A board user's items come from its own boards only (`Viewer.may_assess`); the round's items
(answers, late boards, agenda items without a note) only for a viewer who `follows_round`.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from sqlalchemy import Engine, func, select

from ils import inbox
from ils.access import DRAFT, Viewer
from ils.reporting_round import deadline_for
from queries.db import fetch
from queries.read import schedules
from queries.read.assessment_reads import notes
from queries.schema import assessment, assessment_history


def _goal_info(ref) -> dict[str, dict]:
    return {r["id"]: r for r in ref.goals.select("id", "code", "title").iter_rows(named=True)}


def board_items(engine: Engine, viewer: Viewer, org_id: str, ref, year: int, period: str,
                today: dt.date) -> list[inbox.Item]:
    """The items of one board the viewer assesses (empty for anyone else)."""
    if not viewer.may_assess(org_id):
        return []
    info = _goal_info(ref)
    rows = schedules.goal_rows(engine, year, period).filter(pl.col("org_id") == org_id)
    status = schedules.assessment_statuses(engine, year, period).filter(
        pl.col("org_id") == org_id)
    state = {g: (s or "publicerad") for g, s in status.select("goal_id", "status").iter_rows()}
    goals = sorted(({**info.get(g, {"code": None, "title": g}), "goal_id": g,
                     "status": state.get(g)} for g in rows["goal_id"].to_list()),
                   key=lambda g: (g.get("code") or "", g["goal_id"]))
    qs = notes(engine, year, period, (org_id,))
    open_qs = [{**info.get(r["goal_id"], {}), **r} for r in
               qs.filter(pl.col("question").is_not_null() & pl.col("answer").is_null())
               .iter_rows(named=True)]
    h = assessment_history.c
    back = fetch(engine, select(h.changed_at, h.changed_by, h.reason).where(
        (h.org_id == org_id) & (h.year == year) & (h.period == period)
        & (h.action == "återförd till utkast")).order_by(h.id.desc()))
    still_draft = any(s == DRAFT for s in status["status"].to_list())
    returned = back.unique("changed_at", keep="first").head(1).to_dicts() if still_draft else []
    deadline = deadline_for(schedules.read_schedule(engine, year, period), org_id, year, period)
    query = f"?ar={year}&period={period}"
    return inbox.board_items(org_id, query, goals, open_qs, returned, deadline, today)


def elsewhere_items(engine: Engine, viewer: Viewer, org_id: str, year: int, period: str,
                    today: dt.date) -> list[inbox.Item]:
    """Drafts of a board the viewer assesses, left unpublished in another period that is not
    locked (a board at VB must not forget its T2): one item per such period."""
    if not viewer.may_assess(org_id):
        return []
    from queries.read.snapshots import all_locks

    a = assessment.c
    got = fetch(engine, select(a.year, a.period, func.count().label("n")).where(
        (a.org_id == org_id) & (a.status == DRAFT)).group_by(a.year, a.period))
    locked = {(i.year, i.period) for i in all_locks(engine)}
    drafts = []
    for y, p, n in got.iter_rows():
        if (y, p) == (year, period) or (y, p) in locked:
            continue
        drafts.append((y, p, n, deadline_for(schedules.read_schedule(engine, y, p), org_id, y, p)))
    return inbox.elsewhere_items(org_id, drafts, today)


def round_items(engine: Engine, viewer: Viewer, ref, year: int, period: str,
                agenda_items: pl.DataFrame | None, today: dt.date) -> list[inbox.Item]:
    """SLK's items for the period (empty for anyone who does not follow the round).
    `agenda_items`: the period's agenda (`ils.agenda` rows) or None when not computed."""
    if not viewer.follows_round:
        return []
    names = dict(ref.organisation.select("id", "name").iter_rows())
    info = _goal_info(ref)
    status = schedules.round_status(engine, year, period, today)
    n = notes(engine, year, period)
    answers = [{**info.get(r["goal_id"], {}), **r} for r in n.filter(
        pl.col("answer").is_not_null() & (pl.col("state") == "oppen")).iter_rows(named=True)]
    unnoted: dict[str, int] = {}
    if agenda_items is not None and agenda_items.height:
        noted = {(r["kind"], r["goal_id"], r["org_id"], r["indicator_id"] or "")
                 for r in n.filter(pl.col("note").is_not_null() | pl.col("decision").is_not_null()
                                   | pl.col("question").is_not_null()).iter_rows(named=True)}
        for r in agenda_items.select("kind", "vom_id", "org_id", "indicator_id").iter_rows():
            if (r[0], r[1], r[2], r[3] or "") not in noted:
                unnoted[r[2]] = unnoted.get(r[2], 0) + 1
    query = f"?ar={year}&period={period}"
    return inbox.round_items(query, status.to_dicts(), names, answers, unnoted)
