"""Writing a `Dataset` into the database: one transaction, upserts keyed on the model's keys."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl
from sqlalchemy import Connection, Engine, delete
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ils.model import FILES, LOAD_ORDER, Dataset
from ils.rules_periods import RuleParams
from queries.schema import TABLES, dataset_info, metadata
from queries.write.write_unit import write_unit

CHUNK = 10000


def parents_first(df: pl.DataFrame, parent: str) -> pl.DataFrame:
    """Order rows so that every row comes after its parent (rows must form no cycle)."""
    ids = set(df["id"].to_list())
    placed: set[str] = set()
    ordered: list[pl.DataFrame] = []
    remaining = df
    while not remaining.is_empty():
        ready = remaining.filter(pl.col(parent).is_null() | ~pl.col(parent).is_in(list(ids))
                                 | pl.col(parent).is_in(list(placed)))
        if ready.is_empty():
            raise ValueError("cycle in parent chain")
        ordered.append(ready)
        placed.update(ready["id"].to_list())
        remaining = remaining.join(ready.select("id"), on="id", how="anti")
    return pl.concat(ordered) if ordered else df


def upsert_frame(conn: Connection, name: str, df: pl.DataFrame) -> int:
    """Insert or update the rows of one model file; returns the number of rows written."""
    spec = FILES[name]
    if df.is_empty():
        return 0
    if spec.parent:
        df = parents_first(df, spec.parent)
    table = TABLES[spec.table]
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    if name == "schedule":  # the row for every board: "" in the key column (queries.schema)
        df = df.with_columns(pl.col("org_id").fill_null(""))
    rows = df.select(spec.column_names).to_dicts()
    # One statement compiled once and run for many rows (executemany: psycopg pipelines it,
    # sqlite3 runs it natively); compiling a multi-row VALUES statement per chunk was 2–3×
    # slower on both. Rows come parents first, so a self-referencing FK always finds its row.
    stmt = insert(table)
    updates = {c: stmt.excluded[c] for c in spec.column_names if c not in spec.key}
    stmt = stmt.on_conflict_do_update(index_elements=list(spec.key), set_=updates)
    for start in range(0, len(rows), CHUNK):
        conn.execute(stmt, rows[start:start + CHUNK])
    return len(rows)


def write_dataset(conn: Connection, ds: Dataset) -> dict[str, int]:
    """Upsert every frame of `ds` in load order, inside the caller's transaction."""
    return {name: upsert_frame(conn, name, getattr(ds, name)) for name in LOAD_ORDER}


def set_info(conn: Connection, info: Mapping[str, str]) -> None:
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    for key, value in info.items():
        stmt = insert(dataset_info).values(key=key, value=value)
        conn.execute(stmt.on_conflict_do_update(index_elements=["key"], set_={"value": value}))


def clear_all(conn: Connection) -> None:
    """Delete every row of every table (children first), inside the caller's transaction."""
    for table in reversed(metadata.sorted_tables):
        conn.execute(delete(table))


def replace_dataset(engine: Engine, ds: Dataset, info: Mapping[str, str],
                    params: RuleParams | None = None) -> dict[str, int]:
    """Replace the whole database content by `ds` in one transaction, with a new data version
    and the lights computed with `params` (default: the configured ones)."""
    with write_unit(engine, "ersättningen av datamängden") as unit:
        unit.watched = {}  # everything goes, the locks too: nothing locked to compare
        clear_all(unit.conn)
        counts = write_dataset(unit.conn, ds)
        set_info(unit.conn, info)
        unit.base_changed(params=params)
    return counts
