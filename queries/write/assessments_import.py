"""An import meets assessments entered in Kontrollrum (issue 13, item 6).

A row saved in the app (`assessment.updated_by` set: an import leaves it empty) holds work
newer than any bundle: an import whose row for the same key differs from it is refused,
naming the row, unless the user asks to `overwrite`. Rows the import does change get a new
version (so a form opened before the import cannot save over it) and a history entry
"importerad"; rows the bundle repeats unchanged are left alone.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection, func, select, update

from ils.clock import now
from ils.interchange.errors import LINE, BundleError
from ils.model import FILES
from queries.db import fetch
from queries.schema import assessment, assessment_history
from queries.write.write_common import as_json, changes, shown_time

KEY = list(FILES["assessments"].key)
VALUES = ["assessment", "basis", "motivation", "status"]
MAX_SHOWN = 50


def stored_for(conn: Connection, bundle: pl.DataFrame) -> pl.DataFrame:
    """The stored rows (values and app columns) of the keys the bundle holds."""
    if bundle.is_empty():
        return pl.DataFrame(schema={**{k: pl.String for k in KEY}, "year": pl.Int64})
    a = assessment.c
    pairs = bundle.select("year", "period").unique().iter_rows()
    parts = []
    for year, period in pairs:
        parts.append(fetch(conn, select(*(a[c] for c in (
            *KEY, *VALUES, "version", "updated_at", "updated_by"))).where(
            (a.year == year) & (a.period == period))))
    return pl.concat(parts).join(bundle.select(KEY), on=KEY, how="semi")


def _changed(bundle: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """Bundle rows (with the stored values as old_*) that are new or differ."""
    old = stored.rename({c: f"old_{c}" for c in stored.columns if c not in KEY})
    both = bundle.join(old, on=KEY, how="left")
    same = pl.lit(True)
    for c in VALUES:
        same = same & pl.col(c).eq_missing(pl.col(f"old_{c}"))
    return both.filter(~same | pl.col("old_assessment").is_null())


def refused_rows(conn: Connection, bundle: pl.DataFrame, label: str,
                 lines: pl.DataFrame | None) -> list[BundleError]:
    """Errors for the bundle rows that would overwrite in-app work with other values.
    `lines` (the rows' lines, aligned with `bundle`) names where they are."""
    if bundle.is_empty():
        return []
    frame = bundle.with_columns(lines[LINE]) if lines is not None else bundle.with_columns(
        pl.lit(None, dtype=pl.Int64).alias(LINE))
    hit = _changed(frame, stored_for(conn, bundle)).filter(
        pl.col("old_updated_by").is_not_null()).sort(LINE)
    errors = []
    for row in hit.head(MAX_SHOWN).iter_rows(named=True):
        state = "ett utkast" if row["old_status"] == "utkast" else "publicerad"
        errors.append(BundleError(
            label, row[LINE], None,
            f"självskattningen av {row['goal_id']} för {row['org_id']} {row['period']} "
            f"{row['year']} har ändrats i Kontrollrum ({state}, sparad "
            f"{shown_time(row['old_updated_at'])} av {row['old_updated_by']}) och skrivs inte "
            "över; använd --overwrite för att skriva över den"))
    if hit.height > MAX_SHOWN:
        errors.append(BundleError(label, None, None, f"… och {hit.height - MAX_SHOWN} "
                                  "självskattningar till som har ändrats i Kontrollrum",
                                  hit.height - MAX_SHOWN))
    return errors


def changed_by_import(conn: Connection, bundle: pl.DataFrame) -> pl.DataFrame:
    """Before the write: the bundle rows the import will add or change, with old values."""
    if bundle.is_empty():
        return bundle
    return _changed(bundle, stored_for(conn, bundle))


def record_import(conn: Connection, changed: pl.DataFrame) -> int:
    """After the write (in the same write unit, under the write lock): new versions and
    "importerad" history for the changed rows, the new values read back as stored."""
    if changed.is_empty():
        return 0
    at = now()
    a = assessment.c
    history = []
    stored = stored_for(conn, changed.select(KEY)).rename(
        {c: f"new_{c}" for c in VALUES}).select(*KEY, *(f"new_{c}" for c in VALUES))
    changed = changed.join(stored, on=KEY, how="left")
    for row in changed.iter_rows(named=True):
        key = (a.goal_id == row["goal_id"]) & (a.org_id == row["org_id"]) & (
            a.year == row["year"]) & (a.period == row["period"])
        conn.execute(update(assessment).where(key).values(
            version=func.coalesce(a.version, 0) + 1, updated_at=at, updated_by=None))
        existed = row["old_assessment"] is not None
        old = {c: row[f"old_{c}"] for c in VALUES} if existed else {}
        before, after = changes(old, {c: row[f"new_{c}"] for c in VALUES})
        history.append({k: row[k] for k in KEY} | {
            "changed_at": at, "changed_by": None, "action": "importerad",
            "old_values": as_json(before), "new_values": as_json(after),
            "status": row["new_status"], "reason": None})
    conn.execute(assessment_history.insert(), history)
    return len(history)
