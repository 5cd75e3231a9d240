"""The app's one clock: now and today in Swedish time, and epoch seconds for sessions.

Every timestamp the app writes (saves, history, locks, deadlines' lateness, sign-ins, Kolada
fetches, files' "Hämtad") comes from here, so a test moves time in one place (monkeypatch
`ils.clock.now` / `epoch`; `today` follows `now`).
"""

from __future__ import annotations

import datetime as dt
import time
from zoneinfo import ZoneInfo

SWEDISH_TIME = "Europe/Stockholm"


def _zone() -> dt.tzinfo:
    try:
        return ZoneInfo(SWEDISH_TIME)
    except Exception:  # noqa: BLE001 - no time zone data on this machine: UTC, with its offset
        return dt.UTC


def now() -> str:
    """Now, ISO 8601 to the second with its offset, in Swedish time."""
    return dt.datetime.now(_zone()).isoformat(timespec="seconds")


def today() -> dt.date:
    """Today in Swedish time: deadlines, lateness (§3.10), a file's "Hämtad"."""
    return dt.date.fromisoformat(now()[:10])


def epoch() -> float:
    """Seconds since the epoch: what sign-in sessions' ages are measured in."""
    return time.time()
