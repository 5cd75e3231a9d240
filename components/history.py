"""A change history as a list (issue 13): who, when, what, old → new — text only, never HTML.

Entries are dicts with `when` (shown time), `action`, `changed_by` (None: an import),
`reason` and `changes` (Swedish lines, `ils.assessing.describe_change`)."""

from __future__ import annotations

from dash import html

ACTION_WORDS = {"skapad": "Skapad", "ändrad": "Ändrad", "publicerad": "Publicerad",
                "återförd till utkast": "Återförd till utkast", "importerad": "Importerad",
                "besvarad": "Besvarad"}


def history_list(entries: list[dict], empty: str = "Inga ändringar ännu.") -> html.Ul | html.P:
    if not entries:
        return html.P(empty, className="small text-muted")
    return html.Ul([html.Li([
        html.Span(f"{e['when']} · {ACTION_WORDS.get(e['action'], e['action'])} av "
                  f"{e['changed_by'] or 'import'}"
                  + (f" · skäl: {e['reason']}" if e.get("reason") else ""), className="fw-bold"),
        html.Ul([html.Li(c) for c in e["changes"]], className="mb-1")], className="small")
        for e in entries], className="mb-0 kr-history")
