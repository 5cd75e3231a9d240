"""The table of /admin, declared once: each period with data, its lock, and the button."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components.table import Col, Table
from ils.access import ROLE_LABEL


def state(r: dict) -> str:
    return "Låst" if r.get("locked_at") else "Öppen"


def when(r: dict) -> str | None:
    at = r.get("locked_at")
    return at[:16].replace("T", " ") if at else None


def _state_cell(r: dict, env: dict):
    locked = bool(r.get("locked_at"))
    return html.Span(state(r), className="badge " + ("text-bg-secondary" if locked
                                                       else "text-bg-light border"))


def _button(r: dict, env: dict):
    locked = bool(r.get("locked_at"))
    action = "unlock" if locked else "lock"
    return dbc.Button("Lås upp" if locked else "Lås", size="sm",
                      color="outline-secondary" if locked else "primary",
                      id={"type": "admin-action", "year": r["year"], "period": r["period"],
                          "action": action},
                      title=f"{'Lås upp' if locked else 'Lås'} {r['label']}", n_clicks=0)


PERIODS = Table("perioder", (
    Col("Period", "label", th=True),
    Col("Läge", state, cell=_state_cell),
    Col("Låst den", when),
    Col("Låst av", "locked_by"),
    Col("Åtgärd", lambda r: None, cell=_button, sheet=False),
), empty="Databasen har inga perioder med data ännu.")


def _end_button(r: dict, env: dict):
    return dbc.Button("Avsluta", size="sm", color="outline-danger", n_clicks=0,
                      id={"type": "admin-session-end", "sid": r["id"]},
                      title=f"Avsluta {r['name'] or r['subject']}s session")


SESSIONS = Table("sessioner", (
    Col("Vem", lambda r: r["name"] or r["subject"], th=True),
    Col("Roll", lambda r: ROLE_LABEL.get(r["role"], r["role"])),
    Col("Inloggad", "started"),
    Col("Går ut", "ends"),
    Col("Id", "id"),
    Col("Åtgärd", lambda r: None, cell=_end_button, sheet=False),
), empty="Ingen är inloggad just nu.")
