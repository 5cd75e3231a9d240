"""'Varför denna färg?': the callback that fills the dialog (`components.explain`) with the
facts behind the goal light whose button was pressed."""

from __future__ import annotations

from dash import ALL, Input, Output, callback, ctx, html, no_update

from components.explain import explanation
from ils import periods
from pagekit.data import goal_light_facts
from pagekit.guard import safe


@callback(Output("why-modal", "is_open"), Output("why-title", "children"),
          Output("why-body", "children"),
          Input({"type": "why", "goal": ALL, "org": ALL, "year": ALL, "period": ALL},
                "n_clicks"),
          prevent_initial_call=True)
def open_why(clicks):
    trigger = ctx.triggered_id
    if not isinstance(clicks, list):  # a forged body: ALL inputs always come as a list
        return no_update, no_update, no_update
    if not trigger or not any(c for c in clicks if c):
        return no_update, no_update, no_update
    key = why_key(trigger)
    if key is None:  # a forged button id: nothing of ours to explain
        return no_update, no_update, no_update
    title, body = safe(explain_goal, outputs=2)(*key)
    return True, title, body


def explain_goal(goal_id: str, org_id: str, year: int, period: str
                 ) -> tuple[str, html.Component]:
    """Title and body of the 'Varför denna färg?' dialog for one (VOM, org, year, period)."""
    facts = goal_light_facts(goal_id, org_id, year, period)
    if facts.row is None:
        return facts.title, html.P("Det finns inget ljus för detta mål och denna organisation.")
    return facts.title, explanation(facts.row, facts.indicators, facts.names, facts.units,
                                    facts.params)


def why_key(trigger: dict) -> tuple[str, str, int, str] | None:
    """(goal, org, year, period) of a 'Varför denna färg?' button, None unless each is what
    the app itself puts there (ids as text, a four-digit year, T1/T2/VB)."""
    goal, org, year, period = (trigger.get(k) for k in ("goal", "org", "year", "period"))
    if not all(isinstance(x, str) and 0 < len(x) <= 200 for x in (goal, org)):
        return None
    if not periods.is_period(period) or not str(year).isdigit() or len(str(year)) != 4:
        return None
    return goal, org, int(year), period

