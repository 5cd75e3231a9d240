"""Sections of /styrsignaler: the trend over the years, the boards side by side, the density
per VOM (each chart with its table beside it, the chart's text alternative), from the frames
of `data.py` and the tables of `tables.py`."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl
from dash import dcc, html

from components import fold
from components.charts import BOARDS_MAX, FONT, _layout, graph
from ils.labels import GROUP_LABEL
from ils.signals import SIGNAL_TYPES
from pages.styrsignaler.tables import (
    BOARD_GROUPS,
    BOARD_TABLE,
    GOAL_TABLE,
    SORT_COLUMN,
    TREND_TABLE,
    TYPE_LABEL,
    board_rows,
    board_sort,
    count,
)

TYPE_COLOUR = {"verksamhetsomradesmal": "#6f42c1", "indikator": "#0a58ca",
               "aktivitet": "#b35900", "direktiv_och_uppdrag": "#495057"}
TYPE_PATTERN = {"verksamhetsomradesmal": "", "indikator": "/", "aktivitet": "x",
                "direktiv_och_uppdrag": "."}
BOARD_SORT_NOTE = {"namn": "namn", "budget": "styrsignaler från budgeten, flest först",
                   "egna": "egna styrsignaler, flest först", "totalt": "sammanlagt, flest först"}


def stacked_bars(categories: Sequence[str], series: dict[str, Sequence[int]], *,
                 horizontal: bool = False, value_title: str = "Antal styrsignaler",
                 category_title: str | None = None, colours: dict | None = None,
                 patterns: dict | None = None, annotations: list | None = None) -> dict:
    """Stacked bars: one bar per category, one segment per series (label → values). A plotly
    figure as a plain dict (a `go.Figure` validates every property: tens of ms per chart)."""
    cats = list(categories)
    data = []
    for i, (label, values) in enumerate(series.items()):
        colour = (colours or {}).get(label, ("#0a58ca", "#b35900", "#6f42c1", "#495057")[i % 4])
        shape = (patterns or {}).get(label, ("", "/", "x", ".")[i % 4])
        trace = {"type": "bar", "name": label, "marker": {"color": colour, "pattern": {
            "shape": shape, "fgcolor": "#fff", "solidity": 0.3, "fillmode": "overlay"}}}
        if horizontal:
            trace.update(y=cats, x=list(values), orientation="h",
                         hovertemplate="%{y}: %{x}<extra>" + label + "</extra>")
        else:
            trace.update(x=cats, y=list(values),
                         hovertemplate="%{x}: %{y}<extra>" + label + "</extra>")
        data.append(trace)
    category_axis = {"type": "category"}
    if horizontal:
        category_axis.update(categoryorder="array", categoryarray=cats[::-1])
        layout = _layout(height=max(240, 80 + 24 * len(cats)), x_title=value_title,
                         y_title=category_title, yaxis=category_axis)
    else:
        layout = _layout(height=340, x_title=category_title, y_title=value_title,
                         xaxis=category_axis)
    layout.update(barmode="stack", bargap=0.3, annotations=annotations or [])
    return {"data": data, "layout": layout}


def trend_view(trend: pl.DataFrame, group: str) -> html.Div:
    """The budget's signals to `group` per year, stacked by type, with the table beside it."""
    rows = trend.filter(pl.col("recipient") == group)
    years = sorted(rows["year"].unique().to_list())
    if not years:
        return html.P("Det finns inga år med styrsignaler att visa.")
    value = {(r["year"], r["type"]): r["count"] for r in rows.iter_rows(named=True)}
    table = [{"year": y, **{t: value.get((y, t), 0) for t in SIGNAL_TYPES}} for y in years]
    for r in table:
        r["total"] = sum(r[t] for t in SIGNAL_TYPES)
    totals = [r["total"] for r in table]
    series = {TYPE_LABEL[t]: [r[t] for r in table] for t in SIGNAL_TYPES}
    # On a category axis a numeric-looking x ("2022") is read as a category index: use indices.
    notes = [{"x": i, "y": total, "text": count(total), "showarrow": False, "yshift": 10,
              "font": FONT} for i, total in enumerate(totals)]
    fig = stacked_bars([str(y) for y in years], series, category_title="År",
                       colours={TYPE_LABEL[t]: c for t, c in TYPE_COLOUR.items()},
                       patterns={TYPE_LABEL[t]: p for t, p in TYPE_PATTERN.items()},
                       annotations=notes)
    name = GROUP_LABEL[group]
    change = ""
    if len(years) > 1:
        diff = totals[-1] - totals[0]
        change = (f" Från {years[0]} till {years[-1]} har antalet "
                  + ("ökat" if diff > 0 else "minskat" if diff < 0 else "varit oförändrat")
                  + (f" med {count(abs(diff))}." if diff else "."))
    return html.Div([
        graph(fig, "signals-trend-graph", f"Styrsignaler till {name.lower()} per år och typ"),
        html.P(f"{name} fick {count(totals[-1])} styrsignaler i budgeten {years[-1]}.{change}",
               className="small"),
        TREND_TABLE.html(table, table_id="signals-trend-table"),
    ])


def chart_fold(view: str, key: dict, what: str) -> html.Details:
    """A section's chart, folded below the fold: built when opened (`board_chart`,
    `goal_chart`), so the page draws its tables without waiting for plotly.js. Printing opens
    it."""
    return fold.fold(view, key, f"Visa diagrammet: {what}", className="mb-2")


def board_view(boards: pl.DataFrame, query, sort: str | None, path: str,
               chart: html.Details) -> html.Div:
    """Per board: the budget's signals to it (by type), what it added itself and the sums;
    the headings of the name and the sums are `?sort=` links. `query(**extra)` makes the
    query string of the page's period; `chart` is the folded chart (`board_chart`)."""
    key = board_sort(sort)
    rows = board_rows(boards, key)
    sortable = {h: k for k, h in SORT_COLUMN.items()}

    def head(col) -> html.Th:
        k = sortable.get(col.heading)
        cls = "text-end" if col.numeric else None
        if k is None:
            return html.Th(col.heading, scope="col", className=cls)
        current = k == key
        link = dcc.Link([col.heading, html.Span(" (sorterad)", className="visually-hidden")
                         if current else None,
                         html.Span(" ▼", **{"aria-hidden": "true"}) if current else None],
                        href=path + query(sort=k) + "#per-namnd", className="kr-sort-link")
        aria = {"aria-sort": "ascending" if k == "namn" else "descending"} if current else {}
        return html.Th(link, scope="col", className=cls, **aria)

    table = BOARD_TABLE.html(rows, {"query": query()}, table_id="signals-boards",
                             head=[head(c) for c in BOARD_TABLE.screen_columns()])
    _group_heading_row(table)
    if not rows:  # no chart and no table: one sentence why
        return html.Div(html.P(BOARD_TABLE.empty, className="text-muted small kr-empty"))
    return html.Div([
        chart,
        html.P(f"Sorterat efter {BOARD_SORT_NOTE[key]}. Välj en kolumnrubrik med länk för att "
               "sortera om.", className="small text-muted mb-1", id="signals-sort-note"),
        table,
    ])


def board_chart(boards: pl.DataFrame, sort) -> list:
    """The boards' chart in the table's order (the first `BOARDS_MAX`, saying so)."""
    key = board_sort(sort)
    rows = board_rows(boards, key)
    if not rows:
        return [html.P(BOARD_TABLE.empty, className="text-muted small kr-empty")]
    shown = rows[:BOARDS_MAX]
    fig = stacked_bars([r["name"] for r in shown],
                       {"Från budgeten": [r["total"] for r in shown],
                        "Tillagt av nämnden själv": [r["own_total"] for r in shown]},
                       horizontal=True, colours={"Från budgeten": "#0a58ca",
                                                 "Tillagt av nämnden själv": "#b35900"})
    return [
        html.P(f"Diagrammet visar de {BOARDS_MAX} första av {len(rows)} nämnder, sorterade "
               f"efter {BOARD_SORT_NOTE[key]}; tabellen har alla.",
               className="small text-muted mb-1", id="signals-chart-cut")
        if len(rows) > len(shown) else None,
        graph(fig, "signals-board-graph", "Styrsignaler per nämnd: från budgeten och egna"),
    ]


def _group_heading_row(table: html.Div) -> None:
    """Puts the column groups ("Från budgeten", "Tillagt av nämnden själv") above the
    headings of the boards' table (`Table.html` gives one heading row)."""
    parts = getattr(getattr(table, "children", None), "children", None)
    thead = next((c for c in parts if isinstance(c, html.Thead)), None) \
        if isinstance(parts, list) else None
    if thead is None:  # no rows: no table
        return
    groups = html.Tr([html.Th(t, colSpan=n, scope="colgroup" if t else "col",
                              className="text-center") for t, n in BOARD_GROUPS])
    thead.children = [groups, thead.children]


def goal_view(density: pl.DataFrame, query: str, chart: html.Details) -> html.Div:
    """Per VOM: indicators and activities (KF / own), directives and the total; the signals
    tied to no VOM last, as their own group; `chart` is the folded chart (`goal_chart`)."""
    if density.is_empty():
        return html.Div(html.P(GOAL_TABLE.empty, className="text-muted small kr-empty"))
    return html.Div([chart, GOAL_TABLE.html(density, {"query": query}, table_id="signals-goals")])


def goal_chart(density: pl.DataFrame) -> list:
    """The goals' chart, naming the goals by their codes."""
    if density.is_empty():
        return [html.P(GOAL_TABLE.empty, className="text-muted small kr-empty")]
    names = []
    for r in density.iter_rows(named=True):
        name = f"{r['code'] or ''} {r['title']}".strip() if r["vom_id"] is not None else ""
        names.append("Ej kopplade" if r["vom_id"] is None else
                     r["code"] or (name if len(name) <= 30 else name[:29] + "…"))
    series = {"Indikatorer": (density["indikator_kf"] + density["indikator_egen"]).to_list(),
              "Aktiviteter": (density["aktivitet_kf"] + density["aktivitet_egen"]).to_list(),
              "Direktiv och övriga uppdrag": density["direktiv_och_uppdrag"].to_list()}
    fig = stacked_bars(names, series, horizontal=True, colours={
        "Indikatorer": TYPE_COLOUR["indikator"], "Aktiviteter": TYPE_COLOUR["aktivitet"],
        "Direktiv och övriga uppdrag": TYPE_COLOUR["direktiv_och_uppdrag"]}, patterns={
        "Indikatorer": "/", "Aktiviteter": "x", "Direktiv och övriga uppdrag": "."})
    return [
        html.P("Diagrammet visar målens nummer; tabellen har hela namnen.",
               className="small text-muted mb-1"),
        graph(fig, "signals-goal-graph", "Styrsignaler per verksamhetsområdesmål"),
    ]
