"""The tables the three organisation views share, each column declared once
(`components/table.py`): the indicators (screen and sheet), the goals (the sheet of what the
VOM blocks show) and the departments/units with their light counts (screen and sheet)."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
from dash import dcc, html

from components.export import ExportTable
from components.lights import SHAPE, light_badge
from components.navigation import org_href
from components.table import Col, Table
from ils import provenance
from ils.labels import (
    ASSESSMENT_LABEL,
    BASIS_LABEL,
    LEVEL_LABEL,
    fmt_value,
    light_label,
    state_label,
)
from ils.progress import worst_first
from ils.signals import goals_in_force
from queries.read.org_views import OrgData

COUNT_COLUMNS = (("gron", "Uppfyllt"), ("gul", "Delvis"), ("rod", "Ej uppfyllt"),
                 ("saknas", "Utfall saknas"), ("ej_malsatt", "Ej målsatt"))
UNLIT = ("inga_indikatorer", "ej_malsatt")  # §3.8 states that are no light (no KF light)
TOTAL_SORT = "samlat"  # §3.8 worst first by the total light
UNIT_SORTS = ("namn", TOTAL_SORT) + tuple(k for k, _ in COUNT_COLUMNS)
TOTAL = "Samlat ljus"


# --- indicators ------------------------------------------------------------------------------

def _with_unit(key: str):
    return lambda r, env: fmt_value(r[key], r["unit"])


def _kolada(r: dict) -> bool:
    return r.get("value_source") == provenance.KOLADA and r["value"] is not None


def _value(r: dict, env: dict):
    """The value, credited where it was taken from Kolada (Kolada's terms: "Källa: Kolada").
    The grid asks without an env: plain text."""
    shown = fmt_value(r["value"], r["unit"])
    if not _kolada(r):
        return shown
    if not env:
        return f"{shown} ({provenance.SOURCE_CREDIT})"
    return [shown, html.Span(f" ({provenance.SOURCE_CREDIT})", className="small text-muted")]


LOWER = "mindre ambitiöst än KF"


def _target(r: dict, env: dict):
    """The target; an own target less ambitious than KF's flagged beside it (§3.8). The
    grid asks without an env: plain text."""
    shown = fmt_value(r["target"], r["unit"])
    if not r.get("lower_ambition"):
        return shown
    kf = f"KF:s målvärde {fmt_value(r['kf_target'], r['unit'])}"
    if not env:
        return f"{shown} ({LOWER}, {kf})"
    return [shown, html.Span(f" {LOWER[0].upper()}{LOWER[1:]}", title=kf,
                             className="badge text-bg-warning ms-1 kr-lower-ambition"),
            html.Span(f" ({kf})", className="small text-muted")]


def _reported(r: dict, env: dict):
    label = ASSESSMENT_LABEL.get(r["reported"], "–")
    if r["fulfilled_without_outcome"]:
        return [label, html.Span(" – utan utfall", className="text-danger")]
    return label


INDICATORS = Table("indicators", (
    Col("Mål (kod)", "vom_code", screen=False),
    Col("Verksamhetsområdesmål", "vom_title", screen=False),
    Col("Indikator", lambda r: r["name"] or r["indicator_id"],
        cell=lambda r, env: dcc.Link(r["name"] or r["indicator_id"],
                                     href=f"/indikator/{r['indicator_id']}{env['query']}")),
    Col("Organisation", lambda r: r["org_name"] or r["org_id"], screen=False),
    Col("Beslutad av", lambda r: "KF" if r["decided_by"] == "kf" else "Egen"),
    Col("Enhet", "unit", screen=False),
    Col("Värde", "value", "decimal", cell=_value),
    Col("Värdets källa", lambda r: (provenance.SOURCE_CREDIT if _kolada(r)
                                    else r.get("value_source")), screen=False),
    Col("Underlag", lambda r: BASIS_LABEL.get(r["basis"])),
    Col("Målvärde", "target", "decimal", cell=_target),
    Col("Gul gräns", "yellow_limit", "decimal", cell=_with_unit("yellow_limit")),
    Col("Ljus", lambda r: light_label(r["light"], r["basis"]),
        cell=lambda r, env: light_badge(r["light"], r["basis"])),
    Col("Rapporterat", lambda r: ASSESSMENT_LABEL.get(r["reported"] or ""), cell=_reported),
    Col("Rapporterat uppfyllt utan utfall",
        lambda r: "Ja" if r["fulfilled_without_outcome"] else None, screen=False),
), empty="Inga indikatorer räknas här.")

# a department's tables name the unit each indicator belongs to
SUBTREE_INDICATORS = replace(INDICATORS, columns=tuple(
    replace(c, screen=True) if c.heading == "Organisation" else c for c in INDICATORS.columns))


def indicator_sheet_rows(got: OrgData, whole_subtree: bool) -> pl.DataFrame:
    """The rows of 'Alla indikatorer': the view's indicators, by VOM code (stable)."""
    ind = got.indicators(None if whole_subtree else [got.org["id"]])
    return ind.sort("vom_code", nulls_last=True, maintain_order=True)


# --- goals -----------------------------------------------------------------------------------

def _g(key: str):
    return lambda r: (r["light"] or {}).get(key)


GOALS = Table("goals", (
    Col("Mål (kod)", "code"),
    Col("Verksamhetsområdesmål", "title"),
    Col("Beräknat ljus", lambda r: state_label((r["light"] or {}).get("state"))),
    Col("Poäng", _g("score"), "decimal"),
    Col("Bara KF:s indikatorer", lambda r: light_label(r["light"]["light_kf_only"])
        if r["light"] and r["light"].get("state") not in UNLIT else None),
    Col("Uppfyllda", _g("n_green"), "integer"),
    Col("Delvis", _g("n_yellow"), "integer"),
    Col("Ej uppfyllda", _g("n_red"), "integer"),
    Col("Utan utfall", _g("n_missing"), "integer"),
    Col("Självskattning", lambda r: ASSESSMENT_LABEL.get((r["assessment"] or {}).get(
        "assessment") or "")),
    Col("Grund för bedömningen", lambda r: (r["assessment"] or {}).get("basis")),
    Col("Motivering", lambda r: (r["assessment"] or {}).get("motivation")),
))


def assessed(got: OrgData) -> dict[str, dict]:
    """The org's self-assessments of the view's period, by VOM id."""
    ds = got.ds
    return {r["goal_id"]: r for r in ds.assessments.filter(
        (pl.col("org_id") == got.org["id"]) & (pl.col("year") == got.year)
        & (pl.col("period") == got.period)).iter_rows(named=True)}


def goal_sheet_rows(got: OrgData) -> list[dict]:
    """Each VOM in force with the org's computed light and its self-assessment — what the
    VOM blocks show (a board: every VOM; others: those with a light or an assessment)."""
    lights, own = got.goal_rows(got.org["id"]), assessed(got)
    voms = (goals_in_force(got.ds.goals, got.year)
            .filter(pl.col("level") == "verksamhetsomradesmal").sort("code", "id", nulls_last=True))
    return [{**v, "light": lights.get(v["id"]), "assessment": own.get(v["id"])}
            for v in voms.iter_rows(named=True)
            if got.org["level"] == "namnd" or v["id"] in lights or v["id"] in own]


# --- departments and units -------------------------------------------------------------------

UNITS = Table("units", (
    Col("Namn", "name", th=True),
    Col("Nivå", lambda r: LEVEL_LABEL.get(r["level"]), screen=False),
    Col("Avdelning", "department"),
    Col(TOTAL, lambda r: light_label(r["light_total"]) if r["n_total"] else None,
        cell=lambda r, env: light_badge(r["light_total"])),
    Col("Poäng, samlat", "score_total", "decimal", screen=False),
    *[Col(label, f"n_{k}", "integer") for k, label in COUNT_COLUMNS],
    Col("Varav på prognos", "n_prognos", "integer", screen=False),
    Col("Indikatorer totalt", "n_total", "integer", screen=False),
), empty="Inga avdelningar eller enheter finns registrerade.")


def sort_units(rows: pl.DataFrame, sort: str | None) -> pl.DataFrame:
    """Default order (department, then its units), worst total light first (§3.8: score
    ascending, more reds first, grey and no indicator last) or most of one light kind first."""
    if sort not in UNIT_SORTS or sort == "namn":
        return rows
    if sort == TOTAL_SORT:
        return worst_first(rows, score="score_total", n_red="n_red_total", name="name")
    return rows.sort(f"n_{sort}", "name", descending=[True, False])


def _sort_header(label: str | list, key: str, current: str, path: str, ctx,
                 extra: dict) -> html.Th:
    active = key == current
    parts = list(label) if isinstance(label, list) else [label]  # children never nest lists
    link = dcc.Link(parts + ([html.Span(" (sorterat)", className="visually-hidden")]
                             if active else []),
                    href=path + ctx.query(**{**extra, "sort": key}),
                    # assets/keep_scroll.js: the re-sorted table opens where the reader was
                    className="kr-sort kr-keep-scroll" + (" fw-bold" if active else ""))
    plain = key in ("namn", TOTAL_SORT)  # a name, a light (worst = lowest score first)
    return html.Th(link, scope="col", className=None if plain else "text-end",
                   **({"aria-sort": "ascending" if plain else "descending"} if active else {}))


def _unit_row(r: dict, cols: list[Col], query: str) -> html.Tr:
    name = dcc.Link(r["name"], href=org_href(r["level"], r["id"], query))
    cells = [html.Th([name, html.Span(f" ({LEVEL_LABEL[r['level']].lower()})",
                                      className="text-muted small")]
                     if r["level"] == "avdelning" else name, scope="row")]
    if any(c.heading == "Avdelning" for c in cols):
        cells.append(html.Td(r["department"] if r["level"] == "enhet" and r["department"]
                             else "–", **{"data-label": "Avdelning"}))
    counts = [c for c in cols if c.kind == "integer"]
    if r["n_total"] == 0:  # across the total light and the counts
        word = "Ingen indikator" if r["level"] == "enhet" else "Inga egna indikatorer"
        cells.append(html.Td(html.Span(word, className="kr-noind"), colSpan=len(counts) + 1,
                             className="text-center" + (" table-warning" if r["level"] ==
                                                        "enhet" else " text-muted")))
    else:
        cells.append(html.Td(light_badge(r["light_total"]), className="kr-total",
                             **{"data-label": TOTAL}))
        cells += [html.Td(c.text(r), className="text-end", **{"data-label": c.heading})
                  for c in counts]
    return html.Tr(cells)


def unit_table(rows: pl.DataFrame, ctx, path: str, sort: str | None, *,
               extra: dict | None = None, show_department: bool = True) -> html.Div:
    """`UNITS` on screen: sortable by name or by a light count (links, so the sort is in
    the URL and the download keeps it); a unit without any indicator says so (the
    auditors' point), across the count columns. `rows` from `org_views.unit_rows`."""
    if rows.is_empty():
        return html.P(UNITS.empty, className="text-muted")
    extra = extra or {}
    current = sort if sort in UNIT_SORTS else "namn"
    cols = [c for c in UNITS.screen_columns() if show_department or c.heading != "Avdelning"]
    shapes = {label: k for k, label in COUNT_COLUMNS}
    head = []
    for c in cols:
        if c.heading == "Namn":
            head.append(_sort_header("Namn", "namn", current, path, ctx, extra))
        elif c.heading == TOTAL:
            head.append(_sort_header([TOTAL, html.Span(" (sämst först)",
                                                       className="small fw-normal")],
                                     TOTAL_SORT, current, path, ctx, extra))
        elif c.heading in shapes:
            k = shapes[c.heading]
            head.append(_sort_header([html.Span(SHAPE[k], className=f"kr-light-{k} "
                                                "kr-head-shape me-1", **{"aria-hidden": "true"}),
                                      c.heading], k, current, path, ctx, extra))
        else:
            head.append(html.Th(c.heading, scope="col"))
    body = [_unit_row(r, cols, ctx.query()) for r in sort_units(rows, sort).iter_rows(named=True)]
    units = rows.filter(pl.col("level") == "enhet")
    lacking = int((units["n_total"] == 0).sum())
    note = html.P(f"{lacking} av {len(units)} enheter har ingen indikator." if len(units)
                  else "Inga enheter.",
                  className="small mb-1" + (" fw-semibold" if lacking else ""))
    table = html.Table([
        html.Caption("Antal indikatorljus per avdelning och enhet (egna indikatorer)",
                     className="visually-hidden"),
        html.Thead(html.Tr(head)), html.Tbody(body)],
        className="table table-sm table-hover kr-table kr-units kr-stack mb-0")
    return html.Div([note, html.Div(table, className="table-responsive", tabIndex="0",
                                    role="region",
                                    **{"aria-label": "Antal indikatorljus per avdelning och "
                                                     "enhet"})])


# --- the downloads ---------------------------------------------------------------------------

def _named(got: OrgData, what: str) -> tuple[str, dict[str, str]]:
    return (f"{what} {got.org['name']} {got.period} {got.year}",
            {LEVEL_LABEL[got.org["level"]]: got.org["name"]})


def goals_export(got: OrgData) -> ExportTable:
    return GOALS.export(goal_sheet_rows(got), *_named(got, "Mål"))


def indicators_export(got: OrgData, whole_subtree: bool) -> ExportTable:
    rows = indicator_sheet_rows(got, whole_subtree)
    # the credit follows the rows' sources
    kolada = "value_source" in rows.columns and provenance.KOLADA in rows["value_source"].to_list()
    return INDICATORS.export(rows, *_named(got, "Indikatorer"), kolada=kolada)


def units_export(got: OrgData, units: pl.DataFrame, sort: str | None) -> ExportTable:
    return UNITS.export(sort_units(units, sort), *_named(got, "Enheter"))
