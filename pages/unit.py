"""Enhet: a unit's åtaganden (enhetsmål under the nämndmål), its lights per VOM and its
indicators — or, as the auditors asked to see, that it has no indicator at all."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback

from components import page
from components.org_goals import goal_overview
from components.org_page import render_org
from queries.org_views import OrgData

dash.register_page(__name__, path_template="/enhet/<org_id>", name="Enhet",
                   title="Enhet – Kontrollrum")


def layout(org_id=None, **kwargs):
    return page.frame("unit", org_id=org_id, **page.query_args(kwargs))


def subtitle(got: OrgData) -> str:
    above = [o["name"] for o in got.trail if o["level"] in ("namnd", "avdelning")]
    return "Enhet i " + " · ".join(above) if above else "Enhet"


def body(got: OrgData, ctx, args: dict) -> list:
    warn = []
    if got.indicators([got.org["id"]]).is_empty():
        warn = [dbc.Alert("Enheten har ingen indikator för perioden: dess måluppfyllelse kan "
                          "inte följas med indikatorer.", color="warning", className="py-2")]
    return warn + goal_overview(got, ctx, args.get("mal"), all_voms=False, whole_subtree=False)


@callback(Output("unit-content", "children"), Input("unit-args", "data"))
@page.safe
def render(args):
    return render_org("enhet", "/enhet/", args, subtitle, body)
