"""Styrsignaler (issue 5): how many steering signals the budget gives each recipient group and
each board, on which goals, over the years; the signals themselves, filterable; and a hint
of near-identical directives. Counts come from `ils.signals`/`ils.signal_lists` (§3.6)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, State, callback, dcc, html, no_update

from components import data, page
from components import signals_export as sx
from components.export import download_buttons
from components.navigation import breadcrumbs, no_data, period_selector
from components.signal_list import (ALL_YEARS, PAGE_SIZE, counts_text, filters, goal_options,
                                    list_table, method_note, overlap_view, recipient_options,
                                    year_options)
from components.signal_tables import GROUPS, board_view, goal_view, group_table, trend_view
from ils.labels import GROUP_LABEL, fmt_number
from ils.signal_lists import count_by_type, goal_density
from ils.signal_overlap import DEFAULT_THRESHOLD, groups_touching
from ils.signals import board_signal_counts, signal_counts, signal_trend
from queries import signal_views
from queries.db import get_engine

PATH = "/styrsignaler"
dash.register_page(__name__, path=PATH, name="Styrsignaler", title="Styrsignaler – Kontrollrum",
                   nav=True, order=30)


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
            filters(year),
            html.P(id="signals-counts", role="status", className="fw-semibold mb-2"),
            dcc.Loading(html.Div(id="signals-list"), delay_show=150),
            dcc.Store(id="signals-offset", data=0),
            html.Div([dbc.Button("Föregående 50", id="signals-prev", color="secondary",
                                 outline=True, size="sm", disabled=True),
                      dbc.Button("Nästa 50", id="signals-next", color="secondary",
                                 outline=True, size="sm", disabled=True)],
                     className="d-flex gap-2 mt-2 d-print-none")]),
        _section("signals-overlap-section", "Nästan likalydande direktiv", [
            method_note(DEFAULT_THRESHOLD),
            dcc.Loading(html.Div(id="signals-overlap"), delay_show=150)]),
    ])


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
    """The page's fixed parts: table per group, per board, per goal (and which sections show)."""
    try:
        return _render(args)
    except Exception:  # noqa: BLE001 - the user gets a message, the log gets the traceback
        return _failed(), None, True, True, True


def _raise():
    raise  # noqa: PLE0704 - re-raises the exception being handled, so `page.safe` logs it


def _failed():
    """Inside an `except`: log the exception and give the Swedish message (as `page.safe`)."""
    return page.safe(_raise)()


def _render(args):
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return no_data(), None, True, True, True
    ds = signal_views.year_signals(get_engine(), ctx.year)
    counts = signal_counts(ds, ctx.year)
    boards = sx.named_boards(board_signal_counts(ds, ctx.year), ds.organisation)
    query, eargs = ctx.query(), {"ar": ctx.year}
    top = html.Div([
        breadcrumbs([("Stad", "/"), ("Styrsignaler", None)], query),
        page.header("Styrsignaler", f"Budgetens mål, indikatorer, aktiviteter och uppdrag till "
                                    f"nämnder och bolag {ctx.year}"),
        period_selector(PATH, ctx, with_period=False),
        html.P("Revisorerna räknade styrsignalerna i budgeten och fann att de är för många för "
               "att nämnderna ska kunna prioritera. Här räknas de på samma sätt: "
               "verksamhetsområdesmålen, de indikatorer KF beslutat för gruppen, KF:s "
               "aktiviteter och direktiven och övriga uppdrag som riktas till gruppen eller "
               "till alla.", className="mb-2"),
        _summary(counts, ctx.year),
        html.H2("Budgetens styrsignaler per mottagargrupp", className="h5 mt-3"),
        download_buttons("signals", "groups", eargs, f"Styrsignaler per mottagargrupp "
                                                     f"{ctx.year}"),
        group_table(counts),
    ])
    lower = html.Div([
        html.Section([
            html.H2("Per nämnd", className="h5 mt-4", id="per-namnd"),
            html.P("Det som riktas till nämnden genom dess grupp, till alla eller till den vid "
                   "namn – och det nämnden själv har lagt till: egna nämndmål, indikatorer och "
                   "aktiviteter.", className="small"),
            download_buttons("signals", "boards", {**eargs, "sort": args.get("sort")},
                             f"Styrsignaler per nämnd {ctx.year}"),
            board_view(boards, ctx, args.get("sort"), PATH),
        ], **{"aria-labelledby": "per-namnd"}),
        html.Section([
            html.H2("Per mål", className="h5 mt-4", id="per-mal"),
            html.P("Hur många indikatorer, aktiviteter och direktiv som hänger på varje "
                   "verksamhetsområdesmål, direkt eller via nämndmål och enhetsmål – KF:s och "
                   "nämndernas egna. Direktiv utan mål visas som en egen grupp.",
                   className="small"),
            download_buttons("signals", "goals", eargs,
                             f"Styrsignaler per verksamhetsområdesmål {ctx.year}"),
            goal_view(goal_density(ds, ctx.year), query),
        ], **{"aria-labelledby": "per-mal"}),
    ])
    return top, lower, False, False, False


@callback(Output("signals-trend", "children"), Input("signals-args", "data"),
          Input("signals-trend-group", "value"))
@page.safe
def trend(args, group):
    """The budget's signals to one group over the years (stacked bars and a table)."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    engine = get_engine()
    years = sorted({y for y, _ in ctx.available} | set(signal_views.signal_years(engine)))
    group = group if group in GROUPS else "stadsdelsnamnder"
    return trend_view(signal_trend(signal_views.trend_signals(engine), years), group)


def list_result(args: dict, sig_type: str | None, recipient: str | None, goal: str | None,
                year: str | None, text: str | None, offset: int = 0) -> tuple:
    """The filtered list: (table with its downloads, counts text, recipient options, goal
    options, year options, year value, offset, prev disabled, next disabled)."""
    f = sx.found_signals(args, sig_type, recipient, goal, year, text)
    if f is None:
        return (None, "", [], [], [], "", 0, True, True)
    counts = count_by_type(f.rows)
    offset = max(0, min(int(offset or 0), max(0, counts["total"] - 1) // PAGE_SIZE * PAGE_SIZE))
    shown = f.rows.slice(offset, PAGE_SIZE)
    value = ALL_YEARS if f.year is None else str(f.year)
    eargs = sx.list_args(args.get("ar"), sig_type, recipient, goal, value, text)
    table = html.Div([download_buttons("signals", "list", eargs, "Styrsignalerna som matchar "
                                       "filtren", csv=True) if counts["total"] else None,
                      list_table(shown, f.names, f.codes)])
    return (table, counts_text(counts, offset, len(shown)),
            recipient_options(f.boards), goal_options(f.voms), year_options(f.years),
            value, offset, offset == 0, offset + PAGE_SIZE >= counts["total"])


@callback(Output("signals-list", "children"), Output("signals-counts", "children"),
          Output("signals-f-recipient", "options"), Output("signals-f-goal", "options"),
          Output("signals-f-year", "options"), Output("signals-f-year", "value"),
          Output("signals-offset", "data"), Output("signals-prev", "disabled"),
          Output("signals-next", "disabled"),
          Input("signals-args", "data"), Input("signals-f-type", "value"),
          Input("signals-f-recipient", "value"), Input("signals-f-goal", "value"),
          Input("signals-f-year", "value"), Input("signals-f-text", "value"),
          Input("signals-prev", "n_clicks"), Input("signals-next", "n_clicks"),
          State("signals-offset", "data"))
def filter_list(args, sig_type, recipient, goal, year, text, _prev, _next, offset):
    """Filters or paging changed: a new page of the list and new counts."""
    trigger = dash.ctx.triggered_id
    step = {"signals-prev": -PAGE_SIZE, "signals-next": PAGE_SIZE}.get(trigger)
    offset = (offset or 0) + step if step else 0
    try:
        return list_result(args, sig_type, recipient, goal, year, text, offset)
    except Exception:  # noqa: BLE001
        return (_failed(), "", no_update, no_update, no_update, no_update, 0, True,
                True)


@callback(Output("signals-overlap", "children"), Input("signals-args", "data"))
@page.safe
def overlap(args):
    """Groups of near-identical directives that touch the page's year."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    engine = get_engine()
    groups = groups_touching(signal_views.overlaps(engine, DEFAULT_THRESHOLD), ctx.year)
    return overlap_view(groups, ctx.year, signal_views.org_names(engine))
