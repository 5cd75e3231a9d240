"""/ – Stadsöversikt: the inriktningsmål and their VOMs with the city's computed light beside
kommunstyrelsen's own assessment, and the matrix VOM × nämnd of computed lights."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, dcc, html

from components import page
from components.export import download_buttons
from components.explain import why_button
from components.lights import assessment_badge, light_badge
from components.navigation import breadcrumbs, period_selector
from ils.labels import KIND_GROUP_LABEL
from pages.start.data import KIND_ORDER, load
from pages.start.tables import head, matrix, matrix_rows

dash.register_page(__name__, path="/", name="Stadsöversikt", title="Stadsöversikt – Kontrollrum",
                   nav=True, order=0)


def layout(**kwargs):
    return page.frame("overview", **page.query_args(kwargs))


def goal_section(im: dict, voms: pl.DataFrame, city: dict, stad_id, ctx) -> html.Section:
    items = []
    for v in voms.iter_rows(named=True):
        row = city.get(v["id"], {})
        label = f"{v['code']} {v['title']}, staden"
        items.append(html.Li([
            html.Div([html.Span(v["code"] or "", className="kr-code me-2"),
                      dcc.Link(v["title"], href=f"/mal/{v['id']}{ctx.query()}")],
                     className="kr-goal-title"),
            html.Div([
                html.Span("Beräknat: ", className="small text-muted"),
                light_badge(row.get("light", "saknas")),
                why_button(v["id"], stad_id, ctx.year, ctx.period, label) if row else None,
                html.Span("Kommunstyrelsen: ", className="small text-muted ms-3"),
                assessment_badge(row.get("self_assessment"), prefix="Kommunstyrelsens bedömning"),
            ], className="kr-goal-lights"),
        ], className="list-group-item d-flex flex-wrap justify-content-between gap-2"))
    return html.Section([
        html.H2(im["title"], className="h5 mt-3"),
        html.Ul(items, className="list-group"),
    ], **{"aria-label": im["title"]})


def matrix_table(d) -> html.Div:
    """The matrix on screen: the declared columns, rows grouped by kind of board."""
    table = matrix(d.voms)
    cols = table.screen_columns()
    env = {"query": d.ctx.query()}
    rows = matrix_rows(d)
    body = []
    for kind in KIND_ORDER:
        group = [r for r in rows if r["kind"] == kind]
        if not group:
            continue
        body.append(html.Tr(html.Th(KIND_GROUP_LABEL[kind], colSpan=len(cols), scope="colgroup",
                                    className="table-light")))
        for r in group:
            body.append(html.Tr([html.Th(cols[0].cell(r, env), scope="row")] + [
                html.Td(c.cell(r, env), className="text-center kr-cell") for c in cols[1:]]))
    return html.Div(dbc.Table([html.Thead(html.Tr(head(d.voms))), html.Tbody(body)],
                              bordered=True, size="sm", className="kr-matrix mb-0"),
                    className="table-responsive")


@callback(Output("overview-content", "children"), Input("overview-args", "data"))
@page.safe
def render(args):
    d = load(args)
    ctx = d.ctx
    city = {r["goal_id"]: r for r in d.lights.filter(pl.col("org_id") == d.stad_id)
            .iter_rows(named=True)}
    sections = [goal_section(im, d.voms.filter(pl.col("parent_id") == im["id"]), city,
                             d.stad_id, ctx) for im in d.ims.iter_rows(named=True)]
    return html.Div([
        breadcrumbs([("Stad", None)]),
        page.header("Stadsöversikt", f"Måluppfyllelse {ctx.period} {ctx.year} – beräknad från "
                                     "indikatorerna, bredvid kommunstyrelsens egen bedömning"),
        period_selector("/", ctx),
        html.Div(sections, className="mb-4"),
        html.H2("Verksamhetsområdesmål per nämnd", className="h5 mt-4"),
        html.P("Varje ruta är nämndens beräknade ljus för målet; håll muspekaren över den för "
               "antalet indikatorer per färg. Välj en ruta för att öppna nämndens sida för målet, "
               "där ”Varför denna färg?” visar hela beräkningen.",
               className="text-muted small"),
        download_buttons("overview", "matrix", {"ar": ctx.year, "period": ctx.period},
                         "Verksamhetsområdesmål per nämnd"),
        matrix_table(d),
    ])
