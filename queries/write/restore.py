"""`kontrollrum restore`: a backup (`queries.read.backup`) read, checked and put back.

All or nothing in one transaction: every file is read and checked first (format, version,
tables and columns known here, each value of its column's type, row counts as the manifest
says), the database must be empty (unless `replace`), rows are inserted parents first (a table
that refers to itself too), and on PostgreSQL every serial/identity sequence is set past the
restored ids so that the next insert works.
"""

from __future__ import annotations

import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sqlalchemy import (
    Connection,
    Engine,
    Integer,
    Table,
    delete,
    func,
    insert,
    select,
    text,
)

from queries.read.backup import (
    FOLDER,
    FORMAT,
    MANIFEST,
    VERSION,
    BackupError,
    backup_tables,
    from_json,
    type_name,
)
from queries.schema import metadata
from queries.write.write_unit import write_unit

CHUNK = 1000


# --- reading --------------------------------------------------------------------------------
@dataclass
class Backup:
    """A backup read and checked: the rows to insert per table, in foreign-key order."""

    tables: dict[str, list[dict]] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(len(r) for r in self.tables.values())


def _files(path: Path) -> dict[str, bytes] | None:
    """The app's files of a backup at `path` (folder or .zip); None when it has none."""
    if path.is_dir():
        folder = path / FOLDER
        if not (folder / "manifest.json").is_file():
            return None
        return {f"{FOLDER}/{p.name}": p.read_bytes() for p in sorted(folder.iterdir())
                if p.is_file()}
    if path.suffix.lower() != ".zip":
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            out = {}
            for info in zf.infolist():
                p = PurePosixPath(info.filename)
                if info.is_dir() or len(p.parts) != 2 or p.parts[0] != FOLDER:
                    continue
                out[str(p)] = zf.read(info)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise BackupError(f"{path.name} är ingen giltig zip-fil") from None
    return out if MANIFEST in out else None


def has_app_tables(path: str | Path) -> bool:
    """Whether a bundle carries the app's tables (an `app/manifest.json`)."""
    try:
        return _files(Path(path)) is not None
    except (BackupError, OSError):
        return False


def read_backup(path: str | Path) -> Backup:
    """Read and check every file of a backup; BackupError names the first problem."""
    path = Path(path)
    if not path.exists():
        raise BackupError(f"filen eller mappen finns inte: {path}")
    try:
        files = _files(path)
    except OSError as exc:
        raise BackupError(f"{path} kan inte läsas ({exc.strerror or exc})") from None
    if files is None:
        raise BackupError(f"{path} är ingen säkerhetskopia från 'kontrollrum backup' (filen "
                          f"{MANIFEST} saknas); ett vanligt datapaket läses in med "
                          "'kontrollrum import'")
    try:
        manifest = json.loads(files[MANIFEST].decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise BackupError(f"{MANIFEST} är ingen giltig JSON") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{MANIFEST}: okänt format (väntade {FORMAT!r})")
    if manifest.get("version") != VERSION:
        raise BackupError(f"{MANIFEST}: version {manifest.get('version')!r} stöds inte "
                          f"(den här versionen av Kontrollrum läser version {VERSION})")
    known = {t.name: t for t in backup_tables()}
    out = Backup()
    for entry in manifest.get("tables") or []:
        name = entry.get("name") if isinstance(entry, dict) else None
        if name not in known:
            if name in metadata.tables:  # a table that opts out now (e.g. sessions)
                continue
            raise BackupError(f"{MANIFEST}: tabellen {name!r} finns inte i den här versionen "
                              "av Kontrollrum")
        out.tables[name] = _read_table(known[name], entry, files)
    return out


def _read_table(table: Table, entry: dict, files: dict[str, bytes]) -> list[dict]:
    fname = f"{FOLDER}/{table.name}.jsonl"
    kinds = entry.get("columns")
    if not isinstance(kinds, dict):
        raise BackupError(f"{MANIFEST}: tabellen {table.name} saknar sina kolumner")
    for name, kind in kinds.items():
        if name not in table.c:
            raise BackupError(f"{fname}: kolumnen {name!r} finns inte i tabellen "
                              f"{table.name} i den här versionen av Kontrollrum")
        if kind != type_name(table.c[name]):
            raise BackupError(f"{fname}: kolumnen {name} har typen {kind!r} i "
                              f"säkerhetskopian men {type_name(table.c[name])!r} här")
    for col in table.columns:
        if col.name not in kinds and (not col.nullable or col.primary_key) \
                and col.server_default is None and col.default is None:
            raise BackupError(f"{fname}: den obligatoriska kolumnen {col.name} saknas")
    if fname not in files:
        raise BackupError(f"filen {fname} saknas i säkerhetskopian")
    try:
        body = files[fname].decode("utf-8")
    except UnicodeDecodeError:
        raise BackupError(f"{fname} är inte UTF-8") from None
    rows = []
    for n, line in enumerate(body.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError:
            raise BackupError(f"{fname}, rad {n}: ingen giltig JSON") from None
        if not isinstance(obj, dict) or set(obj) - set(kinds):
            raise BackupError(f"{fname}, rad {n}: raden ska vara ett objekt med tabellens "
                              "kolumner")
        row = {}
        for name, value in obj.items():
            try:
                row[name] = from_json(kinds[name], value)
            except ValueError as exc:
                raise BackupError(f"{fname}, rad {n}, kolumn {name}: {exc}") from None
            if value is None and not table.c[name].nullable:
                raise BackupError(f"{fname}, rad {n}, kolumn {name}: värde saknas")
        rows.append(row)
    if isinstance(entry.get("rows"), int) and entry["rows"] != len(rows):
        raise BackupError(f"{fname}: {len(rows)} rader, men manifestet säger {entry['rows']} "
                          "(filen är ofullständig)")
    return _parents_first(table, rows)


def _parents_first(table: Table, rows: list[dict]) -> list[dict]:
    """Rows of a table that refers to itself (a parent id) ordered parents first."""
    links = [(fk.parent.name, fk.column.name) for fk in table.foreign_keys
             if fk.column.table is table]
    if not links or not rows:
        return rows
    placed: set[tuple] = set()
    remaining, ordered = rows, []
    ids = {c: {r.get(c) for r in rows} for _, c in links}
    while remaining:
        ready, rest = [], []
        for r in remaining:
            ok = all(r.get(child) is None or r.get(child) not in ids[parent]
                     or (parent, r.get(child)) in placed for child, parent in links)
            (ready if ok else rest).append(r)
        if not ready:
            raise BackupError(f"{FOLDER}/{table.name}.jsonl: raderna hänvisar till varandra "
                              "i en cirkel")
        for r in ready:
            placed.update((parent, r.get(parent)) for _, parent in links)
        ordered += ready
        remaining = rest
    return ordered


def _n(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


# --- restoring ------------------------------------------------------------------------------
def held_rows(conn: Connection, tables: Iterable[Table] | None = None) -> dict[str, int]:
    """Rows per backed-up table that holds any (an empty database gives {}). Bookkeeping does
    not count: a table marked `info["bookkeeping"]` (the stored lights' state, which the app
    writes on its first page view even with no data) and the data version in dataset_info."""
    out = {}
    for table in tables or backup_tables():
        if table.info.get("bookkeeping"):
            continue
        stmt = select(func.count()).select_from(table)
        if table.name == "dataset_info":
            stmt = stmt.where(table.c.key != "data_version")
        n = conn.execute(stmt).scalar_one()
        if n:
            out[table.name] = n
    return out


def restore(engine: Engine, backup: Backup, replace: bool = False) -> int:
    """Put `backup` into the database in one transaction; returns the rows written.
    Refused (BackupError, nothing changed) when the database holds data and not `replace`."""
    tables = backup_tables()
    # The tables may have been dropped since this process made its engine (an engine is made,
    # and the tables created, once per URL): create what is missing before the unit's lock.
    metadata.create_all(engine)
    # The one write unit: its lock comes first, so no save slips in between check and write.
    # The restored data version is the backup's own (the same data, the same version), so
    # nothing is marked changed.
    with write_unit(engine, "återställningen") as unit:
        conn = unit.conn
        held = held_rows(conn, tables)
        if held and not replace:
            raise BackupError(
                f"databasen är inte tom ({_n(sum(held.values()))} rader i {len(held)} tabeller, "
                "t.ex. " + ", ".join(sorted(held)[:3]) + "); återställ till en tom databas "
                "eller ange --replace för att ersätta allt som finns")
        for table in reversed(tables):
            conn.execute(delete(table))
        for table in tables:
            rows = backup.tables.get(table.name) or []
            for start in range(0, len(rows), CHUNK):
                conn.execute(insert(table), _complete(table, rows[start:start + CHUNK]))
        reset_sequences(conn, tables)
    return backup.rows


def _complete(table: Table, rows: list[dict]) -> list[dict]:
    """Every row with every column the backup has (a missing optional column: NULL)."""
    names = [c.name for c in table.columns
             if any(c.name in r for r in rows) or (c.nullable and not c.primary_key)]
    return [{n: r.get(n) for n in names} for r in rows]


def reset_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """PostgreSQL: every serial/identity sequence set past the largest restored id, so the
    next insert gets a new id (SQLite's ROWID needs nothing)."""
    if conn.dialect.name != "postgresql":
        return
    for table in tables:
        for col in table.primary_key.columns:
            if not isinstance(col.type, Integer):
                continue
            conn.execute(text(
                "SELECT setval(seq, COALESCE((SELECT MAX({c}) FROM {t}), 1), "
                "(SELECT MAX({c}) FROM {t}) IS NOT NULL) "
                "FROM pg_get_serial_sequence(:t, :c) AS seq WHERE seq IS NOT NULL".format(
                    c=conn.dialect.identifier_preparer.quote(col.name),
                    t=conn.dialect.identifier_preparer.quote(table.name))),
                {"t": table.name, "c": col.name})
