"""Build the other formats of a hand-written comma-CSV bundle: Swedish CSV, zip, xlsx."""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from pathlib import Path

import polars as pl
import xlsxwriter

from ils.model import FILES

BOM = "\ufeff"


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def _model_csvs(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.csv") if p.stem in FILES)


def swedish(src: Path, dst: Path) -> Path:
    """Semicolon separator, decimal comma, UTF-8 with BOM, CRLF: as Swedish Excel saves it."""
    dst.mkdir(parents=True, exist_ok=True)
    for path in _model_csvs(src):
        rows = _rows(path)
        schema = FILES[path.stem].polars_schema
        floats = [i for i, h in enumerate(rows[0]) if schema.get(h) == pl.Float64]
        for row in rows[1:]:
            for i in floats:
                row[i] = row[i].replace(".", ",")
        buf = io.StringIO()
        csv.writer(buf, delimiter=";", lineterminator="\r\n").writerows(rows)
        (dst / path.name).write_bytes((BOM + buf.getvalue()).encode("utf-8"))
    return dst


def zipped(src: Path, dst: Path, folder: str | None = None) -> Path:
    """A zip of the bundle's files, at the root or inside one folder (as zipping a folder gives)."""
    with zipfile.ZipFile(dst, "w") as zf:
        for path in sorted(src.iterdir()):
            zf.write(path, f"{folder}/{path.name}" if folder else path.name)
    return dst


def workbook(src: Path, dst: Path) -> Path:
    """One sheet per file; numbers as number cells and dates as date cells, as Excel holds them."""
    wb = xlsxwriter.Workbook(str(dst))
    date_format = wb.add_format({"num_format": "yyyy-mm-dd"})
    for path in _model_csvs(src):
        rows = _rows(path)
        schema = FILES[path.stem].polars_schema
        ws = wb.add_worksheet(path.stem)
        ws.write_row(0, 0, rows[0])
        for r, row in enumerate(rows[1:], start=1):
            for c, value in enumerate(row):
                dtype = schema.get(rows[0][c])
                if value == "":
                    continue
                if dtype in (pl.Float64, pl.Int64):
                    ws.write_number(r, c, float(value))
                elif dtype == pl.Date:
                    ws.write_datetime(r, c, dt.datetime.fromisoformat(value), date_format)
                else:
                    ws.write_string(r, c, value)
    wb.close()
    return dst


def all_variants(src: Path, tmp: Path) -> dict[str, Path]:
    """Every supported format of the bundle in `src`, keyed by a short name."""
    return {
        "folder": src,
        "swedish": swedish(src, tmp / "swedish"),
        "zip_root": zipped(src, tmp / "root.zip"),
        "zip_folder": zipped(src, tmp / "folder.zip", folder="paket"),
        "zip_swedish": zipped(swedish(src, tmp / "sw2"), tmp / "sw.zip", folder="paket"),
        "xlsx": workbook(src, tmp / "paket.xlsx"),
    }
