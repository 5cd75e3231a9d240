"""Select builders for the model's tables and the loader of a `Dataset` for the rules."""

from __future__ import annotations

import polars as pl
from sqlalchemy import Connection, Engine, Select, func, or_, select

from ils.access import DRAFT, Access
from ils.model import FILES, Dataset
from ils.periods import RANK as PERIOD_RANK
from queries import scope
from queries.db import fetch
from queries.schema import TABLES, dataset_info, organisation

YEARLY = ("targets", "values", "assessments", "activities", "directives", "schedule")
NARROWED = ("targets", "values", "assessments")


def draft_orgs(engine: Engine | Connection, access: Access) -> frozenset[str] | None:
    """The orgs whose drafts `access` may read (None: all); reads the org tree if needed."""
    if access.all_drafts or not access.draft_roots:
        return None if access.all_drafts else frozenset()
    tree = fetch(engine, select(organisation.c.id, organisation.c.parent_id),
                 schema_overrides={"id": pl.String, "parent_id": pl.String})
    return access.draft_orgs(tree)


def select_file(name: str, years: tuple[int, ...] | None = None,
                periods: tuple[str, ...] | None = None,
                org_ids: tuple[str, ...] | None = None,
                indicator_ids: tuple[str, ...] | None = None,
                drafts_of: frozenset[str] | None = None) -> Select:
    """Select one model file's columns (in model order), optionally narrowed.

    `years`/`periods` narrow the yearly files; `org_ids` and `indicator_ids` narrow targets,
    values and assessments (the files that grow with the organisation). Assessments are
    kept to published ones plus the drafts of `drafts_of` (None: every draft; §3.9).
    """
    spec = FILES[name]
    table = TABLES[spec.table]
    cols = [table.c[c] for c in spec.column_names]
    if name == "schedule":  # "" in the database is the interchange's empty org_id
        cols[2] = func.nullif(table.c.org_id, "").label("org_id")
    stmt = select(*cols)
    if years is not None and name in YEARLY:
        stmt = stmt.where(table.c.year.in_(years))
    if periods is not None and "period" in table.c:
        stmt = stmt.where(table.c.period.in_(periods))
    if org_ids is not None and name in NARROWED:
        stmt = stmt.where(table.c.org_id.in_(org_ids))
    if indicator_ids is not None and "indicator_id" in table.c:
        stmt = stmt.where(table.c.indicator_id.in_(indicator_ids))
    if drafts_of is not None and name == "assessments":
        shown = [table.c.status.is_(None), table.c.status != DRAFT]
        if drafts_of:
            shown.append(table.c.org_id.in_(sorted(drafts_of)))
        stmt = stmt.where(or_(*shown))
    return stmt.order_by(*(table.c[k] for k in spec.key))


def load_dataset(engine: Engine, years: tuple[int, ...] | None = None,
                 periods: tuple[str, ...] | None = None,
                 org_ids: tuple[str, ...] | None = None,
                 indicator_ids: tuple[str, ...] | None = None,
                 files: tuple[str, ...] = tuple(FILES),
                 access: Access | None = None) -> Dataset:
    """Load the data set, or the part of it some years, periods, orgs or indicators need.

    Files not in `files` come back empty (with their columns and types). Assessments are
    those `access` may see (default: the current viewer's, `queries.scope`).
    """
    access = scope.access() if access is None else access
    drafts_of = draft_orgs(engine, access) if "assessments" in files else None
    frames = {name: fetch(engine, select_file(name, years, periods, org_ids, indicator_ids,
                                              drafts_of),
                          schema_overrides=FILES[name].polars_schema)
              for name in files}
    if access.sees_drafts and "assessments" in frames:
        shown = frames["assessments"].filter(pl.col("status") == DRAFT)
        if shown.height:  # of which periods: a page says it only for its own (§3.9)
            scope.saw(drafts=True, periods=shown.select("year", "period").unique().rows())
    return Dataset.from_frames(frames)


def select_info() -> Select:
    """The data set's facts; the data version is bookkeeping, not a fact (`queries.write.lights`)."""
    return (select(dataset_info.c.key, dataset_info.c.value)
            .where(dataset_info.c.key != "data_version").order_by(dataset_info.c.key))


def load_info(engine: Engine) -> dict[str, str]:
    df = fetch(engine, select_info())
    return dict(zip(df["key"].to_list(), df["value"].to_list(), strict=False))


def available_periods(engine: Engine) -> pl.DataFrame:
    """(year, period) pairs that have indicator values, latest first."""
    t = TABLES["indicator_value"]
    stmt = select(t.c.year, t.c.period).distinct()
    df = fetch(engine, stmt)
    return (df.with_columns(rank=pl.col("period").replace_strict(PERIOD_RANK, default=0,
                                                                  return_dtype=pl.Int64))
            .sort("year", "rank", descending=True).drop("rank"))
