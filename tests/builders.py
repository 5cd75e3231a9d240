"""Tiny `Dataset`s for pure rule tests, built from short row helpers with sensible defaults.

The default city: stad ``S`` with district boards ``N1``/``N2`` (stadsdelsnamnd), specialist
board ``F1`` (facknamnd), company board ``B1`` (bolag), department ``A1`` and unit ``E1`` under
``N1``; goals: inriktningsmål ``IM1`` with VOMs ``V1`` and ``V2`` (2019–2022, owned by ``S``).
Tests say only what differs, e.g. ``make_ds(indicators=[ind("I1")], targets=[tgt("I1", "S", 79)])``.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from ils.model import FILES, Dataset

YEAR = 2022


def org(id: str, level: str = "namnd", parent: str | None = "S", kind: str | None = None,
        name: str | None = None) -> dict:
    return {"id": id, "parent_id": parent, "level": level, "kind": kind, "name": name or id}


def goal(id: str, level: str = "verksamhetsomradesmal", parent: str | None = "IM1",
         org: str = "S", year_from: int = 2019, year_to: int = 2022) -> dict:
    return {"id": id, "parent_id": parent, "level": level, "org_id": org, "code": id,
            "title": f"Mål {id}", "year_from": year_from, "year_to": year_to}


def ind(id: str, goal: str = "V1", direction: str = "hogre", decided_by: str = "kf",
        org: str = "S", applies_to: str | None = None) -> dict:
    return {"id": id, "goal_id": goal, "name": f"Indikator {id}", "unit": "%",
            "direction": direction, "decided_by": decided_by, "org_id": org,
            "applies_to": applies_to, "kolada_kpi": None}


def tgt(indicator: str, org: str, target: float, yellow: float | None = None,
        year: int = YEAR) -> dict:
    return {"indicator_id": indicator, "org_id": org, "year": year, "target": target,
            "yellow_limit": yellow}


def val(indicator: str, org: str, outcome: float | None = None, forecast: float | None = None,
        period: str = "VB", year: int = YEAR, reported: str | None = None) -> dict:
    return {"indicator_id": indicator, "org_id": org, "year": year, "period": period,
            "outcome": outcome, "forecast": forecast, "reported": reported}


def assess(goal: str, org: str, assessment: str, period: str = "VB", year: int = YEAR) -> dict:
    return {"goal_id": goal, "org_id": org, "year": year, "period": period,
            "assessment": assessment, "basis": None, "motivation": None}


def act(id: str, org: str = "S", recipient: str | None = None, year: int = YEAR,
        goal: str = "V1") -> dict:
    return {"id": id, "goal_id": goal, "org_id": org, "year": year, "name": f"Aktivitet {id}",
            "recipient": recipient, "start": None, "end": None, "status": None}


def directive(id: str, recipient: str, year: int = YEAR, kind: str = "direktiv") -> dict:
    return {"id": id, "year": year, "kind": kind, "recipient": recipient, "goal_id": None,
            "text": f"Direktiv {id}"}


CITY = (
    org("S", "stad", parent=None),
    org("N1", kind="stadsdelsnamnd"),
    org("N2", kind="stadsdelsnamnd"),
    org("F1", kind="facknamnd"),
    org("B1", kind="bolag"),
    org("A1", "avdelning", parent="N1"),
    org("E1", "enhet", parent="A1"),
)
GOALS = (
    goal("IM1", "inriktningsmal", parent=None),
    goal("V1"),
    goal("V2"),
)


def make_ds(orgs: Iterable[dict] = CITY, goals: Iterable[dict] = GOALS,
            indicators: Iterable[dict] = (), targets: Iterable[dict] = (),
            values: Iterable[dict] = (), assessments: Iterable[dict] = (),
            activities: Iterable[dict] = (), directives: Iterable[dict] = ()) -> Dataset:
    """A Dataset from row dicts; omitted files are empty; orgs/goals default to CITY/GOALS."""
    given = {"organisation": orgs, "goals": goals, "indicators": indicators,
             "targets": targets, "values": values, "assessments": assessments,
             "activities": activities, "directives": directives}
    return Dataset.from_frames({name: _frame(name, list(rows)) for name, rows in given.items()})


def _frame(name: str, rows: list[dict]) -> pl.DataFrame:
    if not rows:
        return FILES[name].empty()
    return pl.DataFrame(rows, schema=FILES[name].polars_schema)


EMPTY = Dataset.from_frames({})


# Values that give each light against target 80 (higher is better, yellow limit 72).
LIGHT_VALUE = {"gron": 100.0, "gul": 75.0, "rod": 0.0, "saknas": None, "ej_malsatt": 50.0}


def with_lights(lights: Iterable[str], org: str = "N1", goal: str = "V1",
                decided_by: str = "namnd", prefix: str = "I", period: str = "VB",
                forecast: bool = False) -> dict[str, list[dict]]:
    """Rows for one indicator per wanted light for `org` (target 80; ej_malsatt: no target).

    With `forecast=True` the value is given as a forecast instead of an outcome.
    Returns indicators/targets/values lists; combine parts with `merge`.
    """
    out: dict[str, list[dict]] = {"indicators": [], "targets": [], "values": []}
    for n, light in enumerate(lights):
        iid = f"{prefix}{n}"
        out["indicators"].append(ind(iid, goal=goal, decided_by=decided_by, org=org))
        if light != "ej_malsatt":
            out["targets"].append(tgt(iid, org, 80.0))
        v = LIGHT_VALUE[light]
        out["values"].append(val(iid, org, None if forecast else v, v if forecast else None,
                                 period=period))
    return out


def merge(*parts: dict[str, list[dict]]) -> dict[str, list[dict]]:
    """Concatenate the row lists of several `with_lights`-style parts, file by file."""
    out: dict[str, list[dict]] = {}
    for part in parts:
        for name, rows in part.items():
            out.setdefault(name, []).extend(rows)
    return out
