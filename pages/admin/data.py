"""What /admin reads: the periods with data and their locks, the current viewer, the
signed-in sessions, and the reporting round's deadlines with their history (the only code of
the view that reads through `queries/`; what it does — locking, unlocking, ending a session,
setting a deadline — goes through `pages/admin/writes.py`). The sessions and the drafts
counted before a lock are read fresh: they change without a data version."""

from __future__ import annotations

import polars as pl

from components.outage import TITLE as OUTAGE_TITLE
from ils import clock
from ils.access import Viewer
from ils.labels import PERIOD_LABEL
from ils.periods import PERIODS
from queries import scope
from queries import sessions as session_store
from queries.cache import cached
from queries.db import get_engine
from queries.outage import database_unreachable
from queries.read.schedules import read_history, read_schedule
from queries.read.snapshots import periods_overview
from queries.write.locks import drafts_in_period

ACTIONS = ("lock", "unlock")
DOWN = f"{OUTAGE_TITLE}: inget ändrades. Försök igen om en stund."


def viewer() -> Viewer:
    return scope.viewer()


def session_lost() -> bool:
    """Signed in, but the database (which keeps the sessions) cannot say as whom."""
    return scope.session_unreadable()


def periods() -> pl.DataFrame:
    """(year, period, locked_at, locked_by), latest first, with a label for each period."""
    df = periods_overview(get_engine())
    return df.with_columns(label=pl.format("{} {}", pl.col("period").replace_strict(
        PERIOD_LABEL, default=pl.col("period")), pl.col("year")))


def drafts_in(year: int, period: str) -> int | None:
    """How many self-assessments of (year, period) are still drafts (a lock freezes them);
    None when the database does not answer."""
    try:
        return drafts_in_period(get_engine(), year, period)
    except Exception as exc:
        if database_unreachable(exc):
            return None
        raise


def who(v: Viewer) -> str:
    """The name a lock is recorded under: the viewer's name, else the provider's id."""
    return v.name or v.subject or "okänd administratör"


def checked(pending: object) -> tuple[int, str, str] | None:
    """(year, period, action) from a request's data, None when it is not one."""
    if not isinstance(pending, dict):
        return None
    year, period, action = pending.get("year"), pending.get("period"), pending.get("action")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        return None
    if period not in PERIODS or action not in ACTIONS:
        return None
    return year, period, action


def sessions() -> list[dict]:
    """The signed-in sessions (an admin's view only), newest first."""

    return session_store.active(get_engine(), clock.epoch())


def boards() -> dict[str, str]:
    """{board id: name}, by id (the reference tables, cached)."""
    from pagekit import data as page_data

    org = page_data.reference(get_engine()).organisation
    return dict(org.filter(pl.col("level") == "namnd").sort("id").select("id", "name")
                .iter_rows())


def deadlines() -> tuple[pl.DataFrame, pl.DataFrame]:
    """The deadlines set, latest period first, and their last 200 changes, newest first
    (cached: a deadline's save renews its period's version, which every period's reads)."""
    engine = get_engine()
    return cached(engine, "admin_deadlines", None,
                  lambda: (read_schedule(engine).sort("year", "period", descending=True),
                           read_history(engine).head(200)))
