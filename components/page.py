"""The frame every page uses: its arguments in a store, its content filled by a callback.

Layout functions do no I/O; the page's callback (Input: `<page>-args`) loads the data, run
through `pagekit.guard.safe`, which shows what `marks` says above it. UI only: nothing here reads.
"""

from __future__ import annotations

from typing import Protocol

from dash import dcc, html

QUERY_KEYS = ("ar", "period", "sort", "mal")

# Components a page's callback draws inside its content later (a form, its buttons): Dash
# checks every callback's ids against the pages' layouts when a page opens and logged "ID not
# found in layout" for these, on every page. Registered here (by the module whose callbacks
# use them), they join the layout Dash checks against (`web.server`), never a page.
FILLED_LATER: list = []


def filled_later(*components) -> None:
    """Declare components that a callback puts into a page's content (their id and type)."""
    FILLED_LATER.extend(components)


def frame(page: str, **args) -> html.Div:
    """The page skeleton: a store with the URL arguments and a loading-wrapped content div."""
    data = {k: (None if v is None else str(v)) for k, v in args.items()}
    return html.Div([
        dcc.Store(id=f"{page}-args", data=data),
        dcc.Loading(html.Div(id=f"{page}-content", className="kr-page"), type="default",
                    delay_show=150),
    ])


def query_args(kwargs: dict) -> dict:
    """The known query-string arguments of a layout call (unknown ones are ignored)."""
    return {k: kwargs.get(k) for k in QUERY_KEYS}


def doc_title(entity: str) -> html.Span:
    """Names the entity in the browser tab ("Bromma stadsdelsnämnd – Kontrollrum"): a page's
    callback puts this in its content and assets/title.js copies it to document.title."""
    return html.Span(f"{entity} – Kontrollrum", className="kr-doc-title", hidden=True)


def header(title: str, subtitle: str | None = None) -> html.Div:
    return html.Div([html.H1(title, className="h3 mb-1"),
                     html.P(subtitle, className="text-muted mb-2") if subtitle else None])


class Seen(Protocol):
    """What a page's data contained (`queries.scope.Seen` records it while the page reads)."""

    def has_drafts(self, focus: tuple[int, str] | None = None) -> bool: ...

    def locks_of(self, focus: tuple[int, str] | None = None) -> dict: ...


def marks(seen: Seen, focus: tuple[int, str] | None = None) -> html.Div | None:
    """What a page's data contained that its reader must know: drafts the reader may see
    (§3.9: "Innehåller utkast") and locked periods shown from their snapshot ("Låst ...");
    with `focus` (the page's own year and period) only what concerns that period."""
    items = []
    if seen.has_drafts(focus):
        items.append(html.Div([
            html.Span("Innehåller utkast", className="badge text-bg-warning me-2"),
            "Vyn visar bedömningar som ännu inte är publicerade. Du ser dem för att du är "
            "inloggad med en roll som får se dem; andra ser bara publicerade uppgifter."],
            className="kr-mark-drafts small mb-1"))
    for (year, period), (when, who) in sorted(seen.locks_of(focus).items()):
        items.append(html.Div([
            html.Span(f"Låst {when} av {who}", className="badge text-bg-secondary me-2"),
            f"Uppgifterna för {period} {year} på sidan visas som när perioden låstes; de "
            "räknas inte om."],
            className="kr-mark-lock small mb-1"))
    return html.Div(items, className="kr-marks mb-2", role="note") if items else None


class Show(Exception):  # noqa: N818 - a signal, not an error
    """Raised inside a page callback to show `component` instead of the page (no data yet,
    an unknown id); `safe` turns it into the callback's output."""

    def __init__(self, component):
        super().__init__("show instead of the page")
        self.component = component
