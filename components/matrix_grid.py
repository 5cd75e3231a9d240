"""The board × goal matrices (/jamforelse's pair per board and goal, the start page's light per
board and goal) as data grids (dash-ag-grid): the answer carries codes per cell, not a tree of
components, and the browser draws only the rows in view (issue 20).

The cells are drawn by assets/matrix_grid.js (`KrMatrixBoard`, `KrPair`, `KrGoalLight`) as
components/lights.py draws a compact light: the shape, and its words as the accessible name and
tooltip (never colour alone), hollow for a forecast. Every word comes from here, from
`ils.labels` (one vocabulary), once per grid: `dashGridOptions["context"]["words"]`.

Keyboard: one tab stop (the grid); arrows move between cells, Enter follows a cell's link, Tab
leaves the grid. The board column is pinned to the left, so on a phone the names stay while
the goals scroll sideways inside the grid, never the page.
"""

from __future__ import annotations

import dash_ag_grid as dag
from dash import html

from components.comparison_parts import gap_text
from components.grid import LOCALE
from ils.labels import (
    ASSESSMENT_LABEL,
    LIGHT_LABEL,
    STATE_LABEL,
    gap_label,
    light_label,
    state_label,
)

ROW_PX, HEAD_PX, MAX_PX = 38, 52, 640
GAPS = (-2, -1, 0, 1, 2)


def board_column(query: str, *, width: int = 210) -> dict:
    """The pinned column of board names, each a link to the board's page."""
    return {"field": "n", "headerName": "Nämnd", "pinned": "left", "lockPinned": True,
            "width": width, "cellRenderer": "KrMatrixBoard",
            "cellRendererParams": {"query": query}, "wrapText": True, "autoHeight": True,
            "cellClass": "kr-matrix-name"}


def kind_column() -> dict:
    return {"field": "k", "headerName": "Typ", "width": 160, "cellClass": "small"}


def goal_header(vom: dict) -> dict:
    """A goal column's heading: its code, with the full name as tooltip."""
    code = vom["code"] or vom["id"]
    return {"headerName": code, "headerTooltip": f"{code} {vom['title']}",
            "headerClass": "kr-matrix-goal", "cellClass": "kr-matrix-cell"}


def pair_words() -> dict:
    """The words of /jamforelse's cells (`pages.jamforelse.parts.pair`), per code."""
    keys = [*map(str, GAPS), "none"]
    gaps = {k: None if k == "none" else int(k) for k in keys}
    return {
        "a": {a: f"Självskattning: {w}" for a, w in ASSESSMENT_LABEL.items()},
        "l": {lt: f"Beräknat: {light_label(lt)}" for lt in LIGHT_LABEL},
        "none": "Ingen självskattning",
        "empty": "Inga indikatorer och ingen självskattning",
        "gap": {k: gap_label(g) for k, g in gaps.items()},
        "gapName": {k: gap_label(g) + ("" if g is None else f" ({gap_text(g)})")
                    for k, g in gaps.items()},
        "gapText": {k: gap_text(g) for k, g in gaps.items()},
        "gapClass": {k: "kr-gap badge " + ("text-bg-warning" if g and g > 0 else
                                           "text-bg-info" if g and g < 0 else
                                           "text-bg-light border" if g == 0 else "text-muted")
                     for k, g in gaps.items()},
    }


def light_words() -> dict:
    """The words of the start page's cells (`pages.start.tables._vom_cell`): the label reads
    "{board}, mål {code}: {state} – {indicator counts}[; nämnden bedömer …]"."""
    return {
        "cell": "{name}, mål {code}: ",
        "dash": " – ",
        "state": {s: state_label(s) for s in STATE_LABEL},
        "stateForecast": {s: state_label(s, "prognos") for s in STATE_LABEL},
        "none": state_label(None),
        "positive": "; nämnden bedömer målet mer positivt än indikatorerna",
        # ils.labels.indicator_counts
        "counts": {"ind": ["indikator", "indikatorer"], "g": ["uppfylld", "uppfyllda"],
                   "y": ["delvis uppfylld", "delvis uppfyllda"],
                   "r": ["ej uppfylld", "ej uppfyllda"], "miss": "utan utfall",
                   "fc": "; {n} av {total} på prognos"},
    }


def matrix_grid(grid_id: str, label: str, column_defs: list[dict], rows: list[dict], *,
                words: dict, bottom: list[dict] | None = None,
                wrap_id: str | None = None) -> html.Div:
    """A matrix grid named `label` for screen readers; `words`: the cells' words (once, in
    the grid's context); `bottom`: summary rows pinned below."""
    n = len(rows) + len(bottom or [])
    height = min(MAX_PX, HEAD_PX + ROW_PX * max(n, 1) + 4)
    options = {"localeText": LOCALE, "animateRows": False, "ensureDomOrder": True,
               "suppressColumnVirtualisation": True, "enableBrowserTooltips": True,
               "rowHeight": ROW_PX, "headerHeight": HEAD_PX - 12,
               "tabToNextCell": {"function": "KrTabOut(params)"},
               "tabToNextHeader": {"function": "KrTabOut(params)"},
               "context": {"words": words}}
    if bottom:
        options["pinnedBottomRowData"] = bottom
    grid = dag.AgGrid(
        id=grid_id, columnDefs=column_defs, rowData=rows,
        defaultColDef={"sortable": True, "resizable": True, "suppressHeaderMenuButton": True,
                       "wrapHeaderText": True, "autoHeaderHeight": True,
                       "suppressKeyboardEvent": {"function": "KrFollowLink(params)"}},
        dashGridOptions=options, className="ag-theme-alpine kr-grid kr-matrix-grid",
        style={"height": f"{height}px", "width": "100%"})
    extra = {"id": wrap_id} if wrap_id else {}
    return html.Div(grid, className="kr-grid-wrap", **{"data-grid-label": label}, **extra)
