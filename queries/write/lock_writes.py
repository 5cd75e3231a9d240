"""Locking and unlocking a period (DOMAIN.md §3.9), each in one write unit.

Locking (year, period) stores a snapshot of that period's lights, computed with the rule
parameters in force (stored lights are brought up to date first), in one transaction; views
show the snapshot from then on (`queries.read.snapshots`). Locking and unlocking renew the data
version, so every cached view lets go. The errors and the writers' guards are
`queries.write.locks`."""

from __future__ import annotations

import logging

from sqlalchemy import Connection, Engine, delete, insert, select

from ils import clock
from ils.periods import PERIODS
from ils.rules_periods import RuleParams
from queries.read.snapshots import LockInfo, lock_of, period_name
from queries.schema import (
    goal_light,
    goal_light_snapshot,
    indicator_light,
    indicator_light_snapshot,
    period_lock,
)
from queries.write import lights
from queries.write.locks import LockError
from queries.write.write_unit import write_unit

__all__ = ["lock_period", "unlock_period"]

log = logging.getLogger("kontrollrum")

MAX_WHO = 300  # period_lock.locked_by


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
                params: RuleParams | None = None, at: str | None = None) -> LockInfo:
    """Lock (year, period): its lights as computed now with `params` (default: the
    configured ones) become its snapshot. A `LockError` when it is locked already or has no
    data. `at`: when it was locked (default now; the demo's lock has its story's date)."""
    year, period = _checked(year, period)
    who = _who(who)
    params = params or lights.configured_params()

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
        at = at or clock.now()
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
