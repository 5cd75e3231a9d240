"""A table as an Excel workbook (xlsxwriter through polars) or a Swedish CSV file. Pure.

The sheet: the title (bold), the data label (demo or source), one line per fact (year,
period, filters, date), an empty row, then the table with its headings as given (the callers
give Swedish ones), numbers as number cells with the formats asked for.

User text is never live: in a workbook every string is a string cell (never a formula or a
link, whatever it starts with); in CSV a text cell starting with =, +, -, @, tab or CR gets a
leading apostrophe (OWASP's advice against CSV injection). Numbers stay numbers.
"""

from __future__ import annotations

import io

import polars as pl
import xlsxwriter

NUMBER_FORMATS = {
    "percent": "0.0 %",  # a share 0..1 shown as 79.5 % (Excel applies the reader's separators)
    "decimal": "#,##0.0",
    "integer": "#,##0",
}
MAX_CELL = 32_000  # Excel holds at most 32 767 characters in a cell
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# xlsxwriter turns strings starting with "=" into formulas and "http://…" into links unless told
WORKBOOK_OPTIONS = {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False,
                    "strings_to_numbers": False}


def inert(text: str) -> str:
    """A text cell spreadsheet programs will not run: a leading apostrophe where needed."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _sheet_name(title: str) -> str:
    bad = '[]:*?/\\'
    name = "".join("-" if c in bad else c for c in title).strip() or "Tabell"
    return name[:31]


def to_xlsx(frame: pl.DataFrame, title: str, label: str, facts: list[tuple[str, str]],
            formats: dict[str, str] | None = None) -> bytes:
    """The workbook's bytes. `facts`: (what, value) lines above the table, e.g.
    ("År", "2022"); `formats`: column → "percent" | "decimal" | "integer" (other number
    columns keep Excel's general format, still as numbers)."""
    formats = formats or {}
    text_cols = [c for c, t in frame.schema.items() if t == pl.String]
    frame = frame.with_columns([pl.col(c).str.slice(0, MAX_CELL) for c in text_cols])
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, WORKBOOK_OPTIONS)
    ws = wb.add_worksheet(_sheet_name(title))
    bold = wb.add_format({"bold": True, "font_size": 13})
    ws.write_string(0, 0, title, bold)
    ws.write_string(1, 0, label, wb.add_format({"italic": True}))
    row = 2
    for what, value in facts:
        ws.write_string(row, 0, f"{what}:", wb.add_format({"bold": True}))
        ws.write_string(row, 1, str(value))
        row += 1
    col_formats = {c: NUMBER_FORMATS[f] for c, f in formats.items()
                   if c in frame.columns and f in NUMBER_FORMATS}
    if frame.width:
        frame.write_excel(workbook=wb, worksheet=ws, position=(row + 1, 0),
                          column_formats=col_formats or None, autofit=True,
                          table_style="Table Style Light 1", float_precision=2,
                          header_format={"bold": True, "text_wrap": True})
        wide = [c for c in text_cols if c in frame.columns]
        for i, c in enumerate(frame.columns):
            if c in wide and frame[c].str.len_chars().max() and frame[c].str.len_chars().max() > 60:
                ws.set_column(i, i, 60, wb.add_format({"text_wrap": True,
                                                       "valign": "top"}))
    wb.close()
    return buf.getvalue()


def to_csv(frame: pl.DataFrame) -> bytes:
    """CSV as Swedish Excel opens it: UTF-8 with BOM, semicolons, decimal commas; text cells
    (and headings) that a spreadsheet would take as a formula are made inert."""
    pattern = "^[=+\\-@\t\r]"
    text = [c for c, t in frame.schema.items() if t in (pl.String, pl.Categorical, pl.Enum)]
    frame = frame.with_columns([pl.col(c).cast(pl.String) for c in text]).with_columns([
        pl.when(pl.col(c).str.contains(pattern)).then(pl.lit("'") + pl.col(c))
        .otherwise(pl.col(c)).alias(c) for c in text])
    frame = frame.rename({c: inert(c) for c in frame.columns if inert(c) != c})
    return ("\ufeff" + frame.write_csv(separator=";", decimal_comma=True)).encode("utf-8")
