"""The ILS data model as the interchange format describes it (DOMAIN.md §1 and §4).

One declaration serves the importer (required columns, enumerations, types), the exporter,
the database schema (checked against it by a test) and the rules (polars dtypes).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from ils.periods import PERIODS

ORG_LEVELS = ("stad", "namnd", "avdelning", "enhet")
GOAL_LEVELS = ("inriktningsmal", "verksamhetsomradesmal", "namndmal", "enhetsmal")
DIRECTIONS = ("hogre", "lagre")
DECIDERS = ("kf", "namnd", "enhet")
GROUPS = ("alla", "stadsdelsnamnder", "facknamnder", "bolag")
ASSESSMENTS = ("uppfyllt", "delvis", "ej")
DIRECTIVE_KINDS = ("direktiv", "uppdrag")
LIGHTS = ("gron", "gul", "rod", "saknas", "ej_malsatt")
BASES = ("utfall", "prognos")
STATUSES = ("utkast", "publicerad")  # an assessment's status; empty = publicerad (§3.9)

# What Kolada's ids look like: a KPI (U21468), a municipality (0180, 0000 = Riket) or a unit
# (V15E018000101). Checked on import; the fetcher relies on them.
KOLADA_KPI = r"^[A-Z]\d{5}$"
KOLADA_ID = r"^(\d{4}|V\w+)$"

# Which board kind each recipient group means (DOMAIN.md §3.1).
GROUP_KIND = {"stadsdelsnamnder": "stadsdelsnamnd", "facknamnder": "facknamnd", "bolag": "bolag"}


@dataclass(frozen=True)
class Col:
    name: str
    dtype: type[pl.DataType] | pl.DataType
    required: bool = False
    enum: tuple[str, ...] | None = None
    # (file, column) this column refers to, for reference checks on import.
    ref: tuple[str, str] | None = None
    # (regular expression a value must match, what it should look like: Swedish, for messages)
    pattern: tuple[str, str] | None = None


@dataclass(frozen=True)
class FileSpec:
    name: str  # file stem in a bundle, e.g. "values"
    table: str  # table name in the database
    key: tuple[str, ...]
    columns: tuple[Col, ...]
    parent: str | None = None  # column that forms a parent chain (checked for cycles)
    extra: dict = field(default_factory=dict)

    @property
    def polars_schema(self) -> dict[str, pl.DataType]:
        return {c.name: c.dtype for c in self.columns}

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    def empty(self) -> pl.DataFrame:
        return pl.DataFrame(schema=self.polars_schema)


S, I, F, D = pl.String, pl.Int64, pl.Float64, pl.Date  # noqa: E741 - schema shorthands

FILES: dict[str, FileSpec] = {
    spec.name: spec
    for spec in (
        FileSpec(
            "organisation", "organisation", ("id",),
            (
                Col("id", S, True),
                Col("parent_id", S, ref=("organisation", "id")),
                Col("level", S, True, ORG_LEVELS),
                Col("kind", S),
                Col("name", S, True),
                Col("kolada_id", S, pattern=(KOLADA_ID, "ett Kolada-id: fyra siffror för en "
                                             "kommun (t.ex. 0180) eller V… för en enhet")),
            ),
            parent="parent_id",
        ),
        FileSpec(
            "goals", "goal", ("id",),
            (
                Col("id", S, True),
                Col("parent_id", S, ref=("goals", "id")),
                Col("level", S, True, GOAL_LEVELS),
                Col("org_id", S, True, ref=("organisation", "id")),
                Col("code", S),
                Col("title", S, True),
                Col("year_from", I, True),
                Col("year_to", I, True),
            ),
            parent="parent_id",
        ),
        FileSpec(
            "indicators", "indicator", ("id",),
            (
                Col("id", S, True),
                Col("goal_id", S, True, ref=("goals", "id")),
                Col("name", S, True),
                Col("unit", S),
                Col("direction", S, True, DIRECTIONS),
                Col("decided_by", S, True, DECIDERS),
                Col("org_id", S, True, ref=("organisation", "id")),
                Col("applies_to", S, enum=GROUPS),
                Col("kolada_kpi", S, pattern=(KOLADA_KPI, "ett Kolada-nyckeltal: en stor "
                                              "bokstav och fem siffror (t.ex. U21468)")),
            ),
        ),
        FileSpec(
            "targets", "target", ("indicator_id", "org_id", "year"),
            (
                Col("indicator_id", S, True, ref=("indicators", "id")),
                Col("org_id", S, True, ref=("organisation", "id")),
                Col("year", I, True),
                Col("target", F, True),
                Col("yellow_limit", F),
                Col("source", S),
            ),
        ),
        FileSpec(
            "values", "indicator_value", ("indicator_id", "org_id", "year", "period"),
            (
                Col("indicator_id", S, True, ref=("indicators", "id")),
                Col("org_id", S, True, ref=("organisation", "id")),
                Col("year", I, True),
                Col("period", S, True, PERIODS),
                Col("outcome", F),
                Col("forecast", F),
                Col("reported", S, enum=ASSESSMENTS),
                Col("source", S),
            ),
        ),
        FileSpec(
            "assessments", "assessment", ("goal_id", "org_id", "year", "period"),
            (
                Col("goal_id", S, True, ref=("goals", "id")),
                Col("org_id", S, True, ref=("organisation", "id")),
                Col("year", I, True),
                Col("period", S, True, PERIODS),
                Col("assessment", S, True, ASSESSMENTS),
                Col("basis", S),
                Col("motivation", S),
                Col("status", S, enum=STATUSES),
            ),
        ),
        FileSpec(
            "activities", "activity", ("id",),
            (
                Col("id", S, True),
                Col("goal_id", S, True, ref=("goals", "id")),
                Col("org_id", S, True, ref=("organisation", "id")),
                Col("year", I, True),
                Col("name", S, True),
                Col("recipient", S),
                Col("start", D),
                Col("end", D),
                Col("status", S),
            ),
        ),
        FileSpec(
            "directives", "directive", ("id",),
            (
                Col("id", S, True),
                Col("year", I, True),
                Col("kind", S, True, DIRECTIVE_KINDS),
                Col("recipient", S, True),
                Col("goal_id", S, ref=("goals", "id")),
                Col("text", S),
            ),
        ),
        FileSpec(  # the reporting round's deadlines (§3.10); org_id empty = every board
            "schedule", "schedules", ("year", "period", "org_id"),
            (
                Col("year", I, True),
                Col("period", S, True, PERIODS),
                Col("org_id", S, ref=("organisation", "id")),
                Col("deadline", D, True),
            ),
        ),
    )
}

# Order in which files are loaded so that every reference points backwards.
LOAD_ORDER = ("organisation", "goals", "indicators", "targets", "values", "assessments",
              "activities", "directives", "schedule")


@dataclass(frozen=True)
class Dataset:
    """All frames of one data set (or of the part of it a computation needs)."""

    organisation: pl.DataFrame
    goals: pl.DataFrame
    indicators: pl.DataFrame
    targets: pl.DataFrame
    values: pl.DataFrame
    assessments: pl.DataFrame
    activities: pl.DataFrame
    directives: pl.DataFrame
    schedule: pl.DataFrame = field(default_factory=lambda: FILES["schedule"].empty())

    @classmethod
    def from_frames(cls, frames: dict[str, pl.DataFrame]) -> Dataset:
        """Build from a dict of frames; missing ones are empty, all cast to the model's dtypes."""
        out = {}
        for name, spec in FILES.items():
            df = frames.get(name)
            out[name] = spec.empty() if df is None else conform(df, spec)
        return cls(**out)

    def frames(self) -> dict[str, pl.DataFrame]:
        return {name: getattr(self, name) for name in FILES}


def conform(df: pl.DataFrame, spec: FileSpec) -> pl.DataFrame:
    """Select the spec's columns in order with its dtypes; absent optional columns become null."""
    exprs = []
    for col in spec.columns:
        if col.name in df.columns:
            exprs.append(pl.col(col.name).cast(col.dtype))
        else:
            exprs.append(pl.lit(None, dtype=col.dtype).alias(col.name))
    return df.select(exprs)
