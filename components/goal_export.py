"""The Mål page's data for a VOM (shared by the page and its downloads) and its tables as
exported tables: every board's light against its self-assessment, the city's KF indicators,
and a lower goal's indicators."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from components import data, goal_view
from components.context import trend_keys
from components.export import ExportTable, register_table
from components.page import Show
from ils import rules
from ils.labels import ASSESSMENT_LABEL, BASIS_LABEL, gap_label, light_label
from queries import views
from queries.dataset import load_info


@dataclass(frozen=True)
class VomData:
    stad_id: str | None
    boards: pl.DataFrame  # org_id, name
    goals_t: pl.DataFrame  # the VOM's goal lights over the trend's periods
    city: pl.DataFrame  # the stad's row of the chosen period
    board_rows: pl.DataFrame  # the boards' rows of the chosen period, with name
    kf: pl.DataFrame  # the VOM's KF indicators (reference rows)
    city_ind: pl.DataFrame  # the stad's lights of those indicators
    params: rules.RuleParams


def vom_data(engine, ref, goal: dict, ctx) -> VomData:
    """Lights of the city and every board for one VOM, now and over the trend's periods."""
    orgs = ref.organisation
    stad_id = next(iter(orgs.filter(pl.col("level") == "stad")["id"]), None)
    boards = orgs.filter(pl.col("level") == "namnd").select(pl.col("id").alias("org_id"), "name")
    linked = rules.vom_of_goal(ref.goals).filter(pl.col("vom_id") == goal["id"])["goal_id"]
    inds = ref.indicators.filter(pl.col("goal_id").is_in(linked.implode()))
    scope = tuple(([stad_id] if stad_id else []) + boards["org_id"].to_list())
    p = data.params()
    ds = views.scoped_dataset(engine, ref, scope, tuple(inds["id"].to_list()),
                                  tuple(linked.to_list()), assessed_goal=goal["id"])
    parts = [views.compute(ds, y, per, p, scope) for y, per in trend_keys(ctx)]
    goals_t = pl.concat([g.goals for g in parts]).filter(pl.col("goal_id") == goal["id"])
    ind_now = parts[-1].indicators  # the last key is the chosen period
    goals_now = goals_t.filter((pl.col("year") == ctx.year) & (pl.col("period") == ctx.period))
    kf = inds.filter(pl.col("decided_by") == "kf")
    city_ind = ind_now.filter((pl.col("org_id") == stad_id)
                              & pl.col("indicator_id").is_in(kf["id"].implode()))
    return VomData(stad_id, boards, goals_t, goals_now.filter(pl.col("org_id") == stad_id),
                   goals_now.join(boards, on="org_id", how="inner"), kf, city_ind, p)


def _goal(args: dict):
    """(ctx, engine, ref, goal) of the page's arguments; None when there is nothing."""
    try:
        ctx, engine, ref = data.page_start(args)
        goal = data.find_row(ref.goals, args.get("goal_id"), "Målet", ctx)
    except Show:
        return None
    args.update(ar=ctx.year, period=ctx.period)
    return ctx, engine, ref, goal


def _title(goal: dict) -> str:
    return f"{goal['code']} {goal['title']}" if goal["code"] else goal["title"]


def board_frame(rows: pl.DataFrame, sort: str | None) -> pl.DataFrame:
    """The boards' table in the page's order (`goal_view.sort_boards`)."""
    out = goal_view.sort_boards(rows, sort if sort in goal_view.SORTS else "namn")
    return out.select(
        pl.col("name").alias("Nämnd"),
        pl.col("light").map_elements(light_label, return_dtype=pl.String)
        .alias("Beräknat ljus"),
        pl.col("score").alias("Poäng"),
        pl.col("n_forecast").alias("Ljus på prognos"),
        pl.col("self_assessment").replace_strict(ASSESSMENT_LABEL, default=None)
        .alias("Självskattning"),
        pl.col("gap").alias("Skillnad (steg)"),
        pl.col("gap").map_elements(gap_label, return_dtype=pl.String, skip_nulls=False)
        .alias("Självskattning mot indikatorerna"))


def indicator_frame(ind: pl.DataFrame, lights: pl.DataFrame, org_id: str | None) -> pl.DataFrame:
    """Indicators (reference rows) with the lights of one org, by name (as the page's tables)."""
    mine = lights.filter(pl.col("org_id") == org_id).select(
        pl.col("indicator_id").alias("id"), "value", "target", "yellow_limit", "basis", "light")
    return (ind.sort("name").join(mine, on="id", how="left", maintain_order="left")
            .select(pl.col("name").alias("Indikator"), pl.col("unit").alias("Enhet"),
                    pl.col("value").alias("Värde"), pl.col("target").alias("Målvärde"),
                    pl.col("yellow_limit").alias("Gul gräns"),
                    pl.col("basis").replace_strict(BASIS_LABEL, default=None)
                    .alias("Underlag"),
                    pl.struct("light", "basis").map_elements(
                        lambda s: light_label(s["light"] or "ej_malsatt", s["basis"]),
                        return_dtype=pl.String).alias("Ljus"),
                    pl.col("kolada_kpi").alias("Nyckeltal i Kolada")))


NUMBERS = {"Värde": "decimal", "Målvärde": "decimal", "Gul gräns": "decimal"}


def boards_table(args: dict) -> ExportTable | None:
    got = _goal(args)
    if got is None or got[3]["level"] != "verksamhetsomradesmal":
        return None
    ctx, engine, ref, goal = got
    vd = vom_data(engine, ref, goal, ctx)
    return ExportTable(f"Nämnderna för mål {_title(goal)} {ctx.period} {ctx.year}",
                       board_frame(vd.board_rows, args.get("sort")), {"Mål": _title(goal)},
                       {"Poäng": "decimal", "Skillnad (steg)": "integer"})


def kf_table(args: dict) -> ExportTable | None:
    got = _goal(args)
    if got is None or got[3]["level"] != "verksamhetsomradesmal":
        return None
    ctx, engine, ref, goal = got
    vd = vom_data(engine, ref, goal, ctx)
    kolada = load_info(engine).get("kolada") != "0" and vd.kf["kolada_kpi"].is_not_null().any()
    return ExportTable(f"KF:s indikatorer för staden, mål {_title(goal)} {ctx.period} "
                       f"{ctx.year}", indicator_frame(vd.kf, vd.city_ind, vd.stad_id),
                       {"Mål": _title(goal)}, NUMBERS, kolada=bool(kolada))


def lower_indicators(engine, ref, goal: dict, ctx) -> tuple[pl.DataFrame, pl.DataFrame]:
    """A nämndmål's or enhetsmål's own indicators (by name) and its owner's lights of them."""
    inds = ref.indicators.filter(pl.col("goal_id") == goal["id"]).sort("name")
    got = views.lights(engine, ctx.year, ctx.period, data.params(), org_ids=(goal["org_id"],),
                       indicator_ids=tuple(inds["id"].to_list()))
    return inds, got.indicators


def lower_table(args: dict) -> ExportTable | None:
    got = _goal(args)
    if got is None or got[3]["level"] in ("verksamhetsomradesmal", "inriktningsmal"):
        return None
    ctx, engine, ref, goal = got
    inds, lights = lower_indicators(engine, ref, goal, ctx)
    return ExportTable(f"Indikatorer för {goal['title']} {ctx.period} {ctx.year}",
                       indicator_frame(inds, lights, goal["org_id"]), {"Mål": goal["title"]},
                       NUMBERS)


register_table("goal", "boards", boards_table)
register_table("goal", "kf", kf_table)
register_table("goal", "indicators", lower_table)
