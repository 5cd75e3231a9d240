"""The list of /att-gora: each item with its kind and a link to where it is done; an item
past its deadline is red and says so in words."""

from __future__ import annotations

from dash import dcc, html

KIND_LABEL = {"aterford": "Återförd till utkast",
              "annan_period": "Utkast i annan period", "bedom": "Bedöm", "publicera": "Publicera",
              "fraga": "Fråga från SLK", "svar": "Svar från nämnd", "sen": "Sen nämnd",
              "anteckning": "Utan anteckning"}


def item_list(items, list_id: str, empty: str):
    if not items:
        return html.P(empty, className="text-muted", id=list_id)
    return html.Ul([html.Li([
        html.Span(KIND_LABEL.get(i.kind, i.kind), className="badge text-bg-light border me-2"),
        dcc.Link(i.text, href=i.href, className="text-danger fw-semibold" if i.urgent else None),
    ], className="mb-2") for i in items], className="list-unstyled kr-todo", id=list_id)
