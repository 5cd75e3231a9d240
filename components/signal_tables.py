"""Pieces of the Styrsignaler page (pages/signals.py): the auditors' table per recipient group,
the trend over the years, the boards side by side and the density per VOM. Layout from frames.

Every chart has a table beside it as its text alternative.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from components.charts import FONT, _layout, graph
from ils.labels import sv_key
from ils.labels import GROUP_LABEL, fmt_number
from ils.signals import SIGNAL_TYPES

TYPE_LABEL = {"verksamhetsomradesmal": "Verksamhetsområdesmål", "indikator": "Indikatorer",
              "aktivitet": "Aktiviteter", "direktiv_och_uppdrag": "Direktiv och övriga uppdrag"}
GROUPS = ("stadsdelsnamnder", "facknamnder", "bolag")
TYPE_COLOUR = {"verksamhetsomradesmal": "#6f42c1", "indikator": "#0a58ca",
               "aktivitet": "#b35900", "direktiv_och_uppdrag": "#495057"}
TYPE_PATTERN = {"verksamhetsomradesmal": "", "indikator": "/", "aktivitet": "x",
                "direktiv_och_uppdrag": "."}
BOARD_SORTS = {"namn": "Nämnd", "budget": "Från budgeten", "egna": "Egna", "totalt": "Sammanlagt"}
BOARD_SORT_NOTE = {"namn": "namn", "budget": "styrsignaler från budgeten, flest först",
                   "egna": "egna styrsignaler, flest först", "totalt": "sammanlagt, flest först"}


def _n(x) -> str:
    return _count(int(x or 0))


@functools.lru_cache(maxsize=4096)
def _count(x: int) -> str:
    """A count in Swedish format ('1 234'); cached, as babel takes ~0.2 ms per call."""
    return fmt_number(x)


def group_table(counts: pl.DataFrame) -> dbc.Table:
    """Rows: the four signal types and the total; columns: the three recipient groups."""
    by = {r["recipient"]: r for r in counts.iter_rows(named=True)}
    head = html.Thead(html.Tr([html.Th("Styrsignal", scope="col")] + [
        html.Th(GROUP_LABEL[g], scope="col", className="text-end") for g in GROUPS]))
    rows = [html.Tr([html.Th(TYPE_LABEL[t], scope="row")] + [
        html.Td(_n(by.get(g, {}).get(t)), className="text-end") for g in GROUPS])
        for t in SIGNAL_TYPES]
    rows.append(html.Tr([html.Th("Totalt", scope="row")] + [
        html.Td(html.Strong(_n(by.get(g, {}).get("total"))), className="text-end")
        for g in GROUPS], className="table-light"))
    return dbc.Table([head, html.Tbody(rows)], bordered=True, size="sm",
                     className="kr-table kr-signal-table mb-0", id="signals-groups")


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
    series = {TYPE_LABEL[t]: [value.get((y, t), 0) for y in years] for t in SIGNAL_TYPES}
    colours = {TYPE_LABEL[t]: c for t, c in TYPE_COLOUR.items()}
    patterns = {TYPE_LABEL[t]: p for t, p in TYPE_PATTERN.items()}
    totals = [sum(value.get((y, t), 0) for t in SIGNAL_TYPES) for y in years]
    # On a category axis a numeric-looking x ("2022") is read as a category index: use indices.
    notes = [{"x": i, "y": total, "text": _n(total), "showarrow": False, "yshift": 10,
              "font": FONT} for i, total in enumerate(totals)]
    fig = stacked_bars([str(y) for y in years], series, category_title="År", colours=colours,
                       patterns=patterns, annotations=notes)
    name = GROUP_LABEL[group]
    head = html.Thead(html.Tr([html.Th("År", scope="col")] + [
        html.Th(TYPE_LABEL[t], scope="col", className="text-end") for t in SIGNAL_TYPES]
        + [html.Th("Totalt", scope="col", className="text-end")]))
    body = html.Tbody([html.Tr([html.Th(str(y), scope="row")] + [
        html.Td(_n(value.get((y, t), 0)), className="text-end") for t in SIGNAL_TYPES]
        + [html.Td(html.Strong(_n(total)), className="text-end")])
        for y, total in zip(years, totals)])
    change = ""
    if len(years) > 1:
        diff = totals[-1] - totals[0]
        change = (f" Från {years[0]} till {years[-1]} har antalet "
                  + ("ökat" if diff > 0 else "minskat" if diff < 0 else "varit oförändrat")
                  + (f" med {_n(abs(diff))}." if diff else "."))
    return html.Div([
        graph(fig, "signals-trend-graph", f"Styrsignaler till {name.lower()} per år och typ"),
        html.P(f"{name} fick {_n(totals[-1])} styrsignaler i budgeten {years[-1]}.{change}",
               className="small"),
        dbc.Table([head, body], size="sm", bordered=True, className="kr-table kr-signal-table mb-0",
                  id="signals-trend-table"),
    ])


def sort_board_rows(rows: pl.DataFrame, key: str) -> pl.DataFrame:
    rows = rows.with_columns(_name=pl.col("name").map_elements(sv_key, return_dtype=pl.String),
                             grand=pl.col("total") + pl.col("own_total"))
    col = {"budget": "total", "egna": "own_total", "totalt": "grand"}.get(key)
    if col is None:
        return rows.sort("_name").drop("_name")
    return rows.sort([col, "_name"], descending=[True, False]).drop("_name")


def board_view(rows: pl.DataFrame, ctx, sort: str | None, path: str) -> html.Div:
    """Per board: the budget's signals to it (by type), what it added itself and the sum.
    `rows`: board_signal_counts with `name`; headers of the sums are `?sort=` links."""
    key = sort if sort in BOARD_SORTS else "totalt"
    rows = sort_board_rows(rows, key)

    def sort_head(k: str, title: str, extra: str = "") -> html.Th:
        current = k == key
        link = dcc.Link([title, html.Span(" (sorterad)", className="visually-hidden")
                         if current else None,
                         html.Span(" ▼", **{"aria-hidden": "true"}) if current else None],
                        href=path + ctx.query(sort=k) + "#per-namnd", className="kr-sort-link")
        aria = {"aria-sort": "ascending" if k == "namn" else "descending"} if current else {}
        return html.Th(link, scope="col", className=extra, **aria)

    head = html.Thead([
        html.Tr([html.Th("", scope="col"),
                 html.Th("Från budgeten", colSpan=5, scope="colgroup", className="text-center"),
                 html.Th("Tillagt av nämnden själv", colSpan=4, scope="colgroup",
                         className="text-center"), html.Th("", scope="col")]),
        html.Tr([sort_head("namn", "Nämnd")]
                + [html.Th(TYPE_LABEL[t], scope="col", className="text-end")
                   for t in SIGNAL_TYPES]
                + [sort_head("budget", "Summa", "text-end"),
                   html.Th("Nämndmål", scope="col", className="text-end"),
                   html.Th("Indikatorer", scope="col", className="text-end"),
                   html.Th("Aktiviteter", scope="col", className="text-end"),
                   sort_head("egna", "Summa", "text-end"),
                   sort_head("totalt", "Sammanlagt", "text-end")])])
    body = []
    for r in rows.iter_rows(named=True):
        body.append(html.Tr(
            [html.Th(dcc.Link(r["name"], href=f"/namnd/{r['org_id']}{ctx.query()}"),
                     scope="row")]
            + [html.Td(_n(r[t]), className="text-end") for t in SIGNAL_TYPES]
            + [html.Td(html.Strong(_n(r["total"])), className="text-end"),
               html.Td(_n(r["own_namndmal"]), className="text-end"),
               html.Td(_n(r["own_indikator"]), className="text-end"),
               html.Td(_n(r["own_aktivitet"]), className="text-end"),
               html.Td(html.Strong(_n(r["own_total"])), className="text-end"),
               html.Td(html.Strong(_n(r["grand"])), className="text-end")]))
    fig = stacked_bars(rows["name"].to_list(),
                       {"Från budgeten": rows["total"].to_list(),
                        "Tillagt av nämnden själv": rows["own_total"].to_list()},
                       horizontal=True, colours={"Från budgeten": "#0a58ca",
                                                 "Tillagt av nämnden själv": "#b35900"})
    return html.Div([
        graph(fig, "signals-board-graph", "Styrsignaler per nämnd: från budgeten och egna"),
        html.P(f"Sorterat efter {BOARD_SORT_NOTE[key]}. Välj en kolumnrubrik med länk för att "
               "sortera om.", className="small text-muted mb-1", id="signals-sort-note"),
        html.Div(dbc.Table([head, html.Tbody(body)], size="sm", hover=True, bordered=True,
                           className="kr-table mb-0", id="signals-boards"),
                 className="table-responsive"),
    ])


def goal_view(density: pl.DataFrame, query: str) -> html.Div:
    """Per VOM: indicators and activities (KF / own), directives and the total; the signals
    tied to no VOM last, as their own group."""
    cols = (("indikator_kf", "Indikatorer, KF"), ("indikator_egen", "Indikatorer, egna"),
            ("aktivitet_kf", "Aktiviteter, KF"), ("aktivitet_egen", "Aktiviteter, egna"),
            ("direktiv_och_uppdrag", "Direktiv och uppdrag"), ("total", "Totalt"))
    head = html.Thead(html.Tr([html.Th("Verksamhetsområdesmål", scope="col")] + [
        html.Th(t, scope="col", className="text-end") for _, t in cols]))
    body, names = [], []
    for r in density.iter_rows(named=True):
        if r["vom_id"] is None:
            short, cell = "Ej kopplade", html.Em("Ej kopplade till mål")
        else:
            name = f"{r['code'] or ''} {r['title']}".strip()
            short = r["code"] or (name if len(name) <= 30 else name[:29] + "…")
            cell = dcc.Link(name, href=f"/mal/{r['vom_id']}{query}")
        names.append(short)
        body.append(html.Tr([html.Th(cell, scope="row")] + [
            html.Td(html.Strong(_n(r[c])) if c == "total" else _n(r[c]), className="text-end")
            for c, _ in cols], className="table-light" if r["vom_id"] is None else None))
    series = {"Indikatorer": (density["indikator_kf"] + density["indikator_egen"]).to_list(),
              "Aktiviteter": (density["aktivitet_kf"] + density["aktivitet_egen"]).to_list(),
              "Direktiv och övriga uppdrag": density["direktiv_och_uppdrag"].to_list()}
    fig = stacked_bars(names, series, horizontal=True, colours={
        "Indikatorer": TYPE_COLOUR["indikator"], "Aktiviteter": TYPE_COLOUR["aktivitet"],
        "Direktiv och övriga uppdrag": TYPE_COLOUR["direktiv_och_uppdrag"]}, patterns={
        "Indikatorer": "/", "Aktiviteter": "x", "Direktiv och övriga uppdrag": "."})
    return html.Div([
        graph(fig, "signals-goal-graph", "Styrsignaler per verksamhetsområdesmål"),
        html.P("Diagrammet visar målens nummer; tabellen nedan har hela namnen.",
               className="small text-muted mb-1"),
        html.Div(dbc.Table([head, html.Tbody(body)], size="sm", hover=True, bordered=True,
                           className="kr-table mb-0", id="signals-goals"),
                 className="table-responsive"),
    ])
