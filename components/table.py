"""A table's columns declared once, rendered both on screen and as an Excel/CSV sheet.

A view's `tables.py` declares each of its tables as a `Table` of `Col`s. The same rows (a
list of dicts, or a polars frame) then give the on-screen HTML table (`Table.html`) and the
downloaded sheet (`Table.frame` → `Table.export`), the way one set of rows gives datasette its
HTML, CSV and JSON. A column says once: its heading, the value of a row (what Excel gets: a
number stays a number), its kind (the Excel type and number format, and right alignment on
screen), and optionally how the screen cell looks (`cell`: a light badge, a link) and its
accessible text. Nothing else in a view lists the columns again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from components.export import ExportTable
from ils.labels import fmt_number

# kind → (polars dtype of the sheet column, Excel number format or None)
KINDS: dict[str, tuple[pl.DataType, str | None]] = {
    "text": (pl.String, None),
    "number": (pl.Float64, None),  # general number format
    "decimal": (pl.Float64, "decimal"),  # one decimal
    "percent": (pl.Float64, "percent"),  # a share 0..1 shown as 79,5 %
    "integer": (pl.Int64, "integer"),
    "prose": (pl.String, "prose"),  # free text people write (notes, decisions): wide, wrapped
}
Row = dict[str, Any]


def _key(name: str) -> Callable[[Row], Any]:
    return lambda r: r.get(name)


@dataclass(frozen=True)
class Col:
    """One column: `heading` (screen and sheet), `value(row)` (the sheet cell; also the
    screen text unless `cell` is given), `kind` (see KINDS), `cell(row, env)` (the screen
    cell's content), `th` (the row's header cell on screen), `screen`/`sheet` (shown where)."""

    heading: str
    value: Callable[[Row], Any] | str
    kind: str = "text"
    cell: Callable[[Row, dict], Any] | None = None
    th: bool = False
    screen: bool = True
    sheet: bool = True
    decimals: int = 1

    def get(self, row: Row) -> Any:
        return row.get(self.value) if isinstance(self.value, str) else self.value(row)

    @property
    def numeric(self) -> bool:
        return self.kind not in ("text", "prose")

    def text(self, row: Row) -> Any:
        """The screen text of the plain value (Swedish number formats)."""
        v = self.get(row)
        if v is None:
            return "–"
        if self.kind == "percent":
            return fmt_number(100 * v, self.decimals) + " %"
        if self.kind == "integer":
            return fmt_number(v, 0)
        if self.kind in ("number", "decimal"):
            return fmt_number(v, self.decimals)
        return v


@dataclass(frozen=True)
class Table:
    """A table of a view: its name (the download's name), its columns, and an empty text."""

    name: str
    columns: tuple[Col, ...]
    empty: str = "Inga rader att visa."
    sheet_columns: tuple[Col, ...] = field(default=(), repr=False)

    def screen_columns(self) -> list[Col]:
        return [c for c in self.columns if c.screen]

    def export_columns(self) -> list[Col]:
        return [c for c in self.columns if c.sheet]

    # --- the sheet --------------------------------------------------------------------------
    def frame(self, rows: Iterable[Row] | pl.DataFrame) -> pl.DataFrame:
        """The sheet: Swedish headings, one column per exported `Col`, typed by its kind."""
        rows = _rows(rows)
        cols = self.export_columns()
        data = {c.heading: _rounded(c, pl.Series(c.heading, [c.get(r) for r in rows],
                                                 dtype=KINDS[c.kind][0], strict=False))
                for c in cols}
        return pl.DataFrame(data) if data else pl.DataFrame()

    def formats(self) -> dict[str, str]:
        return {c.heading: KINDS[c.kind][1] for c in self.export_columns() if KINDS[c.kind][1]}

    def export(self, rows: Iterable[Row] | pl.DataFrame, title: str,
               filters: dict[str, str] | None = None, kolada: bool = False) -> ExportTable:
        return ExportTable(title, self.frame(rows), dict(filters or {}), self.formats(),
                           kolada=kolada)

    # --- the screen -------------------------------------------------------------------------
    def html(self, rows: Iterable[Row] | pl.DataFrame, env: dict | None = None, *,
             caption: str | None = None, table_id: str | None = None,
             head: list | None = None) -> html.Div:
        """The on-screen table (a semantic, responsive HTML table) of the same rows. `env`
        is passed to the columns' `cell` renderers (e.g. the query string for links);
        `head` replaces the header cells (e.g. sortable headings), one per screen column."""
        rows = _rows(rows)
        if not rows:
            return html.P(self.empty, className="text-muted small mb-0")
        env = env or {}
        cols = self.screen_columns()
        heads = head or [html.Th(c.heading, scope="col",
                                 className="text-end" if c.numeric else None) for c in cols]
        body = [html.Tr([_cell(c, r, env) for c in cols]) for r in rows]
        # below 576 px each row becomes a card (assets/kontrollrum.css: .kr-stack), every
        # cell under its column's heading, so no light's words are cut off; wider, a table
        # that still scrolls sideways is a named region the keyboard can reach (axe
        # scrollable-region-focusable)
        return html.Div(dbc.Table([
            html.Caption(caption, className="visually-hidden") if caption else None,
            html.Thead(html.Tr(heads)), html.Tbody(body)],
            size="sm", hover=True, className="kr-table kr-stack mb-0",
            **({"id": table_id} if table_id else {})),
            className="table-responsive", tabIndex="0", role="region",
            **{"aria-label": caption or self.empty_label()})

    def empty_label(self) -> str:
        """The scroll box's name when the table has no caption: its columns."""
        return "Tabell: " + ", ".join(c.heading for c in self.screen_columns()[:3])


def _rounded(col: Col, series: pl.Series) -> pl.Series:
    """Numbers in the sheet rounded as the screen shows them (a share keeps two more digits)."""
    if col.kind in ("number", "decimal"):
        return series.round(col.decimals)
    if col.kind == "percent":
        return series.round(col.decimals + 2)
    return series


def _cell(col: Col, row: Row, env: dict):
    content = col.cell(row, env) if col.cell else col.text(row)
    cls = "text-end text-nowrap" if col.numeric else None
    if col.th:
        return html.Th(content, scope="row", className=cls, **{"data-label": col.heading})
    return html.Td(content, className=cls, **{"data-label": col.heading})


def _rows(rows: Iterable[Row] | pl.DataFrame) -> list[Row]:
    if isinstance(rows, pl.DataFrame):
        return rows.to_dicts()
    return list(rows)
