"""The frame of an organisation page (nämnd, avdelning, enhet): period, not-found handling,
breadcrumbs, header and period selector around the page's own body."""

from __future__ import annotations

from collections.abc import Callable

from dash import dcc, html

from components import data, page
from components.navigation import breadcrumbs, no_data, not_found, period_selector
from components.org_view import org_path, trail
from ils.labels import LEVEL_LABEL
from queries.db import get_engine
from queries.org_views import OrgData, load_org

NOUN = {"namnd": "Nämnden", "avdelning": "Avdelningen", "enhet": "Enheten"}
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
    return html.Div([
        breadcrumbs(trail(got.trail), query),
        page.header(got.org["name"], subtitle(got) + f" – {ctx.period} {ctx.year}"),
        period_selector(path_prefix + got.org["id"], ctx, extra=extra),
        *body(got, ctx, args),
    ])
