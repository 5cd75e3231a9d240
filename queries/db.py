"""The one place that connects to the database and runs queries into polars.

The engine is created once per process for each URL and the tables on its first use.
Results come back with dtypes taken from the table declarations (never guessed from the
data), so an empty result keeps its columns and types on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import threading
from collections.abc import Mapping

import polars as pl
from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    Engine,
    Float,
    Integer,
    Numeric,
    create_engine,
    event,
)
from sqlalchemy.exc import OperationalError, ProgrammingError
from sqlalchemy.sql import Select

from queries.schema import metadata

ENV_VAR = "KONTROLLRUM_DB"
DEFAULT_URL = "sqlite:///kontrollrum.db"


def database_url(url: str | None = None) -> str:
    """The URL given, else $KONTROLLRUM_DB, else a SQLite file in the working directory."""
    return url or os.environ.get(ENV_VAR) or DEFAULT_URL


def get_engine(url: str | None = None) -> Engine:
    """The process's engine for `url` (see `database_url`), with the tables created."""
    return _engine_for(database_url(url))


# The first requests of a new server arrive together: one engine per URL, made under a lock.
_ENGINE_LOCK = threading.Lock()


@functools.cache
def _engine_for_locked(url: str) -> Engine:
    return make_engine(url)


def _engine_for(url: str) -> Engine:
    with _ENGINE_LOCK:
        return _engine_for_locked(url)


SQLITE_BUSY_S = 30  # seconds a SQLite writer waits for the write lock


def make_engine(url: str) -> Engine:
    """A new engine with SQLite pragmas (foreign keys on) and the tables created."""
    # A database host that drops packets must not hang a page or /halsa: give up after 5 s.
    # SQLite: a writer waits up to SQLITE_BUSY_S for the write lock (Python's default, 5 s,
    # refused about one save in 300 when ten users saved at once: its waiting is not fair).
    connect = ({"connect_timeout": 5} if url.startswith("postgresql")
               else {"timeout": SQLITE_BUSY_S})
    engine = create_engine(url, pool_pre_ping=True, connect_args=connect)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    try:
        metadata.create_all(engine)
    except (OperationalError, ProgrammingError):
        # Another process (a second gunicorn worker) created a table between our check and
        # our CREATE; the tables exist now, so checking again creates only what is missing.
        metadata.create_all(engine)
    from queries.migrate import add_missing_columns

    add_missing_columns(engine)  # a database made before the model's newer optional columns
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def polars_dtype(sql_type) -> pl.DataType:
    if isinstance(sql_type, Boolean):
        return pl.Boolean
    if isinstance(sql_type, Integer):
        return pl.Int64
    if isinstance(sql_type, (Float, Numeric)):
        return pl.Float64
    if isinstance(sql_type, Date):
        return pl.Date
    return pl.String


def result_schema(stmt: Select, overrides: Mapping[str, pl.DataType] | None = None
                  ) -> dict[str, pl.DataType]:
    """Polars schema of a Select from its columns' declared types, plus explicit overrides."""
    schema = {c.key: polars_dtype(c.type) for c in stmt.selected_columns}
    schema.update(overrides or {})
    return schema


def fetch(engine: Engine | Connection, stmt: Select,
          schema_overrides: Mapping[str, pl.DataType] | None = None) -> pl.DataFrame:
    """Run a Select and return a polars frame with explicit dtypes (empty keeps its schema).
    Given a Connection, it runs there (inside that connection's transaction)."""
    schema = result_schema(stmt, schema_overrides)
    if isinstance(engine, Connection):
        rows = engine.execute(stmt).all()
    else:
        with engine.connect() as conn:
            rows = conn.execute(stmt).all()
    if not rows:
        return pl.DataFrame(schema=schema)
    cols = list(zip(*rows, strict=False))
    data = {}
    for (name, dtype), values in zip(schema.items(), cols, strict=False):
        if dtype == pl.Date:
            values = [_as_date(v) for v in values]
        data[name] = pl.Series(name, values, dtype=dtype, strict=False)
    return pl.DataFrame(data)


def _as_date(value):
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])
