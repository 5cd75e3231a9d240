"""Writing the reporting round's deadlines (DOMAIN.md §3.10): an admin's set, change or
removal through the write unit, with every change kept, and the history rows of an import.
Read them with `queries.read.schedules`."""

from __future__ import annotations

import datetime as dt

import polars as pl
from sqlalchemy import Connection, Engine, delete, insert, select, update

from ils.access import Viewer
from ils.clock import now
from ils.periods import PERIODS
from queries.read.schedules import EVERY_BOARD
from queries.schema import organisation, schedule_history, schedules
from queries.write.write_common import Invalid, NotAllowed, who
from queries.write.write_unit import write_unit


def _checked(conn: Connection, viewer: Viewer, year, period, org_id) -> tuple[int, str, str]:
    if not viewer.is_admin:
        raise NotAllowed("Bara en administratör kan ändra tidsplanen.")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise Invalid("Ange ett år, t.ex. 2022.")
    if period not in PERIODS:
        raise Invalid("Ange perioden: T1, T2 eller VB.")
    org_id = (org_id or "").strip()
    if org_id:
        level = conn.execute(select(organisation.c.level).where(
            organisation.c.id == org_id)).scalar_one_or_none()
        if level is None:
            raise Invalid(f"Organisationen {org_id!r} finns inte.")
        if level != "namnd":
            raise Invalid(f"{org_id!r} är ingen nämnd: en tidsplan gäller en nämnd eller alla.")
    return year, period, org_id


def set_deadline(engine: Engine, viewer: Viewer, year: int, period: str, org_id: str | None,
                 deadline: dt.date | str | None) -> str:
    """Set, change or (deadline None/"") remove a deadline; history kept. Returns a Swedish
    receipt. Refusals raise `WriteRefused` (Swedish) and change nothing."""
    if isinstance(deadline, str):
        deadline = deadline.strip()
        try:
            deadline = dt.date.fromisoformat(deadline) if deadline else None
        except ValueError:
            raise Invalid(f"{deadline!r} är inget datum på formen ÅÅÅÅ-MM-DD.") from None
    with write_unit(engine, "ändringen av sista dagen") as unit:  # the write lock first
        conn = unit.conn
        year, period, org_id = _checked(conn, viewer, year, period, org_id)
        s = schedules
        key = (s.c.year == year) & (s.c.period == period) & (s.c.org_id == org_id)
        old = conn.execute(select(s.c.deadline).where(key)).scalar_one_or_none()
        if isinstance(old, str):
            old = dt.date.fromisoformat(old)
        if old == deadline:
            return "Ingen ändring: tidsplanen var redan så."
        stamp, by = now(), who(viewer)
        if deadline is None:
            conn.execute(delete(s).where(key))
            action = "borttagen"
        elif old is None:
            conn.execute(insert(s).values(year=year, period=period, org_id=org_id,
                                          deadline=deadline, updated_at=stamp, updated_by=by))
            action = "satt"
        else:
            conn.execute(update(s).where(key).values(deadline=deadline, updated_at=stamp,
                                                     updated_by=by))
            action = "ändrad"
        conn.execute(insert(schedule_history).values(
            year=year, period=period, org_id=org_id, changed_at=stamp, changed_by=by,
            action=action, old_deadline=old, new_deadline=deadline))
        unit.period_changed(year, period)  # the round's status on that period's pages
    whom = f"för {org_id}" if org_id else "för alla nämnder"
    if deadline is None:
        return f"Sista dag {period} {year} {whom} borttagen."
    return f"Sista dag {period} {year} {whom}: {deadline.isoformat()}."


def record_import(conn: Connection, before: pl.DataFrame, incoming: pl.DataFrame) -> int:
    """History rows ("importerad", no person) for deadlines an import set or changed."""
    if incoming.is_empty():
        return 0
    keys = ["year", "period", "org_id"]
    inc = incoming.with_columns(pl.col("org_id").fill_null(EVERY_BOARD))
    old = before.with_columns(pl.col("org_id").fill_null(EVERY_BOARD)).rename(
        {"deadline": "old"})
    changed = (inc.join(old, on=keys, how="left")
               .filter(pl.col("old").is_null() | (pl.col("old") != pl.col("deadline"))))
    stamp = now()
    rows = [{"year": r["year"], "period": r["period"], "org_id": r["org_id"],
             "changed_at": stamp, "changed_by": None, "action": "importerad",
             "old_deadline": r["old"], "new_deadline": r["deadline"]}
            for r in changed.iter_rows(named=True)]
    if rows:
        conn.execute(insert(schedule_history), rows)
    return len(rows)
