"""The indicator page's tables, declared once: the value against target per org (screen: a
semantic table for the city and the boards, a data grid for the many departments and units;
Excel/CSV: every org) and the trend of one org (screen only)."""

from __future__ import annotations

import polars as pl
from dash import dcc, html

from components.credit import kolada_credit
from components.lights import light_badge
from components.navigation import org_href
from components.table import Col, Table
from ils import provenance
from ils.labels import BASIS_LABEL, LEVEL_LABEL, fmt_value, light_label
from pagekit import view
from pagekit.downloads import loaded
from pages.indikator.data import IndikatorData, load

VIEW = view.of(__name__)  # its tables' name: /data/indikator/…


def org_link(r: dict, env: dict):
    href = org_href(r["level"], r["org_id"], env["query"])
    name = dcc.Link(r["name"], href=href) if href and r["level"] != "stad" else r["name"]
    return html.Span(name, className="fw-normal")


def trend_href(r: dict, env: dict) -> str:
    return f"/indikator/{r['indicator_id']}{env['query']}&org={r['org_id']}"


def _value(r: dict, env: dict) -> list:
    """The value, credited to Kolada when its source is Kolada (or, for the city, as the data
    set's Kolada credit says)."""
    out = [html.Span(fmt_value(r["value"], r["unit"]), className="text-nowrap")]
    credit = (provenance.SOURCE_CREDIT if r.get("value_source") == provenance.KOLADA
              else env.get("credit") if r["level"] == "stad" else None)
    if credit and r["value"] is not None:
        out.append(html.Span(f" ({credit})", className="small text-muted"))
    if r.get("revision"):
        out.append(html.Span(f" {r['revision']}", className="small kr-revision"))
    return out


def _target(r: dict, env: dict) -> list:
    """The target with where it comes from: '83 % (Riket, jämförelsevärde)'."""
    out = [html.Span(fmt_value(r["target"], r["unit"]), className="text-nowrap")]
    if r.get("target_note") and r["target"] is not None:
        out.append(html.Span(f" ({r['target_note']})", className="small text-muted"))
    if r.get("lower_ambition"):
        out += [" ", html.Span(LOWER_LABEL, className="badge text-bg-warning kr-lower")]
    return out


LOWER_LABEL = "Lägre än KF:s mål"
# the sheet's column of the same flag (§3.8: lower ambition, whichever the direction)
LOWER_HEADING = "Mindre ambitiöst än KF:s mål"


def _with_unit(key: str):
    return lambda r, env: fmt_value(r[key], r["unit"])


def _trend_link(r: dict, env: dict):
    return dcc.Link(["Visa", html.Span(f" utveckling för {r['name']}",
                                       className="visually-hidden")], href=trend_href(r, env))


def light_text(r: dict) -> str:
    return light_label(r["light"], r["basis"])


VALUES = Table("values", (
    Col("Organisation", "name", th=True, cell=org_link),
    Col("Nivå", lambda r: LEVEL_LABEL.get(r["level"] or ""), screen=False),
    Col("Enhet", "unit", screen=False),
    Col("Värde", "value", "decimal", cell=_value),
    Col("Målvärde", "target", "decimal", cell=_target),
    Col("Gul gräns", "yellow_limit", "decimal", cell=_with_unit("yellow_limit")),
    Col("Underlag", lambda r: BASIS_LABEL.get(r["basis"] or "")),
    Col("Ljus", light_text, cell=lambda r, env: light_badge(r["light"], r["basis"])),
    Col("Utveckling", lambda r: "Visa", cell=_trend_link, sheet=False),
    Col("Reviderat av Kolada", "revision", screen=False),  # on screen beside the value
    # on screen the flag stands beside the target (`_target`); the sheet has it as a column
    Col(LOWER_HEADING, lambda r: "Ja" if r.get("lower_ambition") else None, screen=False),
))

# an indicator without a Kolada KPI has no Kolada revision: its sheet has no such column
VALUES_NO_KOLADA = Table(VALUES.name, tuple(c for c in VALUES.columns
                                            if c.heading != "Reviderat av Kolada"))

TREND = Table("trend", (
    Col("Period", "label", th=True),
    Col("Värde", "value", "decimal", cell=_with_unit("value")),
    Col("Målvärde", "target", "decimal", cell=_with_unit("target")),
    Col("Underlag", lambda r: BASIS_LABEL.get(r["basis"] or "")),
    Col("Ljus", light_text, cell=lambda r, env: light_badge(r["light"], r["basis"])),
))


def value_rows(d: IndikatorData) -> pl.DataFrame:
    """Every org's row of the value table (the declared columns read these keys)."""
    return d.rows.with_columns(
        name=pl.col("name").fill_null(pl.col("org_id")), unit=pl.lit(d.ind["unit"], pl.String),
        indicator_id=pl.lit(d.ind["id"]),
        # a target's own source beside it; a plain KF target needs no note in this table
        target_note=pl.col("org_id").replace_strict(
            {o: n for o, n in d.target_notes.items() if n != provenance.KF_TARGET},
            default=None, return_dtype=pl.String),
        value_source=pl.col("org_id").replace_strict(d.value_sources, default=None,
                                                     return_dtype=pl.String),
        lower_ambition=pl.col("org_id").is_in(list(d.lower)),
        revision=pl.col("org_id").replace_strict(revision_by_org(d), default=None,
                                                 return_dtype=pl.String))


def revision_by_org(d: IndikatorData) -> dict[str, str]:
    """org → Kolada's changes of its shown value, newest first ('reviderat av Kolada …')."""
    out: dict[str, list[str]] = {}
    for org, year, old, new, when, kind in d.revisions:
        if year == d.ctx.year:
            out.setdefault(org, []).append(provenance.revision_text(old, new, when, kind))
    return {o: "; ".join(t) for o, t in out.items()}


def split(rows: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The city and the boards (a short table) and the departments and units (a long one)."""
    low = pl.col("level").is_in(["avdelning", "enhet"])
    return rows.filter(~low.fill_null(False)), rows.filter(low.fill_null(False))


def _values_export(args: dict):
    d = loaded(load, args)
    if d is None:
        return None
    credit = kolada_credit(d.info, d.ind, d.ctx.period)
    rows = value_rows(d)
    facts = {"Indikator": d.ind["name"], **export_facts(d, rows)}
    kolada = (credit is not None or bool(d.peers)
              or provenance.KOLADA in rows["value_source"].to_list())
    table = VALUES if d.ind.get("kolada_kpi") else VALUES_NO_KOLADA
    return table.export(rows, f"{d.ind['name']} {d.ctx.period} {d.ctx.year}", facts,
                        kolada=kolada)


def export_facts(d: IndikatorData, rows: pl.DataFrame) -> dict[str, str]:
    """Above the exported table: where the targets come from, and the comparison values."""
    out = {}
    notes = sorted({n for n in rows["target_note"].to_list() if n})
    if notes:
        out["Målvärdenas källa"] = "; ".join(notes)
    if d.peers:
        out[f"Jämförelse {d.ctx.year} (Källa: Kolada)"] = provenance.peer_line(
            d.peers, d.ind["unit"])
    return out


VIEW.table(VALUES.name, _values_export)
