"""Folded sections of the organisation pages whose body is built when first opened.

A board page would otherwise send thousands of components (12 VOM indicator tables and the
peer comparison); Dash 4's renderer needs seconds for that in the browser. So a folded
section is an `html.Details` with a placeholder; clicking its summary (mouse or keyboard)
loads the body through `load` — one callback for all org pages, registered by
`pages/board.py` (`register()`), pattern-matched on the section's key.
"""

from __future__ import annotations

import polars as pl
from dash import MATCH, Input, Output, State, callback, ctx, html, no_update

from components import data, page
from components.org_compare import peer_table
from components.org_view import indicator_table
from queries.db import get_engine
from queries.org_views import OrgData, load_org, peer_comparison

PENDING = "kr-lazy-pending"
KEYS = ("kind", "org", "vom", "sub", "ar", "period")


def section_key(kind: str, org_id: str, ctx_, vom: str = "", sub: bool = False) -> dict:
    """The key of a folded section: what to build, for which org, VOM and period."""
    return {"kind": kind, "org": org_id, "vom": vom, "sub": int(sub), "ar": ctx_.year,
            "period": ctx_.period}


def lazy_details(key: dict, summary, body=None, *, open_: bool = False,
                 className: str = "") -> html.Details:
    """Details whose body is `body` when given (shown at once), else loaded on first open."""
    inner = body if body is not None else html.P("Laddar …", className=f"{PENDING} small "
                                                 "text-muted mb-0")
    return html.Details([html.Summary(summary, className="small"),
                         html.Div(inner, id={"type": "org-lazy-body", **key})],
                        id={"type": "org-lazy", **key}, open=open_, className=className)


def vom_indicators(got: OrgData, vom: dict, sub: bool, query: str) -> html.Div:
    """The indicator table of one VOM on an org page (the org's own, or its subtree's)."""
    ind = got.indicators(None if sub else [got.org["id"]]).filter(pl.col("vom_id") == vom["id"])
    names = dict(got.lights.ds.organisation.select("id", "name").iter_rows()) if sub else None
    return indicator_table(ind, query, org_names=names,
                           caption=f"Indikatorer för {vom['code'] or ''} {vom['title']}")


def peers(got: OrgData, year: int, query: str) -> html.Div:
    """The 'Jämförelse med liknande nämnder' table of a board."""
    ds = got.lights.ds
    stad = next((o["id"] for o in got.trail if o["level"] == "stad"), None)
    cmp = peer_comparison(got.indicators(got.peers), ds.targets, got.org["id"], got.peers, stad,
                          year)
    meta = ds.indicators.filter(pl.col("id").is_in(cmp["indicator_id"].implode()))
    return peer_table(cmp, meta, got.org["kind"], query)


def build(key: dict):
    """The body of the folded section `key` (also what tests call)."""
    pctx = data.period_context(str(key["ar"]), key["period"])
    got = load_org(get_engine(), key["org"], pctx.year, pctx.period, data.params(),
                   with_peers=key["kind"] == "peer")
    if got is None:
        return html.P("Organisationen finns inte längre.", className="text-muted")
    if key["kind"] == "peer":
        return peers(got, pctx.year, pctx.query())
    vom = got.lights.ds.goals.filter(pl.col("id") == key["vom"])
    if vom.is_empty():
        return html.P("Målet finns inte.", className="text-muted")
    return vom_indicators(got, vom.row(0, named=True), bool(key["sub"]), pctx.query())


def _pending(children) -> bool:
    props = children.get("props", {}) if isinstance(children, dict) else {}
    return PENDING in str(props.get("className", ""))


def load(n_clicks, current):
    if not n_clicks or not _pending(current):
        return no_update
    key = {k: v for k, v in ctx.triggered_id.items() if k != "type"}
    return page.safe(build)(key)


def register() -> None:
    """Register `load` (once per app; called by pages/board.py at import)."""
    match = {k: MATCH for k in KEYS}
    callback(Output({"type": "org-lazy-body", **match}, "children"),
             Input({"type": "org-lazy", **match}, "n_clicks"),
             State({"type": "org-lazy-body", **match}, "children"),
             prevent_initial_call=True)(load)
