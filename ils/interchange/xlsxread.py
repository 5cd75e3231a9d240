"""Reading an .xlsx bundle: one sheet per file, sheet name = file name without `.csv`.

The workbook is a zip: its entry count and unpacked size are checked before anything is
unpacked, and every failure of the Excel reader becomes a Swedish error naming the sheet.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

import polars as pl

from ils.interchange.csvread import RawBundle, RawFile, clean, normalise, repeated_columns
from ils.interchange.errors import LINE, BundleError, thousands
from ils.interchange.limits import MIB
from ils.model import FILES


def _sheet_name(sheet: str) -> str | None:
    stem = sheet.strip().lower().removesuffix(".csv").strip()
    return stem if stem in FILES else None


def _fits(bundle: RawBundle, path: Path) -> bool:
    """Entry count and unpacked size of the workbook's zip within the limits."""
    limits = bundle.limits
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, EOFError, NotImplementedError):
        bundle.errors.append(BundleError(path.name, None, None,
                                         "filen kan inte läsas som Excel-arbetsbok (.xlsx)"))
        return False
    if len(infos) > limits.max_members:
        bundle.errors.append(BundleError(path.name, None, None, (
            f"arbetsboken har {thousands(len(infos))} delar (högst "
            f"{thousands(limits.max_members)}): det är inget dataunderlag")))
        return False
    size = sum(i.file_size for i in infos)
    if size > limits.max_bytes:
        bundle.errors.append(BundleError(path.name, None, None, (
            f"arbetsboken är för stor uppackad (över {thousands(limits.max_bytes // MIB)} MiB); "
            "dela upp den")))
        return False
    return True


def read_xlsx(bundle: RawBundle, path: Path) -> None:
    import fastexcel

    if not _fits(bundle, path):
        return
    label = path.name
    try:
        reader = fastexcel.read_excel(path.read_bytes())
        sheets = list(reader.sheet_names)
    except OSError:
        raise
    except Exception:  # not a workbook, or a damaged one (the reader has many error kinds)
        bundle.errors.append(BundleError(label, None, None,
                                         "filen kan inte läsas som Excel-arbetsbok (.xlsx)"))
        return
    seen: dict[str, str] = {}
    for sheet in sheets:
        name = _sheet_name(sheet)
        if name is None:
            bundle.notice(f"{label}, blad {sheet}: ignoreras (inget blad i formatet)")
            continue
        if name in seen:
            bundle.errors.append(BundleError(f"blad {sheet}", None, None, (
                f"bladet {name} finns mer än en gång (också som blad {seen[name]}); "
                "ta bort eller byt namn på det ena")))
            continue
        seen[name] = sheet
        try:
            raw = _read_sheet(bundle, reader, sheet, name)
        except Exception:  # a damaged sheet: the reader's errors are not ours to type
            bundle.errors.append(BundleError(f"blad {sheet}", None, None,
                                             "bladet kan inte läsas (skadad arbetsbok?)"))
            continue
        if raw is not None:
            bundle.files[name] = raw


def _read_sheet(bundle: RawBundle, reader, sheet: str, name: str) -> RawFile | None:
    """One sheet: text of every cell; numeric and date cells of typed columns in full precision."""
    label = f"blad {sheet}"
    n_rows = bundle.limits.max_rows + 2
    loaded = reader.load_sheet(sheet, header_row=None, skip_rows=0, dtypes="string",
                               n_rows=n_rows)
    if loaded.total_height >= n_rows:
        bundle.errors.append(BundleError(label, None, None, (
            f"bladet har fler än {thousands(bundle.limits.max_rows)} rader; dela upp det")))
        return None
    grid = pl.DataFrame(loaded)
    if grid.is_empty():
        return None
    grid = grid.with_row_index(LINE, offset=1)
    cols = grid.columns[1:]
    filled = grid.filter(pl.any_horizontal([pl.col(c).str.strip_chars() != "" for c in cols]))
    if filled.is_empty():
        return None
    header_line = filled[LINE][0]
    header_cells = filled.row(0)[1:]
    known = FILES[name].column_names
    bundle.errors.extend(repeated_columns(label, header_line, header_cells, known))
    names = normalise(header_cells)
    keep = [(c, h) for c, h in zip(cols, names, strict=False) if h in known]
    header = [h for _, h in keep]
    df = grid.filter(pl.col(LINE) > header_line).select(
        pl.col(LINE).cast(pl.Int64), *(pl.col(c).alias(h) for c, h in keep))
    schema = FILES[name].polars_schema
    by_col = dict(keep)
    wanted = {}
    for i, c in enumerate(cols):
        dtype = schema.get(by_col.get(c, ""))
        if dtype in (pl.Float64, pl.Int64):
            wanted[i] = "float"
        elif dtype == pl.Date:
            wanted[i] = "date"
    if wanted:
        # every column's type given: a column left to the reader's guess (an empty one) makes
        # it log an English warning that would reach the terminal
        dtypes = {i: wanted.get(i, "string") for i in range(len(cols))}
        typed = pl.DataFrame(reader.load_sheet(sheet, header_row=None, skip_rows=0,
                                               dtypes=dtypes, n_rows=n_rows))
        typed = typed.with_row_index(LINE, offset=1).select(
            pl.col(LINE).cast(pl.Int64),
            *(typed[cols[i]].cast(pl.String).alias(f"_t{i}") for i in wanted))
        df = df.join(typed, on=LINE, how="left", maintain_order="left").with_columns([
            pl.coalesce(pl.col(f"_t{i}"), pl.col(by_col[cols[i]])).alias(by_col[cols[i]])
            for i in wanted]).drop([f"_t{i}" for i in wanted])
    return RawFile(name, label, clean(df, header), tuple(names), True, int(header_line))
