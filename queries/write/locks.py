"""Locked periods (DOMAIN.md §3.9): the errors, the list of locks, and the guards every
writer uses so that nothing changes a locked period. Locking and unlocking themselves are
`queries.write.lock_writes` (they run in a write unit, which guards with this module).

Writers: an import or a deletion runs inside `guard(conn, action)`, which takes the write lock,
reads the rows of the locked periods it could touch (values and assessments of (year, period),
targets of the year) before the write and again after it; if any differ it raises
`PeriodLocked` (a Swedish message naming the lock) and the caller's transaction rolls back,
changing nothing. A single write (the assessment editor) calls `assert_unlocked` first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import polars as pl
from sqlalchemy import Connection, Engine, func, select

from ils.model import FILES, Dataset
from queries.db import fetch
from queries.read.dataset import load_dataset
from queries.read.snapshots import LockInfo, all_locks, lock_of, lock_table
from queries.schema import assessment
from queries.write import lights

__all__ = ["LockError", "LockInfo", "PeriodLocked", "assert_unlocked", "guard", "lock_of",
           "locks"]

GUARDED = ("targets", "values", "assessments")


class LockError(ValueError):
    """Locking or unlocking cannot be done; the message is Swedish and says why."""


class PeriodLocked(LockError):
    """A write would change a locked period; nothing was changed."""

    def __init__(self, info: LockInfo, action: str, rows: int = 0, others: int = 0):
        self.info = info
        what = f" ({rows} {'rad' if rows == 1 else 'rader'})" if rows else ""
        more = f" och {others} låst period till" if others == 1 else (
            f" och {others} låsta perioder till" if others else "")
        super().__init__(
            f"{info.describe()}; {action} skulle ändra den{what}{more} och avbröts, "
            f"databasen är oförändrad. Lås upp perioden först (kontrollrum unlock --year "
            f"{info.year} --period {info.period}).")


def locks(engine: Engine | Connection) -> pl.DataFrame:
    """Every locked period (year, period, locked_at, locked_by, the parameters then), latest
    first."""
    return lock_table(engine)


# --- guards for writers ------------------------------------------------------------------

def assert_unlocked(conn: Connection, year: int, period: str,
                    action: str = "ändringen") -> None:
    """For a single write to (year, period) inside `conn`'s transaction: takes the write lock,
    then raises `PeriodLocked` if the period is locked."""
    lights._lock(conn)  # noqa: SLF001
    held = lock_of(conn, year, period)
    if held is not None:
        raise PeriodLocked(held, action)


def _touched(ds: Dataset | None, info: LockInfo) -> bool:
    """Whether writing `ds` could change the locked period (None: any write could)."""
    if ds is None:
        return True
    if (ds.targets["year"] == info.year).any():
        return True
    return any(((f["year"] == info.year) & (f["period"] == info.period)).any()
               for f in (ds.values, ds.assessments))


def locked_rows(conn: Connection, ds: Dataset | None = None
                ) -> dict[LockInfo, tuple[pl.DataFrame, ...]]:
    """The rows of each locked period that writing `ds` could change (None: every locked
    period): its values and assessments, and the targets of its year."""
    out = {}
    for info in all_locks(conn):
        if _touched(ds, info):
            got = load_dataset(conn, years=(info.year,), periods=(info.period,), files=GUARDED)
            out[info] = tuple(getattr(got, name) for name in GUARDED)
    return out


def _differing(before: tuple[pl.DataFrame, ...], after: tuple[pl.DataFrame, ...]) -> int:
    """How many rows differ between two readings: changed or added, and removed."""
    n = 0
    for name, b, a in zip(GUARDED, before, after, strict=True):
        if b.equals(a):
            continue
        key = list(FILES[name].key)
        n += a.join(b, on=a.columns, how="anti", nulls_equal=True).height
        n += b.join(a, on=key, how="anti", nulls_equal=True).height
    return n


def refuse_if_locked_change(conn: Connection, before: dict[LockInfo, tuple[pl.DataFrame, ...]],
                            action: str = "ändringen") -> None:
    """Raise `PeriodLocked` if a locked period's rows now differ from `before` (from
    `locked_rows`, read in the same transaction): the caller's transaction then rolls back."""
    changed = []
    for info, rows in before.items():
        got = load_dataset(conn, years=(info.year,), periods=(info.period,), files=GUARDED)
        n = _differing(rows, tuple(getattr(got, name) for name in GUARDED))
        if n:
            changed.append((info, n))
    if changed:
        info, n = changed[0]
        raise PeriodLocked(info, action, rows=n, others=len(changed) - 1)


@contextmanager
def guard(conn: Connection, action: str, ds: Dataset | None = None) -> Iterator[None]:
    """Run a write inside `conn`'s transaction; refuse it (`PeriodLocked`) if it changed a
    locked period. `ds` (the data to be written, when known) narrows what is checked."""
    lights._lock(conn)  # noqa: SLF001 - no lock can be taken between our look and our write
    before = locked_rows(conn, ds)
    yield
    refuse_if_locked_change(conn, before, action)


def drafts_in_period(conn: Connection | Engine, year: int, period: str) -> int:
    """How many self-assessments of (year, period) are still drafts (§3.9): a lock keeps
    them drafts, since publishing would change the locked period."""
    a = assessment
    got = fetch(conn, select(func.count().label("n")).where(
        (a.c.year == year) & (a.c.period == period) & (a.c.status == "utkast")))
    return int(got["n"][0]) if got.height else 0
