"""/avdelning/<id> — a department: its goals (its units' enhetsmål under the nämndmål), the
indicators of the department and its units with their lights (folded; a long one as a
sortable grid), and its units' light counts. Data: `data.load`; tables: `tables`."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, html

from components import page
from pagekit import guard
from pagekit.org import frame, goals
from pagekit.org.tables import unit_table
from pages.avdelning import tables
from pages.avdelning.data import AvdelningData, load

VIEW = tables.VIEW  # "avdelning": its tables, data addresses, downloads and folds
PAGE = tables.PAGE  # the prefix of its element ids ("department-content")

dash.register_page(__name__, path_template="/avdelning/<org_id>", name="Avdelning",
                   title="Avdelning – Kontrollrum")


def layout(org_id=None, **kwargs):
    return page.frame(PAGE, org_id=org_id, **page.query_args(kwargs))


def subtitle(d: AvdelningData) -> str:
    board = next((o["name"] for o in d.got.trail if o["level"] == "namnd"), None)
    return f"Avdelning i {board}" if board else "Avdelning"


def body(d: AvdelningData, args: dict) -> list:
    got, ctx = d.got, d.ctx
    return [
        *goals.goal_overview(VIEW.name, got, ctx, args.get("mal"), all_voms=False,
                             whole_subtree=True),
        html.H2("Enheter", className="h5 mt-4"),
        VIEW.downloads("units", frame.export_args(got, ctx, args), "Enheter"),
        unit_table(d.units, ctx, f"/avdelning/{got.org['id']}", args.get("sort"),
                   show_department=False),
    ]


@callback(Output(f"{PAGE}-content", "children"), Input(f"{PAGE}-args", "data"))
@guard.safe
def render(args):
    d = load(args)
    return frame.org_page("avdelning", VIEW.name, PAGE, d.ctx, d.org, d.got, args,
                          lambda: subtitle(d), lambda: body(d, args))


def build_fold(key: dict):
    """A VOM's indicators (the department's and its units'), when its fold is opened."""
    args = goals.fold_args(key)
    if args is None:
        return html.P(goals.GONE, className="text-muted")
    d = load(args)
    if d.got is None:
        return html.P("Organisationen finns inte längre.", className="text-muted")
    return goals.fold_body(d.got, key, True, d.ctx.query())


VIEW.fold(build_fold)
