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

`queries.write.restore` reads a backup back (all or nothing, into an empty database unless told to
replace what it holds).
"""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import io
import json
import zipfile
from pathlib import Path

from sqlalchemy import (
    Boolean,
    Connection,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    LargeBinary,
    Numeric,
    Table,
    Time,
    select,
    text,
)

from queries.schema import metadata

FORMAT = "kontrollrum-backup"
VERSION = 1
FOLDER = "app"
MANIFEST = f"{FOLDER}/manifest.json"
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
    rows = [[to_json(k, v) for k, v in zip(kinds, r, strict=False)] for r in conn.execute(select(*cols))]
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
        lines = (json.dumps(dict(zip(names, r, strict=False)), ensure_ascii=False, allow_nan=True)
                 for r in rows)
        out[path] = "".join(line + "\n" for line in lines).encode("utf-8")
        manifest["tables"].append({
            "name": table.name, "file": path, "rows": len(rows),
            "columns": dict(zip(names, kinds, strict=False))})
    out[MANIFEST] = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    return out


def backup_members(engine: Engine) -> dict[str, bytes]:
    """Every file of a backup: the interchange CSVs at the root and the app's tables, all
    read in one transaction (a consistent picture)."""
    from ils.interchange.bundle_write import csv_members
    from queries import scope
    from queries.read.dataset import load_dataset

    with scope.as_operator(), engine.connect() as conn:
        with conn.begin():  # write-unit: not data (a read: every table from one snapshot)
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
