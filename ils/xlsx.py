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


def cut_words(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters at a word boundary (never mid-word, unless a
    single word is longer than the limit)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit + 1]
    cut = head.rfind(" ")
    return (head[:cut] if cut > 0 else text[:limit]).rstrip(" –-,:;")


def _sheet_name(title: str) -> str:
    bad = '[]:*?/\\'
    name = "".join("-" if c in bad else c for c in title).strip().strip("'") or "Tabell"
    return cut_words(name, 31)


# A light's words (§3.7) → its fill and font colour in the sheet (text stays the carrier).
LIGHT_FILLS = (("Uppfyllt", "#D8F0DD", "#1A5E2A"), ("Delvis uppfyllt", "#FFF1C2", "#6B4A00"),
               ("Ej uppfyllt", "#F9D5D5", "#8E1B1B"), ("Utfall saknas", "#E9ECEF", "#3D4349"),
               ("Ej målsatt", "#E9ECEF", "#3D4349"), ("Inga indikatorer", "#F4F5F6", "#3D4349"))
LIGHT_WORDS = {w for w, _, _ in LIGHT_FILLS}
MAX_WIDTH = 60
MIN_WIDTH = 6
PROSE_WIDTH = 40  # a column of free text ("prose": notes, decisions) even when still empty


def _light_columns(frame: pl.DataFrame) -> list[int]:
    """Columns whose every non-empty cell is a light's words (perhaps "(prognos)" after it)."""
    out = []
    for i, (c, t) in enumerate(frame.schema.items()):
        if t != pl.String:
            continue
        vals = frame[c].drop_nulls().str.replace(r" \(prognos\)$", "").unique().to_list()
        if vals and set(vals) <= LIGHT_WORDS:
            out.append(i)
    return out


def _widths(frame: pl.DataFrame, formats: dict[str, str]) -> list[float]:
    """Column widths fitted to the heading's longest word and the cells (capped)."""
    out = []
    for c, t in frame.schema.items():
        head = max((len(w) for w in c.split()), default=4) + 2
        if t == pl.String:
            longest = frame[c].str.len_chars().max() or 0
        else:
            longest = max((len(f"{v:,.1f}") for v in frame[c].drop_nulls().to_list()), default=0)
            longest += 2 if formats.get(c) == "percent" else 0
        low = PROSE_WIDTH if formats.get(c) == "prose" else MIN_WIDTH
        out.append(float(max(low, min(MAX_WIDTH, max(head, longest + 2)))))
    return out


def to_xlsx(frame: pl.DataFrame, title: str, label: str, facts: list[tuple[str, str]],
            formats: dict[str, str] | None = None) -> bytes:
    """The workbook's bytes. `facts`: (what, value) lines above the table, e.g.
    ("År", "2022"); `formats`: column → "percent" | "decimal" | "integer" (other number
    columns keep Excel's general format, still as numbers).

    The title block above the table never sets a column's width (its cells are left to
    overflow); the table's columns are fitted to their content, its header row is frozen and
    filterable, and a light is its words with a fill colour."""
    formats = formats or {}
    text_cols = [c for c, t in frame.schema.items() if t == pl.String]
    frame = frame.with_columns([pl.col(c).str.slice(0, MAX_CELL) for c in text_cols])
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, WORKBOOK_OPTIONS)
    ws = wb.add_worksheet(_sheet_name(title))
    ws.write_string(0, 0, title, wb.add_format({"bold": True, "font_size": 13}))
    ws.write_string(1, 0, label, wb.add_format({"italic": True}))
    row = 2
    bold = wb.add_format({"bold": True})
    for what, value in facts:
        ws.write_string(row, 0, f"{what}:", bold)
        ws.write_string(row, 1, str(value))
        row += 1
    header = row + 1
    col_formats = {c: NUMBER_FORMATS[f] for c, f in formats.items()
                   if c in frame.columns and f in NUMBER_FORMATS}
    if frame.width:
        frame.write_excel(workbook=wb, worksheet=ws, position=(header, 0),
                          column_formats=col_formats or None, autofit=False, autofilter=True,
                          table_style="Table Style Light 1", float_precision=2,
                          header_format={"bold": True, "text_wrap": True, "valign": "top"})
        wrap = wb.add_format({"text_wrap": True, "valign": "top"})
        for i, width in enumerate(_widths(frame, formats)):
            wide = frame.schema[frame.columns[i]] == pl.String and (
                width >= MAX_WIDTH or formats.get(frame.columns[i]) == "prose")
            ws.set_column(i, i, width, wrap if wide else None)
        last = header + max(frame.height, 1)
        for i in _light_columns(frame):
            for words, fill, font in LIGHT_FILLS:
                ws.conditional_format(header + 1, i, last, i, {
                    "type": "text", "criteria": "begins with", "value": words,
                    "format": wb.add_format({"bg_color": fill, "font_color": font})})
        ws.freeze_panes(header + 1, 0)
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
