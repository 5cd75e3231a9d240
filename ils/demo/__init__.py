"""Fictitious, Stockholm-like demo data (DOMAIN.md §5), generated deterministically from a seed.

`generate(scale, seed)` returns a `Dataset`: one city, 13 district boards (× scale), 12
specialist boards, 5 companies, departments and several hundred units (× scale); the real
goal structure of 2019–2022 with invented board and unit goals; ~130 KF indicators plus the
boards' and units' own; targets, values and self-assessments for T1, T2 and VB of 2019–2022;
the budget's activities and directives. Calibrated on the published figures (see
`reporting.CALIBRATION`, `levels`, `signals`); city-level values of KF indicators that match a
Kolada KPI are Stockholm's real ones (shipped in `ils/demo/data/`, Källa: Kolada) and carry
source "Kolada".

Every random draw comes from `random.Random` instances seeded from `seed` (one per part, so
the parts do not disturb each other); nothing uses global random state.
"""

from __future__ import annotations

import random

from ils.access import PUBLISHED
from ils.demo import kolada
from ils.demo.catalogue import STAD_ID, YEARS
from ils.demo.goals import build_goals
from ils.demo.levels import city_levels
from ils.demo.orgs import build_orgs
from ils.demo.reporting import add_reported, build_assessments, build_schedule, indicator_lights
from ils.demo.signals import build_activities, build_directives
from ils.demo.values import build_targets_values, pick_optimists
from ils.model import Dataset

KOLADA_CREDIT = ("Stadens årsutfall för KF-indikatorer med Kolada-motsvarighet: Källa: "
                 "Kolada; tertialvärden och ljus beräknade på dem: bearbetning av data från "
                 "Kolada")


def demo_info() -> dict[str, str]:
    """The label stored with the demo data (the Kolada subset ships with the package)."""
    return {
        "demo": "1",
        "source": "Fiktiva demodata – påhittade nämnder, enheter, mål och resultat med "
                  f"Stockholmsliknande struktur, inte verkliga uppgifter. {KOLADA_CREDIT}.",
        "kolada": "1",
    }


DEMO_INFO: dict[str, str] = demo_info()


def demo_peers(ds: Dataset):
    """Riket's real Kolada values (Källa: Kolada) for the KPIs the demo's indicators map, and
    the shipped comparison group's (its members' real values and their unweighted mean), as
    comparison values (`kolada_peer_value`)."""
    import polars as pl

    kpis = sorted(k for k in ds.indicators["kolada_kpi"].drop_nulls().unique().to_list())
    return pl.concat([kolada.peer_values(kpis, YEARS),
                      kolada.group_peer_values(kpis, YEARS)]).sort("kpi", "municipality_id",
                                                                   "year")


def _rng(seed: int, part: str) -> random.Random:
    return random.Random(f"kontrollrum-demo/{seed}/{part}")


def generate(scale: int = 1, seed: int = 2022, years: int = len(YEARS)) -> Dataset:
    """The demo data set: ×1 Stockholm-like; ×N has N times the district boards and units
    (and so about N times the values), with the same city, goals and KF budget. `years` more
    than the four of 2019–2022 reaches further back (`with_history`), for measuring how the
    cost grows with the history."""
    if scale < 1:
        raise ValueError("scale must be 1 or more")
    if years < len(YEARS):
        raise ValueError(f"years must be {len(YEARS)} or more")
    ds = _generate(scale, seed)
    return ds if years == len(YEARS) else with_history(ds, years)


def with_history(ds: Dataset, years: int) -> Dataset:
    """`ds` with `years` years of history ending in its last year: the years before its first
    are copies of its own years, shifted back in steps of its span (2015–2018 copies
    2019–2022, and so on), published; goals are valid from the first year. The same shape per
    year as the real years, so a page's cost can be compared over the length of the history."""
    import polars as pl

    first, last = ds.values["year"].min(), ds.values["year"].max()
    span = last - first + 1
    start = last - years + 1

    def back(df: pl.DataFrame, ids: str | None = None, publish: bool = False) -> pl.DataFrame:
        parts = [df]
        for step in range(1, -(-(first - start) // span) + 1):
            shift = step * span
            part = df.with_columns(pl.col("year") - shift).filter(pl.col("year") >= start)
            if ids:
                part = part.with_columns(pl.col(ids) + f"-h{step}")
            if publish:
                part = part.with_columns(pl.lit(PUBLISHED).alias("status"))
            part = part.with_columns(pl.col(c).dt.offset_by(f"-{shift}y")
                                     for c in ("deadline", "start", "end") if c in part.columns)
            parts.append(part)
        return pl.concat(parts)

    return Dataset.from_frames({
        **ds.frames(),
        "goals": ds.goals.with_columns(
            pl.when(pl.col("year_from") == first).then(start).otherwise(pl.col("year_from"))
            .alias("year_from")),
        "targets": back(ds.targets), "values": back(ds.values),
        "assessments": back(ds.assessments, publish=True), "activities": back(ds.activities, "id"),
        "directives": back(ds.directives, "id"), "schedule": back(ds.schedule),
    })


def _generate(scale: int, seed: int) -> Dataset:
    orgs = build_orgs(_rng(seed, "orgs"), scale)
    goals = build_goals(_rng(seed, "goals"), orgs)
    kpis = sorted({i.kpi for i in goals.inds if i.kpi})
    real = kolada.city_values(kpis, YEARS)
    levels = city_levels(_rng(seed, "levels"), goals.inds, real)
    optimists = pick_optimists(_rng(seed, "optimists"), orgs)
    targets, values = build_targets_values(_rng(seed, "values"), orgs, goals, levels, optimists)
    ds = Dataset.from_frames({"organisation": orgs.frame, "goals": goals.goals,
                              "indicators": goals.indicators, "targets": targets,
                              "values": values})
    lights = indicator_lights(ds)  # the same with or without reported statuses
    values = add_reported(_rng(seed, "reported"), ds, lights, orgs, optimists)
    values = kolada.mark_kolada(Dataset.from_frames({"values": values}).values,
                                ds.indicators, STAD_ID, real)
    assessments = build_assessments(_rng(seed, "assessments"), ds, lights, orgs, optimists)
    return Dataset.from_frames({
        **ds.frames(),
        "values": values,
        "assessments": assessments,
        "activities": build_activities(_rng(seed, "activities"), orgs, goals),
        "directives": build_directives(_rng(seed, "directives"), orgs),
        "schedule": build_schedule(YEARS),
    })
