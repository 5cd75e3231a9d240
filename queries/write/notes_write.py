"""The controllers' notes on agenda items and the boards' answers (issue 13).

`save_note`: an SLK controller (or an admin) writes an item's note, decision with its state
and an optional question to the board. `answer_question`: the board's own users answer it.
Both check on the server the role, the item (its goal and org exist), the lock and the version
the user started from (a `Conflict` carrying the other's version; nothing is overwritten), keep
every change in `agenda_note_history` (old → new, from the row as stored), each in one
`queries.write.write_unit` (the write lock first, the locked-period guard), which renews the data
version of the item's period so that its cached views (the agenda, its Excel and print) let
go. Text is stored as given.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine, insert, select, update

from ils.access import Viewer
from ils.clock import now
from ils.notes import STATE_WORDS, ItemKey, NoteError, check_state, clean_text
from ils.voms import VOM
from queries.schema import (
    NOTE_KEY,
    agenda_note,
    agenda_note_history,
    goal,
    indicator,
    organisation,
)
from queries.write.write_common import (
    Conflict,
    Invalid,
    NotAllowed,
    as_json,
    changes,
    check_version,
    org_name,
    org_tree,
    period_with_data,
    shown_time,
    who,
)
from queries.write.write_unit import write_unit

NOTE_FIELDS = ("note", "decision", "state", "question")
META = ("version", "updated_at", "updated_by", "answer", "answered_at", "answered_by")


def _where(key: ItemKey):
    n = agenda_note.c
    values = key.as_dict()
    cond = n.year == values["year"]
    for col in NOTE_KEY[1:]:
        cond = cond & (n[col] == values[col])
    return cond


def _row(conn: Connection, key: ItemKey) -> dict | None:
    got = conn.execute(select(agenda_note).where(_where(key))).first()
    return dict(got._mapping) if got is not None else None


def _asks_a_board(conn: Connection, key: ItemKey) -> None:
    """A question goes to a board, which answers it: an item of the city as a whole (or of a
    unit) has no board to ask."""
    level = conn.execute(select(organisation.c.level, organisation.c.name)
                         .where(organisation.c.id == key.org_id)).first()
    if level is not None and level.level != "namnd":
        raise Invalid(f"En fråga går till en nämnd, som svarar på den; punkten gäller "
                      f"{level.name}, så ingen nämnd kan svara. Skriv det i anteckningen i "
                      "stället.")


def _check_item(conn: Connection, key: ItemKey) -> None:
    """The item can be on the agenda: a VOM in force that year, an org and (if named) an
    indicator that exist, a period with data."""
    got = conn.execute(select(goal.c.level, goal.c.year_from, goal.c.year_to)
                       .where(goal.c.id == key.goal_id)).first()
    if got is None:
        raise Invalid(f"Målet {key.goal_id!r} finns inte.")
    if got.level != VOM or not got.year_from <= key.year <= got.year_to:
        raise Invalid(f"Målet {key.goal_id!r} är inget verksamhetsområdesmål för {key.year}: "
                      "dagordningens punkter gäller verksamhetsområdesmål.")
    tree = org_tree(conn)
    if key.org_id not in set(tree["id"]):
        raise Invalid(f"Organisationen {key.org_id!r} finns inte.")
    if key.indicator_id and conn.execute(select(indicator.c.id).where(
            indicator.c.id == key.indicator_id)).first() is None:
        raise Invalid(f"Indikatorn {key.indicator_id!r} finns inte.")
    period_with_data(conn, key.year, key.period, "en anteckning")


def _conflict(other: dict) -> Conflict:
    state = STATE_WORDS.get(other.get("state"), other.get("state"))
    msg = (f"Punkten har ändrats av {other.get('updated_by')} "
           f"{shown_time(other.get('updated_at'))} (version {other.get('version')}) sedan du "
           f"öppnade den: anteckning: {other.get('note') or '–'}; beslut: "
           f"{other.get('decision') or '–'} ({state}); fråga: {other.get('question') or '–'}; "
           f"svar: {other.get('answer') or '–'}. Din ändring sparades inte; läs den andra "
           "versionen och spara igen.")
    return Conflict(msg, {k: other.get(k) for k in (*NOTE_FIELDS, *META)})


def _history(conn: Connection, key: ItemKey, by: str, action: str, old: dict, new: dict,
             at: str) -> None:
    conn.execute(insert(agenda_note_history).values(
        **key.as_dict(), changed_at=at, changed_by=by, action=action,
        old_values=as_json(old), new_values=as_json(new)))


def _versioned(conn: Connection, key: ItemKey, expected: int) -> dict | None:
    old = _row(conn, key)
    if old is not None and old["version"] != expected:
        raise _conflict(old)
    if old is None and expected != 0:
        raise Conflict("Anteckningen finns inte längre; ladda om sidan. Din ändring "
                       "sparades inte.", {})
    return old


def _stored(unit, key: ItemKey, version: int, by: str) -> dict:
    """The row as stored after our write (what the history records); a `Conflict` (rolled
    back, never acknowledged) if it is not ours."""
    got = unit.read_back(lambda c: _row(c, key))
    if got is None or got["version"] != version or got["updated_by"] != by:
        raise _conflict(got or {})
    return got


def save_note(engine: Engine, viewer: Viewer, key: ItemKey, note: str | None,
              decision: str | None, state: str, question: str | None,
              expected_version: int) -> int:
    """Write an agenda item's note, decision (with state) and question; returns the new
    version (the stored one when nothing changed)."""
    if not viewer.may_write_notes():
        raise NotAllowed("Bara SLK:s controller och administratörer kan skriva anteckningar "
                         "och beslut på dagordningen.")
    expected = check_version(expected_version)
    try:
        new = {"note": clean_text("note", note), "decision": clean_text("decision", decision),
               "state": check_state(state), "question": clean_text("question", question)}
    except NoteError as exc:
        raise Invalid(str(exc)) from None
    with write_unit(engine, "anteckningen", period=(key.year, key.period)) as unit:
        conn = unit.conn
        _check_item(conn, key)
        if new["question"]:
            _asks_a_board(conn, key)
        old = _versioned(conn, key, expected)
        before, after = changes(old, new) if old is not None else ({}, new)
        if old is not None and not after:
            return old["version"]
        at, by = now(), who(viewer)
        version = (old["version"] if old else 0) + 1
        meta = {"version": version, "updated_at": at, "updated_by": by}
        if old is None:
            conn.execute(insert(agenda_note).values(**key.as_dict(), **new, **meta))
        else:
            conn.execute(update(agenda_note).where(_where(key)
                                                   & (agenda_note.c.version == expected))
                         .values(**new, **meta))
        got = _stored(unit, key, version, by)
        kept = {k: got[k] for k in NOTE_FIELDS}
        before, after = changes(old, kept) if old is not None else ({}, kept)
        _history(conn, key, by, "skapad" if old is None else "ändrad", before, after, at)
        unit.period_changed(key.year, key.period)
    return version


def answer_question(engine: Engine, viewer: Viewer, key: ItemKey, answer: str | None,
                    expected_version: int) -> int:
    """The board answers the controllers' question on its item; returns the new version."""
    expected = check_version(expected_version)
    try:
        text = clean_text("answer", answer)
    except NoteError as exc:
        raise Invalid(str(exc)) from None
    with write_unit(engine, "svaret", period=(key.year, key.period)) as unit:
        conn = unit.conn
        tree = org_tree(conn)
        if not viewer.may_edit(key.org_id, tree):
            raise NotAllowed(f"Bara {org_name(tree, key.org_id)}s egna användare (rollen "
                             "nämnd) kan svara på frågan.")
        old = _versioned(conn, key, expected)
        if old is None or not old.get("question"):
            raise Invalid("Det finns ingen fråga att svara på för den här punkten.")
        if old.get("answer") == text:
            return old["version"]
        at, by = now(), who(viewer)
        version = old["version"] + 1
        conn.execute(update(agenda_note).where(_where(key) & (agenda_note.c.version == expected))
                     .values(answer=text, answered_at=at, answered_by=by, version=version,
                             updated_at=at, updated_by=by))
        got = _stored(unit, key, version, by)
        _history(conn, key, by, "besvarad", {"answer": old.get("answer")},
                 {"answer": got["answer"]}, at)
        unit.period_changed(key.year, key.period)
    return version
