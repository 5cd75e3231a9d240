"""What the goal page's "Historik" reads (issue 13): every org's changes of its assessment of
the goal in the period, as the viewer may see them (`queries.assessment_reads.goal_history`:
drafts only to those who may see them). The only code of the section that calls `queries`."""

from __future__ import annotations

import json

from ils.assessing import describe_change
from queries import assessment_reads as reads
from queries.db import get_engine
from queries.write_common import org_tree, shown_time


def load(goal_id: str, year: int, period: str) -> list[tuple[str, list[dict]]]:
    """[(org name, entries newest first)], orgs by name."""
    engine = get_engine()
    df = reads.goal_history(engine, goal_id, year, period)
    if df.is_empty():
        return []
    names = dict(org_tree(engine).select("id", "name").iter_rows())
    out = []
    for (org_id,), rows in df.group_by("org_id", maintain_order=True):
        entries = [dict(r, when=shown_time(r["changed_at"]), changes=describe_change(
            json.loads(r["old_values"]) if r["old_values"] else None,
            json.loads(r["new_values"]) if r["new_values"] else None))
            for r in reversed(rows.to_dicts())]
        out.append((names.get(org_id, org_id), entries))
    return sorted(out, key=lambda p: p[0])

