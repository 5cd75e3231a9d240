"""Targets and values (T1, T2, VB for 2019–2022) for every indicator and reporting org.

Patterns built in: boards scatter around the city value; some boards set their own targets
(some with an explicit yellow limit), KF leaves a few targets to the boards and not all of
them set one (`ej_malsatt`); T1/T2 often carry only a forecast, which leans optimistic (more
so for the optimistic boards), so T2 greens can end yellow or red at VB; some outcomes are
missing at VB and some board/indicator pairs report nothing at all.
"""

from __future__ import annotations

import random

import polars as pl

from ils.demo.catalogue import STAD_ID, YEARS
from ils.demo.goals import Goals, Ind
from ils.demo.levels import nice_target, percent_cap, round_value
from ils.demo.orgs import Orgs
from ils.model import FILES


def pick_optimists(rng: random.Random, orgs: Orgs) -> set[str]:
    """Boards whose self-assessments run ahead of their indicators: two district boards (and
    their scaled copies) and one specialist board."""
    districts = [b for b in orgs.boards if b.kind == "stadsdelsnamnd" and b.copy == 1]
    chosen = {b.slug for b in rng.sample(districts, 2)}
    out = {b.id for b in orgs.boards if b.kind == "stadsdelsnamnd"
           and (b.slug if b.copy == 1 else b.slug.rsplit("-", 1)[0]) in chosen}
    out.add(rng.choice([b.id for b in orgs.by_kind("facknamnd")]))
    return out


class _Rows:
    def __init__(self, columns):
        self.cols = {c: [] for c in columns}

    def add(self, *values):
        for col, v in zip(self.cols.values(), values, strict=False):
            col.append(v)

    def frame(self, name):
        schema = FILES[name].polars_schema
        return pl.DataFrame(self.cols, schema={c: schema[c] for c in self.cols})


def build_targets_values(rng: random.Random, orgs: Orgs, goals: Goals,
                         levels: dict, optimists: set[str]) -> tuple[pl.DataFrame, pl.DataFrame]:
    targets = _Rows(("indicator_id", "org_id", "year", "target", "yellow_limit"))
    values = _Rows(("indicator_id", "org_id", "year", "period", "outcome", "forecast"))
    board_of = {u.id: u.board_id for u in orgs.units}
    effect = {b.id: rng.gauss(-0.015 if b.id in optimists else 0.0, 0.03) for b in orgs.boards}

    def yellow_for(target: float, direction: str, share: float) -> float:
        return round(target * (1 - share) if direction == "hogre" else target * (1 + share), 4)

    def emit_values(ind: Ind, org: str, vb: dict[int, float | None]) -> None:
        board = board_of.get(org, org)
        mu = 0.06 if board in optimists else 0.02
        s = 1 if ind.direction == "hogre" else -1
        prev = None
        for year in YEARS:
            v = vb[year]
            basis = v if v is not None else prev
            for period, p_out, noise in (("T1", 0.5, 0.04), ("T2", 0.65, 0.03)):
                outcome = forecast = None
                if v is not None and not ind.annual and rng.random() < p_out:
                    outcome = round_value(v * (1 + rng.gauss(0, noise)), ind.unit)
                if basis is not None and rng.random() < 0.85:
                    forecast = round_value(basis * (1 + s * (mu + rng.gauss(0, 0.03))), ind.unit)
                values.add(ind.id, org, year, period, outcome, forecast)
            missing = org != STAD_ID and rng.random() < 0.05
            values.add(ind.id, org, year, "VB", None if missing else v, None)
            prev = v if v is not None else prev

    for ind in goals.inds:
        s = 1 if ind.direction == "hogre" else -1
        if ind.decided_by == "kf":
            city = {y: levels[(ind.id, y)] for y in YEARS}
            explicit = ind.vom != "1.3" and rng.random() < 0.12
            for y, (_, target) in city.items():
                if target is not None:
                    targets.add(ind.id, STAD_ID, y, target,
                                yellow_for(target, ind.direction, 0.05) if explicit else None)
            emit_values(ind, STAD_ID, {y: v for y, (v, _) in city.items()})
            n_boards = sum(1 for r in ind.reporters if r not in board_of)
            board_vb: dict[str, dict[int, float | None]] = {}
            for org in ind.reporters:
                unit = org in board_of
                ref = board_vb.get(board_of.get(org, ""), None) if unit else None
                sigma = 0.08 if unit else 0.05
                share = rng.uniform(0.5, 1.5) / n_boards if ind.total and not unit else 1.0
                vb = {}
                for y in YEARS:
                    base = ref[y] if ref and ref.get(y) is not None else city[y][0]
                    if ind.total and not unit and base is not None:
                        base = base * share
                    vb[y] = None if base is None else round_value(
                        base * (1 + s * (0 if unit else effect[org]) + rng.gauss(0, sigma)),
                        ind.unit)
                if not unit:
                    board_vb[org] = vb
                if not unit and rng.random() < 0.03:
                    continue  # this board reports nothing for the indicator
                emit_values(ind, org, vb)
                own = ind.total or (rng.random() < (0.6 if not ind.kf_target else 0.12)
                                    and not unit)
                if own:
                    explicit_own = rng.random() < 0.3
                    for y in YEARS:
                        ref_v = vb[y] if vb[y] is not None else city[y][1]
                        if ref_v is None:
                            continue
                        want = rng.choices(("gron", "gul", "rod"), (0.5, 0.35, 0.15))[0]
                        t = nice_target(ref_v, ind.direction, want, rng, percent_cap(ind.unit))
                        targets.add(ind.id, org, y, t,
                                    yellow_for(t, ind.direction, 0.05) if explicit_own else None)
        else:
            org = ind.reporters[0]
            heavy = org in goals.heavy_boards
            probs = (0.9, 0.08, 0.02) if heavy else (0.65, 0.23, 0.12)
            has_target = heavy or rng.random() < 0.85
            vb = {}
            for i, y in enumerate(YEARS):
                vb[y] = round_value(ind.base * (1 + s * 0.02 * i) * (1 + rng.gauss(0, 0.04)),
                                    ind.unit)
                if has_target:
                    want = rng.choices(("gron", "gul", "rod"), probs)[0]
                    targets.add(ind.id, org, y, nice_target(vb[y], ind.direction, want, rng,
                                                            percent_cap(ind.unit)), None)
            emit_values(ind, org, vb)
    return targets.frame("targets"), values.frame("values")
