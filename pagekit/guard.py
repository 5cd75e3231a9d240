"""Runs a page's callback: an unexpected error shows a Swedish message, never a traceback;
the database down shows the outage message; a data set being replaced says so; and what the
page's data contained (drafts, locked periods: `components.page.marks`) is shown above it."""

from __future__ import annotations

import functools
import logging

import dash_bootstrap_components as dbc
from dash import html, no_update

from components.outage import outage_message
from components.page import Show, marks
from queries import scope
from queries.cache import DataChanging
from queries.outage import database_unreachable

log = logging.getLogger("kontrollrum")


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
