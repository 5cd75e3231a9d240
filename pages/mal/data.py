"""What /mal/<id> shows (the only code of the view that reads the database): for a VOM the
city's and every board's light now and over the trend's periods and the city's KF
indicators; for an inriktningsmål its VOMs' city lights; for a nämndmål or enhetsmål its
owner's lights of its own indicators."""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace

import polars as pl

from components.context import PeriodContext, trend_keys
from ils import orgs, progress, provenance, rules, rules_periods, signals
from ils.assessing import describe_change
from ils.model import Dataset
from ils.voms import vom_of_goal
from pagekit import data
from queries.cache import cached
from queries.read import assessment_reads, views
from queries.read.dataset import load_info
from queries.write.kolada_store import target_sources
from queries.write.lights import read_indicator_lights
from queries.write.write_common import shown_time


@dataclass(frozen=True)
class VomData:
    stad_id: str | None
    parent_title: str | None  # the inriktningsmål above
    board_ids: list[str]
    goals_t: pl.DataFrame  # the VOM's goal lights (stad and boards) over the trend's periods
    city: dict | None  # the stad's goal light of the chosen period
    board_rows: pl.DataFrame  # the boards' goal lights of the chosen period, with name and
    # the §3.8 `state` (a light, or 'inga_indikatorer' / 'ej_malsatt')
    kf: pl.DataFrame  # the VOM's KF indicators (reference rows) with the stad's lights
    params: rules_periods.RuleParams
    districts: dict[str, str] = field(default_factory=dict)  # district boards: id → name



@dataclass(frozen=True)
class ImData:
    stad_id: str | None
    voms: pl.DataFrame  # the VOMs in force under it, with the stad's light and §3.8 state
    light: str  # the city's light of the inriktningsmål


@dataclass(frozen=True)
class LowerData:
    owner: dict  # id, name, level
    vom: dict | None  # the VOM the goal belongs to
    indicators: pl.DataFrame  # its own indicators with the owner's lights
    below: pl.DataFrame  # goals under it: id, title, owner (name)


@dataclass(frozen=True)
class MalData:
    ctx: PeriodContext
    goal: dict
    info: dict[str, str]
    vom: VomData | None = None
    im: ImData | None = None
    lower: LowerData | None = None


LIGHT_COLS = ("value", "target", "yellow_limit", "basis", "light")


def with_lights(ind: pl.DataFrame, lights: pl.DataFrame, org_id: str | None) -> pl.DataFrame:
    """Indicators (reference rows, by name) with one org's lights of them (null when none)."""
    mine = lights.filter(pl.col("org_id") == org_id).select(
        pl.col("indicator_id").alias("id"), *LIGHT_COLS)
    return ind.sort("name").join(mine, on="id", how="left", maintain_order="left")


def _city(ref: Dataset) -> str | None:
    cities = orgs.stad_ids(ref.organisation)
    return cities[0] if cities else None


def vom_data(engine, ref: Dataset, goal: dict, ctx: PeriodContext) -> VomData:
    """Lights of the city and every board for one VOM, now and over the trend's periods."""
    stad_id = _city(ref)
    boards = ref.organisation.filter(pl.col("level") == "namnd").select(
        pl.col("id").alias("org_id"), "name")
    linked = vom_of_goal(ref.goals).filter(pl.col("vom_id") == goal["id"])["goal_id"]
    inds = ref.indicators.filter(pl.col("goal_id").is_in(linked.implode()))
    scope = tuple(([stad_id] if stad_id else []) + boards["org_id"].to_list())
    p = data.params()
    keys = pl.DataFrame(trend_keys(ctx), schema={"year": pl.Int64, "period": pl.String},
                        orient="row")
    kf_inds = inds.filter(pl.col("decided_by") == "kf")
    ind_t, goals_t = views.lights_over_time(engine, p, org_ids=scope,
                                            indicator_ids=tuple(kf_inds["id"].to_list()),
                                            goal_ids=(goal["id"],))
    goals_t = goals_t.filter(pl.col("goal_id") == goal["id"]).join(keys, on=["year", "period"])
    now = (pl.col("year") == ctx.year) & (pl.col("period") == ctx.period)
    # §3.8 'Inga indikatorer' / 'Ej målsatt' / a light: over every indicator of the VOM now
    every = read_indicator_lights(engine, ctx.year, ctx.period, scope,
                                  tuple(inds["id"].to_list()))
    goals_now = progress.goal_state(goals_t.filter(now), every, ref.goals)
    city = goals_now.filter(pl.col("org_id") == stad_id)
    kf = with_lights(kf_inds, ind_t.filter(now), stad_id)
    notes = {i: provenance.source_note(s) for i, s in
             target_sources(engine, kf["id"].to_list(), stad_id, ctx.year).items()}
    kf = kf.with_columns(target_note=pl.col("id").replace_strict(  # "Riket, jämförelsevärde"
        notes, default=None, return_dtype=pl.String))
    parent = ref.goals.filter(pl.col("id") == goal["parent_id"])
    districts = ref.organisation.filter((pl.col("level") == "namnd")
                                        & (pl.col("kind") == "stadsdelsnamnd"))
    return VomData(stad_id, parent["title"][0] if len(parent) else None,
                   boards["org_id"].to_list(), goals_t,
                   city.row(0, named=True) if len(city) else None,
                   goals_now.join(boards, on="org_id", how="inner"), kf, p,
                   dict(zip(districts["id"].to_list(), districts["name"].to_list(), strict=False)))


def im_data(engine, ref: Dataset, goal: dict, ctx: PeriodContext) -> ImData:
    stad_id = _city(ref)
    voms = (signals.goals_in_force(ref.goals, ctx.year)
            .filter(pl.col("parent_id") == goal["id"]).sort("code", "id"))
    p = data.params()
    got = views.lights(engine, ctx.year, ctx.period, p, org_ids=(stad_id,) if stad_id else (),
                       ref=ref)
    city = progress.goal_state(got.goals.filter(pl.col("org_id") == stad_id), got.indicators,
                               ref.goals).select(pl.col("goal_id").alias("id"), "light",
                                                 "state", "self_assessment")
    im = rules.inriktningsmal_lights(ref, got.goals, p).filter(
        (pl.col("goal_id") == goal["id"]) & (pl.col("org_id") == stad_id))
    return ImData(stad_id, voms.join(city, on="id", how="left", maintain_order="left"),
                  im["light"][0] if len(im) else "saknas")


def lower_data(engine, ref: Dataset, goal: dict, ctx: PeriodContext) -> LowerData:
    by_id = {r["id"]: r for r in ref.organisation.iter_rows(named=True)}
    owner = by_id.get(goal["org_id"], {"id": goal["org_id"], "name": goal["org_id"],
                                       "level": None})
    vom = vom_of_goal(ref.goals).filter(pl.col("goal_id") == goal["id"])
    vom_row = (ref.goals.filter(pl.col("id") == vom["vom_id"][0]).row(0, named=True)
               if len(vom) else None)
    inds = ref.indicators.filter(pl.col("goal_id") == goal["id"])
    got = views.lights(engine, ctx.year, ctx.period, data.params(), org_ids=(goal["org_id"],),
                       indicator_ids=tuple(inds["id"].to_list()), ref=ref)
    names = ref.organisation.select(pl.col("id").alias("org_id"), pl.col("name").alias("owner"))
    below = (ref.goals.filter(pl.col("parent_id") == goal["id"]).sort("title")
             .join(names, on="org_id", how="left", maintain_order="left")
             .with_columns(pl.col("owner").fill_null(pl.col("org_id")))
             .select("id", "title", "owner"))
    return LowerData({k: owner.get(k) for k in ("id", "name", "level")}, vom_row,
                     with_lights(inds, got.indicators, owner["id"]), below)


def _load(engine, ref: Dataset, goal: dict, ctx: PeriodContext) -> MalData:
    base = MalData(ctx, goal, load_info(engine))
    if goal["level"] == "verksamhetsomradesmal":
        return replace(base, vom=vom_data(engine, ref, goal, ctx))
    if goal["level"] == "inriktningsmal":
        return replace(base, im=im_data(engine, ref, goal, ctx))
    return replace(base, lower=lower_data(engine, ref, goal, ctx))


def load(args: dict) -> MalData:
    """The goal page's data (`page.Show` for no data or an unknown goal)."""
    ctx, engine, ref = data.page_start(args)
    goal = data.find_row(ref.goals, args.get("goal_id"), "Målet", ctx)
    got = cached(engine, "mal", {"goal": goal["id"], "ar": ctx.year, "period": ctx.period,
                                 "params": repr(data.params())},
                 lambda: _load(engine, ref, goal, ctx))
    return replace(got, ctx=ctx)


def goal_history(goal_id: str, year: int, period: str) -> list[tuple[str, list[dict]]]:
    """The "Historik" section (issue 13): every org's changes of its assessment of the goal in
    the period as the viewer may see them (`queries.read.assessment_reads.goal_history`: drafts
    only to those who may see them), cached per the period's data version and what the viewer
    may see: [(org name, entries newest first)], orgs by name."""
    engine = data.get_engine()
    df = cached(engine, "mal_history", {"goal_id": goal_id, "ar": year, "period": period},
                lambda: assessment_reads.goal_history(engine, goal_id, year, period),
                periods=((year, period),))
    if df.is_empty():
        return []
    names = dict(data.reference(engine).organisation.select("id", "name").iter_rows())
    out = []
    for (org_id,), rows in df.group_by("org_id", maintain_order=True):
        entries = [dict(r, when=shown_time(r["changed_at"]), changes=describe_change(
            json.loads(r["old_values"]) if r["old_values"] else None,
            json.loads(r["new_values"]) if r["new_values"] else None))
            for r in reversed(rows.to_dicts())]
        out.append((names.get(org_id, org_id), entries))
    return sorted(out, key=lambda p: p[0])
