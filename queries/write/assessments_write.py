"""Assessments entered in Kontrollrum (issue 13; DOMAIN.md §3.4, §3.9): save a draft, publish
a board's period, return a published period to draft.

Every write is one `queries.write.write_unit` (the write lock first, then the locked-period guard)
and checks on the server, inside it: the viewer's role, the goal (a VOM in force that year)
and the version the user started from (optimistic concurrency: a save on an older version is
a `Conflict` carrying the other's version, and nothing is overwritten). Each change is kept
in `assessment_history` (old → new), written from the row as stored (read back after the
write). A draft's save renews only its period's data version (stored lights hold only
published assessments, so it needs no recomputation); publishing and returning to draft
renew the global one and recompute the stored lights. Text is stored as given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import polars as pl
from sqlalchemy import Connection, Engine, func, insert, select, update

from ils.access import DRAFT, PUBLISHED, Viewer
from ils.assessing import ASSESSMENT_WORDS, EntryError, PublishSummary, check_entry
from ils.clock import now
from ils.periods import text as period_text
from ils.voms import VOM
from queries.db import fetch
from queries.read.assessment_reads import period_summary
from queries.schema import assessment, assessment_history, goal, goal_light
from queries.write.write_common import (
    Conflict,
    Invalid,
    NotAllowed,
    as_json,
    changes,
    check_version,
    check_year_period,
    has_control_characters,
    org_name,
    org_tree,
    period_with_data,
    shown_time,
    who,
)
from queries.write.write_unit import write_unit

FIELDS = ("assessment", "basis", "motivation", "status")
MAX_REASON = 1000


@dataclass(frozen=True)
class Saved:
    version: int
    changed: bool  # False when the entry equalled what was stored


def _key(goal_id: str, org_id: str, year: int, period: str):
    a = assessment.c
    return ((a.goal_id == goal_id) & (a.org_id == org_id) & (a.year == year)
            & (a.period == period))


def _row(conn: Connection, goal_id: str, org_id: str, year: int, period: str) -> dict | None:
    got = conn.execute(select(assessment).where(_key(goal_id, org_id, year, period))).first()
    return dict(got._mapping) if got is not None else None


def _goal_light(conn: Connection, goal_id: str, org_id: str, year: int,
                period: str) -> dict | None:
    g = goal_light.c
    got = conn.execute(select(g.light, g.rests_on_forecast).where(
        (g.goal_id == goal_id) & (g.org_id == org_id) & (g.year == year)
        & (g.period == period))).first()
    return dict(got._mapping) if got is not None else None


def _check_goal(conn: Connection, goal_id: object, year: int) -> str:
    if not isinstance(goal_id, str) or len(goal_id) > 120 or has_control_characters(goal_id):
        raise Invalid(f"Okänt mål: {str(goal_id)[:120]!r}.")
    got = conn.execute(select(goal.c.level, goal.c.year_from, goal.c.year_to)
                       .where(goal.c.id == goal_id)).first()
    if got is None:
        raise Invalid(f"Målet {goal_id!r} finns inte.")
    if got.level != VOM or not got.year_from <= year <= got.year_to:
        raise Invalid(f"Målet {goal_id!r} är inget verksamhetsområdesmål för {year}; bara "
                      "verksamhetsområdesmål som gäller det året kan bedömas.")
    return goal_id


def _may_edit(conn: Connection, viewer: Viewer, org_id: object) -> pl.DataFrame:
    """The org tree, or NotAllowed: the page's rule (`Viewer.may_assess`, RULES.md §9) is the
    server's — a board's users assess and publish their own board only, never an org below."""
    tree = org_tree(conn)
    if not isinstance(org_id, str) or not viewer.may_assess(org_id):
        name = org_name(tree, org_id)[:120] if isinstance(org_id, str) else repr(org_id)[:120]
        raise NotAllowed(f"Du får inte bedöma mål för {name}: bara nämndens egna användare "
                         "(rollen nämnd) kan göra det.")
    return tree


def _history(conn: Connection, key: tuple, by: str | None, action: str, old: dict, new: dict,
             status: str | None, at: str, reason: str | None = None) -> None:
    goal_id, org_id, year, period = key
    conn.execute(insert(assessment_history).values(
        goal_id=goal_id, org_id=org_id, year=year, period=period, changed_at=at,
        changed_by=by, action=action, old_values=as_json(old), new_values=as_json(new),
        status=status, reason=reason))


def conflict_message(other: dict) -> str:
    what = ASSESSMENT_WORDS.get(other.get("assessment"), other.get("assessment") or "")
    by = other.get("updated_by") or "en import"
    when = shown_time(other.get("updated_at"))
    text = f"”{other['motivation']}”" if other.get("motivation") else "ingen"
    return (f"Bedömningen har ändrats av {by} {when} (version {other.get('version') or 0}) "
            f"sedan du öppnade den: {what}, grund {other.get('basis') or '–'}, motivering "
            f"{text}. Din ändring sparades inte.")


def save_assessment(engine: Engine, viewer: Viewer, goal_id: str, org_id: str, year: int,
                    period: str, assessment_value: str, basis: str, motivation: str | None,
                    expected_version: int, also: Iterable[str] = ()) -> Saved:
    """Save a board's assessment of a VOM as a draft (`utkast`). `expected_version` is the
    version the user's form was filled from (0 for a goal not yet assessed)."""
    year, period = check_year_period(year, period)
    expected = check_version(expected_version)
    with write_unit(engine, "sparandet av bedömningen", period=(year, period)) as unit:
        conn = unit.conn
        tree = _may_edit(conn, viewer, org_id)
        _check_goal(conn, goal_id, year)
        period_with_data(conn, year, period, "en bedömning")
        try:
            entry = check_entry(assessment_value, basis, list(also), motivation,
                                _goal_light(conn, goal_id, org_id, year, period), period)
        except EntryError as exc:
            raise Invalid(str(exc)) from None
        old = _row(conn, goal_id, org_id, year, period)
        stored = (old or {}).get("version") or 0
        if old is not None and stored != expected:
            raise Conflict(conflict_message(old), {k: old.get(k) for k in (
                *FIELDS, "version", "updated_at", "updated_by")})
        if old is None and expected != 0:
            raise Conflict("Bedömningen finns inte längre (den har tagits bort sedan du "
                           "öppnade den). Din ändring sparades inte; ladda om sidan.", {})
        if old is not None and old["status"] != DRAFT:
            raise NotAllowed(f"Bedömningen för {org_name(tree, org_id)} "
                             f"{period_text(year, period)} är publicerad och kan inte ändras; "
                             "en administratör kan återföra perioden till utkast.")
        new = {"assessment": entry.assessment, "basis": entry.basis,
               "motivation": entry.motivation, "status": DRAFT}
        before, after = changes(old, new) if old is not None else ({}, new)
        if not after:
            return Saved(stored, False)
        at, by = now(), who(viewer)
        meta = {"version": stored + 1, "updated_at": at, "updated_by": by}
        if old is None:
            conn.execute(insert(assessment).values(
                goal_id=goal_id, org_id=org_id, year=year, period=period, **new, **meta))
        else:
            done = conn.execute(update(assessment).where(
                _key(goal_id, org_id, year, period)
                & (func.coalesce(assessment.c.version, 0) == expected)).values(**new, **meta))
            if done.rowcount != 1:  # cannot happen under the write lock; never overwrite
                raise Conflict(conflict_message(old), dict(old))
        got = unit.read_back(lambda c: _row(c, goal_id, org_id, year, period))
        if got is None or got["version"] != stored + 1 or got["updated_by"] != by:
            raise Conflict(conflict_message(got or {}), dict(got or {}))  # never a false ack
        kept = {k: got[k] for k in FIELDS}
        before, after = changes(old, kept) if old is not None else ({}, kept)
        _history(conn, (goal_id, org_id, year, period), by,
                 "skapad" if old is None else "ändrad", before, after, got["status"], at)
        # Stored lights hold only published assessments (`queries.write.lights`): a draft changes
        # none of them, only what cached views of its period read.
        unit.period_changed(year, period)
    return Saved(got["version"], True)


def _period_rows(conn: Connection, org_id: str, year: int, period: str) -> pl.DataFrame:
    a = assessment.c
    stmt = select(a.goal_id, a.assessment, a.basis, a.motivation, a.status, a.version).where(
        (a.org_id == org_id) & (a.year == year) & (a.period == period)).order_by(a.goal_id)
    return fetch(conn, stmt)


def draft_versions(drafts: pl.DataFrame) -> dict[str, int]:
    """{goal: version} of a period's drafts: what a publish summary was made from."""
    return {g: v or 0 for g, v in drafts.select("goal_id", "version").iter_rows()}


def publish_period(engine: Engine, viewer: Viewer, org_id: str, year: int,
                   period: str, expected: dict | None) -> PublishSummary:
    """Publish all the board's drafts of (year, period) at once; records who and when.
    `expected` ({goal: version} of the drafts the user's summary showed) is required: a draft
    saved, changed or added since, or no versions at all (None, a forged `null`), is a
    `Conflict` and nothing is published. Returns the summary of what became public."""
    year, period = check_year_period(year, period)
    with write_unit(engine, "publiceringen", period=(year, period)) as unit:
        conn = unit.conn
        tree = _may_edit(conn, viewer, org_id)
        summary = period_summary(conn, org_id, year, period)
        drafts = _period_rows(conn, org_id, year, period).filter(pl.col("status") == DRAFT)
        if drafts.is_empty():
            raise Invalid(f"{org_name(tree, org_id)} har inga utkast att publicera för "
                          f"{period_text(year, period)}.")
        if not isinstance(expected, dict) or draft_versions(drafts) != expected:
            raise Conflict("Utkasten har ändrats sedan sammanfattningen visades (någon har "
                           "sparat under tiden). Ingenting publicerades; visa "
                           "sammanfattningen igen och läs den innan du publicerar.", {})
        at, by = now(), who(viewer)
        a = assessment.c
        conn.execute(update(assessment).where(
            (a.org_id == org_id) & (a.year == year) & (a.period == period)
            & (a.status == DRAFT)).values(
            status=PUBLISHED, published_at=at, published_by=by,
            version=func.coalesce(a.version, 0) + 1))
        stored = unit.read_back(lambda c: _period_rows(c, org_id, year, period))
        for goal_id, status in stored.filter(pl.col("goal_id").is_in(
                drafts["goal_id"].implode())).select("goal_id", "status").iter_rows():
            _history(conn, (goal_id, org_id, year, period), by, "publicerad",
                     {"status": DRAFT}, {"status": status}, status, at)
        unit.base_changed()  # the stored lights hold published assessments
    return summary


def return_to_draft(engine: Engine, viewer: Viewer, org_id: str, year: int, period: str,
                    reason: str) -> int:
    """An admin returns a board's published (year, period) to draft, with a reason. Returns
    how many assessments became drafts again."""
    year, period = check_year_period(year, period)
    if not viewer.is_admin:
        raise NotAllowed("Bara en administratör kan återföra en publicerad period till utkast.")
    if not isinstance(reason, str) or not reason.strip():
        raise Invalid("Ange varför perioden återförs till utkast.")
    if len(reason) > MAX_REASON:
        raise Invalid(f"Skälet är för långt ({len(reason)} tecken, högst {MAX_REASON}).")
    with write_unit(engine, "återförandet till utkast", period=(year, period)) as unit:
        conn = unit.conn
        tree = org_tree(conn)
        if not isinstance(org_id, str) or org_id not in set(tree["id"]):
            raise Invalid(f"Organisationen {str(org_id)[:120]!r} finns inte.")
        rows = _period_rows(conn, org_id, year, period).filter(
            pl.col("status").is_null() | (pl.col("status") != DRAFT))
        if rows.is_empty():
            raise Invalid(f"{org_name(tree, org_id) if isinstance(org_id, str) else org_id} "
                          f"har inga publicerade bedömningar för {period_text(year, period)}.")
        at, by = now(), who(viewer)
        a = assessment.c
        conn.execute(update(assessment).where(
            (a.org_id == org_id) & (a.year == year) & (a.period == period)
            & (a.status.is_(None) | (a.status != DRAFT))).values(
            status=DRAFT, updated_at=at, updated_by=by,
            version=func.coalesce(a.version, 0) + 1))
        now_stored = dict(unit.read_back(lambda c: _period_rows(c, org_id, year, period))
                          .select("goal_id", "status").iter_rows())
        for goal_id, status in rows.select("goal_id", "status").iter_rows():
            _history(conn, (goal_id, org_id, year, period), by, "återförd till utkast",
                     {"status": status or PUBLISHED}, {"status": now_stored.get(goal_id)},
                     now_stored.get(goal_id), at, reason=reason)
        unit.base_changed()
    return rows.height
