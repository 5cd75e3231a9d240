"""/admin: the reporting round's deadlines (DOMAIN.md §3.10), set and changed by an admin,
with every change kept. The save is checked again on the server (`queries.read.schedules`)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from components import page
from components.round_status import focusable
from components.table import Col, Table
from ils.periods import PERIODS
from pages.admin import data, writes

EVERY = "__alla__"  # the dropdown's value for "every board"


page.filled_later(  # the form is drawn by the page's callback, for an admin
    dcc.Dropdown(id="admin-deadline-year"), dcc.Dropdown(id="admin-deadline-period"),
    dcc.Dropdown(id="admin-deadline-org"), dbc.Input(id="admin-deadline-date"),
    dbc.Button(id="admin-deadline-save"))


def _date(r: dict, key: str) -> str | None:
    d = r.get(key)
    return d.isoformat() if d is not None else None


def _board(names: dict[str, str]):
    return lambda r: names.get(r["org_id"], r["org_id"]) if r.get("org_id") else "Alla nämnder"


def _tables(names: dict[str, str]) -> tuple[Table, Table]:
    current = Table("sista dagar", (
        Col("År", "year", th=True), Col("Period", "period"), Col("Gäller", _board(names)),
        Col("Sista dag", lambda r: _date(r, "deadline"))),
        empty="Ingen sista dag är satt ännu.")
    history = Table("ändringar", (
        Col("När", lambda r: (r["changed_at"] or "")[:16].replace("T", " "), th=True),
        Col("Vem", lambda r: r["changed_by"] or "Import"),
        Col("Period", lambda r: f"{r['period']} {r['year']}"), Col("Gäller", _board(names)),
        Col("Ändring", "action"), Col("Förut", lambda r: _date(r, "old_deadline")),
        Col("Nu", lambda r: _date(r, "new_deadline"))),
        empty="Inga ändringar ännu.")
    return current, history


def section() -> html.Section:
    """The form and the tables (for an admin: the caller checks)."""
    names = data.boards()
    set_now, changes = data.deadlines()
    periods = data.periods()
    years = [str(y) for y in sorted(set(periods["year"].to_list()), reverse=True)] or ["2022"]
    current, history = _tables(names)
    return html.Section([
        html.H2("Sista dag för rapporteringen", className="h4 mt-4"),
        html.P("Den sista dagen då nämndernas självskattningar för perioden ska vara "
               "publicerade. En rad för alla nämnder gäller där en nämnd saknar en egen. "
               "Lämna datumet tomt för att ta bort en sista dag. Samma sak i ett datapaket: "
               "filen schedule.csv.", className="small"),
        dbc.Row([
            dbc.Col([dbc.Label("År", html_for="admin-deadline-year"),
                     dcc.Dropdown(id="admin-deadline-year", options=years, value=years[0],
                                  clearable=False)], md=2),
            dbc.Col([dbc.Label("Period", html_for="admin-deadline-period"),
                     dcc.Dropdown(id="admin-deadline-period", options=list(PERIODS),
                                  value=periods["period"][0] if periods.height else "T1",
                                  clearable=False)], md=2),
            dbc.Col([dbc.Label("Nämnd", html_for="admin-deadline-org"),
                     dcc.Dropdown(id="admin-deadline-org", clearable=False, value=EVERY,
                                  options=[{"label": "Alla nämnder", "value": EVERY}]
                                  + [{"label": n, "value": i} for i, n in
                                     sorted(names.items(), key=lambda x: x[1])])], md=4),
            dbc.Col([dbc.Label("Sista dag (ÅÅÅÅ-MM-DD)", html_for="admin-deadline-date"),
                     dbc.Input(id="admin-deadline-date", type="date")], md=2),
            dbc.Col(dbc.Button("Spara", id="admin-deadline-save", color="primary",
                               n_clicks=0, className="mt-4"), md=2),
        ], className="g-2 align-items-end mb-2"),
        html.H3("Satta sista dagar", className="h6 mt-3"),
        focusable(current.html(set_now, table_id="admin-deadlines",
                               caption="Satta sista dagar"),
                  "Satta sista dagar"),
        html.Details([html.Summary("Ändringshistorik"),
                      focusable(history.html(changes, table_id="admin-deadline-history",
                                             caption="Ändringar av sista dagar"),
                                "Ändringar av sista dagar")],
                     className="mt-2"),
    ], id="admin-schedule")


@callback(Output("admin-done", "data", allow_duplicate=True),
          Input("admin-deadline-save", "n_clicks"),
          State("admin-deadline-year", "value"), State("admin-deadline-period", "value"),
          State("admin-deadline-org", "value"), State("admin-deadline-date", "value"),
          State("admin-done", "data"), prevent_initial_call=True)
def save(n_clicks, year, period, org, day, done):
    """Save the deadline as the signed-in admin; anyone else is refused on the server."""
    if not n_clicks:
        return no_update
    n = done.get("n", 0) if isinstance(done, dict) and isinstance(done.get("n"), int) else 0
    year = int(year) if isinstance(year, str) and year.isdigit() else year
    ok, msg = writes.deadline(year, period, "" if org in (None, EVERY) else str(org),
                              day if isinstance(day, str) else "")
    return {"n": n + 1, "ok": ok, "message": msg}
