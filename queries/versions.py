"""Data versions, what cached views key on (issue 19 item 3, issue 20 item 4).

The **global** version (`dataset_info.data_version`) is renewed by every change of base data
(import, deletion, Kolada, demo, lock, unlock, publishing, returning to draft: everything that
changes the stored lights or what every view reads). A **period** version (`scoped_version`,
one row per (year, period), plus the row "*" renewed with every one of them) is renewed by a
save that only touches that period: a draft, a note, an answer. Both are renewed only inside
the write unit's transaction (`queries.write.write_unit`).

A view names the periods it reads (`periods`): its version is the global one plus those
periods' versions, so a draft saved for 2024 T1 leaves the cached views of 2023 VB valid.
`periods=None` (a view over every period) reads "*"; `periods=()` (a view of base data only:
the org tree, the goals) reads the global version alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ils.periods import previous as previous_period
from queries.schema import dataset_info, scoped_version

ANY = "*"


def scope_name(year: int, period: str) -> str:
    return f"{int(year)}-{period}"


def with_previous(year: int, period: str) -> tuple[tuple[int, str], ...]:
    """(year, period) and the period before it: what a view with change arrows reads."""
    return ((year, period), previous_period(year, period))


def renew_periods(conn: Connection, periods: Iterable[tuple[int, str]]) -> str | None:
    """Renew the versions of `periods` (and "*") inside the caller's transaction."""
    scopes = sorted({scope_name(y, p) for y, p in periods})
    if not scopes:
        return None
    version = uuid.uuid4().hex
    ins = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    for scope in (*scopes, ANY):
        stmt = ins(scoped_version).values(scope=scope, version=version)
        conn.execute(stmt.on_conflict_do_update(index_elements=["scope"],
                                                set_={"version": version}))
    return version


def read_version(engine: Engine | Connection,
                 periods: Iterable[tuple[int, str]] | None = None) -> str:
    """The version a view reading `periods` keys on: the global one, then "*" (`periods`
    None) or each named period's ("0" for what was never written)."""
    scopes = [ANY] if periods is None else sorted({scope_name(y, p) for y, p in periods})

    def read(conn: Connection) -> str:
        glob = conn.execute(select(dataset_info.c.value)
                            .where(dataset_info.c.key == "data_version")).scalar() or "0"
        if not scopes:
            return glob
        got = dict(conn.execute(select(scoped_version.c.scope, scoped_version.c.version)
                                .where(scoped_version.c.scope.in_(scopes))).all())
        return "/".join([glob, *(got.get(s, "0")[:12] for s in scopes)])

    if isinstance(engine, Connection):
        return read(engine)
    with engine.connect() as conn:
        return read(conn)
