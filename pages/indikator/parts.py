"""Layout parts of the indicator page (from `IndikatorData`): the definition, the value chart
with its summary sentence, and the trend of one org."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import dcc, html

from components import charts
from components.credit import kolada_credit
from components.navigation import org_href
from ils.labels import (
    DECIDER_LABEL,
    DIRECTION_LABEL,
    GROUP_LABEL,
    LEVEL_LABEL,
    LIGHT_LABEL,
    fmt_value,
)
from ils.periods import PERIODS
from pages.indikator.tables import TREND

CHART_MAX = 40


def _fact(label: str, value) -> list:
    return [html.Dt(label, className="col-sm-3"), html.Dd(value, className="col-sm-9")]


def definition(ind: dict, owner: dict | None, goal: dict | None, query: str,
               info: dict[str, str], tertials: bool = True) -> html.Dl:
    """Name, unit, direction, who decided it, its goal, which orgs it applies to, Kolada KPI."""
    who = DECIDER_LABEL.get(ind["decided_by"], ind["decided_by"])
    if owner is not None:
        href = org_href(owner["level"], owner["id"], query) if owner["level"] != "stad" else None
        name = dcc.Link(owner["name"], href=href) if href else owner["name"]
        who = [who, " – ", name]
    goal_part = "–"
    if goal is not None:
        title = f"{goal['code']} {goal['title']}" if goal["code"] else goal["title"]
        goal_part = [dcc.Link(title, href=f"/mal/{goal['id']}{query}"),
                     html.Span(f" ({LEVEL_LABEL[goal['level']].lower()})",
                               className="text-muted")]
    if ind["decided_by"] == "kf":
        applies = GROUP_LABEL.get(ind["applies_to"] or "", "Staden och de organisationer som "
                                  "har målvärde eller värde för indikatorn")
    else:
        applies = f"{owner['name'] if owner else ind['org_id']} (egen indikator)"
    rows = (_fact("Enhet", ind["unit"] or "–")
            + _fact("Riktning", DIRECTION_LABEL[ind["direction"]])
            + _fact("Beslutad av", who)
            + _fact("Hör till mål", goal_part)
            + _fact("Gäller för", applies))
    if ind["kolada_kpi"]:
        credit = kolada_credit(info, ind, "VB")
        rows += _fact("Nyckeltal i Kolada", [
            html.Span(ind["kolada_kpi"], className="kr-code"),
            html.Span(f" – stadens årsvärden: {credit}"
                      + (f"; tertialvärdena: {kolada_credit(info, ind, 'T2')}" if tertials
                         else "") if credit else
                      " – motsvarande nyckeltal (stadens värden här kommer inte från Kolada)",
                      className="ms-1")])
    return html.Dl(rows, className="row kr-facts mb-3", id="indicator-definition")


def summary(rows: pl.DataFrame) -> html.P:
    """A sentence over the lights (the chart's short text alternative)."""
    parts = [f"{n} {LIGHT_LABEL[lt].lower()}" for lt in LIGHT_LABEL
             if (n := rows.filter(pl.col("light") == lt).height)]
    word = "organisation" if len(rows) == 1 else "organisationer"
    return html.P(f"Indikatorn räknas för {len(rows)} {word}: {', '.join(parts)}.",
                  id="indicator-summary")


def lower_sentence(rows: pl.DataFrame, own: dict[str, float],
                   lower: frozenset[str]) -> html.P | None:
    """'3 av 12 nämnder har ett eget mål som är lägre än KF:s' (and the departments and units
    when any of theirs is), when any org counted here has an own target of a KF indicator."""
    if not any(o in own for o in rows["org_id"].to_list()):
        return None
    boards = rows.filter(pl.col("level") == "namnd")["org_id"].to_list()
    units = rows.filter(pl.col("level").is_in(["avdelning", "enhet"]))["org_id"].to_list()
    n, n_units = sum(o in lower for o in boards), sum(o in lower for o in units)
    said = []
    if boards:
        word = "nämnd" if len(boards) == 1 else "nämnder"
        said.append(f"{n} av {len(boards)} {word} har ett eget mål som är lägre än KF:s" if n
                    else f"Ingen av {len(boards)} {word} har ett eget mål som är lägre än KF:s")
    if n_units:
        said.append(f"{n_units} av {len(units)} avdelningar och enheter har ett eget mål som "
                    "är lägre än KF:s")
    if not said:
        return None
    return html.P("; ".join(said) + ".", id="indicator-lower", className="small")


def chart_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """The orgs the bar chart shows: the stad and the boards when present, else all (capped)."""
    top = rows.filter(pl.col("level").is_in(["stad", "namnd"]))
    return (top if len(top) else rows).head(CHART_MAX)


def by_value(rows: pl.DataFrame, direction: str) -> pl.DataFrame:
    """The chart's order: best value first in the indicator's direction, no value last."""
    return rows.sort("value", descending=direction == "hogre", nulls_last=True,
                     maintain_order=True)


def value_chart(rows: pl.DataFrame, ind: dict, own: dict[str, float],
                kf_target: float | None, kf_note: str | None = None,
                lower: frozenset[str] = frozenset(), riket: float | None = None,
                stad_id: str | None = None) -> html.Figure:
    """Bars of value per org coloured by light, best first; KF target as a line, own targets as
    markers (those less ambitious than KF's, `lower`, as a marker of their own); Riket's
    Kolada value, when there is one, as a bar of its own right below the city's."""
    rows = by_value(rows, ind["direction"])
    names = [r["name"] or r["org_id"] for r in rows.iter_rows(named=True)]
    city = next((n for n, o in zip(names, rows["org_id"].to_list(), strict=False) if o == stad_id), None)
    own_t = [own.get(r["org_id"]) for r in rows.iter_rows(named=True)]
    unit = ind["unit"]
    fig = charts.bar_with_targets(
        names, rows["value"].to_list(), rows["light"].to_list(), own_targets=own_t,
        kf_target=kf_target, value_title=f"Värde ({unit})" if unit else "Värde",
        target_label=_target_label(kf_note),
        unit=None if unit in (None, "%", "procent") else unit,
        forecast=[b == "prognos" for b in rows["basis"].to_list()],
        lower=[o in lower for o in rows["org_id"].to_list()],
        reference=(RIKET, riket, city, RIKET_LEGEND) if riket is not None else None)
    what = f"{_target_label(kf_note)} som streckad linje" if kf_target is not None else ""
    if riket is not None:
        what += (" och " if what else "") + (f"Rikets värde {fmt_value(riket, unit)} som egen "
                                             "stapel under stadens (Källa: Kolada)")
    if any(t is not None for t in own_t):
        what += (" och " if what else "") + "egna målvärden som romber"
        if lower & set(rows["org_id"].to_list()):
            what += " (trianglar där de är mindre ambitiösa än KF:s)"
    dots = any(t.get("type") == "scatter" and t.get("name") in LIGHT_NAMES for t in fig["data"])
    kind = ("Punktdiagram (axeln börjar inte på noll)" if dots else "Stapeldiagram (från noll)")
    label = (f"{kind}: värde per organisation, bäst först, färgat efter ljus, "
             f"med {what or 'målvärdena i tabellen'}.")
    # on a phone the names go above the bars (beside them they left the bars ~70 px)
    figure = html.Div([
        html.Div(charts.graph(fig, "indicator-chart", label), className="d-none d-sm-block"),
        html.Div(charts.graph(charts.labels_above(fig), "indicator-chart-phone", label),
                 className="d-sm-none"),
    ])
    # §3.8: an org without a value is listed, not drawn as an empty row
    missing = [n for n, v in zip(names, rows["value"].to_list(), strict=False) if v is None]
    if not missing:
        return figure
    return html.Div([figure, html.P([html.Strong("Utfall saknas: "), ", ".join(missing), "."],
                                    className="small", id="indicator-chart-missing")])


LIGHT_NAMES = {w + s for w in LIGHT_LABEL.values() for s in ("", " (prognos)")}


RIKET = "Riket"
RIKET_LEGEND = "Riket – Källa: Kolada"


def _target_label(note: str | None) -> str:
    """The city's target of a KF indicator is "KF:s målvärde" unless its source says otherwise
    (e.g. Riket as a benchmark)."""
    return "KF:s målvärde" if note in (None, "KF:s målvärde") else f"målvärdet ({note})"


def peers(d_peers: tuple, unit: str | None, year: int,
          rank: tuple[int, int, int] | None = None, has_group: bool = False
          ) -> html.P | None:
    """'Jämförelse 2022: Stockholms stad 83 %, Göteborg 81 %, … Källa: Kolada. Plats 2 av 3
    bland jämförelsekommunerna.' A group's value is a mean computed from Kolada's values; a
    value of an earlier year says its year, and so does a place ranked in an earlier year."""
    if not d_peers:
        return None
    from ils.provenance import peer_line

    credit = ". Källa: Kolada" + ("; gruppens värde: bearbetning av data från Kolada (ovägt "
                                  "medel av medlemmarnas värden)" if has_group else "") + "."
    out = [html.Strong(f"Jämförelse {year}: "), peer_line(d_peers, unit),
           html.Span(credit, className="text-muted")]
    if any(len(p) > 2 and p[2] is not None for p in d_peers):
        out.append(html.Span(f" Där inget lagrat Kolada-värde för {year} finns visas det "
                             "senaste tidigare, med sitt år.", className="text-muted"))
    if rank is not None:
        when = "" if len(rank) < 3 or rank[2] == year else (
            f" {rank[2]} (senaste år med värden för dem)")
        out += [" ", html.Strong(f"Plats {rank[0]} av {rank[1]} bland jämförelsekommunerna"
                                 f"{when}", id="indicator-peer-rank"),
                " (1 = bäst, efter indikatorns riktning)."]
    else:
        out.append(html.Span(" Ingen placering: ingen jämförelsekommun (eller staden själv) "
                             "har ett värde för året; Riket och grupper rankas inte.",
                             className="text-muted"))
    return html.P(out, id="indicator-peers", className="small")


def trend(rows: pl.DataFrame, ind: dict, org_name: str, note: str | None = None
          ) -> html.Section:
    """Value, target and yellow limit of one org over the trend's periods; `note` (e.g. the
    Kolada credit) is shown under the table."""
    order = {p: i for i, p in enumerate(PERIODS)}
    rows = rows.with_columns(_o=pl.col("period").replace_strict(order, default=9)).sort(
        "year", "_o")
    unit = ind["unit"]
    title = html.H2(f"Utveckling över tid – {org_name}", className="h5")
    if rows.is_empty():
        return html.Section([title, html.P("Det finns inga värden över tid för "
                                           f"{org_name}.")], className="mt-4",
                            id="indicator-trend-section")
    labels = [charts.period_label(y, p) for y, p in rows.select("year", "period").iter_rows()]
    fig = charts.trend_lines(labels, {"Värde": rows["value"].to_list()},
                             target=rows["target"].to_list(),
                             limit=rows["yellow_limit"].to_list(),
                             y_title=f"Värde ({unit})" if unit else "Värde")
    table_rows = [{**r, "label": lab, "unit": unit}
                  for lab, r in zip(labels, rows.iter_rows(named=True), strict=False)]
    return html.Section([
        title,
        dbc.Row([
            dbc.Col(charts.graph(fig, "indicator-trend",
                                 f"Linjediagram: värde, målvärde och gul gräns för {org_name} "
                                 "per period."), lg=7),
            dbc.Col([TREND.html(table_rows, table_id="indicator-trend-table"),
                     html.P(note, className="small text-muted mt-2", id="indicator-trend-note")
                     if note else None], lg=5),
        ]),
    ], className="mt-4", id="indicator-trend-section")
