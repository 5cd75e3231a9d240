"""The reporting round (DOMAIN.md §3.10): deadlines, who takes part, status and lateness.

Pure: frames in, frames out; the day of the check is an argument (the app's one clock is
`ils.clock.today`). No Dash, no SQL.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

NOT_STARTED, DRAFTING, PUBLISHED = "ej_paborjad", "utkast", "publicerad"
STATUSES = (NOT_STARTED, DRAFTING, PUBLISHED)
STATUS_WORDS = {NOT_STARTED: "Ej påbörjad", DRAFTING: "Utkast", PUBLISHED: "Publicerad"}
STATUS_COLUMNS = ("org_id", "status", "n_goals", "n_published", "n_draft", "deadline", "late")
ROUND_SCHEMA = {"org_id": pl.String, "status": pl.String, "n_goals": pl.Int64,
                "n_published": pl.Int64, "n_draft": pl.Int64, "deadline": pl.Date,
                "late": pl.String, "days_late": pl.Int64}


def deadline_for(schedule: pl.DataFrame, org_id: str, year: int, period: str) -> dt.date | None:
    """A board's deadline for (year, period): its own row, else the row for every board
    (empty org_id), else none."""
    rows = schedule.filter((pl.col("year") == year) & (pl.col("period") == period))
    own = rows.filter(pl.col("org_id") == org_id)
    if own.height:
        return own["deadline"][0]
    every = rows.filter(pl.col("org_id").is_null())
    return every["deadline"][0] if every.height else None


def is_late(status: str, deadline: dt.date | None, today: dt.date) -> str:
    """"ja" when not published and the day of the check is after the deadline; "nej" with a
    deadline otherwise; "" without a deadline."""
    if deadline is None:
        return ""
    return "ja" if status != PUBLISHED and today > deadline else "nej"


def board_status(n_goals: int, n_published: int, n_any: int) -> str:
    """publicerad when every goal to assess is published; utkast with at least one
    self-assessment (draft or published) of the period; else ej_paborjad."""
    if n_goals and n_published >= n_goals:
        return PUBLISHED
    return DRAFTING if n_any else NOT_STARTED


def round_status(goal_rows: pl.DataFrame, assessments: pl.DataFrame, schedule: pl.DataFrame,
                 boards: pl.DataFrame, year: int, period: str, today: dt.date) -> pl.DataFrame:
    """One row per board taking part in (year, period), sorted by org_id, with the columns
    `STATUS_COLUMNS` and `days_late` (days after the deadline when late, else null).

    `goal_rows`: the goals export's (goal_id, org_id) rows of the period (any orgs);
    `assessments`: goal_id, org_id, year, period, status (every status: the round counts
    drafts, never shows their text); `schedule`: year, period, org_id, deadline;
    `boards`: the organisation frame (its `namnd` rows are the boards)."""
    board_ids = boards.filter(pl.col("level") == "namnd").select(pl.col("id").alias("org_id"))
    goals = (goal_rows.select("goal_id", "org_id").unique()
             .join(board_ids, on="org_id", how="semi"))
    if goals.is_empty():
        return pl.DataFrame(schema=ROUND_SCHEMA)
    a = assessments.filter((pl.col("year") == year) & (pl.col("period") == period))
    published = pl.col("status").is_null() | (pl.col("status") != DRAFTING)
    marked = goals.join(a.select("goal_id", "org_id", published.alias("pub")),
                        on=["goal_id", "org_id"], how="left")
    counts = marked.group_by("org_id").agg(
        pl.len().cast(pl.Int64).alias("n_goals"),
        (pl.col("pub") == True).sum().cast(pl.Int64).alias("n_published"),  # noqa: E712
        (pl.col("pub") == False).sum().cast(pl.Int64).alias("n_draft"))  # noqa: E712
    started = set(a["org_id"].to_list())
    rows = []
    for r in counts.sort("org_id").iter_rows(named=True):
        status = board_status(r["n_goals"], r["n_published"], r["org_id"] in started)
        deadline = deadline_for(schedule, r["org_id"], year, period)
        late = is_late(status, deadline, today)
        rows.append({**r, "status": status, "deadline": deadline, "late": late or None,
                     "days_late": (today - deadline).days if late == "ja" else None})
    return pl.DataFrame(rows, schema=ROUND_SCHEMA).select(*ROUND_SCHEMA)


def summary(status: pl.DataFrame) -> dict[str, list[str]]:
    """{status: [org ids]} and "sena": the late boards, each list sorted."""
    out = {s: sorted(status.filter(pl.col("status") == s)["org_id"].to_list())
           for s in STATUSES}
    out["sena"] = sorted(status.filter(pl.col("late") == "ja")["org_id"].to_list())
    return out


def not_published_phrase(status: pl.DataFrame, names: dict[str, str]) -> str:
    """"3 nämnder har inte publicerat: Farsta (utkast), Bromma (ej påbörjad), …" or "" when
    every board taking part has published: what a count of boards must name (§3.10)."""
    rest = status.filter(pl.col("status") != PUBLISHED).sort("org_id")
    if rest.is_empty():
        return ""
    parts = [f"{names.get(r['org_id'], r['org_id'])} ({STATUS_WORDS[r['status']].lower()}"
             + (f", {days(r['days_late'])} sen" if r["late"] == "ja" else "") + ")"
             for r in rest.iter_rows(named=True)]
    noun = "nämnd" if rest.height == 1 else "nämnder"
    return f"{rest.height} {noun} har inte publicerat: " + ", ".join(parts)


def days(n: int) -> str:
    return f"{n} dag" if n == 1 else f"{n} dagar"
