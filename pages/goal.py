"""Mål: one goal. A VOM shows the city's computed light beside kommunstyrelsen's assessment,
every board's light against its self-assessment (sortable), the KF indicators with the city's
outcome against target, and the trend over periods. An inriktningsmål lists its VOMs; a
nämndmål or enhetsmål shows its owner, its indicators and the way up to its VOM."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from dash import Input, Output, callback, dcc, html

from components import data, goal_export, goal_view, page
from components.export import download_buttons
from components.explain import why_button
from components.lights import assessment_badge, light_badge
from components.navigation import breadcrumbs, org_href, period_selector
from ils import rules
from ils.labels import BASIS_LABEL, LEVEL_LABEL, fmt_value
from queries import views
from queries.dataset import load_info

dash.register_page(__name__, path_template="/mal/<goal_id>", name="Mål",
                   title="Mål – Kontrollrum")


def layout(goal_id=None, **kwargs):
    return page.frame("goal", goal_id=goal_id, **page.query_args(kwargs))


@callback(Output("goal-content", "children"), Input("goal-args", "data"))
@page.safe
def render(args):
    ctx, engine, ref = data.page_start(args)
    goal = data.find_row(ref.goals, args.get("goal_id"), "Målet", ctx)
    if goal["level"] == "verksamhetsomradesmal":
        return vom_page(engine, ref, goal, ctx, args.get("sort"))
    if goal["level"] == "inriktningsmal":
        return inriktningsmal_page(engine, ref, goal, ctx)
    return lower_goal_page(engine, ref, goal, ctx)


def _title(goal: dict) -> str:
    return f"{goal['code']} {goal['title']}" if goal["code"] else goal["title"]


def _top(goal: dict, ctx, trail: list, subtitle: str) -> list:
    return [breadcrumbs(trail, ctx.query()), page.header(_title(goal), subtitle),
            period_selector(f"/mal/{goal['id']}", ctx)]


def vom_page(engine, ref, goal: dict, ctx, sort: str | None) -> html.Div:
    vd = goal_export.vom_data(engine, ref, goal, ctx)
    parent = ref.goals.filter(pl.col("id") == goal["parent_id"])
    subtitle = (f"Verksamhetsområdesmål under ”{parent['title'][0]}”" if len(parent)
                else "Verksamhetsområdesmål") + f" – {ctx.period} {ctx.year}"
    eargs = {"goal_id": goal["id"], "ar": ctx.year, "period": ctx.period, "sort": sort}
    return html.Div([
        *_top(goal, ctx, [("Stad", "/"), ("Mål", None)], subtitle),
        goal_view.city_summary(goal, vd.city.row(0, named=True) if len(vd.city) else None,
                               vd.stad_id, ctx),
        html.Section([
            html.H2("Nämnderna", className="h5"),
            html.P(goal_view.board_summary(vd.board_rows), className="mb-2"),
            download_buttons("goal", "boards", eargs, "Nämnderna"),
            goal_view.board_table(vd.board_rows, goal, ctx, sort),
        ], className="mb-4", id="goal-boards-section"),
        html.Section([
            html.H2("Kommunfullmäktiges indikatorer för staden", className="h5"),
            download_buttons("goal", "kf", eargs, "Kommunfullmäktiges indikatorer"),
            goal_view.kf_table(vd.kf, vd.city_ind, ctx.query(), load_info(engine), ctx.period),
        ], className="mb-4"),
        goal_view.trend_section(vd.goals_t, vd.stad_id, vd.boards["org_id"].to_list(),
                                vd.params),
    ])


def inriktningsmal_page(engine, ref, goal: dict, ctx) -> html.Div:
    stad_id = next(iter(ref.organisation.filter(pl.col("level") == "stad")["id"]), None)
    voms = (rules.goals_in_force(ref.goals, ctx.year)
            .filter(pl.col("parent_id") == goal["id"]).sort("code", "id"))
    got = views.lights(engine, ctx.year, ctx.period, data.params(),
                       org_ids=(stad_id,) if stad_id else ())
    rows = {r["goal_id"]: r for r in got.goals.filter(pl.col("org_id") == stad_id)
            .iter_rows(named=True)}
    im = rules.inriktningsmal_lights(got.ds, got.goals, data.params()).filter(
        (pl.col("goal_id") == goal["id"]) & (pl.col("org_id") == stad_id))
    items = []
    for v in voms.iter_rows(named=True):
        r = rows.get(v["id"], {})
        items.append(html.Li([
            html.Div([html.Span(v["code"] or "", className="kr-code me-2"),
                      dcc.Link(v["title"], href=f"/mal/{v['id']}{ctx.query()}")]),
            html.Div([html.Span("Beräknat: ", className="small text-muted"),
                      light_badge(r.get("light", "saknas")),
                      why_button(v["id"], stad_id, ctx.year, ctx.period,
                                 f"{_title(v)}, staden") if r else None,
                      html.Span("Kommunstyrelsen: ", className="small text-muted ms-3"),
                      assessment_badge(r.get("self_assessment"),
                                       prefix="Kommunstyrelsens bedömning")]),
        ], className="list-group-item d-flex flex-wrap justify-content-between gap-2"))
    light = im["light"][0] if len(im) else "saknas"
    return html.Div([
        *_top(goal, ctx, [("Stad", "/"), ("Mål", None)],
              f"Inriktningsmål – {ctx.period} {ctx.year}"),
        html.P(["Stadens ljus för inriktningsmålet (samma poängräkning över "
                "verksamhetsområdesmålens ljus): ", light_badge(light)], id="goal-im-light"),
        html.H2("Verksamhetsområdesmål", className="h5"),
        html.Ul(items, className="list-group") if items else
        html.P("Inriktningsmålet har inga verksamhetsområdesmål som gäller detta år."),
    ])


def _facts(pairs: list) -> list:
    out = []
    for label, value in pairs:
        out += [html.Dt(label, className="col-sm-2"), html.Dd(value, className="col-sm-10")]
    return out


def lower_goal_page(engine, ref, goal: dict, ctx) -> html.Div:
    orgs = {r["id"]: r for r in ref.organisation.iter_rows(named=True)}
    owner = orgs.get(goal["org_id"], {"id": goal["org_id"], "name": goal["org_id"],
                                      "level": None})
    vom = rules.vom_of_goal(ref.goals).filter(pl.col("goal_id") == goal["id"])
    vom_row = (ref.goals.filter(pl.col("id") == vom["vom_id"][0]).row(0, named=True)
               if len(vom) else None)
    inds, got = goal_export.lower_indicators(engine, ref, goal, ctx)
    lights = {r["indicator_id"]: r for r in got
              .filter(pl.col("org_id") == owner["id"]).iter_rows(named=True)}
    trail = [("Stad", "/")]
    if vom_row:
        trail.append((f"Mål {vom_row['code'] or vom_row['title']}", f"/mal/{vom_row['id']}"))
    trail.append((LEVEL_LABEL[goal["level"]], None))
    href = org_href(owner["level"], owner["id"], ctx.query())
    facts = _facts([
        ("Nivå", LEVEL_LABEL[goal["level"]]),
        ("Ägare", dcc.Link(owner["name"], href=href) if href else owner["name"]),
        ("Hör till", dcc.Link(_title(vom_row), href=f"/mal/{vom_row['id']}{ctx.query()}")
         if vom_row else "–"),
        ("Gäller", f"{goal['year_from']}–{goal['year_to']}"),
    ])
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "Indikator", "Värde", "Målvärde", "Gul gräns", "Underlag", "Ljus")]))
    body = []
    for i in inds.iter_rows(named=True):
        r = lights.get(i["id"], {})
        body.append(html.Tr([
            html.Th(dcc.Link(i["name"], href=f"/indikator/{i['id']}{ctx.query()}"), scope="row",
                    className="fw-normal"),
            *[html.Td(fmt_value(r.get(c), i["unit"]), className="text-end text-nowrap")
              for c in ("value", "target", "yellow_limit")],
            html.Td(BASIS_LABEL.get(r.get("basis") or "", "–")),
            html.Td(light_badge(r.get("light") or "ej_malsatt", r.get("basis"))),
        ]))
    children = ref.goals.filter(pl.col("parent_id") == goal["id"]).sort("title")
    below = [html.Li([dcc.Link(c["title"], href=f"/mal/{c['id']}{ctx.query()}"),
                      html.Span(f" – {orgs.get(c['org_id'], {}).get('name', c['org_id'])}",
                                className="text-muted")])
             for c in children.iter_rows(named=True)]
    return html.Div([
        *_top(goal, ctx, trail, f"{LEVEL_LABEL[goal['level']]} för {owner['name']} – "
                                f"{ctx.period} {ctx.year}"),
        html.Dl(facts, className="row kr-facts mb-3", id="goal-facts"),
        html.H2("Indikatorer", className="h5"),
        download_buttons("goal", "indicators", {"goal_id": goal["id"], "ar": ctx.year,
                                                "period": ctx.period}, "Indikatorer")
        if body else None,
        html.Div(dbc.Table([head, html.Tbody(body)], hover=True, size="sm",
                           className="kr-table"), className="table-responsive")
        if body else html.P("Målet har inga egna indikatorer."),
        html.Section([html.H2("Mål under detta", className="h5 mt-3"),
                      html.Ul(below, id="goal-below")]) if below else None,
    ])
