"""Signalstad: a small city whose steering signals (DOMAIN.md §3.6, issue 5) are known by hand.

Orgs: stad; Norrby and Söderby (stadsdelsnämnder), Kulturnämnden (facknämnd), Hamnbolaget
(bolag); a school unit under Norrby. Goals: IM 1 → VOM 1.1 "Barn lär sig", 1.2 "Äldre trivs"
(2021–2022) and 2.1 "Staden växer" (2022 only); Norrby's nämndmål under 1.1 with a unit goal
under it; Kulturnämnden's nämndmål under 2.1 (2022).

KF indicators: k1 1.1 alla; k2 1.1 sdn; k3 1.2 sdn; k4 1.2 fack; k5 2.1 bolag; k6 2.1 alla.
Own: o1 Norrby (nämndmål), o2 Söderby (1.2), o3 Kultur (nämndmål), u1 the unit (enhetsmål).
Activities 2022, KF: a1 alla (1.1), a2 sdn (1.2), a3 sdn (1.1), a4 fack (2.1), a5 Norrby by name
(1.1); own: a6 Norrby, a7 Kultur. 2021, KF: a8 alla, a9 sdn.
Directives 2022: d1 alla (no goal), d2 alla (1.1), d3 sdn (Norrby's nämndmål → 1.1), d4 sdn (1.2),
d5 sdn (no goal), d6 fack (2.1), d7 bolag (no goal, text with markup), d8 Norrby (1.1),
d9 Söderby (1.2). 2021: d10 alla, d12 sdn, d13 fack (no goals).

Signals of the budget per group (VOM, indicators, activities, directives → total):
  2022  stadsdelsnämnder 3, 4, 3, 5 → 15 | facknämnder 3, 3, 2, 3 → 11 | bolag 3, 3, 1, 3 → 10
  2021  stadsdelsnämnder 2, 3, 2, 2 → 9  | facknämnder 2, 2, 1, 2 → 7  | bolag 2, 1, 1, 1 → 5
Per board 2022 (budget total; own nämndmål, indicators, activities → own total):
  Norrby 3+4+4+6 = 17, own 1+1+1 = 3; Söderby 3+4+3+6 = 16, own 0+1+0 = 1;
  Kulturnämnden 11, own 1+1+1 = 3; Hamnbolaget 10, own 0.
Per VOM 2022 (indicators KF/own, activities KF/own, directives → total):
  1.1: 2/2, 3/1, 3 → 11;  1.2: 2/1, 1/0, 2 → 6;  2.1: 2/1, 1/1, 1 → 6;  no goal: d1, d5, d7 → 3.
The 2022 list has 26 signals (10 indicators, 7 activities, 9 directives); 2021 has 12
(indicators k1–k4, o1, o2, u1; activities a8, a9; directives d10, d12, d13).
Text search "hemtjänst" (any case) in 2022: d4, d9 and activity a2 → 3.

Overlap (Jaccard of word sets ≥ 0.8): {d10 2021, d1 2022} identical; {d12 2021, d5 2022}
identical after normalisation (only the year and punctuation differ); {d4, d9} 9 of 11 words
shared → 0.818 (same year, other recipient). d13 vs d6 share 8 of 12 words → 0.667: no group.
Values exist for VB 2021 and VB 2022 only (so the page's years are 2021 and 2022).
"""

from __future__ import annotations

import polars as pl

from ils.model import Dataset


def _df(columns: list[str], rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=columns, orient="row")


DIRECTIVES = [
    ("d1", 2022, "direktiv", "alla", None,
     "Samtliga nämnder och bolagsstyrelser ska stärka informationssäkerheten."),
    ("d2", 2022, "uppdrag", "alla", "vom11", "Alla ska redovisa läsfrämjande insatser för barn."),
    ("d3", 2022, "uppdrag", "stadsdelsnamnder", "nm-norr",
     "Stadsdelsnämnderna ska öppna fler läsecirklar på biblioteken."),
    ("d4", 2022, "uppdrag", "stadsdelsnamnder", "vom12",
     "Stadsdelsnämnderna ska se över kontinuiteten i hemtjänsten och redovisa resultatet."),
    ("d5", 2022, "direktiv", "stadsdelsnamnder", None,
     "Stadsdelsnämnderna ska följa upp lokalkostnaderna 2022."),
    ("d6", 2022, "uppdrag", "facknamnder", "vom21",
     "Facknämnderna ska utreda kulturutbudet för unga i samverkan med kommunstyrelsen."),
    ("d7", 2022, "direktiv", "bolag", None, "Bolagen ska <b>minska</b> sin klimatpåverkan."),
    ("d8", 2022, "uppdrag", "norr", "vom11", "Norrby ska pröva läxhjälp i parkerna."),
    ("d9", 2022, "uppdrag", "soder", "vom12",
     "Söderby ska se över kontinuiteten i HEMTJÄNSTEN och redovisa resultatet."),
    ("d10", 2021, "direktiv", "alla", None,
     "Samtliga nämnder och bolagsstyrelser ska stärka informationssäkerheten!"),
    ("d12", 2021, "direktiv", "stadsdelsnamnder", None,
     "Stadsdelsnämnderna ska följa upp lokalkostnaderna (2021)."),
    ("d13", 2021, "uppdrag", "facknamnder", None,
     "Facknämnderna ska redovisa kulturutbudet för äldre i samverkan med kommunstyrelsen."),
]


def signal_city() -> Dataset:
    org = _df(["id", "parent_id", "level", "kind", "name"], [
        ("stad", None, "stad", None, "Signalstad"),
        ("norr", "stad", "namnd", "stadsdelsnamnd", "Norrby stadsdelsnämnd"),
        ("soder", "stad", "namnd", "stadsdelsnamnd", "Söderby stadsdelsnämnd"),
        ("kultur", "stad", "namnd", "facknamnd", "Kulturnämnden"),
        ("hamn", "stad", "namnd", "bolag", "Hamnbolaget AB"),
        ("norr-skola", "norr", "enhet", "grundskola", "Norrbyskolan"),
    ])
    goals = _df(["id", "parent_id", "level", "org_id", "code", "title", "year_from", "year_to"], [
        ("im1", None, "inriktningsmal", "stad", "1", "En stad för alla", 2021, 2022),
        ("vom11", "im1", "verksamhetsomradesmal", "stad", "1.1", "Barn lär sig", 2021, 2022),
        ("vom12", "im1", "verksamhetsomradesmal", "stad", "1.2", "Äldre trivs", 2021, 2022),
        ("vom21", "im1", "verksamhetsomradesmal", "stad", "2.1", "Staden växer", 2022, 2022),
        ("nm-norr", "vom11", "namndmal", "norr", None, "Norrbys barn läser", 2021, 2022),
        ("em-skola", "nm-norr", "enhetsmal", "norr-skola", None, "Alla elever läser", 2021, 2022),
        ("nm-kultur", "vom21", "namndmal", "kultur", None, "Kultur för alla", 2022, 2022),
    ])
    ind = _df(["id", "goal_id", "name", "unit", "direction", "decided_by", "org_id",
               "applies_to"], [
        ("k1", "vom11", "Andel nöjda föräldrar", "%", "hogre", "kf", "stad", "alla"),
        ("k2", "vom11", "Andel elever som läser", "%", "hogre", "kf", "stad", "stadsdelsnamnder"),
        ("k3", "vom12", "Väntetid till äldreboende", "dagar", "lagre", "kf", "stad",
         "stadsdelsnamnder"),
        ("k4", "vom12", "Andel nöjda biblioteksbesökare", "%", "hogre", "kf", "stad",
         "facknamnder"),
        ("k5", "vom21", "Antal nya hamnplatser", "antal", "hogre", "kf", "stad", "bolag"),
        ("k6", "vom21", "Andel förnybar energi", "%", "hogre", "kf", "stad", "alla"),
        ("o1", "nm-norr", "Antal lästimmar", "timmar", "hogre", "namnd", "norr", None),
        ("o2", "vom12", "Andel med kontaktman", "%", "hogre", "namnd", "soder", None),
        ("o3", "nm-kultur", "Antal konserter", "antal", "hogre", "namnd", "kultur", None),
        ("u1", "em-skola", "Andel elever med läslogg", "%", "hogre", "enhet", "norr-skola", None),
    ])
    acts = _df(["id", "goal_id", "org_id", "year", "name", "recipient"], [
        ("a1", "vom11", "stad", 2022, "Införa läsombud i förskolan", "alla"),
        ("a2", "vom12", "stad", 2022, "Öka kontinuiteten i hemtjänsten", "stadsdelsnamnder"),
        ("a3", "vom11", "stad", 2022, "Utveckla skolbiblioteken", "stadsdelsnamnder"),
        ("a4", "vom21", "stad", 2022, "Kartlägga kulturlokaler", "facknamnder"),
        ("a5", "vom11", "stad", 2022, "Pröva sommarskola i Norrby", "norr"),
        ("a6", "nm-norr", "norr", 2022, "Genomföra läsveckor", None),
        ("a7", "nm-kultur", "kultur", 2022, "Arrangera gratiskonserter", "alla"),
        ("a8", "vom11", "stad", 2021, "Införa läsombud i skolan", "alla"),
        ("a9", "vom12", "stad", 2021, "Minska väntetiderna", "stadsdelsnamnder"),
    ])
    dirs = _df(["id", "year", "kind", "recipient", "goal_id", "text"], DIRECTIVES)
    values = _df(["indicator_id", "org_id", "year", "period", "outcome", "forecast", "reported"], [
        ("k1", "stad", 2021, "VB", 70.0, None, None),
        ("k1", "stad", 2022, "VB", 72.0, None, None),
    ])
    return Dataset.from_frames({"organisation": org, "goals": goals, "indicators": ind,
                                "values": values, "activities": acts, "directives": dirs})
