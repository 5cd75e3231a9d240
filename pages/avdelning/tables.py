"""The tables of /avdelning/<id>: the goals, all indicators of the department and its units,
and its units with their light counts — the org views' shared declarations
(`pagekit/org/tables.py`). Downloads registered as page "department"."""

from __future__ import annotations

from pagekit.downloads import register_table
from pagekit.org.tables import goals_export, indicators_export, units_export
from pages.avdelning.data import AvdelningData, load

PAGE = "department"


def _found(args: dict) -> AvdelningData | None:
    """The department's data for a download (None: no data, unknown id or not a
    department); fills in the year and period resolved (the sheet states them)."""
    d = load(args)
    if d.got is None:
        return None
    args.update(ar=d.ctx.year, period=d.ctx.period)
    return d


register_table(PAGE, "goals", lambda a: (d := _found(a)) and goals_export(d.got))
register_table(PAGE, "indicators",
               lambda a: (d := _found(a)) and indicators_export(d.got, whole_subtree=True))
register_table(PAGE, "units",
               lambda a: (d := _found(a)) and units_export(d.got, d.units, a.get("sort")))
