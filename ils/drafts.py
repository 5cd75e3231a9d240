"""Drafts over stored lights (DOMAIN.md §3.9): pure, no Dash, no SQL.

Stored goal lights carry only *published* self-assessments, so they can be shown to anyone.
A viewer who may see some drafts gets the stored lights with those drafts laid over them:
`self_assessment` and `gap` from the draft, and a row for a (VOM, org) that has a draft but no
counting indicator (as `goal_lights_all` would give it with the draft in the data set).
"""

from __future__ import annotations

import polars as pl

from ils.access import Access, visible
from ils.rules_periods import COUNTS, gap_expr
from ils.voms import assessed_voms, vom_years

KEY = ["goal_id", "org_id", "year", "period"]


def visible_assessments(assessments: pl.DataFrame, access: Access,
                        organisation: pl.DataFrame) -> pl.DataFrame:
    """The assessments `access` may see (published ones, and drafts as §3.9 says)."""
    if "status" not in assessments.columns:
        return assessments
    orgs = access.draft_orgs(organisation) if access.sees_drafts else frozenset()
    return assessments.filter(visible(pl.col("status"), pl.col("org_id"), access, orgs))


def overlay(goal_lights: pl.DataFrame, drafts: pl.DataFrame, goals: pl.DataFrame
            ) -> pl.DataFrame:
    """`goal_lights` (computed without `drafts`) with the drafts' self-assessments laid over.

    `drafts` are assessment rows (goal_id, org_id, year, period, assessment) the viewer may
    see; only those of a VOM (in force that year) count, as in the rules."""
    if drafts.is_empty():
        return goal_lights
    periods = drafts.select("year", "period").unique()
    voms = vom_years(goals, periods)
    got = (assessed_voms(drafts, voms, periods)
           .rename({"vom_id": "goal_id", "self_assessment": "draft_assessment"}))
    if got.is_empty():
        return goal_lights
    got = got.with_columns(pl.col("year").cast(goal_lights.schema["year"]))
    out = goal_lights.join(got, on=KEY, how="full", coalesce=True)
    return out.with_columns(
        light=pl.col("light").fill_null("saknas"),
        light_kf_only=pl.col("light_kf_only").fill_null("saknas"),
        light_outcome_only=pl.col("light_outcome_only").fill_null("saknas"),
        rests_on_forecast=pl.col("rests_on_forecast").fill_null(False),
        **{c: pl.col(c).fill_null(0) for c in COUNTS},
        self_assessment=pl.coalesce("draft_assessment", "self_assessment"),
    ).with_columns(
        gap=gap_expr(pl.col("self_assessment"), pl.col("light")).cast(goal_lights.schema["gap"]),
    ).select(goal_lights.columns).sort("year", "period", "goal_id", "org_id")
