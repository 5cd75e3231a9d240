"""What /namnd writes (issue 13): a draft of the board's self-assessment, publishing it,
returning a period to draft, and a board's answer to a controller's question. Every write goes
through `queries.write.assessments_write` / `queries.write.notes_write`, which check the role, the lock and
the version on the server whatever the page showed; here a refusal becomes (False, its Swedish
message). The only code of /namnd that writes; it reads nothing but through `data.py`."""

from __future__ import annotations

from ils.notes import ItemKey
from pages.namnd import data
from queries.db import get_engine
from queries.write.assessments_write import publish_period, return_to_draft, save_assessment
from queries.write.notes_write import answer_question
from queries.write.write_common import Conflict, WriteRefused

NOT_SHOWN = ("Visa sammanfattningen innan du publicerar: publiceringen gäller de utkast som "
             "sammanfattningen visade. Ingenting publicerades.")
CONFLICT = "Någon annan sparade medan du skrev: "


def save(org_id, goal_id, year, period, value, basis, also, motivation,
         version) -> tuple[bool, str, dict | None]:
    """Save as the current viewer: (saved, message, the stored version's facts)."""
    refused = data.below_the_board(org_id, "Inget sparades.")
    if refused:
        return False, refused, None
    try:
        got = save_assessment(get_engine(), data.viewer(), goal_id, org_id, year, period, value,
                              basis, motivation, version, also or ())
    except WriteRefused as exc:
        other = getattr(exc, "other", None)
        return False, str(exc), other
    if not got.changed:
        return True, f"Inget att spara: bedömningen är oförändrad (version {got.version}).", \
            {"version": got.version}
    return True, f"Sparat som utkast (version {got.version}).", {"version": got.version}


def publish(org_id, year, period, expected: dict | None) -> tuple[bool, str]:
    """Publish the drafts the summary showed (`expected`, {goal: version}); without them
    (None: a body that carried no summary) nothing is published."""
    refused = data.below_the_board(org_id, "Ingenting publicerades.")
    if refused:
        return False, refused
    try:  # no versions match no drafts: the write's own checks (role, lock) still speak first
        summary = publish_period(get_engine(), data.viewer(), org_id, year, period,
                                 {"": -1} if expected is None else expected)
    except Conflict as exc:
        return False, NOT_SHOWN if expected is None else str(exc)
    except WriteRefused as exc:
        return False, str(exc)
    more = summary.sentences()[1:]
    return True, f"Publicerat: {summary.n_goals} mål är nu synliga för alla. " + " ".join(more)


def to_draft(org_id, year, period, reason) -> tuple[bool, str]:
    """Return the period to draft as the current viewer (refused unless an admin)."""
    try:
        n = return_to_draft(get_engine(), data.viewer(), org_id, year, period, reason)
    except WriteRefused as exc:
        return False, str(exc)
    return True, f"{n} bedömningar är utkast igen; nämnden kan ändra dem och publicera på nytt."


def answer(key: ItemKey, text, version) -> tuple[bool, str]:
    """Answer as the current viewer: (saved, Swedish message); a conflict's message starts
    with `CONFLICT` and shows the other's version."""
    try:
        got = answer_question(get_engine(), data.viewer(), key, text, version)
    except Conflict as exc:
        return False, CONFLICT + str(exc)
    except WriteRefused as exc:
        return False, str(exc)
    return True, f"Svaret är sparat (version {got})."
