"""The menu's search on the server (issue 22 item 5): the index, read once per data version
through the view cache, and the callback that fills the search box's listbox
(`components.search`; matching is `ils.search`).

The index holds names, titles and codes of organisation, goals and indicators only: public
to every viewer, so one index serves all (no draft text is ever read for it)."""

from __future__ import annotations

import logging
from urllib.parse import parse_qs

import polars as pl
from dash import Input, Output, State, callback
from sqlalchemy import Engine

from components import search as ui
from ils.search import build_index, search
from pagekit.data import period_context
from queries.cache import cached
from queries.db import get_engine
from queries.read import views

log = logging.getLogger("kontrollrum")
UNAVAILABLE = "Sökningen fungerar inte just nu. Försök igen om en stund."


def search_index(engine: Engine) -> pl.DataFrame:
    """The search index of the database's current data (cached; base data only)."""
    return cached(engine, "search", None, lambda: build_index(views.reference(engine)),
                  periods=())


def _period(url_search: str | None) -> tuple[int | None, str]:
    """The year the reader is on and the `?ar=&period=` its links carry (as the pages' own
    links: the period resolved against the data, a bad value replaced by the latest)."""
    args = parse_qs((url_search or "").lstrip("?"))
    ctx = period_context((args.get("ar") or [None])[0], (args.get("period") or [None])[0],
                         page=False)
    return (None, "") if ctx.empty else (ctx.year, ctx.query())


@callback(Output(ui.LIST_ID, "children"), Output(ui.NOTE_ID, "children"),
          Input(ui.INPUT_ID, "value"), State("shell-url", "search"))
def find(query, url_search):
    """The hits for what is typed: links in the listbox, and the note under it."""
    if not isinstance(query, str) or not query.strip():
        return [], ""  # nothing typed (or not text: a hand-made request)
    if not isinstance(url_search, str):
        url_search = ""
    try:
        year, link_query = _period(url_search)
        result = search(search_index(get_engine()), query, year)
    except Exception:  # noqa: BLE001 - the database down: the box says so, the page stays
        log.warning("search: index not read", exc_info=True)
        return [], UNAVAILABLE
    return ui.options(result, link_query), ui.note(result)
