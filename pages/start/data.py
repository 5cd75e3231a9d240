"""What the overview (/) shows: the city's and every board's VOM lights of one period (the
only code of the view that reads the database)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from components import data
from components.context import PeriodContext
from ils import orgs
from ils.rules import goals_in_force
from queries import views
from queries.cache import cached

KIND_ORDER = ("stadsdelsnamnd", "facknamnd", "bolag")


@dataclass(frozen=True)
class StartData:
    ctx: PeriodContext
    stad_id: str | None
    boards: pl.DataFrame  # id, name, kind: the boards by kind group (KIND_ORDER), then name
    ims: pl.DataFrame  # the inriktningsmål in force, by code
    voms: pl.DataFrame  # the VOMs in force, by code
    lights: pl.DataFrame  # VOM lights of the stad and the boards in the period


def _load(engine, ref, ctx: PeriodContext) -> StartData:
    org = ref.organisation
    cities = orgs.stad_ids(org)
    stad_id = cities[0] if cities else None
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    boards = (org.filter(pl.col("level") == "namnd").select("id", "name", "kind")
              .with_columns(_k=pl.col("kind").replace_strict(rank, default=len(rank),
                                                             return_dtype=pl.Int64))
              .sort("_k", "name").drop("_k"))
    scope = tuple(cities + boards["id"].to_list())
    got = views.lights(engine, ctx.year, ctx.period, data.params(), org_ids=scope, ref=ref)
    goals = goals_in_force(ref.goals, ctx.year).sort("code", "id")
    return StartData(ctx, stad_id, boards,
                     goals.filter(pl.col("level") == "inriktningsmal"),
                     goals.filter(pl.col("level") == "verksamhetsomradesmal"), got.goals)


def load(args: dict) -> StartData:
    """The overview of the period `args` asks for (`page.Show` 'Inga data ännu' when empty)."""
    ctx, engine, ref = data.page_start(args)
    got = cached(engine, "start", {"ar": ctx.year, "period": ctx.period,
                                   "params": repr(data.params())},
                 lambda: _load(engine, ref, ctx))
    return replace(got, ctx=ctx)  # the notice (a corrected ?ar=) is this request's
