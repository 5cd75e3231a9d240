"""`kontrollrum delete`: remove a year, an organisation or an indicator, all or nothing.

Works inside the caller's transaction: `kontrollrum delete` runs `remove` in a
`queries.write.write_unit` (the write lock first, every locked period watched); `delete_data`
guards the locked periods itself for a caller with a connection of its own. Rows that refer to a removed row (by a foreign key,
or a directive addressed to a removed organisation) go with it, children before parents, so
no reference is ever left dangling on SQLite or PostgreSQL.
"""

from __future__ import annotations

from collections import Counter

from sqlalchemy import Connection, Table, delete, select

from ils.model import FILES, LOAD_ORDER
from queries.schema import TABLES
from queries.write.locks import guard

CHUNK = 500
MODEL_TABLES = [TABLES[FILES[name].table] for name in LOAD_ORDER]
YEARLY = [t for t in MODEL_TABLES if "year" in t.c]


def _chunks(ids: list[str]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start:start + CHUNK]


def _referrers(table: Table) -> list[tuple[Table, str]]:
    """(table, column) pairs whose foreign key points at `table.id`."""
    out = []
    for other in MODEL_TABLES:
        for fk in other.foreign_keys:
            if fk.column.table is table:
                out.append((other, fk.parent.name))
    if table.name == "organisation":
        out.append((TABLES["directive"], "recipient"))
        out.append((TABLES["schedules"], "org_id"))
    return out


def _delete_where(conn: Connection, table: Table, column: str, ids: list[str],
                  counts: Counter, extra=None) -> None:
    """Delete the rows of `table` whose `column` is in `ids` (and that match `extra`)."""
    if not ids:
        return
    if "id" in table.c and table.c.id.primary_key:
        found: list[str] = []
        for part in _chunks(ids):
            q = select(table.c.id).where(table.c[column].in_(part))
            found += conn.execute(q if extra is None else q.where(extra)).scalars().all()
        delete_ids(conn, table, sorted(set(found)), counts)
        return
    for part in _chunks(ids):
        stmt = delete(table).where(table.c[column].in_(part))
        counts[table.name] += conn.execute(stmt if extra is None else stmt.where(extra)).rowcount


def delete_ids(conn: Connection, table: Table, ids: list[str], counts: Counter) -> None:
    """Delete rows of `table` by id, and first everything that refers to them."""
    if not ids:
        return
    for other, column in _referrers(table):
        _delete_where(conn, other, column, ids, counts)
    for part in _chunks(ids):
        counts[table.name] += conn.execute(delete(table).where(table.c.id.in_(part))).rowcount


def delete_data(conn: Connection, year: int | None = None, org: str | None = None,
                indicator: str | None = None) -> dict[str, int]:
    """Remove what the filters select; returns rows removed per table (only non-zero).
    A deletion that would change a locked period raises `queries.write.locks.PeriodLocked`."""
    with guard(conn, "borttagningen"):
        return remove(conn, year, org, indicator)


def remove(conn: Connection, year: int | None, org: str | None,
            indicator: str | None) -> dict[str, int]:
    counts: Counter = Counter()
    if year is None:
        if indicator is not None:
            delete_ids(conn, TABLES["indicator"], [indicator], counts)
        if org is not None:
            delete_ids(conn, TABLES["organisation"], [org], counts)
        return {t.name: counts[t.name] for t in MODEL_TABLES if counts[t.name]}
    for table in reversed(YEARLY):
        cond = table.c.year == year
        if indicator is not None:
            if "indicator_id" not in table.c:
                continue
            cond = cond & (table.c.indicator_id == indicator)
        if org is not None:
            column = table.c.org_id if "org_id" in table.c else table.c.recipient
            cond = cond & (column == org)
        if "id" in table.c and table.c.id.primary_key:
            ids = conn.execute(select(table.c.id).where(cond)).scalars().all()
            delete_ids(conn, table, list(ids), counts)
        else:
            counts[table.name] += conn.execute(delete(table).where(cond)).rowcount
    return {t.name: counts[t.name] for t in MODEL_TABLES if counts[t.name]}
