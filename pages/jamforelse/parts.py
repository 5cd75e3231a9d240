"""Small parts of /jamforelse: signed numbers, the board × VOM matrix (a data grid whose
cells show the self-assessment beside the computed light, with the gap), and words for the
tables."""

from __future__ import annotations

import polars as pl
from dash import html

from components.comparison_parts import MINUS
from components.matrix_grid import (
    board_column,
    goal_header,
    kind_column,
    matrix_grid,
    pair_words,
)
from ils.comparison import ks_words
from ils.labels import ASSESSMENT_LABEL, KIND_GROUP_LABEL, fmt_number

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


def grid_rows(d) -> list[dict]:
    """The grid's rows: per board its id, name and kind, and per goal (field `v<i>`) the gap
    and (`v<i>p`) the self-assessment and the computed light; no `v<i>p` when the board has
    neither indicators nor a self-assessment for the goal."""
    out = []
    for label, kept in matrix_groups(d, bool(d.f["avvikelser"])):
        for b, cells in kept:
            row: dict = {"id": b["id"], "n": b["name"], "k": label}
            for i, c in enumerate(cells):
                row[f"v{i}"] = None if c is None else c.get("gap")
                if c is not None:
                    row[f"v{i}p"] = [c.get("self_assessment"), c.get("light")]
            out.append(row)
    return out


def matrix(d, query: str) -> html.Div:
    """Board × VOM: in each cell the self-assessment, the computed light and the gap, as a
    data grid (components/matrix_grid.py); sorting a goal's column sorts by the gap."""
    rows = grid_rows(d)
    if not rows:
        return html.P("Inga nämnder att visa med dessa val.", id="comparison-matrix-empty")
    words = pair_words()
    defs = [board_column(query), kind_column()] + [
        {**goal_header(v), "field": f"v{i}", "cellRenderer": "KrPair", "width": 118,
         "cellRendererParams": {"query": query, "vom": v["id"]}}
        for i, v in enumerate(d.voms.iter_rows(named=True))]
    return matrix_grid("comparison-matrix-grid", "Självskattning och beräknat ljus per nämnd "
                       "och mål", defs, rows, words=words, wrap_id="comparison-matrix")


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
