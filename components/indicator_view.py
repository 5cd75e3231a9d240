"""Pieces of the Indikator page (pages/indicator.py): the definition, value against target per
org (chart + accessible table) and the trend of one org. Pure layout from frames."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from components import charts
from components.credit import kolada_credit
from components.navigation import org_href
from ils.labels import sv_key
from components.lights import light_badge
from ils.labels import (BASIS_LABEL, DECIDER_LABEL, DIRECTION_LABEL, GROUP_LABEL, LEVEL_LABEL,
                        fmt_value)
from ils.model import PERIODS

LEVEL_ORDER = {"stad": 0, "namnd": 1, "avdelning": 2, "enhet": 3}
CHART_MAX = 40


def _fact(label: str, value) -> list:
    return [html.Dt(label, className="col-sm-3"), html.Dd(value, className="col-sm-9")]


def definition(ind: dict, owner: dict | None, goal: dict | None, query: str,
               info: dict[str, str]) -> html.Dl:
    """Name, unit, direction, who decided it, its goal, which orgs it applies to, Kolada KPI."""
    who = DECIDER_LABEL.get(ind["decided_by"], ind["decided_by"])
    if owner is not None:
        href = org_href(owner["level"], owner["id"], query) if owner["level"] != "stad" else None
        name = dcc.Link(owner["name"], href=href) if href else owner["name"]
        who = [who, " – ", name]
    goal_part = "–"
    if goal is not None:
        title = f"{goal['code']} {goal['title']}" if goal["code"] else goal["title"]
        goal_part = [dcc.Link(title, href=f"/mal/{goal['id']}{query}"),
                     html.Span(f" ({LEVEL_LABEL[goal['level']].lower()})",
                               className="text-muted")]
    if ind["decided_by"] == "kf":
        applies = GROUP_LABEL.get(ind["applies_to"] or "", "Staden och de organisationer som "
                                  "har målvärde eller värde för indikatorn")
    else:
        applies = f"{owner['name'] if owner else ind['org_id']} (egen indikator)"
    rows = (_fact("Enhet", ind["unit"] or "–")
            + _fact("Riktning", DIRECTION_LABEL[ind["direction"]])
            + _fact("Beslutad av", who)
            + _fact("Hör till mål", goal_part)
            + _fact("Gäller för", applies))
    if ind["kolada_kpi"]:
        credit = kolada_credit(info, ind, "VB")
        rows += _fact("Nyckeltal i Kolada", [
            html.Span(ind["kolada_kpi"], className="kr-code"),
            html.Span(f" – stadens årsvärden: {credit}; tertialvärdena: "
                      f"{kolada_credit(info, ind, 'T2')}" if credit else
                      " – motsvarande nyckeltal (stadens värden här kommer inte från Kolada)",
                      className="ms-1")])
    return html.Dl(rows, className="row kr-facts mb-3", id="indicator-definition")


def with_orgs(lights: pl.DataFrame, orgs: pl.DataFrame) -> pl.DataFrame:
    """Light rows of one indicator with org name and level, sorted stad → nämnd → … by name."""
    df = lights.join(orgs.select(pl.col("id").alias("org_id"), "name", "level"),
                     on="org_id", how="left")
    return df.with_columns(
        _lvl=pl.col("level").replace_strict(LEVEL_ORDER, default=9),
        _name=pl.col("name").fill_null(pl.col("org_id"))
        .map_elements(sv_key, return_dtype=pl.String),
    ).sort("_lvl", "_name").drop("_lvl", "_name")


def chart_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """The orgs the bar chart shows: the stad and the boards when present, else all (capped)."""
    top = rows.filter(pl.col("level").is_in(["stad", "namnd"]))
    return (top if len(top) else rows).head(CHART_MAX)


def value_chart(rows: pl.DataFrame, ind: dict, own: dict[str, float],
                kf_target: float | None) -> html.Figure:
    """Bars of value per org coloured by light; KF target as a line, own targets as markers."""
    names = [r["name"] or r["org_id"] for r in rows.iter_rows(named=True)]
    own_t = [own.get(r["org_id"]) for r in rows.iter_rows(named=True)]
    unit = ind["unit"]
    fig = charts.bar_with_targets(
        names, rows["value"].to_list(), rows["light"].to_list(), own_targets=own_t,
        kf_target=kf_target, value_title=f"Värde ({unit})" if unit else "Värde",
        unit=None if unit in (None, "%", "procent") else unit,
        forecast=[b == "prognos" for b in rows["basis"].to_list()])
    what = "KF:s målvärde som streckad linje" if kf_target is not None else ""
    if any(t is not None for t in own_t):
        what += (" och " if what else "") + "egna målvärden som romber"
    return charts.graph(fig, "indicator-chart",
                        f"Stapeldiagram: värde per organisation, färgat efter ljus, med "
                        f"{what or 'målvärdena i tabellen'}.")


def _row(r: dict, ind: dict, query: str, credit: str | None) -> html.Tr:
    unit = ind["unit"]
    href = org_href(r["level"], r["org_id"], query)
    name = dcc.Link(r["name"], href=href) if href and r["level"] != "stad" else r["name"]
    value = [html.Span(fmt_value(r["value"], unit), className="text-nowrap")]
    if credit and r["level"] == "stad" and r["value"] is not None:
        value.append(html.Span(f" ({credit})", className="small text-muted"))
    trend = dcc.Link(["Visa", html.Span(f" utveckling för {r['name']}",
                                        className="visually-hidden")],
                     href=f"/indikator/{ind['id']}{query}&org={r['org_id']}")
    return html.Tr([
        html.Th(name, scope="row", className="fw-normal"),
        html.Td(value, className="text-end"),
        html.Td(fmt_value(r["target"], unit), className="text-end text-nowrap"),
        html.Td(fmt_value(r["yellow_limit"], unit), className="text-end text-nowrap"),
        html.Td(BASIS_LABEL.get(r["basis"] or "", "–")),
        html.Td(light_badge(r["light"], r["basis"])),
        html.Td(trend),
    ])


def value_table(rows: pl.DataFrame, ind: dict, query: str, table_id: str,
                credit: str | None = None) -> html.Div:
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "Organisation", "Värde", "Målvärde", "Gul gräns", "Underlag", "Ljus", "Utveckling")]))
    body = [_row(r, ind, query, credit) for r in rows.iter_rows(named=True)]
    return html.Div(dbc.Table([head, html.Tbody(body)], hover=True, size="sm",
                              className="kr-table mb-0", id=table_id),
                    className="table-responsive")


def value_tables(rows: pl.DataFrame, ind: dict, query: str, credit: str | None) -> html.Div:
    """Stad and boards in a table; departments and units in a second one behind a summary.
    `credit` is shown beside the city's value (see `kolada_credit`)."""
    top = rows.filter(pl.col("level").is_in(["stad", "namnd"]) | pl.col("level").is_null())
    low = rows.filter(pl.col("level").is_in(["avdelning", "enhet"]))
    parts = [value_table(top, ind, query, "indicator-table", credit)] if len(top) else []
    if len(low):
        table = value_table(low, ind, query, "indicator-table-units")
        parts.append(html.Details([
            html.Summary(f"Visa avdelningar och enheter ({len(low)})"), table],
            open=not len(top), className="mt-2"))
    return html.Div(parts)


def trend(rows: pl.DataFrame, ind: dict, org_name: str, note: str | None = None
          ) -> html.Section:
    """Value, target and yellow limit of one org over the trend's periods; `note` (e.g. the
    Kolada credit) is shown under the table."""
    order = {p: i for i, p in enumerate(PERIODS)}
    rows = rows.with_columns(_o=pl.col("period").replace_strict(order, default=9)).sort(
        "year", "_o")
    unit = ind["unit"]
    title = html.H2(f"Utveckling över tid – {org_name}", className="h5")
    if rows.is_empty():
        return html.Section([title, html.P("Det finns inga värden över tid för "
                                           f"{org_name}.")], className="mt-4")
    labels = [charts.period_label(y, p) for y, p in rows.select("year", "period").iter_rows()]
    fig = charts.trend_lines(labels, {"Värde": rows["value"].to_list()},
                             target=rows["target"].to_list(),
                             limit=rows["yellow_limit"].to_list(),
                             y_title=f"Värde ({unit})" if unit else "Värde")
    body = [html.Tr([html.Th(lab, scope="row"),
                     html.Td(fmt_value(r["value"], unit), className="text-end text-nowrap"),
                     html.Td(fmt_value(r["target"], unit), className="text-end text-nowrap"),
                     html.Td(BASIS_LABEL.get(r["basis"] or "", "–")),
                     html.Td(light_badge(r["light"], r["basis"]))])
            for lab, r in zip(labels, rows.iter_rows(named=True))]
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "Period", "Värde", "Målvärde", "Underlag", "Ljus")]))
    return html.Section([
        title,
        dbc.Row([
            dbc.Col(charts.graph(fig, "indicator-trend",
                                 f"Linjediagram: värde, målvärde och gul gräns för {org_name} "
                                 "per period."), lg=7),
            dbc.Col([html.Div(dbc.Table([head, html.Tbody(body)], size="sm",
                                        className="kr-table", id="indicator-trend-table"),
                              className="table-responsive"),
                     html.P(note, className="small text-muted", id="indicator-trend-note")
                     if note else None], lg=5),
        ]),
    ], className="mt-4", id="indicator-trend-section")
