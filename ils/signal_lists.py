"""The steering signals themselves (issue 5): one list of indicators, activities, directives and
assignments, its filters, and the density per VOM. Pure polars, no I/O.

Each row of `signal_list` is one signal in one year:
- `type`: `indikator`, `aktivitet` or `direktiv_och_uppdrag` (as in §3.6); `kind` is finer:
  `indikator`, `aktivitet`, `direktiv` or `uppdrag`;
- `issuer`: who decided it — the `stad` org for the KF budget (KF indicators, the stad's
  activities, every directive), else the board or unit that added it itself;
- `recipient`: for the budget's signals its recipient (a group, `alla` or an org id; may be
  empty); for a board's own signals the board itself;
- `vom_id`: the VOM the signal's goal is or rolls up to (a nämndmål's or enhetsmål's VOM);
  empty when it has no goal or its goal lies above the VOMs ("Ej kopplade till mål").
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from ils.model import GROUP_KIND, Dataset
from ils.orgs import stad_ids
from ils.signals import by_key, goals_in_force
from ils.voms import vom_of_goal

LIST_SCHEMA = {"type": pl.String, "kind": pl.String, "id": pl.String, "year": pl.Int64,
               "recipient": pl.String, "issuer": pl.String, "kf": pl.Boolean,
               "goal_id": pl.String, "vom_id": pl.String, "text": pl.String}
LIST_SCHEMA_NO_VOM = {k: v for k, v in LIST_SCHEMA.items() if k != "vom_id"}
LIST_TYPES = ("indikator", "aktivitet", "direktiv_och_uppdrag")
DENSITY_COLUMNS = ("indikator_kf", "indikator_egen", "aktivitet_kf", "aktivitet_egen",
                   "direktiv_och_uppdrag")
NO_GOAL = "ingen"  # the goal filter's value for "Ej kopplade till mål"


def _stad(ds: Dataset) -> str | None:
    ids = stad_ids(ds.organisation)
    return ids[0] if len(ids) else None


def signal_list(ds: Dataset, years: Iterable[int]) -> pl.DataFrame:
    """Every indicator in force, activity and directive of `years`, one row per signal and year
    (an indicator in force in two years is listed in each). Sorted by year, type, the KF
    budget's before the boards' and units' own, id."""
    years = sorted(set(years))
    if not years:
        return pl.DataFrame(schema=LIST_SCHEMA)
    stad = _stad(ds)
    goals = by_key(ds.goals, "goals")
    year_df = pl.DataFrame({"year": years}, schema={"year": pl.Int64})
    spans = goals.select(pl.col("id").alias("goal_id"), "year_from", "year_to")
    inds = (by_key(ds.indicators, "indicators").join(spans, on="goal_id", how="inner")
            .join(year_df, how="cross")
            .filter((pl.col("year_from") <= pl.col("year")) & (pl.col("year_to") >= pl.col("year")))
            .select(pl.lit("indikator").alias("type"), pl.lit("indikator").alias("kind"), "id",
                    "year",
                    pl.when(pl.col("decided_by") == "kf").then(pl.col("applies_to"))
                    .otherwise(pl.col("org_id")).alias("recipient"),
                    pl.col("org_id").alias("issuer"), (pl.col("decided_by") == "kf").alias("kf"),
                    "goal_id", pl.col("name").alias("text")))
    acts = (by_key(ds.activities, "activities").filter(pl.col("year").is_in(years))
            .with_columns(kf=(pl.col("org_id") == stad).fill_null(False))
            .select(pl.lit("aktivitet").alias("type"), pl.lit("aktivitet").alias("kind"), "id",
                    "year",
                    pl.when(pl.col("kf")).then(pl.col("recipient")).otherwise(pl.col("org_id"))
                    .alias("recipient"),
                    pl.col("org_id").alias("issuer"), "kf", "goal_id", pl.col("name").alias("text")))
    dirs = (by_key(ds.directives, "directives").filter(pl.col("year").is_in(years))
            .select(pl.lit("direktiv_och_uppdrag").alias("type"), "kind", "id", "year",
                    "recipient", pl.lit(stad, dtype=pl.String).alias("issuer"),
                    pl.lit(True).alias("kf"), "goal_id", "text"))
    frames = [f.cast(LIST_SCHEMA_NO_VOM) for f in (inds, acts, dirs)]
    vom = vom_of_goal(goals)
    order = {t: i for i, t in enumerate(LIST_TYPES)}
    return (pl.concat(frames).join(vom, on="goal_id", how="left")
            .select(list(LIST_SCHEMA)).cast(LIST_SCHEMA)
            .sort(pl.col("year"), pl.col("type").replace_strict(order, return_dtype=pl.Int64),
                  ~pl.col("kf"), pl.col("id")))


def recipient_values(ds: Dataset, recipient: str) -> list[str]:
    """The `recipient` values a recipient filter matches, as §3.6 counts them: a group gets
    what is addressed to it and to `alla`; a board gets its group's, `alla` and its own (what is
    addressed to it by name and what it added itself); `alla` only what is addressed to all."""
    if recipient == "alla":
        return ["alla"]
    if recipient in GROUP_KIND:
        return [recipient, "alla"]
    kind_group = {kind: group for group, kind in GROUP_KIND.items()}
    row = ds.organisation.filter(pl.col("id") == recipient)
    group = kind_group.get(row["kind"][0]) if len(row) else None
    return [recipient, "alla"] + ([group] if group else [])


def filter_signals(df: pl.DataFrame, ds: Dataset, *, signal_type: str | None = None,
                   recipient: str | None = None, vom_id: str | None = None,
                   year: int | None = None, text: str | None = None) -> pl.DataFrame:
    """Rows of a `signal_list` matching every filter given (None or "" = no filter).

    `vom_id` = `NO_GOAL` keeps the signals not tied to any VOM. `text` matches a case-
    insensitive substring of the signal's text (no wildcards, no word stemming).
    """
    cond = pl.lit(True)
    if signal_type:
        cond &= pl.col("type") == signal_type
    if recipient:
        cond &= pl.col("recipient").is_in(recipient_values(ds, recipient))
    if vom_id == NO_GOAL:
        cond &= pl.col("vom_id").is_null()
    elif vom_id:
        cond &= pl.col("vom_id") == vom_id
    if year is not None:
        cond &= pl.col("year") == year
    needle = (text or "").strip().lower()
    if needle:
        cond &= pl.col("text").str.to_lowercase().str.contains(needle, literal=True).fill_null(
            False)
    return df.filter(cond)


def count_by_type(df: pl.DataFrame) -> dict[str, int]:
    """How many rows of a (filtered) signal list there are of each type, and `total`."""
    got = dict(df.group_by("type").len().iter_rows())
    out = {t: int(got.get(t, 0)) for t in LIST_TYPES}
    out["total"] = sum(out.values())
    return out


def goal_density(ds: Dataset, year: int) -> pl.DataFrame:
    """Per VOM in force in `year` (and any other VOM a signal of the year hangs on): the indicators (KF / the boards' and units' own), activities
    (KF / own) and directives that hang on it or on a goal below it, and the total. A last row
    with empty `vom_id` holds the signals tied to no VOM ("Ej kopplade till mål")."""
    sig = signal_list(ds, [year])
    cat = (pl.when(pl.col("type") == "direktiv_och_uppdrag").then(pl.lit("direktiv_och_uppdrag"))
           .when(pl.col("kf")).then(pl.col("type") + "_kf")
           .otherwise(pl.col("type") + "_egen"))
    counts = (sig.with_columns(cat=cat).group_by("vom_id")
              .agg([(pl.col("cat") == c).sum().cast(pl.Int64).alias(c) for c in DENSITY_COLUMNS]))
    goals = by_key(ds.goals, "goals").filter(pl.col("level") == "verksamhetsomradesmal")
    # VOMs in force, and any other VOM a signal of the year still hangs on.
    voms = (goals.filter(pl.col("id").is_in(goals_in_force(goals, year)["id"].implode())
                         | pl.col("id").is_in(counts["vom_id"].drop_nulls().implode()))
            .sort("code", "id", nulls_last=True)
            .select(pl.col("id").alias("vom_id"), "code", "title"))
    rows = pl.concat([voms, pl.DataFrame({"vom_id": [None], "code": [None], "title": [None]},
                                         schema=voms.schema)])
    out = rows.join(counts, on="vom_id", how="left", nulls_equal=True)
    return (out.with_columns([pl.col(c).fill_null(0) for c in DENSITY_COLUMNS])
            .with_columns(total=pl.sum_horizontal(*DENSITY_COLUMNS)))
