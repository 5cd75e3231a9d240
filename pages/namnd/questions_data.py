"""What the board page's "Frågor från stadsledningskontoret" reads and writes (issue 13):
the controllers' questions about the board's agenda items of a period (read fresh per request:
they follow the viewer's draft visibility), whether the viewer may answer them (the board's
own users), and answering (`queries.notes_write.answer_question`, which checks the role, the
lock and the version on the server). The only code of `questions.py` that calls `queries/`."""

from __future__ import annotations

import json

from ils.notes import ItemKey, NoteError, item_key
from pagekit import data
from queries import assessment_reads, scope
from queries.db import get_engine
from queries.notes_write import answer_question
from queries.write_common import Conflict, WriteRefused, org_tree

CONFLICT = "Någon annan sparade medan du skrev: "


def questions(org_id: str, year: int, period: str) -> list[dict]:
    """The questions about the board's items, with the goal's code and title and the
    indicator's name."""
    engine = get_engine()
    df = assessment_reads.questions(engine, org_id, year, period)
    ref = data.reference(engine)
    goals = {r["id"]: r for r in ref.goals.select("id", "code", "title").iter_rows(named=True)}
    inds = dict(ref.indicators.select("id", "name").iter_rows())
    return [{**r, "goal_code": goals.get(r["goal_id"], {}).get("code"),
             "goal_title": goals.get(r["goal_id"], {}).get("title"),
             "indicator_name": inds.get(r["indicator_id"]) if r["indicator_id"] else None}
            for r in df.iter_rows(named=True)]


def may_answer(org_id: str, year: int | None = None, period: str | None = None) -> bool:
    """Whether the current viewer may answer the board's questions (its own users), of
    (year, period) when given: not while it is locked (the server refuses that save too)."""
    v = scope.viewer()
    if not v.may_edit(org_id, org_tree(get_engine())):  # the board's own users (ils.access)
        return False
    if year is None or period is None:
        return True
    from queries.snapshots import lock_of

    return lock_of(get_engine(), year, period) is None


def key_json(row: dict) -> str:
    return json.dumps({"ar": row["year"], "period": row["period"], "kind": row["kind"],
                       "goal": row["goal_id"], "org": row["org_id"],
                       "ind": row["indicator_id"] or ""}, sort_keys=True)


def parse_key(raw: object) -> ItemKey | None:
    """An item key from the browser, checked; None when odd."""
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


def one(key: ItemKey) -> dict | None:
    """The item's question and answer as the viewer may see them."""
    df = assessment_reads.questions(get_engine(), key.org_id, key.year, key.period)
    for r in df.iter_rows(named=True):
        if (r["kind"], r["goal_id"], r["indicator_id"] or "") == (
                key.kind, key.goal_id, key.indicator_id):
            return r
    return None


def answer(key: ItemKey, text, version) -> tuple[bool, str]:
    """Answer as the current viewer: (saved, Swedish message); a conflict's message starts
    with `CONFLICT` and shows the other's version."""
    try:
        got = answer_question(get_engine(), scope.viewer(), key, text, version)
    except Conflict as exc:
        return False, CONFLICT + str(exc)
    except WriteRefused as exc:
        return False, str(exc)
    return True, f"Svaret är sparat (version {got})."
