"""The frame of an organisation view (nämnd, avdelning, enhet): no data / not found / an org
of another level, then breadcrumbs, header, period selector and toolbar around the view's body."""

from __future__ import annotations

from collections.abc import Callable

from dash import dcc, html

from components import page
from components.context import PeriodContext
from components.export import download_buttons, print_button
from components.navigation import breadcrumbs, no_data, not_found, org_href, period_selector
from ils import clock
from ils.labels import LEVEL_LABEL
from queries.read.org_views import OrgData

NOUN = {"namnd": "Nämnden", "avdelning": "Avdelningen", "enhet": "Enheten"}
PAGE_NOUN = {"namnd": "nämndens", "avdelning": "avdelningens", "enhet": "enhetens"}


def trail(chain: list[dict]) -> list[tuple[str, str | None]]:
    """Breadcrumb trail Stad › Nämnd › Avdelning › Enhet from the parent chain."""
    return [("Stad" if o["level"] == "stad" else o["name"], org_href(o["level"], o["id"]))
            for o in chain]


def wrong_level(org: dict, expected: str, query: str) -> html.Div:
    """'Hittades inte', with a link to the page of the kind the id really is."""
    body = not_found(f"{NOUN[expected]} ”{org['id']}” finns inte. Det är en "
                     f"{LEVEL_LABEL[org['level']].lower()}: {org['name']}.", query)
    href = org_href(org["level"], org["id"], query)
    if href is not None:
        target = "stadsöversikten" if org["level"] == "stad" else f"{PAGE_NOUN[org['level']]} sida"
        body.children.insert(2, html.P(dcc.Link(f"Öppna {target} för {org['name']}",
                                                href=href)))
    return body


def org_page(level: str, view_name: str, page_name: str, ctx: PeriodContext,
             org: dict | None, got: OrgData | None, args: dict, subtitle: Callable[[], str],
             body: Callable[[], list]) -> html.Div:
    """The whole content of an org view: `org` (the row of the id asked for, None when
    unknown) and `got` (its data, loaded only when the org is of `level`) framed; the view's
    `subtitle()` and `body()` are built only then. `view_name`: the view's own name (its
    tables' downloads, `pagekit.view`); `page_name`: the prefix of its element ids."""
    if ctx.empty:
        return no_data()
    query = ctx.query()
    if org is None:
        return not_found(f"{NOUN[level]} ”{args.get('org_id') or ''}” finns inte.", query)
    if org["level"] != level or got is None:
        return wrong_level(org, level, query)
    extra = {k: args.get(k) for k in ("mal", "sort") if args.get(k)}
    name = org["name"]
    line = f"{name} · {ctx.period} {ctx.year} · utskrivet {clock.today().isoformat()}"
    return html.Div([
        page.doc_title(name),
        html.P(line, className="kr-print-header", **{"aria-hidden": "true"}),
        breadcrumbs(trail(got.trail), query),
        page.header(name, subtitle() + f" – {ctx.period} {ctx.year}"),
        period_selector(org_href(level, org["id"]), ctx, extra=extra),
        toolbar(view_name, page_name, export_args(got, ctx, args)),
        *body(),
    ], className=f"kr-org kr-org-{level}", style={"--kr-print-line": css_string(line)})


def css_string(text: str) -> str:
    """`text` as a CSS string (print.css prints it atop each VOM block: on every page)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def export_args(got: OrgData, ctx: PeriodContext, args: dict) -> dict:
    """What the download buttons of an org view send: the org, the period, the sort."""
    return {"org_id": got.org["id"], "ar": ctx.year, "period": ctx.period,
            "sort": args.get("sort")}


def toolbar(view_name: str, page_name: str, eargs: dict) -> html.Div:
    """'Skriv ut' and the downloads of the view's goals and all its indicators."""
    def labelled(text: str, buttons: html.Div) -> html.Div:
        return html.Div([html.Span(text, className="small text-muted mb-2"), buttons],
                        className="d-flex align-items-center gap-1")

    return html.Div([
        html.Div(print_button(page_name), className="mb-2 me-2"),
        labelled("Målen:", download_buttons(view_name, "goals", eargs,
                                            "Målen med ljus och självskattning")),
        labelled("Alla indikatorer:", download_buttons(view_name, "indicators", eargs,
                                                       "Alla indikatorer", csv=True)),
    ], className="d-flex flex-wrap align-items-center column-gap-3 d-print-none "
                 "kr-org-toolbar")
