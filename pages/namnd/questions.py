"""The board page's "Frågor från stadsledningskontoret" (issue 13): the questions SLK's
controllers asked about the board's agenda items of the period, with the board's answers, for
everyone who may see them (the reads follow the draft visibility); the board's own users
(`namnd` of the org) answer them here. The answer callback checks the role, the lock and the
version on the server (`writes.answer`); a conflict shows the other's version. All user
text is rendered as text."""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, ctx, dcc, html, no_update

from ils.notes import parse_item_key
from pagekit import guard
from pages.mote.items import KIND_LABEL
from pages.namnd import data, writes

TITLE = "Frågor från stadsledningskontoret"


def key_json(row: dict) -> str:
    return json.dumps({"ar": row["year"], "period": row["period"], "kind": row["kind"],
                       "goal": row["goal_id"], "org": row["org_id"],
                       "ind": row["indicator_id"] or ""}, sort_keys=True)


def _id(kind: str, key: str) -> dict:
    return {"type": f"namnd-q-{kind}", "key": key}


def _text(value: str | None) -> list:
    out: list = []
    for i, line in enumerate((value or "").split("\n")):
        out += [html.Br()] if i else []
        out.append(line)
    return out


def answer_view(row: dict | None) -> list:
    if not row or not row.get("answer"):
        return [html.P("Nämnden har inte svarat ännu.", className="small text-muted mb-1")]
    return [html.P([html.Span("Nämndens svar: ", className="fw-semibold"),
                    html.Span(_text(row["answer"]), className="kr-usertext"),
                    html.Span(f" ({row.get('answered_by')}, "
                              f"{(row.get('answered_at') or '')[:16].replace('T', ' ')})",
                              className="text-muted")], className="small mb-1")]


def _form(key: str, row: dict) -> html.Div:
    return html.Div([
        html.Label([html.Span("Nämndens svar", className="small"),
                    dbc.Textarea(id=_id("text", key), value=row.get("answer") or "", rows=3,
                                 maxLength=4000, className="form-control-sm mb-2")],
                   className="d-block"),
        dcc.Store(id=_id("version", key), data=row.get("version") or 0),
        dbc.Button("Spara svaret", id=_id("save", key), n_clicks=0, color="primary",
                   size="sm"),
        html.Div(id=_id("msg", key), role="status", className="mt-2"),
    ], className="d-print-none")


def _item(row: dict, writer: bool) -> html.Li:
    key = key_json(row)
    what = " · ".join(p for p in (
        f"{row.get('goal_code') or ''} {row.get('goal_title') or row['goal_id']}".strip(),
        KIND_LABEL.get(row["kind"], row["kind"]), row.get("indicator_name")) if p)
    return html.Li([
        html.H3(what, className="h6 mb-1"),
        html.P([html.Span("Fråga: ", className="fw-semibold"),
                html.Span(_text(row["question"]), className="kr-usertext")],
               className="small mb-1"),
        html.Div(answer_view(row), id=_id("view", key)),
        _form(key, row) if writer else None,
    ], className="list-group-item kr-board-question")


def section(org_id: str, year: int, period: str) -> list:
    """The section's components (its heading first), for the board's page."""
    rows = data.questions(org_id, year, period)
    head = html.H2(TITLE, className="h5 mt-4", id="namnd-questions")
    if not rows:
        return [head, html.P(f"Stadsledningskontoret har inga frågor till nämnden om "
                             f"{period} {year}.", className="text-muted small")]
    writer = data.may_answer(org_id, year, period)  # no answer box in a locked period
    locked = None
    if not writer and data.may_answer(org_id):
        locked = html.P(f"Perioden {period} {year} är låst: svar kan inte lämnas eller ändras. "
                        "Kontakta stadsledningskontoret om något behöver ändras.",
                        className="small text-muted", id="namnd-questions-locked")
    return [head, locked, html.Ul([_item(r, writer) for r in rows],
                                  className="list-group mb-3 kr-board-questions")]


@callback(Output(_id("msg", MATCH), "children"), Output(_id("view", MATCH), "children"),
          Output(_id("version", MATCH), "data"),
          Input(_id("save", MATCH), "n_clicks"), State(_id("text", MATCH), "value"),
          State(_id("version", MATCH), "data"), prevent_initial_call=True)
def save(n_clicks, text, version):
    if not n_clicks:
        return no_update, no_update, no_update
    return answered((ctx.triggered_id or {}).get("key"), text, version)


@guard.safe(outputs=3)
def answered(raw, text, version):
    """Answer one question as the current viewer; the message, the fresh answer and the
    version the next save expects (after a conflict: the other's, now shown)."""
    key = parse_item_key(raw)
    if key is None:
        return dbc.Alert("Frågan finns inte.", color="warning", className="py-2"), \
            no_update, no_update
    ok, message = writes.answer(key, text, version)
    current = data.question(key)
    stored = (current or {}).get("version") or 0
    if ok:
        return (dbc.Alert(message, color="success", className="py-2"), answer_view(current),
                stored)
    conflict = message.startswith(writes.CONFLICT)
    return (dbc.Alert(message, color="warning" if conflict else "danger",
                      className="py-2 kr-question-refused"),
            answer_view(current) if current else no_update, stored if conflict else no_update)
