"""'Varför denna färg?': every goal light opens an explanation of how it was set. The button,
the dialog and the explanation; `pagekit.explain` fills the dialog when a button is pressed."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from components.lights import goal_light, light_badge
from ils.labels import fmt_number, fmt_value, indicator_counts
from ils.rules_periods import SCORE, RuleParams


def why_button(goal_id: str, org_id: str, year: int, period: str, label: str) -> html.Button:
    """A small button beside a goal light; `label` names the goal and org for screen readers."""
    return html.Button("?", id={"type": "why", "goal": goal_id, "org": org_id, "year": year,
                                "period": period},
                       className="btn btn-link btn-sm kr-why p-0 ms-1",
                       title="Varför denna färg?", **{"aria-label": f"Varför denna färg? {label}"})


def why_modal() -> dbc.Modal:
    return dbc.Modal([
        dbc.ModalHeader(dbc.ModalTitle("Varför denna färg?", id="why-title")),
        dbc.ModalBody(id="why-body"),
    ], id="why-modal", is_open=False, size="xl", scrollable=True)


def explanation(goal_row: dict, ind: pl.DataFrame, names: dict[str, str], units: dict,
                params: RuleParams) -> html.Div:
    """The explanation of one goal light from its row (rules.goal_lights) and indicator rows."""
    scored = ind.filter(pl.col("light").is_in(list(SCORE)))
    score = goal_row.get("score")
    rows = [html.Tr([
        html.Td(names.get(r["indicator_id"], r["indicator_id"])),
        html.Td("KF" if r["decided_by"] == "kf" else "Egen"),
        html.Td(fmt_value(r["value"], units.get(r["indicator_id"])), className="text-end"),
        html.Td(fmt_value(r["target"], units.get(r["indicator_id"])), className="text-end"),
        html.Td(fmt_value(r["yellow_limit"], units.get(r["indicator_id"])), className="text-end"),
        html.Td((r["basis"] or "–").capitalize()),
        html.Td(light_badge(r["light"], r["basis"])),
        html.Td(fmt_number(SCORE.get(r["light"])) if r["light"] in SCORE else "räknas inte",
                className="text-end"),
    ]) for r in ind.sort("light", "indicator_id").iter_rows(named=True)]
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "Indikator", "Beslutad av", "Värde", "Målvärde", "Gul gräns", "Underlag", "Ljus",
        "Poäng")]))
    facts = [
        html.Li(["Ljus: ", *goal_light(goal_row)], className="kr-why-light"),
        html.Li(f"Poäng: {fmt_number(score, 2)} av 1 (medelvärde av {len(scored)} indikatorer "
                f"med ljus: uppfyllt = 1, delvis = 0,5, ej = 0)" if score is not None
                else "Ingen indikator har ett utfall eller en prognos – inget ljus kan sättas."),
        html.Li(f"Gränser: grönt vid minst {fmt_number(params.green_threshold, 2)}, gult vid "
                f"minst {fmt_number(params.yellow_threshold, 2)}, annars rött. Tolerans för gul "
                f"gräns när ingen anges: {fmt_number(params.tolerance * 100)} % av målvärdet."),
        html.Li(f"{indicator_counts(goal_row)}."),
        html.Li("Ljuset vilar på prognoser: minst hälften av ljusen bygger på prognoser, eller "
                "ljuset på enbart utfall är ett annat.") if goal_row.get("rests_on_forecast")
        else None,
        html.Li(["Bara KF:s indikatorer: ", light_badge(goal_row["light_kf_only"]),
                 html.Span(" – samma beräkning utan nämndens egna indikatorer.",
                           className="ms-1")]),
    ]
    return html.Div([
        html.Ul(facts),
        dbc.Table([head, html.Tbody(rows)], bordered=False, hover=True, size="sm",
                  responsive=True, className="kr-table") if rows else
        html.P("Inga indikatorer räknas för detta mål här."),
    ])
