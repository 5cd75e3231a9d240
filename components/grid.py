"""A long table as an AG Grid (dash-ag-grid), from the same `components.table.Table` declaration
that gives its Excel/CSV sheet: virtualised rows (only the rows in view are in the DOM),
sorting and per-column filters in the grid, the first column pinned.

The grid's column filters are part of "the rows the user sees": the grid reports its
`filterModel`, and `keep(table, rows, model)` applies the same filters on the server (to count
the rows and to export them), `describe` says them in Swedish for the sheet. To keep the two in
step the grid offers only the conditions `keep` implements (one condition per column).

Accessibility: the grid element gets its accessible name from `label` (assets/grid.js copies
the wrapper's `data-grid-label` to the element with role grid/treegrid); AG Grid's own texts,
also those only screen readers hear, are Swedish (`LOCALE`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import dash_ag_grid as dag
from dash import ClientsideFunction, dcc, html

from components.table import Row, Table

TEXT_OPTIONS = ("contains", "notContains", "equals", "startsWith")
NUMBER_OPTIONS = ("equals", "greaterThanOrEqual", "lessThanOrEqual")
MIN_WIDTH = 90  # px: no column narrower (the grid scrolls sideways instead)
SHARE_PX = 100  # px per share of the free width, before fitting
PINNED_PX = 200  # px: the pinned first column, unless given in pixels
LIGHT_PX = 250  # px: a light column, wide enough for 'Delvis uppfyllt (prognos)'
WORDS = {"contains": "innehåller", "notContains": "innehåller inte", "equals": "är",
         "startsWith": "börjar med", "greaterThanOrEqual": "minst", "lessThanOrEqual": "högst"}
LOCALE = {
    "filterOoo": "Filtrera …", "equals": "Är lika med", "contains": "Innehåller",
    "notContains": "Innehåller inte", "startsWith": "Börjar med",
    "greaterThanOrEqual": "Större än eller lika med", "lessThanOrEqual": "Mindre än eller lika med",
    "applyFilter": "Använd", "resetFilter": "Återställ", "clearFilter": "Rensa",
    "cancelFilter": "Avbryt", "noRowsToShow": "Inga rader att visa", "loadingOoo": "Laddar …",
    "andCondition": "OCH", "orCondition": "ELLER",
    "ariaFilterInput": "Filterfält", "ariaFilterValue": "Filtervärde",
    "ariaFilteringOperator": "Filtervillkor",
    "ariaFilterColumn": "Tryck Ctrl Enter för att filtrera",
    "ariaFilterMenuOpen": "Öppna filtermenyn", "ariaLabelColumnFilter": "Kolumnfilter",
    "ariaLabelColumnMenu": "Kolumnmeny", "ariaColumnFiltered": "Kolumnen är filtrerad",
    "ariaSortableColumn": "Tryck Enter för att sortera", "ariaMenuColumn":
    "Tryck Alt pil ned för att öppna kolumnmenyn", "ariaLabelTooltip": "Inforuta",
    "ariaSkeletonCellLoading": "Raden laddas", "ariaChecked": "markerad",
    "ariaUnchecked": "inte markerad", "ariaIndeterminate": "delvis markerad",
}


def field(i: int) -> str:
    """The grid's field of the table's i-th screen column (headings may hold any character)."""
    return f"c{i}"


def column_defs(table: Table) -> list[dict]:
    """One column definition per screen column: heading, numeric alignment and filter, the
    first column pinned to the left."""
    defs = []
    for i, col in enumerate(table.screen_columns()):
        d: dict[str, Any] = {"field": field(i), "headerName": col.heading, "sortable": True}
        if col.numeric:
            d.update(type="rightAligned", filter="agNumberColumnFilter",
                     filterParams={"filterOptions": list(NUMBER_OPTIONS), "maxNumConditions": 1})
        else:
            d.update(filter="agTextColumnFilter",
                     filterParams={"filterOptions": list(TEXT_OPTIONS), "maxNumConditions": 1})
        if i == 0:
            d.update(pinned="left", lockPinned=True)
        defs.append(d)
    return defs


def row_data(table: Table, rows: Iterable[Row]) -> list[dict]:
    """The grid's rows: each screen column's plain value (what the sheet gets too)."""
    cols = table.screen_columns()
    return [{field(i): c.get(r) for i, c in enumerate(cols)} for r in rows]


def phone_card(table: Table, title: str, head: tuple[str, ...], main: str) -> list[dict]:
    """The grid's columns on a phone: one column of cards, each row as a small card – the
    `head` columns' values on one line ("Indikator · 2022 · 1.1"), then the `main` column's
    text, then every other column as "Heading: value" (assets/grid_card.js draws it). Sorting
    and filtering are left to the page's own filters above the grid."""
    cols = table.screen_columns()
    at = {c.heading: field(i) for i, c in enumerate(cols)}
    missing = [h for h in (*head, main) if h not in at]
    if missing:
        raise ValueError(f"{table.name}: no column {missing}")
    rest = [{"field": at[c.heading], "label": c.heading} for c in cols
            if c.heading not in (*head, main)]
    return [{"field": at[main], "colId": "kort", "headerName": title, "cellRenderer": "KrCard",
             "cellRendererParams": {"head": [at[h] for h in head], "rest": rest},
             "wrapText": True, "autoHeight": True, "sortable": False, "filter": False,
             "floatingFilter": False, "resizable": False, "minWidth": MIN_WIDTH}]


def grid(grid_id: str, table: Table, label: str, *, height: int = 520,
         widths: dict[str, int] | None = None, px: dict[str, int] | None = None,
         wrap: tuple[str, ...] = (), phone: list[dict] | None = None) -> html.Div:
    """An empty grid for `table` (a callback fills `rowData`); `label` is its accessible name.
    `widths`: heading → share of the free width (1 if not given); `px`: heading → fixed width
    in pixels; `wrap`: headings whose long texts wrap (taller rows).

    The columns are fitted to the grid's width by dash-ag-grid (`responsiveSizeToFit`: on the
    first rows and on every resize), never narrower than `MIN_WIDTH` (the grid then scrolls
    sideways). AG Grid's own `flex` is not used: when the rows arrived before the grid was
    drawn – on about one load in three – it left every flex column at its default 200 px, at
    any screen width (issue 21).

    `phone` (from `phone_card`): the columns below 576 px, swapped in by the browser
    (`phone_columns_id(grid_id)` holds them; the page registers `PHONE_SWAP` for its grid)."""
    defs = column_defs(table)
    for d in defs:
        share = (widths or {}).get(d["headerName"], 1)
        d.update(width=SHARE_PX * share, minWidth=MIN_WIDTH)
        if d.get("pinned") or (px and d["headerName"] in px):
            # fixed: the pinned first column (fitted, it took a third of a wide screen and
            # 90 px of a phone's) and the columns given in pixels
            fixed = (px or {}).get(d["headerName"], PINNED_PX)
            d.update(width=fixed, minWidth=min(fixed, PINNED_PX), suppressSizeToFit=True)
        if d["headerName"] in wrap:
            d.update(wrapText=True, autoHeight=True)
    return html.Div([dag.AgGrid(
        id=grid_id, columnDefs=defs, rowData=[],
        columnSize="responsiveSizeToFit",
        columnSizeOptions={"defaultMinWidth": MIN_WIDTH},
        defaultColDef={"resizable": True, "floatingFilter": True,
                       "suppressHeaderMenuButton": True},
        dashGridOptions={"localeText": LOCALE, "animateRows": False, "rowBuffer": 10,
                         "enableCellTextSelection": True, "ensureDomOrder": True,
                         # every column rendered: at 320 px a virtualised header row had no
                         # cells (axe aria-required-children) – issue 21
                         "suppressColumnVirtualisation": True},
        className="ag-theme-alpine kr-grid", style={"height": f"{height}px", "width": "100%"},
    ), *([dcc.Store(id=phone_columns_id(grid_id), data=phone)] if phone else [])],
        className="kr-grid-wrap", **{"data-grid-label": label})


def phone_columns_id(grid_id: str) -> str:
    return f"{grid_id}-phone-columns"


# the clientside function that gives a grid its phone columns below 576 px (assets/grid_card.js)
PHONE_SWAP = ClientsideFunction(namespace="kr_grid", function_name="phoneColumns")


def _condition(model: Any) -> tuple[str, Any] | None:
    if not isinstance(model, dict) or model.get("type") not in WORDS:
        return None
    kind = model.get("filterType")
    if kind == "text" and isinstance(model.get("filter"), str) and model["type"] in TEXT_OPTIONS:
        return model["type"], model["filter"].lower()
    if kind == "number" and isinstance(model.get("filter"), (int, float)) \
            and model["type"] in NUMBER_OPTIONS:
        return model["type"], model["filter"]
    return None


def _matches(value: Any, op: str, want: Any) -> bool:
    if isinstance(want, str):  # as AG Grid's text filter: case-insensitive, blanks never match
        have = "" if value is None else str(value).lower()
        return {"contains": want in have, "notContains": want not in have,
                "equals": have == want, "startsWith": have.startswith(want)}[op]
    if value is None:
        return False
    return {"equals": value == want, "greaterThanOrEqual": value >= want,
            "lessThanOrEqual": value <= want}[op]


def conditions(table: Table, model: Any) -> list[tuple[int, str, Any]]:
    """The usable conditions of a grid's `filterModel` (column index, operator, value); any
    other entry (unknown column, condition or shape) is left out."""
    if isinstance(model, str):
        try:
            model = json.loads(model)
        except ValueError:
            return []
    if not isinstance(model, dict):
        return []
    n = len(table.screen_columns())
    out = []
    for key, m in model.items():
        idx = int(key[1:]) if isinstance(key, str) and key[:1] == "c" and key[1:].isdigit() \
            else -1
        cond = _condition(m)
        if 0 <= idx < n and cond is not None:
            out.append((idx, *cond))
    return out


def keep(table: Table, rows: list[Row], model: Any) -> list[Row]:
    """The rows the grid shows under `model` (its `filterModel`, or that as JSON)."""
    conds = conditions(table, model)
    if not conds:
        return rows
    cols = table.screen_columns()
    return [r for r in rows if all(_matches(cols[i].get(r), op, want) for i, op, want in conds)]


def describe(table: Table, model: Any) -> str:
    """The grid's filters in words ("Text innehåller ”skola”; År minst 2021"), "" for none."""
    cols = table.screen_columns()
    return "; ".join(f"{cols[i].heading} {WORDS[op]} ”{want}”"
                     for i, op, want in conditions(table, model))
