"""The tables of /enhet/<id>: the goals and the unit's indicators — the org views' shared
declarations (`pagekit/org/tables.py`). Downloads registered as page "unit"."""

from __future__ import annotations

from pagekit import view
from pagekit.org.tables import goals_export, indicators_export
from pages.enhet.data import EnhetData, load

VIEW = view.of(__name__)
PAGE = "unit"  # the prefix of the page's element ids ("unit-content")


def _found(args: dict) -> EnhetData | None:
    """The unit's data for a download (None: no data, unknown id or not a unit); fills in
    the year and period resolved (the sheet states them)."""
    d = load(args)
    if d.got is None:
        return None
    args.update(ar=d.ctx.year, period=d.ctx.period)
    return d


VIEW.table("goals", lambda a: (d := _found(a)) and goals_export(d.got))
VIEW.table("indicators",
               lambda a: (d := _found(a)) and indicators_export(d.got, whole_subtree=False))
