"""/att-gora – Att göra: what waits for the signed-in user in the period of the round
(`ils.inbox`): a board user's goals to assess or publish before the deadline, SLK's questions
and a period returned to draft; for SLK and admins the answers received, the late boards and
the agenda items without a note. Each item links to where it is done. The menu shows the page
to users who have work (`Viewer.has_work`); anyone else is told to sign in."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from components import page
from components.navigation import period_selector
from pagekit import guard
from pages.att_gora import data
from pages.att_gora.tables import item_list

PATH = "/att-gora"
dash.register_page(__name__, path=PATH, name="Att göra", title="Att göra – Kontrollrum",
                   nav="work", order=1)

def layout(**kwargs):
    return page.frame("todo", **page.query_args(kwargs))


@callback(Output("todo-content", "children"), Input("todo-args", "data"))
@guard.safe
def render(args):
    args = args or {}
    v = data.viewer()
    if not v.has_work:
        return html.Div([page.doc_title("Att göra"), page.header("Att göra"),
                         dbc.Alert("Logga in som nämndanvändare, SLK-controller eller "
                                   "administratör för att se det som väntar på dig.",
                                   color="info", id="todo-signin")])
    d = data.load(args)
    if d is None:
        return html.Div([page.doc_title("Att göra"), page.header("Att göra"),
                         html.P("Inga data ännu.", className="text-muted")])
    ctx = d.ctx
    sections = []
    for org_id, name, items in d.boards:
        sections.append(html.Section([
            html.H2(name, className="h5 mt-3"),
            item_list(items, f"todo-board-{org_id}",
                      "Inget väntar på nämnden i perioden: allt är publicerat och besvarat.")]))
    if d.round is not None:
        sections.append(html.Section([
            html.H2("Rapporteringsomgången", className="h5 mt-3"),
            item_list(d.round, "todo-round", "Inget väntar: inga svar att läsa, inga sena "
                                             "nämnder och alla punkter har anteckningar.")]))
    return html.Div([
        page.doc_title("Att göra"),
        page.header("Att göra", f"Det som väntar på dig – {ctx.period} {ctx.year}"),
        period_selector(PATH, ctx),
        *sections,
    ])
