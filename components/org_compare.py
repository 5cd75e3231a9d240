"""'Jämförelse med liknande nämnder': a board's KF indicators beside the boards of its kind."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from ils.labels import KIND_GROUP_LABEL, fmt_value

BEST = {"hogre": "Högst", "lagre": "Lägst"}


def rank_text(rank: int | None, n_ranked: int) -> str:
    return "–" if rank is None else f"{rank} av {n_ranked}"


def peer_table(cmp: pl.DataFrame, meta: pl.DataFrame, kind: str | None, query: str) -> html.Div:
    """`cmp` from `org_views.peer_comparison`; `meta` indicators (id, name, unit). The light
    is left out here: it stands in the indicator tables above; this table is about rank."""
    group = KIND_GROUP_LABEL.get(kind or "", "nämnder av samma slag").lower()
    if cmp.is_empty():
        return html.P("Inga indikatorer beslutade av kommunfullmäktige räknas för nämnden.",
                      className="text-muted")
    n_peers = int(cmp["n_peers"].max())
    info = {r["id"]: r for r in meta.select("id", "name", "unit").iter_rows(named=True)}
    head = ("Indikator", "Bäst är", "Nämndens värde", "Nämndens målvärde", "Stadens målvärde",
            "Placering", "Median, liknande")
    rows = []
    for r in cmp.sort("rank", "indicator_id", nulls_last=True).iter_rows(named=True):
        i = info.get(r["indicator_id"], {"name": r["indicator_id"], "unit": None})
        unit = i["unit"]
        rows.append(html.Tr([
            html.Td(dcc.Link(i["name"], href=f"/indikator/{r['indicator_id']}{query}")),
            html.Td(BEST.get(r["direction"], "–")),
            html.Td(fmt_value(r["value"], unit), className="text-end text-nowrap"),
            html.Td(fmt_value(r["target"], unit), className="text-end text-nowrap"),
            html.Td(fmt_value(r["city_target"], unit), className="text-end text-nowrap"),
            html.Td(rank_text(r["rank"] if r["value"] is not None else None, r["n_ranked"]),
                    className="text-end text-nowrap"),
            html.Td(fmt_value(r["median"], unit), className="text-end text-nowrap"),
        ]))
    return html.Div([
        html.P(f"Nämnden jämförs med {group} ({n_peers} nämnder, den själv inräknad) på "
               "kommunfullmäktiges indikatorer. Placering 1 är bäst; bara nämnder med ett värde "
               "rangordnas.", className="small text-muted mb-1"),
        html.Div(dbc.Table([
            html.Caption("Jämförelse med liknande nämnder", className="visually-hidden"),
            html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
            html.Tbody(rows)], size="sm", hover=True, className="kr-table mb-0"),
            className="table-responsive"),
    ])
