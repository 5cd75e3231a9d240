"""Avdelning: a department's goals (its units' enhetsmål under the nämndmål), the indicators
of the department and its units with their lights, and its units' light counts."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, html

from components import page
from components.export import download_buttons
from components.org_goals import goal_overview
from components.org_page import export_args, render_org
from components.org_view import unit_table
from queries.org_views import OrgData, unit_rows

dash.register_page(__name__, path_template="/avdelning/<org_id>", name="Avdelning",
                   title="Avdelning – Kontrollrum")


def layout(org_id=None, **kwargs):
    return page.frame("department", org_id=org_id, **page.query_args(kwargs))


def subtitle(got: OrgData) -> str:
    board = next((o["name"] for o in got.trail if o["level"] == "namnd"), None)
    return f"Avdelning i {board}" if board else "Avdelning"


def body(got: OrgData, ctx, args: dict) -> list:
    return [
        *goal_overview(got, ctx, args.get("mal"), all_voms=False, whole_subtree=True),
        html.H2("Enheter", className="h5 mt-4"),
        download_buttons("department", "units", export_args(got, ctx, args), "Enheter"),
        unit_table(unit_rows(got.tree, got.indicators()), ctx, f"/avdelning/{got.org['id']}",
                   args.get("sort"), show_department=False),
    ]


@callback(Output("department-content", "children"), Input("department-args", "data"))
@page.safe
def render(args):
    return render_org("avdelning", "/avdelning/", args, subtitle, body)
