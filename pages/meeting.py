"""Målbedömningsmöte: the controllers' agenda of deviations for one period, grouped by VOM and
board, most serious first (the rules: `ils.agenda`), with a summary, filters, Excel/CSV
download and a print view (assets/print.css).

Query: ?ar=&period= (as everywhere), namnd= (a board), mal= (a VOM), typ= (a kind of item:
rod_gul, nedgradering, oenighet, prognos, saknas, motivering_saknas)."""

from __future__ import annotations

import datetime as dt

import dash
import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, callback, dcc, html

from components import meeting_export as mx
from components import meeting_filters as filters
from components import data, page
from components.export import download_buttons, print_button
from components.meeting_items import KIND_LABEL, print_line, section_body, vom_section
from components.navigation import breadcrumbs, no_data, period_selector
from ils import agenda as ag
from queries import agenda_views
from queries.db import get_engine

dash.register_page(__name__, path="/mote", name="Målbedömningsmöte",
                   title="Målbedömningsmöte – Kontrollrum", nav=True, order=40)

PATH = "/mote"
TITLE = "Underlag för målbedömningsmöte"


def layout(**kwargs):
    return page.frame("meeting", **{k: kwargs.get(k) for k in ("ar", "period")},
                      **{k: kwargs.get(k) for k in filters.KEYS})


@callback(Output("meeting-content", "children"), Input("meeting-args", "data"))
@page.safe
def render(args):
    c = mx.chosen(args or {})
    if c.agenda is None:
        return no_data()
    ctx, a, f = c.ctx, c.agenda, c.f
    query = ctx.query()
    today = dt.date.today()
    export_args = {"ar": ctx.year, "period": ctx.period, **f}
    counts_all = ag.kind_counts(ag.select(a.items, org_id=f["namnd"], vom_id=f["mal"]))
    return html.Div([
        html.P(f"{TITLE} · {ctx.period} {ctx.year} · utskrivet {today.isoformat()}",
               className="kr-print-header", **{"aria-hidden": "true"}),
        breadcrumbs([("Stad", "/"), ("Målbedömningsmöte", None)], query),
        page.header(TITLE, f"Avvikelser och mål som inte nås – {ctx.period} {ctx.year}, "
                           f"jämfört med {a.prev[1]} {a.prev[0]}. Allvarligast först."),
        period_selector(PATH, ctx, extra={k: v for k, v in f.items() if v}),
        *[dbc.Alert(n, color="warning", className="py-2") for n in c.notices],
        filters.bar(PATH, ctx, f, a.scope.boards, a.voms, counts_all),
        html.Div([print_button("meeting"),
                  download_buttons("meeting", "agenda", export_args, TITLE, csv=True)],
                 className="d-flex flex-wrap gap-2 d-print-none"),
        _summary(c, export_args),
        _sections(c, {"ar": ctx.year, "period": ctx.period, **f}, today),
    ], className="kr-agenda")


def _summary(c: mx.Chosen, export_args: dict) -> html.Section:
    counts = ag.kind_counts(c.items)
    total = sum(counts.values())
    per = ag.board_counts(c.items, c.agenda.scope.boards)
    head = html.Thead(html.Tr([html.Th("Nämnd", scope="col")]
                              + [html.Th(KIND_LABEL[k], scope="col", className="text-end")
                                 for k in ag.KINDS]
                              + [html.Th("Totalt", scope="col", className="text-end")]))
    body = [html.Tr([html.Th(r["name"], scope="row", className="fw-normal")]
                    + [html.Td(r[k], className="text-end") for k in ag.KINDS]
                    + [html.Td(html.Strong(r["total"]), className="text-end")])
            for r in per.iter_rows(named=True)]
    return html.Section([
        html.H2("Sammanfattning", className="h5"),
        html.P(f"{total} punkter: " + ", ".join(f"{KIND_LABEL[k].lower()} {n}"
                                                 for k, n in counts.items()) + ".",
               id="meeting-summary"),
        html.Details([
            html.Summary(f"Per nämnd ({len(per)} nämnder med punkter)"),
            download_buttons("meeting", "summary", export_args, "Avvikelser per nämnd"),
            html.Div(dbc.Table([head, html.Tbody(body)], size="sm", bordered=True,
                               className="kr-table", id="meeting-boards"),
                     className="table-responsive"),
        ], open=True, className="kr-agenda-summary"),
    ], className="mb-3")


def _sections(c: mx.Chosen, args: dict, today: dt.date) -> html.Div:
    """One section per VOM with items; each fills itself (`fill_section`), so no request
    builds the hundreds of items of a whole city at once."""
    if c.items.is_empty():
        return html.P("Inga avvikelser med de valda filtren.", id="meeting-empty",
                      className="alert alert-success")
    present = set(c.items["vom_id"].unique().to_list())
    sections = []
    for v in c.agenda.voms.iter_rows(named=True):
        if v["id"] not in present:
            continue
        body = html.Div(html.P("Hämtar punkterna …", className="text-muted small"),
                        id={"type": "meeting-vom-body", "vom": v["id"]})
        store = dcc.Store(id={"type": "meeting-vom-args", "vom": v["id"]},
                          data={**args, "vom": v["id"]})
        sections.append(vom_section(v, [store, dcc.Loading(body, delay_show=150)],
                                    print_line(TITLE, c.ctx.period, c.ctx.year, today)))
    return html.Div(sections, id="meeting-items")


@callback(Output({"type": "meeting-vom-body", "vom": MATCH}, "children"),
          Input({"type": "meeting-vom-args", "vom": MATCH}, "data"))
@page.safe
def fill_section(sub):
    """The boards and items of one VOM section (`sub`: the page's valid arguments + vom)."""
    a = agenda_views.load(get_engine(), int(sub["ar"]), sub["period"], data.params(),
                          vom_id=sub["vom"])
    items = ag.select(a.items, org_id=sub.get("namnd"), kind=sub.get("typ"))
    query = f"?ar={sub['ar']}&period={sub['period']}"
    return section_body(a, items, query)
