"""Reading a bundle (folder, .zip or .xlsx) into raw per-file frames of text cells.

Every cell comes back as a stripped string (empty = null), plus the column `__line__`: the
line a user sees in a text editor (header = line 1) or the row number in the sheet. The
values are typed and checked later (`validate`), so that a bad cell becomes an error message
and not an exception.
"""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import polars as pl

from ils.interchange.errors import LINE, BundleError
from ils.model import FILES

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class RawFile:
    name: str  # the model file, e.g. "values"
    label: str  # how messages name it: "values.csv" or "blad values"
    frame: pl.DataFrame  # all String, plus LINE
    header: tuple[str, ...]  # column names in file order (normalised)
    lenient_decimal: bool  # decimal comma accepted (semicolon CSV, xlsx text cells)


@dataclass
class RawBundle:
    files: dict[str, RawFile] = field(default_factory=dict)
    errors: list[BundleError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)


def read_bundle(path: str | Path) -> RawBundle:
    """Read a folder, .zip or .xlsx bundle. Unknown files are skipped with a notice."""
    path = Path(path)
    bundle = RawBundle()
    if path.is_dir():
        members = {p.name: p.read_bytes() for p in sorted(path.iterdir()) if p.is_file()}
        _read_csv_members(bundle, members)
    elif path.suffix.lower() == ".zip":
        _read_zip(bundle, path)
    elif path.suffix.lower() == ".xlsx":
        _read_xlsx(bundle, path.name, path.read_bytes())
    else:
        bundle.errors.append(BundleError(path.name, None, None,
                                         "okänt format: ange en mapp, en .zip- eller en .xlsx-fil"))
    return bundle


def _hidden(name: str) -> bool:
    return name.startswith((".", "~$")) or name.startswith("__MACOSX")


def _read_zip(bundle: RawBundle, path: Path) -> None:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        bundle.errors.append(BundleError(path.name, None, None, "filen är ingen giltig zip-fil"))
        return
    with zf:
        entries = [PurePosixPath(i.filename) for i in zf.infolist() if not i.is_dir()]
        entries = [e for e in entries if not any(_hidden(part) for part in e.parts)]
        root = [e for e in entries if len(e.parts) == 1]
        folders = {e.parts[0] for e in entries if len(e.parts) == 2}
        if root or not entries:
            chosen = root
        elif len(folders) == 1 and all(len(e.parts) == 2 for e in entries):
            chosen = entries
        else:
            bundle.errors.append(BundleError(
                path.name, None, None,
                "zip-filen ska ha CSV-filerna direkt i roten eller i en enda mapp"))
            return
        for e in entries:
            if e not in chosen:
                bundle.notices.append(f"{e}: ignoreras (ligger inte bredvid de andra filerna)")
        _read_csv_members(bundle, {e.name: zf.read(str(e)) for e in chosen})


def _model_name(stem: str) -> str | None:
    stem = stem.strip().lower()
    return stem if stem in FILES else None


def _read_csv_members(bundle: RawBundle, members: dict[str, bytes]) -> None:
    for filename, data in members.items():
        if _hidden(filename):
            continue
        p = PurePosixPath(filename)
        name = _model_name(p.stem) if p.suffix.lower() == ".csv" else None
        if name is None:
            bundle.notices.append(f"{filename}: ignoreras (ingen fil i formatet)")
            continue
        if name in bundle.files:
            bundle.errors.append(BundleError(filename, None, None,
                                             f"filen {name}.csv finns mer än en gång"))
            continue
        raw = read_csv_bytes(name, filename, data, bundle.errors)
        if raw is not None:
            bundle.files[name] = raw


def read_csv_bytes(name: str, label: str, data: bytes,
                   errors: list[BundleError]) -> RawFile | None:
    """Parse one CSV file (either dialect, BOM or not). None for an empty file or on error."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        errors.append(BundleError(label, line, None,
                                  'filen är inte sparad som UTF-8 (välj "CSV UTF-8" i Excel)'))
        return None
    if not text.strip():
        return None
    first = text.lstrip("\r\n").split("\n", 1)[0]
    separator = ";" if first.count(";") > first.count(",") else ","
    header = _normalise(next(csv.reader([first], delimiter=separator)))
    try:
        df = pl.read_csv(io.BytesIO(data), separator=separator, infer_schema=False,
                         has_header=True, truncate_ragged_lines=True, row_index_name=LINE,
                         quote_char='"', raise_if_empty=False)
    except Exception as exc:  # polars raises several kinds of parse errors
        errors.append(BundleError(label, None, None, f"filen kan inte läsas som CSV ({exc})"))
        return None
    cells = df.columns[1:]
    if len(cells) != len(header):
        header = _normalise(cells)
    df = df.rename(dict(zip(cells, header)))
    # A quoted cell may span lines; a record starts after all earlier records' line breaks.
    breaks = pl.sum_horizontal([pl.col(c).str.count_matches("\n", literal=True).fill_null(0)
                                for c in header]) if header else pl.lit(0)
    df = df.with_columns(_b=breaks.cast(pl.Int64)).with_columns(
        (pl.col(LINE).cast(pl.Int64) + 2 + pl.col("_b").cum_sum() - pl.col("_b")).alias(LINE)
    ).drop("_b")
    return RawFile(name, label, _clean(df, header), tuple(header), separator == ";")


def _normalise(names: list[str]) -> list[str]:
    """Lower-case, stripped header names; a repeated name gets a '#n' suffix (never matched)."""
    out: list[str] = []
    for raw in names:
        n = raw.strip().lower()
        out.append(n if n not in out else f"{n}#{len(out)}")
    return out


def _clean(df: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    """Strip every cell, empty → null, and drop rows with no value at all."""
    df = df.with_columns([pl.col(c).cast(pl.String).str.strip_chars() for c in header])
    df = df.with_columns([pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c)
                          for c in header])
    if header:
        df = df.filter(pl.any_horizontal([pl.col(c).is_not_null() for c in header]))
    return df.select(LINE, *header)


def _read_xlsx(bundle: RawBundle, label: str, data: bytes) -> None:
    import fastexcel

    try:
        reader = fastexcel.read_excel(data)
    except Exception as exc:  # not a workbook, or a damaged one
        bundle.errors.append(BundleError(label, None, None,
                                         f"filen kan inte läsas som Excel-arbetsbok ({exc})"))
        return
    for sheet in reader.sheet_names:
        name = _model_name(sheet.removesuffix(".csv"))
        if name is None:
            bundle.notices.append(f"{label}, blad {sheet}: ignoreras (inget blad i formatet)")
            continue
        raw = _read_sheet(reader, sheet, name)
        if raw is not None:
            bundle.files[name] = raw


def _read_sheet(reader, sheet: str, name: str) -> RawFile | None:
    """One sheet: text of every cell; numeric and date cells of typed columns in full precision."""
    grid = pl.DataFrame(reader.load_sheet(sheet, header_row=None, skip_rows=0, dtypes="string"))
    if grid.is_empty():
        return None
    grid = grid.with_row_index(LINE, offset=1)
    cols = grid.columns[1:]
    filled = grid.filter(pl.any_horizontal([pl.col(c).str.strip_chars() != "" for c in cols]))
    if filled.is_empty():
        return None
    header_line = filled[LINE][0]
    header_cells = filled.row(0)[1:]
    keep = [(c, h) for c, h in zip(cols, header_cells) if h is not None and h.strip()]
    header = _normalise([h for _, h in keep])
    df = grid.filter(pl.col(LINE) > header_line).select(
        pl.col(LINE).cast(pl.Int64), *(pl.col(c).alias(h) for (c, _), h in zip(keep, header)))
    schema = FILES[name].polars_schema
    by_col = {c: h for (c, _), h in zip(keep, header)}
    wanted = {}
    for i, c in enumerate(cols):
        dtype = schema.get(by_col.get(c, ""))
        if dtype in (pl.Float64, pl.Int64):
            wanted[i] = "float"
        elif dtype == pl.Date:
            wanted[i] = "date"
    if wanted:
        typed = pl.DataFrame(reader.load_sheet(sheet, header_row=None, skip_rows=0,
                                               dtypes=wanted))
        typed = typed.with_row_index(LINE, offset=1).select(
            pl.col(LINE).cast(pl.Int64),
            *(typed[cols[i]].cast(pl.String).alias(f"_t{i}") for i in wanted))
        df = df.join(typed, on=LINE, how="left", maintain_order="left").with_columns([
            pl.coalesce(pl.col(f"_t{i}"), pl.col(by_col[cols[i]])).alias(by_col[cols[i]])
            for i in wanted]).drop([f"_t{i}" for i in wanted])
    return RawFile(name, f"blad {sheet}", _clean(df, header), tuple(header), True)
