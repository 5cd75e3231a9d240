"""What `kontrollrum kolada` reads from and writes to the database, in one transaction.

Reads the indicators with a `kolada_kpi` and the orgs with a `kolada_id`; writes the fetched
figures as VB outcomes (source Kolada) and the peers' figures into `kolada_peer_value`, then
recomputes the stored lights, all in one `queries.write_unit`.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ils import kolada
from ils.model import FILES, Dataset
from queries.db import fetch
from queries.schema import TABLES, kolada_peer_value
from queries.store import upsert_frame
from queries.write_unit import write_unit

PEER_COLUMNS = ("kpi", "municipality_id", "municipality", "year", "value", "status")


def plan_inputs(engine: Engine) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(indicators: id, kolada_kpi; organisation: id, level, kolada_id)."""
    ind, org = TABLES["indicator"], TABLES["organisation"]
    indicators = fetch(engine, select(ind.c.id, ind.c.kolada_kpi))
    orgs = fetch(engine, select(org.c.id, org.c.level, org.c.kolada_id))
    return indicators, orgs


def existing_values(conn: Connection, indicator_ids: list[str]) -> pl.DataFrame:
    t = TABLES["indicator_value"]
    stmt = select(*(t.c[c] for c in FILES["values"].column_names)).where(
        t.c.period == "VB", t.c.indicator_id.in_(indicator_ids))
    return fetch(conn, stmt, schema_overrides=FILES["values"].polars_schema)


def upsert_peers(conn: Connection, peers: pl.DataFrame) -> int:
    if peers.is_empty():
        return 0
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(kolada_peer_value)
    stmt = stmt.on_conflict_do_update(
        index_elements=["kpi", "municipality_id", "year"],
        set_={c: stmt.excluded[c] for c in ("municipality", "value", "status")})
    conn.execute(stmt, peers.select(PEER_COLUMNS).to_dicts())
    return peers.height


def write_kolada(engine: Engine, plan: kolada.Plan, rows: pl.DataFrame, peers: pl.DataFrame,
                 overwrite: bool, params) -> tuple[int, int, int]:
    """Write everything or nothing; returns (values written, skipped, peer rows written)."""
    ids = [i for ids in plan.kpi_indicators.values() for i in ids]
    with write_unit(engine, "Kolada-hämtningen") as unit:  # the write lock before the reads
        conn = unit.conn
        existing = existing_values(conn, ids)
        to_write, skipped = kolada.merge_existing(rows, existing, overwrite)
        unit.watch(Dataset.from_frames({"values": to_write}))
        written = upsert_frame(conn, "values", to_write)
        peer_rows = upsert_peers(conn, peers)
        if written or peer_rows:
            mark_kolada(conn)
            unit.base_changed(params=params)  # new data version, lights recomputed
    return written, skipped, peer_rows


def read_peers(engine: Engine, kpis: list[str] | None = None) -> pl.DataFrame:
    """The stored comparison values (for the indicator page), sorted by KPI, year, id."""
    t = kolada_peer_value
    stmt = select(*(t.c[c] for c in PEER_COLUMNS))
    if kpis is not None:
        stmt = stmt.where(t.c.kpi.in_(kpis))
    return fetch(engine, stmt).sort("kpi", "year", "municipality_id")


def has_kolada_values(engine: Engine | Connection) -> bool:
    """Whether any indicator value has Kolada as its source (the Kolada credit follows the
    values' source, not a flag of the data set)."""
    t = TABLES["indicator_value"]
    stmt = select(t.c.indicator_id).where(t.c.source == kolada.SOURCE).limit(1)
    return fetch(engine, stmt).height > 0


def target_sources(engine: Engine, indicator_ids: list[str], org_id: str | None,
                   year: int) -> dict[str, str | None]:
    """{indicator: the source of its target row} for one org and year (for the pages)."""
    t = TABLES["target"]
    if org_id is None or not indicator_ids:
        return {}
    stmt = select(t.c.indicator_id, t.c.source).where(
        t.c.org_id == org_id, t.c.year == year, t.c.indicator_id.in_(indicator_ids))
    return dict(fetch(engine, stmt).iter_rows())


def mark_kolada(conn: Connection) -> None:
    """Keep the data set's `kolada` fact ("1"/"0") in step with its values' sources, inside the
    caller's transaction (the pages' Kolada credit reads it)."""
    from queries.store import set_info

    set_info(conn, {"kolada": "1" if has_kolada_values(conn) else "0"})
