"""The frame every page uses: its arguments in a store, its content filled by a callback.

Layout functions do no I/O; the page's callback (Input: `<page>-args`) loads the data.
"""

from __future__ import annotations

import functools
import logging

import dash_bootstrap_components as dbc
from dash import dcc, html, no_update

from components.outage import database_unreachable, outage_message
from queries import scope
from queries.cache import DataChanging

log = logging.getLogger("kontrollrum")

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


def marks(seen: scope.Seen, focus: tuple[int, str] | None = None) -> html.Div | None:
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


def _is_page_content() -> bool:
    """Whether the running callback fills a page's main content (`<page>-content`)."""
    try:
        from dash import ctx
        out = ctx.outputs_list
    except Exception:  # noqa: BLE001 - called outside a callback (tests): no marks
        return False
    first = out[0] if isinstance(out, list) and out else out
    return (isinstance(first, dict) and isinstance(first.get("id"), str)
            and first["id"].endswith("-content") and first.get("property") == "children")


def _with_marks(result, seen: scope.Seen, outputs: int,
                focus: tuple[int, str] | None = None):
    mark = marks(seen, focus)
    if mark is None or not _is_page_content():
        return result
    if outputs == 1:
        return html.Div([mark, result])
    return (html.Div([mark, result[0]]), *result[1:])


class Show(Exception):  # noqa: N818 - a signal, not an error
    """Raised inside a page callback to show `component` instead of the page (no data yet,
    an unknown id); `safe` turns it into the callback's output."""

    def __init__(self, component):
        super().__init__("show instead of the page")
        self.component = component


def safe(render=None, *, outputs: int = 1):
    """Wrap a page callback: an unexpected error shows a Swedish message, never a traceback.
    With several outputs the message goes to the first and the others stay as they were."""
    if render is None:
        return functools.partial(safe, outputs=outputs)

    @functools.wraps(render)
    def wrapper(*args, **kwargs):
        if scope.session_unreadable():  # signed in, but the database cannot say as whom
            note = outage_message()
            return note if outputs == 1 else (note, *[no_update] * (outputs - 1))
        try:
            with scope.focusing() as focus, scope.recording() as seen:
                result = render(*args, **kwargs)
            return _with_marks(result, seen, outputs, focus[0])
        except Show as show:
            return show.component if outputs == 1 else (show.component,
                                                         *[no_update] * (outputs - 1))
        except DataChanging:
            note = dbc.Alert([html.H2("Data uppdateras just nu", className="h5"),
                              html.P("Ett nytt dataunderlag läses in. Ladda om sidan om en "
                                     "liten stund.", className="mb-0")], color="warning")
            return note if outputs == 1 else (note, *[no_update] * (outputs - 1))
        except Exception as error:  # noqa: BLE001 - the user gets a message, the log the traceback
            if database_unreachable(error):
                log.warning("page callback %s: database unreachable: %s", render.__name__, error)
                note = outage_message()
                return note if outputs == 1 else (note, *[no_update] * (outputs - 1))
            log.exception("page callback %s failed", render.__name__)
            alert = dbc.Alert([html.H2("Något gick fel", className="h5"),
                               html.P("Sidan kunde inte visas. Försök igen, eller gå tillbaka "
                                      "till stadsöversikten. Felet har loggats.",
                                      className="mb-0")], color="danger")
            return alert if outputs == 1 else (alert, *[no_update] * (outputs - 1))

    return wrapper
