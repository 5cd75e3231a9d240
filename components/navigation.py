"""Breadcrumbs, the year/period selector (as links, so every choice is a shareable URL)
and the 'hittades inte' message."""

from __future__ import annotations

from urllib.parse import parse_qs, urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html

from components.context import PeriodContext
from ils.labels import PERIOD_LABEL
from ils.periods import PERIODS

ORG_PATH = {"stad": "/", "namnd": "/namnd/", "avdelning": "/avdelning/", "enhet": "/enhet/"}


def org_href(level: str | None, org_id: str, query: str = "") -> str | None:
    """The page of an org: /namnd/…, /avdelning/…, /enhet/… (the stad → the overview)."""
    base = ORG_PATH.get(level or "")
    if base is None:
        return None
    return (base if level == "stad" else base + org_id) + query


PERIOD_KEYS = ("ar", "period")


def with_period(href: str, search: str | None) -> str:
    """`href` with the year and period of the current URL's query `search` ("?ar=2022&
    period=T2&sort=varst" → href + "?ar=2022&period=T2"): the menu keeps the period a reader
    chose (issue 21 item 7). Other arguments belong to the page they were on and are dropped."""
    args = parse_qs((search or "").lstrip("?"), keep_blank_values=False)
    kept = {k: args[k][0] for k in PERIOD_KEYS if args.get(k)}
    return href + ("?" + urlencode(kept) if kept else "")


def breadcrumbs(trail: list[tuple[str, str | None]], query: str = "") -> html.Nav:
    """Stad › Nämnd › Avdelning › Enhet. `trail` is (label, path or None for the current)."""
    items = []
    for i, (label, path) in enumerate(trail):
        last = i == len(trail) - 1
        inner = label if (last or path is None) else dcc.Link(label, href=path + query)
        items.append(html.Li(inner, className="breadcrumb-item" + (" active" if last else ""),
                             **({"aria-current": "page"} if last else {})))
    return html.Nav(html.Ol(items, className="breadcrumb mb-2"), **{"aria-label": "Brödsmulor"})


def period_selector(path: str, ctx: PeriodContext, *, with_period: bool = True,
                    extra: dict | None = None) -> html.Div:
    """Links for each year and period with data; the current one marked."""
    extra = extra or {}
    years = sorted({y for y, _ in ctx.available})
    year_links = [
        dcc.Link(_current(str(y), y == ctx.year),
                 href=path + PeriodContext(y, _period_in(ctx, y), None, ()).query(**extra),
                 className="btn btn-sm " + ("btn-dark" if y == ctx.year else "btn-outline-dark"))
        for y in years
    ]
    parts = [html.Span("År:", className="me-2 fw-semibold", id="period-year-label"),
             html.Div(year_links, className="btn-group me-3", role="group",
                      **{"aria-labelledby": "period-year-label"})]
    if with_period:
        present = [p for y, p in reversed(ctx.available) if y == ctx.year]
        period_links = [
            dcc.Link(_current(p, p == ctx.period),
                     href=path + PeriodContext(ctx.year, p, None, ()).query(**extra),
                     title=PERIOD_LABEL[p],
                     className="btn btn-sm " + ("btn-dark" if p == ctx.period
                                                else "btn-outline-dark"))
            for p in PERIODS if p in present
        ]
        parts += [html.Span("Period:", className="me-2 fw-semibold", id="period-period-label"),
                  html.Div(period_links, className="btn-group", role="group",
                           **{"aria-labelledby": "period-period-label"})]
    children = [html.Div(parts, className="d-flex flex-wrap align-items-center gap-1 kr-period")]
    if ctx.notice:
        children.append(dbc.Alert(ctx.notice, color="warning", className="mt-2 mb-0 py-2"))
    return html.Div(children, className="mb-3 d-print-none")


def _current(text: str, current: bool) -> list:
    """Link text; the current choice says so to screen readers too."""
    return [text, html.Span(" (vald)", className="visually-hidden")] if current else [text]


def _period_in(ctx: PeriodContext, year: int) -> str | None:
    """Keep the current period when the other year has it, else that year's latest."""
    present = [p for y, p in ctx.available if y == year]
    return ctx.period if ctx.period in present else (present[0] if present else None)


def not_found(what: str, query: str = "") -> html.Div:
    """The 'hittades inte' page body: what was not found and a way back."""
    return html.Div([
        html.H1("Sidan hittades inte", className="h3"),
        html.P(what),
        dcc.Link("Tillbaka till stadsöversikten", href="/" + query, className="btn btn-primary"),
    ], className="kr-notfound py-4", role="alert")


def no_data() -> html.Div:
    return dbc.Alert([
        html.H2("Inga data ännu", className="h5"),
        html.P(["Databasen har inga indikatorvärden (utfall eller prognoser) att räkna ljus "
                "på. Ladda demodata med ", html.Code("kontrollrum demo"),
                " eller importera ett dataunderlag med ", html.Code("kontrollrum import MAPP"),
                "."], className="mb-0"),
    ], color="info")
