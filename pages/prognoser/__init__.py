"""/prognoser – Prognossäkerhet (DOMAIN.md §3.5): did the T2 lights hold at VB? Per board and
year, how many T2 greens ended yellow or red, split by whether the green rested on a
forecast; the same for the boards' T2 self-assessments; the flows T2 → VB as a Sankey; the
indicators behind every number (a fold per board, loaded when opened).

Query: ?ar= (a year with both T2 and VB), namnd= (a board: its flows instead of all boards').
Two callbacks: the year itself, and the years side by side (stored lights).
The view: data.py (the one loader), tables.py (each table once), charts.py."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, dcc, html

from components import fold, page
from components.charts import graph
from components.navigation import breadcrumbs, no_data, period_selector
from ils import forecasts as fc
from ils.labels import fmt_percent
from pagekit import guard
from pages.prognoser import data, tables
from pages.prognoser.charts import failed_share_bars, sankey, shares_over_years
from pages.prognoser.tables import share

TITLE = "Prognossäkerhet"
dash.register_page(__name__, path="/prognoser", name=TITLE, title=f"{TITLE} – Kontrollrum",
                   nav=True, order=25)

PATH = "/prognoser"
VIEW = tables.VIEW
OPEN_AT = 5  # the list of goals that did not hold is open (and sent) up to this length
year_context = data.year_context


def layout(**kwargs):
    # Every callback target is in the layout (Dash validates ids against it).
    return html.Div([
        page.frame("forecasts", **page.query_args(kwargs), namnd=kwargs.get("namnd")),
        dcc.Store(id="forecasts-sub"),
        html.Section(html.Div(id="forecasts-years"), className="mb-4"),
    ])


@callback(Output("forecasts-content", "children"), Output("forecasts-sub", "data"),
          Input("forecasts-args", "data"))
@guard.safe(outputs=2)
def render(args):
    args = args or {}
    ctx, years = data.year_context(args.get("ar"))
    if ctx is None:
        return no_data(), None
    top = [breadcrumbs([("Stad", "/"), (TITLE, None)], ctx.query()),
           page.header(TITLE, "Höll ljusen från tertialrapport 2 (T2) när "
                              "verksamhetsberättelsen (VB) kom?")]
    if not years:
        return html.Div([page.doc_title(TITLE), *top, dbc.Alert(
            "Det finns inget år med både T2 och VB ännu.", color="info")]), None
    yd = data.load(ctx.year)
    board = args.get("namnd") or None
    notices = []
    if board is not None and board not in yd.names:
        notices.append(f"Nämnden ”{board}” finns inte. Visar alla nämnder.")
        board = None
    extra = {"namnd": board} if board else {}
    eargs = {"ar": ctx.year}
    return html.Div([
        page.doc_title(f"{TITLE}: {yd.names[board]}" if board else TITLE), *top,
        period_selector(PATH, ctx, with_period=False, extra=extra),
        *[dbc.Alert(n, color="warning", className="py-2") for n in notices],
        html.P(_sentence(yd), id="forecasts-summary"),
        _flow_section(yd, board),
        _board_section(yd, ctx, eargs),
        _assessment_section(yd, ctx.query(), eargs),
        html.Section([
            html.H2(f"Indikatorerna bakom siffrorna {ctx.year}", className="h5"),
            html.P("Per nämnd: varje indikator som var grön i T2, med ljuset i VB. De som inte "
                   "höll står först. Välj en indikator för dess sida.",
                   className="small text-muted"),
            *([fold.fold(VIEW.name, {"ar": ctx.year, "org": r["org_id"]},
                        f"{r['name']}: {r['n_green_t2']} "
                        f"{'grön' if r['n_green_t2'] == 1 else 'gröna'} i T2, {r['n_failed']} "
                        "blev gula eller röda", className="mb-2", summary_class="")
              for r in yd.summary.sort("name").iter_rows(named=True)]
            or [html.P(f"Ingen nämnd hade gröna indikatorljus i T2 {ctx.year}: det finns inga "
                       "indikatorer att lista.", className="text-muted small kr-empty")]),
        ], className="mb-4", id="forecasts-indicators"),
    ]), {"years": sorted(years), "year": ctx.year}


def _goals_failed(rows: list[dict], query: str):
    return tables.GOALS_FAILED.html(rows, {"query": query}, table_id="forecasts-assessment-list")


def build_fold(key: dict):
    """The body of a fold of the page, when opened: the goals whose T2 'uppfyllt' did not
    hold (`list: goals`), or one board's T2 greens and what became of them (`org`)."""
    year = key.get("ar")
    if year not in data.forecast_years():
        return html.P("Året finns inte.", className="text-muted small")
    yd = data.load(year)
    if key.get("list") == "goals":
        return _goals_failed(tables.goals_failed_rows(yd), f"?ar={year}&period=VB")
    return _indicators(yd, key.get("org"))


def _indicators(yd: data.YearData, org_id):
    year = yd.year
    if not isinstance(org_id, str) or org_id not in yd.names:
        return html.P("Nämnden finns inte.", className="text-muted small")
    meta = data.indicator_meta()
    greens = yd.pairs.filter((pl.col("org_id") == org_id) & (pl.col("light_t2") == "gron"))
    rows = [dict(r, name=meta.get(r["indicator_id"], (r["indicator_id"], None))[0],
                 unit=meta.get(r["indicator_id"], (None, None))[1])
            for r in greens.sort(pl.col("green_failed").not_(), "indicator_id")
            .iter_rows(named=True)]
    return tables.INDICATORS.html(rows, {"query": f"?ar={year}&period=T2"})


VIEW.fold(build_fold)


def _sentence(yd: data.YearData) -> str:
    t = yd.totals.row(0, named=True) if len(yd.totals) else None
    year = yd.year
    if not t or not t["n_green_t2"]:
        return f"Inga indikatorer var gröna i T2 {year}."
    text = (f"I T2 {year} var {t['n_green_t2']} av nämndernas indikatorljus gröna. "
            f"{share(t['n_failed'], t['n_green_t2'])} blev gula eller röda i VB. "
            f"Av de gröna som vilade på en prognos blev "
            f"{share(t['n_failed_forecast'], t['n_green_forecast'])} gula eller röda; av dem "
            f"som vilade på ett utfall {share(t['n_failed_outcome'], t['n_green_outcome'])}.")
    a = yd.atot.row(0, named=True) if len(yd.atot) else None
    if a and a["n_uppfyllt_t2"]:
        text += (f" Nämnderna bedömde {a['n_uppfyllt_t2']} mål som uppfyllda i T2; "
                 f"{share(a['n_failed'], a['n_uppfyllt_t2'])} bedömdes lägre i VB.")
    return text


def _flow_section(yd: data.YearData, board: str | None) -> html.Section:
    sel = yd.pairs.filter(pl.col("org_id") == board) if board else yd.pairs
    flows = fc.flows(sel).to_dicts()
    who, year = yd.names[board] if board else "alla nämnder", yd.year
    table, rows = tables.flows_table(flows)
    return html.Section([
        html.H2(f"Från T2 till VB {year}: {who}", className="h5"),
        html.P("Varje band är indikatorer som gick från ett ljus i T2 (vänster) till ett ljus "
               "i VB (höger). Röda band: gröna i T2 som blev gula eller röda. Välj en nämnd i "
               "tabellen nedan för att se dess flöden.", className="small text-muted"),
        html.Div([
            html.Div(graph(sankey(flows), "forecasts-sankey",
                           f"Flöden från T2 till VB {year}, {who}") if flows else
                     html.P(f"Ingen indikator ({who}) har ljus i både T2 och VB {year}: "
                            "utan båda perioderna finns inget flöde att visa.",
                            className="text-muted small kr-empty"),
                     className="col-xl-7"),
            html.Div(table.html(rows, table_id="forecasts-flows"), className="col-xl-5 small")
            if flows else None,  # without flows the sentence beside says it once
        ], className="row"),
    ], className="mb-4", id="forecasts-flow")


def _board_section(yd: data.YearData, ctx, eargs: dict) -> html.Section:
    summary, year = yd.summary, yd.year

    def href(org_id):
        return PATH + ctx.query(**({"namnd": org_id} if org_id else {})) + "#forecasts-flow"

    bars = failed_share_bars(summary["name"].to_list(), summary["share_failed"].to_list(),
                             [f"{r['n_failed']} av {r['n_green_t2']}"
                              for r in summary.iter_rows(named=True)])
    return html.Section([
        html.H2(f"Gröna i T2 som inte höll, per nämnd {year}", className="h5"),
        graph(bars, "forecasts-bars", "Andel gröna i T2 som blev gula eller röda i VB, "
                                      "per nämnd") if len(summary) else None,
        html.P("Samma siffror som tabell; ”på prognos” = utfallet saknades i T2 och ljuset "
               "vilade på nämndens prognos.", className="small text-muted"),
        tables.VIEW.downloads(tables.BOARDS.name, eargs,
                         f"Gröna i T2 som inte höll {year}"),
        tables.BOARDS.html(tables.board_rows(yd), {"href": href}, table_id="forecasts-boards"),
    ], className="mb-4")


def _assessment_section(yd: data.YearData, query: str, eargs: dict) -> html.Section:
    rows, year = tables.assessment_rows(yd), yd.year
    failed = tables.goals_failed_rows(yd)  # a long list (motivations) loads when opened
    return html.Section([
        html.H2(f"Nämndernas självskattning: T2 mot VB {year}", className="h5"),
        html.P("Mål som nämnden bedömde som uppfyllda i T2 men som delvis eller ej uppfyllda "
               "i VB.", className="small text-muted"),
        tables.VIEW.downloads(tables.ASSESSMENTS.name, eargs,
                         f"Nämndernas självskattning T2 mot VB {year}") if rows else None,
        tables.ASSESSMENTS.html(rows, table_id="forecasts-assessments"),
        html.H3("Målen som inte höll", className="h6 mt-3"),
        fold.fold(VIEW.name, {"ar": year, "list": "goals"},
                  f"Visa {len(failed)} mål med nämnd och motivering",
                  _goals_failed(failed, query) if len(failed) <= OPEN_AT else None,
                  open_=len(failed) <= OPEN_AT, summary_class="")
        if failed else html.P(tables.GOALS_FAILED.empty),
    ], className="mb-4", id="forecasts-assessment-section")


@callback(Output("forecasts-years", "children"), Input("forecasts-sub", "data"))
@guard.safe
def render_years(sub):
    yrs = data.years(sub.get("years") if isinstance(sub, dict) else None) if sub else None
    if yrs is None:
        return None
    years = yrs.years
    if yrs.totals.is_empty() and yrs.atot.is_empty():
        return [html.H2("Över åren", className="h5"),
                html.P("Inget år har indikatorljus eller självskattningar i både T2 och VB: "
                       "det finns inget att jämföra över åren.",
                       className="text-muted small kr-empty")]
    tot = {r["year"]: r for r in yrs.totals.iter_rows(named=True)}
    at = {r["year"]: r for r in yrs.atot.iter_rows(named=True)}
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
    ind = tables.years_table(years, "n_failed", "n_green_t2")
    assess = tables.years_table(years, "n_failed", "n_uppfyllt_t2")
    return [
        html.H2("Över åren", className="h5"),
        graph(shares_over_years(list(years), series), "forecasts-years-graph",
              "Andel som inte höll från T2 till VB, per år"),
        html.P(alt, className="small text-muted"),
        html.H3("Gröna indikatorljus i T2 som blev gula eller röda i VB", className="h6"),
        tables.VIEW.downloads("years", {}, "Gröna i T2 som inte höll, per år"),
        ind.html(tables.years_rows(yrs.totals, yrs.summary), table_id="forecasts-years-table"),
        html.H3("Mål självskattade som uppfyllda i T2 som bedömdes lägre i VB",
                className="h6 mt-3"),
        tables.VIEW.downloads("years_assessments", {},
                         "Självskattat uppfyllt i T2 som inte höll, per år"),
        assess.html(tables.years_rows(yrs.atot, yrs.asum),
                    table_id="forecasts-years-assessments"),
    ]


def _pct(x) -> str:
    return fmt_percent(x) if x is not None else "–"
