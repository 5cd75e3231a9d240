"""What /jamforelse computes for the chosen period and filters (shared by the page and its
downloads), and its tables as exported tables: the board × VOM matrix as a long table (one
row per board and goal) and the boards ranked by optimism index."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from components import comparison_filters as filters
from components import data
from components.comparison_parts import basis_word
from components.comparison_tables import _kind_groups, board_has_gap, ks_note
from components.context import PeriodContext
from components.export import ExportTable, register_table
from ils import comparison as cmp
from ils.labels import ASSESSMENT_LABEL, KIND_GROUP_LABEL, gap_label, light_label
from ils.rules import goals_in_force, vom_of_goal
from queries import comparison_views as cv
from queries.db import get_engine

ZERO = ("n_assessed", "n_compared", "n_agree", "n_positive", "n_negative", "n_not_comparable")


@dataclass(frozen=True)
class Chosen:
    ctx: PeriodContext
    now: cv.Now
    f: dict
    notices: list[str]
    boards: pl.DataFrame  # the boards the filters keep
    voms_all: pl.DataFrame
    voms: pl.DataFrame  # the VOMs the filters keep
    names: dict
    gaps: pl.DataFrame  # cmp.board_gaps over all VOMs of the year
    rows: dict  # (goal_id, org_id) → gap row


def chosen(args: dict, ctx: PeriodContext | None = None) -> Chosen | None:
    """The page's period, data and valid filters; None on an empty database."""
    ctx = ctx or data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    now = cv.comparison_now(get_engine(), ctx.year, ctx.period, data.params())
    sc = now.scope
    voms_all = (goals_in_force(sc.ref.goals, ctx.year)
                .filter(pl.col("level") == "verksamhetsomradesmal").sort("code", "id"))
    f, notices = filters.parse(args, sc.boards, voms_all)
    boards = sc.boards.filter(pl.col("kind") == f["typ"]) if f["typ"] else sc.boards
    voms = voms_all.filter(pl.col("id") == f["mal"]) if f["mal"] else voms_all
    names = dict(sc.boards.select("id", "name").iter_rows())
    gaps = cmp.board_gaps(now.goals.filter(pl.col("goal_id").is_in(voms_all["id"].implode())),
                          boards["id"].to_list())
    rows = {(r["goal_id"], r["org_id"]): r for r in gaps.iter_rows(named=True)}
    return Chosen(ctx, now, f, notices, boards, voms_all, voms, names, gaps, rows)


def ranking(c: Chosen) -> tuple[list[dict], pl.DataFrame]:
    """The boards ranked by optimism index (by name with `sort=namn`), each with its counts,
    main basis and `mix` ((basis, n) pairs); and the gap per basis."""
    ctx = c.ctx
    board_ids = c.boards["id"].to_list()
    all_boards = pl.DataFrame({"org_id": board_ids}, schema={"org_id": pl.String})
    counts = (all_boards.join(cmp.gap_counts(c.gaps), on="org_id", how="left")
              .with_columns([pl.col(z).fill_null(0) for z in ZERO]))
    ranked = cmp.rank_boards(counts)
    assess = c.now.ds.assessments.filter(pl.col("goal_id").is_in(c.voms_all["id"].implode()))
    mix = cmp.basis_mix(assess, board_ids, ctx.year, ctx.period)
    mixes: dict[str, list] = {}
    for r in mix.iter_rows(named=True):
        mixes.setdefault(r["org_id"], []).append((r["basis"], r["n"]))
    ranked = ranked.join(cmp.main_basis(mix), on="org_id", how="left")
    if c.f["sort"] == "namn":
        ranked = ranked.with_columns(_n=pl.col("org_id").replace_strict(c.names)).sort("_n")
    rows = [dict(r, mix=mixes.get(r["org_id"], [])) for r in ranked.iter_rows(named=True)]
    return rows, cmp.gap_by_basis(c.gaps, assess, board_ids, ctx.year, ctx.period)


def matrix_frame(c: Chosen) -> pl.DataFrame:
    """One row per board and VOM in the matrix's order (kinds, boards, goals)."""
    out = []
    voms = list(c.voms.iter_rows(named=True))
    for label, group in _kind_groups(c.boards):
        for b in group.iter_rows(named=True):
            cells = [c.rows.get((v["id"], b["id"])) for v in voms]
            if c.f["avvikelser"] and not board_has_gap(cells):
                continue
            for v, r in zip(voms, cells):
                r = r or {}
                out.append({
                    "Nämnd": b["name"], "Typ": label, "Mål (kod)": v["code"],
                    "Verksamhetsområdesmål": v["title"],
                    "Självskattning": ASSESSMENT_LABEL.get(r.get("self_assessment") or ""),
                    "Beräknat ljus": light_label(r["light"]) if r.get("light") else None,
                    "Skillnad (steg)": r.get("gap"),
                    "Självskattning mot indikatorerna": gap_label(r.get("gap")) if r else None,
                })
    schema = {"Nämnd": pl.String, "Typ": pl.String, "Mål (kod)": pl.String,
              "Verksamhetsområdesmål": pl.String, "Självskattning": pl.String,
              "Beräknat ljus": pl.String, "Skillnad (steg)": pl.Int64,
              "Självskattning mot indikatorerna": pl.String}
    return pl.DataFrame(out, schema=schema)


def ranking_frame(rows: list[dict], names: dict) -> pl.DataFrame:
    out = [{
        "Plats": r["rank"], "Nämnd": names.get(r["org_id"], r["org_id"]),
        "Bedömda mål": r["n_assessed"], "Stämmer": r["n_agree"],
        "Mer positiv": r["n_positive"], "Mer negativ": r["n_negative"],
        "Kan inte jämföras": r["n_not_comparable"], "Optimismindex": r["optimism"],
        "Underlag för bedömningen": basis_word(r.get("main_basis"))
        if r.get("main_basis") else None,
        "Underlag, fördelning": "; ".join(f"{basis_word(b)} {n}" for b, n in r["mix"]) or None,
    } for r in rows]
    ints = ("Plats", "Bedömda mål", "Stämmer", "Mer positiv", "Mer negativ",
            "Kan inte jämföras")
    schema = {"Plats": pl.Int64, "Nämnd": pl.String, **{k: pl.Int64 for k in ints[1:]},
              "Optimismindex": pl.Float64, "Underlag för bedömningen": pl.String,
              "Underlag, fördelning": pl.String}
    return pl.DataFrame(out, schema=schema)


def described(c: Chosen, with_goal: bool = True) -> dict[str, str]:
    """The filters in words, for the sheet (the ranking counts every VOM: no goal filter)."""
    vom = c.voms.row(0, named=True) if with_goal and c.f["mal"] and len(c.voms) else None
    return {"Nämnder": KIND_GROUP_LABEL.get(c.f["typ"], c.f["typ"]) if c.f["typ"] else "",
            "Mål": f"{vom['code'] or ''} {vom['title']}".strip() if vom else "",
            "Visar": "Bara nämnder med avvikelser" if c.f["avvikelser"] else ""}


def _chosen(args: dict) -> Chosen | None:
    c = chosen(args)
    if c is not None:
        args.update(ar=c.ctx.year, period=c.ctx.period)
    return c


def matrix_table(args: dict) -> ExportTable | None:
    c = _chosen(args)
    if c is None:
        return None
    return ExportTable(f"Självskattning och beräknat ljus {c.ctx.period} {c.ctx.year}",
                       matrix_frame(c), described(c), {"Skillnad (steg)": "integer"})


def boards_table(args: dict) -> ExportTable | None:
    c = _chosen(args)
    if c is None:
        return None
    rows, _ = ranking(c)
    return ExportTable(f"Nämnderna efter optimismindex {c.ctx.period} {c.ctx.year}",
                       ranking_frame(rows, c.names), described(c, with_goal=False),
                       {"Optimismindex": "decimal"})


register_table("comparison", "matrix", matrix_table)
register_table("comparison", "boards", boards_table)


def ks_rows(c: Chosen) -> pl.DataFrame:
    """Per VOM the filters keep: the boards' self-assessments, KS's and the city's light."""
    sc = c.now.scope
    return cmp.ks_against_boards(c.now.goals, c.boards["id"].to_list(), sc.stad_id,
                                 c.voms["id"].to_list())


def reported_rows(ind: pl.DataFrame, board_ids: list, mal: str | None, sc) -> pl.DataFrame:
    """The boards' reported statuses against the lights, for one VOM (`mal`) or all."""
    links = vom_of_goal(sc.ref.goals)
    if mal:
        links = links.filter(pl.col("vom_id") == mal)
    ind = ind.filter(pl.col("goal_id").is_in(links["goal_id"].implode()))
    return cmp.reported_rows(ind, board_ids)


def reported_summary(rep: pl.DataFrame, boards: pl.DataFrame) -> pl.DataFrame:
    """Per board that reported (by name): cmp.reported_summary with the board's `name`."""
    order = boards.select(pl.col("id").alias("org_id"), "name")
    return cmp.reported_summary(rep).join(order, on="org_id").sort("name")


def ks_frame(ks: pl.DataFrame, voms: pl.DataFrame) -> pl.DataFrame:
    vmap = {v["id"]: v for v in voms.iter_rows(named=True)}
    out = [{
        "Mål (kod)": vmap[r["goal_id"]]["code"], "Verksamhetsområdesmål":
        vmap[r["goal_id"]]["title"], "Nämnder som bedömt": r["n_boards"] or 0,
        "Uppfyllt": r["n_uppfyllt"] or 0, "Delvis uppfyllt": r["n_delvis"] or 0,
        "Ej uppfyllt": r["n_ej"] or 0,
        "Kommunstyrelsens bedömning": ASSESSMENT_LABEL.get(r["ks_assessment"] or ""),
        "Stadens beräknade ljus": light_label(r["city_light"]) if r["city_light"] else None,
        "Kommunstyrelsen mot flertalet nämnder (steg)": r["ks_vs_boards"],
        "Jämförelse": ks_note(r["ks_vs_boards"]),
    } for r in ks.iter_rows(named=True)]
    ints = ("Nämnder som bedömt", "Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt",
            "Kommunstyrelsen mot flertalet nämnder (steg)")
    schema = {"Mål (kod)": pl.String, "Verksamhetsområdesmål": pl.String,
              **{k: pl.Int64 for k in ints[:4]}, "Kommunstyrelsens bedömning": pl.String,
              "Stadens beräknade ljus": pl.String, ints[4]: pl.Int64, "Jämförelse": pl.String}
    return pl.DataFrame(out, schema=schema)


REPORTED_COLUMNS = (("n_reported", "Rapporterade"), ("n_uppfyllt", "Rapporterade uppfyllda"),
                    ("n_upp_gron", "Uppfyllda, ljus uppfyllt"),
                    ("n_upp_gul", "Uppfyllda, ljus delvis"),
                    ("n_upp_rod", "Uppfyllda, ljus ej uppfyllt"),
                    ("n_upp_grey", "Uppfyllda, utan ljus"),
                    ("n_without_outcome", "Rapporterad uppfylld utan utfall"))


def reported_frame(summary: pl.DataFrame) -> pl.DataFrame:
    return summary.select(pl.col("name").alias("Nämnd"),
                          *(pl.col(c).cast(pl.Int64).alias(h) for c, h in REPORTED_COLUMNS))


def ks_table(args: dict) -> ExportTable | None:
    c = _chosen(args)
    if c is None:
        return None
    return ExportTable(f"Kommunstyrelsen mot nämnderna {c.ctx.period} {c.ctx.year}",
                       ks_frame(ks_rows(c), c.voms), described(c),
                       {"Kommunstyrelsen mot flertalet nämnder (steg)": "integer"})


def reported_table(args: dict) -> ExportTable | None:
    c = _chosen(args)
    if c is None:
        return None
    rep = reported_rows(c.now.indicators, c.boards["id"].to_list(), c.f["mal"], c.now.scope)
    return ExportTable(f"Indikatorer: rapporterad status mot ljuset {c.ctx.period} "
                       f"{c.ctx.year}", reported_frame(reported_summary(rep, c.now.scope.boards)),
                       described(c))


register_table("comparison", "ks", ks_table)
register_table("comparison", "reported", reported_table)
