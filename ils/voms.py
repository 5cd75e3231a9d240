"""Which VOM (verksamhetsområdesmål) a goal belongs to, in which years, and the
self-assessments that count for a VOM: the goal-tree part of the rules (pure)."""

from __future__ import annotations

import polars as pl

from ils.signals import by_key

VOM = "verksamhetsomradesmal"


def vom_spans(goals: pl.DataFrame) -> pl.DataFrame:
    """Each goal at or below a VOM with that VOM and the years the whole chain between them
    is in force: columns goal_id, vom_id, year_from, year_to (an empty span when never)."""
    ids = goals["id"].to_list()
    parent = dict(zip(ids, goals["parent_id"].to_list(), strict=False))
    info = dict(zip(ids, zip(goals["level"].to_list(), goals["year_from"].to_list(),
                             goals["year_to"].to_list(), strict=False), strict=False))
    found: dict = {}
    for start in ids:
        path, cur, seen = [], start, set()
        while cur is not None and cur in info and cur not in found and cur not in seen:
            if info[cur][0] == VOM:
                found[cur] = (cur, info[cur][1], info[cur][2])
                break
            seen.add(cur)
            path.append(cur)
            cur = parent[cur]
        span = found.get(cur) if cur is not None else None
        spans = []
        for node in reversed(path):  # from just below the VOM down to `start`
            if span is not None:
                span = (span[0], max(span[1], info[node][1]), min(span[2], info[node][2]))
            spans.append((node, span))
        found.update(reversed(spans))  # insertion order: `start` first, as in `root_map`
    rows = [(g, s[0], s[1], s[2]) for g, s in found.items() if s is not None]
    return pl.DataFrame(rows, orient="row", schema={
        "goal_id": pl.String, "vom_id": pl.String, "year_from": pl.Int64, "year_to": pl.Int64})


def vom_of_goal(goals: pl.DataFrame) -> pl.DataFrame:
    """Map each goal at or below a VOM to that VOM: columns goal_id, vom_id."""
    return vom_spans(goals).select("goal_id", "vom_id")


def vom_years(goals: pl.DataFrame, years: pl.DataFrame) -> pl.DataFrame:
    """(goal_id, vom_id, year): the goal maps to the VOM in that year (the chain in force)."""
    return (vom_spans(goals).join(years.select("year").unique(), how="cross")
            .filter((pl.col("year_from") <= pl.col("year")) & (pl.col("year") <= pl.col("year_to")))
            .select("goal_id", "vom_id", "year"))


def assessed_voms(assessments: pl.DataFrame, voms: pl.DataFrame,
                  periods: pl.DataFrame) -> pl.DataFrame:
    """Self-assessments of VOMs (a goal that is its own VOM that year) in `periods`."""
    return (by_key(assessments, "assessments")
            .join(periods.select(pl.col("year").cast(pl.Int64), pl.col("period").cast(pl.String)).unique(), on=["year", "period"], how="semi")
            .join(voms.filter(pl.col("goal_id") == pl.col("vom_id")),
                  on=["goal_id", "year"], how="semi")
            .select(pl.col("goal_id").alias("vom_id"), "org_id", "year", "period",
                    pl.col("assessment").alias("self_assessment")))
