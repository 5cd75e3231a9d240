"""The agenda's items as the controllers read them: words per kind, one sentence of facts per
item (shared by the page and the exported file), and a VOM section's body: board → items."""

from __future__ import annotations

from dash import dcc, html

from components.comparison_parts import folded, gap_marker, goal_href
from components.lights import assessment_badge, light_badge
from ils.labels import ASSESSMENT_LABEL, fmt_value, indicator_counts, light_label

KIND_LABEL = {
    "rod_gul": "Rött eller gult ljus",
    "nedgradering": "Nedgradering sedan förra perioden",
    "oenighet": "Självskattningen mer positiv än indikatorerna",
    "prognos": "Prognos",
    "prognos_gron": "Grönt på prognos",
    "saknas": "Utfall eller målvärde saknas",
    "motivering_saknas": "Motivering saknas",
}
KIND_SHORT = {"rod_gul": "Rött/gult", "nedgradering": "Nedgradering", "oenighet": "Oenighet",
              "prognos": "Prognos", "prognos_gron": "Grönt på prognos", "saknas": "Saknas",
              "motivering_saknas": "Ingen motivering"}


def describe(item: dict, ind_name: str | None, unit: str | None, prev: tuple[int, str],
             period: str) -> str:
    """One sentence with the facts of an item (plain text)."""
    kind, reason = item["kind"], item["reason"]
    light = light_label(item["light"], item.get("basis")).lower()
    if kind == "rod_gul":
        return (f"Beräknat ljus: {light} (poäng {_score(item['score'])}; "
                f"{indicator_counts(item)})"
                + ("; självskattningen instämmer." if reason == "gul_samstammig"
                   else "."))
    if kind == "nedgradering":
        return (f"Ljuset har gått från {light_label(item['light_prev']).lower()} i "
                f"{prev[1]} {prev[0]} till {light} i {period}.")
    if kind == "oenighet":
        own = ASSESSMENT_LABEL.get(item["self_assessment"] or "", "–").lower()
        basis = f" (underlag: {item['assessment_basis']})" if item.get("assessment_basis") else ""
        return (f"Nämnden bedömer målet {own}{basis}, indikatorerna ger {light} "
                f"(+{item['gap']} steg).")
    if kind == "motivering_saknas":
        why = ("ingen självskattning är lämnad" if reason == "ingen_skattning"
               else "självskattningen saknar motivering")
        return f"Avvikelse ({light}{_gap_words(item)}) men {why}."
    name = ind_name or item["indicator_id"]
    target = fmt_value(item["target"], unit)
    if kind == "prognos" and reason == "brast":
        return (f"{name}: prognosen i T2 ({fmt_value(item['value_t2'], unit)}) gav uppfyllt, "
                f"utfallet i VB ({fmt_value(item['value'], unit)}) gav {light}; målvärde {target}.")
    if kind in ("prognos", "prognos_gron"):
        return (f"{name}: utfall saknas, ljuset {light} vilar på prognosen "
                f"{fmt_value(item['value'], unit)}; målvärde {target}.")
    if reason == "mal":
        return f"{name}: saknar målvärde för året (ej målsatt)."
    return f"{name}: utfall saknas; målvärde {target}."


def _score(x) -> str:
    return "–" if x is None else f"{x:.2f}".replace(".", ",")


def _gap_words(item: dict) -> str:
    return ", självskattningen mer positiv" if (item.get("gap") or 0) > 0 else ""


def _item_li(item: dict, inds: dict, prev, period: str, query: str, note=None) -> html.Li:
    """One item: kind, the light(s) as compact badges (their labels are their accessible
    names; the sentence says it in words too), the facts, the indicator's link. Few
    components per item: an agenda at scale 1 has hundreds."""
    name, unit = inds.get(item["indicator_id"], (None, None))
    kind = item["kind"]
    if kind == "nedgradering":
        badges = [light_badge(item["light_prev"], compact=True,
                              label=f"{prev[1]}: {light_label(item['light_prev'])}"), "→",
                  light_badge(item["light"], compact=True,
                              label=f"{period}: {light_label(item['light'])}")]
    elif kind == "oenighet":
        badges = [gap_marker(item["gap"])]
    elif kind in ("rod_gul", "motivering_saknas"):
        badges = [light_badge(item["light"], compact=True)]
    else:
        badges = [light_badge(item["light"], item.get("basis"), compact=True)]
    link = (dcc.Link(name or item["indicator_id"], href=f"/indikator/{item['indicator_id']}{query}")
            if item["indicator_id"] else None)
    facts = describe(item, name, unit, prev, period)
    if link is not None:  # the sentence starts with the indicator's name: make it the link
        facts = facts[len(name or item["indicator_id"]):]
    return html.Li([html.Span(KIND_SHORT[kind], className=f"kr-kind kr-kind-{kind}"), *badges,
                    " ", link, facts, note(item) if note else None],
                   className="list-group-item kr-agenda-item")


def board_block(org_id: str, name: str, vom_id: str, rows: list[dict], goal: dict | None,
                inds: dict, prev, period: str, query: str, city: bool = False,
                note=None) -> html.Div:
    """One board (or, `city`, Hela staden) under a VOM: its light, self-assessment and text,
    then its items."""
    g = goal or rows[0]
    href = f"/{query}" if city else goal_href(org_id, vom_id, query)
    head = html.Div([
        html.H3(dcc.Link(name, href=href), className="h6 mb-1 me-2"),
        light_badge(g.get("light"), label=f"Beräknat: {light_label(g.get('light'))}"),
        assessment_badge(g.get("self_assessment")),
    ], className="d-flex flex-wrap align-items-center gap-2")
    text = g.get("motivation")
    who = "Stadens" if city else "Nämndens"
    motivation = html.Div([html.Span(f"{who} motivering: ", className="fw-semibold small"),
                           folded(text) if text and text.strip() else
                           html.Span("Ingen motivering lämnad.", className="text-muted small")],
                          className="kr-motivation my-1")
    return html.Div([head, motivation,
                     html.Ul([_item_li(r, inds, prev, period, query, note) for r in rows],
                             className="list-group list-group-flush mb-3")],
                    className="kr-agenda-board", id=f"mote-{vom_id}-{org_id}")


def section_body(a, items, query: str, note=None) -> list:
    """The board blocks of one VOM's items (`a`: `queries.read.agenda_views.Agenda`, `items`: the
    VOM's items the filters keep, in agenda order; `note(item)`: an item's note block,
    `pages.mote.notes.for_items`)."""
    inds = {r["id"]: (r["name"], r["unit"]) for r in a.indicators.iter_rows(named=True)}
    goal_rows = {(r["goal_id"], r["org_id"]): r for r in a.goals.iter_rows(named=True)}
    names = a.names
    groups: dict[tuple, list] = {}
    for r in items.iter_rows(named=True):  # already in agenda order
        groups.setdefault((r["vom_id"], r["org_id"]), []).append(r)
    if not groups:
        return [html.P("Inga punkter med de valda filtren.", className="text-muted")]
    return [board_block(o, names.get(o, o), v, rows, goal_rows.get((v, o)), inds, a.prev,
                        a.period, query, city=o == a.scope.stad_id, note=note)
            for (v, o), rows in groups.items()]
