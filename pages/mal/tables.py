"""The goal page's tables, each declared once (screen and Excel): every board's light against
its self-assessment, the city's KF indicators (and a lower goal's own indicators, the same
columns), and the trend as a table (screen only)."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
from dash import dcc, html

from components.credit import kolada_credit
from components.explain import why_button
from components.lights import assessment_badge, goal_light, light_badge, state_badge
from components.table import Col, Table
from ils.labels import (
    ASSESSMENT_LABEL,
    BASIS_LABEL,
    LIGHT_LABEL,
    fmt_value,
    gap_label,
    light_label,
    state_label,
    sv_key,
)
from pagekit import view
from pagekit.downloads import loaded
from pages.mal.data import load

VIEW = view.of(__name__)  # its tables' name: /data/mal/…

SORTS = {"namn": "Nämnd", "ljus": "Beräknat ljus", "bedomning": "Självskattning",
         "gap": "Självskattning mot indikatorerna"}
LIGHT_ORDER = {"rod": 0, "gul": 1, "gron": 2, "saknas": 3}  # worst first
STATE_ORDER = {**LIGHT_ORDER, "ej_malsatt": 4, "inga_indikatorer": 5}  # grey, then no light
UNLIT = {"inga_indikatorer": "Inga indikatorer räknas för staden i detta mål: inget utfall "
                             "saknas, det finns inget att mäta.",
         "ej_malsatt": "Ingen av stadens indikatorer i detta mål har något målvärde för året: "
                       "ljuset kan inte räknas."}  # §3.8 states that are no light
ASSESS_ORDER = {"uppfyllt": 0, "delvis": 1, "ej": 2}  # most positive first


def sort_boards(rows: pl.DataFrame, key: str | None) -> pl.DataFrame:
    """Board rows (org_id, name, light, self_assessment, gap) in the order `?sort=` asks for."""
    rows = rows.with_columns(_name=pl.col("name").map_elements(sv_key, return_dtype=pl.String))
    if key == "ljus":
        state = "state" if "state" in rows.columns else "light"
        rows = rows.with_columns(_k=pl.col(state).replace_strict(STATE_ORDER, default=9))
    elif key == "bedomning":
        rows = rows.with_columns(_k=pl.col("self_assessment").replace_strict(ASSESS_ORDER,
                                                                             default=9))
    elif key == "gap":
        rows = rows.with_columns(_k=(-pl.col("gap")).fill_null(99))
    else:
        rows = rows.with_columns(_k=pl.lit(0))
    return rows.sort("_k", "_name").drop("_k", "_name")


def gap_text(gap: int | None) -> html.Span:
    words = gap_label(gap)
    steps = "" if gap in (None, 0) else f" ({gap:+d} steg)".replace("-", "−")
    cls = "text-muted" if gap is None else ("fw-semibold" if gap > 0 else "")
    return html.Span([words, html.Span(steps, className="small text-muted")], className=cls)


def _board_link(r: dict, env: dict):
    g = env["goal"]
    return dcc.Link(r["name"], href=f"/namnd/{r['org_id']}{env['ctx'].query(mal=g['id'])}"
                                    f"#mal-{g['id']}")


def _board_light(r: dict, env: dict) -> list:
    g, ctx = env["goal"], env["ctx"]
    state = r.get("state", r["light"])
    if state == "inga_indikatorer":  # §3.8: only a self-assessment; no light, no why
        return [state_badge(state)]
    if state == "ej_malsatt":
        return [state_badge(state)]
    return [*goal_light(r, state=state),
            why_button(g["id"], r["org_id"], ctx.year, ctx.period,
                       f"{r['name']}, mål {g['code'] or g['title']}")]


BOARDS = Table("boards", (
    Col("Nämnd", "name", th=True, cell=_board_link),
    Col("Beräknat ljus", lambda r: state_label(r.get("state", r["light"]), "prognos" if r.get(
        "rests_on_forecast") else None), cell=_board_light),
    Col("Poäng", "score", "decimal", screen=False),
    Col("Ljus på prognos", "n_forecast", "integer", screen=False),
    Col("Självskattning", lambda r: ASSESSMENT_LABEL.get(r["self_assessment"] or ""),
        cell=lambda r, env: assessment_badge(r["self_assessment"])),
    Col("Skillnad (steg)", "gap", "integer", screen=False),
    Col("Självskattning mot indikatorerna", lambda r: gap_label(r["gap"]),
        cell=lambda r, env: gap_text(r["gap"])),
), empty="Ingen nämnd har indikatorer eller en självskattning för detta mål i perioden.")


def _indicator_name(r: dict, env: dict) -> html.Span:
    out = [dcc.Link(r["name"], href=f"/indikator/{r['id']}{env['query']}")]
    info = env.get("info")
    credit = (kolada_credit(info, r, env["period"])
              if info is not None and r["value"] is not None else None)
    if credit:
        out.append(html.Span(f" {credit} ({r['kolada_kpi']})", className="small text-muted ms-1"))
    return html.Span(out, className="fw-normal")


def _with_unit(key: str):
    return lambda r, env: fmt_value(r[key], r["unit"])


def _target(r: dict, env: dict) -> list:
    """The target with its source when the row names one: '86 % (Riket, jämförelsevärde)'."""
    out = [fmt_value(r["target"], r["unit"])]
    if r.get("target_note") and r["target"] is not None:
        out.append(html.Span(f" ({r['target_note']})", className="small text-muted"))
    return out


KF = Table("kf", (
    Col("Indikator", "name", th=True, cell=_indicator_name),
    Col("Enhet", "unit", screen=False),
    Col("Värde", "value", "decimal", cell=_with_unit("value")),
    Col("Målvärde", "target", "decimal", cell=_target),
    Col("Gul gräns", "yellow_limit", "decimal", cell=_with_unit("yellow_limit")),
    Col("Underlag", lambda r: BASIS_LABEL.get(r["basis"] or "")),
    Col("Ljus", lambda r: light_label(r["light"] or "ej_malsatt", r["basis"]),
        cell=lambda r, env: light_badge(r["light"] or "ej_malsatt", r["basis"])),
    Col("Nyckeltal i Kolada", "kolada_kpi", screen=False),
    Col("Målvärdets källa", lambda r: r.get("target_note"), screen=False),
), empty="Målet har inga indikatorer beslutade av kommunfullmäktige.")
INDICATORS = replace(KF, name="indicators", columns=KF.columns[:-1],  # own targets: no source
                     empty="Målet har inga egna indikatorer.")


def _trend_city(r: dict, env: dict):
    return light_badge(r["city"]) if r["city"] else "–"


TREND = Table("trend", (
    Col("Period", "label", th=True),
    Col("Staden", lambda r: light_label(r["city"]) if r["city"] else None, cell=_trend_city),
    *[Col(f"Nämnder: {LIGHT_LABEL[lt].lower()}", lt, "integer") for lt in LIGHT_ORDER],
))


def title(goal: dict) -> str:
    return f"{goal['code']} {goal['title']}" if goal["code"] else goal["title"]


def _vom(args: dict):
    return loaded(load, args)


def _boards_export(args: dict):
    d = _vom(args)
    if d is None or d.vom is None:
        return None
    sort = args.get("sort") if args.get("sort") in SORTS else "namn"
    return BOARDS.export(sort_boards(d.vom.board_rows, sort),
                         f"Nämnderna för mål {title(d.goal)} {d.ctx.period} {d.ctx.year}",
                         {"Mål": title(d.goal)})


def _kf_export(args: dict):
    d = _vom(args)
    if d is None or d.vom is None:
        return None
    kolada = d.info.get("kolada") != "0" and d.vom.kf["kolada_kpi"].is_not_null().any()
    return KF.export(d.vom.kf, f"KF:s indikatorer för staden, mål {title(d.goal)} "
                               f"{d.ctx.period} {d.ctx.year}", {"Mål": title(d.goal)},
                     kolada=bool(kolada))


def _lower_export(args: dict):
    d = _vom(args)
    if d is None or d.lower is None:
        return None
    return INDICATORS.export(d.lower.indicators, f"Indikatorer för {d.goal['title']} "
                                                 f"{d.ctx.period} {d.ctx.year}",
                             {"Mål": d.goal["title"]})


VIEW.table(BOARDS.name, _boards_export)
VIEW.table(KF.name, _kf_export)
VIEW.table(INDICATORS.name, _lower_export)
