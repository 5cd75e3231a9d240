"""The tables of /namnd/<id>, each declared once (`components/table.py`): the goals, all
indicators and the departments/units (shared by the org views: `pagekit/org/tables.py`),
and the board's own peer comparison (`PEERS`). Its downloads are registered under the view's own name ("namnd", `pagekit.view`)."""

from __future__ import annotations

from dash import dcc, html

from components.table import Col, Table
from ils.labels import KIND_GROUP_LABEL, LEVEL_LABEL, fmt_value
from pagekit import view
from pagekit.org.tables import goals_export, indicators_export, units_export
from pages.namnd.data import NamndData, load

VIEW = view.of(__name__)
PAGE = "board"  # the prefix of the page's element ids ("board-content")
BEST = {"hogre": "Högst", "lagre": "Lägst"}


def _with_unit(key: str):
    return lambda r, env: fmt_value(r[key], r["unit"])


def _rank(r: dict):
    return r["rank"] if r["value"] is not None else None


PEERS = Table("peers", (
    Col("Indikator", lambda r: r["name"] or r["indicator_id"],
        cell=lambda r, env: dcc.Link(r["name"] or r["indicator_id"],
                                     href=f"/indikator/{r['indicator_id']}{env['query']}")),
    Col("Enhet", "unit", screen=False),
    Col("Bäst är", lambda r: BEST.get(r["direction"])),
    Col("Nämndens värde", "value", "decimal", cell=_with_unit("value")),
    Col("Nämndens målvärde", "target", "decimal", cell=_with_unit("target")),
    Col("Stadens målvärde", "city_target", "decimal", cell=_with_unit("city_target")),
    Col("Placering", _rank, "integer",
        cell=lambda r, env: "–" if _rank(r) is None else f"{r['rank']} av {r['n_ranked']}"),
    Col("Antal rangordnade", "n_ranked", "integer", screen=False),
    Col("Median, liknande nämnder", "median", "decimal", cell=_with_unit("median")),
), empty="Inga indikatorer beslutade av kommunfullmäktige räknas för nämnden.")


def peer_section(d: NamndData) -> html.Div:
    """'Jämförelse med liknande nämnder' on screen (the light stands in the indicator tables
    above; this table is about rank)."""
    cmp = d.peers
    if cmp is None or cmp.is_empty():
        return html.P(PEERS.empty, className="text-muted")
    group = KIND_GROUP_LABEL.get(d.org["kind"] or "", "nämnder av samma slag").lower()
    return html.Div([
        html.P(f"Nämnden jämförs med {group} ({int(cmp['n_peers'].max())} nämnder, den själv "
               "inräknad) på kommunfullmäktiges indikatorer. Placering 1 är bäst; bara nämnder "
               "med ett värde rangordnas.", className="small text-muted mb-1"),
        PEERS.html(cmp, {"query": d.ctx.query()}, caption="Jämförelse med liknande nämnder"),
    ])


def _found(args: dict, peers: bool = False) -> NamndData | None:
    """The board's data for a download (None: no data, unknown id or not a board); fills in
    the year and period resolved (the sheet states them)."""
    d = load({**args, "peers": peers})
    if d.got is None:
        return None
    args.update(ar=d.ctx.year, period=d.ctx.period)
    return d


def _peers_export(args: dict):
    d = _found(args, peers=True)
    if d is None:
        return None
    return PEERS.export(d.peers, f"Jämförelse med liknande nämnder {d.ctx.period} {d.ctx.year}",
                        {LEVEL_LABEL["namnd"]: d.org["name"]}, kolada=True)


VIEW.table("goals", lambda a: (d := _found(a)) and goals_export(d.got))
VIEW.table("indicators",
               lambda a: (d := _found(a)) and indicators_export(d.got, whole_subtree=False))
VIEW.table("units",
               lambda a: (d := _found(a)) and units_export(d.got, d.units, a.get("sort")))
VIEW.table(PEERS.name, _peers_export)
