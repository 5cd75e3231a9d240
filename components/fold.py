"""Folded sections whose body is built on the server when first opened: one mechanism for
every view, its callback registered once (here).

A page would otherwise send thousands of components (a board's 12 VOM tables, the agenda's
sections); Dash's renderer needs seconds for that. A fold is an `html.Details` with a
placeholder; opening it (mouse or keyboard) asks the server for the body through `load`,
which finds the builder the view registered (`register(view, fn)`, at the view's import) and
calls it with the fold's key. `components` imports no page: views register, this module calls.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from dash import MATCH, Input, Output, State, callback, ctx, html, no_update

from components import page

PENDING = "kr-fold-pending"
BUILDERS: dict[str, Callable[[dict], object]] = {}
MAX_KEY = 2000  # a fold key is a few ids and a period: anything longer is not ours


def register(view: str, build: Callable[[dict], object]) -> None:
    """`build(key) -> component` makes the body of the view's folds (called by the view)."""
    BUILDERS[view] = build


def fold(view: str, key: dict, summary, body=None, *, open_: bool = False,
         className: str = "", summary_class: str = "small") -> html.Details:
    """A folded section; its body is `body` when given (shown at once), else built by the
    view's registered builder with `key` when first opened."""
    inner = body if body is not None else html.P("Laddar …", className=f"{PENDING} small "
                                                 "text-muted mb-0")
    fid = {"view": view, "key": json.dumps(key, sort_keys=True, default=str)}
    return html.Details([html.Summary(summary, className=summary_class),
                         html.Div(inner, id={"type": "kr-fold-body", **fid})],
                        id={"type": "kr-fold", **fid}, open=open_, className=className)


def _pending(children) -> bool:
    props = children.get("props", {}) if isinstance(children, dict) else {}
    return PENDING in str(props.get("className", ""))


def build(view: str, key: dict):
    """The body of one fold (what `load` returns; tests call it directly)."""
    fn = BUILDERS.get(view)
    if fn is None:
        return html.P("Avsnittet finns inte.", className="text-muted")
    return page.safe(fn)(key)


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
