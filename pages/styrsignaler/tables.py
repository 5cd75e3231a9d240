"""The tables of /styrsignaler, each declared once (`components.table`): the screen table (or
grid) and its Excel/CSV sheet come from the same rows. Rows are plain dicts made here from the
frames of `data.py`."""

from __future__ import annotations

import functools

import polars as pl
from dash import dcc, html

from components.table import Col, Table
from ils.labels import GROUP_LABEL, fmt_number, sv_key
from ils.signals import SIGNAL_TYPES

TYPE_LABEL = {"verksamhetsomradesmal": "Verksamhetsområdesmål", "indikator": "Indikatorer",
              "aktivitet": "Aktiviteter", "direktiv_och_uppdrag": "Direktiv och övriga uppdrag"}
GROUPS = ("stadsdelsnamnder", "facknamnder", "bolag")
KIND_LABEL = {"indikator": "Indikator", "aktivitet": "Aktivitet", "direktiv": "Direktiv",
              "uppdrag": "Uppdrag"}
BOARD_SORTS = {"namn": "Nämnd", "budget": "Från budgeten", "egna": "Egna", "totalt": "Sammanlagt"}


@functools.lru_cache(maxsize=4096)
def count(x) -> str:
    """A count in Swedish format ('1 234'); cached, as babel takes ~0.2 ms per call."""
    return fmt_number(int(x or 0))


def _bold_if(flag: str, key: str):
    """A count cell, in bold on a row whose `flag` is set (the totals)."""
    return lambda r, env: html.Strong(count(r.get(key))) if r.get(flag) else count(r.get(key))


def _bold(key: str):
    return lambda r, env: html.Strong(count(r.get(key)))


# --- the auditors' table: rows = signal types and the total, columns = recipient groups ---
GROUP_TABLE = Table("groups", (
    Col("Styrsignal", "label", th=True),
    *(Col(GROUP_LABEL[g], g, "integer", cell=_bold_if("is_total", g)) for g in GROUPS)),
    empty="Budgeten har inga styrsignaler detta år.")


def group_rows(counts: pl.DataFrame) -> list[dict]:
    by = {r["recipient"]: r for r in counts.iter_rows(named=True)}
    return [{"label": TYPE_LABEL.get(t, "Totalt"), "is_total": t == "total",
             **{g: int(by.get(g, {}).get(t) or 0) for g in GROUPS}}
            for t in (*SIGNAL_TYPES, "total")]


# --- the trend's table: one row per year (screen only; the chart's text alternative) ---
TREND_TABLE = Table("trend", (
    Col("År", lambda r: str(r["year"]), th=True),
    *(Col(TYPE_LABEL[t], t, "integer") for t in SIGNAL_TYPES),
    Col("Totalt", "total", "integer", cell=_bold("total"))),
    empty="Det finns inga år med styrsignaler att visa.")


# --- per board: what the budget gives it, what it added itself, the sums ---
def _board_link(r: dict, env: dict):
    return dcc.Link(r["name"], href=f"/namnd/{r['org_id']}{env.get('query', '')}")


BOARD_TABLE = Table("boards", (
    Col("Nämnd", "name", th=True, cell=_board_link),
    *(Col(TYPE_LABEL[t], t, "integer") for t in SIGNAL_TYPES),
    Col("Från budgeten, summa", "total", "integer", cell=_bold("total")),
    Col("Egna nämndmål", "own_namndmal", "integer"),
    Col("Egna indikatorer", "own_indikator", "integer"),
    Col("Egna aktiviteter", "own_aktivitet", "integer"),
    Col("Egna, summa", "own_total", "integer", cell=_bold("own_total")),
    Col("Sammanlagt", "grand", "integer", cell=_bold("grand"))),
    empty="Dataunderlaget har inga nämnder: det finns inga styrsignaler att räkna per nämnd.")
BOARD_GROUPS = (("", 1), ("Från budgeten", 5), ("Tillagt av nämnden själv", 4), ("", 1))
SORT_COLUMN = {"namn": "Nämnd", "budget": "Från budgeten, summa", "egna": "Egna, summa",
               "totalt": "Sammanlagt"}


def board_sort(sort) -> str:
    """The boards' order from the URL's `sort=` (a key of BOARD_SORTS; anything else: totalt)."""
    return sort if isinstance(sort, str) and sort in BOARD_SORTS else "totalt"


def board_rows(boards: pl.DataFrame, key: str) -> list[dict]:
    """Per board in the chosen order: by name (Swedish order) or by a sum, most first."""
    counts = [*SIGNAL_TYPES, "total", "own_namndmal", "own_indikator", "own_aktivitet",
              "own_total"]
    rows = boards.with_columns(pl.col(counts).fill_null(0)).with_columns(
        _name=pl.col("name").map_elements(sv_key, return_dtype=pl.String),
        grand=pl.col("total") + pl.col("own_total"))
    col = {"budget": "total", "egna": "own_total", "totalt": "grand"}.get(key)
    rows = rows.sort("_name") if col is None else rows.sort([col, "_name"],
                                                            descending=[True, False])
    return rows.drop("_name").to_dicts()


# --- per VOM: the signals that hang on it; those tied to no VOM last ---
def _goal_cell(r: dict, env: dict):
    if r["vom_id"] is None:
        return html.Em("Ej kopplade till mål")
    name = f"{r['code'] or ''} {r['title']}".strip()
    return dcc.Link(name, href=f"/mal/{r['vom_id']}{env.get('query', '')}")


GOAL_COLUMNS = (("indikator_kf", "Indikatorer, KF"), ("indikator_egen", "Indikatorer, egna"),
                ("aktivitet_kf", "Aktiviteter, KF"), ("aktivitet_egen", "Aktiviteter, egna"),
                ("direktiv_och_uppdrag", "Direktiv och uppdrag"))
GOAL_TABLE = Table("goals", (
    Col("Mål (kod)", lambda r: r["code"] if r["vom_id"] is not None else None, screen=False),
    Col("Verksamhetsområdesmål", lambda r: r["title"] if r["vom_id"] is not None
        else "Ej kopplade till mål", th=True, cell=_goal_cell),
    *(Col(h, c, "integer") for c, h in GOAL_COLUMNS),
    Col("Totalt", "total", "integer", cell=_bold("total"))),
    empty="Inga indikatorer, aktiviteter eller uppdrag finns detta år: inga styrsignaler att "
          "fördela på målen.")


# --- the signals one by one (a grid on screen; Excel and CSV of every matching row) ---
def recipient_label(value: str | None, names: dict[str, str]) -> str | None:
    if value is None:
        return None
    return GROUP_LABEL.get(value) or names.get(value, value)


LIST_TABLE = Table("list", (
    Col("Typ", "typ"), Col("År", "year", "integer"), Col("Mottagare", "mottagare"),
    Col("Beslutad av", "beslutad_av"), Col("Mål (kod)", "mal"), Col("Text", "text"),
    Col("Id", "id")), empty="Inga styrsignaler att visa. Ändra eller ta bort något filter.")


def list_rows(rows: pl.DataFrame, names: dict, codes: dict) -> list[dict]:
    """The list's rows as shown: words for kinds, recipients and issuers; `type` kept for the
    counts."""
    return [{
        "type": r["type"], "typ": KIND_LABEL.get(r["kind"] or "", r["kind"]), "year": r["year"],
        "mottagare": recipient_label(r["recipient"], names),
        "beslutad_av": "KF (budgeten)" if r["kf"] else names.get(r["issuer"], r["issuer"]),
        "mal": codes.get(r["vom_id"]) if r["vom_id"] else None,
        "text": r["text"], "id": r["id"],
    } for r in rows.iter_rows(named=True)]
