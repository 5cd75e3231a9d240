"""`kontrollrum import`: load a data bundle into the database, all or nothing.

The bundle is read and checked by `ils.interchange` against the ids the database already
holds; only when there is no error at all are its rows upserted, in one transaction.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
from sqlalchemy import Connection, Engine, String, select
from sqlalchemy.exc import DBAPIError

from ils import clock
from ils.config import import_limits
from ils.interchange import BundleError, ParsedBundle, check_bundle, read_bundle
from ils.interchange.errors import LINE, collect, count_errors, row_errors
from ils.interchange.limits import Limits
from ils.model import FILES, LOAD_ORDER
from queries.read import schedules
from queries.schema import TABLES, dataset_info
from queries.write import assessments_import as app_work
from queries.write import schedule_writes
from queries.write.kolada_store import mark_kolada
from queries.write.store import set_info, write_dataset
from queries.write.write_unit import write_unit


@dataclass
class ImportReport:
    errors: list[BundleError] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)
    # per file: (new, changed, unchanged) rows, compared with the database before the import
    changes: dict[str, tuple[int, int, int]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def error_count(self) -> int:
        """How many errors there were (some may be summarised as '… och N fel till')."""
        return count_errors(self.errors)


def load_known(conn: Connection) -> dict[str, pl.DataFrame]:
    """What the database holds that bundle rows may refer to (ids, parents, levels)."""
    out = {}
    for name, cols in (("organisation", ("id", "parent_id", "level")),
                       ("goals", ("id", "parent_id", "level")), ("indicators", ("id",))):
        table = TABLES[FILES[name].table]
        rows = conn.execute(select(*(table.c[c] for c in cols))).all()
        out[name] = pl.DataFrame([list(r) for r in rows], schema={c: pl.String for c in cols},
                                 orient="row")
    return out


def length_errors(raw_parsed: ParsedBundle, lines: dict[str, pl.DataFrame],
                  labels: dict[str, str]) -> list[BundleError]:
    """Text longer than its database column allows."""
    errors = []
    for name, df in raw_parsed.frames.items():
        frames = []
        table = TABLES[FILES[name].table]
        for col in FILES[name].columns:
            sql_type = table.c[col.name].type
            limit = getattr(sql_type, "length", None) if isinstance(sql_type, String) else None
            if not limit or col.dtype != pl.String:
                continue
            text = pl.col(col.name).str.len_chars()
            frames.append(row_errors(
                lines[name].with_columns(df[col.name]), text > limit, col.name,
                pl.format("texten är för lång ({} tecken, högst {})", text, pl.lit(limit))))
        errors.extend(collect(labels[name], frames))
    return errors


def label_import(conn: Connection, bundle: str) -> None:
    """Say where the data came from. A database that held fictitious demo data still does
    after an import (the bundle's rows are merged in), so its demo label stays."""
    info = dict(conn.execute(select(dataset_info.c.key, dataset_info.c.value)).all())
    if info.get("demo") == "1":
        return
    set_info(conn, {"demo": "0", "source": f"Källa: importerat dataunderlag ({bundle}, "
                                            f"{clock.today().isoformat()})."})


def with_source(parsed: ParsedBundle, source: str | None) -> None:
    """Values and targets that name no source get the data set's name (`--source`)."""
    if not source:
        return
    for name in ("values", "targets"):
        if name in parsed.frames:
            parsed.frames[name] = parsed.frames[name].with_columns(
                pl.col("source").fill_null(source))


def import_bundle(engine: Engine, path: str | Path, source: str | None = None,
                  limits: Limits | None = None, overwrite: bool = False) -> ImportReport:
    """Check and load a bundle. On any error nothing is written and every error is reported.
    `source` names the data set: values and targets without a source of their own get it.
    `limits` bound the work and the plausible years (default: the settings in os.environ).
    An import that would change a locked period raises `queries.write.locks.PeriodLocked` (a
    Swedish message naming the lock) and changes nothing. A self-assessment saved in the app
    is not overwritten by other values unless `overwrite` (`queries.write.assessments_import`)."""
    raw = read_bundle(path, limits or import_limits(os.environ))
    labels = {name: f.label for name, f in raw.files.items()}
    try:
        # One write unit: the write lock is taken before anything is read, so which rows
        # were saved in the app (refused below) cannot change before this commits (issue 18).
        with write_unit(engine, "importen") as unit:
            conn = unit.conn
            parsed = check_bundle(raw, load_known(conn))
            errors = list(parsed.errors)
            if not errors:
                lines = {n: _lines(raw, n) for n in parsed.frames}
                errors = length_errors(parsed, lines, labels)
            if errors:
                return ImportReport(errors, {}, parsed.notices)
            with_source(parsed, source)
            ds = parsed.dataset()
            if not overwrite and "assessments" in parsed.frames:  # in-app work is newer
                errors = app_work.refused_rows(conn, ds.assessments, labels["assessments"],
                                               lines["assessments"])
                if errors:
                    return ImportReport(errors, {}, parsed.notices)
            changed = app_work.changed_by_import(conn, ds.assessments)
            deadlines_before = schedules.read_schedule(conn) if "schedule" in parsed.frames \
                else None
            unit.watch(ds)  # a locked period it changes: refused at the end, rolled back
            changes = {name: compare_rows(conn, name, getattr(ds, name))
                       for name in LOAD_ORDER if name in parsed.frames}
            counts = write_dataset(conn, ds)
            app_work.record_import(conn, changed)  # new versions, "importerad" history
            if deadlines_before is not None:  # the round's deadlines keep their history
                schedule_writes.record_import(conn, deadlines_before, ds.schedule)
            label_import(conn, source or Path(path).name)
            mark_kolada(conn)  # the Kolada credit follows the values' source
            unit.base_changed()  # new data version, lights recomputed in this transaction
    except DBAPIError as exc:  # a constraint the checks did not foresee: rolled back
        msg = str(exc.orig or exc).splitlines()[0]
        return ImportReport([BundleError(Path(path).name, None, None,
                                         f"databasen avvisade importen: {msg}")])
    counts = {name: counts[name] for name in LOAD_ORDER if name in parsed.frames}
    return ImportReport([], counts, parsed.notices, changes)


def compare_rows(conn: Connection, name: str, df: pl.DataFrame) -> tuple[int, int, int]:
    """How many of the bundle's rows of one file are new, change a stored row, or are the
    same as the stored row (every column compared as text, an empty value as empty)."""
    if df.is_empty():
        return 0, 0, 0
    spec = FILES[name]
    table = TABLES[spec.table]
    cols, key = spec.column_names, list(spec.key)
    if name == "schedule":  # as stored: "" for every board (queries.write.store)
        df = df.with_columns(pl.col("org_id").fill_null(""))
    stored = conn.execute(select(*(table.c[c] for c in cols))).all()
    if not stored:
        return df.height, 0, 0

    def frame(columns: dict[str, list]) -> pl.DataFrame:
        return pl.DataFrame({c: [None if v is None else _text(v) for v in values]
                             for c, values in columns.items()},
                            schema={c: pl.String for c in columns})

    mine = frame({c: df[c].to_list() for c in cols})
    theirs = frame({c: [r[i] for r in stored] for i, c in enumerate(cols)}).with_columns(
        pl.lit(True).alias("__found"))
    joined = mine.join(theirs, on=key, how="left", suffix="__db", nulls_equal=True)
    found = joined.filter(pl.col("__found").is_not_null())
    rest = [c for c in cols if c not in key]
    same = found.filter(pl.all_horizontal(pl.col(c).eq_missing(pl.col(f"{c}__db"))
                                          for c in rest)).height if rest else found.height
    return df.height - found.height, found.height - same, same


def _text(value) -> str:
    """A stored or read value as text for the comparison: 35.0 and 35 alike, dates as ISO."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return str(value)


def _lines(raw, name: str) -> pl.DataFrame:
    return raw.files[name].frame.select(LINE)
