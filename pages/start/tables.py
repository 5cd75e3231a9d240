"""The overview's table, declared once: the matrix VOM × nämnd of computed lights (its
columns are the VOMs in force, so the declaration is made from them)."""

from __future__ import annotations

import polars as pl
from dash import dcc, html

from components.export import register_table
from components.lights import light_badge
from components.page import Show
from components.table import Col, Table
from ils.labels import KIND_GROUP_LABEL, light_label
from pages.start.data import load


def _vom_cell(vom: dict):
    def cell(r: dict, env: dict):
        row = r["lights"].get(vom["id"])
        if row is None:
            return light_badge("ej_malsatt", compact=True, label="Inga indikatorer")
        text = (f"{r['name']}, mål {vom['code']}: {light_label(row['light'])} – "
                f"{row['n_green']} uppfyllda, {row['n_yellow']} delvis, {row['n_red']} ej, "
                f"{row['n_missing']} utan utfall")
        return dcc.Link(light_badge(row["light"], compact=True, label=text),
                        href=f"/namnd/{r['id']}{env['query']}&mal={vom['id']}#mal-{vom['id']}",
                        className="kr-cell-link")
    return cell


def _vom_value(vom_id: str):
    def value(r: dict):
        row = r["lights"].get(vom_id)
        return light_label(row["light"]) if row else None
    return value


def matrix(voms: pl.DataFrame) -> Table:
    """The matrix's declaration for the VOMs in force: board, kind (sheet only), one light
    column per VOM (its code and title on the sheet; the code with the title as tooltip on
    screen, see `head`)."""
    return Table("matrix", (
        Col("Nämnd", "name", th=True,
            cell=lambda r, env: dcc.Link(r["name"], href=f"/namnd/{r['id']}{env['query']}")),
        Col("Typ", lambda r: KIND_GROUP_LABEL.get(r["kind"], r["kind"]), screen=False),
        *[Col(f"{v['code']} {v['title']}", _vom_value(v["id"]), cell=_vom_cell(v))
          for v in voms.iter_rows(named=True)],
    ), empty="Det finns inga nämnder.")


def head(voms: pl.DataFrame) -> list:
    return [html.Th("Nämnd", scope="col")] + [
        html.Th(html.Abbr(v["code"] or v["id"], title=v["title"]), scope="col",
                className="text-center") for v in voms.iter_rows(named=True)]


def matrix_rows(d) -> list[dict]:
    """One row per board with its VOM lights (`d`: StartData), in the overview's order."""
    by_org: dict[str, dict] = {}
    for r in d.lights.iter_rows(named=True):
        by_org.setdefault(r["org_id"], {})[r["goal_id"]] = r
    return [{**b, "lights": by_org.get(b["id"], {})} for b in d.boards.iter_rows(named=True)]


def _matrix_export(args: dict):
    try:
        d = load(args)
    except Show:
        return None
    args.update(ar=d.ctx.year, period=d.ctx.period)
    return matrix(d.voms).export(matrix_rows(d), f"Verksamhetsområdesmål per nämnd "
                                                 f"{d.ctx.period} {d.ctx.year}")


register_table("overview", "matrix", _matrix_export)
