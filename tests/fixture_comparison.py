"""The known-lights city (tests/fixture_city.py) with rows ADDED for issue 4: a second year,
T2 self-assessments, reported statuses and more forecasts, so every number of the
/jamforelse and /prognoser pages is known by hand. Boards: Norrby, Söderby (stadsdelsnämnder),
Kulturnämnden (facknämnd); Kultur counts only ind-nojd (applies to alla).

VB 2022 goal lights (from fixture_city): 1.1 stad gron, Norrby gul, Söderby rod, Kultur gron;
1.2 stad gul, Norrby rod, Söderby gron, Kultur none (saknas).
VB 2022 self-assessments (basis) → gap:
  1.1 Norrby uppfyllt (indikatorer) +1; Söderby uppfyllt (samlad bedömning) +2;
      Kultur uppfyllt (indikatorer) 0; stad delvis.
  1.2 Norrby uppfyllt ("Indikatorer ", normalised) +2; Söderby delvis (no basis) −1;
      Kultur uppfyllt (samlad bedömning) not comparable; stad delvis.
  → optimism VB 2022: Norrby 1,5 (2 more positive), Söderby 0,5 (1 +, 1 −), Kultur 0,0
    (1 agrees, 1 not comparable). Rank: Norrby, Söderby, Kultur.
  → main basis: Norrby indikatorer (2 of 2); Söderby samlad bedömning (tie with ej angivet,
    a given basis wins); Kultur indikatorer (tie, alphabetical).
  → gap by basis: indikatorer 3 goals mean 1,0; samlad bedömning 1 goal 2,0; ej angivet −1.
  → KS against the boards: 1.1 3 of 3 uppfyllt, KS delvis, city gron; 1.2 2 uppfyllt +
    1 delvis, KS delvis, city gul.
VB 2021 (targets as 2022): goal lights 1.1 Norrby gron, Söderby rod (.25), Kultur gul,
  stad gron; 1.2 Norrby gron, Söderby gul, stad gul. Self-assessments 1.1 Norrby uppfyllt 0,
  Söderby delvis +1, Kultur ej −1; 1.2 Norrby uppfyllt 0, Söderby delvis 0.
  → optimism trend (VB): Norrby 0 → 1,5; Söderby 0,5 → 0,5; Kultur −1 → 0.
Forecasts (boards only), T2 → VB:
  2022 Norrby: las gron(prognos)→gron, nojd gron(utfall)→gul, vant gron(prognos)→rod,
       norr-egen saknas→rod: 3 T2 greens, 2 failed (2/3); forecast 1 of 2, outcome 1 of 1.
       Söderby: las gron(prognos)→rod (1 of 1); nojd saknas→saknas; vant saknas→gron.
       Kultur: nojd gron(prognos)→gron (0 of 1).
       All boards 2022: 5 greens, 3 failed (60 %); forecast 2 of 4, outcome 1 of 1.
  2021 Norrby: las gron(utfall)→gron (0 of 1). Söderby: nojd gron(prognos)→rod,
       vant gron(utfall)→gul (2 of 2). Kultur: no T2 green.
Self-assessments T2 → VB: 2022 Söderby 1.2 uppfyllt → delvis (1 of 2 failed); Norrby 2 of 2
  held; Kultur 1.1 uppfyllt held, 1.2 delvis → uppfyllt (not a T2 uppfyllt).
  2021 Söderby 1.1 uppfyllt → delvis, Kultur 1.1 uppfyllt → ej (failed); Norrby held.
Reported statuses 2022: T2 Norrby reported uppfyllt for las (gron prognos), nojd (gron
  utfall), vant (gron prognos), norr-egen (no value: saknas) → 4 uppfyllt, 3 green, 1 grey,
  3 without outcome; Söderby T2 las uppfyllt (gron prognos, without outcome).
  VB Söderby las uppfyllt while the light is rod (+2); VB Norrby nojd delvis (gul, agrees).
"""

from __future__ import annotations

import polars as pl

from ils.model import Dataset
from tests.fixture_city import city


def _rows(df: pl.DataFrame, rows: list[tuple]) -> pl.DataFrame:
    """`df` with `rows` added (optional columns after the given ones left empty)."""
    rows = [tuple(r) + (None,) * (df.width - len(r)) for r in rows]
    return pl.concat([df, pl.DataFrame(rows, schema=df.schema, orient="row")])


def comparison_city() -> Dataset:
    base = city()
    targets = _rows(base.targets, [
        ("ind-las", "stad", 2021, 80.0, None), ("ind-nojd", "stad", 2021, 75.0, None),
        ("ind-norr-egen", "norrby", 2021, 50.0, None), ("ind-vant", "stad", 2021, 20.0, 25.0),
    ])
    key = ["indicator_id", "org_id", "year", "period"]
    values = base.values.with_columns(reported=pl.when(
        (pl.col("indicator_id") == "ind-las") & (pl.col("org_id") == "soderby")
        & (pl.col("period") == "VB")).then(pl.lit("uppfyllt"))
        .when((pl.col("indicator_id") == "ind-nojd") & (pl.col("org_id") == "norrby")
              & (pl.col("period") == "VB")).then(pl.lit("delvis"))
        .otherwise(pl.col("reported")))
    values = _rows(values, [
        # 2022 T2
        ("ind-nojd", "norrby", 2022, "T2", 76.0, None, "uppfyllt"),
        ("ind-vant", "norrby", 2022, "T2", None, 19.0, "uppfyllt"),
        ("ind-norr-egen", "norrby", 2022, "T2", None, None, "uppfyllt"),
        ("ind-nojd", "kultur", 2022, "T2", None, 80.0, None),
        # 2021 VB
        ("ind-las", "stad", 2021, "VB", 81.0, None, None),
        ("ind-las", "norrby", 2021, "VB", 82.0, None, None),
        ("ind-las", "soderby", 2021, "VB", 79.0, None, None),
        ("ind-nojd", "stad", 2021, "VB", 74.0, None, None),
        ("ind-nojd", "norrby", 2021, "VB", 76.0, None, None),
        ("ind-nojd", "soderby", 2021, "VB", 60.0, None, None),
        ("ind-nojd", "kultur", 2021, "VB", 70.0, None, None),
        ("ind-norr-egen", "norrby", 2021, "VB", 55.0, None, None),
        ("ind-vant", "stad", 2021, "VB", 21.0, None, None),
        ("ind-vant", "norrby", 2021, "VB", 19.0, None, None),
        ("ind-vant", "soderby", 2021, "VB", 24.0, None, None),
        # 2021 T2
        ("ind-las", "norrby", 2021, "T2", 81.0, None, None),
        ("ind-nojd", "soderby", 2021, "T2", None, 78.0, None),
        ("ind-vant", "soderby", 2021, "T2", 19.0, None, None),
    ]).unique(subset=key, keep="first")
    long = ("Målet bedöms uppfyllt. " + "Verksamheten har arbetat vidare med läsfrämjande "
            "insatser i alla förskolor och skolor, och resultaten följs upp varje termin. " * 4)
    assessments = _rows(base.assessments, [
        ("vom12", "norrby", 2022, "VB", "uppfyllt", "Indikatorer ", long),
        ("vom12", "soderby", 2022, "VB", "delvis", None, "Väntetiderna har ökat."),
        ("vom12", "kultur", 2022, "VB", "uppfyllt", "samlad bedömning", None),
        ("vom12", "stad", 2022, "VB", "delvis", "samlad bedömning", None),
        ("vom11", "norrby", 2022, "T2", "uppfyllt", "indikatorer", None),
        ("vom12", "norrby", 2022, "T2", "uppfyllt", "indikatorer", None),
        ("vom11", "soderby", 2022, "T2", "uppfyllt", "samlad bedömning", None),
        ("vom12", "soderby", 2022, "T2", "uppfyllt", "samlad bedömning", None),
        ("vom11", "kultur", 2022, "T2", "uppfyllt", "indikatorer", None),
        ("vom12", "kultur", 2022, "T2", "delvis", "indikatorer", None),
        ("vom11", "norrby", 2021, "VB", "uppfyllt", "indikatorer", None),
        ("vom12", "norrby", 2021, "VB", "uppfyllt", "indikatorer", None),
        ("vom11", "soderby", 2021, "VB", "delvis", "samlad bedömning", None),
        ("vom12", "soderby", 2021, "VB", "delvis", "samlad bedömning", None),
        ("vom11", "kultur", 2021, "VB", "ej", "indikatorer", None),
        ("vom11", "norrby", 2021, "T2", "uppfyllt", "indikatorer", None),
        ("vom11", "soderby", 2021, "T2", "uppfyllt", "samlad bedömning", None),
        ("vom11", "kultur", 2021, "T2", "uppfyllt", "indikatorer", None),
    ])
    frames = base.frames()
    frames.update(targets=targets, values=values, assessments=assessments)
    return Dataset.from_frames(frames)
