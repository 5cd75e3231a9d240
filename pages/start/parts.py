"""The overview's sections: the headline per period, the inriktningsmål with their VOMs, the
district map and the matrix (layout only; the rows come from data.py and tables.py)."""

from __future__ import annotations

import polars as pl
from dash import dcc, html

from components.district_map import board_areas, district_map
from components.lights import light_badge
from components.matrix_grid import board_column, goal_header, kind_column, light_words, matrix_grid
from components.navigation import org_href
from ils.labels import KIND_GROUP_LABEL, LIGHT_LABEL, fmt_number
from ils.periods import FORECAST_PERIODS
from pages.start.data import KIND_ORDER, board_summary, city_rows
from pages.start.tables import (
    VOMS,
    column_summary,
    goal_light,
    matrix_rows,
    voms_worst_first,
)

SORTS = (("kod", "Målordning"), ("varst", "Sämst först"))


def chosen_text(text: str, current: bool) -> list:
    """Link text; the current choice says so to screen readers too."""
    return [text, html.Span(" (vald)", className="visually-hidden")] if current else [text]


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def headline(d, not_published: str = "") -> html.Section:
    """'12 mål: 3 uppfyllda, 7 delvis, 2 ej uppfyllda – varav 4 vilar på prognos' and how many
    boards assess themselves more positively than the indicators on at least one goal."""
    rows = [r for r in city_rows(d) if r["has_light"]]
    n = {lt: sum(1 for r in rows if r.get("state", r["light"]) == lt)
         for lt in ("gron", "gul", "rod", "saknas", "ej_malsatt")}
    on_forecast = sum(1 for r in rows if r.get("rests_on_forecast"))
    text = (f"{_plural(len(d.voms), 'mål', 'mål')}: {_plural(n['gron'], 'uppfyllt', 'uppfyllda')}, "
            f"{n['gul']} delvis, {_plural(n['rod'], 'ej uppfyllt', 'ej uppfyllda')}"
            + (f", {n['saknas']} utan utfall" if n["saknas"] else "")
            + (f", {n['ej_malsatt']} ej målsatta" if n["ej_malsatt"] else "")
            + (f" – varav {on_forecast} vilar på prognos" if on_forecast else ""))
    no_light = len(d.voms) - len(rows)
    if no_light:
        text += f" ({_plural(no_light, 'mål', 'mål')} utan indikatorer för staden)"
    b = board_summary(d)
    boards = (f"{b['n_positive']} av {b['n_compared']} nämnder bedömer sig mer positivt än "
              "indikatorerna på minst ett mål.") if b["n_compared"] else \
        "Inga nämnder har bedömt sina mål för perioden."
    if b["n_compared"]:  # which boards: the answer is the comparison page's ranking
        boards = dcc.Link(boards, href=f"/jamforelse{d.ctx.query()}#optimism")
    if not_published:  # §3.10: the boards that have not published are named, not dropped
        boards = [boards, " " + not_published]
    notes = [html.P(boards, className="mb-1", id="overview-boards-headline")]
    if b["n_positive"]:
        notes.append(positive_boards(d, b))
    if d.ctx.period in FORECAST_PERIODS:
        notes.append(html.P(["Vid ", d.ctx.period, " kan ljus vila på prognoser: de ritas ihåliga "
                             "och streckade, med ljuset på enbart utfall bredvid."],
                            className="small text-muted mb-0"))
    return html.Section([
        html.H2(f"Staden {d.ctx.period} {d.ctx.year}", className="visually-hidden"),
        html.P(text, className="fs-5 fw-semibold mb-1", id="overview-headline"), *notes,
    ], className="kr-headline border rounded p-3 mb-3", **{"aria-label": "Sammanfattning"})


def positive_boards(d, b: dict) -> html.P:
    """Which boards the headline counts, most goals first (issue 21 item 7): the answer beside
    the question, not below the matrix."""
    names = dict(zip(d.boards["id"].to_list(), d.boards["name"].to_list(), strict=True))
    rows = sorted(((r["org_id"], r["n_positive"]) for r in b["rows"].values()
                   if r["n_compared"] and r["n_positive"]),
                  key=lambda x: (-x[1], names.get(x[0], x[0])))
    items: list = ["Mer positiva: "]
    for i, (org_id, n) in enumerate(rows):
        items += [", " if i else "",
                  dcc.Link(names.get(org_id, org_id), href=f"/namnd/{org_id}{d.ctx.query()}"),
                  f" ({_plural(n, 'mål', 'mål')})"]
    return html.P(items + ["."], className="small mb-1", id="overview-positive-boards")


def sort_links(d, current: str, extra: dict) -> html.Div:
    links = [dcc.Link(chosen_text(label, key == current),
                      href="/" + d.ctx.query(**{**extra, "sort": key}),
                      className="btn btn-sm " + ("btn-dark" if key == current
                                                 else "btn-outline-dark"))
             for key, label in SORTS]
    return html.Div([html.Span("Ordning:", className="me-2 fw-semibold", id="overview-sort"),
                     html.Div(links, className="btn-group", role="group",
                              **{"aria-labelledby": "overview-sort"})],
                    className="d-flex align-items-center gap-1 mb-2 d-print-none")


def goal_sections(d, sort: str) -> html.Div:
    """The inriktningsmål (light and link) with their VOMs; worst first: one list of all VOMs."""
    rows = city_rows(d)
    env = {"query": d.ctx.query(), "previous": f"{d.previous[1]} {d.previous[0]}",
           "why": (d.stad_id, d.ctx.year, d.ctx.period) if d.stad_id else None}
    if sort == "varst":
        return html.Div(VOMS.html(voms_worst_first(rows), env,
                                  caption="Stadens mål, sämst först"), id="overview-goals")
    ims = {r["goal_id"]: r for r in d.im_lights.filter(pl.col("org_id") == d.stad_id)
           .iter_rows(named=True)}
    parts = []
    for im in d.ims.iter_rows(named=True):
        mine = [r for r in rows if r["im_id"] == im["id"]]
        row = ims.get(im["id"])
        light = light_badge(row["light"]) if row else html.Span("Inga indikatorer",
                                                                className="small text-muted")
        parts.append(html.Section([
            html.H3([html.A(im["title"], href=f"#im-{im['id']}", className="link-dark"),
                     html.Span(" "), light], className="h6 mt-3 d-flex flex-wrap gap-2 "
                                                       "align-items-center"),
            VOMS.html(mine, env, caption=f"Verksamhetsområdesmål under {im['title']}"),
        ], id=f"im-{im['id']}"))
    orphans = [r for r in rows if r["im_id"] not in set(d.ims["id"].to_list())]
    if orphans:
        parts.append(VOMS.html(orphans, env, caption="Övriga verksamhetsområdesmål"))
    return html.Div(parts, id="overview-goals")


def map_section(d, chosen: str | None) -> html.Section | None:
    """The district boards' areas coloured by one VOM's light (links to each board's goal)."""
    districts = {r["id"]: r["name"] for r in d.boards.filter(pl.col("kind") == "stadsdelsnamnd")
                 .iter_rows(named=True)}
    if not districts or d.voms.is_empty():
        return None
    codes = d.voms["id"].to_list()
    vom_id = chosen if chosen in codes else codes[0]
    vom = d.voms.filter(pl.col("id") == vom_id).row(0, named=True)
    lights = {r["org_id"]: r for r in d.lights.filter(pl.col("goal_id") == vom_id)
              .iter_rows(named=True)}
    query = d.ctx.query(mal=vom_id)
    areas = board_areas(districts, lights,
                        lambda board: f"{org_href('namnd', board, query)}#mal-{vom_id}")
    if not areas:
        return None
    choose = [dcc.Link(chosen_text(v["code"] or v["id"], v["id"] == vom_id),
                       href="/" + d.ctx.query(mal=v["id"]) + "#karta",
                       title=v["title"], className="btn btn-sm " + (
                           "btn-dark" if v["id"] == vom_id else "btn-outline-dark"))
              for v in d.voms.iter_rows(named=True)]
    return html.Section([
        html.H2("Stadsdelsnämnderna på kartan", className="h5 mt-4"),
        html.Div([html.Span("Mål:", className="me-2 fw-semibold", id="overview-map-goal"),
                  html.Div(choose, className="btn-group flex-wrap", role="group",
                           **{"aria-labelledby": "overview-map-goal"})],
                 className="d-flex flex-wrap align-items-center gap-1 mb-2 d-print-none"),
        district_map(areas, "overview-map",
                     f"Ljus för mål {vom['code']} {vom['title']}, {d.ctx.period} {d.ctx.year}"),
    ], id="karta")


def _light_cell(row: dict | None) -> list | None:
    """A board's goal in the grid's row: [state, forecast, more positive, n_green, n_yellow,
    n_red, n_missing, n_forecast] (assets/matrix_grid.js draws it); None: no goal row."""
    if row is None:
        return None
    return [row.get("state", row["light"]), int(bool(row.get("rests_on_forecast"))),
            int((row.get("gap") or 0) > 0),
            *(int(row.get(k) or 0) for k in ("n_green", "n_yellow", "n_red", "n_missing",
                                             "n_forecast"))]


LIGHT_RANK = {"gron": 3, "gul": 2, "rod": 1, "saknas": 0, "ej_malsatt": 0}


def grid_rows(d, sort: str) -> list[dict]:
    """The matrix's rows: per board its id, name, kind and summary, and per goal (`v<i>x`)
    its light; `v<i>` is the light's rank (what sorting a goal's column uses)."""
    voms = d.voms["id"].to_list()
    rows = matrix_rows(d, sort)
    if sort != "varst":  # by kind (the page's order of kinds), then as loaded
        rows = [r for kind in KIND_ORDER for r in rows if r["kind"] == kind]
    out = []
    for r in rows:
        row = {"id": r["id"], "n": r["name"], "k": KIND_GROUP_LABEL.get(r["kind"], r["kind"]),
               "s": r["score"], "st": fmt_number(r["score"], 2) if r["score"] is not None
               else "–", "r": r["n_red"], "p": r["n_positive"]}
        for i, vom in enumerate(voms):
            cell = _light_cell(r["lights"].get(vom))
            row[f"v{i}"] = LIGHT_RANK.get(cell[0]) if cell else None
            if cell is not None:
                row[f"v{i}x"] = cell
        out.append(row)
    return out


def summary_row(d) -> dict:
    """The pinned last row: per goal the number of boards uppfyllt / delvis / ej."""
    row = {"n": "Antal nämnder: uppfyllt / delvis uppfyllt / ej uppfyllt"}
    for i, v in enumerate(d.voms.iter_rows(named=True)):
        s = column_summary(d, v["id"])
        row[f"v{i}s"] = [f"{s['gron']}/{s['gul']}/{s['rod']}",
                         f"{s['gron']} nämnder: uppfyllt, {s['gul']} nämnder: delvis "
                         f"uppfyllt, {s['rod']} nämnder: ej uppfyllt"]
    return row


def matrix_section(d, sort: str) -> html.Div:
    """Board × VOM as a data grid (components/matrix_grid.py): by kind and name, or worst
    first; the numbers per board beside the name, the counts per goal pinned below."""
    rows = grid_rows(d, sort)
    if not rows:
        return html.P("Dataunderlaget har inga nämnder, bara staden: det finns inga nämndljus "
                      "att visa per mål.", className="text-muted kr-empty")
    query = d.ctx.query()
    words = light_words()
    number = {"type": "rightAligned", "width": 92}
    defs = [board_column(query), kind_column(),
            {**number, "field": "s", "headerName": "Poäng",
             "headerTooltip": "Medelpoäng över målen",
             "valueFormatter": {"function": "params.data ? params.data.st : ''"}},
            {**number, "field": "r", "headerName": "Mål ej uppf.",
             "headerTooltip": "Antal mål med ljuset Ej uppfyllt"},
            {**number, "field": "p", "headerName": "Mål mer positiv (+)", "width": 120,
             "headerTooltip": "Antal mål som nämnden bedömer mer positivt än indikatorerna"},
            ] + [{**goal_header(v), "field": f"v{i}", "cellRenderer": "KrGoalLight",
                  "width": 76, "cellRendererParams": {"query": query, "vom": v["id"],
                                                      "code": v["code"] or v["id"]}}
                 for i, v in enumerate(d.voms.iter_rows(named=True))]
    return matrix_grid("overview-matrix-grid", "Verksamhetsområdesmål per nämnd", defs, rows,
                       words=words, bottom=[summary_row(d)], wrap_id="overview-matrix")


def legend_line() -> html.P:
    return html.P([
        "Rutan är nämndens beräknade ljus; ihålig och streckad när ljuset vilar på prognoser; "
        "”+” när nämnden själv bedömer målet mer positivt än indikatorerna. Sista raden: "
        "antal nämnder med ", LIGHT_LABEL["gron"].lower(), "/", LIGHT_LABEL["gul"].lower(), "/",
        LIGHT_LABEL["rod"].lower(), ". Välj en ruta för nämndens sida för målet; med "
        "tangentbordet flyttar piltangenterna mellan rutorna och Enter öppnar rutan. En "
        "kolumnrubrik sorterar."],
        className="text-muted small")


__all__ = ["goal_light", "headline", "goal_sections", "map_section", "matrix_section"]
