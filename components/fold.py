"""Folded sections whose body is built on the server when first opened.

A page would otherwise send thousands of components (a board's 12 VOM tables, the agenda's
sections); Dash's renderer needs seconds for that. A fold is an `html.Details` with a
placeholder; opening it (mouse or keyboard) asks the server for the body
(`pagekit.folds.load`), which calls the builder the view registered with the fold's key.
"""

from __future__ import annotations

import json

from dash import html

PENDING = "kr-fold-pending"


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
