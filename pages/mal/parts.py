"""Layout parts of the goal page (from `MalData`): the city's light, the boards' section with
its sortable table, the KF indicators and the trend over periods."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from components import charts
from components.district_map import board_areas, district_map
from components.explain import why_button
from components.lights import assessment_badge, goal_light, light_badge, state_badge
from components.navigation import org_href
from ils.labels import LIGHT_LABEL, count_words, fmt_number, indicator_counts
from ils.periods import PERIODS
from pages.mal.tables import (
    BOARDS,
    KF,
    LIGHT_ORDER,
    SORTS,
    TREND,
    UNLIT,
    gap_text,
    sort_boards,
    title,
)

SORT_NOTE = {"namn": "namn", "ljus": "beräknat ljus, sämst först",
             "bedomning": "självskattning, mest positiv först",
             "gap": "skillnad, mest positiv självskattning först"}


def city_summary(goal: dict, row: dict | None, stad_id: str, ctx) -> html.Section:
    """The city's computed light (with why-button) beside kommunstyrelsen's assessment."""
    label = f"{goal['code'] or ''} {goal['title']}, staden".strip()
    state = row.get("state", row["light"]) if row is not None else None
    if row is None:
        body = [html.P("Inga indikatorer räknas för staden i detta mål och ingen bedömning "
                       "finns för perioden.")]
    elif state in UNLIT:  # §3.8: no light to show, and no outcome is missing
        body = [html.Div([html.Span("Beräknat ljus: ", className="me-1"), state_badge(state)],
                         className="mb-2"),
                html.P(UNLIT[state], className="small text-muted mb-2"),
                html.Div([html.Span("Kommunstyrelsens bedömning: ", className="me-1"),
                          assessment_badge(row["self_assessment"],
                                           prefix="Kommunstyrelsens bedömning")])]
    else:
        counts = indicator_counts(row)
        body = [
            html.Div([html.Span("Beräknat ljus: ", className="me-1"), *goal_light(row),
                      why_button(goal["id"], stad_id, ctx.year, ctx.period, label)],
                     className="mb-2 d-flex flex-wrap align-items-center gap-1"),
            html.Div([html.Span("Kommunstyrelsens bedömning: ", className="me-1"),
                      assessment_badge(row["self_assessment"],
                                       prefix="Kommunstyrelsens bedömning"),
                      html.Span(" – ", className="mx-1") if row["self_assessment"] else None,
                      gap_text(row["gap"]) if row["self_assessment"] else None],
                     className="mb-2"),
            html.P(["Staden: ", counts, "."], className="small text-muted mb-1"),
            html.P(["Bara KF:s indikatorer: ", light_badge(row["light_kf_only"])],
                   className="small mb-0"),
        ]
    return html.Section([html.H2("Staden", className="h5"), *body],
                        className="kr-box border rounded p-3 mb-4", id="goal-city")


def board_summary(rows: pl.DataFrame) -> str:
    """'23 nämnder har ljus för målet: 12 uppfyllt …' — a sentence over the boards' lights;
    boards with only a self-assessment ('Inga indikatorer') or no target ('Ej målsatt') are
    named apart (§3.8), not counted as lights."""
    if rows.is_empty():
        return "Ingen nämnd har indikatorer eller en självskattning för målet i perioden."
    state = pl.col("state") if "state" in rows.columns else pl.col("light")
    lit = rows.filter(~state.is_in(list(UNLIT)))
    counts = {lt: lit.filter(pl.col("light") == lt).height for lt in LIGHT_ORDER}
    # say what is counted (§3.8): boards, each with its light's words
    parts = [f"{count_words(n, 'nämnd', 'nämnder')}: {LIGHT_LABEL[lt].lower()}"
             for lt, n in counts.items() if n]
    positive = rows.filter(pl.col("gap") > 0).height
    on_forecast = (lit.filter(pl.col("rests_on_forecast")).height
                   if "rests_on_forecast" in lit.columns else 0)
    text = (f"{count_words(lit.height, 'nämnd har', 'nämnder har')} ljus för målet: "
            f"{', '.join(parts) or 'inga'}"
            + (f" (varav {on_forecast} vilar på prognos)" if on_forecast else "") + ". ")
    for key, words in (("inga_indikatorer", "har inga indikatorer för målet"),
                       ("ej_malsatt", "saknar målvärden för alla sina indikatorer")):
        n = rows.filter(state == key).height
        if n:
            text += f"{n} {'nämnd' if n == 1 else 'nämnder'} {words}. "
    return text + (f"{count_words(positive, 'nämnd', 'nämnder')} bedömer målet mer positivt "
                   "än indikatorerna visar.")


def _sort_head(goal: dict, ctx, key: str) -> list:
    head = []
    for k, heading in SORTS.items():
        current = k == key
        link = dcc.Link([heading, html.Span(" (sorterad)", className="visually-hidden")
                         if current else None,
                         html.Span(" ▼", **{"aria-hidden": "true"}) if current else None],
                        href=f"/mal/{goal['id']}" + ctx.query(sort=k), className="kr-sort-link")
        head.append(html.Th(link, scope="col", **({"aria-sort": "descending" if k == "gap"
                                                   else "ascending"} if current else {})))
    return head


def board_table(rows: pl.DataFrame, goal: dict, ctx, sort: str | None) -> html.Div:
    """Every board's light, self-assessment and gap; headers are sort links."""
    key = sort if sort in SORTS else "namn"
    if rows.is_empty():
        return html.P(BOARDS.empty)
    return html.Div([
        html.P(f"Sorterat efter {SORT_NOTE[key]}. Välj en kolumnrubrik för att sortera om.",
               className="small text-muted mb-1", id="goal-sort-note"),
        BOARDS.html(sort_boards(rows, key), {"goal": goal, "ctx": ctx},
                    head=_sort_head(goal, ctx, key), table_id="goal-boards"),
    ])


def map_section(rows: pl.DataFrame, districts: dict[str, str], goal: dict,
                ctx) -> html.Section | None:
    """The 13 district boards' areas coloured by their light of this VOM in the page's period,
    each a link to the board's page at this goal (none when the data has no district boards)."""
    query = ctx.query(mal=goal["id"])
    areas = board_areas(districts, {r["org_id"]: r for r in rows.iter_rows(named=True)},
                        lambda board: f"{org_href('namnd', board, query)}#mal-{goal['id']}")
    if not areas:
        return None
    name = f"{goal['code']} {goal['title']}" if goal.get("code") else goal["title"]
    return html.Section([
        html.H2("Stadsdelsnämnderna på kartan", className="h5"),
        district_map(areas, "goal-map", f"Ljus för mål {name}, {ctx.period} {ctx.year}"),
    ], className="mb-4", id="goal-map-section")


def kf_table(kf: pl.DataFrame, ctx, info: dict[str, str]) -> html.Div:
    """The VOM's KF indicators with the city's value against target; values tied to a
    Kolada KPI carry the credit (`components.credit.kolada_credit`)."""
    if kf.is_empty():
        return html.P(KF.empty)
    met = kf.filter(pl.col("light") == "gron").height
    return html.Div([
        html.P(f"{met} av {kf.height} KF-indikatorer når målvärdet för staden.",
               className="mb-1"),
        KF.html(kf, {"query": ctx.query(), "info": info, "period": ctx.period},
                table_id="goal-kf"),
    ])


def trend_section(goals: pl.DataFrame, stad_id: str, board_ids: list[str], params) -> html.Section:
    """City light over the trend's periods and the boards' light counts (one VOM's rows)."""
    order = {p: i for i, p in enumerate(PERIODS)}
    keys = sorted({(y, p) for y, p in goals.select("year", "period").iter_rows()},
                  key=lambda k: (k[0], order[k[1]]))
    if not keys:
        return html.Section([html.H2("Utveckling över tid", className="h5"),
                             html.P("Målet har inga ljus i någon period ännu: varken staden "
                                    "eller någon nämnd har indikatorer med utfall eller en "
                                    "självskattning för det.", className="text-muted small")])
    labels = [charts.period_label(y, p) for y, p in keys]
    city = {(r["year"], r["period"]): r for r in
            goals.filter(pl.col("org_id") == stad_id).iter_rows(named=True)}
    # §3.8: a grey light with no indicator lacking an outcome is 'Inga indikatorer' or 'Ej
    # målsatt' (only a self-assessment, or no target): not counted as 'Utfall saknas'
    boards = goals.filter(pl.col("org_id").is_in(board_ids)
                          & ~((pl.col("light") == "saknas") & (pl.col("n_missing") == 0)))
    counts = {lt: [boards.filter((pl.col("year") == y) & (pl.col("period") == p)
                                 & (pl.col("light") == lt)).height for y, p in keys]
              for lt in LIGHT_ORDER}
    score = charts.trend_lines(
        labels, {"Stadens poäng": [city.get(k, {}).get("score") for k in keys]},
        y_title="Poäng (0–1)",
        hlines={f"Grönt från {fmt_number(params.green_threshold, 2)}": params.green_threshold,
                f"Gult från {fmt_number(params.yellow_threshold, 2)}": params.yellow_threshold},
        y_range=(-0.05, 1.05))
    rows = [{"label": lab, "city": city[k]["light"] if k in city else None,
             **{lt: counts[lt][i] for lt in LIGHT_ORDER}}
            for i, (k, lab) in enumerate(zip(keys, labels, strict=False))]
    scored = any(city.get(k, {}).get("score") is not None for k in keys)
    lit = any(n for per in counts.values() for n in per)
    return html.Section([
        html.H2("Utveckling över tid", className="h5"),
        dbc.Row([
            dbc.Col([html.H3("Stadens poäng per period", className="h6"),
                     charts.graph(score, "goal-trend-city",
                                  "Linjediagram: stadens poäng för målet per period, med "
                                  "gränserna för grönt och gult.") if scored else
                     html.P("Staden har ingen poäng för målet i någon period: inga av dess "
                            "indikatorer i målet har ett utfall mot ett målvärde.",
                            className="text-muted small kr-empty")], lg=6),
            dbc.Col([html.H3("Nämndernas ljus per period", className="h6"),
                     charts.graph(charts.light_counts_bars(labels, counts), "goal-trend-boards",
                                  "Staplat stapeldiagram: antal nämnder per ljus och period.")
                     if lit else
                     html.P("Ingen nämnd har ett ljus för målet i någon period"
                            + (": dataunderlaget har inga nämnder." if not board_ids else
                               " (inga av nämndernas indikatorer i målet räknas)."),
                            className="text-muted small kr-empty")], lg=6),
        ]),
        html.Details([
            html.Summary("Visa utvecklingen som tabell"),
            html.Div(TREND.html(rows, table_id="goal-trend-table"), className="mt-2"),
        ], open=False),
    ], className="mt-4", id="goal-trend")


def vom_list(voms: pl.DataFrame, stad_id, ctx) -> html.Ul:
    """An inriktningsmål's VOMs with the city's light and kommunstyrelsen's assessment."""
    items = []
    for v in voms.iter_rows(named=True):
        items.append(html.Li([
            html.Div([html.Span(v["code"] or "", className="kr-code me-2"),
                      dcc.Link(v["title"], href=f"/mal/{v['id']}{ctx.query()}")]),
            html.Div([html.Span("Beräknat: ", className="small text-muted"),
                      state_badge(v["state"]),
                      why_button(v["id"], stad_id, ctx.year, ctx.period,
                                 f"{title(v)}, staden")
                      if v["state"] not in (None, "inga_indikatorer") else None,
                      html.Span("Kommunstyrelsen: ", className="small text-muted ms-3"),
                      assessment_badge(v["self_assessment"],
                                       prefix="Kommunstyrelsens bedömning")]),
        ], className="list-group-item d-flex flex-wrap justify-content-between gap-2"))
    return html.Ul(items, className="list-group")
