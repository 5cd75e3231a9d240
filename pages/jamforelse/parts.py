"""Small parts of /jamforelse: signed numbers, the pair (self-assessment beside the computed
light, with the gap) in a matrix cell, the board × VOM matrix, and words for the tables."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from components.comparison_parts import MINUS, gap_marker, goal_href
from components.lights import assessment_badge, light_badge
from ils.comparison import ks_words
from ils.labels import ASSESSMENT_LABEL, KIND_GROUP_LABEL, fmt_number, light_label

BASIS_WORDS = {"indikatorer": "Indikatorer", "samlad bedömning": "Samlad bedömning",
               "ej angivet": "Ej angivet"}
KIND_ORDER = ("stadsdelsnamnd", "facknamnd", "bolag")


def signed(x: float | None, decimals: int = 2) -> str:
    """'+0,5', '−1,25', '0'; '–' when missing."""
    if x is None:
        return "–"
    if x == 0:
        return "0"
    return ("+" if x > 0 else MINUS) + fmt_number(abs(x), decimals)


def basis_word(basis: str | None) -> str:
    return BASIS_WORDS.get(basis or "ej angivet", (basis or "").capitalize())


def assessment_words(a: str | None) -> str:
    return ASSESSMENT_LABEL.get(a or "", "Ingen bedömning")


def no_assessment() -> html.Span:
    return html.Span([html.Span("–", **{"aria-hidden": "true"}),
                      html.Span("Ingen självskattning", className="visually-hidden")],
                     className="text-muted px-1", title="Ingen självskattning")


def pair(row: dict | None, compact: bool = True) -> list:
    """Self-assessment badge, computed light badge and the gap marker for one goal row."""
    if row is None:
        return [no_assessment()]
    assessed = row.get("self_assessment")
    return [
        assessment_badge(assessed, compact=compact) if assessed else no_assessment(),
        light_badge(row.get("light"), compact=compact,
                    label=f"Beräknat: {light_label(row.get('light'))}"),
        gap_marker(row.get("gap")),
    ]


def cell(row: dict | None, org_id: str, vom_id: str, query: str) -> html.Td:
    """A matrix cell: the pair, linked to the board's goal view (where the motivation is)."""
    if row is None:
        return html.Td(html.Span([html.Span("–", **{"aria-hidden": "true"}),
                                  html.Span("Inga indikatorer och ingen självskattning",
                                            className="visually-hidden")],
                                 className="text-muted"), className="text-center kr-cell")
    link = dcc.Link(pair(row), href=goal_href(org_id, vom_id, query),
                    className="kr-cell-link d-inline-flex gap-1 align-items-center")
    return html.Td(link, className="text-center kr-cell")


def kind_groups(boards: pl.DataFrame):
    """(label, boards of that kind) in the page's order of kinds."""
    kinds = [k for k in KIND_ORDER if k in boards["kind"].to_list()]
    kinds += sorted({k for k in boards["kind"].to_list() if k and k not in KIND_ORDER})
    for kind in kinds + ([None] if boards["kind"].null_count() else []):
        group = boards.filter(pl.col("kind").is_null() if kind is None else
                              pl.col("kind") == kind)
        yield KIND_GROUP_LABEL.get(kind, kind or "Övriga"), group


def board_has_gap(cells: list[dict | None]) -> bool:
    """Whether a board's row of the matrix has a disagreement (kept by 'Bara avvikelser')."""
    return any(c and c.get("gap") not in (None, 0) for c in cells)


def gap_rows(gaps: pl.DataFrame) -> dict:
    """(goal_id, org_id) → the gap row."""
    return {(r["goal_id"], r["org_id"]): r for r in gaps.iter_rows(named=True)}


def matrix_groups(d, only_gaps: bool):
    """(kind label, [(board, cells)]) in the matrix's order; with `only_gaps` only the boards
    with a disagreement (shared by the screen matrix and its long download)."""
    rows = gap_rows(d.gaps)
    voms = list(d.voms.iter_rows(named=True))
    for label, group in kind_groups(d.boards):
        kept = []
        for b in group.iter_rows(named=True):
            cells = [rows.get((v["id"], b["id"])) for v in voms]
            if not (only_gaps and not board_has_gap(cells)):
                kept.append((b, cells))
        if kept:
            yield label, kept


def matrix(d, query: str) -> html.Div:
    """Board × VOM: in each cell the self-assessment, the computed light and the gap."""
    voms = list(d.voms.iter_rows(named=True))
    head = html.Thead(html.Tr([html.Th("Nämnd", scope="col")] + [
        html.Th(html.Abbr(v["code"] or v["id"], title=v["title"]), scope="col",
                className="text-center") for v in voms]))
    body = []
    for label, kept in matrix_groups(d, bool(d.f["avvikelser"])):
        body.append(html.Tr(html.Th(label, colSpan=len(voms) + 1, scope="colgroup",
                                    className="table-light")))
        body += [html.Tr([html.Th(dcc.Link(b["name"], href=f"/namnd/{b['id']}{query}"),
                                  scope="row")]
                         + [cell(c, b["id"], v["id"], query) for c, v in zip(cells, voms, strict=False)])
                 for b, cells in kept]
    if not body:
        return html.P("Inga nämnder att visa med dessa val.", id="comparison-matrix-empty")
    return html.Div(dbc.Table([head, html.Tbody(body)], bordered=True, size="sm",
                              className="kr-matrix mb-0", id="comparison-matrix"),
                    className="table-responsive")


def distribution_text(r: dict) -> str:
    """'3 av 3 nämnder: uppfyllt' / '2 av 3 nämnder: uppfyllt; 1: delvis uppfyllt'."""
    if not r["n_boards"]:
        return "Ingen nämnd har bedömt målet."
    parts = [(r[f"n_{a}"], assessment_words(a).lower()) for a in ("uppfyllt", "delvis", "ej")]
    parts = [(n, w) for n, w in parts if n]
    first = f"{parts[0][0]} av {r['n_boards']} nämnder: {parts[0][1]}"
    return "; ".join([first] + [f"{n}: {w}" for n, w in parts[1:]])


def ks_note(r: dict) -> str:
    """KS's assessment against the boards' in words (`ils.comparison.ks_words`)."""
    return ks_words(r)
