"""The controllers' notes on agenda items (issue 13): states, checks, the item key. Pure.

An agenda item (`ils.agenda`) is identified by (year, period, kind, goal, org, indicator):
`ItemKey`, with indicator "" for an item about a goal light. A note holds the controller's
note, a decision with its state (`oppen`, `atgardad`, `ingen_atgard`) and an optional
question to the board; the board answers the question. Text is kept as written (no HTML
escaping: rendering it as text is the UI's job), only its length limited.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from ils.agenda import KINDS
from ils.periods import PERIODS

STATES = ("oppen", "atgardad", "ingen_atgard")
STATE_WORDS = {"oppen": "Öppen", "atgardad": "Åtgärdad", "ingen_atgard": "Ingen åtgärd"}
MAX_TEXT = 4000
FIELD_WORDS = {"note": "Anteckningen", "decision": "Beslutet", "question": "Frågan",
               "answer": "Svaret"}


class NoteError(ValueError):
    """A note that cannot be saved; the message is Swedish."""


@dataclass(frozen=True)
class ItemKey:
    year: int
    period: str
    kind: str
    goal_id: str
    org_id: str
    indicator_id: str = ""

    def as_dict(self) -> dict:
        return {"year": self.year, "period": self.period, "kind": self.kind,
                "goal_id": self.goal_id, "org_id": self.org_id,
                "indicator_id": self.indicator_id}


def item_key(year: object, period: object, kind: object, goal_id: object, org_id: object,
             indicator_id: object = None) -> ItemKey:
    """A checked item key (an agenda row's vom_id is the goal); `NoteError` when odd."""
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise NoteError(f"Ogiltigt år: {str(year)[:20]!r}.")
    if period not in PERIODS:
        raise NoteError(f"Okänd period {str(period)[:20]!r}: använd T1, T2 eller VB.")
    if kind not in KINDS:
        raise NoteError(f"Okänd sorts punkt på dagordningen: {str(kind)[:40]!r}.")
    for name, value in (("målet", goal_id), ("organisationen", org_id)):
        if not isinstance(value, str) or not value.strip() or len(value) > 120 or _odd(value):
            raise NoteError(f"Ogiltig id för {name}: {str(value)[:120]!r}.")
    if indicator_id is not None and (not isinstance(indicator_id, str)
                                     or len(indicator_id) > 120 or _odd(indicator_id)):
        raise NoteError(f"Ogiltig id för indikatorn: {str(indicator_id)[:120]!r}.")
    return ItemKey(year, period, kind, goal_id, org_id, indicator_id or "")  # type: ignore[arg-type]


def parse_item_key(raw: object) -> ItemKey | None:
    """An item key from the browser (the JSON the agenda's and the board page's buttons carry:
    ar, period, kind, goal, org, ind), checked; None when it is not one."""
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


def _odd(ident: str) -> bool:
    """Control characters (NUL among them) are in no id, and PostgreSQL refuses NUL."""
    return any(ord(c) < 32 or ord(c) == 127 for c in ident)


def clean_text(field: str, value: object) -> str | None:
    """A text field as stored: None when empty or whitespace, else exactly as written."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise NoteError(f"{FIELD_WORDS[field]} måste vara text.")
    if not value.strip():
        return None
    if len(value) > MAX_TEXT:
        raise NoteError(f"{FIELD_WORDS[field]} är för lång ({len(value)} tecken, högst "
                        f"{MAX_TEXT}).")
    if "\x00" in value:
        raise NoteError(f"{FIELD_WORDS[field]} innehåller ett otillåtet tecken (NUL).")
    return value


def check_state(state: object) -> str:
    if state not in STATES:
        raise NoteError("Välj ett läge för beslutet: Öppen, Åtgärdad eller Ingen åtgärd.")
    return state  # type: ignore[return-value]
