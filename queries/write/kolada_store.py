"""What `kontrollrum kolada` reads from and writes to the database, in one transaction.

Reads the indicators with a `kolada_kpi` and the orgs with a `kolada_id`; writes the fetched
figures as VB outcomes (source Kolada) and the peers' figures into `kolada_peer_value`, then
recomputes the stored lights, all in one `queries.write.write_unit`.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection, Engine, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from ils import kolada, kolada_peers
from ils.model import FILES, Dataset
from queries.db import fetch
from queries.schema import TABLES, kolada_peer_value, kolada_revision, kolada_value
from queries.write.store import upsert_frame
from queries.write.write_unit import write_unit

PEER_COLUMNS = ("kpi", "municipality_id", "municipality", "year", "value", "status",
                "n_members", "fetched_at")
PEER_TYPES = {"kpi": pl.String, "municipality_id": pl.String, "municipality": pl.String,
              "year": pl.Int64, "value": pl.Float64, "status": pl.String,
              "n_members": pl.Int64, "fetched_at": pl.String}


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


def _peer_frame(peers: pl.DataFrame) -> pl.DataFrame:
    """`peers` with every column of the table (a missing optional one as null)."""
    return peers.with_columns(pl.lit(None, PEER_TYPES[c]).alias(c) for c in PEER_COLUMNS
                              if c not in peers.columns).select(PEER_COLUMNS)


def upsert_peers(conn: Connection, peers: pl.DataFrame) -> int:
    if peers.is_empty():
        return 0
    insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(kolada_peer_value)
    stmt = stmt.on_conflict_do_update(
        index_elements=["kpi", "municipality_id", "year"],
        set_={c: stmt.excluded[c] for c in PEER_COLUMNS[2:]})
    conn.execute(stmt, _peer_frame(peers).to_dicts())
    return peers.height


def store_demo_peers(engine: Engine, peers: pl.DataFrame) -> int:
    """The demo's shipped comparison values (Riket, Källa: Kolada), in one write unit that
    also renews the data version (the pages' caches follow it)."""
    with write_unit(engine, "demons jämförelsevärden") as unit:
        n = upsert_peers(unit.conn, peers)
        if n:
            unit.base_changed(lights=False)
    return n


def stored_fetch(conn: Connection, kpis: list[str]) -> pl.DataFrame:
    t = kolada_value
    return fetch(conn, select(t.c.kpi, t.c.kolada_id, t.c.year, t.c.value, t.c.status,
                              t.c.fetched_at).where(t.c.kpi.in_(kpis)),
                 schema_overrides={"year": pl.Int64, "value": pl.Float64})


def record_fetch(conn: Connection, raw: pl.DataFrame, fetched_at: str) -> pl.DataFrame:
    """Keep every fetched record (issue 23) in `kolada_value` with when it was fetched and
    Kolada's status, and each change against the earlier fetch in `kolada_revision` (a
    revised value old → new; a row Kolada marked deleted, which leaves `kolada_value`).
    Returns `kolada.compare_fetch`'s rows (the summary counts them)."""
    if raw.is_empty():
        return kolada.compare_fetch(raw, pl.DataFrame(schema={
            "kpi": pl.String, "kolada_id": pl.String, "year": pl.Int64, "value": pl.Float64,
            "status": pl.String, "fetched_at": pl.String}))
    cmp = kolada.compare_fetch(raw, stored_fetch(conn, raw["kpi"].unique().to_list()))
    changed = cmp.filter(pl.col("change").is_in(["reviderad", "borttagen"])
                         & (pl.col("old_fetched_at").is_not_null()))
    if changed.height:
        conn.execute(kolada_revision.insert(), [
            {"kpi": r["kpi"], "kolada_id": r["id"], "year": r["year"],
             "kind": "borttaget" if r["change"] == "borttagen" else "reviderat",
             "old_value": r["old_value"], "new_value": r["value"],
             "old_status": r["old_status"], "new_status": r["status"] or None,
             "old_fetched_at": r["old_fetched_at"], "revised_at": fetched_at}
            for r in changed.iter_rows(named=True)])
    gone = cmp.filter(pl.col("change") == "borttagen")
    for k, i, y in gone.select("kpi", "id", "year").iter_rows():
        t = kolada_value
        conn.execute(t.delete().where(t.c.kpi == k, t.c.kolada_id == i, t.c.year == y))
    keep = cmp.filter(pl.col("change") != "borttagen")
    if keep.height:
        insert = pg_insert if conn.dialect.name == "postgresql" else sqlite_insert
        stmt = insert(kolada_value)
        stmt = stmt.on_conflict_do_update(
            index_elements=["kpi", "kolada_id", "year"],
            set_={c: stmt.excluded[c] for c in ("value", "status", "fetched_at")})
        conn.execute(stmt, [{"kpi": k, "kolada_id": i, "year": y, "value": v,
                             "status": st or None, "fetched_at": fetched_at}
                            for k, i, y, v, st in keep.select("kpi", "id", "year", "value",
                                                              "status").iter_rows()])
    return cmp


def read_revisions(engine: Engine | Connection, kpis: list[str] | None = None,
                   kolada_ids: list[str] | None = None, year: int | None = None
                   ) -> pl.DataFrame:
    """Kolada's revisions and deletions the fetches found, newest first."""
    t = kolada_revision
    stmt = select(t.c.kpi, t.c.kolada_id, t.c.year, t.c.kind, t.c.old_value, t.c.new_value,
                  t.c.old_status, t.c.new_status, t.c.old_fetched_at, t.c.revised_at)
    if kpis is not None:
        stmt = stmt.where(t.c.kpi.in_(kpis))
    if kolada_ids is not None:
        stmt = stmt.where(t.c.kolada_id.in_(kolada_ids))
    if year is not None:
        stmt = stmt.where(t.c.year == year)
    return fetch(engine, stmt.order_by(t.c.revised_at.desc(), t.c.id.desc()),
                 schema_overrides={"year": pl.Int64, "old_value": pl.Float64,
                                   "new_value": pl.Float64})


def write_kolada(engine: Engine, plan: kolada.Plan, rows: pl.DataFrame, peers: pl.DataFrame,
                 overwrite: bool, params, raw: pl.DataFrame | None = None,
                 fetched_at: str | None = None, remember: dict[str, str] | None = None
                 ) -> tuple[int, int, int, pl.DataFrame]:
    """Write everything or nothing; returns (values written, skipped, peer rows written, the
    fetched records compared with the earlier fetch). `raw`: every fetched record (issue 23:
    kept with `fetched_at`, revisions recorded); `remember`: dataset_info facts to set in
    the same transaction (the last fetch)."""
    from queries.write.store import set_info

    ids = [i for ids in plan.kpi_indicators.values() for i in ids]
    with write_unit(engine, "Kolada-hämtningen") as unit:  # the write lock before the reads
        conn = unit.conn
        changes = record_fetch(conn, raw if raw is not None
                               else pl.DataFrame(schema=kolada.RECORD_SCHEMA),
                               fetched_at or "")
        if remember:
            set_info(conn, remember)
        existing = existing_values(conn, ids)
        to_write, skipped = kolada.merge_existing(rows, existing, overwrite)
        unit.watch(Dataset.from_frames({"values": to_write}))
        written = upsert_frame(conn, "values", to_write)
        peer_rows = upsert_peers(conn, peers)
        if written or peer_rows or changes.height:
            mark_kolada(conn)
            unit.base_changed(params=params)  # new data version, lights recomputed
    return written, skipped, peer_rows, changes


def read_peers(engine: Engine, kpis: list[str] | None = None) -> pl.DataFrame:
    """The stored comparison values (for the indicator page), sorted by KPI, year, id."""
    t = kolada_peer_value
    stmt = select(*(t.c[c] for c in PEER_COLUMNS))
    if kpis is not None:
        stmt = stmt.where(t.c.kpi.in_(kpis))
    return fetch(engine, stmt, schema_overrides=PEER_TYPES).sort("kpi", "year",
                                                                   "municipality_id")


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
    from queries.write.store import set_info

    set_info(conn, {"kolada": "1" if has_kolada_values(conn) else "0"})


def city_outcomes(engine: Engine, indicator_ids: list[str], years: list[int]
                  ) -> dict[tuple[str, int], float | None]:
    """{(indicator, year): the city's yearly (VB) outcome} for the indicators and years."""
    org, val = TABLES["organisation"], TABLES["indicator_value"]
    stad = fetch(engine, select(org.c.id).where(org.c.level == "stad"))
    if not stad.height or not indicator_ids or not years:
        return {}
    got = fetch(engine, select(val.c.indicator_id, val.c.year, val.c.outcome).where(
        val.c.org_id == stad["id"][0], val.c.year.in_(years), val.c.period == "VB",
        val.c.indicator_id.in_(indicator_ids)), schema_overrides={"year": pl.Int64})
    return {(i, y): v for i, y, v in got.iter_rows()}


def city_comparison(engine: Engine, year: int, indicator_ids: list[str] | None = None
                    ) -> pl.DataFrame:
    """The city's yearly (VB) values beside Riket's and its comparison group's from Kolada,
    for the indicators with a Kolada KPI (all, or `indicator_ids`): `kolada_peers.comparison_rows`
    (a peer without a value for `year` shows its latest earlier one, with that year)."""
    ind = TABLES["indicator"]
    stmt = select(ind.c.id, ind.c.name, ind.c.unit, ind.c.direction, ind.c.kolada_kpi).where(
        ind.c.kolada_kpi.is_not(None))
    if indicator_ids is not None:
        stmt = stmt.where(ind.c.id.in_(indicator_ids))
    inds = fetch(engine, stmt)
    if inds.is_empty():
        return kolada_peers.comparison_rows(inds, {}, pl.DataFrame(schema=PEER_TYPES), year)
    peers = read_peers(engine, inds["kolada_kpi"].unique().to_list()).filter(
        pl.col("year") <= year)
    years = sorted(set(peers["year"].to_list()) | {year})
    city_years = city_outcomes(engine, inds["id"].to_list(), years)
    city = {i: v for (i, y), v in city_years.items() if y == year}
    return kolada_peers.comparison_rows(inds, city, peers, year, city_years)


def enheter(engine: Engine) -> pl.DataFrame:
    """The enheter (id, name, kind, kolada_id) and the city's Kolada id (for `kolada
    enheter`)."""
    org = TABLES["organisation"]
    return fetch(engine, select(org.c.id, org.c.name, org.c.kind, org.c.kolada_id).where(
        org.c.level == "enhet"))


def organisation_levels(engine: Engine) -> pl.DataFrame:
    org = TABLES["organisation"]
    return fetch(engine, select(org.c.id, org.c.level, org.c.kolada_id))


def apply_unit_ids(engine: Engine, changes: dict[str, str]) -> int:
    """Write the reviewed Kolada unit ids onto the enheter, all in one transaction (issue 23,
    `kolada enheter --apply`); renews the data version so that the pages follow."""
    if not changes:
        return 0
    org = TABLES["organisation"]
    with write_unit(engine, "kopplingen av Kolada-enheter") as unit:  # the write lock first
        for org_id, kid in sorted(changes.items()):
            unit.conn.execute(org.update().where(org.c.id == org_id, org.c.level == "enhet")
                              .values(kolada_id=kid))
        unit.base_changed(lights=False)  # no light reads a Kolada id
    return len(changes)
