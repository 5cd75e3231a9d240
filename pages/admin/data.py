"""What /admin reads and does: the periods with data and their locks, the current viewer,
locking or unlocking a period, and the signed-in sessions and ending one (the only code of the
view that calls `queries`)."""

from __future__ import annotations

import polars as pl

from components.outage import TITLE as OUTAGE_TITLE
from ils import clock
from ils.access import Viewer
from ils.labels import PERIOD_LABEL
from ils.model import PERIODS
from queries import scope
from queries import sessions as session_store
from queries.db import get_engine
from queries.lock_writes import lock_period, unlock_period
from queries.locks import LockError, drafts_in_period
from queries.outage import database_unreachable
from queries.snapshots import periods_overview

ACTIONS = ("lock", "unlock")
REFUSED = ("Endast administratörer får låsa och låsa upp perioder; inget ändrades.")
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


def act(pending: object) -> tuple[bool, str]:
    """Lock or unlock as the current viewer asks: (done, Swedish message). Anyone but an admin
    is refused here, on the server, whatever the page showed."""
    v = viewer()
    if session_lost():
        return False, DOWN
    if not v.is_admin:
        return False, REFUSED
    got = checked(pending)
    if got is None:
        return False, "Ogiltig begäran; inget ändrades."
    year, period, action = got
    try:
        if action == "lock":
            info = lock_period(get_engine(), year, period, who(v))
            return True, (f"Låste {info.name} ({info.date} av {info.locked_by}). Vyerna visar nu "
                          "periodens ögonblicksbild, och ingen import eller ändring kan ändra den.")
        info = unlock_period(get_engine(), year, period, who(v))
        return True, (f"Låste upp {info.name} (låst {info.date} av {info.locked_by}). Perioden "
                      "kan åter ändras.")
    except LockError as exc:
        return False, f"{exc}; inget ändrades."
    except Exception as exc:
        if database_unreachable(exc):  # said on the page, not a silent "no update"
            return False, DOWN
        raise


SESSION_REFUSED = "Endast administratörer får avsluta sessioner; inget ändrades."


def sessions() -> list[dict]:
    """The signed-in sessions (an admin's view only), newest first."""

    return session_store.active(get_engine(), clock.epoch())


def end_session(sid: object) -> tuple[bool, str]:
    """End the session `sid` (the id the table shows) for an admin: (done, Swedish message)."""
    if session_lost():
        return False, DOWN
    if not viewer().is_admin:
        return False, SESSION_REFUSED
    if not isinstance(sid, str) or len(sid) > 64:
        return False, "Ogiltig begäran; inget ändrades."
    try:
        n = session_store.end(get_engine(), sid)
    except ValueError as exc:
        return False, f"{exc}; inget ändrades."
    except Exception as exc:
        if database_unreachable(exc):
            return False, DOWN
        raise
    if not n:
        return False, "Sessionen fanns inte längre (utloggad eller utgången)."
    return True, "Sessionen är avslutad: webbläsaren är utloggad vid nästa begäran."
