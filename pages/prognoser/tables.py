"""The tables of /prognoser, each declared once (components/table.py): the same rows (the one
§3.5 summary, `ils.forecasts.board_summary`) give the screen table and the downloaded sheet.
On screen a count that has a base reads '2 av 3 (66,7 %)'; the sheet has the count and the
share as numbers. The years side by side are a board × year table on screen and a long table
(one row per board and year) in the download."""

from __future__ import annotations

import polars as pl
from dash import dcc, html

from components.comparison_parts import folded
from components.lights import assessment_badge, light_badge
from components.table import Col, Table
from ils.labels import LIGHT_LABEL, fmt_percent, fmt_value
from pagekit import view
from pages.prognoser import data
from pages.prognoser.charts import T2_STATE_LABEL

VIEW = view.of(__name__)  # its tables' name: /data/prognoser/…
ALL = "Alla nämnder"


def share(num: int | None, den: int | None) -> str:
    """'2 av 3 (66,7 %)', or '–' when there is nothing to share."""
    if not den:
        return "–"
    return f"{num} av {den} ({fmt_percent(num / den)})"


def _shared(num: str, den: str, strong: bool = False):
    def cell(r: dict, env: dict):
        text = share(r[num], r[den])
        return html.Strong(text) if strong else text
    return cell


def _name_cell(r: dict, env: dict):
    if r["org_id"] is None:
        return html.Strong(r["name"])
    href = env.get("href")
    return html.Span(dcc.Link(r["name"], href=href(r["org_id"])) if href else r["name"],
                     className="fw-normal")


def _all_first(totals: pl.DataFrame, rest: pl.DataFrame) -> list[dict]:
    first = [dict(r, org_id=None, name=ALL) for r in totals.iter_rows(named=True)]
    return first + rest.to_dicts()


BOARDS = Table("boards", (
    Col("Nämnd", "name", th=True, cell=_name_cell),
    Col("Gröna i T2", "n_green_t2", "integer"), Col("Fortsatt gröna", "n_held", "integer"),
    Col("Blev gula", "n_to_gul", "integer"), Col("Blev röda", "n_to_rod", "integer"),
    Col("Utfall saknas i VB", "n_to_saknas", "integer"),
    Col("Blev gula eller röda", "n_failed", "integer",
        cell=_shared("n_failed", "n_green_t2", strong=True)),
    Col("Andel som inte höll", "share_failed", "percent", screen=False),
    Col("Gröna på prognos", "n_green_forecast", "integer", screen=False),
    Col("Gröna på prognos som blev gula eller röda", "n_failed_forecast", "integer",
        cell=_shared("n_failed_forecast", "n_green_forecast")),
    Col("Andel på prognos som inte höll", "share_failed_forecast", "percent", screen=False),
    Col("Gröna på utfall", "n_green_outcome", "integer", screen=False),
    Col("Gröna på utfall som blev gula eller röda", "n_failed_outcome", "integer",
        cell=_shared("n_failed_outcome", "n_green_outcome")),
    Col("Andel på utfall som inte höll", "share_failed_outcome", "percent", screen=False),
), empty="Ingen nämnd hade gröna indikatorljus i T2 detta år: det finns inget att följa till VB.")


def board_rows(yd: data.YearData) -> list[dict]:
    """All boards first, then the boards with T2 greens, most failed first."""
    return _all_first(yd.totals, yd.summary)


ASSESSMENTS = Table("assessments", (
    Col("Nämnd", "name", th=True, cell=_name_cell),
    Col("Mål bedömda i T2 och VB", "n_assessed", "integer"),
    Col("Uppfyllt i T2", "n_uppfyllt_t2", "integer"),
    Col("Blev delvis i VB", "n_to_delvis", "integer"),
    Col("Blev ej uppfyllt i VB", "n_to_ej", "integer"),
    Col("Höll inte", "n_failed", "integer",
        cell=_shared("n_failed", "n_uppfyllt_t2", strong=True)),
    Col("Andel som inte höll", "share_failed", "percent", screen=False),
), empty="Inga mål bedömdes både i T2 och VB.")


def assessment_rows(yd: data.YearData) -> list[dict]:
    return _all_first(yd.atot, yd.asum)


def years_table(years: tuple[int, ...], num: str, den: str) -> Table:
    """Board × year on screen: 'failed of base (share)' per year."""
    return Table("years_screen", (Col("Nämnd", "name", th=True, cell=_name_cell), *(
        Col(str(y), lambda r, y=y: r["by_year"].get(y, {}).get(num), "integer",
            cell=lambda r, env, y=y: share(r["by_year"][y][num], r["by_year"][y][den])
            if y in r["by_year"] else "–") for y in years)),
                 empty="Inga år har ljus i både T2 och VB att jämföra.")


def years_rows(totals: pl.DataFrame, summary: pl.DataFrame) -> list[dict]:
    """One row per board (all boards first) with its rows per year in `by_year`."""
    out = {None: {"org_id": None, "name": ALL, "by_year": {}}}
    for r in _all_first(totals, summary):
        row = out.setdefault(r["org_id"], {"org_id": r["org_id"], "name": r["name"],
                                           "by_year": {}})
        row["by_year"][r["year"]] = r
    return list(out.values())


def years_long(base: str, failed: str, den: str) -> Table:
    """The download of the years side by side: one row per board and year."""
    return Table("years", (Col("Nämnd", "name"), Col("År", "year", "integer"),
                           Col(base, den, "integer"), Col(failed, "n_failed", "integer"),
                           Col("Andel som inte höll", "share_failed", "percent")),
                 empty="Inga år har ljus i både T2 och VB att jämföra.")


YEARS = years_long("Gröna i T2", "Blev gula eller röda", "n_green_t2")
YEARS_ASSESSMENTS = years_long("Uppfyllt i T2", "Höll inte", "n_uppfyllt_t2")


def flows_table(flows: list[dict]) -> tuple[Table, list[dict]]:
    """The Sankey as a cross table: T2 light (rows) × VB light (columns), counts."""
    cols = [k for k in LIGHT_LABEL if any(f["light_vb"] == k for f in flows)]
    n = {(f["t2_state"], f["light_vb"]): f["n"] for f in flows}
    rows = [{"state": T2_STATE_LABEL[s], **{c: n.get((s, c), 0) for c in cols}}
            for s in T2_STATE_LABEL if any(f["t2_state"] == s for f in flows)]
    table = Table("flows", (Col("I T2 → i VB", "state", th=True, cell=lambda r, env: html.Span(
                                r["state"], className="fw-normal")),
                            *(Col(LIGHT_LABEL[c], c, "integer") for c in cols)),
                  empty="Inga indikatorer har ljus i både T2 och VB detta år.")
    return table, rows


def _value(key: str):
    return lambda r, env: fmt_value(r[key], r["unit"])


INDICATORS = Table("indicators", (
    Col("Indikator", "name", th=True, cell=lambda r, env: html.Span(dcc.Link(
        r["name"], href=f"/indikator/{r['indicator_id']}{env['query']}"),
        className="fw-normal")),
    Col("Ljus i T2", "light_t2", cell=lambda r, env: light_badge(r["light_t2"], r["basis_t2"])),
    Col("Värde i T2", "value_t2", "number", cell=_value("value_t2")),
    Col("Ljus i VB", "light_vb", cell=lambda r, env: light_badge(r["light_vb"])),
    Col("Utfall i VB", "value_vb", "number", cell=_value("value_vb")),
    Col("Målvärde", "target_vb", "number", cell=_value("target_vb")),
    Col("Resultat", lambda r: "Höll inte" if r["green_failed"] else "Höll"),
), empty="Inga gröna indikatorer i T2.")


def _goal_link(r: dict, env: dict):
    q = env["query"]
    sep = "&" if q else "?"
    href = f"/namnd/{r['org_id']}{q}{sep}mal={r['goal_id']}#mal-{r['goal_id']}"
    return html.Span(dcc.Link(r["board"], href=href), className="fw-normal")


GOALS_FAILED = Table("goals_failed", (
    Col("Nämnd", "board", th=True, cell=_goal_link),
    Col("Mål", "goal"),
    Col("T2", "assessment_t2", cell=lambda r, env: assessment_badge(r["assessment_t2"],
                                                                     prefix="T2")),
    Col("VB", "assessment_vb", cell=lambda r, env: assessment_badge(r["assessment_vb"],
                                                                     prefix="VB")),
    Col("Motivering i VB", "motivation_vb", cell=lambda r, env: folded(r["motivation_vb"])
        or html.Span("Ingen motivering", className="text-muted")),
), empty="Ingen nämnd sänkte en uppfylld T2-bedömning i VB detta år.")


def goals_failed_rows(yd: data.YearData) -> list[dict]:
    voms = {v["id"]: v for v in yd.voms.iter_rows(named=True)}
    out = []
    for r in yd.apairs.filter(pl.col("failed")).iter_rows(named=True):
        v = voms.get(r["goal_id"], {"code": "", "title": r["goal_id"]})
        out.append(dict(r, board=yd.names.get(r["org_id"], r["org_id"]),
                        goal=f"{v['code'] or ''} {v['title']}".strip()))
    return out


# --- downloads ------------------------------------------------------------------------------

def _one_year(table: Table, rows, title: str):
    def build(args: dict):
        ctx, years = data.year_context(args.get("ar"))
        if ctx is None or not years:
            return None
        args.update(ar=ctx.year, period=None)
        return table.export(rows(data.load(ctx.year)), f"{title} {ctx.year}")
    return build


def _all_years(table: Table, title: str, assessments: bool):
    def build(args: dict):
        yrs = data.years(None)
        if yrs is None:
            return None
        args.update(ar=None, period=None)
        rows = (_all_first(yrs.atot, yrs.asum) if assessments else
                _all_first(yrs.totals, yrs.summary))
        return table.export(rows, title, {"År": f"{yrs.years[0]}–{yrs.years[-1]}"})
    return build


VIEW.table(BOARDS.name, _one_year(BOARDS, board_rows,
                                              "Gröna i T2 som inte höll i VB"))
VIEW.table(ASSESSMENTS.name, _one_year(ASSESSMENTS, assessment_rows,
                                                   "Självskattning T2 mot VB"))
VIEW.table("years", _all_years(
    YEARS, "Gröna indikatorljus i T2 som blev gula eller röda i VB, per år", False))
VIEW.table("years_assessments", _all_years(
    YEARS_ASSESSMENTS, "Mål självskattade som uppfyllda i T2 som bedömdes lägre i VB, per år",
    True))
