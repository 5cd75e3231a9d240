"""The Indikator page's value per org (shared by the page and its download) as an exported
table: every org the indicator counts for, with value, target, yellow limit and light."""

from __future__ import annotations

import polars as pl

from components import data, indicator_view
from components.credit import kolada_credit
from components.export import ExportTable, register_table
from components.page import Show
from ils import rules
from ils.labels import BASIS_LABEL, LEVEL_LABEL, light_label
from ils.model import Dataset
from queries import views
from queries.dataset import load_info


def value_rows(engine, ref: Dataset, ind: dict, ctx) -> tuple[Dataset, pl.DataFrame]:
    """The indicator's data over all years, and its lights in the chosen period per org
    (with name and level, stad → nämnd → … by name: `indicator_view.with_orgs`)."""
    ds = views.scoped_dataset(engine, ref, None, (ind["id"],), (ind["goal_id"],))
    lights = rules.indicator_lights(ds, ctx.year, ctx.period, data.params())
    return ds, indicator_view.with_orgs(lights, ref.organisation)


def value_frame(rows: pl.DataFrame, unit: str | None) -> pl.DataFrame:
    return rows.select(
        pl.col("name").fill_null(pl.col("org_id")).alias("Organisation"),
        pl.col("level").replace_strict(LEVEL_LABEL, default=None).alias("Nivå"),
        pl.lit(unit, pl.String).alias("Enhet"),
        pl.col("value").alias("Värde"), pl.col("target").alias("Målvärde"),
        pl.col("yellow_limit").alias("Gul gräns"),
        pl.col("basis").replace_strict(BASIS_LABEL, default=None).alias("Underlag"),
        pl.struct("light", "basis").map_elements(
            lambda s: light_label(s["light"], s["basis"]), return_dtype=pl.String)
        .alias("Ljus"))


def values_table(args: dict) -> ExportTable | None:
    try:
        ctx, engine, ref = data.page_start(args)
        ind = data.find_row(ref.indicators, args.get("indicator_id"), "Indikatorn", ctx)
    except Show:
        return None
    args.update(ar=ctx.year, period=ctx.period)
    _, rows = value_rows(engine, ref, ind, ctx)
    credit = kolada_credit(load_info(engine), ind, ctx.period)
    return ExportTable(f"{ind['name']} {ctx.period} {ctx.year}", value_frame(rows, ind["unit"]),
                       {"Indikator": ind["name"]},
                       {"Värde": "decimal", "Målvärde": "decimal", "Gul gräns": "decimal"},
                       kolada=credit is not None)


register_table("indicator", "values", values_table)
