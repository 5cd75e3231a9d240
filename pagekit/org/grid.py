"""A department's long indicator tables (a VOM's indicators of every unit below it: up to
hundreds of rows) as a sortable, filterable grid (`components/grid.py`, dash-ag-grid:
virtualised rows, the indicator column pinned) from the same declaration as the small
semantic tables (`tables.SUBTREE_INDICATORS`). Short ones stay semantic tables. On paper a
grid cannot fit A4 (nor show rows out of view): the same rows go along as a semantic table
shown only in print (`kr-print-only`; the fold is built when opened, so this costs nothing
until then)."""

from __future__ import annotations

import polars as pl
from dash import html

from components.grid import LIGHT_PX, field, grid
from pagekit.org.tables import SUBTREE_INDICATORS

GRID_FROM = 25  # rows; fewer read (and print) better as a plain table
ROW_PX, CHROME_PX, MAX_PX = 34, 110, 560


def grid_rows(ind: pl.DataFrame, query: str) -> list[dict]:
    """Each screen column's plain value (what sorting and filters use) and what a cell shows
    (the indicator's link, the light, Swedish numbers with the unit)."""
    cols = SUBTREE_INDICATORS.screen_columns()
    out = []
    for r in ind.iter_rows(named=True):
        item: dict = {}
        for i, c in enumerate(cols):
            f = field(i)
            item[f] = c.get(r)
            if c.heading == "Indikator":
                item[f + "_href"] = f"/indikator/{r['indicator_id']}{query}"
            elif c.heading == "Ljus":
                item[f + "_light"] = r["light"]
                item[f + "_forecast"] = r["basis"] == "prognos"
            elif c.heading == "Rapporterat" and r["fulfilled_without_outcome"]:
                item[f] = f"{item[f]} – utan utfall"
            elif c.numeric:
                item[f + "_t"] = c.cell(r, {}) if c.cell else c.text(r)
        out.append(item)
    return out


def indicator_grid(ind: pl.DataFrame, query: str, grid_id: str, caption: str):
    """`ind` (rows of `OrgData.indicators`) as the semantic table, or as a grid when long;
    `caption` names it for screen readers either way."""
    if len(ind) < GRID_FROM:
        return SUBTREE_INDICATORS.html(ind, {"query": query}, caption=caption)
    height = min(MAX_PX, CHROME_PX + ROW_PX * len(ind))
    wrap = grid(grid_id, SUBTREE_INDICATORS, caption, height=height,
                widths={"Organisation": 2, "Ljus": 2, "Rapporterat": 2},
                wrap=("Indikator", "Organisation"))
    ag = wrap.children[0]
    for i, (d, c) in enumerate(zip(ag.columnDefs, SUBTREE_INDICATORS.screen_columns(), strict=False)):
        if c.heading == "Indikator":
            d.update(cellRenderer="KrLink", width=280)  # pinned: a fixed width
        elif c.heading == "Beslutad av":
            d["minWidth"] = 120
        elif c.heading == "Ljus":
            d.update(cellRenderer="KrLight", minWidth=LIGHT_PX)
        elif c.numeric:
            d["valueFormatter"] = {"function": f"params.data ? params.data.{field(i)}_t : ''"}
    ag.rowData = grid_rows(ind, query)
    ag.className += " kr-wrap-grid"
    wrap.className += " d-print-none"
    return html.Div([html.P(f"{len(ind)} indikatorljus. Sortera genom att klicka på en "
                            "kolumnrubrik; filtrera i fältet under den.",
                            className="small text-muted mb-1 d-print-none"), wrap,
                     html.Div(SUBTREE_INDICATORS.html(ind, {"query": query}, caption=caption),
                              className="kr-print-only")])
