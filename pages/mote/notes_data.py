"""What the controllers' notes on /mote read and write (issue 13), the only code of
`pages/mote/notes.py` that calls `queries/`: the notes of a period the viewer may see (read
fresh per request: they follow the viewer's draft visibility, never a shared cache), one
item's history, and saving a note (`queries.notes_write.save_note`, which checks the role, the
lock and the version on the server)."""

from __future__ import annotations

import json

from ils.notes import ItemKey, NoteError, item_key
from queries import assessment_reads, scope
from queries.db import get_engine
from queries.notes_write import save_note
from queries.write_common import Conflict, WriteRefused

CONFLICT = "Någon annan sparade medan du skrev: "
FIELDS = ("note", "decision", "state", "question", "answer", "answered_by", "answered_at",
          "version", "updated_by", "updated_at")


def may_write(year: int | None = None, period: str | None = None) -> bool:
    """Whether the current viewer may write notes (SLK's controllers and administrators), of
    (year, period) when given: not while it is locked (the server refuses that save too)."""
    if not scope.viewer().may_write_notes():
        return False
    if year is None or period is None:
        return True
    from queries.snapshots import lock_of

    return lock_of(get_engine(), year, period) is None


def asks_a_board(key: ItemKey) -> bool:
    """Whether the item's org is a board, which a question can go to (an item of the city
    as a whole has no board to answer; the writer refuses such a question too)."""
    import polars as pl

    from pagekit import data

    org = data.reference(get_engine()).organisation.filter(pl.col("id") == key.org_id)
    return org.height == 1 and org["level"][0] == "namnd"


def row_key(item: dict) -> tuple[str, str, str, str]:
    """(kind, goal, org, indicator) of an agenda item row (its vom_id is the goal)."""
    return (item["kind"], item["vom_id"], item["org_id"], item.get("indicator_id") or "")


def notes(year: int, period: str, org_ids: tuple[str, ...] | None = None) -> dict[tuple, dict]:
    """The notes of (year, period) the viewer may see, by `row_key` of their item."""
    df = assessment_reads.notes(get_engine(), year, period, org_ids)
    return {(r["kind"], r["goal_id"], r["org_id"], r["indicator_id"] or ""):
            {k: r.get(k) for k in FIELDS} for r in df.iter_rows(named=True)}


def one(key: ItemKey) -> dict | None:
    """The note of one item, as the viewer may see it (None: none, or not visible)."""
    got = notes(key.year, key.period, (key.org_id,))
    return got.get((key.kind, key.goal_id, key.org_id, key.indicator_id))


def history(key: ItemKey) -> list[dict]:
    """Every change of one item's note, oldest first: changed_at, changed_by, action, and
    the old and new values (dicts of the fields that changed)."""
    df = assessment_reads.note_history(get_engine(), key.year, key.period, key.kind,
                                       key.goal_id, key.org_id, key.indicator_id)
    return [{**r, "old": json.loads(r["old_values"]) if r["old_values"] else {},
             "new": json.loads(r["new_values"]) if r["new_values"] else {}}
            for r in df.iter_rows(named=True)]


def parse_key(raw: object) -> ItemKey | None:
    """An item key from the browser (the JSON of `key_json`), checked; None when odd."""
    if not isinstance(raw, str) or len(raw) > 600:
        return None
    try:
        k = json.loads(raw)
        if not isinstance(k, dict):
            return None
        return item_key(k.get("ar"), k.get("period"), k.get("kind"), k.get("goal"),
                        k.get("org"), k.get("ind") or None)
    except (ValueError, NoteError):
        return None


def key_json(year: int, period: str, item: dict) -> str:
    kind, goal, org, ind = row_key(item)
    return json.dumps({"ar": year, "period": period, "kind": kind, "goal": goal, "org": org,
                       "ind": ind}, sort_keys=True)


def save(key: ItemKey, note, decision, state, question, version) -> tuple[bool, str]:
    """Save as the current viewer: (saved, Swedish message). A conflict's message starts
    with `CONFLICT` and shows the other's version; every refusal says why, nothing changes."""
    try:
        got = save_note(get_engine(), scope.viewer(), key, note, decision, state, question,
                        version)
    except Conflict as exc:
        return False, CONFLICT + str(exc)
    except WriteRefused as exc:
        return False, str(exc)
    return True, f"Sparat (version {got})."
