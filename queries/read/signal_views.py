"""What the Styrsignaler page loads: narrow selects of the budget's signals.

- `year_signals(engine, year)`: organisation, goals, indicators and one year's activities and
  directives (all years when `year` is None) — no targets, values or assessments;
- `trend_signals(engine)`: every year, but only the columns the counts of §3.6 need;
- `signal_years(engine)`: the years that have activities or directives;
- `overlaps(engine, threshold)`: the overlap groups of all directives, computed once per
  content of the directive table (a hash of the rows read decides) and kept in memory.
"""

from __future__ import annotations

import polars as pl
from sqlalchemy import Engine, select, union

from ils.model import FILES, Dataset
from ils.signal_overlap import DEFAULT_THRESHOLD, overlap_groups
from queries.db import fetch
from queries.schema import TABLES

_NEEDED = {
    "organisation": ("id", "parent_id", "level", "kind", "name"),
    "goals": ("id", "parent_id", "level", "org_id", "code", "title", "year_from", "year_to"),
    "indicators": ("id", "goal_id", "name", "decided_by", "org_id", "applies_to"),
    "activities": ("id", "goal_id", "org_id", "year", "name", "recipient"),
    "directives": ("id", "year", "kind", "recipient", "goal_id", "text"),
}
_TREND = {
    "organisation": ("id", "level", "kind"),
    "goals": ("id", "level", "year_from", "year_to"),
    "indicators": ("id", "goal_id", "decided_by", "org_id", "applies_to"),
    "activities": ("id", "org_id", "year", "recipient"),
    "directives": ("id", "year", "recipient"),
}


def _load(engine: Engine, name: str, columns: tuple[str, ...],
          years: tuple[int, ...] | None = None) -> pl.DataFrame:
    spec = FILES[name]
    table = TABLES[spec.table]
    stmt = select(*(table.c[c] for c in columns))
    if years is not None and "year" in table.c:
        stmt = stmt.where(table.c.year.in_(years))
    stmt = stmt.order_by(*(table.c[k] for k in spec.key))
    schema = {c: spec.polars_schema[c] for c in columns}
    return fetch(engine, stmt, schema_overrides=schema)


def _dataset(engine: Engine, wanted: dict[str, tuple[str, ...]],
             years: tuple[int, ...] | None) -> Dataset:
    return Dataset.from_frames({name: _load(engine, name, cols, years)
                                for name, cols in wanted.items()})


def year_signals(engine: Engine, year: int | None) -> Dataset:
    """The reference tables plus the activities and directives of `year` (None: all years)."""
    return _dataset(engine, _NEEDED, None if year is None else (year,))


def trend_signals(engine: Engine) -> Dataset:
    """Every year's budget signals, with only the columns `signal_trend` needs."""
    return _dataset(engine, _TREND, None)


def signal_years(engine: Engine) -> list[int]:
    """Years with activities or directives, ascending."""
    act, dirs = TABLES["activity"], TABLES["directive"]
    stmt = union(select(act.c.year), select(dirs.c.year))
    with engine.connect() as conn:
        return sorted(int(y) for (y,) in conn.execute(stmt).all() if y is not None)


def overlaps(engine: Engine, threshold: float = DEFAULT_THRESHOLD) -> pl.DataFrame:
    """Overlap groups of every directive (`ils.signal_overlap.overlap_groups`), from their
    id, year, recipient and text (a few thousand short rows; ~0.1 s at demo scale)."""
    return overlap_groups(_load(engine, "directives", ("id", "year", "recipient", "text")),
                          threshold)


def org_names(engine: Engine) -> dict[str, str]:
    """id → name of every organisation (for recipients and issuers)."""
    df = _load(engine, "organisation", ("id", "name"))
    return dict(zip(df["id"].to_list(), df["name"].to_list(), strict=False))
