"""/ – Stadsöversikt for kommunstyrelsen: a headline per period, the inriktningsmål and their
VOMs with the city's light, score, counts and change (sortable worst first), the district map
by a chosen VOM, and the matrix VOM × nämnd with row and column summaries."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, html

from components import page, round_status
from components.navigation import breadcrumbs, period_selector
from pagekit import data as page_data
from pagekit import guard
from pages.start.data import kolada_rows, load
from pages.start.parts import (
    SORTS,
    goal_sections,
    headline,
    legend_line,
    map_section,
    matrix_section,
    sort_links,
)
from pages.start.tables import VIEW

dash.register_page(__name__, path="/", name="Stadsöversikt", title="Stadsöversikt – Kontrollrum",
                   nav=True, order=0)


def layout(**kwargs):
    return page.frame("overview", **page.query_args(kwargs))


@callback(Output("overview-content", "children"), Input("overview-args", "data"))
@guard.safe
def render(args):
    d = load(args)
    ctx = d.ctx
    status, names = page_data.reporting_round(page_data.get_engine(), page_data.reference(
        page_data.get_engine()), ctx.year, ctx.period)
    sort = args.get("sort") if args.get("sort") in dict(SORTS) else "kod"
    chosen = args.get("mal")
    extra = {k: v for k, v in (("sort", args.get("sort") if sort != "kod" else None),
                               ("mal", chosen)) if v}
    return html.Div([
        page.doc_title("Stadsöversikt"),
        breadcrumbs([("Stad", None)]),
        page.header("Stadsöversikt", f"Måluppfyllelse {ctx.period} {ctx.year} – beräknad från "
                                     "indikatorerna, bredvid kommunstyrelsens egen bedömning"),
        period_selector("/", ctx, extra=extra),
        headline(d, round_status.not_published_sentence(status, names)),
        round_status.section(status, names, f"Rapporteringen {ctx.period} {ctx.year}",
                             query=ctx.query(), id_prefix="overview"),
        html.H2("Stadens mål", className="h5 mt-3"),
        sort_links(d, sort, {"mal": chosen} if chosen else {}),
        VIEW.downloads("goals", {"ar": ctx.year, "period": ctx.period,
                                               "sort": sort}, "Stadens mål"),
        goal_sections(d, sort),
        map_section(d, chosen),
        html.H2("Verksamhetsområdesmål per nämnd", className="h5 mt-4"),
        legend_line(),
        VIEW.downloads("matrix", {"ar": ctx.year, "period": ctx.period,
                                                "sort": sort},
                         "Verksamhetsområdesmål per nämnd"),
        matrix_section(d, sort),
        kolada_section(ctx),
    ])


def kolada_section(ctx):
    """The city's yearly values beside Riket and its comparison group from Kolada, for every
    indicator with a Kolada KPI (issue 23); nothing when there are no comparison values."""
    from components.kolada_comparison import section

    rows = kolada_rows(ctx.year)
    return section(rows, ctx.year, "Staden", ctx.query(), "med Kolada-motsvarighet",
                   "overview-kolada")
