"""/enhet/<id> — a unit: its åtaganden (enhetsmål under the nämndmål), its lights per VOM and
its indicators (few: shown, not folded) — or, as the auditors asked to see, that it has no
indicator at all. Data: `data.load`; tables: `tables`."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from components import page
from pagekit import guard
from pagekit.org import frame, goals
from pages.enhet import tables
from pages.enhet.data import EnhetData, load

VIEW = tables.VIEW  # "enhet": its tables, data addresses, downloads and folds
PAGE = tables.PAGE  # the prefix of its element ids ("unit-content")

dash.register_page(__name__, path_template="/enhet/<org_id>", name="Enhet",
                   title="Enhet – Kontrollrum")


def layout(org_id=None, **kwargs):
    return page.frame(PAGE, org_id=org_id, **page.query_args(kwargs))


def subtitle(d: EnhetData) -> str:
    above = [o["name"] for o in d.got.trail if o["level"] in ("namnd", "avdelning")]
    return "Enhet i " + " · ".join(above) if above else "Enhet"


def body(d: EnhetData, args: dict) -> list:
    got = d.got
    warn = []
    if got.indicators([got.org["id"]]).is_empty():
        warn = [dbc.Alert("Enheten har ingen indikator för perioden: dess måluppfyllelse kan "
                          "inte följas med indikatorer.", color="warning", className="py-2")]
    return warn + goals.goal_overview(VIEW.name, got, d.ctx, args.get("mal"), all_voms=False,
                                      whole_subtree=False)


@callback(Output(f"{PAGE}-content", "children"), Input(f"{PAGE}-args", "data"))
@guard.safe
def render(args):
    d = load(args)
    return frame.org_page("enhet", VIEW.name, PAGE, d.ctx, d.org, d.got, args,
                          lambda: subtitle(d), lambda: body(d, args))


def build_fold(key: dict):
    """A VOM's indicators of the unit (its folds are sent open; this serves a stale one)."""
    args = goals.fold_args(key)
    if args is None:
        return html.P(goals.GONE, className="text-muted")
    d = load(args)
    if d.got is None:
        return html.P("Organisationen finns inte längre.", className="text-muted")
    return goals.fold_body(d.got, key, False, d.ctx.query())


VIEW.fold(build_fold)
