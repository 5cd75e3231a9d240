"""Stadsöversikt: the inriktningsmål and their VOMs with the city's computed light beside
kommunstyrelsen's own assessment, and the matrix VOM × nämnd of computed lights."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, dcc, html

from components import data, overview_export, page  # noqa: F401  (registers the export)
from components.export import download_buttons
from components.explain import why_button
from components.lights import assessment_badge, light_badge
from components.navigation import breadcrumbs, period_selector
from ils.labels import KIND_GROUP_LABEL, light_label
from ils.rules import goals_in_force
from queries import views

dash.register_page(__name__, path="/", name="Stadsöversikt", title="Stadsöversikt – Kontrollrum",
                   nav=True, order=0)

KIND_ORDER = ("stadsdelsnamnd", "facknamnd", "bolag")


def layout(**kwargs):
    return page.frame("overview", **page.query_args(kwargs))


def goal_section(im: dict, voms: pl.DataFrame, city: dict, query: str, ctx) -> html.Section:
    items = []
    for v in voms.iter_rows(named=True):
        row = city.get(v["id"], {})
        label = f"{v['code']} {v['title']}, staden"
        items.append(html.Li([
            html.Div([html.Span(v["code"] or "", className="kr-code me-2"),
                      dcc.Link(v["title"], href=f"/mal/{v['id']}{query}")], className="kr-goal-title"),
            html.Div([
                html.Span("Beräknat: ", className="small text-muted"),
                light_badge(row.get("light", "saknas")),
                why_button(v["id"], city.get("_stad"), ctx.year, ctx.period, label)
                if row else None,
                html.Span("Kommunstyrelsen: ", className="small text-muted ms-3"),
                assessment_badge(row.get("self_assessment"), prefix="Kommunstyrelsens bedömning"),
            ], className="kr-goal-lights"),
        ], className="list-group-item d-flex flex-wrap justify-content-between gap-2"))
    return html.Section([
        html.H2(im["title"], className="h5 mt-3"),
        html.Ul(items, className="list-group"),
    ], **{"aria-label": im["title"]})


def matrix(boards: pl.DataFrame, voms: pl.DataFrame, lights: dict, query: str):
    head = html.Thead(html.Tr([html.Th("Nämnd", scope="col")] + [
        html.Th(html.Abbr(v["code"] or v["id"], title=v["title"]), scope="col",
                className="text-center") for v in voms.iter_rows(named=True)]))
    body = []
    for kind in KIND_ORDER:
        group = boards.filter(pl.col("kind") == kind)
        if group.is_empty():
            continue
        body.append(html.Tr(html.Th(KIND_GROUP_LABEL[kind], colSpan=len(voms) + 1, scope="colgroup",
                                    className="table-light")))
        for b in group.iter_rows(named=True):
            cells = [html.Th(dcc.Link(b["name"], href=f"/namnd/{b['id']}{query}"), scope="row")]
            for v in voms.iter_rows(named=True):
                row = lights.get((v["id"], b["id"]))
                if row is None:
                    cells.append(html.Td(light_badge("ej_malsatt", compact=True,
                                                     label="Inga indikatorer"),
                                         className="text-center kr-cell"))
                    continue
                text = (f"{b['name']}, mål {v['code']}: {light_label(row['light'])} – "
                        f"{row['n_green']} uppfyllda, {row['n_yellow']} delvis, {row['n_red']} ej, "
                        f"{row['n_missing']} utan utfall")
                cells.append(html.Td(dcc.Link(light_badge(row["light"], compact=True, label=text),
                                              href=f"/namnd/{b['id']}{query}&mal={v['id']}"
                                                   f"#mal-{v['id']}", className="kr-cell-link"),
                                     className="text-center kr-cell"))
            body.append(html.Tr(cells))
    return html.Div(dbc.Table([head, html.Tbody(body)], bordered=True, size="sm",
                              className="kr-matrix mb-0"), className="table-responsive")


@callback(Output("overview-content", "children"), Input("overview-args", "data"))
@page.safe
def render(args):
    ctx, engine, ref = data.page_start(args)
    orgs = ref.organisation
    stad = orgs.filter(pl.col("level") == "stad")
    boards = orgs.filter(pl.col("level") == "namnd").sort("name")
    scope = tuple(stad["id"].to_list() + boards["id"].to_list())
    got = views.lights(engine, ctx.year, ctx.period, data.params(), org_ids=scope, ref=ref)
    goals = goals_in_force(ref.goals, ctx.year).sort("code", "id")
    ims = goals.filter(pl.col("level") == "inriktningsmal")
    voms = goals.filter(pl.col("level") == "verksamhetsomradesmal")
    lights = {(r["goal_id"], r["org_id"]): r for r in got.goals.iter_rows(named=True)}
    stad_id = stad["id"][0] if len(stad) else None
    city = {g: r for (g, o), r in lights.items() if o == stad_id}
    city["_stad"] = stad_id
    query = ctx.query()
    sections = [goal_section(im, voms.filter(pl.col("parent_id") == im["id"]), city, query, ctx)
                for im in ims.iter_rows(named=True)]
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
        matrix(boards, voms, lights, query),
    ])
