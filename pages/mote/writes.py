"""What /mote writes: a controller's note on an agenda item (issue 13), through
`queries.write.notes_write.save_note`, which checks the role, the lock and the version on the server.
The only code of /mote that writes."""

from __future__ import annotations

from ils.notes import ItemKey
from queries import scope
from queries.db import get_engine
from queries.write.notes_write import save_note
from queries.write.write_common import Conflict, WriteRefused

CONFLICT = "Någon annan sparade medan du skrev: "


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
