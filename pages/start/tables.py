"""The overview's tables, declared once for screen and Excel: the city's VOMs (light, score,
counts, change since the previous period, kommunstyrelsen's assessment) and the matrix
VOM × nämnd (its columns are the VOMs in force, so that declaration is made from them)."""

from __future__ import annotations

import polars as pl
from dash import dcc, html

from components.explain import why_button
from components.lights import assessment_badge, light_badge
from components.lights import goal_light as lights_of
from components.table import Col, Table
from ils.labels import (
    ASSESSMENT_LABEL,
    KIND_GROUP_LABEL,
    LIGHT_LABEL,
    coverage_text,
    indicator_counts,
    light_label,
    state_label,
)
from ils.progress import worst_first
from pagekit import view
from pagekit.downloads import loaded
from pages.start.data import board_summary, city_rows, load

VIEW = view.of(__name__)  # its tables' name: /data/start/…

CHANGE = {"upp": ("↑", "Bättre"), "ner": ("↓", "Sämre"), "oforandrad": ("→", "Oförändrat")}


def goal_light(r: dict, env: dict | None = None):
    """The goal light; when it rests on forecasts (§3.8), hollow and with 'på utfall: …';
    with `env["why"]` = (org, year, period), its 'Varför denna färg?' button."""
    if not r.get("has_light", True) or r.get("light") is None:
        return html.Span("Inga indikatorer", className="text-muted small")
    if r.get("state") == "ej_malsatt":  # §3.8: no target, nothing missing
        parts = [light_badge("ej_malsatt")]
        if env and env.get("why"):
            org, year, period = env["why"]
            parts.append(why_button(r["goal_id"], org, year, period,
                                    f"{r['code'] or ''} {r['title']}, staden".strip()))
        return html.Span(parts, className="d-inline-flex flex-wrap align-items-center gap-1")
    parts = lights_of(r)
    if env and env.get("why"):
        org, year, period = env["why"]
        parts.append(why_button(r["goal_id"], org, year, period,
                                f"{r['code'] or ''} {r['title']}, staden".strip()))
    return html.Span(parts, className="d-inline-flex flex-wrap align-items-center gap-1")


def light_words(r: dict) -> str | None:
    if not r.get("has_light", True) or r.get("light") is None:
        return "Inga indikatorer"
    if r.get("state") == "ej_malsatt":
        return state_label("ej_malsatt")
    cov = coverage_text(r)
    if r.get("rests_on_forecast"):
        return (f"{light_label(r['light'], 'prognos')}; på utfall: "
                f"{LIGHT_LABEL[r['light_outcome_only']]}" + (f"; {cov}" if cov else ""))
    return light_label(r["light"]) + (f"; {cov}" if cov else "")


def change_cell(r: dict, env: dict):
    got = CHANGE.get(r.get("change") or "")
    if got is None:
        return html.Span("–", title="Ingen jämförelse", className="text-muted")
    arrow, word = got
    text = f"{word} sedan {env.get('previous', 'förra perioden')}"
    return html.Span([html.Span(arrow, **{"aria-hidden": "true"}),
                      html.Span(text, className="visually-hidden")], title=text,
                     className=f"kr-change kr-change-{r['change']}")


VOMS = Table("goals", (
    Col("Mål", "code", th=True),
    Col("Verksamhetsområdesmål", "title",
        cell=lambda r, env: dcc.Link(r["title"], href=f"/mal/{r['goal_id']}{env['query']}")),
    Col("Ljus", light_words, cell=goal_light),
    Col("Poäng", "score", kind="decimal", decimals=2),
    # these count the goal's indicators (§3.8: say what is counted)
    Col("Indikatorer uppfyllda", "n_green", kind="integer"),
    Col("Indikatorer delvis uppfyllda", "n_yellow", kind="integer"),
    Col("Indikatorer ej uppfyllda", "n_red", kind="integer"),
    Col("Indikatorer utan utfall", "n_missing", kind="integer"),
    Col("Indikatorer på prognos", "n_forecast", kind="integer"),
    Col("Vilar på prognos", lambda r: "Ja" if r.get("rests_on_forecast") else None,
        screen=False),
    Col("Förändring", lambda r: {"upp": "Bättre", "ner": "Sämre", "oforandrad": "Oförändrat"}
        .get(r.get("change") or ""), cell=change_cell),
    Col("Kommunstyrelsens bedömning", lambda r: ASSESSMENT_LABEL.get(r.get("self_assessment")
                                                                    or ""),
        cell=lambda r, env: assessment_badge(r.get("self_assessment"),
                                             prefix="Kommunstyrelsens bedömning")),
), empty="Inga verksamhetsområdesmål gäller detta år.")


def voms_worst_first(rows: list[dict]) -> list[dict]:
    return worst_first(pl.DataFrame(rows, infer_schema_length=None), name="code").to_dicts() \
        if rows else rows


def _vom_cell(vom: dict):
    def cell(r: dict, env: dict):
        row = r["lights"].get(vom["id"])
        state = row.get("state", row["light"]) if row is not None else None
        if state in (None, "inga_indikatorer"):  # §3.8: not a light
            return html.Span("–", title=f"{r['name']}, mål {vom['code']}: Inga indikatorer",
                             className="text-muted")
        forecast = bool(row.get("rests_on_forecast"))
        positive = (row.get("gap") or 0) > 0
        text = (f"{r['name']}, mål {vom['code']}: "
                f"{state_label(state, 'prognos' if forecast else None)}"
                f" – {indicator_counts(row)}"
                + ("; nämnden bedömer målet mer positivt än indikatorerna" if positive else ""))
        badge = light_badge(state, "prognos" if forecast else None, compact=True, label=text)
        mark = html.Span("+", className="kr-positive-mark", **{"aria-hidden": "true"}) \
            if positive else None
        return dcc.Link([badge, mark], className="kr-cell-link",
                        href=f"/namnd/{r['id']}{env['query']}&mal={vom['id']}#mal-{vom['id']}")
    return cell


def _vom_value(vom_id: str):
    def value(r: dict):
        row = r["lights"].get(vom_id)
        if row is None or row.get("state") == "inga_indikatorer":
            return "Inga indikatorer" if row is not None else None
        words = state_label(row.get("state", row["light"]),
                            "prognos" if row.get("rests_on_forecast") else None)
        return words + (" (+)" if (row.get("gap") or 0) > 0 else "")
    return value


def matrix(voms: pl.DataFrame) -> Table:
    """The matrix's declaration for the VOMs in force: board, kind (sheet only), its summary
    (mean score, reds, goals assessed more positively), one light column per VOM."""
    return Table("matrix", (
        Col("Nämnd", "name", th=True,
            cell=lambda r, env: dcc.Link(r["name"], href=f"/namnd/{r['id']}{env['query']}")),
        Col("Typ", lambda r: KIND_GROUP_LABEL.get(r["kind"], r["kind"]), screen=False),
        Col("Medelpoäng", "score", kind="decimal", decimals=2),
        Col("Ej uppfyllda", "n_red", kind="integer"),
        Col("Mer positiv än indikatorerna", "n_positive", kind="integer"),
        *[Col(f"{v['code']} {v['title']}", _vom_value(v["id"]), cell=_vom_cell(v))
          for v in voms.iter_rows(named=True)],
    ), empty="Dataunderlaget har inga nämnder, bara staden: det finns inga nämndljus att visa "
             "per mål.")


def matrix_rows(d, order: str | None = None) -> list[dict]:
    """One row per board with its VOM lights and summary (`d`: StartData); by kind and name,
    or worst first (§3.8) when `order` is "varst"."""
    by_org: dict[str, dict] = {}
    for r in d.lights.iter_rows(named=True):
        by_org.setdefault(r["org_id"], {})[r["goal_id"]] = r
    summary = board_summary(d)["rows"]
    rows = [{**b, "lights": by_org.get(b["id"], {}),
             **{k: (summary.get(b["id"]) or {}).get(k) for k in ("score", "n_red", "n_positive")}}
            for b in d.boards.iter_rows(named=True)]
    if order == "varst" and rows:
        ranked = worst_first(pl.DataFrame([{k: r[k] for k in ("id", "name", "score", "n_red")}
                                           for r in rows]), name="name")["id"].to_list()
        pos = {i: n for n, i in enumerate(ranked)}
        rows.sort(key=lambda r: pos[r["id"]])
    return rows


def column_summary(d, vom_id: str) -> dict[str, int]:
    got = d.lights.filter((pl.col("goal_id") == vom_id) & (pl.col("org_id") != d.stad_id))
    return {lt: got.filter(pl.col("light") == lt).height for lt in ("gron", "gul", "rod")}


def _period(args: dict):
    return loaded(load, args)


def _matrix_export(args: dict):
    d = _period(args)
    return d and matrix(d.voms).export(matrix_rows(d, args.get("sort")),
                                       f"Verksamhetsområdesmål per nämnd {d.ctx.period} {d.ctx.year}")


def _goals_export(args: dict):
    d = _period(args)
    if d is None:
        return None
    rows = city_rows(d)
    rows = voms_worst_first(rows) if args.get("sort") == "varst" else rows
    return VOMS.export(rows, f"Stadens mål {d.ctx.period} {d.ctx.year}")


VIEW.table("matrix", _matrix_export)
VIEW.table("goals", _goals_export)
