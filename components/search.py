"""The menu's search box (issue 22 item 5): a WAI-ARIA 1.2 combobox with a listbox popup.

The server (`pagekit.search`) fills the listbox with `options(result, query)`; the keyboard,
the popup's opening and closing and the combobox's ARIA state (`role`, `aria-expanded`,
`aria-activedescendant`) are `assets/search.js`, since `dcc.Input` takes no ARIA props.
Every option is a link to the hit's page, carrying the period the reader is on."""

from __future__ import annotations

from dash import dcc, html

from ils.labels import fmt_number
from ils.search import KIND_LABEL, Result

LABEL = "Sök nämnd, enhet, mål eller indikator"
INPUT_ID = "shell-search-input"
LIST_ID = "shell-search-list"
NOTE_ID = "shell-search-note"
PATH = {"namnd": "/namnd/", "avdelning": "/avdelning/", "enhet": "/enhet/", "mal": "/mal/",
        "indikator": "/indikator/"}


def search_box() -> html.Div:
    """The label, the input, and the popup: the listbox of hits and a note (no hits, more)."""
    return html.Div([
        html.Label(LABEL, htmlFor=INPUT_ID, className="visually-hidden"),
        dcc.Input(id=INPUT_ID, type="text", value="", placeholder="Sök …", autoComplete="off",
                  spellCheck="false", debounce=0.15, maxLength=100,
                  className="form-control form-control-sm kr-search-input"),
        html.Div([
            html.Div(id=LIST_ID, role="listbox", className="kr-search-list",
                     **{"aria-label": "Sökträffar"}),
            html.Div(id=NOTE_ID, role="status", className="kr-search-note small"),
        ], className="kr-search-popup", hidden=True, id="shell-search-popup"),
    ], className="kr-search position-relative my-2 my-xxl-0 ms-xxl-2", id="shell-search")


def options(result: Result, query: str = "") -> list:
    """One link per hit (role "option"): the name, its kind, the code and the org it belongs
    to; `query` is the `?ar=&period=` part every link keeps."""
    out = []
    for i, hit in enumerate(result.hits):
        details = [part for part in (hit.code, hit.context) if part]
        out.append(html.A([
            html.Span(hit.name, className="kr-search-name"),
            html.Span(", ", className="visually-hidden"),
            html.Span(KIND_LABEL[hit.kind], className=f"kr-search-kind kr-search-{hit.kind}"),
            *([html.Span(", ", className="visually-hidden"),
               html.Span(" · ".join(details), className="kr-search-detail")] if details else []),
        ], href=PATH[hit.kind] + hit.id + query, id=f"{LIST_ID}-{i}", role="option",
            tabIndex="-1", className="kr-search-option", **{"aria-selected": "false"}))
    return out


def note(result: Result) -> str:
    """'Inga träffar för ”…”.' when nothing matched, 'Visar 12 av 40 träffar …' when there
    are more than the list shows; else how many (for screen readers, as a status)."""
    if not result.query:
        return ""
    if result.total == 0:
        return f"Inga träffar för ”{result.query}”."
    if result.total > len(result.hits):
        return (f"Visar {len(result.hits)} av {fmt_number(result.total)} träffar. "
                "Skriv mer för att begränsa.")
    return "1 träff." if result.total == 1 else f"{fmt_number(result.total)} träffar."
