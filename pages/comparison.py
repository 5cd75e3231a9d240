"""Självskattning mot utfall: each board's self-assessment beside the light its indicators
give (DOMAIN.md §3.4), per goal, per board (optimism index, ranked, with the basis it gave),
kommunstyrelsen against the boards, and the indicators the boards reported fulfilled.

Query: ?ar=&period= (as everywhere), typ= (board kind), mal= (a VOM), avvikelser=1 (only
boards with a disagreement), sort=namn (board table by name instead of rank). Three
callbacks, each within the time budget: the period itself, the trend over the years, and
the reported statuses in every period of the year."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import MATCH, Input, Output, State, callback, dcc, html, no_update

from components import comparison_export as cx
from components import comparison_filters as filters
from components import comparison_tables as tables
from components import data, page
from components.charts import graph
from components.comparison_charts import optimism_multiples
from components.comparison_parts import signed
from components.export import download_buttons
from components.navigation import breadcrumbs, no_data, period_selector
from ils import comparison as cmp
from ils.model import PERIODS
from queries import comparison_views as cv
from queries.db import get_engine

dash.register_page(__name__, path="/jamforelse", name="Självskattning mot utfall",
                   title="Självskattning mot utfall – Kontrollrum", nav=True, order=20)

PATH = "/jamforelse"
EXTRA_KEYS = ("typ", "avvikelser")


def layout(**kwargs):
    # Every callback target is in the layout (Dash validates ids against it); the render
    # callback fills the content and hands the later callbacks their arguments.
    return html.Div([
        page.frame("comparison", **page.query_args(kwargs),
                   **{k: kwargs.get(k) for k in EXTRA_KEYS}),
        dcc.Store(id="comparison-sub"),
        html.Section(html.Div(id="comparison-trend"), className="mb-4"),
        html.Div(id="comparison-rest"),
        html.Section(html.Div(id="comparison-periods"), className="mb-4"),
    ])


def sub_args(args: dict, ctx=None) -> dict | None:
    """The arguments of the trend and period callbacks for the page arguments `args`."""
    ctx = ctx or data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    return {"year": ctx.year, "period": ctx.period, "typ": args.get("typ"),
            "years": sorted({y for y, p in ctx.available if p == ctx.period}),
            "periods": [p for p in PERIODS if (ctx.year, p) in ctx.available],
            "mal": args.get("mal")}


@callback(Output("comparison-content", "children"), Output("comparison-rest", "children"),
          Output("comparison-sub", "data"), Input("comparison-args", "data"))
@page.safe(outputs=3)
def render(args):
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return no_data(), None, None
    c = cx.chosen(args, ctx)
    sc, f, boards, voms, gaps = c.now.scope, c.f, c.boards, c.voms, c.gaps
    eargs = {"ar": ctx.year, "period": ctx.period, **f}
    query = ctx.query()
    sub = sub_args(args, ctx) | {"typ": f["typ"], "mal": f["mal"]}
    top = html.Div([
        breadcrumbs([("Stad", "/"), ("Självskattning mot utfall", None)], query),
        page.header("Självskattning mot indikatorutfall",
                    f"Nämndernas egna bedömningar bredvid det ljus indikatorerna ger – "
                    f"{ctx.period} {ctx.year}"),
        period_selector(PATH, ctx, extra={k: v for k, v in f.items() if v}),
        *[dbc.Alert(n, color="warning", className="py-2") for n in c.notices],
        filters.bar(PATH, ctx, f, filters.board_kinds(sc.boards), c.voms_all),
        html.P(_summary(gaps), id="comparison-summary"),
        _matrix_section(boards, voms, c.rows, query, bool(f["avvikelser"]), eargs),
        _board_section(c, eargs),
    ])
    rest = html.Div([
        _ks_section(c, eargs),
        _reported_section(c, eargs),
    ])
    return top, rest, sub


def _summary(gaps: pl.DataFrame) -> str:
    assessed = gaps.filter(pl.col("self_assessment").is_not_null())
    g = assessed["gap"]
    n_cmp = g.count()
    return (f"Nämnderna har självskattat {len(assessed)} mål. {n_cmp} kan jämföras med "
            f"indikatorernas ljus: {(g == 0).sum()} stämmer, {(g > 0).sum()} är mer positiva "
            f"och {(g < 0).sum()} mer negativa än indikatorerna.")


def _matrix_section(boards, voms, rows, query, only_gaps, eargs) -> html.Section:
    return html.Section([
        html.H2("Självskattning och beräknat ljus per nämnd och mål", className="h5"),
        html.P(["I varje ruta: nämndens självskattning (dubbel ram), ljuset som indikatorerna "
                "ger (beräknat), och skillnaden i steg: ",
                html.Strong("+1/+2"), " = självskattningen är mer positiv än indikatorerna, ",
                html.Strong("±0"), " = de stämmer, ", html.Strong("−1/−2"),
                " = mer negativ, ", html.Strong("·"),
                " = kan inte jämföras (inget ljus eller ingen självskattning). Välj en ruta "
                "för nämndens motivering och indikatorer."], className="small text-muted"),
        download_buttons("comparison", "matrix", eargs,
                         "Självskattning och beräknat ljus per nämnd och mål", csv=True),
        tables.matrix(boards, voms, rows, query, only_gaps),
    ], className="mb-4")


def _board_section(c: cx.Chosen, eargs: dict) -> html.Section:
    ctx, f = c.ctx, c.f
    rows, by_basis = cx.ranking(c)
    sort_link = dcc.Link("Sortera efter namn" if f["sort"] != "namn" else
                         "Sortera efter optimismindex",
                         href=PATH + ctx.query(**{**f, "sort": None if f["sort"] else "namn"}),
                         className="small d-print-none")
    return html.Section([
        html.H2("Nämnderna rangordnade efter optimismindex", className="h5"),
        html.P([html.Strong("Optimismindex"), " = medelvärdet av skillnaden mellan "
                "självskattning och beräknat ljus, över de mål nämnden har bedömt och som har "
                "ett ljus (uppfyllt = 2, delvis = 1, ej = 0 på båda sidor). Det går från −2 "
                "(alltid mer negativ än indikatorerna) till +2 (alltid mer positiv); 0 betyder "
                "att bedömningarna i snitt stämmer. Mål utan ljus räknas inte. Räknat över "
                f"alla verksamhetsområdesmål i {ctx.period} {ctx.year}."],
               className="small text-muted"),
        html.Div([sort_link, download_buttons("comparison", "boards", eargs,
                                              "Nämnderna rangordnade efter optimismindex")],
                 className="d-flex flex-wrap gap-3 align-items-baseline"),
        tables.board_table(rows, c.names, ctx.query()),
        html.H3("Underlag för bedömningen och hur positiva bedömningarna blev",
                className="h6 mt-3"),
        html.P("Revisorerna fann att nämnder som gör en samlad bedömning och nämnder som bara "
               "utgår från indikatorerna bedömer liknande resultat olika. Här: alla "
               "nämnders jämförbara mål, grupperade efter underlaget de angav.",
               className="small text-muted"),
        tables.basis_table(by_basis) if len(by_basis) else
        html.P("Inga jämförbara självskattningar."),
    ], className="mb-4")


def _ks_section(c: cx.Chosen, eargs: dict) -> html.Section:
    ks = cx.ks_rows(c)
    vmap = {v["id"]: v for v in c.voms.iter_rows(named=True)}
    ctx = c.ctx
    return html.Section([
        html.H2("Kommunstyrelsen mot nämnderna", className="h5"),
        html.P("Per mål: hur nämnderna bedömde det, kommunstyrelsens bedömning för staden "
               "som helhet och stadens ljus beräknat från indikatorerna.",
               className="small text-muted"),
        download_buttons("comparison", "ks", eargs,
                         f"Kommunstyrelsen mot nämnderna {ctx.period} {ctx.year}"),
        tables.ks_table(ks, vmap, c.now.scope.stad_id, ctx),
    ], className="mb-4", id="comparison-ks-section")


_reported = cx.reported_rows  # the boards' reported statuses against the lights


def _reported_section(c: cx.Chosen, eargs: dict) -> html.Section:
    ctx, sc, names = c.ctx, c.now.scope, c.names
    rep = _reported(c.now.indicators, c.boards["id"].to_list(), c.f["mal"], sc)
    order = sc.boards.select(pl.col("id").alias("org_id"), "name")
    summary = cx.reported_summary(rep, sc.boards)
    look = (cmp.worth_a_look(rep).group_by("org_id").agg(n=pl.len())
            .join(order, on="org_id").sort("name"))
    return html.Section([
        html.H2(f"Indikatorer: rapporterad status mot ljuset – {ctx.period} {ctx.year}",
                className="h5"),
        html.P("Nämnderna rapporterar också en status per indikator. Här ställs den mot ljuset "
               "reglerna ger. ”Rapporterad uppfylld utan utfall” = nämnden rapporterade "
               "indikatorn som uppfylld fast inget utfall fanns (ljuset vilar på en prognos "
               "eller saknas).", className="small text-muted"),
        download_buttons("comparison", "reported", eargs, f"Rapporterad status mot ljuset "
                                                          f"{ctx.period} {ctx.year}")
        if len(summary) else None,
        tables.reported_summary_table(summary, names, ctx.query()) if len(summary) else
        html.P("Inga nämnder har rapporterat status för indikatorerna denna period.",
               id="comparison-reported-empty"),
        html.H3("Indikatorer att titta närmare på", className="h6 mt-3") if len(look) else None,
        html.P("Rapporterade mer positivt än ljuset, rapporterade uppfyllda utan utfall eller "
               "utan ljus. Öppna en nämnd för listan.",
               className="small text-muted") if len(look) else None,
        *tables.reported_folds(list(look.select("org_id", "n").iter_rows()), names),
    ], className="mb-4", id="comparison-reported-section")


@callback(Output({"type": "comparison-rep-body", "org": MATCH}, "children"),
          Input({"type": "comparison-rep", "org": MATCH}, "n_clicks"),
          State("comparison-sub", "data"), prevent_initial_call=True)
@page.safe
def fill_reported(clicks, sub):
    """One board's list of reported indicators to look at, when its fold is first opened (a click on
    the summary, by mouse or keyboard; `open` of html.Details is not sent back)."""
    if clicks != 1 or not sub:  # the first opening fills it; the content stays
        return no_update
    org_id = ctx_id()["org"]
    now = cv.comparison_now(get_engine(), sub["year"], sub["period"], data.params())
    rows = cmp.worth_a_look(_reported(now.indicators, [org_id], sub.get("mal"), now.scope))
    meta = {r["id"]: (r["name"], r["unit"]) for r in now.scope.ref.indicators
            .select("id", "name", "unit").iter_rows(named=True)}
    query = f"?ar={sub['year']}&period={sub['period']}"
    return tables.reported_list(rows, meta, query) if len(rows) else html.P("Inga.")


def ctx_id() -> dict:
    return dash.ctx.triggered_id or {}


@callback(Output("comparison-trend", "children"), Input("comparison-sub", "data"))
@page.safe
def render_trend(sub):
    if not sub:
        return None
    sc, goals = cv.comparison_trend(get_engine(), sub["period"], sub["years"], data.params())
    boards = sc.boards.filter(pl.col("kind") == sub["typ"]) if sub.get("typ") else sc.boards
    counts = cmp.gap_counts(cmp.board_gaps(goals, boards["id"].to_list()))
    trend = cmp.optimism_trend(counts, sub["period"])
    city = cmp.city_optimism(cmp.board_gaps(goals, boards["id"].to_list()))
    years = sub["years"]
    series = {"Alla nämnder": [(r["year"], r["optimism"]) for r in city.iter_rows(named=True)]}
    for b in boards.iter_rows(named=True):
        pts = [(r["year"], r["optimism"]) for r in
               trend.filter(pl.col("org_id") == b["id"]).iter_rows(named=True)]
        if pts:
            series[b["name"]] = pts
    head = html.Thead(html.Tr([html.Th("Nämnd", scope="col")]
                              + [html.Th(str(y), scope="col", className="text-end")
                                 for y in years]))
    body = [html.Tr([html.Th(name, scope="row", className="fw-normal")]
                    + [html.Td(signed(dict(pts).get(y)), className="text-end") for y in years])
            for name, pts in series.items()]
    return [
        html.H3(f"Optimismindex över åren ({sub['period']} varje år)", className="h6"),
        html.P("Ett litet diagram per nämnd; streckad linje = stämmer med indikatorerna. "
               "Samma siffror finns i tabellen under diagrammet.", className="small text-muted"),
        graph(optimism_multiples(series, years), "comparison-trend-graph",
              "Optimismindex per nämnd och år"),
        html.Details([html.Summary("Optimismindex per nämnd och år som tabell"),
                      html.Div(dbc.Table([head, html.Tbody(body)], size="sm",
                                         className="kr-table", id="comparison-trend-table"),
                               className="table-responsive")], open=False),
    ]


@callback(Output("comparison-periods", "children"), Input("comparison-sub", "data"))
@page.safe
def render_periods(sub):
    if not sub or not sub["periods"]:
        return None
    sc, ind = cv.comparison_periods(get_engine(), sub["year"], sub["periods"], data.params())
    boards = sc.boards.filter(pl.col("kind") == sub["typ"]) if sub.get("typ") else sc.boards
    summary = cmp.reported_summary(cmp.reported_rows(ind, boards["id"].to_list()))
    summary = summary.join(sc.boards.select(pl.col("id").alias("org_id"), "name"),
                           on="org_id").sort("name", "period")
    names = dict(sc.boards.select("id", "name").iter_rows())
    return [
        html.H3(f"Per nämnd och period {sub['year']}", className="h6"),
        html.P("Antal indikatorer som rapporterades uppfyllda utan utfall, och som "
               "rapporterades uppfyllda fast ljuset var delvis eller ej uppfyllt.",
               className="small text-muted"),
        tables.periods_table(summary, names, sub["periods"]) if len(summary) else
        html.P("Inga rapporterade statusar detta år."),
    ]
