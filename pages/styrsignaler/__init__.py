"""/styrsignaler (issue 5): how many steering signals the budget gives each recipient group and
each board, on which goals, over the years; the signals themselves in a grid (sortable,
filterable, with live counts and Excel/CSV of exactly the rows shown); and a hint of
near-identical directives. Counts come from `ils.signals`/`ils.signal_lists` (§3.6).

The package: `data.py` (what is loaded, cached), `tables.py` (each table declared once),
`parts.py` (charts and sections), `listing.py` (the list's filters and counts, the overlap
hint), `downloads.py` (the Excel/CSV builders)."""

from __future__ import annotations

import json

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, clientside_callback, dcc, html

from components import grid, page
from components.navigation import breadcrumbs, no_data, period_selector
from ils.labels import GROUP_LABEL, fmt_number
from ils.signal_lists import LIST_TYPES
from ils.signal_overlap import DEFAULT_THRESHOLD, groups_touching
from pagekit import guard
from pages.styrsignaler import data, downloads, listing
from pages.styrsignaler.parts import (
    board_chart,
    board_view,
    chart_fold,
    goal_chart,
    goal_view,
    trend_view,
)
from pages.styrsignaler.tables import GROUP_TABLE, GROUPS, LIST_TABLE, group_rows

PATH = "/styrsignaler"
dash.register_page(__name__, path=PATH, name="Styrsignaler", title="Styrsignaler – Kontrollrum",
                   nav=True, order=30)
FILTERS = ("signals-f-type", "signals-f-recipient", "signals-f-goal", "signals-f-year",
           "signals-f-text")


def _section(sid: str, title: str, body: list) -> html.Section:
    """A section the render callback hides when there is nothing to show. Visible from the
    start: a chart drawn inside a hidden container gets no width and is laid out wrongly."""
    return html.Section([html.H2(title, className="h5 mt-4", id=f"{sid}-h"), *body],
                        id=sid, hidden=False, **{"aria-labelledby": f"{sid}-h"})


def layout(**kwargs):
    args = page.query_args(kwargs)
    ar = args.get("ar")
    year = ar if ar and str(ar).isdigit() else None
    return html.Div([
        page.frame("signals", **args),
        _section("signals-trend-section", "Över åren", [
            html.Fieldset([
                html.Legend("Mottagargrupp", className="small fw-semibold mb-1 float-none"),
                dbc.RadioItems(id="signals-trend-group", value="stadsdelsnamnder", inline=True,
                               options=[{"label": GROUP_LABEL[g], "value": g} for g in GROUPS]),
            ], className="mb-2 d-print-none"),
            dcc.Loading(html.Div(id="signals-trend"), delay_show=150)]),
        dcc.Loading(html.Div(id="signals-lower"), delay_show=150),
        _section("signals-list-section", "Styrsignalerna en och en", [
            listing.filters(year),
            html.P(id="signals-counts", role="status", className="fw-semibold mb-2"),
            html.Div(id="signals-list-downloads"),
            grid.grid("signals-grid", LIST_TABLE, "Styrsignalerna som matchar filtren",
                      widths={"Text": 4, "Mottagare": 2, "Beslutad av": 2},
                      px={"Typ": 120, "År": 100, "Mål (kod)": 110}, wrap=("Text",),
                      phone=grid.phone_card(LIST_TABLE, "Styrsignal",
                                            head=("Typ", "År", "Mål (kod)"), main="Text")),
        ]),
        _section("signals-overlap-section", "Nästan likalydande direktiv", [
            listing.method_note(DEFAULT_THRESHOLD),
            dcc.Loading(html.Div(id="signals-overlap"), delay_show=150)]),
    ])


# below 576 px the list is a column of cards (seven columns at 390 px left the text 90 px wide)
clientside_callback(grid.PHONE_SWAP, Output("signals-grid", "columnDefs"),
                    Input(grid.phone_columns_id("signals-grid"), "data"))


def _summary(counts: pl.DataFrame, year: int) -> html.P:
    row = counts.filter(pl.col("recipient") == "stadsdelsnamnder").row(0, named=True)
    return html.P([
        html.Strong(f"Stadsdelsnämnderna fick {fmt_number(row['total'])} styrsignaler "
                    f"i budgeten {year}: "),
        f"{fmt_number(row['verksamhetsomradesmal'])} verksamhetsområdesmål, "
        f"{fmt_number(row['indikator'])} indikatorer, {fmt_number(row['aktivitet'])} "
        f"aktiviteter och {fmt_number(row['direktiv_och_uppdrag'])} direktiv och övriga "
        "uppdrag."], id="signals-summary")


@callback(Output("signals-content", "children"), Output("signals-lower", "children"),
          Output("signals-trend-section", "hidden"), Output("signals-list-section", "hidden"),
          Output("signals-overlap-section", "hidden"), Input("signals-args", "data"))
def render(args):
    """The page's fixed parts: table per group, per board, per goal (and which sections show).
    On an error the Swedish message, and the sections stay hidden."""
    try:
        return _render(args)
    except Exception:  # noqa: BLE001 - guard.safe logs it and gives the Swedish message
        return guard.safe(_raise)(), None, True, True, True


def _render(args):
    d = data.load(args)
    if d is None:
        return no_data(), None, True, True, True
    ctx = d.ctx
    query, eargs = ctx.query(), {"ar": ctx.year}
    top = html.Div([
        page.doc_title(f"Styrsignaler {ctx.year}"),
        breadcrumbs([("Stad", "/"), ("Styrsignaler", None)], query),
        page.header("Styrsignaler", f"Budgetens mål, indikatorer, aktiviteter och uppdrag till "
                                    f"nämnder och bolag {ctx.year}"),
        period_selector(PATH, ctx, with_period=False),
        html.P("Revisorerna räknade styrsignalerna i budgeten och fann att de är för många för "
               "att nämnderna ska kunna prioritera. Här räknas de på samma sätt: "
               "verksamhetsområdesmålen, de indikatorer KF beslutat för gruppen, KF:s "
               "aktiviteter och direktiven och övriga uppdrag som riktas till gruppen eller "
               "till alla.", className="mb-2"),
        _summary(d.counts, ctx.year),
        html.H2("Budgetens styrsignaler per mottagargrupp", className="h5 mt-3"),
        downloads.VIEW.downloads("groups", eargs, f"Styrsignaler per mottagargrupp "
                                                     f"{ctx.year}"),
        html.Div(GROUP_TABLE.html(group_rows(d.counts), table_id="signals-groups"),
                 className="kr-signal-table"),
    ])
    lower = html.Div([
        html.Section([
            html.H2("Per nämnd", className="h5 mt-4", id="per-namnd"),
            html.P("Det som riktas till nämnden genom dess grupp, till alla eller till den vid "
                   "namn – och det nämnden själv har lagt till: egna nämndmål, indikatorer och "
                   "aktiviteter.", className="small"),
            downloads.VIEW.downloads("boards", {**eargs, "sort": args.get("sort")},
                             f"Styrsignaler per nämnd {ctx.year}"),
            board_view(d.boards, ctx.query, args.get("sort"), PATH, chart_fold(
                downloads.VIEW.name, {"ar": ctx.year, "sort": args.get("sort"),
                                      "part": "boards"}, "styrsignaler per nämnd")),
        ], **{"aria-labelledby": "per-namnd"}),
        html.Section([
            html.H2("Per mål", className="h5 mt-4", id="per-mal"),
            html.P("Hur många indikatorer, aktiviteter och direktiv som hänger på varje "
                   "verksamhetsområdesmål, direkt eller via nämndmål och enhetsmål – KF:s och "
                   "nämndernas egna. Direktiv utan mål visas som en egen grupp.",
                   className="small"),
            downloads.VIEW.downloads("goals", eargs,
                             f"Styrsignaler per verksamhetsområdesmål {ctx.year}"),
            goal_view(d.density, query, chart_fold(
                downloads.VIEW.name, {"ar": ctx.year, "part": "goals"},
                "styrsignaler per verksamhetsområdesmål")),
        ], **{"aria-labelledby": "per-mal"}),
    ])
    return top, lower, False, False, False


def chart(key: dict):
    """A folded chart's body when opened (`key`: the page's year, its sort, and `part`:
    boards or goals; from the browser, so checked as a URL's values are)."""
    part = key.get("part") if isinstance(key, dict) else None
    d = data.load({"ar": key.get("ar")}) if part in ("boards", "goals") else None
    if d is None:
        return html.P("Diagrammet finns inte.", className="text-muted small")
    return board_chart(d.boards, key.get("sort")) if part == "boards" else goal_chart(d.density)


downloads.VIEW.fold(chart)


def _raise():
    raise  # noqa: PLE0704 - re-raises the exception being handled, so `guard.safe` logs it


@callback(Output("signals-trend", "children"), Input("signals-args", "data"),
          Input("signals-trend-group", "value"))
@guard.safe
def trend(args, group):
    """The budget's signals to one group over the years (stacked bars and a table)."""
    got = data.load_trend(args)
    if got is None:
        return None
    return trend_view(got, group if group in GROUPS else "stadsdelsnamnder")


def _list_args(args: dict, values) -> dict:
    return {"ar": args.get("ar"), "period": args.get("period"),
            **dict(zip(data.LIST_KEYS, values, strict=False))}


@callback(Output("signals-grid", "rowData"), Output("signals-f-recipient", "options"),
          Output("signals-f-goal", "options"), Output("signals-f-year", "options"),
          Output("signals-f-year", "value"),
          Input("signals-args", "data"), *(Input(f, "value") for f in FILTERS))
@guard.safe(outputs=5)
def list_rows(args, *values):
    """The filters changed: every matching signal into the grid (it draws only the rows in
    view), and the choices of the filters."""
    found = data.load_list(_list_args(args, values))
    if found is None:
        return [], [], [], [], ""
    base = found.base
    rows = grid.row_data(LIST_TABLE, downloads.list_rows(found.rows, base.names, base.codes))
    value = data.ALL_YEARS if found.year is None else str(found.year)
    return (rows, listing.recipient_options(base.boards), listing.goal_options(base.voms),
            listing.year_options(base.years), value)


@callback(Output("signals-counts", "children"), Output("signals-list-downloads", "children"),
          Input("signals-args", "data"), *(Input(f, "value") for f in FILTERS),
          Input("signals-grid", "filterModel"))
@guard.safe(outputs=2)
def list_counts(args, *values):
    """The live counts of the rows the grid shows (the filters above and the grid's column
    filters) and the downloads of exactly those rows."""
    *values, model = values
    found = data.load_list(_list_args(args, values))
    if found is None:
        return "", None
    rows, before = downloads.shown_rows(found, model)
    counts = {t: sum(1 for r in rows if r["type"] == t) for t in LIST_TYPES}
    counts["total"] = len(rows)
    eargs = _list_args({"ar": args.get("ar")}, values)
    eargs.pop("period")
    if grid.conditions(LIST_TABLE, model):
        eargs[downloads.GRID_KEY] = json.dumps(model, sort_keys=True)
    buttons = downloads.VIEW.downloads(LIST_TABLE.name, eargs, "Styrsignalerna som "
                               "matchar filtren", csv=True) if rows else None
    return listing.counts_text(counts, before), buttons


@callback(Output("signals-overlap", "children"), Input("signals-args", "data"))
@guard.safe
def overlap(args):
    """Groups of near-identical directives that touch the page's year."""
    got = data.load_overlaps(args)
    if got is None:
        return None
    return listing.overlap_view(groups_touching(got.groups, got.year), got.year, got.names)
