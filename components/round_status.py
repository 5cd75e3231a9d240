"""The reporting round on a page (DOMAIN.md §3.10): each board's status, deadline and lateness.

UI only: the rows come from `queries.read.schedules.round_status` through the page's data module.
A late board is marked in red *and* in words ("Sen, 9 dagar"), never by colour alone.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from dash import dcc, html

from components.table import Col, Table
from ils.reporting_round import PUBLISHED, STATUS_WORDS, days, not_published_phrase


def _status_cell(r: dict, env: dict):
    status = r.get("status")
    cls = {"publicerad": "text-bg-success", "utkast": "text-bg-warning"}.get(
        status, "text-bg-light border")
    return html.Span(STATUS_WORDS.get(status, status or ""), className=f"badge {cls}")


def _late_text(r: dict) -> str:
    if r.get("late") == "ja":
        return f"Sen, {days(r['days_late'])}"
    if r.get("late") == "nej":
        return "Nej"
    return "Ingen sista dag"


def _late_cell(r: dict, env: dict):
    if r.get("late") == "ja":
        return html.Strong(_late_text(r), className="text-danger kr-late")
    return _late_text(r)


def _board_cell(r: dict, env: dict):
    q = env.get("query", "")
    return dcc.Link(r["name"], href=f"/namnd/{r['org_id']}{q}")


def _deadline(r: dict) -> str | None:
    d = r.get("deadline")
    return d.isoformat() if isinstance(d, dt.date) else d


ROUND = Table("rapportering", (
    Col("Nämnd", "name", th=True, cell=_board_cell),
    Col("Status", lambda r: STATUS_WORDS.get(r["status"], r["status"]), cell=_status_cell),
    Col("Publicerade mål", lambda r: f"{r['n_published']} av {r['n_goals']}"),
    Col("Utkast", "n_draft", kind="integer"),
    Col("Sista dag", _deadline),
    Col("Sen", _late_text, cell=_late_cell),
), empty="Inga nämnder deltar i perioden (inga mål att bedöma).")


def focusable(table_div, label: str):
    """A table that may scroll sideways (a phone) can be scrolled with the keyboard too."""
    if isinstance(table_div, html.Div):
        table_div.tabIndex = "0"
        table_div.role = "region"
        setattr(table_div, "aria-label", label)
    return table_div


def rows(status: pl.DataFrame, names: dict[str, str]) -> list[dict]:
    """The status rows with board names, late boards first, then by name."""
    out = [{**r, "name": names.get(r["org_id"], r["org_id"])}
           for r in status.iter_rows(named=True)]
    return sorted(out, key=lambda r: (r["late"] != "ja", r["status"] == PUBLISHED, r["name"]))


def summary_line(status: pl.DataFrame) -> str:
    """'20 av 27 nämnder har publicerat, 5 har utkast, 2 har inte påbörjat; 3 är sena.'"""
    n = status.height
    pub = status.filter(pl.col("status") == PUBLISHED).height
    draft = status.filter(pl.col("status") == "utkast").height
    none = n - pub - draft
    late = status.filter(pl.col("late") == "ja").height
    text = f"{pub} av {n} nämnder har publicerat sin rapportering"
    if draft:
        text += f", {draft} har utkast"
    if none:
        text += f", {none} har inte påbörjat"
    return text + (f"; {late} {'är sen' if late == 1 else 'är sena'}." if late else ".")


def section(status: pl.DataFrame, names: dict[str, str], title: str, *, query: str = "",
            id_prefix: str = "round", open_: bool = False) -> html.Section:
    """A section: the summary, the boards that have not published by name, and the table
    (folded away unless `open_`)."""
    if status.is_empty():
        return html.Section([html.H2(title, className="h5 mt-3"),
                             html.P(ROUND.empty, className="text-muted small")],
                            id=f"{id_prefix}-round")
    phrase = not_published_phrase(status, names)
    return html.Section([
        html.H2(title, className="h5 mt-3"),
        html.P(summary_line(status), className="mb-1", id=f"{id_prefix}-round-summary"),
        html.P(phrase, className="small mb-2", id=f"{id_prefix}-round-missing") if phrase
        else None,
        html.Details([html.Summary("Status per nämnd"),
                      focusable(ROUND.html(rows(status, names), {"query": query},
                                           caption=f"{title}: status per nämnd",
                                           table_id=f"{id_prefix}-round-table"),
                                f"{title}: status per nämnd")], open=open_),
    ], id=f"{id_prefix}-round", className="kr-round")


def board_line(row: dict | None) -> html.P | None:
    """One board's round on its own page: 'Rapporteringen T2 2022: Utkast, 5 av 12 mål
    publicerade · sista dag 2022-09-14 · Sen, 9 dagar'."""
    if row is None:
        return None
    line = (f"{STATUS_WORDS.get(row['status'], '')}, {row['n_published']} av "
            f"{row['n_goals']} mål publicerade")
    if row.get("deadline"):
        line += f" · sista dag {_deadline(row)}"
    parts: list = [html.Strong("Rapportering:"), f" {line}"]
    if row.get("late") == "ja":
        parts += [" · ", html.Strong(_late_text(row), className="text-danger kr-late")]
    return html.P(parts, className="mb-2", id="board-round")


def not_published_sentence(status: pl.DataFrame, names: dict[str, str]) -> str:
    """What a count of boards adds (§3.10): '3 nämnder har inte publicerat: Farsta (utkast),
    …'; empty when every board taking part has published."""
    phrase = not_published_phrase(status, names)
    return f"{phrase}." if phrase else ""
