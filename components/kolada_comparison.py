"""The city beside Riket and its comparison group from Kolada (issue 23): a folded table for
the start page and a board's page. Rows: `ils.kolada.comparison_rows`. UI only."""

from __future__ import annotations

import polars as pl
from dash import dcc, html

from ils.labels import fmt_value

CREDIT = "Källa: Kolada"
DERIVED = "bearbetning av data från Kolada"


def _cell(v, unit, year: int | None = None, shown: int | None = None):
    """A value; one of an earlier year than the table's says its year."""
    if v is None:
        return "uppgift saknas"
    text = fmt_value(v, unit)
    return f"{text} (värde för {year})" if year is not None and year != shown else text


def _rank(r: dict, year: int) -> str:
    if not r["rank"]:
        return "–"
    text = f"{r['rank']} av {r['n_ranked']}"
    ry = r.get("rank_year")
    return f"{text} ({ry})" if ry is not None and ry != year else text


def section(rows: pl.DataFrame, year: int, city_name: str, query: str, what: str,
            element_id: str) -> html.Section | None:
    """'Staden jämfört med Riket' (folded): one row per indicator with a Kolada KPI that has
    comparison values for `year` (or, for a peer without one, its latest earlier value,
    named with its year); None when there is none."""
    if rows.is_empty():
        return None
    has_group = rows["group"].drop_nulls().len() > 0
    has_rank = rows["rank"].drop_nulls().len() > 0
    head = ["Indikator", f"{city_name} {year}", f"Riket {year}"]
    if has_group:
        head.append("Jämförelsegrupp")
    if has_rank:
        head.append("Plats bland jämförelsekommunerna")
    body, older = [], False
    for r in rows.iter_rows(named=True):
        older = older or any(r.get(k) not in (None, year)
                             for k in ("riket_year", "group_year", "rank_year"))
        texts = [_cell(r["city"], r["unit"]),
                 _cell(r["riket"], r["unit"], r.get("riket_year"), year)]
        if has_group:
            texts.append(f"{r['group']}: "
                         f"{_cell(r['group_value'], r['unit'], r.get('group_year'), year)}"
                         if r["group"] else "–")
        if has_rank:
            texts.append(_rank(r, year))
        # each cell names its column: below 576 px a row stacks as a card (.kr-stack)
        cells = [html.Th(dcc.Link(r["name"], href=f"/indikator/{r['indicator_id']}{query}"),
                         scope="row", **{"data-label": head[0]})]
        cells += [html.Td(t, className="text-end" if i < 2 else None,
                          **{"data-label": head[i + 1]}) for i, t in enumerate(texts)]
        body.append(html.Tr(cells))
    credit = CREDIT + (f"; gruppens värde: {DERIVED} (ovägt medel av medlemmarnas värden)"
                       if has_group else "")
    note = (f" Där inget lagrat Kolada-värde för {year} finns visas det senaste tidigare, med "
            "sitt år." if older else "")
    n = rows.height
    return html.Section([
        html.H2(f"{city_name} jämfört med Riket", className="h5 mt-4"),
        html.Details([
            html.Summary(f"Visa jämförelsen – {n} {'indikator' if n == 1 else 'indikatorer'} "
                         f"{what} med värden i Kolada, årsutfall {year}"),
            html.Div(html.Table([html.Thead(html.Tr([html.Th(h, scope="col") for h in head])),
                                 html.Tbody(body)], className="table table-sm kr-stack mt-2"),
                     className="table-responsive", tabIndex="0", role="region",
                     **{"aria-label": f"{city_name} jämfört med Riket, {year}"}),
        ]),
        html.P(f"Årsvärden ur Kolada för staden, Riket och jämförelsegrupper.{note} {credit}.",
               className="small text-muted"),
    ], id=element_id)
