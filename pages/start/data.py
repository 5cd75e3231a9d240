"""What the overview (/) shows: the city's and every board's VOM lights of one period and of
the period before it (for the change arrows), read from the stored lights (the only code of
the view that reads the database)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import polars as pl

from components.context import PeriodContext
from ils import orgs, periods, progress, rules
from ils.signals import goals_in_force
from pagekit import data
from queries.cache import cached
from queries.db import get_engine
from queries.versions import with_previous
from queries.write.kolada_store import city_comparison
from queries.write.lights import ensure_lights, read_goal_lights

KIND_ORDER = ("stadsdelsnamnd", "facknamnd", "bolag")


@dataclass(frozen=True)
class StartData:
    ctx: PeriodContext
    stad_id: str | None
    boards: pl.DataFrame  # id, name, kind: the boards by kind group (KIND_ORDER), then name
    ims: pl.DataFrame  # the inriktningsmål in force, by code
    voms: pl.DataFrame  # the VOMs in force, by code
    lights: pl.DataFrame  # VOM lights of the stad and the boards, with `change` and the
    # §3.8 `state` (the light, or 'inga_indikatorer' / 'ej_malsatt')
    im_lights: pl.DataFrame  # the city's inriktningsmål lights (§3.3, over its VOM lights)
    previous: tuple[int, str]  # the period the change arrows compare with


def _load(engine, ref, ctx: PeriodContext, params) -> StartData:
    org = ref.organisation
    cities = orgs.stad_ids(org)
    stad_id = cities[0] if cities else None
    rank = {k: i for i, k in enumerate(KIND_ORDER)}
    boards = (org.filter(pl.col("level") == "namnd").select("id", "name", "kind")
              .with_columns(_k=pl.col("kind").replace_strict(rank, default=len(rank),
                                                             return_dtype=pl.Int64))
              .sort("_k", "name").drop("_k"))
    scope = tuple(cities + boards["id"].to_list())
    ensure_lights(engine, params)
    prev = periods.previous(ctx.year, ctx.period)
    now = read_goal_lights(engine, ctx.year, ctx.period, scope)
    before = read_goal_lights(engine, prev[0], prev[1], scope)
    lights = progress.with_change(pl.concat([now, before])).filter(
        (pl.col("year") == ctx.year) & (pl.col("period") == ctx.period))
    lights = progress.goal_state(lights, data.indicator_lights(engine, ctx.year, ctx.period,
                                                               scope), ref.goals)
    goals = goals_in_force(ref.goals, ctx.year).sort("code", "id")
    ims = rules.inriktningsmal_lights(ref, lights.filter(pl.col("org_id") == stad_id), params)
    return StartData(ctx, stad_id, boards, goals.filter(pl.col("level") == "inriktningsmal"),
                     goals.filter(pl.col("level") == "verksamhetsomradesmal"), lights, ims,
                     prev)


def load(args: dict) -> StartData:
    """The overview of the period `args` asks for (`page.Show` 'Inga data ännu' when empty)."""
    ctx, engine, ref = data.page_start(args)
    params = data.params()
    got = cached(engine, "start", {"ar": ctx.year, "period": ctx.period, "params": repr(params)},
                 lambda: _load(engine, ref, ctx, params),
                 periods=with_previous(ctx.year, ctx.period))  # the change arrows' period too
    return replace(got, ctx=ctx)  # the notice (a corrected ?ar=) is this request's


def city_rows(d: StartData) -> list[dict]:
    """One row per VOM in force: its code, title, inriktningsmål and the city's light row."""
    city = {r["goal_id"]: r for r in d.lights.filter(pl.col("org_id") == d.stad_id)
            .iter_rows(named=True)}
    out = []
    for v in d.voms.iter_rows(named=True):
        row = city.get(v["id"]) or {"light": None, "score": None, "n_red": None,
                                    "state": "inga_indikatorer"}
        out.append({**row, "goal_id": v["id"], "code": v["code"], "title": v["title"],
                    "im_id": v["parent_id"],  # §3.8: only a self-assessment is no light
                    "has_light": row["state"] != "inga_indikatorer"})
    return out


def board_summary(d: StartData) -> dict:
    """Per board: mean score over its VOM lights, reds, goals assessed more positively than the
    indicators; and how many boards assessed at least one goal more positively."""
    boards = d.lights.filter(pl.col("org_id") != d.stad_id)
    per = boards.group_by("org_id").agg(
        score=pl.col("score").mean(), n_red=(pl.col("light") == "rod").sum().cast(pl.Int64),
        n_positive=(pl.col("gap") > 0).sum().cast(pl.Int64),
        n_compared=pl.col("gap").is_not_null().sum().cast(pl.Int64))
    rows = {r["org_id"]: r for r in per.iter_rows(named=True)}
    compared = [r for r in rows.values() if r["n_compared"]]
    return {"rows": rows, "n_compared": len(compared),
            "n_positive": sum(1 for r in compared if r["n_positive"])}


def kolada_rows(year: int) -> pl.DataFrame:
    """The city's yearly values of every indicator with a Kolada KPI beside Riket and its
    comparison group (issue 23)."""
    engine = get_engine()
    return cached(engine, "kolada_cmp", {"ids": None, "ar": year},
                  lambda: city_comparison(engine, year), periods=())  # base data
