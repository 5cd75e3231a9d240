"""Reading locked periods (DOMAIN.md §3.9): which (year, period) are locked, and the lights
views show for them — the snapshot taken when the period was locked, never the stored lights
(which follow the rule parameters in force).

`with_snapshots` is what `queries.write.lights.read_*_lights` call last: the rows of every locked
period the read covers are replaced by that period's snapshot rows (narrowed the same way),
and the read notes the lock (`queries.scope.saw`) so the page can say "Låst <datum> av <vem>".
Writing locks is `queries.write.locks`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Connection, Engine, and_, or_, select

from ils.periods import RANK as PERIOD_RANK
from ils.periods import key as period_key
from ils.rules_periods import RuleParams
from queries import scope
from queries.db import fetch
from queries.schema import goal_light_snapshot, indicator_light_snapshot, period_lock

SNAPSHOT = {"indicator": (indicator_light_snapshot, "indicator_id"),
            "goal": (goal_light_snapshot, "goal_id")}


def period_name(year: int, period: str) -> str:
    """"VB 2021": how messages name a (year, period)."""
    return f"{period} {year}"


@dataclass(frozen=True)
class LockInfo:
    """One locked period: when, by whom, and the rule parameters in force then."""

    year: int
    period: str
    locked_at: str  # ISO 8601 with offset (Swedish time)
    locked_by: str
    params: RuleParams

    @property
    def date(self) -> str:
        """The day it was locked, "2026-11-26"."""
        return self.locked_at[:10]

    @property
    def name(self) -> str:
        return period_name(self.year, self.period)

    def describe(self) -> str:
        """"Perioden VB 2021 är låst (låst 2026-11-26 av admin@…)"."""
        return f"Perioden {self.name} är låst (låst {self.date} av {self.locked_by})"

    def seen(self) -> tuple[int, str, str, str]:
        """What `scope.saw(lock=…)` takes."""
        return self.year, self.period, self.date, self.locked_by


LOCK_COLUMNS = ("year", "period", "locked_at", "locked_by", "tolerance", "green_threshold",
                "yellow_threshold")


def _info(row: tuple) -> LockInfo:
    year, period, at, by, tol, green, yellow = row
    return LockInfo(int(year), period, at, by, RuleParams(tol, green, yellow))


def _select_locks():
    return select(*(period_lock.c[c] for c in LOCK_COLUMNS))


def all_locks(conn: Connection | Engine) -> list[LockInfo]:
    """Every locked period, oldest first."""
    infos = [_info(r) for r in fetch(conn, _select_locks()).iter_rows()]
    return sorted(infos, key=lambda i: period_key(i.year, i.period))


def lock_of(conn: Connection | Engine, year: int, period: str) -> LockInfo | None:
    """The lock of (year, period), None when it is not locked."""
    stmt = _select_locks().where((period_lock.c.year == year) & (period_lock.c.period == period))
    df = fetch(conn, stmt)
    return _info(df.row(0)) if df.height else None


def _covered(locks: list[LockInfo], year: int | None, period: str | None) -> list[LockInfo]:
    return [i for i in locks if (year is None or i.year == year)
            and (period is None or i.period == period)]


def with_snapshots(engine: Engine | Connection, df: pl.DataFrame, kind: str,
                   year: int | None, period: str | None, org_ids=None,
                   ids=None) -> pl.DataFrame:
    """`df` (stored lights of `kind` "indicator" or "goal", read for year/period/org_ids/ids,
    None = all) with the rows of every locked period it covers taken from the snapshot
    instead; the locks shown are noted for the page. Rows keep `df`'s columns and order."""
    table, id_col = SNAPSHOT[kind]
    locked = _covered(all_locks(engine), year, period)
    if not locked:
        return df
    pairs = or_(*(and_(table.c.year == i.year, table.c.period == i.period) for i in locked))
    stmt = select(*(table.c[c] for c in df.columns)).where(pairs)
    if org_ids is not None:
        stmt = stmt.where(table.c.org_id.in_(list(org_ids)))
    if ids is not None:
        stmt = stmt.where(table.c[id_col].in_(list(ids)))
    snap = fetch(engine, stmt, dict(df.schema))
    keys = pl.DataFrame({"year": [i.year for i in locked], "period": [i.period for i in locked]},
                        schema={"year": df.schema["year"], "period": df.schema["period"]})
    for info in locked:
        if (year is not None and period is not None) or _has(snap, info):
            scope.saw(lock=info.seen())
    if df.is_empty() and snap.is_empty():
        return df
    order = ["year", "period", id_col, "org_id"]
    kept = df.join(keys, on=["year", "period"], how="anti")
    return pl.concat([kept, snap]).sort(order)


def _has(snap: pl.DataFrame, info: LockInfo) -> bool:
    return snap.filter((pl.col("year") == info.year) & (pl.col("period") == info.period)).height > 0


def lock_table(engine: Engine | Connection) -> pl.DataFrame:
    """The locks as a frame (LOCK_COLUMNS), latest period first."""
    df = fetch(engine, _select_locks())
    rank = pl.col("period").replace_strict(PERIOD_RANK, default=0, return_dtype=pl.Int64)
    return df.with_columns(rank=rank).sort("year", "rank", descending=True).drop("rank")


def periods_overview(engine: Engine | Connection) -> pl.DataFrame:
    """Every (year, period) with stored lights and its lock, if any (locked_at, locked_by
    null when open), latest first: what the admin page lists."""
    from queries.schema import goal_light, indicator_light

    pairs = select(goal_light.c.year, goal_light.c.period).union(
        select(indicator_light.c.year, indicator_light.c.period))
    periods = fetch(engine, select(pairs.subquery()))
    got = periods.join(lock_table(engine).select("year", "period", "locked_at", "locked_by"),
                       on=["year", "period"], how="left")
    rank = pl.col("period").replace_strict(PERIOD_RANK, default=0, return_dtype=pl.Int64)
    return got.with_columns(rank=rank).sort("year", "rank", descending=True).drop("rank")
