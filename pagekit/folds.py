"""The server side of folded sections (`components.fold`): each view registers the builder of
its folds' bodies (`register(view, fn)`, at the view's import); one callback, registered once
here, builds a body when its fold is first opened. This module imports no page: views register,
it calls."""

from __future__ import annotations

import json
from collections.abc import Callable

from dash import MATCH, Input, Output, State, callback, ctx, html, no_update

from components.fold import PENDING
from pagekit.guard import safe

BUILDERS: dict[str, Callable[[dict], object]] = {}
MAX_KEY = 2000  # a fold key is a few ids and a period: anything longer is not ours


def register(view: str, build: Callable[[dict], object]) -> None:
    """`build(key) -> component` makes the body of the view's folds (called by the view)."""
    BUILDERS[view] = build


def _pending(children) -> bool:
    props = children.get("props", {}) if isinstance(children, dict) else {}
    return PENDING in str(props.get("className", ""))


def build(view: str, key: dict):
    """The body of one fold (what `load` returns; tests call it directly)."""
    fn = BUILDERS.get(view)
    if fn is None:
        return html.P("Avsnittet finns inte.", className="text-muted")
    return safe(fn)(key)


def parse_key(raw) -> dict | None:
    """A fold key from the browser, or None when it is not one of ours."""
    if not isinstance(raw, str) or len(raw) > MAX_KEY:
        return None
    try:
        key = json.loads(raw)
    except ValueError:
        return None
    return key if isinstance(key, dict) else None


@callback(Output({"type": "kr-fold-body", "view": MATCH, "key": MATCH}, "children"),
          Input({"type": "kr-fold", "view": MATCH, "key": MATCH}, "n_clicks"),
          State({"type": "kr-fold-body", "view": MATCH, "key": MATCH}, "children"),
          prevent_initial_call=True)
def load(n_clicks, current):
    if not n_clicks or not _pending(current):
        return no_update
    fid = ctx.triggered_id or {}
    key = parse_key(fid.get("key"))
    if key is None or not isinstance(fid.get("view"), str):
        return no_update
    return build(fid["view"], key)
