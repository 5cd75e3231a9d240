"""Så fungerar Kontrollrum: the rules in plain Swedish, with the parameters actually configured,
a worked example computed by `ils.rules` (so the page cannot disagree with the code), the
legend and where the data comes from."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
import polars as pl
from babel.numbers import format_decimal
from dash import Input, Output, callback, html

from components import data, page
from components.lights import assessment_badge, legend, light_badge
from components.navigation import breadcrumbs
from ils import rules
from ils.labels import (ASSESSMENT_LABEL, DIRECTION_LABEL, LOCALE, fmt_number, fmt_percent,
                        fmt_value, gap_label, light_label)
from ils.model import Dataset
from queries.dataset import load_info
from queries.db import get_engine

dash.register_page(__name__, path="/om", name="Så fungerar Kontrollrum",
                   title="Så fungerar Kontrollrum – Kontrollrum", nav=True, order=90)

YEAR = 2022
EXAMPLE_INDICATORS = (  # id, name, direction, decided_by, target, given yellow limit
    ("A", "Andel nöjda brukare", "hogre", "kf", 80.0, None),
    ("B", "Andel brukare med genomförandeplan", "hogre", "kf", 90.0, None),
    ("C", "Väntetid till särskilt boende, dagar", "lagre", "kf", 30.0, 40.0),
    ("D", "Antal aktiviteter per vecka", "hogre", "namnd", 10.0, None),
    ("E", "Andel som fått hjälp inom 14 dagar", "hogre", "kf", 85.0, None),
)

UNITS = {"A": "%", "B": "%", "C": "dagar", "D": None, "E": "%"}


def layout(**kwargs):
    return page.frame("about", **page.query_args(kwargs))


def example_dataset(params: rules.RuleParams) -> Dataset:
    """A tiny city with one board and one goal. B's value lies halfway between its target and
    the computed yellow limit; E has only a forecast (92) at T2 and at VB."""
    org = pl.DataFrame({"id": ["S", "N"], "parent_id": [None, "S"], "level": ["stad", "namnd"],
                        "kind": [None, "stadsdelsnamnd"],
                        "name": ["Exempelstaden", "Exempelnämnden"]})
    goals = pl.DataFrame({"id": ["IM", "V"], "parent_id": [None, "IM"],
                          "level": ["inriktningsmal", "verksamhetsomradesmal"],
                          "org_id": ["S", "S"], "code": ["1", "1.5"],
                          "title": ["En stad för alla", "Äldre har en hög livskvalitet"],
                          "year_from": [YEAR, YEAR], "year_to": [YEAR, YEAR]})
    ind = pl.DataFrame([{"id": i, "goal_id": "V", "name": n, "unit": UNITS.get(i, "%"),
                         "direction": d, "decided_by": by,
                         "org_id": "N" if by == "namnd" else "S",
                         "applies_to": "alla" if by == "kf" else None}
                        for i, n, d, by, _t, _y in EXAMPLE_INDICATORS])
    targets = pl.DataFrame([{"indicator_id": i, "org_id": "N" if by == "namnd" else "S",
                             "year": YEAR, "target": t, "yellow_limit": y}
                            for i, _n, _d, by, t, y in EXAMPLE_INDICATORS])
    b_value = 90.0 - params.tolerance * 90.0 / 2
    vals = [("A", 85.0, None, "VB"), ("B", b_value, None, "VB"), ("C", 28.0, None, "VB"),
            ("D", 6.0, None, "VB"), ("E", None, 92.0, "VB"), ("E", None, 92.0, "T2")]
    values = pl.DataFrame([{"indicator_id": i, "org_id": "N", "year": YEAR, "period": p,
                            "outcome": o, "forecast": f} for i, o, f, p in vals])
    assess = pl.DataFrame({"goal_id": ["V"], "org_id": ["N"], "year": [YEAR], "period": ["VB"],
                           "assessment": ["uppfyllt"]})
    return Dataset.from_frames({"organisation": org, "goals": goals, "indicators": ind,
                                "targets": targets, "values": values, "assessments": assess})


def example_lights(params: rules.RuleParams) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The example's indicator lights at VB and at T2, and its goal light at VB (by the rules)."""
    ds = example_dataset(params)
    vb = rules.indicator_lights(ds, YEAR, "VB", params).filter(pl.col("org_id") == "N")
    t2 = rules.indicator_lights(ds, YEAR, "T2", params).filter(pl.col("org_id") == "N")
    goal = rules.goal_lights(ds, vb, YEAR, "VB", params).filter(pl.col("org_id") == "N")
    return vb, t2, goal


def _reason(r: dict, direction: str, unit: str) -> str:
    """Why this indicator got its light, in words, from the computed row."""
    v, t, y = (fmt_value(r[c], unit) for c in ("value", "target", "yellow_limit"))
    better, worse = ("minst", "under") if direction == "hogre" else ("högst", "över")
    return {
        "gron": f"{v} är {better} målvärdet {t}.",
        "gul": f"{v} är {worse} målvärdet {t} men {better} den gula gränsen {y}.",
        "rod": f"{v} är {worse} den gula gränsen {y}.",
        "saknas": "Inget utfall. En prognos räknas bara i tertialrapporterna, inte i "
                  "verksamhetsberättelsen.",
        "ej_malsatt": "Inget målvärde för året.",
    }[r["light"]]


def example_section(params: rules.RuleParams) -> html.Section:
    vb, t2, goal = example_lights(params)
    meta = {i: (n, d, by) for i, n, d, by, _t, _y in EXAMPLE_INDICATORS}
    head = html.Thead(html.Tr([html.Th(h, scope="col") for h in (
        "Indikator", "Beslutad av", "Riktning", "Målvärde", "Gul gräns", "Värde", "Ljus",
        "Poäng", "Därför")]))
    body = []
    for r in vb.sort("indicator_id").iter_rows(named=True):
        name, direction, by = meta[r["indicator_id"]]
        unit = UNITS.get(r["indicator_id"], "%")
        body.append(html.Tr([
            html.Th(f"{r['indicator_id']}. {name}", scope="row", className="fw-normal"),
            html.Td("KF" if by == "kf" else "Nämnden"),
            html.Td(DIRECTION_LABEL[direction]),
            *[html.Td(fmt_value(r[c], unit), className="text-end")
              for c in ("target", "yellow_limit", "value")],
            html.Td(light_badge(r["light"], r["basis"])),
            html.Td(fmt_number(rules.SCORE[r["light"]]) if r["light"] in rules.SCORE
                    else "räknas inte", className="text-end"),
            html.Td(_reason(r, direction, unit)),
        ]))
    g = goal.row(0, named=True)
    scored = [rules.SCORE[lt] for lt in vb.sort("indicator_id")["light"] if lt in rules.SCORE]
    e_t2 = t2.filter(pl.col("indicator_id") == "E").row(0, named=True)
    sum_text = " + ".join(fmt_number(s) for s in scored)
    return html.Section([
        html.H2("Ett räkneexempel", className="h4 mt-4"),
        html.P("Exempelnämnden följer upp målet ”Äldre har en hög livskvalitet” i "
               f"verksamhetsberättelsen {YEAR} med fem indikatorer. Ljusen nedan räknas fram av "
               "samma kod som resten av Kontrollrum, med de inställningar som gäller nu."),
        html.Div(dbc.Table([head, html.Tbody(body)], size="sm", bordered=False,
                           className="kr-table", id="about-example-table"),
                 className="table-responsive"),
        html.Ul([
            html.Li([f"Målets poäng: ({sum_text}) / {len(scored)} = {_share(g['score'])}. "
                     "Det ger ", light_badge(g["light"]), "."], id="about-example-score"),
            html.Li(["Bara KF:s indikatorer (utan nämndens egen indikator D): ",
                     light_badge(g["light_kf_only"]), "."]),
            html.Li(["Nämnden har själv bedömt målet som ",
                     assessment_badge(g["self_assessment"]),
                     f" – {gap_label(g['gap']).lower()}."], id="about-example-gap"),
            html.Li(["Vid tertialrapport 2 fanns för E bara en prognos på "
                     f"{fmt_value(e_t2['value'], '%')}. Då blev ljuset ",
                     light_badge(e_t2["light"], e_t2["basis"]),
                     ". I verksamhetsberättelsen räknas prognosen inte, och E visas som ",
                     light_badge("saknas"), "."], id="about-example-forecast"),
        ], className="kr-legend"),
    ], id="about-example")


def _pct(x: float) -> str:
    return fmt_percent(x, 1)


def _share(x: float) -> str:
    """A threshold as '0,75 (75 %)'."""
    return f"{format_decimal(x, format='0.00#', locale=LOCALE)} ({_pct(x)})"


def settings_table(p: rules.RuleParams) -> html.Div:
    rows = [("Tolerans för gul gräns (när ingen gul gräns är angiven)", _pct(p.tolerance)),
            ("Ett mål är grönt vid en poäng på minst", _share(p.green_threshold)),
            ("Ett mål är gult vid en poäng på minst", _share(p.yellow_threshold))]
    return html.Div(dbc.Table([
        html.Thead(html.Tr([html.Th("Inställning", scope="col"),
                            html.Th("Värde", scope="col", className="text-end")])),
        html.Tbody([html.Tr([html.Th(k, scope="row", className="fw-normal"),
                             html.Td(v, className="text-end")]) for k, v in rows]),
    ], size="sm", className="kr-table mb-1", id="about-settings"), className="table-responsive")


def rules_sections(p: rules.RuleParams) -> list:
    tol, green, yellow = _pct(p.tolerance), _share(p.green_threshold), _share(p.yellow_threshold)
    return [
        html.Section([
            html.H2("Så får en indikator sitt ljus", className="h4 mt-4"),
            html.Ol([
                html.Li([html.Strong("Målvärde. "), "Kontrollrum använder organisationens eget "
                         "årsmål för indikatorn. Finns inget och indikatorn är beslutad av "
                         "kommunfullmäktige (KF), gäller KF:s målvärde för staden. Finns inget "
                         "målvärde alls blir indikatorn ", light_badge("ej_malsatt"),
                         " och räknas inte in."]),
                html.Li([html.Strong("Värde. "), "Utfallet används. Saknas utfall i "
                         "tertialrapport 1 eller 2 används prognosen för helåret – ljuset visas "
                         "då ihåligt och med texten ”(prognos)”: ",
                         light_badge("gron", "prognos"), ". I verksamhetsberättelsen räknas en "
                         "prognos aldrig. Finns inget värde blir indikatorn ",
                         light_badge("saknas"), ": den visas och räknas, men ger ingen poäng."]),
                html.Li([html.Strong("Gul gräns. "), "Den gula gränsen är den som angetts "
                         f"tillsammans med målvärdet. Har ingen angetts är den målvärdet minus "
                         f"{tol} av målvärdet när högre är bättre, och målvärdet plus {tol} när "
                         "lägre är bättre."], id="about-yellow"),
                html.Li([html.Strong("Ljus. "), "När högre är bättre: värdet når målvärdet → ",
                         light_badge("gron"), "; annars når det den gula gränsen → ",
                         light_badge("gul"), "; annars ", light_badge("rod"),
                         ". När lägre är bättre gäller samma sak åt andra hållet (värdet ska "
                         "vara högst målvärdet)."]),
            ]),
        ], id="about-indicator"),
        html.Section([
            html.H2("Så får ett mål sitt ljus", className="h4 mt-4"),
            html.P("Ett verksamhetsområdesmåls ljus för en nämnd (eller för staden) räknas fram "
                   "ur alla indikatorer som hör till målet eller till nämndmål och enhetsmål "
                   "under det, och som gäller för nämnden. Ljuset sätts aldrig för hand."),
            html.Ul([
                html.Li("Varje indikator ger poäng: uppfyllt 1, delvis uppfyllt 0,5, ej "
                        "uppfyllt 0 (högst 1, eller 100 %). Grå indikatorer (utfall saknas, ej "
                        "målsatt) räknas inte."),
                html.Li(f"Målets poäng är medelvärdet. Minst {green} ger grönt, minst {yellow} "
                        "ger gult, annars rött. Har ingen indikator ett värde blir målet "
                        "”Utfall saknas”.", id="about-thresholds"),
                html.Li("Bredvid visas alltid hur många indikatorer som är uppfyllda, delvis "
                        "uppfyllda, ej uppfyllda och utan utfall, hur många ljus som vilar på "
                        "prognos, och ljuset räknat på bara KF:s indikatorer – så att en "
                        "nämnds egna indikatorer inte i tysthet kan ändra bilden."),
                html.Li("Ett inriktningsmåls ljus räknas på samma sätt ur dess "
                        "verksamhetsområdesmåls ljus."),
                html.Li("Frågetecknet bredvid ett ljus visar hur just det ljuset räknades fram."),
            ]),
        ], id="about-goal"),
        html.Section([
            html.H2("Självskattningen jämförs med ljuset", className="h4 mt-4"),
            html.P(["Nämnderna bedömer själva om målen är uppfyllda (självskattning, visas med "
                    "dubbel ram: ", assessment_badge("delvis"), "). Kontrollrum ställer "
                    "bedömningen bredvid det beräknade ljuset och jämför dem i steg: ej "
                    "uppfyllt = 0, delvis uppfyllt = 1, uppfyllt = 2."]),
            html.Ul([html.Li([html.Strong(gap_label(1)), ": självskattningen ligger högre än "
                              "ljuset, t.ex. uppfyllt mot ett gult ljus (+1 steg)."]),
                     html.Li([html.Strong(gap_label(0)), ": samma nivå."]),
                     html.Li([html.Strong(gap_label(-1)), ": självskattningen ligger lägre."]),
                     html.Li([html.Strong(gap_label(None)), ": självskattning eller ljus "
                              "saknas, eller ljuset är grått."])]),
        ], id="about-gap"),
    ]


def words_section() -> html.Section:
    words = [
        ("Prognos", f"Nämndens bedömning av helårsvärdet i tertialrapport 1 och 2. Ett ljus som "
                    f"vilar på prognos heter t.ex. ”{light_label('gron', 'prognos')}”."),
        ("Utfall saknas", "Indikatorn har målvärde men inget värde för perioden. Den visas och "
                          "räknas, men ger ingen poäng."),
        ("Ej målsatt", "Indikatorn saknar målvärde för året. Den räknas inte in."),
        ("Bara KF:s indikatorer", "Målets ljus räknat utan nämndens egna indikatorer."),
        ("Självskattning", f"Nämndens egen bedömning: {', '.join(ASSESSMENT_LABEL.values())}."),
    ]
    items = []
    for term, text in words:
        items += [html.Dt(term, className="col-sm-3"), html.Dd(text, className="col-sm-9")]
    return html.Section([html.H2("Ord i Kontrollrum", className="h4 mt-4"),
                         html.Dl(items, className="row")], id="about-words")


def source_section(info: dict[str, str]) -> html.Section:
    demo = info.get("demo") == "1"
    current = [html.Strong("Det här underlaget: ")]
    if not info:
        current.append("Databasen är tom – inga data är inlästa ännu.")
    else:
        source = info.get("source", "Kommunens uppföljningssystem (importerat underlag).")
        if demo and not source.startswith("Fiktiva demodata"):
            current.append("Fiktiva demodata. ")
        current.append(source)
    return html.Section([
        html.H2("Var data kommer ifrån", className="h4 mt-4"),
        dbc.Alert(current, color="warning" if demo else "light", id="about-source"),
        html.Ul([
            html.Li(["Demodata är påhittade. Namnen på stadsdelsnämnder och mål kommer från "
                     "Stockholms stad, men värden, bedömningar och texter är fiktiva. Då visas "
                     "raden ", html.Strong("Fiktiva demodata"), " överst på varje sida."]),
            html.Li(["Värden hämtade från Kolada, kommunernas och regionernas öppna databas, "
                     "märks ", html.Strong("Källa: Kolada"), ". Värden som Kontrollrum har "
                     "räknat om märks ", html.Strong("bearbetning av data från Kolada"), "."]),
            html.Li("Importerade underlag från kommunens eget uppföljningssystem visas med den "
                    "källa som angavs vid importen, längst ned på varje sida."),
        ]),
    ], id="about-data")


@callback(Output("about-content", "children"), Input("about-args", "data"))
@page.safe
def render(_args):
    p = data.params()
    info = load_info(get_engine())
    return html.Div([
        breadcrumbs([("Stad", "/"), ("Så fungerar Kontrollrum", None)]),
        page.header("Så fungerar Kontrollrum",
                    "Så räknas ljusen fram ur indikatorerna – reglerna och inställningarna "
                    "som gäller just nu"),
        html.P("Kontrollrum visar hur stadens mål uppfylls, beräknat ur indikatorernas värden "
               "mot målvärdena. Ljusen sätts alltid av värdena, aldrig för hand. Bredvid visas "
               "nämndernas och kommunstyrelsens egna bedömningar, så att man ser var de "
               "skiljer sig."),
        html.Section([html.H2("Ljusen", className="h4 mt-3"), legend()], id="about-legend"),
        html.Section([html.H2("Inställningar som gäller", className="h4 mt-4"),
                      settings_table(p)]),
        *rules_sections(p),
        example_section(p),
        words_section(),
        source_section(info),
    ], className="kr-about")
