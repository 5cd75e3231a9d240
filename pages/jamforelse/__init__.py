"""/jamforelse – Självskattning mot utfall: each board's self-assessment beside the light its
indicators give (DOMAIN.md §3.4), per goal, per board (optimism index, ranked, with the basis
it gave), kommunstyrelsen against the boards, and the indicators the boards reported fulfilled.

Query: ?ar=&period= (as everywhere), typ= (board kind), mal= (a VOM), avvikelser=1 (only
boards with a disagreement), sort=namn (board table by name instead of rank). Two
callbacks: the period itself, and the reported statuses in every period of the year (stored
lights); the trend over the years (a chart, below the fold) and a board's indicators load
when their folds open.
The view: data.py (the one loader), tables.py (each table once), parts.py, charts.py,
filters.py."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, dcc, html

from components import fold, page
from components.charts import BOARDS_MAX, graph
from components.navigation import breadcrumbs, no_data, period_selector
from ils import comparison as cmp
from pagekit import guard
from pages.jamforelse import data, filters, tables
from pages.jamforelse.charts import (
    PHONE_CHARS,
    PHONE_COLS,
    chart_series,
    optimism_multiples,
)
from pages.jamforelse.parts import matrix

TITLE = "Självskattning mot utfall"
dash.register_page(__name__, path="/jamforelse", name=TITLE, title=f"{TITLE} – Kontrollrum",
                   nav=True, order=20)

PATH = "/jamforelse"
VIEW = tables.VIEW
EXTRA_KEYS = ("typ", "avvikelser")


def layout(**kwargs):
    # Every callback target is in the layout (Dash validates ids against it); the render
    # callback fills the content and hands the later callbacks their arguments.
    return html.Div([
        page.frame("comparison", **page.query_args(kwargs),
                   **{k: kwargs.get(k) for k in EXTRA_KEYS}),
        dcc.Store(id="comparison-sub"),
        html.Div(id="comparison-rest"),
        html.Section(html.Div(id="comparison-periods"), className="mb-4"),
    ])


def sub_args(args: dict, d: data.ComparisonData | None = None) -> dict | None:
    """The arguments of the trend fold and the periods callback for the page arguments `args`
    (they check them again: they come back from the browser)."""
    d = d or data.load(args)
    if d is None:
        return None
    ctx = d.ctx
    return {"year": ctx.year, "period": ctx.period, "typ": d.f["typ"], "mal": d.f["mal"],
            "years": sorted({y for y, p in ctx.available if p == ctx.period})}


@callback(Output("comparison-content", "children"), Output("comparison-rest", "children"),
          Output("comparison-sub", "data"), Input("comparison-args", "data"))
@guard.safe(outputs=3)
def render(args):
    d = data.load(args or {})
    if d is None:
        return no_data(), None, None
    ctx, f, eargs = d.ctx, d.f, d.args
    query = ctx.query()
    top = html.Div([
        page.doc_title(TITLE),
        breadcrumbs([("Stad", "/"), (TITLE, None)], query),
        page.header("Självskattning mot indikatorutfall",
                    f"Nämndernas egna bedömningar bredvid det ljus indikatorerna ger – "
                    f"{ctx.period} {ctx.year}"),
        period_selector(PATH, ctx, extra={k: v for k, v in f.items() if v}),
        *[dbc.Alert(n, color="warning", className="py-2") for n in d.notices],
        filters.bar(PATH, ctx, f, list(d.kinds), d.voms_all),
        html.P(_summary(d.gaps), id="comparison-summary"),
        _board_section(d, eargs),  # which boards are more positive: before the 30 × 12 matrix
        _matrix_section(d, query, eargs),
    ])
    sub = sub_args(args, d)
    rest = html.Div([_trend_section(sub), _ks_section(d, eargs), _reported_section(d, eargs)])
    return top, rest, sub


def _summary(gaps: pl.DataFrame) -> str:
    assessed = gaps.filter(pl.col("self_assessment").is_not_null())
    g = assessed["gap"]
    return (f"Nämnderna har självskattat {len(assessed)} mål. {g.count()} kan jämföras med "
            f"indikatorernas ljus: {(g == 0).sum()} stämmer, {(g > 0).sum()} är mer positiva "
            f"och {(g < 0).sum()} mer negativa än indikatorerna.")


def _matrix_section(d, query, eargs) -> html.Section:
    return html.Section([
        html.H2("Självskattning och beräknat ljus per nämnd och mål", className="h5"),
        html.P(["I varje ruta: nämndens självskattning (dubbel ram), ljuset som indikatorerna "
                "ger (beräknat), och skillnaden i steg: ",
                html.Strong("+1/+2"), " = självskattningen är mer positiv än indikatorerna, ",
                html.Strong("±0"), " = de stämmer, ", html.Strong("−1/−2"),
                " = mer negativ, ", html.Strong("·"),
                " = kan inte jämföras (inget ljus eller ingen självskattning). Välj en ruta "
                "för nämndens motivering och indikatorer; med tangentbordet flyttar "
                "piltangenterna mellan rutorna och Enter öppnar rutan. Ett måls kolumnrubrik "
                "sorterar nämnderna efter skillnaden."], className="small text-muted"),
        tables.VIEW.downloads(tables.MATRIX.name, eargs,
                         "Självskattning och beräknat ljus per nämnd och mål", csv=True),
        matrix(d, query),
    ], className="mb-4")


def _board_section(d: data.ComparisonData, eargs: dict) -> html.Section:
    ctx, f = d.ctx, d.f
    sort_link = dcc.Link("Sortera efter namn" if f["sort"] != "namn" else
                         "Sortera efter optimismindex",
                         href=PATH + ctx.query(**{**f, "sort": None if f["sort"] else "namn"}),
                         className="small d-print-none")
    return html.Section([
        html.H2("Nämnderna rangordnade efter optimismindex", className="h5", id="optimism"),
        html.P([html.Strong("Optimismindex"), " = medelvärdet av skillnaden mellan "
                "självskattning och beräknat ljus, över de mål nämnden har bedömt och som har "
                "ett ljus (uppfyllt = 2, delvis = 1, ej = 0 på båda sidor). Det går från −2 "
                "(alltid mer negativ än indikatorerna) till +2 (alltid mer positiv); 0 betyder "
                "att bedömningarna i snitt stämmer. Mål utan ljus räknas inte. Räknat över "
                f"alla verksamhetsområdesmål i {ctx.period} {ctx.year}."],
               className="small text-muted"),
        html.Div([sort_link, tables.VIEW.downloads(tables.BOARDS.name, eargs,
                                              "Nämnderna rangordnade efter optimismindex")],
                 className="d-flex flex-wrap gap-3 align-items-baseline"),
        tables.BOARDS.html(tables.board_rows(d), {"query": ctx.query()},
                           table_id="comparison-boards"),
        html.H3("Underlag för bedömningen och hur positiva bedömningarna blev",
                className="h6 mt-3"),
        html.P("Revisorerna fann att nämnder som gör en samlad bedömning och nämnder som bara "
               "utgår från indikatorerna bedömer liknande resultat olika. Här: alla "
               "nämnders jämförbara mål, grupperade efter underlaget de angav.",
               className="small text-muted"),
        tables.BASIS.html(d.by_basis, table_id="comparison-basis"),
    ], className="mb-4")


def _ks_section(d: data.ComparisonData, eargs: dict) -> html.Section:
    ctx = d.ctx
    return html.Section([
        html.H2("Kommunstyrelsen mot nämnderna", className="h5"),
        html.P("Per mål: hur nämnderna bedömde det, kommunstyrelsens bedömning för staden "
               "som helhet och stadens ljus beräknat från indikatorerna.",
               className="small text-muted"),
        tables.VIEW.downloads(tables.KS.name, eargs,
                         f"Kommunstyrelsen mot nämnderna {ctx.period} {ctx.year}"),
        tables.KS.html(tables.ks_rows(d), {"ctx": ctx, "stad_id": d.stad_id},
                       table_id="comparison-ks"),
    ], className="mb-4", id="comparison-ks-section")


def _reported_section(d: data.ComparisonData, eargs: dict) -> html.Section:
    ctx, summary, look = d.ctx, d.reported_summary, d.look
    return html.Section([
        html.H2(f"Indikatorer: rapporterad status mot ljuset – {ctx.period} {ctx.year}",
                className="h5"),
        html.P("Nämnderna rapporterar också en status per indikator. Här ställs den mot ljuset "
               "reglerna ger. ”Rapporterad uppfylld utan utfall” = nämnden rapporterade "
               "indikatorn som uppfylld fast inget utfall fanns (ljuset vilar på en prognos "
               "eller saknas).", className="small text-muted"),
        tables.VIEW.downloads(tables.REPORTED.name, eargs,
                         f"Rapporterad status mot ljuset {ctx.period} {ctx.year}")
        if len(summary) else None,
        tables.REPORTED.html(summary, {"query": ctx.query()}, table_id="comparison-reported")
        if len(summary) else html.P(tables.REPORTED.empty, id="comparison-reported-empty"),
        html.H3("Indikatorer att titta närmare på", className="h6 mt-3") if look else None,
        html.P("Rapporterade mer positivt än ljuset, rapporterade uppfyllda utan utfall eller "
               "utan ljus. Öppna en nämnd för listan.",
               className="small text-muted") if look else None,
        *[fold.fold(VIEW.name, {**eargs, "org": org_id},
                    f"{d.names.get(org_id, org_id)}: {n} "
                    f"{'indikator' if n == 1 else 'indikatorer'}", className="mb-2",
                    summary_class="")
          for org_id, n in look],
    ], className="mb-4", id="comparison-reported-section")


def reported_fold(key: dict):
    """One board's reported indicators worth a look (the body of its fold, when opened)."""
    d = data.load(key)
    org_id = key.get("org")
    if d is None or not isinstance(org_id, str) or org_id not in d.names:
        return html.P("Nämnden finns inte.", className="text-muted small")
    meta = data.indicator_meta()
    rows = cmp.worth_a_look(d.reported.filter(pl.col("org_id") == org_id))
    rows = [dict(r, name=meta.get(r["indicator_id"], (r["indicator_id"], None))[0],
                 unit=meta.get(r["indicator_id"], (None, None))[1])
            for r in rows.iter_rows(named=True)]
    return tables.REPORTED_LIST.html(rows, {"query": d.ctx.query()})


def _multiples(series: dict, years: list[int]) -> html.Div:
    """The small multiples, five a row; on a phone two a row (five left each panel 70 px and
    ran the board names into each other), as the indicator page swaps its chart."""
    label = "Optimismindex per nämnd och år"
    return html.Div([
        html.Div(graph(optimism_multiples(series, years), "comparison-trend-graph", label),
                 className="d-none d-sm-block"),
        html.Div(graph(optimism_multiples(series, years, PHONE_COLS, PHONE_CHARS),
                       "comparison-trend-graph-phone", label), className="d-sm-none"),
    ])


def fold_body(key: dict):
    """The body of one of the page's folds when it is opened: the trend over the years
    (`part`: trend) or one board's reported indicators worth a look (`org`)."""
    if isinstance(key, dict) and key.get("part") == "trend":
        return render_trend(key) or html.P("Det finns inga år att visa.",
                                           className="text-muted small")
    return reported_fold(key)


VIEW.fold(fold_body)


def _trend_section(sub: dict) -> html.Section:
    """The optimism index over the years, folded: its chart of a panel per board is below the
    fold, and drawing it (with plotly.js fetched for it) cost the page more than half a second;
    it is built when opened (`render_trend`), and printing opens it."""
    title = f"Optimismindex över åren ({sub['period']} varje år)"
    return html.Section(fold.fold(VIEW.name, {**sub, "part": "trend"},
                                  html.H2(title, className="h5 d-inline"),
                                  summary_class="border-bottom pb-1"),
                        className="mb-4", id="comparison-trend-section", **{"aria-label": title})


@guard.safe
def render_trend(sub):
    """The body of the folded trend: small multiples and their table (None: no such period)."""
    t = data.trend(sub or {})
    if t is None:
        return None
    rows = [{"name": name, "points": dict(pts)} for name, pts in t.series.items()]
    if not any(v is not None for pts in t.series.values() for _, v in pts):
        return [html.P(f"Ingen nämnd har ett optimismindex i {t.period} något år: inga "
                       "självskattningar kan jämföras med ett beräknat ljus.",
                       className="text-muted small kr-empty")]
    drawn = chart_series(t.series, BOARDS_MAX, t.years[-1])
    boards = len(t.series) - 1
    return [
        html.P("Ett litet diagram per nämnd; streckad linje = stämmer med indikatorerna. "
               "Samma siffror finns i tabellen under diagrammet.", className="small text-muted"),
        html.P(f"Diagrammet visar alla nämnder tillsammans och de {len(drawn) - 1} av {boards} "
               f"nämnder som hade högst optimismindex {t.years[-1]}; tabellen har alla.",
               className="small text-muted", id="comparison-trend-cut")
        if len(drawn) < len(t.series) else None,
        _multiples({k: list(v) for k, v in drawn.items()}, list(t.years)),
        html.Details([html.Summary("Optimismindex per nämnd och år som tabell"),
                      tables.trend_table(t.years).html(rows, table_id="comparison-trend-table")],
                     open=False),
    ]


@callback(Output("comparison-periods", "children"), Input("comparison-sub", "data"))
@guard.safe
def render_periods(sub):
    p = data.periods(sub or {})
    if p is None:
        return None
    return [
        html.H3(f"Per nämnd och period {p.year}", className="h6"),
        html.P("Antal indikatorer som rapporterades uppfyllda utan utfall, och som "
               "rapporterades uppfyllda fast ljuset var delvis eller ej uppfyllt.",
               className="small text-muted"),
        tables.periods_table(p.periods).html(tables.periods_rows(p),
                                             table_id="comparison-periods"),
    ]
