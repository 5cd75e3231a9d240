"""A small city whose lights are known by hand: the fixture of the app and browser tests.

2022, period VB unless said otherwise. Tolerance 0.10, thresholds 0.75 / 0.40.

Boards: Norrby (stadsdelsnämnd), Söderby (stadsdelsnämnd), Kulturnämnden (facknämnd).
Goals: IM 1 → VOM 1.1 "Barn lär sig" (KF indicators ind-las, ind-nojd) and VOM 1.2
"Äldre trivs" (KF indicator ind-vant, lower is better). Norrby has a nämndmål under 1.1
with its own indicator ind-norr-egen.

VB 2022 indicator lights:
- ind-las (hogre, KF target 80, stad):  stad 78 → gul; Norrby 85 → gron; Söderby 70 → rod;
  Kulturnämnden: not in the group (stadsdelsnamnder) → does not count.
- ind-nojd (hogre, KF target 75, applies to alla): stad 76 → gron; Norrby 74 → gul;
  Söderby: no value → saknas; Kulturnämnden 80 → gron.
- ind-norr-egen (hogre, Norrby's target 50): Norrby 40 → rod.
- ind-vant (lagre, KF target 20, yellow limit 25): stad 22 → gul; Norrby 30 → rod;
  Söderby 18 → gron.
VB goal lights (score → light):
- 1.1 stad: gul .5 + gron 1 → .75 gron.   Norrby: gron+gul+rod → .5 gul (KF-only .75 gron).
  Söderby: rod (nojd saknas) → 0 rod.       Kulturnämnden: gron → gron.
- 1.2 stad: gul. Norrby: rod. Söderby: gron.
Self-assessments VB 1.1: stad delvis; Norrby uppfyllt (gap +1); Söderby uppfyllt (gap +2);
Kulturnämnden uppfyllt (gap 0).
T2 2022: ind-las Norrby outcome missing, forecast 90 → gron (prognos); VB 85 → gron.
  Söderby forecast 82 at T2 → gron (prognos), VB 70 → rod: a forecast green that failed.
"""

from __future__ import annotations

import polars as pl

from ils.model import Dataset


def _df(columns: list[str], rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=columns, orient="row")


def city() -> Dataset:
    org = _df(["id", "parent_id", "level", "kind", "name"], [
        ("stad", None, "stad", None, "Exempelstad"),
        ("norrby", "stad", "namnd", "stadsdelsnamnd", "Norrby stadsdelsnämnd"),
        ("soderby", "stad", "namnd", "stadsdelsnamnd", "Söderby stadsdelsnämnd"),
        ("kultur", "stad", "namnd", "facknamnd", "Kulturnämnden"),
        ("norrby-aldre", "norrby", "avdelning", "aldreomsorg", "Äldreomsorg Norrby"),
        ("norrby-hem", "norrby-aldre", "enhet", "hemtjanst", "Hemtjänst Norrby"),
        ("norrby-inkop", "norrby", "enhet", "inkop", "Inköpsenheten Norrby"),
    ])
    goals = _df(["id", "parent_id", "level", "org_id", "code", "title", "year_from", "year_to"], [
        ("im1", None, "inriktningsmal", "stad", "1", "En stad för alla", 2021, 2022),
        ("vom11", "im1", "verksamhetsomradesmal", "stad", "1.1", "Barn lär sig", 2021, 2022),
        ("vom12", "im1", "verksamhetsomradesmal", "stad", "1.2", "Äldre trivs", 2021, 2022),
        ("nm-norr", "vom11", "namndmal", "norrby", None, "Norrbys barn läser mer", 2021, 2022),
        ("em-hem", "nm-norr", "enhetsmal", "norrby-hem", None, "Hemtjänsten läser högt", 2021,
         2022),
    ])
    ind = _df(["id", "goal_id", "name", "unit", "direction", "decided_by", "org_id",
               "applies_to", "kolada_kpi"], [
        ("ind-las", "vom11", "Andel elever som läser", "%", "hogre", "kf", "stad",
         "stadsdelsnamnder", None),
        ("ind-nojd", "vom11", "Andel nöjda föräldrar", "%", "hogre", "kf", "stad", "alla", None),
        ("ind-norr-egen", "nm-norr", "Antal lästimmar", "timmar", "hogre", "namnd", "norrby",
         None, None),
        ("ind-vant", "vom12", "Väntetid till boende", "dagar", "lagre", "kf", "stad",
         "stadsdelsnamnder", None),
    ])
    targets = _df(["indicator_id", "org_id", "year", "target", "yellow_limit"], [
        ("ind-las", "stad", 2022, 80.0, None),
        ("ind-nojd", "stad", 2022, 75.0, None),
        ("ind-norr-egen", "norrby", 2022, 50.0, None),
        ("ind-vant", "stad", 2022, 20.0, 25.0),
    ])
    vb = [
        ("ind-las", "stad", 78.0), ("ind-las", "norrby", 85.0), ("ind-las", "soderby", 70.0),
        ("ind-nojd", "stad", 76.0), ("ind-nojd", "norrby", 74.0), ("ind-nojd", "kultur", 80.0),
        ("ind-norr-egen", "norrby", 40.0),
        ("ind-vant", "stad", 22.0), ("ind-vant", "norrby", 30.0), ("ind-vant", "soderby", 18.0),
    ]
    values = _df(["indicator_id", "org_id", "year", "period", "outcome", "forecast", "reported"],
                 [(i, o, 2022, "VB", v, None, None) for i, o, v in vb] + [
                     ("ind-las", "norrby", 2022, "T2", None, 90.0, "uppfyllt"),
                     ("ind-las", "soderby", 2022, "T2", None, 82.0, "uppfyllt"),
                     ("ind-las", "stad", 2022, "T2", 77.0, None, None),
                 ])
    assess = _df(["goal_id", "org_id", "year", "period", "assessment", "basis", "motivation"], [
        ("vom11", "stad", 2022, "VB", "delvis", "samlad bedömning", "Två av tre mål nåddes."),
        ("vom11", "norrby", 2022, "VB", "uppfyllt", "indikatorer", "<b>Bra</b> arbete."),
        ("vom11", "soderby", 2022, "VB", "uppfyllt", "samlad bedömning", None),
        ("vom11", "kultur", 2022, "VB", "uppfyllt", "indikatorer", "Målet är nått."),
    ])
    return Dataset.from_frames({"organisation": org, "goals": goals, "indicators": ind,
                                "targets": targets, "values": values, "assessments": assess})
