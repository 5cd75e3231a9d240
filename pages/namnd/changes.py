"""'Sedan <föregående period>' on /namnd/<id>: the board's goals whose light went up or down,
its new red goals and its indicators whose outcome arrived since the previous period — in
words, each linking to its goal or indicator page. Data: `data.Changes` (the page's loader)."""

from __future__ import annotations

from dash import dcc, html

from ils.labels import fmt_value, light_label
from ils.periods import text as period_text
from ils.rules_periods import SCORED
from pages.namnd.data import Changes

SECTION_ID = "board-changes"
ARROW = {"upp": "↑", "ner": "↓"}


def _period(p: tuple[int, str]) -> str:
    return period_text(*p)


def _before(light: str | None) -> str:
    return light_label(light) if light in SCORED else "inget beräknat ljus"


def _goal_link(r: dict, query: str) -> dcc.Link:
    name = f"{r['code'] or ''} {r['title'] or r['goal_id']}".strip()
    return dcc.Link(name, href=f"/mal/{r['goal_id']}{query}")


def _goal_item(r: dict, query: str) -> html.Li:
    arrow = ARROW.get(r["change"] or "")
    return html.Li([
        html.Span(arrow, className=f"kr-change kr-change-{r['change']} me-1",
                  **{"aria-hidden": "true"}) if arrow else None,
        _goal_link(r, query), f": {_before(r['light_previous'])} → {light_label(r['light'])}"])


def _indicator_item(r: dict, board: str, query: str) -> html.Li:
    was = {"prognos": "prognos"}.get(r["basis_previous"] or "", "inget utfall")
    name = r.get("name") or r["indicator_id"]
    sep = "&" if query else "?"
    return html.Li([
        dcc.Link(name, href=f"/indikator/{r['indicator_id']}{query}{sep}org={board}"),
        f": utfall {fmt_value(r['value'], r.get('unit'))}, {light_label(r['light'])} "
        f"(förra perioden: {was})"])


FOLD_OVER = 5  # a longer list is folded (the section stays compact)


def _group(title: str, items: list, key: str) -> html.Div | None:
    if not items:
        return None
    ul = html.Ul(items, className="mb-1", id=f"{SECTION_ID}-{key}")
    if len(items) > FOLD_OVER:
        return html.Details([html.Summary(f"{title} ({len(items)})", className="fw-semibold"),
                             ul], className="mt-2")
    return html.Div([html.H3(f"{title} ({len(items)})", className="h6 mt-2 mb-1"), ul])


def section(c: Changes | None, board: str, query: str) -> html.Section | None:
    """The section, or None when the page has no changes to speak of (no data)."""
    if c is None:
        return None
    if c.previous is None:
        return html.Section([
            html.H2("Sedan föregående period", className="h5 mt-4"),
            html.P(f"{_period(c.period)} är den första perioden i data. Det finns ingen "
                   "tidigare period att jämföra med.", className="text-muted small")],
            id=SECTION_ID)
    goals = c.goals.to_dicts()
    down = [_goal_item(r, query) for r in goals if r["change"] == "ner"]
    up = [_goal_item(r, query) for r in goals if r["change"] == "upp"]
    red = [html.Li([_goal_link(r, query), f": {light_label('rod')} (förra perioden: "
                                          f"{_before(r['light_previous'])})"])
           for r in goals if r["new_red"]]
    arrived = [_indicator_item(r, board, query) for r in c.indicators.to_dicts()]
    prev = _period(c.previous)
    said = []
    if not (down or up or red):
        said.append("Inget av nämndens verksamhetsområdesmål har gått upp eller ner eller "
                    "blivit rött.")
    if not arrived:
        said.append("Inga av nämndens indikatorer har fått utfall.")
    intro = " ".join(said) if said else f"Nämndens verksamhetsområdesmål och indikatorer " \
                                         f"jämförda med {prev}."
    return html.Section([
        html.H2(f"Sedan {prev}", className="h5 mt-4"),
        html.P(intro, className="small text-muted mb-1"),
        _group("Mål som gått ner", down, "down"),
        _group("Mål som gått upp", up, "up"),
        _group("Nya röda mål", red, "red"),
        _group("Nya utfall", arrived, "arrived"),
    ], id=SECTION_ID, className="small")
