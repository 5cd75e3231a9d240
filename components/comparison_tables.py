"""The tables of /jamforelse: the board × VOM matrix, the ranked boards, the gap per basis,
kommunstyrelsen against the boards, and the indicators the boards reported."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from components.comparison_parts import assessment_words, basis_word, cell, gap_marker, signed
from components.explain import why_button
from components.lights import assessment_badge, light_badge
from ils.labels import KIND_GROUP_LABEL, fmt_percent, fmt_value

KIND_ORDER = ("stadsdelsnamnd", "facknamnd", "bolag")


def _table(head: list[str], rows: list, table_id: str | None = None, **kw) -> html.Div:
    thead = html.Thead(html.Tr([html.Th(h, scope="col") for h in head]))
    return html.Div(dbc.Table([thead, html.Tbody(rows)], size="sm", hover=True,
                              className="kr-table mb-0", **({"id": table_id} if table_id
                                                            else {}), **kw),
                    className="table-responsive")


def _kind_groups(boards: pl.DataFrame):
    kinds = [k for k in KIND_ORDER if k in boards["kind"].to_list()]
    kinds += sorted({k for k in boards["kind"].to_list() if k and k not in KIND_ORDER})
    for kind in kinds + ([None] if boards["kind"].null_count() else []):
        group = boards.filter(pl.col("kind").is_null() if kind is None else
                              pl.col("kind") == kind)
        yield KIND_GROUP_LABEL.get(kind, kind or "Övriga"), group


def board_has_gap(cells: list[dict | None]) -> bool:
    """Whether a board's row of the matrix has a disagreement (kept by 'Bara avvikelser')."""
    return any(c and c.get("gap") not in (None, 0) for c in cells)


def matrix(boards: pl.DataFrame, voms: pl.DataFrame, rows: dict, query: str,
           only_gaps: bool) -> html.Div:
    """Board × VOM: in each cell the self-assessment, the computed light and the gap."""
    head = html.Thead(html.Tr([html.Th("Nämnd", scope="col")] + [
        html.Th(html.Abbr(v["code"] or v["id"], title=v["title"]), scope="col",
                className="text-center") for v in voms.iter_rows(named=True)]))
    body = []
    for label, group in _kind_groups(boards):
        trs = []
        for b in group.iter_rows(named=True):
            cells = [rows.get((v["id"], b["id"])) for v in voms.iter_rows(named=True)]
            if only_gaps and not board_has_gap(cells):
                continue
            trs.append(html.Tr(
                [html.Th(dcc.Link(b["name"], href=f"/namnd/{b['id']}{query}"), scope="row")]
                + [cell(c, b["id"], v["id"], query)
                   for c, v in zip(cells, voms.iter_rows(named=True))]))
        if trs:
            body.append(html.Tr(html.Th(label, colSpan=len(voms) + 1, scope="colgroup",
                                        className="table-light")))
            body.extend(trs)
    if not body:
        return html.P("Inga nämnder att visa med dessa val.", id="comparison-matrix-empty")
    return html.Div(dbc.Table([head, html.Tbody(body)], bordered=True, size="sm",
                              className="kr-matrix mb-0", id="comparison-matrix"),
                    className="table-responsive")


def board_table(ranked: list[dict], names: dict, query: str) -> html.Div:
    """Boards (rows of `ils.comparison.rank_boards` + `main_basis`, with `mix`: the
    (basis, n) pairs) with their counts, optimism index and assessment basis."""
    rows = []
    for r in ranked:
        mix = r.get("mix") or []
        basis = [basis_word(r.get("main_basis"))] if r.get("main_basis") else ["–"]
        if r.get("n_total"):
            basis.append(html.Span(f" ({r['n_main']} av {r['n_total']})",
                                   className="text-muted small"))
        if len(mix) > 1:
            basis.append(html.Div("; ".join(f"{basis_word(b)} {n}" for b, n in mix),
                                  className="small text-muted"))
        rows.append(html.Tr([
            html.Td(r["rank"] if r["rank"] is not None else "–", className="text-end"),
            html.Th(dcc.Link(names.get(r["org_id"], r["org_id"]),
                             href=f"/namnd/{r['org_id']}{query}"), scope="row",
                    className="fw-normal"),
            *[html.Td(r[c], className="text-end") for c in
              ("n_assessed", "n_agree", "n_positive", "n_negative", "n_not_comparable")],
            html.Td(html.Strong(signed(r["optimism"])), className="text-end"),
            html.Td(basis),
        ]))
    return _table(["Plats", "Nämnd", "Bedömda mål", "Stämmer", "Mer positiv", "Mer negativ",
                   "Kan inte jämföras", "Optimismindex", "Underlag för bedömningen"], rows,
                  "comparison-boards")


def basis_table(by_basis: pl.DataFrame) -> html.Div:
    rows = [html.Tr([html.Th(basis_word(r["basis"]), scope="row", className="fw-normal"),
                     html.Td(r["n_boards"], className="text-end"),
                     html.Td(r["n_compared"], className="text-end"),
                     html.Td(f"{r['n_positive']} ({fmt_percent(r['n_positive'] / r['n_compared'])})",
                             className="text-end"),
                     html.Td(signed(r["optimism"]), className="text-end")])
            for r in by_basis.iter_rows(named=True)]
    return _table(["Underlag", "Nämnder", "Jämförbara mål", "Mer positiva än indikatorerna",
                   "Optimismindex"], rows, "comparison-basis")


def distribution_text(r: dict) -> str:
    """'3 av 3 nämnder: uppfyllt' / '2 av 3 nämnder: uppfyllt; 1: delvis uppfyllt'."""
    if not r["n_boards"]:
        return "Ingen nämnd har bedömt målet."
    parts = [(r[f"n_{a}"], assessment_words(a).lower()) for a in ("uppfyllt", "delvis", "ej")]
    parts = [(n, w) for n, w in parts if n]
    first = f"{parts[0][0]} av {r['n_boards']} nämnder: {parts[0][1]}"
    return "; ".join([first] + [f"{n}: {w}" for n, w in parts[1:]])


def ks_note(d: int | None) -> str:
    """KS's assessment against the boards' most common one, in words."""
    return ("Kommunstyrelsen är strängare än flertalet nämnder" if d is not None and d < 0
            else "Kommunstyrelsen är mer positiv än flertalet nämnder" if d else
            "Samma som flertalet nämnder" if d == 0 else "–")


def ks_table(ks: pl.DataFrame, voms: dict, stad_id: str | None, ctx) -> html.Div:
    rows = []
    for r in ks.iter_rows(named=True):
        v = voms[r["goal_id"]]
        note = ks_note(r["ks_vs_boards"])
        rows.append(html.Tr([
            html.Th([html.Span(v["code"] or "", className="kr-code me-2"),
                     dcc.Link(v["title"], href=f"/mal/{v['id']}{ctx.query()}")], scope="row",
                    className="fw-normal"),
            html.Td(distribution_text(r)),
            html.Td(assessment_badge(r["ks_assessment"], prefix="Kommunstyrelsen")),
            html.Td([light_badge(r["city_light"] or "saknas"),
                     why_button(v["id"], stad_id, ctx.year, ctx.period,
                                f"{v['code'] or ''} {v['title']}, staden")
                     if stad_id and r["city_light"] else None]),
            html.Td(note, className="small"),
        ]))
    return _table(["Mål", "Nämndernas självskattning", "Kommunstyrelsens bedömning",
                   "Stadens beräknade ljus", "Jämförelse"], rows, "comparison-ks")


def reported_summary_table(summary: pl.DataFrame, names: dict, query: str) -> html.Div:
    rows = [html.Tr([
        html.Th(dcc.Link(names.get(r["org_id"], r["org_id"]),
                         href=f"/namnd/{r['org_id']}{query}"), scope="row",
                className="fw-normal"),
        *[html.Td(r[c], className="text-end") for c in
          ("n_reported", "n_uppfyllt", "n_upp_gron", "n_upp_gul", "n_upp_rod", "n_upp_grey")],
        html.Td(html.Strong(r["n_without_outcome"]), className="text-end"),
    ]) for r in summary.iter_rows(named=True)]
    return _table(["Nämnd", "Rapporterade", "Rapporterade uppfyllda", "… ljus uppfyllt",
                   "… ljus delvis", "… ljus ej uppfyllt", "… utan ljus",
                   "Rapporterad uppfylld utan utfall"], rows, "comparison-reported")


def reported_folds(counts: list[tuple[str, int]], names: dict) -> list:
    """Per board a folded list (filled by a callback when opened) of the indicators it
    reported more positively than the light, or fulfilled without an outcome."""
    return [html.Details([
        html.Summary(f"{names.get(org_id, org_id)}: {n} "
                     f"{'indikator' if n == 1 else 'indikatorer'}",
                     id={"type": "comparison-rep", "org": org_id}),
        html.Div(html.P("Hämtar …", className="text-muted small"),
                 id={"type": "comparison-rep-body", "org": org_id}),
    ], className="mb-2")
        for org_id, n in counts]


def reported_list(rows: pl.DataFrame, ind_meta: dict, query: str) -> html.Div:
    """The body of one board's fold: indicator, reported status, light, gap, values."""
    trs = []
    for r in rows.iter_rows(named=True):
        name, unit = ind_meta.get(r["indicator_id"], (r["indicator_id"], None))
        trs.append(html.Tr([
            html.Th(dcc.Link(name, href=f"/indikator/{r['indicator_id']}{query}"),
                    scope="row", className="fw-normal"),
            html.Td(assessment_badge(r["reported"], prefix="Rapporterat")),
            html.Td(light_badge(r["light"], r["basis"])),
            html.Td(gap_marker(r["gap"])),
            html.Td(fmt_value(r["value"], unit), className="text-end"),
            html.Td(fmt_value(r["target"], unit), className="text-end"),
            html.Td("Ja" if r["fulfilled_without_outcome"] else "–"),
        ]))
    return _table(["Indikator", "Rapporterat", "Ljus enligt reglerna", "Skillnad", "Värde",
                   "Målvärde", "Uppfylld utan utfall"], trs)


def periods_table(summary: pl.DataFrame, names: dict, periods: list[str]) -> html.Div:
    """Per board and period of the year: reported fulfilled without an outcome, and reported
    fulfilled while the light is yellow or red."""
    head = ["Nämnd"] + [f"{p}: {w}" for p in periods
                        for w in ("utan utfall", "ljus delvis/ej")]
    rows = []
    for org_id, group in summary.group_by("org_id", maintain_order=True):
        by = {r["period"]: r for r in group.iter_rows(named=True)}
        cells = []
        for p in periods:
            r = by.get(p)
            cells += [html.Td(r["n_without_outcome"] if r else 0, className="text-end"),
                      html.Td(r["n_upp_gul"] + r["n_upp_rod"] if r else 0,
                              className="text-end")]
        rows.append(html.Tr([html.Th(names.get(org_id[0], org_id[0]), scope="row",
                                     className="fw-normal")] + cells))
    return _table(head, rows, "comparison-periods")

