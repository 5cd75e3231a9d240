"""The one unit of work every writer goes through (issue 18 item 1, issue 19 item 3).

    with write_unit(engine, "sparandet av bedömningen", period=(2024, "T1")) as unit:
        old = read(unit.conn, ...)      # read what you check: after the lock, never before
        write(unit.conn, ...)
        unit.period_changed(2024, "T1")  # or unit.base_changed()

In this order, in one transaction:

1. **The write lock, first**: PostgreSQL `pg_advisory_xact_lock`, SQLite a write to the lock
   row as the transaction's first statement (what `BEGIN IMMEDIATE` does: the database's write
   lock, and every read after it sees the latest commit). Two writers never interleave, and
   nothing a writer reads to decide (which rows were saved in the app, the version the user
   started from) can change before it commits.
2. **The locked-period guard**: a writer of one period (`period=`) is refused (`Locked`) when
   it is locked; a writer of base data (`watch=`) has the locked periods' rows read now and
   again at the end, and is refused (`PeriodLocked`) when they differ. Either way the
   transaction rolls back and nothing changes.
3. The writer reads, checks and writes on `unit.conn`, and writes its history from what was
   stored (read back after the write: `unit.read_back`).
4. **The data version**, renewed in the same transaction (`queries.versions`): only the
   periods the writer says it changed (`period_changed`: a draft, a note, an answer), or the
   global version with the stored lights recomputed (`base_changed`: an import, a deletion,
   Kolada, publishing; `lights=False` when the lights do not change, as for a lock).

An exception anywhere rolls everything back. `tests/test_write_unit.py` checks that no
writer opens a transaction of its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine

from ils.model import Dataset
from queries.versions import renew_periods
from queries.write import lights
from queries.write.locks import lock_of, locked_rows, refuse_if_locked_change
from queries.write.write_common import Locked

ALL = "all"  # watch every locked period


class UnguardedWrite(RuntimeError):
    """A base-data writer changed data without naming what it writes (`Unit.watch`)."""


@dataclass
class Unit:
    conn: Connection
    action: str
    periods: set[tuple[int, str]] = field(default_factory=set)
    base: bool = False
    relight: bool = False
    params: Any = None
    watched: dict | None = None

    def period_changed(self, year: int, period: str) -> None:
        """This write changed only what views of (year, period) show (no stored light)."""
        self.periods.add((int(year), period))

    def base_changed(self, lights: bool = True, params: Any = None) -> None:
        """This write changed base data: a new global version; `lights`: recompute the stored
        lights (with `params`, default the configured ones)."""
        self.base = True
        self.relight = self.relight or lights
        self.params = params if params is not None else self.params

    def watch(self, ds: Dataset | None) -> None:
        """Before writing `ds` (None: anything): read the locked periods' rows it could
        change, to compare at the end."""
        self.watched = locked_rows(self.conn, ds)

    def read_back(self, read: Callable[[Connection], Any]) -> Any:
        """What was stored (for the history): `read` on this transaction, after the write."""
        return read(self.conn)


def take_write_lock(conn: Connection) -> None:
    """The one database write lock (the same for every writer and the light refresh)."""
    lights.write_lock(conn)


@contextmanager
def write_unit(engine: Engine, action: str, *, period: tuple[int, str] | None = None,
               watch: Dataset | str | None = None) -> Iterator[Unit]:
    """One writer's transaction: lock, guard, the writer's reads and writes, versions.
    `action` names the write in Swedish for a refusal ("importen", "anteckningen").
    `period`: the write touches only this (year, period), refused if it is locked. `watch`:
    the base data to be written (`ALL` for anything; None: the writer calls `Unit.watch`
    itself once it knows, and must before it marks `base_changed`)."""
    with engine.begin() as conn:
        take_write_lock(conn)  # first: before anything is read
        unit = Unit(conn, action)
        if period is not None:
            held = lock_of(conn, *period)
            if held is not None:  # spoken to the app's user, who has no command line
                raise Locked(f"{held.describe()}; {action} avbröts och inget ändrades. Bara en "
                             "administratör kan låsa upp perioden – kontakta "
                             "stadsledningskontoret om något behöver ändras.")
        if watch is not None:
            unit.watch(None if watch == ALL else watch)
        yield unit
        if unit.watched is not None:
            refuse_if_locked_change(conn, unit.watched, action)
        elif unit.base and period is None and watch is None and unit.relight:
            raise UnguardedWrite(f"{action}: base data written without a locked-period guard")
        if unit.base:
            if unit.relight:
                lights.data_changed(conn, unit.params)
            else:
                lights.new_data_version(conn)
        renew_periods(conn, unit.periods)
