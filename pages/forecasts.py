"""Prognossäkerhet (DOMAIN.md §3.5): did the T2 lights hold at VB? Per board and year, how
many T2 greens ended yellow or red, split by whether the green rested on a forecast; the
same for the boards' T2 self-assessments; the flows T2 → VB as a Sankey; the indicators
behind every number.

Query: ?ar= (a year with both T2 and VB), namnd= (a board: its flows instead of all boards').
Two callbacks: the year itself, and the years side by side."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import MATCH, Input, Output, State, callback, dcc, html, no_update

from components import comparison_forecasts as tables
from components import data, page
from components import forecasts_export as fx
from components.export import download_buttons
from components.charts import graph
from components.comparison_forecasts import share
from components.context import PeriodContext
from components.navigation import breadcrumbs, no_data, period_selector
from ils import forecasts as fc
from ils.labels import fmt_percent
from queries import comparison_views as cv
from pages.prognoser.charts import failed_share_bars, sankey, shares_over_years
from queries.db import get_engine

dash.register_page(__name__, path="/prognoser", name="Prognossäkerhet",
                   title="Prognossäkerhet – Kontrollrum", nav=True, order=25)

PATH = "/prognoser"


def layout(**kwargs):
    # Every callback target is in the layout (Dash validates ids against it).
    return html.Div([
        page.frame("forecasts", **page.query_args(kwargs), namnd=kwargs.get("namnd")),
        dcc.Store(id="forecasts-sub"),
        html.Section(html.Div(id="forecasts-years"), className="mb-4"),
    ])


def year_context(ar: str | None) -> tuple[PeriodContext | None, list[int]]:
    """The year shown (one with T2 and VB, latest by default), with a notice when the one
    asked for cannot be shown."""
    ctx = data.period_context(None, None)
    if ctx.empty:
        return None, []
    years = cv.forecast_years(ctx.available)
    if not years:
        return ctx, []
    year, notice = years[0], None
    if ar not in (None, ""):
        asked = str(ar).strip()
        if asked.isdigit() and int(asked) in years:
            year = int(asked)
        else:
            notice = (f"För ”{ar}” finns inte både T2 och VB. Visar {years[0]} i stället.")
    available = tuple((y, "VB") for y in sorted(years, reverse=True))
    return PeriodContext(year, "VB", notice, available), years


@callback(Output("forecasts-content", "children"), Output("forecasts-sub", "data"),
          Input("forecasts-args", "data"))
@page.safe(outputs=2)
def render(args):
    ctx, years = year_context(args.get("ar"))
    if ctx is None:
        return no_data(), None
    top = [breadcrumbs([("Stad", "/"), ("Prognossäkerhet", None)], ctx.query()),
           page.header("Prognossäkerhet", "Höll ljusen från tertialrapport 2 (T2) när "
                                          "verksamhetsberättelsen (VB) kom?")]
    if not years:
        return html.Div(top + [dbc.Alert("Det finns inget år med både T2 och VB ännu.",
                                         color="info")]), None
    year = ctx.year
    yd = fx.year_data(year)
    sc, names = yd.got.scope, yd.names
    board = args.get("namnd") or None
    notices = []
    if board is not None and board not in names:
        notices.append(f"Nämnden ”{board}” finns inte. Visar alla nämnder.")
        board = None
    extra = {"namnd": board} if board else {}
    query = ctx.query()
    pairs, totals, atot = yd.pairs, yd.totals, yd.atot
    eargs = {"ar": year}
    return html.Div(top + [
        period_selector(PATH, ctx, with_period=False, extra=extra),
        *[dbc.Alert(n, color="warning", className="py-2") for n in notices],
        html.P(_sentence(totals, atot, year), id="forecasts-summary"),
        _flow_section(pairs, board, names, year),
        _board_section(yd, ctx, eargs),
        _assessment_section(yd, query, eargs),
        html.Section([
            html.H2(f"Indikatorerna bakom siffrorna {year}", className="h5"),
            html.P("Per nämnd: varje indikator som var grön i T2, med ljuset i VB. De som inte "
                   "höll står först. Välj en indikator för dess sida.",
                   className="small text-muted"),
            *tables.indicator_folds(_green_counts(pairs, sc.boards), names),
        ], className="mb-4", id="forecasts-indicators"),
    ]), {"years": sorted(years), "year": year}


def _green_counts(pairs: pl.DataFrame, boards: pl.DataFrame) -> list[tuple[str, int, int]]:
    greens = (pairs.filter(pl.col("light_t2") == "gron").group_by("org_id")
              .agg(n=pl.len(), failed=pl.col("green_failed").sum())
              .join(boards.select(pl.col("id").alias("org_id"), "name"), on="org_id")
              .sort("name"))
    return list(greens.select("org_id", "n", "failed").iter_rows())


@callback(Output({"type": "forecasts-ind-body", "org": MATCH}, "children"),
          Input({"type": "forecasts-ind", "org": MATCH}, "n_clicks"),
          State("forecasts-sub", "data"), prevent_initial_call=True)
@page.safe
def fill_indicators(clicks, sub):
    """One board's T2 greens and what became of them, when its fold is first opened (a click on
    the summary, by mouse or keyboard; `open` of html.Details is not sent back)."""
    if clicks != 1 or not sub:  # the first opening fills it; the content stays
        return no_update
    org_id = (dash.ctx.triggered_id or {}).get("org")
    got = cv.forecasts(get_engine(), cv.scope(get_engine()), data.params(), (sub["year"],))
    pairs = fc.indicator_pairs(got.t2.filter(pl.col("org_id") == org_id),
                               got.vb.filter(pl.col("org_id") == org_id))
    meta = {r["id"]: (r["name"], r["unit"]) for r in got.scope.ref.indicators
            .select("id", "name", "unit").iter_rows(named=True)}
    return tables.indicator_list(pairs.filter(pl.col("light_t2") == "gron"), meta,
                                 f"?ar={sub['year']}&period=T2")


def _sentence(totals: pl.DataFrame, atot: pl.DataFrame, year: int) -> str:
    t = totals.row(0, named=True) if len(totals) else None
    if not t or not t["n_green_t2"]:
        return f"Inga indikatorer var gröna i T2 {year}."
    text = (f"I T2 {year} var {t['n_green_t2']} av nämndernas indikatorljus gröna. "
            f"{share(t['n_failed'], t['n_green_t2'])} blev gula eller röda i VB. "
            f"Av de gröna som vilade på en prognos blev "
            f"{share(t['n_failed_forecast'], t['n_green_forecast'])} gula eller röda; av dem "
            f"som vilade på ett utfall {share(t['n_failed_outcome'], t['n_green_outcome'])}.")
    a = atot.row(0, named=True) if len(atot) else None
    if a and a["n_uppfyllt_t2"]:
        text += (f" Nämnderna bedömde {a['n_uppfyllt_t2']} mål som uppfyllda i T2; "
                 f"{share(a['n_failed'], a['n_uppfyllt_t2'])} bedömdes lägre i VB.")
    return text


def _flow_section(pairs, board, names, year) -> html.Section:
    sel = pairs.filter(pl.col("org_id") == board) if board else pairs
    flows = fc.flows(sel).to_dicts()
    who = names[board] if board else "alla nämnder"
    return html.Section([
        html.H2(f"Från T2 till VB {year}: {who}", className="h5"),
        html.P("Varje band är indikatorer som gick från ett ljus i T2 (vänster) till ett ljus "
               "i VB (höger). Röda band: gröna i T2 som blev gula eller röda. Välj en nämnd i "
               "tabellen nedan för att se dess flöden.", className="small text-muted"),
        html.Div([
            html.Div(graph(sankey(flows), "forecasts-sankey",
                           f"Flöden från T2 till VB {year}, {who}") if flows else
                     html.P("Inga indikatorer med ljus i både T2 och VB."),
                     className="col-xl-7"),
            html.Div(tables.flow_table(flows), className="col-xl-5 small"),
        ], className="row"),
    ], className="mb-4", id="forecasts-flow")


def _board_section(yd: fx.YearData, ctx, eargs: dict) -> html.Section:
    summary, names, year = yd.summary, yd.names, ctx.year
    rows = fx.board_rows(yd)

    def href(org_id):
        return PATH + ctx.query(**({"namnd": org_id} if org_id else {})) + "#forecasts-flow"

    bars = failed_share_bars(
        [names.get(r["org_id"], r["org_id"]) for r in summary.iter_rows(named=True)],
        summary["share_failed"].to_list(),
        [f"{r['n_failed']} av {r['n_green_t2']}" for r in summary.iter_rows(named=True)])
    return html.Section([
        html.H2(f"Gröna i T2 som inte höll, per nämnd {year}", className="h5"),
        graph(bars, "forecasts-bars", "Andel gröna i T2 som blev gula eller röda i VB, "
                                      "per nämnd") if len(summary) else None,
        html.P("Samma siffror som tabell; ”på prognos” = utfallet saknades i T2 och ljuset "
               "vilade på nämndens prognos.", className="small text-muted"),
        download_buttons("forecasts", "boards", eargs, f"Gröna i T2 som inte höll {year}"),
        tables.board_table(rows, names, href),
    ], className="mb-4")


def _assessment_section(yd: fx.YearData, query: str, eargs: dict) -> html.Section:
    rows, names, year = fx.assessment_rows(yd), yd.names, eargs["ar"]
    vmap = {v["id"]: v for v in yd.voms.iter_rows(named=True)}
    return html.Section([
        html.H2(f"Nämndernas självskattning: T2 mot VB {year}", className="h5"),
        html.P("Mål som nämnden bedömde som uppfyllda i T2 men som delvis eller ej uppfyllda "
               "i VB.", className="small text-muted"),
        download_buttons("forecasts", "assessments", eargs,
                         f"Nämndernas självskattning T2 mot VB {year}") if rows else None,
        tables.assessment_table(rows, names) if rows else
        html.P("Inga mål bedömdes både i T2 och VB."),
        html.H3("Målen som inte höll", className="h6 mt-3"),
        *tables.assessment_details(yd.apairs, names, vmap, query),
    ], className="mb-4", id="forecasts-assessment-section")


@callback(Output("forecasts-years", "children"), Input("forecasts-sub", "data"))
@page.safe
def render_years(sub):
    if not sub or not sub.get("years"):
        return None
    years = sub["years"]
    yrs = fx.years_data(years)
    names, summary, totals, asum, atot = yrs.names, yrs.summary, yrs.totals, yrs.asum, yrs.atot
    eargs: dict = {}  # every year with T2 and VB, whichever year the page shows
    tot = {r["year"]: r for r in totals.iter_rows(named=True)}
    at = {r["year"]: r for r in atot.iter_rows(named=True)}
    series = {
        "Gröna på prognos som inte höll": [tot.get(y, {}).get("share_failed_forecast")
                                          for y in years],
        "Gröna på utfall som inte höll": [tot.get(y, {}).get("share_failed_outcome")
                                         for y in years],
        "Självskattat uppfyllt i T2 som inte höll": [at.get(y, {}).get("share_failed")
                                                     for y in years],
    }
    alt = " ".join(f"{y}: {_pct(tot.get(y, {}).get('share_failed'))} av de gröna "
                   f"indikatorljusen höll inte." for y in years)
    return [
        html.H2("Över åren", className="h5"),
        graph(shares_over_years(years, series), "forecasts-years-graph",
              "Andel som inte höll från T2 till VB, per år"),
        html.P(alt, className="small text-muted"),
        html.H3("Gröna indikatorljus i T2 som blev gula eller röda i VB", className="h6"),
        download_buttons("forecasts", "years", eargs, "Gröna i T2 som inte höll, per år"),
        tables.years_table(summary, totals, names, years, "forecasts-years-table"),
        html.H3("Mål självskattade som uppfyllda i T2 som bedömdes lägre i VB",
                className="h6 mt-3"),
        download_buttons("forecasts", "years_assessments", eargs,
                         "Självskattat uppfyllt i T2 som inte höll, per år"),
        tables.years_table(asum, atot, names, years, "forecasts-years-assessments",
                           den="n_uppfyllt_t2"),
    ]


def _pct(x) -> str:
    return fmt_percent(x) if x is not None else "–"
