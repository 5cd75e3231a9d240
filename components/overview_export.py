"""The Stadsöversikt matrix (VOM × nämnd of computed lights) as an exported table."""

from __future__ import annotations

import polars as pl

from components import data
from components.export import ExportTable, register_table
from ils.labels import KIND_GROUP_LABEL, light_label
from ils.rules import goals_in_force
from queries import views
from queries.db import get_engine


def matrix_table(args: dict) -> ExportTable | None:
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    args.update(ar=ctx.year, period=ctx.period)
    engine = get_engine()
    ref = views.reference(engine)
    orgs = ref.organisation
    boards = orgs.filter(pl.col("level") == "namnd").sort("kind", "name")
    scope = tuple(orgs.filter(pl.col("level") == "stad")["id"].to_list() + boards["id"].to_list())
    got = views.lights(engine, ctx.year, ctx.period, data.params(), org_ids=scope, ref=ref)
    voms = (goals_in_force(ref.goals, ctx.year)
            .filter(pl.col("level") == "verksamhetsomradesmal").sort("code", "id"))
    lights = {(r["goal_id"], r["org_id"]): r for r in got.goals.iter_rows(named=True)}
    rows = []
    for b in boards.iter_rows(named=True):
        row = {"Nämnd": b["name"], "Typ": KIND_GROUP_LABEL.get(b["kind"], b["kind"])}
        for v in voms.iter_rows(named=True):
            g = lights.get((v["id"], b["id"]))
            row[f"{v['code']} {v['title']}"] = light_label(g["light"]) if g else None
        rows.append(row)
    schema = {"Nämnd": pl.String, "Typ": pl.String,
              **{f"{v['code']} {v['title']}": pl.String for v in voms.iter_rows(named=True)}}
    return ExportTable(f"Verksamhetsområdesmål per nämnd {ctx.period} {ctx.year}",
                       pl.DataFrame(rows, schema=schema))


register_table("overview", "matrix", matrix_table)
