"""A whole `Dataset` as a bundle of the interchange format: a folder, a .zip or an .xlsx.

Rows are sorted by each file's key (code-point order), so the same data gives the same bytes
whichever database it came from. In the workbook every text cell is written as text (an id
such as `0180` keeps its zero), numbers as numbers, dates as ISO text; empty = no cell.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import polars as pl

from ils.interchange.write import to_csv
from ils.model import FILES, Dataset

FORMATS = ("folder", "zip", "xlsx")


def bundle_format(out: str | Path) -> str:
    """What `out` names: an .xlsx workbook, a .zip archive, otherwise a folder."""
    suffix = Path(out).suffix.lower()
    return {".xlsx": "xlsx", ".zip": "zip"}.get(suffix, "folder")


def sorted_frames(ds: Dataset) -> dict[str, pl.DataFrame]:
    """Every file of `ds` with the model's columns, rows in key order."""
    return {name: getattr(ds, name).select(spec.column_names).sort(list(spec.key))
            for name, spec in FILES.items()}


def csv_members(ds: Dataset) -> dict[str, bytes]:
    """{"organisation.csv": bytes, …}: every file, header only when empty."""
    return {f"{name}.csv": to_csv(df).encode("utf-8") for name, df in sorted_frames(ds).items()}


def zip_bytes(ds: Dataset) -> bytes:
    """The CSV files at the root of a zip archive (fixed timestamps: same data, same bytes)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in csv_members(ds).items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def xlsx_bytes(ds: Dataset) -> bytes:
    """One sheet per file (sheet name = file name), header row, typed cells."""
    import xlsxwriter

    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False,
                                   "strings_to_urls": False, "strings_to_numbers": False})
    for name, df in sorted_frames(ds).items():
        ws = wb.add_worksheet(name)
        ws.write_row(0, 0, df.columns)
        kinds = [_kind(df.schema[c]) for c in df.columns]
        for r, row in enumerate(df.iter_rows(), start=1):
            for c, (value, kind) in enumerate(zip(row, kinds, strict=False)):
                if value is None:
                    continue
                if kind == "number":
                    ws.write_number(r, c, value)
                else:
                    ws.write_string(r, c, value.isoformat() if kind == "date" else str(value))
    wb.close()
    return buf.getvalue()


def _kind(dtype: pl.DataType) -> str:
    if dtype in (pl.Float64, pl.Int64):
        return "number"
    return "date" if dtype == pl.Date else "text"


def write_any(ds: Dataset, out: str | Path) -> tuple[str, int]:
    """Write `ds` to `out` in the format its name gives; returns (format, rows written)."""
    out = Path(out)
    kind = bundle_format(out)
    if kind == "folder":
        out.mkdir(parents=True, exist_ok=True)
        for name, data in csv_members(ds).items():
            (out / name).write_bytes(data)
    else:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(zip_bytes(ds) if kind == "zip" else xlsx_bytes(ds))
    return kind, sum(getattr(ds, name).height for name in FILES)
