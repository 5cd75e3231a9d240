"""`kontrollrum backup` / `restore`: every table the app holds, not only the interchange files.

A backup is an interchange bundle (the eight CSV files at its root, so `kontrollrum import`
still reads it) plus an `app/` folder: `app/manifest.json` (format, version, the tables in
foreign-key order with their columns, types and row counts) and one JSON-lines file per table,
`app/<table>.jsonl`, one row a line as a JSON object.

The tables are found GENERICALLY from `queries.schema.metadata` (every table, parents first),
so a table added later is carried without a change here. A table opts out with
`table.info["backup"] = False` (e.g. sign-in sessions, which must never be restored).

Values are written faithfully by the column's declared type: integers and floats as JSON
numbers (a float's shortest exact form), booleans as true/false, dates and times as ISO text,
other decimals as text, bytes as base64, texts as JSON strings (newlines and quotes escaped, so
a row is one line); NULL is `null`, never "". Rows are sorted by the primary key in code-point
order, so the same data gives the same bytes whichever database it came from.

`restore` is all or nothing in one transaction: every file is read and checked first, the
database must be empty (unless `replace`), rows are inserted parents first, and on PostgreSQL
every identity/serial sequence is set past the restored ids.
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import io
import json
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sqlalchemy import (
    Boolean, Connection, Date, DateTime, Engine, Float, Integer, LargeBinary, Numeric, Table,
    Time, delete, func, insert, select, text)

from queries.schema import metadata

FORMAT = "kontrollrum-backup"
VERSION = 1
FOLDER = "app"
MANIFEST = f"{FOLDER}/manifest.json"
CHUNK = 1000
ZIP_TIME = (2020, 1, 1, 0, 0, 0)


class BackupError(ValueError):
    """A backup that cannot be written or restored; the message is Swedish. Nothing changed."""


def backed_up(table: Table) -> bool:
    return table.info.get("backup", True) is not False


def backup_tables() -> list[Table]:
    """Every table a backup carries, parents before children (foreign-key order)."""
    return [t for t in metadata.sorted_tables if backed_up(t)]


# --- values ---------------------------------------------------------------------------------
def type_name(col) -> str:
    """The kind of a column's values in the backup (written to the manifest)."""
    t = col.type
    if isinstance(t, Boolean):
        return "boolean"
    if isinstance(t, Integer):
        return "integer"
    if isinstance(t, Float):
        return "float"
    if isinstance(t, Numeric):
        return "decimal"
    if isinstance(t, DateTime):
        return "timestamp"
    if isinstance(t, Date):
        return "date"
    if isinstance(t, Time):
        return "time"
    if isinstance(t, LargeBinary):
        return "bytes"
    return "text"


def to_json(kind: str, value):
    if value is None:
        return None
    if kind == "boolean":
        return bool(value)
    if kind == "integer":
        return int(value)
    if kind == "float":
        return float(value)
    if kind == "decimal":
        return str(value)
    if kind in ("timestamp", "date", "time"):
        if isinstance(value, str):  # SQLite may hand back the stored text
            return value
        return value.isoformat()
    if kind == "bytes":
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def from_json(kind: str, value):
    """The Python value to insert; ValueError (Swedish) when it does not fit the kind."""
    if value is None:
        return None
    wrong = ValueError(f"värdet {str(value)[:60]!r} är inte av typen {kind}")
    if kind == "boolean":
        if not isinstance(value, bool):
            raise wrong
        return value
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise wrong
        return value
    if kind == "float":
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise wrong
        return float(value)
    if not isinstance(value, str):
        raise wrong
    try:
        if kind == "decimal":
            return decimal.Decimal(value)
        if kind == "timestamp":
            return dt.datetime.fromisoformat(value)
        if kind == "date":
            return dt.date.fromisoformat(value)
        if kind == "time":
            return dt.time.fromisoformat(value)
        if kind == "bytes":
            return base64.b64decode(value, validate=True)
    except (ValueError, decimal.InvalidOperation, TypeError):
        raise wrong from None
    if "\x00" in value:
        raise ValueError("texten innehåller ett NUL-tecken")
    return value


def _sort_key(row: list) -> tuple:
    return tuple((v is None, "" if v is None else v) for v in row)


# --- writing --------------------------------------------------------------------------------
def table_rows(conn: Connection, table: Table) -> tuple[list[str], list[str], list[list]]:
    """(column names, kinds, rows as JSON values) of one table, rows in key order."""
    cols = list(table.columns)
    names = [c.name for c in cols]
    kinds = [type_name(c) for c in cols]
    rows = [[to_json(k, v) for k, v in zip(kinds, r)] for r in conn.execute(select(*cols))]
    key = [names.index(c.name) for c in table.primary_key.columns] or list(range(len(cols)))
    rows.sort(key=lambda r: (_sort_key([r[i] for i in key]),
                             json.dumps(r, ensure_ascii=False)))
    return names, kinds, rows


def app_members(conn: Connection) -> dict[str, bytes]:
    """{"app/manifest.json": …, "app/<table>.jsonl": …} for every backed-up table."""
    out: dict[str, bytes] = {}
    manifest = {"format": FORMAT, "version": VERSION, "tables": []}
    for table in backup_tables():
        names, kinds, rows = table_rows(conn, table)
        path = f"{FOLDER}/{table.name}.jsonl"
        lines = (json.dumps(dict(zip(names, r)), ensure_ascii=False, allow_nan=True)
                 for r in rows)
        out[path] = "".join(line + "\n" for line in lines).encode("utf-8")
        manifest["tables"].append({
            "name": table.name, "file": path, "rows": len(rows),
            "columns": dict(zip(names, kinds))})
    out[MANIFEST] = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return out


def backup_members(engine: Engine) -> dict[str, bytes]:
    """Every file of a backup: the interchange CSVs at the root and the app's tables, all
    read in one transaction (a consistent picture)."""
    from ils.interchange.bundle_write import csv_members
    from queries import scope
    from queries.dataset import load_dataset

    with scope.as_operator(), engine.connect() as conn:
        with conn.begin():
            if conn.dialect.name == "postgresql":
                conn.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY"))
            members = dict(csv_members(load_dataset(conn)))
            members.update(app_members(conn))
    return members


def write_backup(engine: Engine, out: str | Path) -> tuple[str, int, int]:
    """Write a backup to `out`: a folder, or a .zip by its name. Returns (format, tables,
    rows)."""
    out = Path(out)
    suffix = out.suffix.lower()
    if suffix not in (".zip", ""):
        raise BackupError(f"en säkerhetskopia skrivs som en mapp eller en .zip-fil, inte "
                          f"{suffix}")
    members = backup_members(engine)
    manifest = json.loads(members[MANIFEST])
    tables, rows = len(manifest["tables"]), sum(t["rows"] for t in manifest["tables"])
    if suffix == ".zip":
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(zip_of(members))
        return "zip", tables, rows
    if out.exists() and not out.is_dir():
        raise BackupError(f"{out} finns redan och är ingen mapp")
    (out / FOLDER).mkdir(parents=True, exist_ok=True)
    for name, data in members.items():
        (out / name).write_bytes(data)
    return "folder", tables, rows


def zip_of(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


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
    """Rows per backed-up table that holds any (an empty database gives {})."""
    out = {}
    for table in tables or backup_tables():
        n = conn.execute(select(func.count()).select_from(table)).scalar_one()
        if n:
            out[table.name] = n
    return out


def restore(engine: Engine, backup: Backup, replace: bool = False) -> int:
    """Put `backup` into the database in one transaction; returns the rows written.
    Refused (BackupError, nothing changed) when the database holds data and not `replace`."""
    tables = backup_tables()
    with engine.begin() as conn:
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
