"""Nämnd: the board presidium's page — each VOM with the board's computed light, its
KF-only light and its self-assessment; its nämndmål and indicators; its departments and units
with their light counts; its KF indicators beside the boards of the same kind."""

from __future__ import annotations

import dash
import polars as pl
from dash import Input, Output, callback, html

from components import page
from components.export import download_buttons
from components.org_lazy import lazy_details, register, section_key
from components.org_goals import goal_overview
from components.org_page import export_args, render_org
from components.org_view import unit_table
from queries.org_views import OrgData, unit_rows

dash.register_page(__name__, path_template="/namnd/<org_id>", name="Nämnd",
                   title="Nämnd – Kontrollrum")


register()  # the folded sections' loader, for all org pages (once per app)


def layout(org_id=None, **kwargs):
    return page.frame("board", org_id=org_id, **page.query_args(kwargs))


KIND_LABEL = {"stadsdelsnamnd": "Stadsdelsnämnd", "facknamnd": "Facknämnd",
              "bolag": "Bolagsstyrelse"}


def subtitle(got: OrgData) -> str:
    return f"{KIND_LABEL.get(got.org['kind'] or '', 'Nämnd')} · måluppfyllelse"


def body(got: OrgData, ctx, args: dict) -> list:
    board = got.org
    units = unit_rows(got.tree, got.indicators())
    n_kf = got.indicators([board["id"]]).filter(pl.col("decided_by") == "kf").height
    eargs = export_args(got, ctx, args)
    return [
        *goal_overview(got, ctx, args.get("mal"), all_voms=True, whole_subtree=False),
        html.H2("Avdelningar och enheter", className="h5 mt-4"),
        html.P("Hur många av varje avdelnings och enhets egna indikatorljus som är uppfyllda, "
               "delvis uppfyllda, ej uppfyllda eller saknar utfall.", className="text-muted small"),
        download_buttons("board", "units", eargs, "Avdelningar och enheter"),
        unit_table(units, ctx, f"/namnd/{board['id']}", args.get("sort"),
                   extra={"mal": args.get("mal")} if args.get("mal") else None),
        html.H2("Jämförelse med liknande nämnder", className="h5 mt-4"),
        download_buttons("board", "peers", eargs, "Jämförelse med liknande nämnder"),
        lazy_details(section_key("peer", board["id"], ctx),
                     f"Visa jämförelsen – {n_kf} indikatorer beslutade av kommunfullmäktige, "
                     f"{len(got.peers)} nämnder av samma slag", className="kr-peers"),
    ]


@callback(Output("board-content", "children"), Input("board-args", "data"))
@page.safe
def render(args):
    return render_org("namnd", "/namnd/", args, subtitle, body)
