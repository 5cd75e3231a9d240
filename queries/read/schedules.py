"""The reporting round in the database (DOMAIN.md §3.10): deadlines with their history, and
each board's reporting status for a period (`ils.reporting_round`).

The status counts drafts (who is drafting is the round's status) but never reads their text,
so the same rows serve every viewer.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from sqlalchemy import Connection, Engine, select

from ils import reporting_round
from ils.access import PUBLIC, is_draft, visible
from ils.clock import today
from ils.model import FILES
from ils.voms import VOM
from queries import scope
from queries.db import fetch
from queries.read.dataset import draft_orgs, load_dataset, select_file
from queries.schema import assessment, goal, schedule_history

EVERY_BOARD = ""  # the key of the row for every board (queries.schema)
HISTORY_SCHEMA = {"year": pl.Int64, "period": pl.String, "org_id": pl.String,
                  "changed_at": pl.String, "changed_by": pl.String, "action": pl.String,
                  "old_deadline": pl.Date, "new_deadline": pl.Date}


def read_schedule(engine: Engine | Connection, year: int | None = None,
                  period: str | None = None) -> pl.DataFrame:
    """year, period, org_id (null = every board), deadline; narrowed as given."""
    stmt = select_file("schedule", years=None if year is None else (year,),
                       periods=None if period is None else (period,))
    return fetch(engine, stmt, FILES["schedule"].polars_schema)


def read_history(engine: Engine | Connection, year: int | None = None,
                 period: str | None = None) -> pl.DataFrame:
    """Every change of a deadline, newest first; org_id null = the row for every board."""
    h = schedule_history
    stmt = select(h.c.year, h.c.period, h.c.org_id, h.c.changed_at, h.c.changed_by,
                  h.c.action, h.c.old_deadline, h.c.new_deadline)
    if year is not None:
        stmt = stmt.where(h.c.year == year)
    if period is not None:
        stmt = stmt.where(h.c.period == period)
    df = fetch(engine, stmt.order_by(h.c.id.desc()), HISTORY_SCHEMA)
    return df.with_columns(pl.col("org_id").replace("", None))


def goal_rows(engine: Engine | Connection, year: int, period: str) -> pl.DataFrame:
    """The (goal_id, org_id) rows of the goals export of (year, period), whoever asks: the
    stored (published, or a locked period's snapshot) lights and every VOM with a
    self-assessment, draft or not (only that it exists, never its text)."""
    from queries.write.lights import read_goal_lights

    with scope.acting_as(PUBLIC):  # no drafts laid over: the rows below add them bare
        stored = read_goal_lights(engine, year, period).select("goal_id", "org_id")
    a = assessment
    stmt = (select(a.c.goal_id, a.c.org_id).join(goal, goal.c.id == a.c.goal_id)
            .where((a.c.year == year) & (a.c.period == period) & (goal.c.level == VOM)))
    assessed = fetch(engine, stmt, {"goal_id": pl.String, "org_id": pl.String})
    return pl.concat([stored, assessed]).unique()


def assessment_statuses(engine: Engine | Connection, year: int, period: str) -> pl.DataFrame:
    a = assessment
    stmt = select(a.c.goal_id, a.c.org_id, a.c.year, a.c.period, a.c.status).where(
        (a.c.year == year) & (a.c.period == period))
    return fetch(engine, stmt, {"goal_id": pl.String, "org_id": pl.String, "year": pl.Int64,
                                "period": pl.String, "status": pl.String})


def round_status(engine: Engine | Connection, year: int, period: str,
                 day: dt.date | None = None) -> pl.DataFrame:
    """§3.10 status of every board taking part in (year, period) on `day` (default today),
    with `days_late` (`ils.reporting_round.round_status`), as the current viewer may know it
    (§3.9: a draft counts only for those who may see it; the CLI sees every draft)."""
    orgs = load_dataset(engine, files=("organisation",), access=PUBLIC.access).organisation
    access = scope.access()
    shown = draft_orgs(engine, access)
    statuses = assessment_statuses(engine, year, period)
    seen = statuses.filter(visible(pl.col("status"), pl.col("org_id"), access, shown))
    if seen.filter(is_draft(pl.col("status"))).height:
        scope.saw(drafts=True)
    rows = goal_rows(engine, year, period).join(  # rows of an unseen draft alone: dropped
        statuses.join(seen, on=["goal_id", "org_id"], how="anti").select("goal_id", "org_id"),
        on=["goal_id", "org_id"], how="anti")
    hidden = statuses.join(seen, on=["goal_id", "org_id"], how="anti")
    if hidden.height:  # a hidden draft's goal still counts when the goal has a light
        from queries.write.lights import read_goal_lights

        with scope.acting_as(PUBLIC):
            lit = read_goal_lights(engine, year, period).select("goal_id", "org_id")
        rows = pl.concat([rows, hidden.select("goal_id", "org_id").join(
            lit, on=["goal_id", "org_id"], how="semi")]).unique()
    return reporting_round.round_status(rows, seen, read_schedule(engine, year, period), orgs,
                                        year, period, day or today())


def export_status(engine: Engine, year: int, period: str, day: dt.date | None = None,
                  params=None) -> pl.DataFrame:
    """`kontrollrum export status`: exactly the §3.10 columns, sorted by org_id."""
    from queries.write.lights import ensure_lights

    if params is not None:
        ensure_lights(engine, params)
    return round_status(engine, year, period, day).select(reporting_round.STATUS_COLUMNS)


def open_round(engine: Engine | Connection) -> tuple[int, str] | None:
    """The period of the open round: the latest period with data that is not locked (else
    the latest period with data); None without data."""
    from queries.read.dataset import available_periods
    from queries.read.snapshots import all_locks

    periods = [(y, p) for y, p in available_periods(engine).iter_rows()]
    if not periods:
        return None
    locked = {(i.year, i.period) for i in all_locks(engine)}
    return next((yp for yp in periods if yp not in locked), periods[0])
