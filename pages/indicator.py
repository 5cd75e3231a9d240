"""Indikator: one indicator's definition, its value against target for every org it counts
for in the chosen period (chart + table), and its trend over years and periods for the city
(or, with `?org=`, for one org)."""

from __future__ import annotations

import dash
import polars as pl
from dash import Input, Output, callback, html

from components import data, indicator_export, indicator_view, page
from components.context import trend_keys
from components.credit import kolada_credit
from components.export import download_buttons
from components.navigation import breadcrumbs, period_selector
from ils import rules
from ils.labels import LIGHT_LABEL
from queries import views
from queries.dataset import load_info

dash.register_page(__name__, path_template="/indikator/<indicator_id>", name="Indikator",
                   title="Indikator – Kontrollrum")


def layout(indicator_id=None, **kwargs):
    return page.frame("indicator", indicator_id=indicator_id, org=kwargs.get("org"),
                      **page.query_args(kwargs))


@callback(Output("indicator-content", "children"), Input("indicator-args", "data"))
@page.safe
def render(args):
    ctx, engine, ref = data.page_start(args)
    ind = data.find_row(ref.indicators, args.get("indicator_id"), "Indikatorn", ctx)
    ind_id = ind["id"]
    orgs = ref.organisation
    by_id = {r["id"]: r for r in orgs.iter_rows(named=True)}
    stad_id = next(iter(orgs.filter(pl.col("level") == "stad")["id"]), None)
    goal = _goal(ref.goals, ind["goal_id"])
    vom_map = rules.vom_of_goal(ref.goals).filter(pl.col("goal_id") == ind["goal_id"])
    vom = _goal(ref.goals, vom_map["vom_id"][0]) if len(vom_map) else None

    p = data.params()
    info = load_info(engine)
    ds, rows = indicator_export.value_rows(engine, ref, ind, ctx)
    targets = ds.targets.filter(pl.col("year") == ctx.year)
    kf_target = (targets.filter(pl.col("org_id") == stad_id)["target"].first()
                 if ind["decided_by"] == "kf" else None)
    own = {o: t for o, t in targets.select("org_id", "target").iter_rows() if o != stad_id
           or ind["decided_by"] != "kf"}

    trend_org = args.get("org")
    if trend_org not in by_id:
        trend_org = stad_id if ind["decided_by"] == "kf" and stad_id else ind["org_id"]
    one = views.narrow(ds, [trend_org])
    ind_t = pl.concat([rules.indicator_lights(one, y, per, p).filter(pl.col("org_id") == trend_org)
                       for y, per in trend_keys(ctx, tertials=True)])

    query = ctx.query()
    trail = [("Stad", "/")]
    if vom is not None:
        trail.append((f"Mål {vom['code'] or vom['title']}", f"/mal/{vom['id']}"))
    trail.append(("Indikator", None))
    extra = {"org": args["org"]} if args.get("org") in by_id else None
    chart = indicator_view.chart_rows(rows)
    return html.Div([
        breadcrumbs(trail, query),
        page.header(ind["name"], f"Indikator – {ctx.period} {ctx.year}"),
        period_selector(f"/indikator/{ind_id}", ctx, extra=extra),
        indicator_view.definition(ind, by_id.get(ind["org_id"]), goal, query, info),
        html.Section([
            html.H2(f"Värde mot målvärde, {ctx.period} {ctx.year}", className="h5"),
            _summary(rows),
            indicator_view.value_chart(chart, ind, own, kf_target) if len(chart) else None,
            html.P(f"Diagrammet visar {len(chart)} av {len(rows)} organisationer; alla finns "
                   "i tabellen.", className="small text-muted")
            if 0 < len(chart) < len(rows) else None,
            download_buttons("indicator", "values", {"indicator_id": ind_id, "ar": ctx.year,
                                                     "period": ctx.period},
                             "Värde mot målvärde per organisation", csv=True),
            indicator_view.value_tables(rows, ind, query,
                                        kolada_credit(info, ind, ctx.period)),
        ], id="indicator-values") if len(rows) else
        html.P(f"Indikatorn räknas inte för någon organisation {ctx.year}."),
        indicator_view.trend(ind_t, ind, by_id.get(trend_org, {}).get("name", trend_org),
                             _trend_note(info, ind, trend_org == stad_id)),
    ])


def _trend_note(info: dict, ind: dict, is_city: bool) -> str | None:
    credit = kolada_credit(info, ind, "VB") if is_city else None
    if credit is None:
        return None
    return (f"Stadens värden i verksamhetsberättelserna: {credit}. I tertialrapporterna: "
            f"{kolada_credit(info, ind, 'T1')}.")


def _goal(goals: pl.DataFrame, goal_id: str | None) -> dict | None:
    found = goals.filter(pl.col("id") == goal_id)
    return found.row(0, named=True) if len(found) else None


def _summary(rows: pl.DataFrame) -> html.P:
    """A sentence over the lights (the chart's short text alternative)."""
    parts = [f"{n} {LIGHT_LABEL[lt].lower()}" for lt in LIGHT_LABEL
             if (n := rows.filter(pl.col("light") == lt).height)]
    word = "organisation" if len(rows) == 1 else "organisationer"
    return html.P(f"Indikatorn räknas för {len(rows)} {word}: {', '.join(parts)}.",
                  id="indicator-summary")
