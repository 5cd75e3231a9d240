"""The worked example of the /om page: a tiny city with one board, one goal and five
indicators, and its lights computed by `ils.rules` (so the explanation cannot disagree with
the code). Pure: parameters in, frames out."""

from __future__ import annotations

import polars as pl

from ils import rules, rules_periods
from ils.model import Dataset

YEAR = 2022
EXAMPLE_INDICATORS = (  # id, name, direction, decided_by, target, given yellow limit
    ("A", "Andel nöjda brukare", "hogre", "kf", 80.0, None),
    ("B", "Andel brukare med genomförandeplan", "hogre", "kf", 90.0, None),
    ("C", "Väntetid till särskilt boende, dagar", "lagre", "kf", 30.0, 40.0),
    ("D", "Antal aktiviteter per vecka", "hogre", "namnd", 10.0, None),
    ("E", "Andel som fått hjälp inom 14 dagar", "hogre", "kf", 85.0, None),
)
UNITS = {"A": "%", "B": "%", "C": "dagar", "D": None, "E": "%"}


def example_dataset(params: rules_periods.RuleParams) -> Dataset:
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


def example_lights(params: rules_periods.RuleParams) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """The example's indicator lights at VB and at T2, and its goal light at VB (by the rules)."""
    ds = example_dataset(params)
    vb = rules.indicator_lights(ds, YEAR, "VB", params).filter(pl.col("org_id") == "N")
    t2 = rules.indicator_lights(ds, YEAR, "T2", params).filter(pl.col("org_id") == "N")
    goal = rules.goal_lights(ds, vb, YEAR, "VB", params).filter(pl.col("org_id") == "N")
    return vb, t2, goal
