"""/mal/<id> – one goal. A VOM shows the city's computed light beside kommunstyrelsen's
assessment, every board's light against its self-assessment (sortable), the KF indicators
with the city's outcome against target, and the trend over periods. An inriktningsmål lists
its VOMs; a nämndmål or enhetsmål shows its owner, its indicators and the way up to its VOM."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, dcc, html

from components import page
from components.lights import light_badge
from components.navigation import breadcrumbs, org_href, period_selector
from ils.labels import LEVEL_LABEL
from pagekit import guard
from pages.mal import history, parts
from pages.mal.data import MalData, load
from pages.mal.tables import INDICATORS, VIEW, title

dash.register_page(__name__, path_template="/mal/<goal_id>", name="Mål",
                   title="Mål – Kontrollrum")


def layout(goal_id=None, **kwargs):
    return page.frame("goal", goal_id=goal_id, **page.query_args(kwargs))


@callback(Output("goal-content", "children"), Input("goal-args", "data"))
@guard.safe
def render(args):
    d = load(args)
    if d.vom is not None:
        body = vom_page(d, args.get("sort"))
    elif d.im is not None:
        body = inriktningsmal_page(d)
    else:
        body = lower_goal_page(d)
    return html.Div([page.doc_title(title(d.goal)), body])


def _top(d: MalData, trail: list, subtitle: str) -> list:
    return [breadcrumbs(trail, d.ctx.query()), page.header(title(d.goal), subtitle),
            period_selector(f"/mal/{d.goal['id']}", d.ctx)]


def vom_page(d: MalData, sort: str | None) -> html.Div:
    goal, ctx, v = d.goal, d.ctx, d.vom
    subtitle = (f"Verksamhetsområdesmål under ”{v.parent_title}”" if v.parent_title
                else "Verksamhetsområdesmål") + f" – {ctx.period} {ctx.year}"
    eargs = {"goal_id": goal["id"], "ar": ctx.year, "period": ctx.period, "sort": sort}
    return html.Div([
        *_top(d, [("Stad", "/"), ("Mål", None)], subtitle),
        parts.city_summary(goal, v.city, v.stad_id, ctx),
        html.Section([
            html.H2("Nämnderna", className="h5"),
            html.P(parts.board_summary(v.board_rows), className="mb-2")
            if len(v.board_rows) else None,
            VIEW.downloads("boards", eargs, "Nämnderna") if len(v.board_rows) else None,
            parts.board_table(v.board_rows, goal, ctx, sort),
        ], className="mb-4", id="goal-boards-section"),
        parts.map_section(v.board_rows, v.districts, goal, ctx),
        html.Section([
            html.H2("Kommunfullmäktiges indikatorer för staden", className="h5"),
            VIEW.downloads("kf", eargs, "Kommunfullmäktiges indikatorer"),
            parts.kf_table(v.kf, ctx, d.info),
        ], className="mb-4"),
        parts.trend_section(v.goals_t, v.stad_id, v.board_ids, v.params),
        history.section(goal["id"], ctx.year, ctx.period),  # issue 13: changes of assessments
    ])


def inriktningsmal_page(d: MalData) -> html.Div:
    ctx, im = d.ctx, d.im
    return html.Div([
        *_top(d, [("Stad", "/"), ("Mål", None)], f"Inriktningsmål – {ctx.period} {ctx.year}"),
        html.P(["Stadens ljus för inriktningsmålet (samma poängräkning över "
                "verksamhetsområdesmålens ljus): ", light_badge(im.light)], id="goal-im-light"),
        html.H2("Verksamhetsområdesmål", className="h5"),
        parts.vom_list(im.voms, im.stad_id, ctx) if len(im.voms) else
        html.P("Inriktningsmålet har inga verksamhetsområdesmål som gäller detta år."),
    ])


def _facts(pairs: list) -> list:
    out = []
    for label, value in pairs:
        out += [html.Dt(label, className="col-sm-2"), html.Dd(value, className="col-sm-10")]
    return out


def lower_goal_page(d: MalData) -> html.Div:
    goal, ctx, low = d.goal, d.ctx, d.lower
    owner, vom = low.owner, low.vom
    trail = [("Stad", "/")]
    if vom:
        trail.append((f"Mål {vom['code'] or vom['title']}", f"/mal/{vom['id']}"))
    trail.append((LEVEL_LABEL[goal["level"]], None))
    href = org_href(owner["level"], owner["id"], ctx.query())
    facts = _facts([
        ("Nivå", LEVEL_LABEL[goal["level"]]),
        ("Ägare", dcc.Link(owner["name"], href=href) if href else owner["name"]),
        ("Hör till", dcc.Link(title(vom), href=f"/mal/{vom['id']}{ctx.query()}") if vom
         else "–"),
        ("Gäller", f"{goal['year_from']}–{goal['year_to']}"),
    ])
    below = [html.Li([dcc.Link(c["title"], href=f"/mal/{c['id']}{ctx.query()}"),
                      html.Span(f" – {c['owner']}", className="text-muted")])
             for c in low.below.iter_rows(named=True)]
    has = len(low.indicators) > 0
    return html.Div([
        *_top(d, trail, f"{LEVEL_LABEL[goal['level']]} för {owner['name']} – "
                        f"{ctx.period} {ctx.year}"),
        html.Dl(facts, className="row kr-facts mb-3", id="goal-facts"),
        html.H2("Indikatorer", className="h5"),
        VIEW.downloads("indicators", {"goal_id": goal["id"], "ar": ctx.year,
                                                "period": ctx.period}, "Indikatorer")
        if has else None,
        INDICATORS.html(low.indicators, {"query": ctx.query()}) if has
        else html.P(INDICATORS.empty),
        html.Section([html.H2("Mål under detta", className="h5 mt-3"),
                      html.Ul(below, id="goal-below")]) if below else None,
    ])
