"""The database cannot be reached: how to recognise it (`database_unreachable`).

A page's callback (`pagekit.guard.safe`), the shell and `/halsa` show the outage message
(`components.outage`) for such an error instead of "Något gick fel". Nothing is cached: the
next request tries again, so the app recovers by itself when the database is back.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import exc as sa_exc

# SQLAlchemy wraps the driver's error; a raw driver error can also escape (e.g. at connect).
_UNREACHABLE: tuple[type[BaseException], ...] = (
    sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError,
    sa_exc.DisconnectionError, sqlite3.OperationalError, sqlite3.InterfaceError,
    ConnectionError)


def _driver_errors() -> tuple[type[BaseException], ...]:
    try:
        import psycopg
    except ImportError:  # PostgreSQL support not installed
        return ()
    return (psycopg.OperationalError, psycopg.InterfaceError)


def database_unreachable(error: BaseException) -> bool:
    """Is `error`, or an error that led to it, a failure to reach or use the database
    (refused, timed out, unreadable, disconnected) rather than a bug?"""
    kinds = _UNREACHABLE + _driver_errors()
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, kinds):
            return True
        if isinstance(current, sa_exc.DBAPIError) and current.connection_invalidated:
            return True
        current = current.__cause__ or current.__context__
    return False
