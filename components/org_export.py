"""The tables of the organisation pages (nämnd, avdelning, enhet) as exported tables: the
goals (each VOM's lights and self-assessment), the indicators, the units' light counts and a
board's peer comparison. Same loads and frames as the pages (`queries.org_views`)."""

from __future__ import annotations

import polars as pl

from components import data
from components.export import ExportTable, register_table
from components.org_view import COUNT_COLUMNS, sort_units
from ils.labels import ASSESSMENT_LABEL, BASIS_LABEL, LEVEL_LABEL, light_label
from ils.rules import goals_in_force
from queries.db import get_engine
from queries.org_views import OrgData, load_org, peer_comparison, unit_rows

PAGES = {"board": "namnd", "department": "avdelning", "unit": "enhet"}
DECIDER = {"kf": "KF"}
NUMBERS = ("Värde", "Målvärde", "Gul gräns")


def _load(args: dict, page: str, with_peers: bool = False) -> OrgData | None:
    """The page's data for `args` (None: no data, unknown org or an org of another level);
    fills in the year and period resolved."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty or not args.get("org_id"):
        return None
    got = load_org(get_engine(), args["org_id"], ctx.year, ctx.period, data.params(),
                   with_peers=with_peers)
    if got is None or got.org["level"] != PAGES[page]:
        return None
    args.update(ar=ctx.year, period=ctx.period)
    return got


def _whole_subtree(got: OrgData) -> bool:
    """As the pages: a department shows its units' indicators too, a board and a unit their own."""
    return got.org["level"] == "avdelning"


def indicator_frame(got: OrgData) -> pl.DataFrame:
    """One row per indicator light the page shows (`OrgData.indicators`, in its order)."""
    ids = got.ids if _whole_subtree(got) else [got.org["id"]]
    ind = got.indicators(ids)
    ds = got.lights.ds
    names = dict(ds.organisation.select("id", "name").iter_rows())
    voms = {r["id"]: r for r in ds.goals.filter(pl.col("level") == "verksamhetsomradesmal")
            .iter_rows(named=True)}
    rows = []
    for r in ind.iter_rows(named=True):
        v = voms.get(r["vom_id"] or "", {})
        rows.append({
            "Mål (kod)": v.get("code"), "Verksamhetsområdesmål": v.get("title"),
            "Indikator": r["name"] or r["indicator_id"],
            "Organisation": names.get(r["org_id"], r["org_id"]),
            "Beslutad av": DECIDER.get(r["decided_by"], "Egen"), "Enhet": r["unit"],
            "Värde": r["value"], "Underlag": BASIS_LABEL.get(r["basis"]),
            "Målvärde": r["target"], "Gul gräns": r["yellow_limit"],
            "Ljus": light_label(r["light"], r["basis"]),
            "Rapporterat": ASSESSMENT_LABEL.get(r["reported"] or ""),
            "Rapporterat uppfyllt utan utfall": "Ja" if r["fulfilled_without_outcome"] else None,
        })
    schema = {c: pl.Float64 if c in NUMBERS else pl.String for c in (
        "Mål (kod)", "Verksamhetsområdesmål", "Indikator", "Organisation", "Beslutad av",
        "Enhet", "Värde", "Underlag", "Målvärde", "Gul gräns", "Ljus", "Rapporterat",
        "Rapporterat uppfyllt utan utfall")}
    return pl.DataFrame(rows, schema=schema).sort("Mål (kod)", nulls_last=True,
                                                  maintain_order=True)


def goal_frame(got: OrgData, year: int, period: str) -> pl.DataFrame:
    """Each VOM in force with the org's computed light (all indicators and KF's only) and
    its self-assessment, basis and motivation — what the page's VOM blocks show."""
    ds = got.lights.ds
    org_id = got.org["id"]
    lights = got.goal_rows(org_id)
    assessed = {r["goal_id"]: r for r in ds.assessments.filter(
        (pl.col("org_id") == org_id) & (pl.col("year") == year)
        & (pl.col("period") == period)).iter_rows(named=True)}
    voms = (goals_in_force(ds.goals, year).filter(pl.col("level") == "verksamhetsomradesmal")
            .sort("code", "id", nulls_last=True))
    rows = []
    for v in voms.iter_rows(named=True):
        g, a = lights.get(v["id"]), assessed.get(v["id"])
        if g is None and a is None and got.org["level"] != "namnd":
            continue
        rows.append({
            "Mål (kod)": v["code"], "Verksamhetsområdesmål": v["title"],
            "Beräknat ljus": light_label(g["light"]) if g else "Inga indikatorer",
            "Poäng": g["score"] if g else None,
            "Bara KF:s indikatorer": light_label(g["light_kf_only"]) if g else None,
            "Uppfyllda": g["n_green"] if g else None, "Delvis": g["n_yellow"] if g else None,
            "Ej uppfyllda": g["n_red"] if g else None,
            "Utan utfall": g["n_missing"] if g else None,
            "Självskattning": ASSESSMENT_LABEL.get((a or {}).get("assessment") or ""),
            "Grund för bedömningen": (a or {}).get("basis"),
            "Motivering": (a or {}).get("motivation"),
        })
    ints = ("Uppfyllda", "Delvis", "Ej uppfyllda", "Utan utfall")
    schema = {"Mål (kod)": pl.String, "Verksamhetsområdesmål": pl.String,
              "Beräknat ljus": pl.String, "Poäng": pl.Float64,
              "Bara KF:s indikatorer": pl.String, **{c: pl.Int64 for c in ints},
              "Självskattning": pl.String, "Grund för bedömningen": pl.String,
              "Motivering": pl.String}
    return pl.DataFrame(rows, schema=schema)


def unit_frame(got: OrgData, sort: str | None) -> pl.DataFrame:
    """The departments and units with their own light counts, in the page's order."""
    rows = sort_units(unit_rows(got.tree, got.indicators()), sort)
    return rows.select(
        pl.col("name").alias("Namn"),
        pl.col("level").replace_strict(LEVEL_LABEL, default=None).alias("Nivå"),
        pl.col("department").alias("Avdelning"),
        *[pl.col(f"n_{k}").alias(label) for k, label in COUNT_COLUMNS],
        pl.col("n_prognos").alias("Varav på prognos"),
        pl.col("n_total").alias("Indikatorer totalt"))


def peer_frame(got: OrgData, year: int) -> pl.DataFrame:
    """The board's KF indicators beside the boards of its kind (as `org_lazy.peers`)."""
    ds = got.lights.ds
    stad = next((o["id"] for o in got.trail if o["level"] == "stad"), None)
    cmp = peer_comparison(got.indicators(got.peers), ds.targets, got.org["id"], got.peers,
                          stad, year)
    meta = ds.indicators.select(pl.col("id").alias("indicator_id"), "name", "unit")
    return (cmp.sort("rank", "indicator_id", nulls_last=True)
            .join(meta, on="indicator_id", how="left", maintain_order="left")
            .select(pl.col("name").alias("Indikator"), pl.col("unit").alias("Enhet"),
                    pl.col("direction").replace_strict({"hogre": "Högst", "lagre": "Lägst"},
                                                       default=None).alias("Bäst är"),
                    pl.col("value").alias("Nämndens värde"),
                    pl.col("target").alias("Nämndens målvärde"),
                    pl.col("city_target").alias("Stadens målvärde"),
                    pl.when(pl.col("value").is_not_null()).then(pl.col("rank"))
                    .alias("Placering"),
                    pl.col("n_ranked").alias("Antal rangordnade"),
                    pl.col("median").alias("Median, liknande nämnder")))


def _filters(got: OrgData) -> dict[str, str]:
    return {LEVEL_LABEL[got.org["level"]]: got.org["name"]}


def _builders(page: str):
    def goals(args: dict) -> ExportTable | None:
        got = _load(args, page)
        if got is None:
            return None
        return ExportTable(f"Mål {got.org['name']} {args['period']} {args['ar']}",
                           goal_frame(got, int(args["ar"]), args["period"]), _filters(got),
                           {"Poäng": "decimal"})

    def indicators(args: dict) -> ExportTable | None:
        got = _load(args, page)
        if got is None:
            return None
        return ExportTable(f"Indikatorer {got.org['name']} {args['period']} {args['ar']}",
                           indicator_frame(got), _filters(got),
                           {c: "decimal" for c in NUMBERS}, kolada=True)

    def units(args: dict) -> ExportTable | None:
        got = _load(args, page)
        if got is None:
            return None
        return ExportTable(f"Enheter {got.org['name']} {args['period']} {args['ar']}",
                           unit_frame(got, args.get("sort")), _filters(got))

    register_table(page, "goals", goals)
    register_table(page, "indicators", indicators)
    if page != "unit":
        register_table(page, "units", units)


def peers_table(args: dict) -> ExportTable | None:
    got = _load(args, "board", with_peers=True)
    if got is None:
        return None
    nums = ("Nämndens värde", "Nämndens målvärde", "Stadens målvärde",
            "Median, liknande nämnder")
    return ExportTable(f"Jämförelse med liknande nämnder {args['period']} {args['ar']}",
                       peer_frame(got, int(args["ar"])), _filters(got),
                       {c: "decimal" for c in nums}, kolada=True)


for _page in PAGES:
    _builders(_page)
register_table("board", "peers", peers_table)
