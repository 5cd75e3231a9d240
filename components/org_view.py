"""Shared pieces of the organisation pages (nämnd, avdelning, enhet): the indicator table,
the per-unit light-count table, goal lists and the VOM block. Pages stay thin."""

from __future__ import annotations

from collections import Counter

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from components.explain import why_button
from components.lights import SHAPE, assessment_badge, light_badge
from ils.labels import ASSESSMENT_LABEL, BASIS_LABEL, LEVEL_LABEL, fmt_value

PATH = {"stad": "/", "namnd": "/namnd/", "avdelning": "/avdelning/", "enhet": "/enhet/"}
COUNT_COLUMNS = (("gron", "Uppfyllt"), ("gul", "Delvis"), ("rod", "Ej uppfyllt"),
                 ("saknas", "Utfall saknas"), ("ej_malsatt", "Ej målsatt"))
UNIT_SORTS = ("namn",) + tuple(k for k, _ in COUNT_COLUMNS)
MOTIVATION_FOLD = 280  # longer motivations are folded in a <details>


def org_path(org: dict) -> str:
    return "/" if org["level"] == "stad" else PATH[org["level"]] + org["id"]


def trail(chain: list[dict]) -> list[tuple[str, str | None]]:
    """Breadcrumb trail Stad › Nämnd › Avdelning › Enhet from the parent chain."""
    return [("Stad" if o["level"] == "stad" else o["name"], org_path(o)) for o in chain]


# --- indicators ------------------------------------------------------------------------------

def indicator_table(ind: pl.DataFrame, query: str, *, org_names: dict | None = None,
                    caption: str | None = None) -> html.Div:
    """Indicator lights (rows of `OrgData.indicators`, in their order): value, basis, target,
    yellow limit, light and the reported status (flagged when reported fulfilled without an
    outcome). `org_names` adds an Organisation column."""
    if ind.is_empty():
        return html.P("Inga indikatorer räknas här.", className="text-muted small mb-0")
    head = ["Indikator"] + (["Organisation"] if org_names else []) + [
        "Beslutad av", "Värde", "Underlag", "Målvärde", "Gul gräns", "Ljus", "Rapporterat"]
    rows = []
    for r in ind.iter_rows(named=True):
        unit = r["unit"]
        reported = ASSESSMENT_LABEL.get(r["reported"], "–")
        if r["fulfilled_without_outcome"]:
            reported = [reported, html.Span(" – utan utfall", className="text-danger")]
        cells = [html.Td(dcc.Link(r["name"] or r["indicator_id"],
                                  href=f"/indikator/{r['indicator_id']}{query}"))]
        if org_names:
            cells.append(html.Td(org_names.get(r["org_id"], r["org_id"])))
        cells += [
            html.Td("KF" if r["decided_by"] == "kf" else "Egen"),
            html.Td(fmt_value(r["value"], unit), className="text-end text-nowrap"),
            html.Td(BASIS_LABEL.get(r["basis"], "–")),
            html.Td(fmt_value(r["target"], unit), className="text-end text-nowrap"),
            html.Td(fmt_value(r["yellow_limit"], unit), className="text-end text-nowrap"),
            html.Td(light_badge(r["light"], r["basis"])),
            html.Td(reported),
        ]
        rows.append(html.Tr(cells))
    return html.Div(dbc.Table([
        html.Caption(caption, className="visually-hidden") if caption else None,
        html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
        html.Tbody(rows)], size="sm", hover=True, className="kr-table mb-0"),
        className="table-responsive")


def count_summary(ind: pl.DataFrame) -> str:
    """'3 indikatorer: 1 uppfyllt, 1 delvis, 1 ej uppfyllt, 0 utan utfall'."""
    seen = Counter(ind["light"].to_list())
    n = {k: seen.get(k, 0) for k, _ in COUNT_COLUMNS}
    text = (f"{len(ind)} indikator{'er' if len(ind) != 1 else ''}: {n['gron']} uppfyllda, "
            f"{n['gul']} delvis, {n['rod']} ej uppfyllda, {n['saknas']} utan utfall")
    return text + (f", {n['ej_malsatt']} ej målsatta" if n["ej_malsatt"] else "")


# --- units with light counts -----------------------------------------------------------------

def _sort_header(label: str | list, key: str, current: str, path: str, ctx,
                 extra: dict) -> html.Th:
    active = key == current
    parts = list(label) if isinstance(label, list) else [label]  # children never nest lists
    link = dcc.Link(parts + ([html.Span(" (sorterat)", className="visually-hidden")]
                             if active else []),
                    href=path + ctx.query(**{**extra, "sort": key}),
                    className="kr-sort" + (" fw-bold" if active else ""))
    return html.Th(link, scope="col", className="text-end" if key != "namn" else None,
                   **({"aria-sort": "descending" if key != "namn" else "ascending"}
                      if active else {}))


def sort_units(rows: pl.DataFrame, sort: str | None) -> pl.DataFrame:
    """Default order (department, then its units) or most of one light kind first."""
    if sort not in UNIT_SORTS or sort == "namn":
        return rows
    return rows.sort(f"n_{sort}", "name", descending=[True, False])


def unit_table(rows: pl.DataFrame, ctx, path: str, sort: str | None, *,
               extra: dict | None = None, show_department: bool = True) -> html.Div:
    """Departments and units with how many of their own indicator lights are of each kind;
    a unit without any indicator says so (the auditors' point). `rows` from
    `org_views.unit_rows`."""
    if rows.is_empty():
        return html.P("Inga avdelningar eller enheter finns registrerade.", className="text-muted")
    extra = extra or {}
    current = sort if sort in UNIT_SORTS else "namn"
    query = ctx.query()
    head = [_sort_header("Namn", "namn", current, path, ctx, extra)]
    head += [html.Th("Avdelning", scope="col")] if show_department else []
    head += [_sort_header([html.Span(SHAPE[k], className=f"kr-light-{k} kr-head-shape me-1",
                                     **{"aria-hidden": "true"}), label],
                          k, current, path, ctx, extra) for k, label in COUNT_COLUMNS]
    body = []
    for r in sort_units(rows, sort).iter_rows(named=True):
        name = dcc.Link(r["name"], href=org_path(r) + query)
        first = html.Th([name, html.Span(f" ({LEVEL_LABEL[r['level']].lower()})",
                                         className="text-muted small")]
                        if r["level"] == "avdelning" else name, scope="row")
        cells = [first]
        if show_department:
            cells.append(html.Td(r["department"] if r["level"] == "enhet" and r["department"]
                                 else "–"))
        if r["n_total"] == 0:
            word = "Ingen indikator" if r["level"] == "enhet" else "Inga egna indikatorer"
            cells.append(html.Td(html.Span(word, className="kr-noind"), colSpan=len(COUNT_COLUMNS),
                                 className="text-center" + (" table-warning" if r["level"] ==
                                                            "enhet" else " text-muted")))
        else:
            cells += [html.Td(str(r[f"n_{k}"]), className="text-end") for k, _ in COUNT_COLUMNS]
        body.append(html.Tr(cells))
    units = rows.filter(pl.col("level") == "enhet")
    lacking = int((units["n_total"] == 0).sum())
    note = html.P(f"{lacking} av {len(units)} enheter har ingen indikator." if len(units)
                  else "Inga enheter.",
                  className="small mb-1" + (" fw-semibold" if lacking else ""))
    return html.Div([note, html.Div(dbc.Table([
        html.Caption("Antal indikatorljus per avdelning och enhet (egna indikatorer)",
                     className="visually-hidden"),
        html.Thead(html.Tr(head)), html.Tbody(body)], size="sm", hover=True,
        className="kr-table kr-units mb-0"), className="table-responsive")])


# --- goals -----------------------------------------------------------------------------------

def goal_list(goals: pl.DataFrame, org_names: dict, *,
              show_owner: bool = False) -> html.Ul | None:
    """Nämndmål with the enhetsmål/åtaganden under them (titles as plain text)."""
    if goals.is_empty():
        return None
    ids = set(goals["id"].to_list())
    items = []
    for g in goals.filter(~pl.col("parent_id").is_in(list(ids))).sort("level", "title") \
            .iter_rows(named=True):
        kids = goals.filter(pl.col("parent_id") == g["id"]).sort("title")
        sub = html.Ul([_goal_item(k, org_names, show_owner) for k in kids.iter_rows(named=True)],
                      className="mb-1") if len(kids) else None
        items.append(html.Li([*_goal_item(g, org_names, show_owner).children, sub]))
    return html.Ul(items, className="kr-goals mb-2")


def _goal_item(g: dict, org_names: dict, show_owner: bool) -> html.Li:
    owner = f" ({org_names.get(g['org_id'], g['org_id'])})" if show_owner else ""
    return html.Li([html.Span(LEVEL_LABEL[g["level"]] + owner + ": ",
                              className="text-muted small"), g["title"]])


def motivation_text(text: str | None) -> html.Div | None:
    """The self-assessment's motivation as plain text; long ones folded."""
    if not text:
        return None
    if len(text) <= MOTIVATION_FOLD:
        return html.P(["Motivering: ", text], className="small mb-1 kr-motivation")
    return html.Details([html.Summary(f"Motivering: {text[:160].rstrip()} … (visa hela)",
                                      className="small"),
                         html.P(text, className="small mb-1 kr-motivation")])


def vom_block(vom: dict, org: dict, ctx, *, light: dict | None, assessment: dict | None,
              goals: html.Ul | None, indicators: html.Details,
              selected: bool = False) -> html.Section:
    """One VOM on an org page: computed light (+ why), KF-only light, self-assessment with
    basis and motivation, the goals below it, and its (folded) indicators."""
    label = f"{vom['code'] or ''} {vom['title']}, {org['name']}".strip()
    if light is not None:
        lights = [html.Span("Beräknat: ", className="small text-muted"),
                  light_badge(light["light"]),
                  why_button(vom["id"], org["id"], ctx.year, ctx.period, label),
                  html.Span("Bara KF:s indikatorer: ", className="small text-muted ms-3"),
                  light_badge(light["light_kf_only"])]
    else:
        lights = [html.Span("Beräknat: ", className="small text-muted"),
                  light_badge("ej_malsatt", label="Inga egna indikatorer"
                              if org["level"] == "avdelning" else "Inga indikatorer")]
    own = [html.Span("Självskattning: ", className="small text-muted ms-3"),
           assessment_badge(assessment["assessment"] if assessment else None)]
    if assessment and assessment.get("basis"):
        own.append(html.Span(f" Grund: {assessment['basis']}", className="small text-muted"))
    return html.Section([
        html.H3([html.Span(vom["code"] or "", className="kr-code me-2"),
                 dcc.Link(vom["title"], href=f"/mal/{vom['id']}{ctx.query()}")],
                className="h6 mb-2"),
        html.Div(lights + own, className="d-flex flex-wrap align-items-center gap-1 mb-2"),
        motivation_text(assessment.get("motivation") if assessment else None),
        goals,
        indicators,
    ], id=f"mal-{vom['id']}", className="kr-vom border rounded p-2 mb-2"
       + (" kr-selected border-primary border-2" if selected else ""),
        **{"aria-label": label})


def goal_sections(ims: pl.DataFrame, voms: pl.DataFrame, blocks: dict, selected: str | None):
    """The VOM blocks under their inriktningsmål (h2); the selected VOM first, under 'Valt mål'."""
    out = []
    if selected in blocks:
        out.append(html.Section([html.H2("Valt mål", className="h5 mt-2"), blocks[selected]],
                                className="kr-selected-goal"))
    for im in ims.iter_rows(named=True):
        mine = [blocks[v] for v in voms.filter(pl.col("parent_id") == im["id"])["id"].to_list()
                if v in blocks and v != selected]
        if mine:
            out.append(html.Section([html.H2(im["title"], className="h5 mt-3"), *mine],
                                    **{"aria-label": im["title"]}))
    return out
