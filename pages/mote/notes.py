"""The controllers' notes on /mote's agenda items (issue 13): under each item its note, its
decision with its state, the question to the board and the board's answer, with a folded
"Historik" (who, when, old → new) — for everyone who may see them (the reads follow the draft
visibility). SLK's controllers and administrators get an "Anteckna" button that opens a small
form; saving goes through `writes.save` (the role, the lock and the version the form was
opened with are checked on the server; a conflict shows the other's version).

One set of pattern-matching callbacks serves every item; an item is named by the JSON of its
key (`key_json`), checked again when it comes back from the browser. The form is
built when opened, so a page of hundreds of items sends no forms. All user text is rendered
as text (Dash escapes it; no HTML is ever parsed)."""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import MATCH, Input, Output, State, callback, ctx, dcc, html, no_update

from ils.notes import STATE_WORDS, STATES, parse_item_key
from pagekit import guard
from pages.mote import data, writes

FIELD_WORDS = {"note": "Anteckning", "decision": "Beslut", "state": "Läge",
               "question": "Fråga till nämnden", "answer": "Nämndens svar"}
NOT_YOURS = ("Bara SLK:s controller och administratörer kan skriva anteckningar och beslut på "
             "dagordningen.")


def row_key(item: dict) -> tuple[str, str, str, str]:
    """(kind, goal, org, indicator) of an agenda item row (its vom_id is the goal)."""
    return (item["kind"], item["vom_id"], item["org_id"], item.get("indicator_id") or "")


def key_json(year: int, period: str, item: dict) -> str:
    kind, goal, org, ind = row_key(item)
    return json.dumps({"ar": year, "period": period, "kind": kind, "goal": goal, "org": org,
                       "ind": ind}, sort_keys=True)


def _id(kind: str, key: str) -> dict:
    return {"type": f"mote-note-{kind}", "key": key}


def _text(value: str | None) -> list:
    """User text as text, its line breaks kept."""
    lines = (value or "").split("\n")
    out: list = []
    for i, line in enumerate(lines):
        out += [html.Br()] if i else []
        out.append(line)
    return out


def _line(label: str, value, extra: str = "") -> html.Div:
    return html.Div([html.Span(f"{label}: ", className="fw-semibold"),
                     html.Span(_text(value), className="kr-usertext"),
                     html.Span(extra, className="text-muted") if extra else None],
                    className="small")


def _shown(field: str, value) -> str:
    if value is None or value == "":
        return "–"
    return STATE_WORDS.get(value, value) if field == "state" else str(value)


def history_list(entries: list[dict]) -> html.Details | None:
    """'Historik': one line per change (when, who, what), each changed field old → new."""
    if not entries:
        return None
    lines = []
    for e in entries:
        fields = [f for f in (*FIELD_WORDS,) if f in e["new"] or f in e["old"]]
        lines.append(html.Li([
            html.Span(f"{(e['changed_at'] or '')[:16].replace('T', ' ')} · {e['changed_by']}"
                      f" · {e['action']}", className="fw-semibold"),
            html.Ul([html.Li(f"{FIELD_WORDS[f]}: {_shown(f, e['old'].get(f))} → "
                             f"{_shown(f, e['new'].get(f))}") for f in fields],
                    className="mb-1")]))
    return html.Details([html.Summary(f"Historik ({len(entries)} ändringar)"
                                      if len(entries) != 1 else "Historik (1 ändring)",
                                      className="small"),
                         html.Ul(lines, className="small mb-1")],
                        className="kr-note-history d-print-none")


def view(note: dict | None, entries: list[dict]) -> list:
    """What everyone who may see it reads of an item's note."""
    if not note:
        return []
    state = STATE_WORDS.get(note.get("state"), note.get("state") or "")
    parts = [
        _line("Anteckning", note["note"]) if note.get("note") else None,
        _line("Beslut", note.get("decision") or "–", f" ({state})"),
        _line("Fråga till nämnden", note["question"]) if note.get("question") else None,
        _line("Nämndens svar", note["answer"],
              f" ({note.get('answered_by')}, {(note.get('answered_at') or '')[:10]})")
        if note.get("answer") else
        (html.Div("Nämnden har inte svarat ännu.", className="small text-muted")
         if note.get("question") else None),
        html.Div(f"Senast ändrad {(note.get('updated_at') or '')[:16].replace('T', ' ')} av "
                 f"{note.get('updated_by')}", className="small text-muted"),
        history_list(entries),
    ]
    return [p for p in parts if p is not None]


def block(year: int, period: str, item: dict, notes: dict, writer: bool) -> html.Div:
    """An item's note (and, for a writer, its "Anteckna" button and form place)."""
    key = key_json(year, period, item)
    note = notes.get(row_key(item))
    entries = data.note_history(parse_item_key(key)) if note else []
    parts = [html.Div(view(note, entries), id=_id("view", key), className="kr-agenda-note-view")]
    if writer:
        parts += [html.Button("Anteckna", id=_id("open", key), n_clicks=0, type="button",
                              className="btn btn-sm btn-outline-primary mt-1 d-print-none"),
                  dbc.Collapse(id=_id("form", key), is_open=False, className="d-print-none")]
    return html.Div(parts, className="kr-agenda-note mt-1")


def for_items(year: int, period: str, org_ids: tuple[str, ...] | None = None):
    """A function item → its note block, for one section's items (notes read once)."""
    notes = data.notes(year, period, org_ids)
    writer = data.may_write(year, period)  # no form on a locked period
    return lambda item: block(year, period, item, notes, writer)


def form(key: str, note: dict | None, asks_a_board: bool = True) -> list:
    """The note form; without a board to ask (an item of the whole city) the question field
    is kept empty and hidden, and the form says why."""
    note = note or {}
    version = note.get("version") or 0

    def area(field: str, label: str):
        return html.Label([html.Span(label, className="small"),
                           dbc.Textarea(id=_id(field, key), value=note.get(field) or "", rows=2,
                                        maxLength=4000, className="form-control-sm mb-2")],
                          className="d-block")
    return [html.Div([
        area("note", "Anteckning"),
        area("decision", "Beslut"),
        html.Fieldset([html.Legend("Beslutets läge", className="small mb-0 fs-6"),
                       dbc.RadioItems(id=_id("state", key), inline=True,
                                      options=[{"label": STATE_WORDS[s], "value": s}
                                               for s in STATES],
                                      value=note.get("state") or "oppen", className="mb-2")]),
        area("question", "Fråga till nämnden (valfri)") if asks_a_board else html.Div([
            html.P("Punkten gäller hela staden: det finns ingen nämnd att ställa en fråga "
                   "till.", className="small text-muted mb-2"),
            html.Div(dbc.Textarea(id=_id("question", key), value="", readOnly=True),
                     hidden=True)]),
        dcc.Store(id=_id("version", key), data=version),
        dbc.Button("Spara", id=_id("save", key), n_clicks=0, color="primary", size="sm"),
        html.Div(id=_id("msg", key), role="status", className="mt-2"),
    ], className="border rounded p-2 mt-1 kr-note-form")]


@callback(Output(_id("form", MATCH), "children"), Output(_id("form", MATCH), "is_open"),
          Input(_id("open", MATCH), "n_clicks"), State(_id("form", MATCH), "is_open"),
          prevent_initial_call=True)
def toggle(n_clicks, is_open):
    """'Anteckna' opens the form (built now, with the stored note and its version) or
    closes it; only a writer gets one."""
    if not n_clicks:
        return no_update, no_update
    if is_open:
        return no_update, False
    key = (ctx.triggered_id or {}).get("key")
    return opened(key)


@guard.safe(outputs=2)
def opened(raw):
    key = parse_item_key(raw)
    if key is None:
        return dbc.Alert("Punkten finns inte.", color="warning", className="py-2"), True
    if not data.may_write():
        return dbc.Alert(NOT_YOURS, color="danger", className="py-2"), True
    return form(raw, data.note(key), data.asks_a_board(key)), True


@callback(Output(_id("msg", MATCH), "children"), Output(_id("view", MATCH), "children"),
          Output(_id("version", MATCH), "data"),
          Input(_id("save", MATCH), "n_clicks"),
          State(_id("note", MATCH), "value"), State(_id("decision", MATCH), "value"),
          State(_id("state", MATCH), "value"), State(_id("question", MATCH), "value"),
          State(_id("version", MATCH), "data"), prevent_initial_call=True)
def save(n_clicks, note, decision, state, question, version):
    if not n_clicks:
        return no_update, no_update, no_update
    return saved((ctx.triggered_id or {}).get("key"), note, decision, state, question, version)


@guard.safe(outputs=3)
def saved(raw, note, decision, state, question, version):
    """Save one item's note as the current viewer; the message, the item's fresh view and
    the version the next save expects (after a conflict: the other's, now shown)."""
    key = parse_item_key(raw)
    if key is None:
        return dbc.Alert("Punkten finns inte.", color="warning", className="py-2"), \
            no_update, no_update
    if not data.may_write():
        return dbc.Alert(NOT_YOURS, color="danger", className="py-2"), no_update, no_update
    ok, message = writes.save(key, note, decision, state, question, version)
    current = data.note(key)
    fresh = view(current, data.note_history(key) if current else [])
    stored = (current or {}).get("version") or 0
    if ok:
        return dbc.Alert(message, color="success", className="py-2"), fresh, stored
    conflict = message.startswith(writes.CONFLICT)
    alert = dbc.Alert(message, color="warning" if conflict else "danger",
                      className="py-2 kr-note-refused")
    return alert, fresh, stored if conflict else no_update
