"""City-level outcomes and KF targets per (KF indicator, year), with the calibration.

The city outcome is Stockholm's real Kolada value where the indicator has a KPI and the file is
at hand (a year Kolada has no value for stays missing: e.g. the 2021 elderly-care survey that
was not run), else a generated level. The KF target is then set around that outcome so the
city's light lands where the design wants it: for the children/school VOM 1.3 in 2022 exactly
4 green (3 of the 5 preschool indicators) and 7 yellow, as published.
"""

from __future__ import annotations

import math
import random

from ils.demo.catalogue import CHILDREN_VOM, YEARS
from ils.demo.goals import Ind

TOLERANCE = 0.10  # the rules' default; targets are designed against it


def classify(value: float, target: float, direction: str, yellow: float | None = None) -> str:
    """The light of DOMAIN.md §3.2 for one value (default tolerance)."""
    if yellow is None:
        yellow = target - TOLERANCE * abs(target) if direction == "hogre" \
            else target + TOLERANCE * abs(target)
    if direction == "hogre":
        return "gron" if value >= target else "gul" if value >= yellow else "rod"
    return "gron" if value <= target else "gul" if value <= yellow else "rod"


def _step(value: float) -> float:
    mag = abs(value)
    if mag >= 1000:
        return 10 ** (math.floor(math.log10(mag)) - 1)
    return 1.0 if mag >= 20 else 0.5 if mag >= 10 else 0.1 if mag >= 1 else 0.01


def nice_target(value: float, direction: str, want: str, rng: random.Random,
                cap: float | None = None) -> float:
    """A round target that gives `value` the light `want` (gron, gul or rod), at most `cap`
    (100 for a percentage: a target of 104 % means nothing). Near the cap the wanted light may
    be out of reach; the target is then the cap."""
    got = _nice_target(value, direction, want, rng)
    if cap is None or got <= cap:
        return got
    for tenths in range(int(cap * 10), int(max(value, 0) * 10), -5):  # cap, cap − 0.5, …
        if classify(value, tenths / 10, direction) == want:
            return tenths / 10
    return cap


def _nice_target(value: float, direction: str, want: str, rng: random.Random) -> float:
    up = direction == "hogre"
    if want == "gron":
        factor = 1 - rng.uniform(0, 0.04) if up else 1 + rng.uniform(0, 0.04)
    elif want == "gul":
        factor = 1 / (1 - rng.uniform(0.01, 0.06)) if up else 1 / (1 + rng.uniform(0.01, 0.06))
    else:
        factor = 1 / (0.9 - rng.uniform(0.02, 0.1)) if up else 1 / (1.1 + rng.uniform(0.02, 0.1))
    raw = value * factor
    step = _step(raw)
    for _ in range(6):  # refine the rounding until the light is the one wanted
        for rounded in (round(raw / step) * step, math.floor(raw / step) * step,
                        math.ceil(raw / step) * step):
            rounded = round(rounded, 6)
            if rounded and classify(value, rounded, direction) == want:
                return rounded
        step /= 10
    return round(raw, 6)


def percent_cap(unit: str | None) -> float | None:
    """The highest sensible target of a unit: 100 for percentages, none otherwise."""
    return 100.0 if unit == "%" else None


def round_value(value: float, unit: str) -> float:
    mag = abs(value)
    digits = 0 if mag >= 1000 else 1 if mag >= 10 else 2
    value = round(value, digits)
    return min(max(value, 0.0), 100.0) if unit == "%" else max(value, 0.0)


def city_levels(rng: random.Random, inds: list[Ind], kolada: dict[tuple[str, int], float | None]
                ) -> dict[tuple[str, int], tuple[float | None, float | None]]:
    """{(KF indicator id, year): (city VB outcome or None, KF target or None)}."""
    out = {}
    kf = [i for i in inds if i.decided_by == "kf"]
    calibrated = _children_greens(rng, kf)
    for ind in kf:
        trend = rng.uniform(-0.02, 0.03) * (1 if ind.direction == "hogre" else -1)
        last_target = None
        ambition = rng.choices(("gron", "gul", "rod"), (0.45, 0.38, 0.17))[0]
        for year in YEARS:
            generated = round_value(ind.base * (1 - trend * (YEARS[-1] - year))
                                    * (1 + rng.gauss(0, 0.01)), ind.unit)
            value = kolada.get((ind.kpi, year)) if ind.kpi and kolada else generated
            if ind.vom == CHILDREN_VOM and year == YEARS[-1]:
                want = "gron" if ind.id in calibrated else "gul"
                if value is None:  # cannot happen with the shipped files; keep it calibrated
                    value = generated
            else:  # the light mostly stays from year to year, so targets move smoothly
                if rng.random() < 0.25:
                    ambition = rng.choices(("gron", "gul", "rod"), (0.45, 0.38, 0.17))[0]
                want = ambition
            if not ind.kf_target:
                target = None
            elif value is None:
                target = last_target or nice_target(generated, ind.direction, "gron", rng,
                                                    percent_cap(ind.unit))
            else:
                target = nice_target(value, ind.direction, want, rng, percent_cap(ind.unit))
            last_target = target
            out[(ind.id, year)] = (value, target)
    return out


def _children_greens(rng: random.Random, kf: list[Ind]) -> set[str]:
    """Which of the 11 KF indicators of VOM 1.3 meet their 2022 target at city level: 3 of the
    5 preschool ones (for the district boards) and 1 of the 6 school ones."""
    children = [i for i in kf if i.vom == CHILDREN_VOM]
    preschool = [i.id for i in children if i.reporters[0].startswith("sdn-")]
    school = [i.id for i in children if i.id not in preschool]
    return set(rng.sample(preschool, 3)) | set(rng.sample(school, 1))
