"""Locking periods (DOMAIN.md §3.9): `lock_period`, `unlock_period`, and the guards every
writer uses so that nothing changes a locked period.

Locking (year, period) stores a snapshot of that period's lights, computed with the rule
parameters in force (stored lights are brought up to date first), in one transaction; views
show the snapshot from then on (`queries.snapshots`). Locking and unlocking renew the data
version, so every cached view lets go.

Writers: an import or a deletion runs inside `guard(conn, action)`, which takes the write lock,
reads the rows of the locked periods it could touch (values and assessments of (year, period),
targets of the year) before the write and again after it; if any differ it raises
`PeriodLocked` (a Swedish message naming the lock) and the caller's transaction rolls back,
changing nothing. A single write (the assessment editor) calls `assert_unlocked` first.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

import polars as pl
from sqlalchemy import Connection, Engine, delete, func, insert, select

from ils.model import FILES, PERIODS, Dataset
from ils.rules import RuleParams
from queries import lights
from queries.dataset import load_dataset
from queries.db import fetch
from queries.schema import (
    assessment,
    goal_light,
    goal_light_snapshot,
    indicator_light,
    indicator_light_snapshot,
    period_lock,
)
from queries.snapshots import LockInfo, all_locks, lock_of, lock_table, period_name

__all__ = ["LockError", "LockInfo", "PeriodLocked", "assert_unlocked", "guard", "lock_of",
           "lock_period", "locks", "unlock_period"]

log = logging.getLogger("kontrollrum")

GUARDED = ("targets", "values", "assessments")
SWEDISH_TIME = "Europe/Stockholm"
MAX_WHO = 300  # period_lock.locked_by


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


def _now() -> str:
    try:
        zone = ZoneInfo(SWEDISH_TIME)
    except Exception:  # noqa: BLE001 - no time zone data: UTC, with its offset
        zone = dt.UTC
    return dt.datetime.now(zone).isoformat(timespec="seconds")


def _checked(year, period: str) -> tuple[int, str]:
    if isinstance(year, bool) or not isinstance(year, int):
        raise LockError(f"året måste vara ett heltal, inte {year!r}")
    if period not in PERIODS:
        raise LockError(f"okänd period {period!r} (använd T1, T2 eller VB)")
    return year, period


def _who(who: str) -> str:
    who = (who or "").strip()
    if not who:
        raise LockError("ange vem som låser eller låser upp (--who)")
    if len(who) > MAX_WHO:
        raise LockError(f"namnet är för långt ({len(who)} tecken, högst {MAX_WHO})")
    return who


def locks(engine: Engine | Connection) -> pl.DataFrame:
    """Every locked period (year, period, locked_at, locked_by, the parameters then), latest
    first."""
    return lock_table(engine)


def _copy_lights(conn: Connection, year: int, period: str) -> int:
    """Copy the stored lights of (year, period) into the snapshot tables; returns goal rows."""
    n = 0
    for source, target in ((indicator_light, indicator_light_snapshot),
                           (goal_light, goal_light_snapshot)):
        cols = [c.name for c in source.columns]
        rows = select(*(source.c[c] for c in cols)).where(
            (source.c.year == year) & (source.c.period == period))
        got = conn.execute(insert(target).from_select(cols, rows)).rowcount
        n += got if got and got > 0 else 0
    return n


def lock_period(engine: Engine, year: int, period: str, who: str,
                params: RuleParams | None = None) -> LockInfo:
    """Lock (year, period): its lights as computed now with `params` (default: the
    configured ones) become its snapshot. A `LockError` when it is locked already or has no
    data."""
    year, period = _checked(year, period)
    who = _who(who)
    params = params or lights.configured_params()
    from queries.write_unit import write_unit  # the unit guards with this module's helpers

    with write_unit(engine, "låsningen") as unit:
        conn = unit.conn
        held = lock_of(conn, year, period)
        if held is not None:
            raise LockError(f"Perioden {held.name} är redan låst (låst {held.date} av "
                            f"{held.locked_by})")
        if lights.stored_params(conn) != params:  # the snapshot is of the rules in force
            lights.refresh_lights(conn, params)
        if not lights.period_stored(conn, year, period):
            raise LockError(f"Perioden {period_name(year, period)} har inga data att låsa "
                            "(inga utfall, prognoser eller självskattningar)")
        _copy_lights(conn, year, period)
        at = _now()
        conn.execute(insert(period_lock).values(
            year=year, period=period, locked_at=at, locked_by=who, tolerance=params.tolerance,
            green_threshold=params.green_threshold, yellow_threshold=params.yellow_threshold))
        unit.base_changed(lights=False)  # cached views let go (the lights are as they were)
    log.info("period %s %s locked by %s", period, year, who)
    return LockInfo(year, period, at, who, params)


def unlock_period(engine: Engine, year: int, period: str, who: str) -> LockInfo:
    """Unlock (year, period): its snapshot goes, views show the stored lights again. Returns
    the lock that was removed; a `LockError` when the period is not locked."""
    year, period = _checked(year, period)
    who = _who(who)
    from queries.write_unit import write_unit

    with write_unit(engine, "upplåsningen") as unit:
        conn = unit.conn
        held = lock_of(conn, year, period)
        if held is None:
            raise LockError(f"Perioden {period_name(year, period)} är inte låst")
        for table in (indicator_light_snapshot, goal_light_snapshot, period_lock):
            conn.execute(delete(table).where((table.c.year == year)
                                             & (table.c.period == period)))
        unit.base_changed(lights=False)
    log.info("period %s %s unlocked by %s (locked %s by %s)", period, year, who, held.locked_at,
             held.locked_by)
    return held


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
    for name, b, a in zip(GUARDED, before, after):
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
