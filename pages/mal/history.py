"""/mal/<id> — "Historik" (issue 13): every change of the boards' assessments of the goal in
the period (who, when, old → new), per board, folded; drafts' changes only to those who may see
them. Data: `data.goal_history`."""

from __future__ import annotations

from dash import html

from components.history import history_list
from pages.mal import data


def section(goal_id: str, year: int, period: str) -> html.Section:
    boards = data.goal_history(goal_id, year, period)
    body = ([html.Details([html.Summary(f"{name} ({len(entries)} "
                                        f"{'ändring' if len(entries) == 1 else 'ändringar'})"),
                           history_list(entries)], className="mb-1")
             for name, entries in boards] if boards else
            [html.P(f"Inga ändringar av självskattningarna för {period} {year} har gjorts i "
                    "Kontrollrum.", className="small text-muted")])
    return html.Section([html.H2("Historik", className="h5"), *body], className="mb-4",
                        id="goal-history")
