"""The frame every page uses: its arguments in a store, its content filled by a callback.

Layout functions do no I/O; the page's callback (Input: `<page>-args`) loads the data.
"""

from __future__ import annotations

import functools
import logging

import dash_bootstrap_components as dbc
from dash import dcc, html, no_update

from components.outage import database_unreachable, outage_message
from queries.cache import DataChanging

log = logging.getLogger("kontrollrum")

QUERY_KEYS = ("ar", "period", "sort", "mal")


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
        try:
            return render(*args, **kwargs)
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
