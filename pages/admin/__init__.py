"""/admin – Förvaltning: lock and unlock periods (DOMAIN.md §3.9); see and end the signed-in
sessions (issue 18).

Only a viewer with the role admin sees the periods and the buttons; everyone else is told the
page needs an administrator. The callbacks check the role again on the server (`writes.act`),
so a forged request changes nothing. Locking asks for confirmation in a dialog first.
The navigation lists the page for admins only (`nav="admin"`, components.shell).
"""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import ALL, Input, Output, State, callback, ctx, dcc, html, no_update

from components import page
from pagekit import guard
from pages.admin import data, schedule, writes
from pages.admin.tables import PERIODS, SESSIONS

dash.register_page(__name__, path="/admin", name="Förvaltning",
                   title="Förvaltning – Kontrollrum", nav="admin", order=95)

NEEDS_ADMIN = "Sidan kräver administratörsbehörighet"
QUESTION = {
    "lock": ("Lås {name}?", "Periodens ljus sparas som de är nu, med de regelparametrar som "
             "gäller, och visas så i alla vyer. Ingen import eller ändring kan sedan ändra "
             "perioden förrän den låses upp.", "Lås perioden"),
    "unlock": ("Lås upp {name}?", "Ögonblicksbilden tas bort: vyerna visar periodens ljus "
               "beräknade med dagens regelparametrar, och perioden kan åter ändras.",
               "Lås upp perioden"),
}


def layout(**kwargs):
    return html.Div([
        page.frame("admin", **page.query_args(kwargs)),
        dcc.Store(id="admin-pending"),
        dcc.Store(id="admin-done", data={"n": 0}),
        dbc.Modal([
            dbc.ModalHeader(dbc.ModalTitle(id="admin-confirm-title")),
            dbc.ModalBody(id="admin-confirm-text"),
            dbc.ModalFooter([
                dbc.Button("Avbryt", id="admin-cancel", color="secondary", outline=True,
                           n_clicks=0),
                dbc.Button(id="admin-confirm", color="primary", n_clicks=0)]),
        ], id="admin-modal", is_open=False),
    ])


def needs_admin() -> html.Div:
    return html.Div([
        page.doc_title("Förvaltning"),
        page.header("Förvaltning"),
        dbc.Alert([html.H2(NEEDS_ADMIN, className="h5"),
                   html.P("Här låser och låser administratörer upp perioder. Logga in med ett "
                          "konto som har rollen administratör.", className="mb-0")],
                  color="warning", id="admin-refused")])


@callback(Output("admin-content", "children"), Input("admin-args", "data"),
          Input("admin-done", "data"))
@guard.safe
def render(args, done):
    if not data.viewer().is_admin:
        return needs_admin()
    done = done if isinstance(done, dict) else {}
    message = done.get("message")
    note = (dbc.Alert(message, color="success" if done.get("ok") else "danger",
                      id="admin-message", className="py-2") if message else None)
    return html.Div([
        page.doc_title("Förvaltning"),
        page.header("Förvaltning", "Lås perioder så att de visas som de var och inte kan "
                                   "ändras"),
        note,
        html.P("En låst period visas i alla vyer som den såg ut när den låstes, märkt "
               "”Låst <datum> av <vem>”, även om regelparametrarna ändras senare. En import, "
               "borttagning eller ändring som skulle ändra perioden avvisas och ändrar "
               "ingenting."),
        html.P(["Samma sak på kommandoraden: ",
                html.Code("kontrollrum lock --year ÅR --period PERIOD"), ", ",
                html.Code("kontrollrum unlock …"), " och ", html.Code("kontrollrum locks"),
                "."], className="small text-muted"),
        html.Section([html.H2("Perioder med data", className="h4 mt-3"),
                      PERIODS.html(data.periods(), table_id="admin-periods",
                                   caption="Perioder med data och om de är låsta")]),
        schedule.section(),
        html.Section([html.H2("Inloggade sessioner", className="h4 mt-4"),
                      html.P("En inloggning gäller i 12 timmar från inloggningen. Avsluta "
                             "loggar ut webbläsaren vid nästa begäran. Samma sak på "
                             "kommandoraden: kontrollrum sessions.",
                             className="small text-muted"),
                      SESSIONS.html(data.sessions(), table_id="admin-sessions",
                                    caption="Inloggade sessioner")]),
    ])


@callback(Output("admin-modal", "is_open"), Output("admin-confirm-title", "children"),
          Output("admin-confirm-text", "children"), Output("admin-confirm", "children"),
          Output("admin-pending", "data"),
          Input({"type": "admin-action", "year": ALL, "period": ALL, "action": ALL}, "n_clicks"),
          prevent_initial_call=True)
def ask(clicks):
    """A Lås/Lås upp button asks first; only for an admin (checked again on confirming)."""
    trig = ctx.triggered_id
    if not isinstance(clicks, list):  # a forged body: ALL inputs always come as a list
        return (no_update,) * 5
    if not isinstance(trig, dict) or not any(c for c in clicks if c):
        return (no_update,) * 5
    return question(trig)


def question(trig: dict):
    got = data.checked(trig)
    if data.session_lost():
        return True, data.OUTAGE_TITLE, data.DOWN, "Stäng", None
    if got is None or not data.viewer().is_admin:
        return False, no_update, no_update, no_update, None
    year, period, action = got
    title, text, button = QUESTION[action]
    n = data.drafts_in(year, period) if action == "lock" else 0
    if n is None:
        text = [html.P(text), html.P("Obs: databasen svarar inte just nu, så antalet utkast i "
                                     "perioden kunde inte läsas.", className="text-danger mb-0")]
    elif n:  # a lock freezes them: they cannot be published until it is lifted
        what = ("1 självskattning i perioden är fortfarande ett utkast. Den förblir" if n == 1
                else f"{n} självskattningar i perioden är fortfarande utkast. De förblir")
        text = [html.P(text), html.P(
            f"Obs: {what} utkast och kan inte publiceras medan perioden är låst.",
            className="text-danger mb-0")]
    return (True, title.format(name=f"{period} {year}"), text, button,
            {"year": year, "period": period, "action": action})


@callback(Output("admin-modal", "is_open", allow_duplicate=True),
          Output("admin-done", "data"), Output("admin-pending", "data", allow_duplicate=True),
          Input("admin-confirm", "n_clicks"), State("admin-pending", "data"),
          State("admin-done", "data"), prevent_initial_call=True)
def confirm(n_clicks, pending, done):
    """Do what was confirmed; refused on the server for anyone but an admin."""
    if not n_clicks:
        return no_update, no_update, no_update
    ok, message = writes.act(pending)
    n = done.get("n", 0) if isinstance(done, dict) and isinstance(done.get("n"), int) else 0
    return False, {"n": n + 1, "ok": ok, "message": message}, None


@callback(Output("admin-modal", "is_open", allow_duplicate=True),
          Output("admin-pending", "data", allow_duplicate=True),
          Input("admin-cancel", "n_clicks"), prevent_initial_call=True)
def cancel(n_clicks):
    return (False, None) if n_clicks else (no_update, no_update)


@callback(Output("admin-done", "data", allow_duplicate=True),
          Input({"type": "admin-session-end", "sid": ALL}, "n_clicks"),
          State("admin-done", "data"), prevent_initial_call=True)
def end_session(clicks, done):
    """Avsluta: end one session; refused on the server for anyone but an admin."""
    trig = ctx.triggered_id
    if not isinstance(clicks, list):  # a forged body: ALL inputs always come as a list
        return no_update
    if not isinstance(trig, dict) or not any(c for c in clicks if c):
        return no_update
    ok, message = writes.end_session(trig.get("sid"))
    n = done.get("n", 0) if isinstance(done, dict) and isinstance(done.get("n"), int) else 0
    return {"n": n + 1, "ok": ok, "message": message}
