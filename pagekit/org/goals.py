"""The goals part of an organisation view: each VOM with the org's lights, self-assessment,
the goals of the org (and, for a department, of its units) below it, and its indicators in
a fold (`components/fold.py`) that the view's registered builder fills when opened."""

from __future__ import annotations

import re
from collections import Counter

import polars as pl
from dash import dcc, html

from components.explain import why_button
from components.fold import fold
from components.lights import assessment_badge, light_badge, state_badge
from components.lights import goal_light as _goal_light
from ils.labels import LEVEL_LABEL, count_words
from ils.signals import goals_in_force
from ils.voms import vom_of_goal
from pagekit.org.grid import indicator_grid
from pagekit.org.tables import COUNT_COLUMNS, INDICATORS, assessed
from queries.read.org_views import OrgData

SUB_LEVELS = ("namndmal", "enhetsmal")
MOTIVATION_FOLD = 280  # longer motivations are folded in a <details>


def fold_key(got: OrgData, vom_id: str) -> dict:
    """What a VOM's indicator fold needs to be built: the org, the VOM and the period."""
    return {"kind": "ind", "org": got.org["id"], "vom": vom_id, "ar": got.year,
            "period": got.period}


def fold_args(key: dict) -> dict | None:
    """The view's load arguments of a fold key from the browser; None when it is not one of
    ours (ids are strings; a forged key is answered 'Avsnittet finns inte', never an error)."""
    org, vom, period = key.get("org"), key.get("vom", ""), key.get("period")
    if not all(isinstance(v, str) for v in (org, vom, period)) or \
            not isinstance(key.get("ar"), (int, str)):
        return None
    return {"org_id": org, "ar": str(key["ar"]), "period": period}


GONE = "Avsnittet finns inte."


def vom_indicators(got: OrgData, vom: dict, whole_subtree: bool, query: str):
    """The indicator table of one VOM: the org's own (a semantic table), or its whole
    subtree's, each row named with its org (a department: a grid when long)."""
    ind = got.indicators(None if whole_subtree else [got.org["id"]])
    ind = ind.filter(pl.col("vom_id") == vom["id"])
    caption = f"Indikatorer för {vom['code'] or ''} {vom['title']}"
    if ind.is_empty():  # say who has none, for which goal and period (not an empty table)
        who = {"namnd": "Nämnden", "avdelning": "Avdelningen", "enhet": "Enheten"}.get(
            got.org["level"], "Organisationen")
        below = " eller dess enheter" if whole_subtree else ""
        return html.P(f"{who}{below} har inga indikatorer som räknas för mål "
                      f"{vom['code'] or vom['title']} i {got.period} {got.year}.",
                      className="text-muted small mb-0 kr-empty")
    if whole_subtree:  # long in a big department: a grid
        gid = re.sub(r"[^A-Za-z0-9_-]", "-", f"kr-grid-{got.org['id']}-{vom['id']}")
        return indicator_grid(ind, query, gid, caption)
    return INDICATORS.html(ind, {"query": query}, caption=caption)


def fold_body(got: OrgData, key: dict, whole_subtree: bool, query: str):
    """The body of a VOM's indicator fold (what the view's fold builder returns)."""
    vom = got.ds.goals.filter(pl.col("id") == key.get("vom"))
    if vom.is_empty():
        return html.P("Målet finns inte.", className="text-muted")
    return vom_indicators(got, vom.row(0, named=True), whole_subtree, query)


def count_summary(ind: pl.DataFrame) -> str:
    """'3 indikatorer: 1 uppfyllt, 1 delvis, 1 ej uppfyllt, 0 utan utfall'."""
    if ind.is_empty():
        return "Inga indikatorer"
    seen = Counter(ind["light"].to_list())
    n = {k: seen.get(k, 0) for k, _ in COUNT_COLUMNS}
    text = (f"{len(ind)} indikator{'er' if len(ind) != 1 else ''}: "
            f"{count_words(n['gron'], 'uppfylld', 'uppfyllda')}, {n['gul']} delvis, "
            f"{count_words(n['rod'], 'ej uppfylld', 'ej uppfyllda')}, {n['saknas']} utan utfall")
    if "basis" in ind.columns:  # §3.8: a summary counts the lights on forecasts too
        fc = ind.filter((pl.col("basis") == "prognos")
                        & pl.col("light").is_in(["gron", "gul", "rod"])).height
        text += f", {fc} på prognos" if fc else ""
    return text + (f", {n['ej_malsatt']} ej målsatta" if n["ej_malsatt"] else "")


def scope_goals(got: OrgData, org_ids: list[str]) -> pl.DataFrame:
    """The nämndmål/enhetsmål owned by `org_ids`, plus the nämndmål above their enhetsmål
    (so a unit's åtagande shows under its board's nämndmål); with vom_id."""
    goals = goals_in_force(got.ds.goals, got.year)
    mine = goals.filter(pl.col("level").is_in(SUB_LEVELS) & pl.col("org_id").is_in(org_ids))
    parents = goals.filter(pl.col("id").is_in(mine["parent_id"].implode())
                           & (pl.col("level") == "namndmal"))
    return (pl.concat([mine, parents]).unique("id", maintain_order=True)
            .join(vom_of_goal(goals), left_on="id", right_on="goal_id", how="left"))


def goal_overview(view: str, got: OrgData, ctx, selected: str | None, *, all_voms: bool,
                  whole_subtree: bool) -> list:
    """The h2/h3 goal sections of an org view. `all_voms`: every VOM in force (a board),
    else only those the org has something for. `whole_subtree`: goals and indicators of the
    org and everything below it, each named with its org (a department); else the org's own.
    `view` names the view whose fold builder loads the folded indicator tables."""
    org = got.org
    in_force = goals_in_force(got.ds.goals, got.year).sort("code", "id", nulls_last=True)
    ims = in_force.filter(pl.col("level") == "inriktningsmal")
    voms = in_force.filter(pl.col("level") == "verksamhetsomradesmal")
    own = got.ids if whole_subtree else [org["id"]]
    sub, ind = scope_goals(got, own), got.indicators(own)
    lights, own_assessed = got.goal_rows(org["id"]), assessed(got)
    rolled = got.rollup  # §3.8 computed by the view's (cached) loader: here only shown
    names = dict(got.ds.organisation.select("id", "name").iter_rows())
    query = ctx.query()
    blocks = {}
    ind_by, sub_by = _by_vom(ind), _by_vom(sub)
    for v in voms.iter_rows(named=True):
        vid = v["id"]
        v_ind = ind_by.get(vid, ind.clear())
        v_goals = sub_by.get(vid, sub.clear())
        if not (all_voms or len(v_ind) or len(v_goals) or vid in lights or vid in own_assessed):
            continue
        # a unit's few indicators and the selected VOM's are shown; others load when opened
        shown = vid == selected or org["level"] == "enhet"
        details = fold(view, fold_key(got, vid),
                       "Visa indikatorerna – " + count_summary(v_ind),
                       vom_indicators(got, v, whole_subtree, query) if shown else None,
                       open_=shown, className="kr-vom-indicators") if len(v_ind) else \
            vom_indicators(got, v, whole_subtree, query)  # none: the sentence, not a fold
        blocks[vid] = vom_block(
            v, org, ctx, light=lights.get(vid), assessment=own_assessed.get(vid),
            rollup=rolled.get(vid),
            goals=goal_list(v_goals, names, show_owner=org["level"] != "namnd"),
            indicators=details, selected=vid == selected)
    if not blocks:
        return [html.P("Inga mål eller indikatorer finns för denna period.",
                       className="text-muted")]
    return [*lower_ambition_note(got, own), *goal_sections(ims, voms, blocks, selected)]


def lower_ambition_note(got: OrgData, org_ids: list[str]) -> list:
    """§3.8 how many of these orgs' own targets of KF's indicators this year are less
    ambitious than KF's (each flagged in the indicator tables); nothing when they have none."""
    rows = got.lower_rows(org_ids)  # the loader's: the subtree's own targets of the year
    if rows.is_empty():
        return []
    n = int(rows["lower_ambition"].sum())
    return [html.P(f"{n} av {len(rows)} egna målvärden för kommunfullmäktiges indikatorer "
                   f"{got.year} är mindre ambitiösa än KF:s"
                   + (" (markerade i indikatortabellerna)." if n else "."),
                   className="kr-lower-ambition-count" + (" fw-semibold" if n else ""))]


def _by_vom(df: pl.DataFrame) -> dict[str, pl.DataFrame]:
    """Rows per vom_id, order kept (one pass instead of a filter per VOM)."""
    return {k[0]: part for k, part in df.partition_by("vom_id", as_dict=True,
                                                      maintain_order=True).items()}


def goal_list(goals: pl.DataFrame, org_names: dict, *,
              show_owner: bool = False) -> html.Ul | None:
    """Nämndmål with the enhetsmål/åtaganden under them (titles as plain text)."""
    if goals.is_empty():
        return None
    ids = set(goals["id"].to_list())
    items = []
    for g in goals.filter(~pl.col("parent_id").is_in(list(ids))).sort("level", "title") \
            .iter_rows(named=True):
        kids = goals.filter(pl.col("parent_id") == g["id"]).sort("title")
        sub = html.Ul([_goal_item(k, org_names, show_owner) for k in kids.iter_rows(named=True)],
                      className="mb-1") if len(kids) else None
        items.append(html.Li([*_goal_item(g, org_names, show_owner).children, sub]))
    return html.Ul(items, className="kr-goals mb-2")


def _goal_item(g: dict, org_names: dict, show_owner: bool) -> html.Li:
    owner = f" ({org_names.get(g['org_id'], g['org_id'])})" if show_owner else ""
    return html.Li([html.Span(LEVEL_LABEL[g["level"]] + owner + ": ",
                              className="text-muted small"), g["title"]])


def motivation_text(text: str | None) -> html.Div | None:
    """The self-assessment's motivation as plain text; long ones folded."""
    if not text:
        return None
    if len(text) <= MOTIVATION_FOLD:
        return html.P(["Motivering: ", text], className="small mb-1 kr-motivation")
    return html.Details([html.Summary(f"Motivering: {text[:160].rstrip()} … (visa hela)",
                                      className="small"),
                         html.P(text, className="small mb-1 kr-motivation")])


def computed_light(light: dict) -> list:
    """The org's goal light; when it rests on forecasts (§3.8) hollow, with the light on
    outcomes only beside it ('på utfall: …'); and its coverage ('7 av 9 på prognos')."""
    return _goal_light(light)


def gap_text(gap: int | None) -> str | None:
    """'+1 mer positiv än indikatorerna' / '−1 mer negativ än indikatorerna'; None when the
    self-assessment agrees with the light or cannot be compared (§3.4)."""
    if not gap:
        return None
    return (f"+{gap} mer positiv" if gap > 0 else f"−{-gap} mer negativ") + " än indikatorerna"


def gap_badge(gap: int | None) -> html.Span | None:
    """The gap between the org's self-assessment and its light, as a badge (more positive
    stands out); None when there is none."""
    words = gap_text(gap)
    if words is None:
        return None
    return html.Span(words, className="kr-gap badge ms-2 "
                     + ("text-bg-warning" if gap > 0 else "text-bg-info"))


def vom_block(vom: dict, org: dict, ctx, *, light: dict | None, assessment: dict | None,
              goals: html.Ul | None, indicators: html.Details | html.P, rollup: str | None = None,
              selected: bool = False) -> html.Section:
    """One VOM on an org view: computed light (+ why), KF-only light, self-assessment with
    basis and motivation, the goals below it, and its (folded) indicators."""
    label = f"{vom['code'] or ''} {vom['title']}, {org['name']}".strip()
    state = light.get("state", light["light"]) if light is not None else None
    if state is None or state == "inga_indikatorer":  # §3.8: not a light, nothing missing
        lights = [html.Span("Beräknat: ", className="small text-muted"),
                  state_badge(None, label="Inga egna indikatorer"
                              if org["level"] == "avdelning" else None)]
    elif state == "ej_malsatt":  # its indicators all lack a target: no light, no KF light
        lights = [html.Span("Beräknat: ", className="small text-muted"),
                  state_badge("ej_malsatt"),
                  why_button(vom["id"], org["id"], ctx.year, ctx.period, label)]
    else:
        lights = [html.Span("Beräknat: ", className="small text-muted"),
                  *computed_light(light),
                  why_button(vom["id"], org["id"], ctx.year, ctx.period, label),
                  html.Span("Bara KF:s indikatorer: ", className="small text-muted ms-3"),
                  light_badge(light["light_kf_only"])]
    if rollup is not None:  # beside the org's own light, never in its place
        lights += [html.Span("Enheternas samlade ljus: ", className="small text-muted ms-3"),
                   html.Span(light_badge(rollup), className="kr-rollup")]
    own = [html.Span("Självskattning: ", className="small text-muted ms-3"),
           assessment_badge(assessment["assessment"] if assessment else None)]
    if assessment and assessment.get("basis"):
        own.append(html.Span(f" Grund: {assessment['basis']}", className="small text-muted"))
    badge = gap_badge(light.get("gap") if light and assessment else None)
    if badge is not None:
        own.append(badge)
    return html.Section([
        html.H3([html.Span(vom["code"] or "", className="kr-code me-2"),
                 dcc.Link(vom["title"], href=f"/mal/{vom['id']}{ctx.query()}")],
                className="h6 mb-2"),
        html.Div(lights + own, className="d-flex flex-wrap align-items-center gap-1 mb-2"),
        motivation_text(assessment.get("motivation") if assessment else None),
        goals,
        indicators,
    ], id=f"mal-{vom['id']}", className="kr-vom border rounded p-2 mb-2"
       + (" kr-selected border-primary border-2" if selected else ""),
        **{"aria-label": label})


def goal_sections(ims: pl.DataFrame, voms: pl.DataFrame, blocks: dict, selected: str | None):
    """The VOM blocks under their inriktningsmål (h2); the selected VOM first, under 'Valt mål'."""
    out = []
    if selected in blocks:
        out.append(html.Section([html.H2("Valt mål", className="h5 mt-2"), blocks[selected]],
                                className="kr-selected-goal"))
    for im in ims.iter_rows(named=True):
        mine = [blocks[v] for v in voms.filter(pl.col("parent_id") == im["id"])["id"].to_list()
                if v in blocks and v != selected]
        if mine:
            out.append(html.Section([html.H2(im["title"], className="h5 mt-3"), *mine],
                                    **{"aria-label": im["title"]}))
    return out
