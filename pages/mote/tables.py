"""The tables of /mote, each declared once (`components.table`): the boards' counts (on
screen and as Excel) and the whole agenda, one row per item (Excel and CSV; on screen the
items are the folded VOM sections)."""

from __future__ import annotations

from dash import html

from components.table import Col, Table
from ils import agenda as ag
from ils.labels import ASSESSMENT_LABEL, light_label
from ils.notes import STATE_WORDS
from pages.mote.items import KIND_LABEL, describe

SUMMARY_TABLE = Table("summary", (
    Col("Nämnd", "name", th=True),
    *(Col(KIND_LABEL[k], k, "integer") for k in ag.KINDS),
    Col("Totalt", "total", "integer", cell=lambda r, env: html.Strong(str(r["total"])))))


def _light_prev(r: dict):
    return light_label(r["light_prev"]) if r["light_prev"] else None


AGENDA_TABLE = Table("agenda", (
    Col("Mål (kod)", "vom_code"), Col("Verksamhetsområdesmål", "vom_title"),
    Col("Nämnd", "board"), Col("Avvikelse", lambda r: KIND_LABEL[r["kind"]]),
    Col("Allvarlighet", "severity", "integer"), Col("Indikator", "ind_name"),
    Col("Enhet", "unit"), Col("Ljus", lambda r: light_label(r["light"], r["basis"])),
    Col("Ljus förra perioden", _light_prev),
    Col("Självskattning", lambda r: ASSESSMENT_LABEL.get(r["self_assessment"] or "")),
    Col("Skillnad (steg)", "gap", "integer"), Col("Värde", "value", "decimal"),
    Col("Målvärde", "target", "decimal"), Col("Gul gräns", "yellow_limit", "decimal"),
    Col("Värde T2", "value_t2", "decimal"), Col("Poäng", "score", "decimal"),
    Col("Beskrivning", "description"), Col("Nämndens motivering", "motivation", "prose"),
    Col("Anteckning", "note_text", "prose"), Col("Beslut", "decision", "prose"),
    Col("Beslutets läge", lambda r: STATE_WORDS.get(r.get("note_state") or "")),
    Col("Fråga till nämnden", "question", "prose"), Col("Nämndens svar", "answer", "prose"),
    Col("Länk", "link")))


def agenda_rows(d, notes: dict | None = None) -> list[dict]:
    """The items the filters keep (`d`: `data.MeetingData`), with the words the sheet needs
    and the controllers' notes the viewer may see (`notes`: `data.notes`)."""
    a, q = d.agenda, d.ctx.query()
    vom = {v["id"]: v for v in a.voms.iter_rows(named=True)}
    inds = {r["id"]: (r["name"], r["unit"]) for r in a.indicators.iter_rows(named=True)}
    names = a.names
    city = a.scope.stad_id
    rows = []
    for it in d.items.iter_rows(named=True):
        name, unit = inds.get(it["indicator_id"], (None, None))
        v = vom.get(it["vom_id"], {})
        n = (notes or {}).get((it["kind"], it["vom_id"], it["org_id"],
                               it["indicator_id"] or ""), {})
        # the city's own items ("Hela staden") are the goal page's: there is no /namnd/<stad>
        link = (f"/indikator/{it['indicator_id']}{q}" if it["indicator_id"] else
                f"/mal/{it['vom_id']}{q}" if it["org_id"] == city else
                f"/namnd/{it['org_id']}{q}&mal={it['vom_id']}#mal-{it['vom_id']}")
        rows.append({**it, "vom_code": v.get("code"), "vom_title": v.get("title"),
                     "board": names.get(it["org_id"], it["org_id"]), "ind_name": name,
                     "unit": unit, "description": describe(it, name, unit, a.prev, a.period),
                     "link": link, "note_text": n.get("note"), "decision": n.get("decision"),
                     "note_state": n.get("state"), "question": n.get("question"),
                     "answer": n.get("answer")})
    return rows
