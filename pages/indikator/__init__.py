"""/indikator/<id> – one indicator: its definition, its value against target for every org it
counts for in the chosen period (chart, a table for the city and the boards, a data grid for
the departments and units), and its trend over years and periods for the city (or, with
`?org=`, for one org)."""

from __future__ import annotations

import dash
from dash import Input, Output, callback, html

from components import fold, page
from components.credit import kolada_credit
from components.navigation import breadcrumbs, period_selector
from pagekit import guard
from pages.indikator import parts
from pages.indikator.data import IndikatorData, load
from pages.indikator.grid import units_grid
from pages.indikator.tables import VALUES, VIEW, split, value_rows

dash.register_page(__name__, path_template="/indikator/<indicator_id>", name="Indikator",
                   title="Indikator – Kontrollrum")



def layout(indicator_id=None, **kwargs):
    return page.frame("indicator", indicator_id=indicator_id, org=kwargs.get("org"),
                      **page.query_args(kwargs))


def _grid_label(d: IndikatorData) -> str:
    return f"{d.ind['name']}: värde mot målvärde för avdelningar och enheter, " \
           f"{d.ctx.period} {d.ctx.year}"


def build_units(key: dict):
    """The fold's body: the departments' and units' grid (`key`: the page's arguments)."""
    d = load({k: key.get(k) for k in ("indicator_id", "ar", "period", "org")})
    _, low = split(value_rows(d))
    return units_grid(low, {"query": d.ctx.query()}, _grid_label(d))


VIEW.fold(build_units)


def _values(d: IndikatorData) -> html.Section:
    ctx, ind = d.ctx, d.ind
    rows = value_rows(d)
    top, low = split(rows)
    env = {"query": ctx.query(), "credit": kolada_credit(d.info, ind, ctx.period)}
    chart = parts.chart_rows(rows)
    key = {"indicator_id": ind["id"], "ar": ctx.year, "period": ctx.period, "org": d.org_arg}
    summary = f"Visa avdelningar och enheter ({len(low)})"
    return html.Section([
        html.H2(f"Värde mot målvärde, {ctx.period} {ctx.year}", className="h5"),
        parts.summary(rows),
        parts.value_chart(chart, ind, d.own_targets, d.kf_target,
                          d.target_notes.get(d.stad_id), d.lower, d.riket, d.stad_id)
        if len(chart) else None,
        parts.lower_sentence(rows, d.own_targets, d.lower) if d.kf_target is not None
        else None,
        parts.peers(d.peers, ind["unit"], ctx.year, d.peer_rank, d.has_group),
        html.P(f"Diagrammet visar {len(chart)} av {len(rows)} organisationer; alla finns "
               "i tabellen.", className="small text-muted")
        if 0 < len(chart) < len(rows) else None,
        VIEW.downloads(VALUES.name, {"indicator_id": ind["id"], "ar": ctx.year,
                                                    "period": ctx.period},
                         "Värde mot målvärde per organisation", csv=True),
        VALUES.html(top, env, table_id="indicator-table") if len(top) else None,
        (fold.fold(VIEW.name, key, summary, summary_class="", className="mt-2") if len(top) else
         fold.fold(VIEW.name, key, summary, units_grid(low, env, _grid_label(d)), open_=True,
                   summary_class="", className="mt-2")) if len(low) else None,
    ], id="indicator-values")


def _trend_note(d: IndikatorData) -> str | None:
    credit = kolada_credit(d.info, d.ind, "VB") if d.trend_org == d.stad_id else None
    if credit is None:
        return None
    tertial = f" I tertialrapporterna: {kolada_credit(d.info, d.ind, 'T1')}."
    return f"Stadens värden i verksamhetsberättelserna: {credit}." + (
        tertial if d.has_tertials else "")


@callback(Output("indicator-content", "children"), Input("indicator-args", "data"))
@guard.safe
def render(args):
    d = load(args)
    ctx, ind = d.ctx, d.ind
    query = ctx.query()
    trail = [("Stad", "/")]
    if d.vom is not None:
        trail.append((f"Mål {d.vom['code'] or d.vom['title']}", f"/mal/{d.vom['id']}"))
    trail.append(("Indikator", None))
    return html.Div([
        breadcrumbs(trail, query),
        page.header(ind["name"], f"Indikator – {ctx.period} {ctx.year}"),
        period_selector(f"/indikator/{ind['id']}", ctx,
                        extra={"org": d.org_arg} if d.org_arg else None),
        parts.definition(ind, d.owner, d.goal, query, d.info, d.has_tertials),
        _values(d) if len(d.rows) else
        html.P(f"Indikatorn räknas inte för någon organisation {ctx.year}."),
        parts.trend(d.trend, ind, d.trend_name, _trend_note(d)),
        page.doc_title(ind["name"]),
    ])
