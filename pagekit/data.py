"""Glue between pages and `queries.read.views`: the engine, the configured rule parameters and
the year/period context, so pages stay layout plus callbacks."""

from __future__ import annotations

import os
from dataclasses import dataclass

import polars as pl
from sqlalchemy import Engine

from components.context import PeriodContext, resolve_period
from components.navigation import no_data, not_found
from components.page import Show
from ils.config import rule_params
from ils.model import Dataset
from ils.rules_periods import RuleParams
from ils.voms import vom_of_goal
from queries import scope
from queries.cache import cached
from queries.db import get_engine
from queries.read import views
from queries.read.dataset import available_periods


def params() -> RuleParams:
    return rule_params(os.environ)


def periods(engine: Engine) -> pl.DataFrame:
    """The (year, period) pairs with data, read once per data version (cached)."""
    return cached(engine, "periods", None, lambda: available_periods(engine),
                  periods=())  # base data: a save needs a period with data already


def reference(engine: Engine) -> Dataset:
    """Organisation, goals and indicators, read once per data version (cached)."""
    return cached(engine, "reference", None, lambda: views.reference(engine), periods=())


def indicator_lights(engine: Engine, year: int, period: str,
                     org_ids: tuple[str, ...] | None) -> pl.DataFrame:
    """The stored indicator lights of one period for `org_ids`, read once per data version.
    They carry no drafts (only goal lights have a viewer's drafts laid over), so a board's
    save leaves them cached: the views that recompute after a save read them from here."""
    from queries.write.lights import ensure_lights, read_indicator_lights

    p = params()

    def read() -> pl.DataFrame:
        ensure_lights(engine, p)
        return read_indicator_lights(engine, year, period, org_ids)

    return cached(engine, "indicator-lights", {"ar": year, "period": period, "params": repr(p),
                                               "orgs": None if org_ids is None else list(org_ids)},
                  read, periods=())


def period_context(ar: str | None, period: str | None, *, page: bool = True) -> PeriodContext:
    """The period a page shows (`page`: recorded as the page's own period, so that its
    marks speak of that period only; False when only the available periods are wanted)."""
    ctx = resolve_period(periods(get_engine()), ar, period)
    if page:
        scope.focus(ctx.year, ctx.period)
    return ctx


def page_start(args: dict) -> tuple[PeriodContext, Engine, Dataset]:
    """The period a page shows, the engine and the reference tables; on an empty database
    the page shows 'Inga data ännu' instead (`page.Show`)."""
    ctx = period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        raise Show(no_data())
    engine = get_engine()
    return ctx, engine, reference(engine)


def find_row(df: pl.DataFrame, row_id: str | None, what: str, ctx: PeriodContext) -> dict:
    """The row with id `row_id`; else the page shows '<what> ”id” finns inte.' (`page.Show`)."""
    found = df.filter(pl.col("id") == (row_id or ""))
    if found.is_empty():
        raise Show(not_found(f"{what} ”{row_id or ''}” finns inte.", ctx.query()))
    return found.row(0, named=True)


@dataclass(frozen=True)
class GoalLightFacts:
    """What the 'Varför denna färg?' dialog shows for one (VOM, org, year, period): the goal's
    light row (None when there is none), its indicators' rows with their names and units, and
    the rule parameters the lights were set with."""

    title: str
    row: dict | None
    indicators: pl.DataFrame
    names: dict[str, str]
    units: dict[str, str | None]
    params: RuleParams


def goal_light_facts(goal_id: str, org_id: str, year: int, period: str) -> GoalLightFacts:
    """The facts behind one goal light (rendered by components.explain)."""
    from queries.read.snapshots import lock_of

    engine = get_engine()
    p = params()
    got = views.lights(engine, year, period, p, org_ids=(org_id,))
    ref = got.ds
    orgs = dict(ref.organisation.select("id", "name").iter_rows())
    goals = dict(ref.goals.select("id", "title").iter_rows())
    codes = dict(ref.goals.select("id", "code").iter_rows())
    title = f"{codes.get(goal_id) or ''} {goals.get(goal_id, goal_id)} – {orgs.get(org_id, org_id)}"
    row = got.goals.filter((pl.col("goal_id") == goal_id) & (pl.col("org_id") == org_id))
    linked = vom_of_goal(ref.goals).filter(pl.col("vom_id") == goal_id)["goal_id"]
    ind = got.indicators.filter((pl.col("org_id") == org_id)
                                & pl.col("goal_id").is_in(linked.implode()))
    names = dict(ref.indicators.select("id", "name").iter_rows())
    units = dict(ref.indicators.select("id", "unit").iter_rows())
    lock = lock_of(engine, year, period)  # a locked period's lights came from its rules then
    return GoalLightFacts(title, None if row.is_empty() else row.row(0, named=True), ind, names,
                          units, lock.params if lock else p)


def reporting_round(engine: Engine, ref: Dataset, year: int, period: str
                    ) -> tuple[pl.DataFrame, dict[str, str]]:
    """Every board's §3.10 status for (year, period) today, and the boards' names."""
    from queries.read.schedules import round_status

    names = dict(ref.organisation.filter(pl.col("level") == "namnd")
                 .select("id", "name").iter_rows())
    return round_status(engine, year, period), names
