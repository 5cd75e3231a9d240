"""The goals part of an organisation page: each VOM with the org's lights, self-assessment,
the goals of the org (and, for a department, of its units) below it, and its indicators."""

from __future__ import annotations

import polars as pl
from dash import html

from components.org_lazy import lazy_details, section_key, vom_indicators
from components.org_view import count_summary, goal_list, goal_sections, vom_block
from ils.rules import goals_in_force, vom_of_goal
from queries.org_views import OrgData

SUB_LEVELS = ("namndmal", "enhetsmal")


def scope_goals(data: OrgData, year: int, org_ids: list[str]) -> pl.DataFrame:
    """The nämndmål/enhetsmål owned by `org_ids`, plus the nämndmål above their enhetsmål
    (so a unit's åtagande shows under its board's nämndmål); with vom_id."""
    goals = goals_in_force(data.lights.ds.goals, year)
    mine = goals.filter(pl.col("level").is_in(SUB_LEVELS) & pl.col("org_id").is_in(org_ids))
    parents = goals.filter(pl.col("id").is_in(mine["parent_id"].implode())
                           & (pl.col("level") == "namndmal"))
    return (pl.concat([mine, parents]).unique("id", maintain_order=True)
            .join(vom_of_goal(goals), left_on="id", right_on="goal_id", how="left"))


def goal_overview(data: OrgData, ctx, selected: str | None, *, all_voms: bool,
                  whole_subtree: bool) -> list:
    """The h2/h3 goal sections of an org page. `all_voms`: every VOM in force (a board),
    else only those the org has something for. `whole_subtree`: goals and indicators of the
    org and everything below it, each named with its org (a department); else the org's own."""
    ds = data.lights.ds
    org = data.org
    in_force = goals_in_force(ds.goals, ctx.year).sort("code", "id", nulls_last=True)
    ims = in_force.filter(pl.col("level") == "inriktningsmal")
    voms = in_force.filter(pl.col("level") == "verksamhetsomradesmal")
    own = data.ids if whole_subtree else [org["id"]]
    sub = scope_goals(data, ctx.year, own)
    ind = data.indicators(own)
    lights = data.goal_rows(org["id"])
    assessed = {r["goal_id"]: r for r in ds.assessments.filter(
        (pl.col("org_id") == org["id"]) & (pl.col("year") == ctx.year)
        & (pl.col("period") == ctx.period)).iter_rows(named=True)}
    names = dict(ds.organisation.select("id", "name").iter_rows())
    query = ctx.query()
    blocks = {}
    ind_by = _by_vom(ind)
    sub_by = _by_vom(sub)
    for v in voms.iter_rows(named=True):
        vid = v["id"]
        v_ind = ind_by.get(vid, ind.clear())
        v_goals = sub_by.get(vid, sub.clear())
        if not (all_voms or len(v_ind) or len(v_goals) or vid in lights or vid in assessed):
            continue
        # a unit's few indicators and the selected VOM's are shown; others load when opened
        shown = vid == selected or org["level"] == "enhet" or v_ind.is_empty()
        details = lazy_details(
            section_key("ind", org["id"], ctx, vid, whole_subtree),
            ("Visa indikatorerna – " if len(v_ind) else "") + count_summary(v_ind),
            vom_indicators(data, v, whole_subtree, query) if shown else None,
            open_=shown and len(v_ind) > 0, className="kr-vom-indicators")
        blocks[vid] = vom_block(
            v, org, ctx, light=lights.get(vid), assessment=assessed.get(vid),
            goals=goal_list(v_goals, names, show_owner=org["level"] != "namnd"),
            indicators=details, selected=vid == selected)
    if not blocks:
        return [html.P("Inga mål eller indikatorer finns för denna period.",
                       className="text-muted")]
    return goal_sections(ims, voms, blocks, selected)


def _by_vom(df: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Rows per vom_id, order kept (one pass instead of a filter per VOM)."""
    return {k[0]: part for k, part in df.partition_by("vom_id", as_dict=True,
                                                      maintain_order=True).items()}
