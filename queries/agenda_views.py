"""What /mote loads: the boards' and the stad's rows (never units) of the chosen period, the
previous period (for downgrades) and, at VB, T2 of the same year (for failed forecasts); the
agenda itself comes from `ils.agenda`."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine

from ils import agenda as ag
from ils import rules
from ils.model import Dataset
from queries import comparison_views as cv
from queries import views


@dataclass(frozen=True)
class Agenda:
    scope: cv.Scope
    ds: Dataset
    year: int
    period: str
    prev: tuple[int, str]
    voms: pl.DataFrame  # id, code, title of the VOMs in force, in code order
    items: pl.DataFrame  # ils.agenda.ITEM_SCHEMA, ordered
    indicators: pl.DataFrame  # id, name, unit
    goals: pl.DataFrame  # the boards' goal lights of the period, with basis and motivation

    @property
    def names(self) -> dict[str, str]:
        return dict(self.scope.boards.select("id", "name").iter_rows())


def load(engine: Engine, year: int, period: str, params: rules.RuleParams,
         vom_id: str | None = None) -> Agenda:
    """The agenda of the period; with `vom_id` only that VOM's, from only the rows of its
    indicators (a VOM's goal lights depend on nothing else), so one section loads fast."""
    sc = cv.scope(engine)
    prev = ag.previous_period(year, period)
    periods = {period, prev[1]} | ({"T2"} if period == "VB" else set())
    links = rules.vom_of_goal(sc.ref.goals)
    ind_ids = None
    if vom_id is not None:
        goal_ids = links.filter(pl.col("vom_id") == vom_id)["goal_id"].implode()
        ind_ids = tuple(sc.ref.indicators.filter(pl.col("goal_id").is_in(goal_ids))["id"])
    ds = views.with_measures(engine, sc.ref, years=tuple(sorted({year, prev[0]})),
                             periods=tuple(sorted(periods)), org_ids=sc.org_ids,
                             indicator_ids=ind_ids)
    now = views.compute(ds, year, period, params, sc.board_ids)
    before = views.compute(ds, prev[0], prev[1], params, sc.board_ids)
    t2 = before.indicators if period == "VB" else None  # VB's previous period is T2
    voms = (rules.goals_in_force(sc.ref.goals, year)
            .filter(pl.col("level") == "verksamhetsomradesmal")
            .select("id", "code", "title").sort("code", "id"))
    if vom_id is not None:
        voms = voms.filter(pl.col("id") == vom_id)
    inds = sc.ref.indicators.select("id", "name", "unit")
    assessments = ds.assessments.filter((pl.col("year") == year) & (pl.col("period") == period))
    items = ag.agenda(now.goals, now.indicators, sc.boards, voms, links,
                      period=period, prev_goals=before.goals, t2_indicators=t2,
                      assessments=assessments,
                      indicator_names=dict(inds.select("id", "name").iter_rows()))
    goals = now.goals.join(assessments.select("goal_id", "org_id", "motivation"),
                           on=["goal_id", "org_id"], how="left")
    return Agenda(sc, ds, year, period, prev, voms, items, inds, goals)
