"""The table of /admin, declared once: each period with data, its lock, and the button."""

from __future__ import annotations

from dash import html
import dash_bootstrap_components as dbc

from components.table import Col, Table


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
