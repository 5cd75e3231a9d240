"""The light: shape + text + colour, never colour alone (DOMAIN.md §3.7).

Its accessible name is the Swedish label ("Delvis uppfyllt (prognos)"). Forecast-based lights
are drawn hollow and dashed, so they differ in greyscale and on paper too.
"""

from __future__ import annotations

from dash import html

from ils.labels import ASSESSMENT_LABEL, LIGHT_LABEL, coverage_text, light_label, state_label

SHAPE = {"gron": "●", "gul": "▲", "rod": "■", "saknas": "○", "ej_malsatt": "–"}
HOLLOW = {"gron": "○", "gul": "△", "rod": "□"}
ASSESSMENT_LIGHT = {"uppfyllt": "gron", "delvis": "gul", "ej": "rod"}


def _shape(light: str, forecast: bool) -> str:
    return HOLLOW.get(light, SHAPE.get(light, "○")) if forecast else SHAPE.get(light, "○")


def light_badge(light: str | None, basis: str | None = None, *, compact: bool = False,
                label: str | None = None) -> html.Span:
    """A light. `compact` shows the shape only (the label stays its accessible name/tooltip)."""
    light = light if light in SHAPE else "saknas"
    forecast = basis == "prognos" and light in HOLLOW
    text = label or light_label(light, basis)
    cls = f"kr-light kr-light-{light}" + (" kr-forecast" if forecast else "")
    cls += " kr-compact" if compact else ""
    if compact:  # the shape alone; role=img makes the label its accessible name
        return html.Span(_shape(light, forecast), className=cls, role="img", title=text,
                         **{"aria-label": text})
    children = [html.Span(_shape(light, forecast), className="kr-shape", **{"aria-hidden": "true"}),
                html.Span(text, className="kr-label", **{"aria-hidden": "true"})]
    return html.Span(children, className=cls, role="img", title=text, **{"aria-label": text})


def state_badge(state: str | None, basis: str | None = None, *, compact: bool = False,
                label: str | None = None) -> html.Span:
    """A goal's §3.8 state (`ils.progress.goal_state`; None: no row, i.e. no indicator):
    'Inga indikatorer' is plain text, not a light — nothing is missing, nothing counts;
    'Ej målsatt' and the lights are drawn as `light_badge` draws them."""
    if state is None or state == "inga_indikatorer":
        text = label or state_label(None)
        if compact:
            return html.Span("–", className="kr-noind text-muted", role="img", title=text,
                             **{"aria-label": text})
        return html.Span(text, className="kr-noind text-muted small")
    return light_badge(state, basis, compact=compact, label=label)


def coverage(row: dict | None) -> html.Span | None:
    """§3.8 the coverage that goes with a goal light ('7 av 9 på prognos, 2 av 9 utan
    utfall'); None when every counted light rests on an outcome."""
    text = coverage_text(row)
    return html.Span(text, className="small text-muted kr-coverage") if text else None


def goal_light(row: dict, *, state: str | None = None) -> list:
    """A goal light as §3.8 draws it: hollow and '(prognos)' when it rests on forecasts, with
    the light on outcomes only beside it ('på utfall: …'), and its coverage. `state`
    (`ils.progress.goal_state`) replaces the light when given."""
    forecast = bool(row.get("rests_on_forecast"))
    parts = [state_badge(state or row.get("light"), "prognos" if forecast else None)]
    if forecast:
        parts.append(html.Span(f"på utfall: {LIGHT_LABEL[row.get('light_outcome_only') or 'saknas']}",
                               className="small text-muted kr-outcome-only"))
    cov = coverage(row)
    if cov is not None:
        parts.append(cov)
    return parts


def assessment_badge(assessment: str | None, *, compact: bool = False,
                     prefix: str = "Självskattning") -> html.Span:
    """A board's own assessment, drawn as a light with an outlined frame (not computed)."""
    if assessment not in ASSESSMENT_LABEL:
        return html.Span("Ingen självskattning", className="kr-noassess text-muted small")
    text = f"{prefix}: {ASSESSMENT_LABEL[assessment]}"
    badge = light_badge(ASSESSMENT_LIGHT[assessment], compact=compact, label=text)
    badge.className += " kr-assessment"
    if not compact:
        badge.children[1].children = ASSESSMENT_LABEL[assessment]
    return badge


def legend() -> html.Div:
    """What the shapes mean; shown in the shell's legend dialog and on the /om page."""
    rows = [html.Li([light_badge(k), html.Span(f" – {_legend_text(k)}", className="ms-1")])
            for k in LIGHT_LABEL]
    rows.append(html.Li([light_badge("gron", "prognos"),
                         html.Span(" – ihålig, streckad: ljuset vilar på en prognos, inte ett "
                                   "utfall (bara i tertialrapporterna)", className="ms-1")]))
    rows.append(html.Li([assessment_badge("delvis"),
                         html.Span(" – nämndens egen bedömning (självskattning), inte beräknad",
                                   className="ms-1")]))
    return html.Ul(rows, className="list-unstyled kr-legend mb-0")


def _legend_text(light: str) -> str:
    return {
        "gron": "värdet når målvärdet",
        "gul": "värdet når inte målvärdet men ligger inom toleransen (gula gränsen)",
        "rod": "värdet ligger utanför toleransen",
        "saknas": "inget utfall rapporterat; räknas inte in i bedömningen men visas",
        "ej_malsatt": "indikatorn saknar målvärde för året; räknas inte in",
    }[light]
