"""What /mote loads: the boards' and the stad's rows (never units) of the chosen period, the
previous period (for downgrades) and, at VB, T2 of the same year (for failed forecasts); the
agenda itself comes from `ils.agenda`. The result keeps no raw values (it is cached per data
version by pages/mote/data.py)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine

from ils import agenda as ag
from ils import agenda_city as ag_city
from ils import rules_periods, signals
from ils.model import Dataset
from ils.periods import previous as previous_period
from ils.voms import vom_of_goal
from queries.read import comparison_views as cv
from queries.read import views


@dataclass(frozen=True)
class Agenda:
    scope: cv.Scope
    year: int
    period: str
    prev: tuple[int, str]
    voms: pl.DataFrame  # id, code, title of the VOMs in force, in code order
    items: pl.DataFrame  # ils.agenda.ITEM_SCHEMA, ordered
    indicators: pl.DataFrame  # id, name, unit
    goals: pl.DataFrame  # the boards' goal lights of the period, with basis and motivation

    @property
    def orgs(self) -> pl.DataFrame:
        """id, name of the boards and, when there is one, the stad as "Hela staden"."""
        b = self.scope.boards.select("id", "name")
        if not self.scope.stad_id:
            return b
        city = pl.DataFrame({"id": [self.scope.stad_id], "name": [ag_city.CITY_NAME]})
        return pl.concat([city, b])

    @property
    def names(self) -> dict[str, str]:
        return dict(self.orgs.iter_rows())


def load(engine: Engine, year: int, period: str, params: rules_periods.RuleParams,
         ref: Dataset | None = None, stored=None) -> Agenda:
    """The agenda of the period (every VOM; the page folds them per VOM). `ref`: the reference
    tables, `stored`: the stored indicator lights (`views.lights`), when the caller has them
    cached, to save reading them again."""
    sc = cv.scope(engine) if ref is None else cv.scope_of(ref)
    prev = previous_period(year, period)
    links = vom_of_goal(sc.ref.goals)
    # stored lights; of the measures only the period's assessments are read (their motivations)
    now = views.lights(engine, year, period, params, sc.org_ids, ref=sc.ref,
                       measures=("assessments",), stored=stored)
    before = views.lights(engine, prev[0], prev[1], params, sc.org_ids, ref=sc.ref, measures=(),
                          stored=stored)
    t2 = before.indicators if period == "VB" else None  # VB's previous period is T2
    voms = (signals.goals_in_force(sc.ref.goals, year)
            .filter(pl.col("level") == "verksamhetsomradesmal")
            .select("id", "code", "title").sort("code", "id"))
    inds = sc.ref.indicators.select("id", "name", "unit")
    assessments = now.ds.assessments.filter((pl.col("year") == year) & (pl.col("period") == period))
    items = ag.agenda(now.goals, now.indicators, sc.boards, voms, links,
                      period=period, prev_goals=before.goals, t2_indicators=t2,
                      assessments=assessments,
                      indicator_names=dict(inds.select("id", "name").iter_rows()),
                      city=sc.stad_id, kf_indicators=sc.ref.indicators.filter(
                          pl.col("decided_by") == "kf")["id"].to_list())
    goals = now.goals.join(assessments.select("goal_id", "org_id", "motivation"),
                           on=["goal_id", "org_id"], how="left")
    return Agenda(sc, year, period, prev, voms, items, inds, goals)
