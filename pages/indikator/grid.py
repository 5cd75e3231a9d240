"""The departments' and units' values as a data grid (dash-ag-grid: virtualised rows, sorting,
filtering, the org column pinned) from the same `VALUES` declaration as the table and the
sheet; it is built when its fold is first opened (`components.fold`)."""

from __future__ import annotations

import polars as pl
from dash import html

from components.grid import LIGHT_PX, field, grid
from components.navigation import org_href
from ils.labels import fmt_value
from pages.indikator.tables import VALUES, trend_href

ROW_PX, CHROME_PX, MAX_PX = 34, 110, 560


def grid_rows(rows: pl.DataFrame, env: dict) -> list[dict]:
    """The grid's rows: each column's plain value (what sorting and filters use) and what a
    cell shows (Swedish numbers with the unit, links, lights)."""
    cols = VALUES.screen_columns()
    out = []
    for r in rows.iter_rows(named=True):
        item: dict = {}
        for i, c in enumerate(cols):
            f = field(i)
            item[f] = c.get(r)
            if c.heading == "Organisation":
                item[f + "_href"] = org_href(r["level"], r["org_id"], env["query"])
            elif c.heading == "Ljus":
                item[f + "_light"] = r["light"]
                item[f + "_forecast"] = r["basis"] == "prognos"
            elif c.heading == "Utveckling":
                item[f + "_href"] = trend_href(r, env)
                item[f + "_sr"] = f" utveckling för {r['name']}"
            elif c.numeric:
                item[f + "_t"] = fmt_value(item[f], r["unit"])
        out.append(item)
    return out


def units_grid(rows: pl.DataFrame, env: dict, label: str) -> html.Div:
    """The grid of `rows` (departments and units) named `label` for screen readers."""
    height = min(MAX_PX, CHROME_PX + ROW_PX * max(len(rows), 1))
    wrap = grid("indicator-grid-units", VALUES, label, height=height,
                widths={"Organisation": 3, "Utveckling": 1}, wrap=("Organisation",))
    ag = wrap.children[0]
    for i, (d, c) in enumerate(zip(ag.columnDefs, VALUES.screen_columns(), strict=False)):
        f = field(i)
        if c.heading in ("Organisation", "Utveckling"):
            d["cellRenderer"] = "KrLink"
        elif c.heading == "Ljus":
            d.update(cellRenderer="KrLight", minWidth=LIGHT_PX)
        elif c.numeric:
            d["valueFormatter"] = {"function": f"params.data ? params.data.{f}_t : ''"}
        if c.heading == "Utveckling":
            d.update(sortable=False, filter=False)
    ag.rowData = grid_rows(rows, env)
    return wrap
