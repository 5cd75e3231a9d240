"""Reading what boards and controllers entered in Kontrollrum (issue 13), as §3.9 allows.

Every read follows the draft visibility of the current work (`queries.scope.access()`):
- an assessment's history: all of it to those who may see the org's drafts; to others only
  the changes that left it published, and never a draft's values (the old values of a change
  that published a draft are left out);
- a note on an agenda item (and its history) belongs to the assessments of its org and
  period: visible to everyone once that org has published its period (some assessment, none a
  draft), before that only to those who may see the org's drafts (a signed-out user sees
  nothing of a note about a draft, not even that it exists).
"""

from __future__ import annotations

import json

import polars as pl
from sqlalchemy import Connection, Engine, select

from ils.access import DRAFT
from ils.assessing import PublishSummary, publish_summary
from ils.voms import VOM
from queries import scope
from queries.db import fetch
from queries.schema import (
    agenda_note,
    agenda_note_history,
    assessment,
    assessment_history,
    goal,
    goal_light,
)
from queries.write.write_common import org_tree

HISTORY_COLUMNS = ("changed_at", "changed_by", "action", "old_values", "new_values", "status",
                   "reason")


def draft_orgs(conn: Connection | Engine) -> frozenset[str] | None:
    """The orgs whose drafts the current work may see (None: every org's)."""
    access = scope.access()
    if access.all_drafts:
        return None
    if not access.draft_roots:
        return frozenset()
    return access.draft_orgs(org_tree(conn))


def _sees(orgs: frozenset[str] | None, org_id: str) -> bool:
    return orgs is None or org_id in orgs


def current(engine: Engine | Connection, org_id: str, year: int, period: str) -> pl.DataFrame:
    """The org's assessments of (year, period) with their versions, as the viewer may see
    them (drafts only to those who may see the org's drafts)."""
    a = assessment.c
    stmt = select(a.goal_id, a.assessment, a.basis, a.motivation, a.status, a.version,
                  a.updated_at, a.updated_by, a.published_at, a.published_by).where(
        (a.org_id == org_id) & (a.year == year) & (a.period == period)).order_by(a.goal_id)
    df = fetch(engine, stmt).with_columns(pl.col("version").fill_null(0))
    if _sees(draft_orgs(engine), org_id):
        if df.filter(pl.col("status") == DRAFT).height:
            scope.saw(drafts=True, periods=[(year, period)])
        return df
    return df.filter(pl.col("status").is_null() | (pl.col("status") != DRAFT))


def _still_draft(df: pl.DataFrame, by: list[str]) -> bool:
    """Whether a history (oldest first) ends in a draft for some `by` group: an assessment
    published since has a draft in its past, but the view shows nothing unpublished."""
    if df.is_empty():
        return False
    last = df.group_by(by, maintain_order=True).last() if by else df.tail(1)
    return last.filter(pl.col("status") == DRAFT).height > 0


def history(engine: Engine | Connection, goal_id: str, org_id: str, year: int,
            period: str) -> pl.DataFrame:
    """Every change of one assessment, oldest first (columns `HISTORY_COLUMNS`; the values
    are JSON objects of the fields that changed), as the viewer may see it."""
    h = assessment_history.c
    stmt = select(*(h[c] for c in HISTORY_COLUMNS)).where(
        (h.goal_id == goal_id) & (h.org_id == org_id) & (h.year == year)
        & (h.period == period)).order_by(h.id)
    df = fetch(engine, stmt)
    if _sees(draft_orgs(engine), org_id):
        if _still_draft(df, []):
            scope.saw(drafts=True, periods=[(year, period)])
        return df
    df = df.filter(pl.col("status").is_null() | (pl.col("status") != DRAFT))
    from_draft = pl.col("old_values").map_elements(_was_draft, return_dtype=pl.Boolean)
    return df.with_columns(pl.when(from_draft).then(None).otherwise(pl.col("old_values"))
                           .alias("old_values"))


def goal_history(engine: Engine | Connection, goal_id: str, year: int,
                 period: str) -> pl.DataFrame:
    """Every org's assessment history of one goal and period, as the viewer may see it
    (the rules of `history`, per org): columns org_id and `HISTORY_COLUMNS`, by org, oldest
    first."""
    h = assessment_history.c
    stmt = select(h.org_id, *(h[c] for c in HISTORY_COLUMNS)).where(
        (h.goal_id == goal_id) & (h.year == year) & (h.period == period)).order_by(
        h.org_id, h.id)
    df = fetch(engine, stmt)
    orgs = draft_orgs(engine)
    if orgs is None:
        if _still_draft(df, ["org_id"]):
            scope.saw(drafts=True, periods=[(year, period)])
        return df
    seen = pl.col("org_id").is_in(sorted(orgs))
    if _still_draft(df.filter(seen), ["org_id"]):
        scope.saw(drafts=True, periods=[(year, period)])
    public = pl.col("status").is_null() | (pl.col("status") != DRAFT)
    from_draft = pl.col("old_values").map_elements(_was_draft, return_dtype=pl.Boolean)
    return df.filter(seen | public).with_columns(
        pl.when(~seen & from_draft.fill_null(False)).then(None)
        .otherwise(pl.col("old_values")).alias("old_values"))


def _was_draft(old: str | None) -> bool:
    return bool(old) and json.loads(old).get("status") == DRAFT


def published_periods(conn: Engine | Connection, year: int, period: str) -> set[str]:
    """Orgs that have published (year, period): some assessment, none a draft."""
    a = assessment.c
    df = fetch(conn, select(a.org_id, a.status).where((a.year == year) & (a.period == period)))
    drafting = set(df.filter(pl.col("status") == DRAFT)["org_id"])
    return set(df["org_id"]) - drafting


def _note_filter(conn: Engine | Connection, df: pl.DataFrame, year: int,
                 period: str) -> pl.DataFrame:
    """Notes (rows with org_id) of orgs that have published the period, or whose drafts
    the viewer may see; records that drafts were shown when a shown note is of a draft."""
    orgs = draft_orgs(conn)
    published = published_periods(conn, year, period)
    if orgs is not None:
        df = df.filter(pl.col("org_id").is_in(sorted(published | orgs)))
    # the mark only when a shown note is of an org that has a draft in the period: an org
    # that has assessed nothing has no draft (§3.9 "Innehåller utkast" only where drafts are)
    a = assessment.c
    drafting = set(fetch(conn, select(a.org_id).where(
        (a.year == year) & (a.period == period) & (a.status == DRAFT)).distinct())["org_id"])
    if df.filter(pl.col("org_id").is_in(sorted(drafting))).height:
        scope.saw(drafts=True, periods=[(year, period)])
    return df


def notes(engine: Engine | Connection, year: int, period: str,
          org_ids: tuple[str, ...] | None = None) -> pl.DataFrame:
    """The notes on the agenda items of (year, period) the viewer may see."""
    n = agenda_note.c
    stmt = select(agenda_note).where((n.year == year) & (n.period == period))
    if org_ids is not None:
        stmt = stmt.where(n.org_id.in_(list(org_ids)))
    stmt = stmt.order_by(n.org_id, n.goal_id, n.kind, n.indicator_id)
    return _note_filter(engine, fetch(engine, stmt), year, period)


def note_history(engine: Engine | Connection, year: int, period: str, kind: str,
                 goal_id: str, org_id: str, indicator_id: str = "") -> pl.DataFrame:
    """Every change of one item's note, oldest first, as the viewer may see it."""
    h = agenda_note_history.c
    stmt = select(h.org_id, h.changed_at, h.changed_by, h.action, h.old_values,
                  h.new_values).where(
        (h.year == year) & (h.period == period) & (h.kind == kind) & (h.goal_id == goal_id)
        & (h.org_id == org_id) & (h.indicator_id == (indicator_id or ""))).order_by(h.id)
    return _note_filter(engine, fetch(engine, stmt), year, period).drop("org_id")


def questions(engine: Engine | Connection, org_id: str, year: int,
              period: str) -> pl.DataFrame:
    """The controllers' questions to a board about its items of (year, period)."""
    df = notes(engine, year, period, (org_id,))
    return df.filter(pl.col("question").is_not_null())


def period_summary(conn: Engine | Connection, org_id: str, year: int,
                   period: str) -> PublishSummary:
    """What publishing the org's drafts of (year, period) would make public (not scoped:
    the writers call it for the org's own users)."""
    a, g, gl = assessment.c, goal.c, goal_light.c
    drafts = fetch(conn, select(a.goal_id, a.assessment, a.motivation, a.status).where(
        (a.org_id == org_id) & (a.year == year) & (a.period == period)))
    lights = fetch(conn, select(gl.goal_id, gl.light, gl.rests_on_forecast).where(
        (gl.org_id == org_id) & (gl.year == year) & (gl.period == period)))
    voms = fetch(conn, select(g.id).where((g.level == VOM) & (g.year_from <= year)
                                          & (g.year_to >= year)).order_by(g.id))
    published = set(drafts.filter(pl.col("status") != DRAFT)["goal_id"]) | set(
        drafts.filter(pl.col("status").is_null())["goal_id"])
    return publish_summary(
        drafts.filter(pl.col("status") == DRAFT).to_dicts(),
        {r["goal_id"]: r for r in lights.to_dicts()}, period,
        [v for v in voms["id"] if v not in published])
