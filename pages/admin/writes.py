"""What /admin does: locking or unlocking a period, ending a signed-in session, and setting
a reporting round's deadline — each as the current viewer, refused on the server for anyone but
an admin whatever the page showed, and (done, Swedish message) back. The only code of the view
that writes; it reads through `data.py`."""

from __future__ import annotations

from pages.admin.data import DOWN, checked, session_lost, viewer, who
from queries import sessions as session_store
from queries.db import get_engine
from queries.outage import database_unreachable
from queries.write.lock_writes import lock_period, unlock_period
from queries.write.locks import LockError
from queries.write.schedule_writes import set_deadline
from queries.write.write_common import WriteRefused

REFUSED = ("Endast administratörer får låsa och låsa upp perioder; inget ändrades.")


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


def deadline(year, period, org_id: str, day: str) -> tuple[bool, str]:
    """Set, change or remove a deadline (`queries.write.schedule_writes.set_deadline`)."""
    try:
        return True, set_deadline(get_engine(), viewer(), year, period, org_id, day)
    except WriteRefused as exc:
        return False, f"{exc} Inget ändrades."
    except Exception as exc:
        if not database_unreachable(exc):
            raise
        return False, DOWN
