"""The agenda from the URL arguments (shared by the /mote page and its download), and the
agenda as an exported table (Excel and CSV: one row per item, Swedish headings)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from components import data
from components import meeting_filters as filters
from components.context import PeriodContext
from components.export import ExportTable, register_table
from components.meeting_items import KIND_LABEL, describe
from ils import agenda as ag
from ils.labels import ASSESSMENT_LABEL, light_label
from queries import agenda_views
from queries.db import get_engine


@dataclass(frozen=True)
class Chosen:
    ctx: PeriodContext
    agenda: agenda_views.Agenda | None
    f: dict
    notices: list[str]
    items: pl.DataFrame | None  # the items the filters keep


def chosen(args: dict) -> Chosen:
    """Period, data, valid filters (with notices) and the filtered items of `args`."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return Chosen(ctx, None, dict.fromkeys(filters.KEYS), [], None)
    a = agenda_views.load(get_engine(), ctx.year, ctx.period, data.params())
    f, notices = filters.parse(args, a.scope.boards, a.voms)
    items = ag.select(a.items, org_id=f["namnd"], vom_id=f["mal"], kind=f["typ"])
    return Chosen(ctx, a, f, notices, items)


def frame(c: Chosen) -> pl.DataFrame:
    a, q = c.agenda, c.ctx.query()
    vom = {v["id"]: v for v in a.voms.iter_rows(named=True)}
    inds = {r["id"]: (r["name"], r["unit"]) for r in a.indicators.iter_rows(named=True)}
    names = a.names
    rows = []
    for it in c.items.iter_rows(named=True):
        name, unit = inds.get(it["indicator_id"], (None, None))
        v = vom.get(it["vom_id"], {})
        link = (f"/indikator/{it['indicator_id']}{q}" if it["indicator_id"] else
                f"/namnd/{it['org_id']}{q}&mal={it['vom_id']}#mal-{it['vom_id']}")
        rows.append({
            "Mål (kod)": v.get("code"), "Verksamhetsområdesmål": v.get("title"),
            "Nämnd": names.get(it["org_id"], it["org_id"]),
            "Avvikelse": KIND_LABEL[it["kind"]], "Allvarlighet": it["severity"],
            "Indikator": name, "Enhet": unit,
            "Ljus": light_label(it["light"], it["basis"]),
            "Ljus förra perioden": light_label(it["light_prev"]) if it["light_prev"] else None,
            "Självskattning": ASSESSMENT_LABEL.get(it["self_assessment"] or ""),
            "Skillnad (steg)": it["gap"], "Värde": it["value"], "Målvärde": it["target"],
            "Gul gräns": it["yellow_limit"], "Värde T2": it["value_t2"],
            "Poäng": it["score"],
            "Beskrivning": describe(it, name, unit, a.prev, a.period),
            "Nämndens motivering": it["motivation"], "Länk": link,
        })
    schema = {"Mål (kod)": pl.String, "Verksamhetsområdesmål": pl.String, "Nämnd": pl.String,
              "Avvikelse": pl.String, "Allvarlighet": pl.Int64, "Indikator": pl.String,
              "Enhet": pl.String, "Ljus": pl.String, "Ljus förra perioden": pl.String,
              "Självskattning": pl.String, "Skillnad (steg)": pl.Int64, "Värde": pl.Float64,
              "Målvärde": pl.Float64, "Gul gräns": pl.Float64, "Värde T2": pl.Float64,
              "Poäng": pl.Float64, "Beskrivning": pl.String, "Nämndens motivering": pl.String,
              "Länk": pl.String}
    return pl.DataFrame(rows, schema=schema)


FORMATS = {"Värde": "decimal", "Målvärde": "decimal", "Gul gräns": "decimal",
           "Värde T2": "decimal", "Poäng": "decimal", "Allvarlighet": "integer",
           "Skillnad (steg)": "integer"}


def agenda_table(args: dict) -> ExportTable | None:
    c = chosen(args)
    if c.agenda is None:
        return None
    args.update(ar=c.ctx.year, period=c.ctx.period)
    return ExportTable(
        f"Underlag för målbedömningsmöte {c.ctx.period} {c.ctx.year}", frame(c),
        filters.described(c.f, c.agenda.names, c.agenda.voms), FORMATS)


def summary_table(args: dict) -> ExportTable | None:
    c = chosen(args)
    if c.agenda is None:
        return None
    args.update(ar=c.ctx.year, period=c.ctx.period)
    per = ag.board_counts(c.items, c.agenda.scope.boards)
    out = per.select(pl.col("name").alias("Nämnd"),
                     *[pl.col(k).alias(KIND_LABEL[k]) for k in ag.KINDS],
                     pl.col("total").alias("Totalt"))
    return ExportTable(f"Avvikelser per nämnd {c.ctx.period} {c.ctx.year}", out,
                       filters.described(c.f, c.agenda.names, c.agenda.voms),
                       {c2: "integer" for c2 in out.columns[1:]})


register_table("meeting", "agenda", agenda_table)
register_table("meeting", "summary", summary_table)
