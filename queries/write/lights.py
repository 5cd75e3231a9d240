"""Stored lights: the rules' lights of every (year, period), computed once per data change.

`refresh_lights` runs inside the transaction of every data change (demo, import, later edits):
it reads the data set on that connection, computes all periods in one pass
(`ils.rules_periods.all_lights`) and replaces the tables `indicator_light` and `goal_light`, recording
the rule parameters and the data version in `light_state`. `data_changed` also renews the data
version (`dataset_info.data_version`, what `queries.cache` keys on). Views read the stored
frames (`read_indicator_lights`, `read_goal_lights`) after `ensure_lights`, which recomputes
when the parameters in force or the rules' version (`ils.rules_version`) differ from the
stored ones. The frames read back have the
columns, dtypes and order the rules give.

Stored goal lights hold only *published* self-assessments (§3.9); `read_goal_lights` lays the
drafts the current viewer may see over them (`ils.drafts.overlay`).
"""

from __future__ import annotations

import os
import uuid

import polars as pl
from sqlalchemy import Connection, Engine, delete, insert, select, text, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import DBAPIError

from ils import drafts, rules_periods
from ils.access import DRAFT, PUBLISHED_ONLY
from ils.config import SettingError, rule_params
from ils.rules_version import rules_version
from ils.voms import VOM
from queries import scope
from queries.db import fetch
from queries.read.dataset import draft_orgs, load_dataset
from queries.read.snapshots import with_snapshots
from queries.schema import assessment, dataset_info, goal, goal_light, indicator_light, light_state

RULE_FILES = ("organisation", "goals", "indicators", "targets", "values", "assessments")
CHUNK = 10000
LOCK_KEY = 731_402  # PostgreSQL advisory lock: one light refresh at a time
S, I, F, B = pl.String, pl.Int64, pl.Float64, pl.Boolean  # noqa: E741 - schema shorthands
INDICATOR_SCHEMA = {
    "indicator_id": S, "org_id": S, "year": I, "period": S, "goal_id": S, "decided_by": S,
    "light": S, "basis": S, "value": F, "target": F, "yellow_limit": F, "reported": S}
GOAL_SCHEMA = {
    "goal_id": S, "org_id": S, "year": I, "period": S, "light": S, "score": F, "n_green": I,
    "n_yellow": I, "n_red": I, "n_missing": I, "n_forecast": I, "light_kf_only": S,
    "self_assessment": S, "gap": I, "light_outcome_only": S, "rests_on_forecast": B}
IND_ORDER = ("year", "period", "indicator_id", "org_id")
GOAL_ORDER = ("year", "period", "goal_id", "org_id")


def configured_params() -> rules_periods.RuleParams:
    """The parameters configured in the environment (the defaults when they are invalid: the
    app refuses such settings itself, and `ensure_lights` recomputes with what it uses)."""
    try:
        return rule_params(os.environ)
    except SettingError:
        return rules_periods.DEFAULT_PARAMS


def write_lock(conn: Connection) -> None:
    """Hold the one write lock for this transaction, so that two writers never interleave and
    the data read next is the latest committed (plus this transaction's own changes). Every
    writer takes it first (`queries.write.write_unit`). PostgreSQL: an advisory transaction lock;
    SQLite: a write as the transaction's first statement takes the database's write lock
    (waiting for another writer), as `BEGIN IMMEDIATE` would."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": LOCK_KEY})
    else:
        conn.execute(update(light_state).values(id=light_state.c.id))


_lock = write_lock  # the name the light refresh has used


def _write(conn: Connection, table, df: pl.DataFrame) -> None:
    """Bulk insert on the caller's connection (and transaction): COPY on PostgreSQL, the
    driver's executemany on SQLite (both several times faster than Core inserts of dicts)."""
    if df.is_empty():
        return
    quote = conn.dialect.identifier_preparer.quote
    cols = ", ".join(quote(c) for c in df.columns)
    if conn.dialect.name == "postgresql":
        with conn.connection.driver_connection.cursor() as cur:
            with cur.copy(f"COPY {quote(table.name)} ({cols}) FROM STDIN") as copy:
                for row in df.iter_rows():
                    copy.write_row(row)
        return
    sql = f"INSERT INTO {quote(table.name)} ({cols}) VALUES ({', '.join('?' * df.width)})"
    for start in range(0, df.height, CHUNK):
        conn.exec_driver_sql(sql, list(df.slice(start, CHUNK).iter_rows()))


def new_data_version(conn: Connection) -> str:
    """Renew `dataset_info.data_version` inside the caller's transaction; returns it."""
    version = uuid.uuid4().hex
    ins = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = ins(dataset_info).values(key="data_version", value=version)
    conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": version}))
    return version


def current_data_version(conn: Connection | Engine) -> str:
    df = fetch(conn, select(dataset_info.c.value).where(dataset_info.c.key == "data_version"))
    return df["value"][0] if df.height else "0"


def _compute(conn: Connection, params: rules_periods.RuleParams):
    ds = load_dataset(conn, files=RULE_FILES, access=PUBLISHED_ONLY)
    periods = rules_periods.data_periods(ds)
    return (*rules_periods.all_lights(ds, params, periods), periods.height)


def _store(conn: Connection, params: rules_periods.RuleParams, version: str, computed) -> int:
    ind, goals, n_periods = computed
    for table in (indicator_light, goal_light, light_state):
        conn.execute(delete(table))
    _write(conn, indicator_light, ind)
    _write(conn, goal_light, goals)
    conn.execute(insert(light_state).values(
        id=1, tolerance=params.tolerance, green_threshold=params.green_threshold,
        yellow_threshold=params.yellow_threshold, data_version=version, periods=n_periods,
        rules_version=rules_version()))
    return n_periods


def refresh_lights(conn: Connection, params: rules_periods.RuleParams, renew: bool = False) -> int:
    """Recompute and store the lights of every (year, period), inside the caller's
    transaction; with `renew` the data version is renewed first. Returns how many
    (year, period) pairs were computed."""
    _lock(conn)
    version = new_data_version(conn) if renew else current_data_version(conn)
    return _store(conn, params, version, _compute(conn, params))


def data_changed(conn: Connection, params: rules_periods.RuleParams | None = None) -> int:
    """What every data change calls in its transaction: a new data version, fresh lights."""
    return refresh_lights(conn, params or configured_params(), renew=True)


def stored_params(conn: Connection | Engine) -> rules_periods.RuleParams | None:
    """The parameters the stored lights were computed with (None: nothing stored, or stored
    by other rules than the running ones, `ils.rules_version`: then they are recomputed)."""
    df = fetch(conn, select(light_state.c.tolerance, light_state.c.green_threshold,
                            light_state.c.yellow_threshold, light_state.c.rules_version)
               .where(light_state.c.id == 1))
    if df.is_empty() or df["rules_version"][0] != rules_version():
        return None
    return rules_periods.RuleParams(*df.row(0)[:3])


def ensure_lights(engine: Engine, params: rules_periods.RuleParams) -> bool:
    """Make the stored lights those of `params` when nothing is stored or the parameters
    differ: computed outside any lock, then stored in one short transaction with a new data
    version (so caches keyed on it let go). A data change meanwhile (a new version), or one
    holding the database, stores fresh lights itself: then nothing is written here.
    Returns whether it stored lights."""
    if stored_params(engine) == params:
        return False
    with engine.connect() as conn:
        version = current_data_version(conn)
        computed = _compute(conn, params)
    try:
        with engine.begin() as conn:
            if conn.dialect.name == "postgresql":  # never wait long on a data change
                conn.execute(text("SET LOCAL lock_timeout = '1s'"))
            _lock(conn)
            if current_data_version(conn) != version or stored_params(conn) == params:
                return False
            _store(conn, params, new_data_version(conn), computed)
    except DBAPIError:  # busy with a data change, which refreshes the lights itself
        return False
    return True


def _narrowed(stmt, table, year, period, org_ids, ids_col: str, ids):
    if year is not None:
        stmt = stmt.where(table.c.year == year)
    if period is not None:
        stmt = stmt.where(table.c.period == period)
    if org_ids is not None:
        stmt = stmt.where(table.c.org_id.in_(list(org_ids)))
    if ids is not None:
        stmt = stmt.where(table.c[ids_col].in_(list(ids)))
    return stmt


def read_indicator_lights(engine: Engine | Connection, year: int | None = None,
                          period: str | None = None, org_ids=None,
                          indicator_ids=None) -> pl.DataFrame:
    """Stored indicator lights, narrowed as given; as `rules_periods.indicator_lights_all` gives them.
    A locked period's rows come from its snapshot (`queries.read.snapshots`)."""
    t = indicator_light
    stmt = _narrowed(select(*(t.c[c] for c in INDICATOR_SCHEMA)), t, year, period, org_ids,
                     "indicator_id", indicator_ids)
    return with_snapshots(engine, fetch(engine, stmt, INDICATOR_SCHEMA).sort(IND_ORDER),
                          "indicator", year, period, org_ids, indicator_ids)


def read_goal_lights(engine: Engine | Connection, year: int | None = None,
                     period: str | None = None, org_ids=None,
                     goal_ids=None) -> pl.DataFrame:
    """Stored goal (VOM) lights, narrowed as given; as `rules_periods.goal_lights_all` gives them."""
    t = goal_light
    stmt = _narrowed(select(*(t.c[c] for c in GOAL_SCHEMA)), t, year, period, org_ids,
                     "goal_id", goal_ids)
    stored = with_snapshots(engine, fetch(engine, stmt, GOAL_SCHEMA).sort(GOAL_ORDER), "goal",
                            year, period, org_ids, goal_ids)  # a locked period: its snapshot
    return with_drafts(engine, stored, year, period, org_ids, goal_ids)


DRAFT_SCHEMA = {"goal_id": S, "org_id": S, "year": I, "period": S, "assessment": S}
GOAL_SPAN_SCHEMA = {"id": S, "parent_id": S, "level": S, "year_from": I, "year_to": I}


def with_drafts(engine: Engine | Connection, goals: pl.DataFrame, year=None, period=None,
                org_ids=None, goal_ids=None) -> pl.DataFrame:
    """Stored goal lights with the drafts the current viewer may see laid over (§3.9)."""
    access = scope.access()
    if not access.sees_drafts:
        return goals
    orgs = draft_orgs(engine, access)
    if orgs is not None and not orgs:
        return goals
    a = assessment
    stmt = _narrowed(select(*(a.c[c] for c in DRAFT_SCHEMA)).where(a.c.status == DRAFT),
                     a, year, period, org_ids, "goal_id", goal_ids)
    if orgs is not None:
        stmt = stmt.where(a.c.org_id.in_(sorted(orgs)))
    got = fetch(engine, stmt, DRAFT_SCHEMA)
    if got.is_empty():
        return goals
    scope.saw(drafts=True, periods=got.select("year", "period").unique().rows())
    spans = fetch(engine, select(goal.c.id, goal.c.parent_id, goal.c.level, goal.c.year_from,
                                 goal.c.year_to)
                  .where(goal.c.level == VOM)
                  .where(goal.c.id.in_(got["goal_id"].unique().to_list())), GOAL_SPAN_SCHEMA)
    return drafts.overlay(goals, got, spans)


def period_stored(engine: Engine | Connection, year: int, period: str) -> bool:
    """Whether lights of (year, period) are stored (a pair with any value or assessment)."""
    stmt = select(goal_light.c.year).where((goal_light.c.year == year)
                                           & (goal_light.c.period == period)).limit(1)
    stmt2 = select(indicator_light.c.year).where((indicator_light.c.year == year)
                                                 & (indicator_light.c.period == period)).limit(1)
    return bool(fetch(engine, stmt).height or fetch(engine, stmt2).height)
