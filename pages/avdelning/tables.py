"""The tables of /avdelning/<id>: the goals, all indicators of the department and its units,
and its units with their light counts — the org views' shared declarations
(`pagekit/org/tables.py`). Downloads registered as page "department"."""

from __future__ import annotations

from pagekit import view
from pagekit.org.tables import goals_export, indicators_export, units_export
from pages.avdelning.data import AvdelningData, load

VIEW = view.of(__name__)
PAGE = "department"  # the prefix of the page's element ids ("department-content")


def _found(args: dict) -> AvdelningData | None:
    """The department's data for a download (None: no data, unknown id or not a
    department); fills in the year and period resolved (the sheet states them)."""
    d = load(args)
    if d.got is None:
        return None
    args.update(ar=d.ctx.year, period=d.ctx.period)
    return d


VIEW.table("goals", lambda a: (d := _found(a)) and goals_export(d.got))
VIEW.table("indicators",
               lambda a: (d := _found(a)) and indicators_export(d.got, whole_subtree=True))
VIEW.table("units",
               lambda a: (d := _found(a)) and units_export(d.got, d.units, a.get("sort")))
