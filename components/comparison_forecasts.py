"""The tables of /prognoser: T2 greens against VB per board, the boards' T2 self-assessments
against VB, the years side by side, and the indicators behind each number."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from components.comparison_parts import folded
from components.lights import assessment_badge, light_badge
from ils.labels import LIGHT_LABEL, fmt_percent, fmt_value
from pages.prognoser.charts import T2_STATE_LABEL


def share(num: int, den: int) -> str:
    """'2 av 3 (66,7 %)', or '–' when there is nothing to share."""
    if not den:
        return "–"
    return f"{num} av {den} ({fmt_percent(num / den)})"


def _table(head: list[str], rows: list, table_id: str | None = None) -> html.Div:
    thead = html.Thead(html.Tr([html.Th(h, scope="col") for h in head]))
    return html.Div(dbc.Table([thead, html.Tbody(rows)], size="sm", hover=True,
                              className="kr-table mb-0", **({"id": table_id} if table_id
                                                            else {})),
                    className="table-responsive")


def _num(x) -> html.Td:
    return html.Td(x, className="text-end")


def board_table(summary: list[dict], names: dict, href) -> html.Div:
    """Per board: T2 greens, what became of them at VB, the failed share, and the split by
    forecast- or outcome-based T2 green. `href(org_id)` selects the board's flows."""
    rows = []
    for r in summary:
        name = names.get(r["org_id"], r["org_id"]) if r["org_id"] else "Alla nämnder"
        first = (html.Th(dcc.Link(name, href=href(r["org_id"])), scope="row",
                         className="fw-normal" if r["org_id"] else "fw-bold"))
        rows.append(html.Tr([
            first, _num(r["n_green_t2"]), _num(r["n_held"]), _num(r["n_to_gul"]),
            _num(r["n_to_rod"]), _num(r["n_to_saknas"]),
            html.Td(html.Strong(share(r["n_failed"], r["n_green_t2"])), className="text-end"),
            html.Td(share(r["n_failed_forecast"], r["n_green_forecast"]), className="text-end"),
            html.Td(share(r["n_failed_outcome"], r["n_green_outcome"]), className="text-end"),
        ]))
    return _table(["Nämnd", "Gröna i T2", "Fortsatt gröna", "Blev gula", "Blev röda",
                   "Utfall saknas i VB", "Blev gula eller röda", "… av gröna på prognos",
                   "… av gröna på utfall"], rows, "forecasts-boards")


def assessment_table(summary: list[dict], names: dict) -> html.Div:
    rows = [html.Tr([
        html.Th(names.get(r["org_id"], r["org_id"]) if r["org_id"] else "Alla nämnder",
                scope="row", className="fw-normal" if r["org_id"] else "fw-bold"),
        _num(r["n_assessed"]), _num(r["n_uppfyllt_t2"]), _num(r["n_to_delvis"]),
        _num(r["n_to_ej"]),
        html.Td(html.Strong(share(r["n_failed"], r["n_uppfyllt_t2"])), className="text-end"),
    ]) for r in summary]
    return _table(["Nämnd", "Mål bedömda i T2 och VB", "Uppfyllt i T2", "Blev delvis i VB",
                   "Blev ej uppfyllt i VB", "Höll inte"], rows, "forecasts-assessments")


def years_table(summary: pl.DataFrame, totals: pl.DataFrame, names: dict,
                years: list[int], table_id: str, num: str = "n_failed",
                den: str = "n_green_t2") -> html.Div:
    """Board × year: 'failed of base (share)'; the all-boards row first."""
    head = ["Nämnd"] + [str(y) for y in years]

    def cells(rows: dict) -> list:
        return [html.Td(share(rows[y][num], rows[y][den]) if y in rows else "–",
                        className="text-end") for y in years]

    body = [html.Tr([html.Th("Alla nämnder", scope="row")]
                    + cells({r["year"]: r for r in totals.iter_rows(named=True)}))]
    for org_id, group in summary.group_by("org_id", maintain_order=True):
        body.append(html.Tr([html.Th(names.get(org_id[0], org_id[0]), scope="row",
                                     className="fw-normal")]
                            + cells({r["year"]: r for r in group.iter_rows(named=True)})))
    return _table(head, body, table_id)


def flow_table(flows: list[dict]) -> html.Div:
    """The Sankey as a cross table: T2 light (rows) × VB light (columns), counts."""
    cols = [k for k in LIGHT_LABEL if any(f["light_vb"] == k for f in flows)]
    rows_in = [k for k in T2_STATE_LABEL if any(f["t2_state"] == k for f in flows)]
    n = {(f["t2_state"], f["light_vb"]): f["n"] for f in flows}
    rows = [html.Tr([html.Th(T2_STATE_LABEL[r], scope="row", className="fw-normal")]
                    + [_num(n.get((r, c), 0)) for c in cols]) for r in rows_in]
    return _table(["I T2 → i VB"] + [LIGHT_LABEL[c] for c in cols], rows, "forecasts-flows")


def indicator_folds(counts: list[tuple[str, int, int]], names: dict) -> list:
    """Per board (org_id, T2 greens, failed) a fold, filled by a callback when opened."""
    return [html.Details([
        html.Summary(f"{names.get(org_id, org_id)}: {n} {'grön' if n == 1 else 'gröna'} i T2, "
                     f"{failed} blev gula eller röda", id={"type": "forecasts-ind", "org": org_id}),
        html.Div(html.P("Hämtar …", className="text-muted small"),
                 id={"type": "forecasts-ind-body", "org": org_id}),
    ], className="mb-2")
        for org_id, n, failed in counts]


def indicator_list(pairs: pl.DataFrame, meta: dict, query: str) -> html.Div:
    """One board's T2 greens with their VB light, the ones that failed first."""
    rows = []
    for r in pairs.sort(pl.col("green_failed").not_(), "indicator_id").iter_rows(named=True):
        name, unit = meta.get(r["indicator_id"], (r["indicator_id"], None))
        rows.append(html.Tr([
            html.Th(dcc.Link(name, href=f"/indikator/{r['indicator_id']}{query}"),
                    scope="row", className="fw-normal"),
            html.Td(light_badge(r["light_t2"], r["basis_t2"])),
            html.Td(fmt_value(r["value_t2"], unit), className="text-end"),
            html.Td(light_badge(r["light_vb"])),
            html.Td(fmt_value(r["value_vb"], unit), className="text-end"),
            html.Td(fmt_value(r["target_vb"], unit), className="text-end"),
            html.Td("Höll inte" if r["green_failed"] else "Höll"),
        ]))
    return _table(["Indikator", "Ljus i T2", "Värde i T2", "Ljus i VB", "Utfall i VB",
                   "Målvärde", "Resultat"], rows)


def assessment_details(pairs: pl.DataFrame, names: dict, voms: dict, query: str) -> list:
    """The goals a board rated uppfyllt at T2 and lower at VB, with the VB motivation."""
    failed = pairs.filter(pl.col("failed"))
    if failed.is_empty():
        return [html.P("Ingen nämnd sänkte en uppfylld T2-bedömning i VB detta år.")]
    rows = []
    for r in failed.iter_rows(named=True):
        v = voms.get(r["goal_id"], {"code": "", "title": r["goal_id"]})
        sep = "&" if query else "?"
        rows.append(html.Tr([
            html.Th(dcc.Link(names.get(r["org_id"], r["org_id"]),
                             href=f"/namnd/{r['org_id']}{query}{sep}mal={r['goal_id']}"
                                  f"#mal-{r['goal_id']}"), scope="row", className="fw-normal"),
            html.Td(f"{v['code'] or ''} {v['title']}".strip()),
            html.Td(assessment_badge(r["assessment_t2"], prefix="T2")),
            html.Td(assessment_badge(r["assessment_vb"], prefix="VB")),
            html.Td(folded(r["motivation_vb"]) or html.Span("Ingen motivering",
                                                             className="text-muted")),
        ]))
    return [html.Details([
        html.Summary(f"Visa {len(rows)} {'mål' if len(rows) != 1 else 'mål'} med nämnd och "
                     "motivering"),
        _table(["Nämnd", "Mål", "T2", "VB", "Motivering i VB"], rows,
               "forecasts-assessment-list")], open=len(rows) <= 5)]

