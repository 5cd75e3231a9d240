"""The frame of an organisation page (nämnd, avdelning, enhet): period, not-found handling,
breadcrumbs, header and period selector around the page's own body."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from dash import dcc, html

from components import org_export  # noqa: F401  (registers the pages' tables)
from components.export import download_buttons, print_button

from components import data, page
from components.navigation import breadcrumbs, no_data, not_found, period_selector
from components.org_view import org_path, trail
from ils.labels import LEVEL_LABEL
from queries.db import get_engine
from queries.org_views import OrgData, load_org

NOUN = {"namnd": "Nämnden", "avdelning": "Avdelningen", "enhet": "Enheten"}
PAGE = {"namnd": "board", "avdelning": "department", "enhet": "unit"}
PAGE_NOUN = {"namnd": "nämndens", "avdelning": "avdelningens", "enhet": "enhetens"}


def wrong_level(org: dict, expected: str, query: str) -> html.Div:
    """'Hittades inte', with a link to the page of the kind the id really is."""
    body = not_found(f"{NOUN[expected]} ”{org['id']}” finns inte. Det är en "
                     f"{LEVEL_LABEL[org['level']].lower()}: {org['name']}.", query)
    if org["level"] in PAGE_NOUN or org["level"] == "stad":
        target = "stadsöversikten" if org["level"] == "stad" else f"{PAGE_NOUN[org['level']]} sida"
        body.children.insert(2, html.P(dcc.Link(f"Öppna {target} för {org['name']}",
                                                href=org_path(org) + query)))
    return body


def render_org(level: str, path_prefix: str, args: dict, subtitle: Callable[[OrgData], str],
               body: Callable[[OrgData, object, dict], list]) -> html.Div:
    """The whole content of an org page for `args` (from the page's args store)."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return no_data()
    org_id = args.get("org_id")
    query = ctx.query()
    got = load_org(get_engine(), org_id, ctx.year, ctx.period, data.params()) if org_id \
        else None
    if got is None:
        return not_found(f"{NOUN[level]} ”{org_id or ''}” finns inte.", query)
    if got.org["level"] != level:
        return wrong_level(got.org, level, query)
    extra = {k: args.get(k) for k in ("mal", "sort") if args.get(k)}
    line = f"{got.org['name']} · {ctx.period} {ctx.year} · utskrivet {dt.date.today().isoformat()}"
    return html.Div([
        html.P(line, className="kr-print-header", **{"aria-hidden": "true"}),
        breadcrumbs(trail(got.trail), query),
        page.header(got.org["name"], subtitle(got) + f" – {ctx.period} {ctx.year}"),
        period_selector(path_prefix + got.org["id"], ctx, extra=extra),
        toolbar(PAGE[level], export_args(got, ctx, args)),
        *body(got, ctx, args),
    ], className=f"kr-org kr-org-{level}", style={"--kr-print-line": css_string(line)})


def css_string(text: str) -> str:
    """`text` as a CSS string (print.css prints it atop each VOM block: on every page)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def export_args(got: OrgData, ctx, args: dict) -> dict:
    """What the download buttons of an org page send: the org, the period, the sort."""
    return {"org_id": got.org["id"], "ar": ctx.year, "period": ctx.period,
            "sort": args.get("sort")}


def toolbar(page_name: str, eargs: dict) -> html.Div:
    """'Skriv ut' and the downloads of the page's goals and all its indicators."""
    def labelled(text: str, buttons: html.Div) -> html.Div:
        return html.Div([html.Span(text, className="small text-muted mb-2"), buttons],
                        className="d-flex align-items-center gap-1")

    return html.Div([
        html.Div(print_button(page_name), className="mb-2 me-2"),
        labelled("Målen:", download_buttons(page_name, "goals", eargs,
                                            "Målen med ljus och självskattning")),
        labelled("Alla indikatorer:", download_buttons(page_name, "indicators", eargs,
                                                       "Alla indikatorer", csv=True)),
    ], className="d-flex flex-wrap align-items-center column-gap-3 d-print-none "
                 "kr-org-toolbar")
