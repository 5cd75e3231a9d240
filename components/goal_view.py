"""Pieces of the Mål page (pages/goal.py): the city's light, the boards' table (sortable via
`?sort=`), the KF indicators of a VOM and the trend over periods. Pure layout from frames."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from components import charts
from components.credit import kolada_credit
from components.explain import why_button
from components.lights import assessment_badge, light_badge
from ils.labels import BASIS_LABEL, LIGHT_LABEL, fmt_number, fmt_value, gap_label, sv_key
from ils.model import PERIODS

SORTS = {"namn": "Nämnd", "ljus": "Beräknat ljus", "bedomning": "Självskattning",
         "gap": "Självskattning mot indikatorerna"}
LIGHT_ORDER = {"rod": 0, "gul": 1, "gron": 2, "saknas": 3}  # worst first
ASSESS_ORDER = {"uppfyllt": 0, "delvis": 1, "ej": 2}  # most positive first
SORT_NOTE = {"namn": "namn", "ljus": "beräknat ljus, sämst först",
             "bedomning": "självskattning, mest positiv först",
             "gap": "skillnad, mest positiv självskattning först"}
def sort_boards(rows: pl.DataFrame, key: str | None) -> pl.DataFrame:
    """Board rows (org_id, name, light, self_assessment, gap) in the order `?sort=` asks for."""
    rows = rows.with_columns(_name=pl.col("name").map_elements(sv_key, return_dtype=pl.String))
    if key == "ljus":
        rows = rows.with_columns(_k=pl.col("light").replace_strict(LIGHT_ORDER, default=9))
    elif key == "bedomning":
        rows = rows.with_columns(_k=pl.col("self_assessment").replace_strict(ASSESS_ORDER,
                                                                             default=9))
    elif key == "gap":
        rows = rows.with_columns(_k=(-pl.col("gap")).fill_null(99))
    else:
        rows = rows.with_columns(_k=pl.lit(0))
    return rows.sort("_k", "_name").drop("_k", "_name")


def gap_text(gap: int | None) -> html.Span:
    words = gap_label(gap)
    steps = "" if gap in (None, 0) else f" ({gap:+d} steg)".replace("-", "−")
    cls = "text-muted" if gap is None else ("fw-semibold" if gap > 0 else "")
    return html.Span([words, html.Span(steps, className="small text-muted")], className=cls)


def city_summary(goal: dict, row: dict | None, stad_id: str, ctx) -> html.Section:
    """The city's computed light (with why-button) beside kommunstyrelsen's assessment."""
    label = f"{goal['code'] or ''} {goal['title']}, staden".strip()
    if row is None:
        body = [html.P("Inga indikatorer räknas för staden i detta mål och ingen bedömning "
                       "finns för perioden.")]
    else:
        counts = (f"{row['n_green']} uppfyllda, {row['n_yellow']} delvis, {row['n_red']} ej "
                  f"uppfyllda och {row['n_missing']} utan utfall; {row['n_forecast']} ljus vilar "
                  "på prognos.")
        body = [
            html.Div([html.Span("Beräknat ljus: ", className="me-1"), light_badge(row["light"]),
                      why_button(goal["id"], stad_id, ctx.year, ctx.period, label)],
                     className="mb-2"),
            html.Div([html.Span("Kommunstyrelsens bedömning: ", className="me-1"),
                      assessment_badge(row["self_assessment"],
                                       prefix="Kommunstyrelsens bedömning"),
                      html.Span(" – ", className="mx-1") if row["self_assessment"] else None,
                      gap_text(row["gap"]) if row["self_assessment"] else None],
                     className="mb-2"),
            html.P(["Stadens indikatorer: ", counts], className="small text-muted mb-1"),
            html.P(["Bara KF:s indikatorer: ", light_badge(row["light_kf_only"])],
                   className="small mb-0"),
        ]
    return html.Section([html.H2("Staden", className="h5"), *body],
                        className="kr-box border rounded p-3 mb-4", id="goal-city")


def board_table(rows: pl.DataFrame, goal: dict, ctx, sort: str | None) -> html.Div:
    """Every board's light, self-assessment and gap; headers are sort links."""
    key = sort if sort in SORTS else "namn"
    ordered = sort_boards(rows, key)
    path = f"/mal/{goal['id']}"
    head = []
    for k, title in SORTS.items():
        current = k == key
        link = dcc.Link([title, html.Span(" (sorterad)", className="visually-hidden")
                         if current else None,
                         html.Span(" ▼", **{"aria-hidden": "true"}) if current else None],
                        href=path + ctx.query(sort=k), className="kr-sort-link")
        head.append(html.Th(link, scope="col", **({"aria-sort": "descending" if k in
                                                   ("gap",) else "ascending"}
                                                  if current else {})))
    body = []
    for r in ordered.iter_rows(named=True):
        href = f"/namnd/{r['org_id']}{ctx.query(mal=goal['id'])}#mal-{goal['id']}"
        label = f"{r['name']}, mål {goal['code'] or goal['title']}"
        body.append(html.Tr([
            html.Th(dcc.Link(r["name"], href=href), scope="row"),
            html.Td([light_badge(r["light"]),
                     why_button(goal["id"], r["org_id"], ctx.year, ctx.period, label),
                     html.Span(f" {r['n_forecast']} på prognos", className="small text-muted")
                     if r["n_forecast"] else None]),
            html.Td(assessment_badge(r["self_assessment"])),
            html.Td(gap_text(r["gap"])),
        ]))
    if not body:
        return html.P("Ingen nämnd har indikatorer eller en självskattning för detta mål i "
                      "perioden.")
    return html.Div([
        html.P(f"Sorterat efter {SORT_NOTE[key]}. Välj en kolumnrubrik för att sortera om.",
               className="small text-muted mb-1", id="goal-sort-note"),
        html.Div(dbc.Table([html.Thead(html.Tr(head)), html.Tbody(body)], hover=True,
                           size="sm", className="kr-table mb-0", id="goal-boards"),
                 className="table-responsive"),
    ])


def board_summary(rows: pl.DataFrame) -> str:
    """'23 nämnder bedömer målet: 12 uppfyllt …' — a sentence over the boards' lights."""
    counts = {lt: rows.filter(pl.col("light") == lt).height for lt in LIGHT_ORDER}
    parts = [f"{n} {LIGHT_LABEL[lt].lower()}" for lt, n in counts.items() if n]
    positive = rows.filter(pl.col("gap") > 0).height
    return (f"{rows.height} nämnder har ljus för målet: {', '.join(parts) or 'inga'}. "
            f"{positive} bedömer målet mer positivt än deras indikatorer visar.")


def kf_table(ind: pl.DataFrame, lights: pl.DataFrame, query: str, info: dict[str, str],
             period: str) -> html.Div:
    """The VOM's KF indicators with the city's value against target (`lights`: stad rows);
    values tied to a Kolada KPI carry the credit (`kolada_credit`)."""
    if ind.is_empty():
        return html.P("Målet har inga indikatorer beslutade av kommunfullmäktige.")
    by_id = {r["indicator_id"]: r for r in lights.iter_rows(named=True)}
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "Indikator", "Värde", "Målvärde", "Gul gräns", "Underlag", "Ljus")]))
    body = []
    for i in ind.sort("name").iter_rows(named=True):
        r = by_id.get(i["id"], {})
        unit = i["unit"]
        name = [dcc.Link(i["name"], href=f"/indikator/{i['id']}{query}")]
        credit = kolada_credit(info, i, period) if r.get("value") is not None else None
        if credit:
            name.append(html.Span(f" {credit} ({i['kolada_kpi']})",
                                  className="small text-muted ms-1"))
        body.append(html.Tr([
            html.Th(name, scope="row", className="fw-normal"),
            html.Td(fmt_value(r.get("value"), unit), className="text-end text-nowrap"),
            html.Td(fmt_value(r.get("target"), unit), className="text-end text-nowrap"),
            html.Td(fmt_value(r.get("yellow_limit"), unit), className="text-end text-nowrap"),
            html.Td(BASIS_LABEL.get(r.get("basis") or "", "–")),
            html.Td(light_badge(r.get("light") or "ej_malsatt", r.get("basis"))),
        ]))
    met = sum(1 for r in by_id.values() if r["light"] == "gron")
    return html.Div([
        html.P(f"{met} av {ind.height} KF-indikatorer når målvärdet för staden.",
               className="mb-1"),
        html.Div(dbc.Table([head, html.Tbody(body)], hover=True, size="sm",
                           className="kr-table mb-0", id="goal-kf"), className="table-responsive"),
    ])


def trend_section(goals: pl.DataFrame, stad_id: str, board_ids: list[str], params) -> html.Section:
    """City light over all periods and the boards' light counts (`goals`: one VOM's rows)."""
    order = {p: i for i, p in enumerate(PERIODS)}
    keys = sorted({(y, p) for y, p in goals.select("year", "period").iter_rows()},
                  key=lambda k: (k[0], order[k[1]]))
    if not keys:
        return html.Section([html.H2("Utveckling över tid", className="h5"),
                             html.P("Inga tidigare perioder finns.")])
    labels = [charts.period_label(y, p) for y, p in keys]
    city = {(r["year"], r["period"]): r for r in
            goals.filter(pl.col("org_id") == stad_id).iter_rows(named=True)}
    boards = goals.filter(pl.col("org_id").is_in(board_ids))
    counts = {lt: [boards.filter((pl.col("year") == y) & (pl.col("period") == p)
                                 & (pl.col("light") == lt)).height for y, p in keys]
              for lt in LIGHT_ORDER}
    score = charts.trend_lines(
        labels, {"Stadens poäng": [city.get(k, {}).get("score") for k in keys]},
        y_title="Poäng (0–1)",
        hlines={f"Grönt från {fmt_number(params.green_threshold, 2)}": params.green_threshold,
                f"Gult från {fmt_number(params.yellow_threshold, 2)}": params.yellow_threshold},
        y_range=(-0.05, 1.05))
    rows = [html.Tr([html.Th(lab, scope="row"),
                     html.Td(light_badge(city[k]["light"]) if k in city else "–"),
                     *[html.Td(str(counts[lt][i]), className="text-end") for lt in LIGHT_ORDER]])
            for i, (k, lab) in enumerate(zip(keys, labels))]
    head = html.Thead(html.Tr([html.Th("Period", scope="col"), html.Th("Staden", scope="col")]
                              + [html.Th(f"Nämnder: {LIGHT_LABEL[lt].lower()}", scope="col",
                                         className="text-end") for lt in LIGHT_ORDER]))
    return html.Section([
        html.H2("Utveckling över tid", className="h5"),
        dbc.Row([
            dbc.Col([html.H3("Stadens poäng per period", className="h6"),
                     charts.graph(score, "goal-trend-city",
                                  "Linjediagram: stadens poäng för målet per period, med "
                                  "gränserna för grönt och gult.")], lg=6),
            dbc.Col([html.H3("Nämndernas ljus per period", className="h6"),
                     charts.graph(charts.light_counts_bars(labels, counts), "goal-trend-boards",
                                  "Staplat stapeldiagram: antal nämnder per ljus och period.")],
                    lg=6),
        ]),
        html.Details([
            html.Summary("Visa utvecklingen som tabell"),
            html.Div(dbc.Table([head, html.Tbody(rows)], size="sm", className="kr-table mt-2",
                               id="goal-trend-table"), className="table-responsive"),
        ], open=False),
    ], className="mt-4", id="goal-trend")
