"""The prose sections of /om: the rules in plain Swedish (with the parameters in force), the
worked example, the words used and where the data comes from. Layout from `AboutData`."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import html

from components.lights import assessment_badge, light_badge
from ils import rules_periods
from ils.example import YEAR
from ils.labels import ASSESSMENT_LABEL, fmt_number, fmt_value, gap_label, light_label
from pages.om.tables import EXAMPLE, pct, share


def example_section(d) -> html.Section:
    """The worked example (`d`: AboutData): its table, the goal's score and the forecast."""
    g = d.goal
    scored = [s for s in d.example["score"].to_list() if s is not None]
    e_t2 = d.t2.filter(d.t2["indicator_id"] == "E").row(0, named=True)
    sum_text = " + ".join(fmt_number(s) for s in scored)
    return html.Section([
        html.H2("Ett räkneexempel", className="h4 mt-4"),
        html.P("Exempelnämnden följer upp målet ”Äldre har en hög livskvalitet” i "
               f"verksamhetsberättelsen {YEAR} med fem indikatorer. Ljusen nedan räknas fram av "
               "samma kod som resten av Kontrollrum, med de inställningar som gäller nu."),
        EXAMPLE.html(d.example, table_id="about-example-table"),
        html.Ul([
            html.Li([f"Målets poäng: ({sum_text}) / {len(scored)} = {share(g['score'])}. "
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
        ], className="kr-legend mt-3"),
    ], id="about-example")


def rules_sections(p: rules_periods.RuleParams) -> list:
    tol, green, yellow = pct(p.tolerance), share(p.green_threshold), share(p.yellow_threshold)
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
