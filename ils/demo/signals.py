"""The budget's activities and directives (styrsignaler), and the boards' own activities.

2022 reproduces the auditors' seed table for the district boards: 80 activities and 670
directives and other assignments (172 to all boards and companies, 498 to the district boards);
earlier years carry a smaller, growing load. Some directive texts come back year after year
or are given to several recipients in nearly the same words.
"""

from __future__ import annotations

import datetime as dt
import random

import polars as pl

from ils.demo import texts
from ils.demo.catalogue import STAD_ID, YEARS
from ils.demo.goals import Goals, board_voms
from ils.demo.orgs import Orgs
from ils.model import FILES

GROUPS = ("alla", "stadsdelsnamnder", "facknamnder", "bolag")
# Per year: how many to each group, and to single named boards ("named").
DIRECTIVES = {
    2019: {"alla": 131, "stadsdelsnamnder": 379, "facknamnder": 105, "bolag": 44, "named": 60},
    2020: {"alla": 143, "stadsdelsnamnder": 421, "facknamnder": 118, "bolag": 49, "named": 68},
    2021: {"alla": 158, "stadsdelsnamnder": 462, "facknamnder": 130, "bolag": 54, "named": 74},
    2022: {"alla": 172, "stadsdelsnamnder": 498, "facknamnder": 141, "bolag": 58, "named": 80},
}
ACTIVITIES = {
    2019: {"alla": 16, "stadsdelsnamnder": 36, "facknamnder": 18, "bolag": 6, "named": 12},
    2020: {"alla": 18, "stadsdelsnamnder": 43, "facknamnder": 20, "bolag": 7, "named": 14},
    2021: {"alla": 21, "stadsdelsnamnder": 49, "facknamnder": 23, "bolag": 8, "named": 16},
    2022: {"alla": 24, "stadsdelsnamnder": 56, "facknamnder": 26, "bolag": 9, "named": 18},
}
AS_OF = dt.date(YEARS[-1], 12, 31)  # the demo is seen from the end of its last year
GROUP_VOMS = {"stadsdelsnamnder": ("1.1", "1.2", "1.3", "1.4", "1.5", "2.4", "2.5"),
              "bolag": ("2.2", "2.5", "3.1", "3.2")}


def _dates(rng: random.Random, year: int) -> tuple[dt.date, dt.date, str]:
    start = dt.date(year, rng.randint(1, 9), 1)
    end = start + dt.timedelta(days=rng.randint(90, 450))
    if end <= AS_OF:
        status = "avslutad" if rng.random() < 0.8 else "forsenad"
    else:
        status = rng.choices(("pagar", "forsenad", "ej_paborjad"), (0.75, 0.18, 0.07))[0]
    return start, end, status


def _recipients(orgs: Orgs, counts: dict[str, int], rng: random.Random) -> list[str]:
    named = [b.id for b in orgs.boards if b.copy == 1]
    out = [g for g in GROUPS for _ in range(counts[g])]
    return out + [rng.choice(named) for _ in range(counts["named"])]


def _vom_for(rng: random.Random, recipient: str, all_voms: list[str]) -> str:
    return rng.choice(GROUP_VOMS.get(recipient, all_voms))


def build_activities(rng: random.Random, orgs: Orgs, goals: Goals) -> pl.DataFrame:
    all_voms = list(texts.ACTIVITY_TOPICS)
    rows = []
    for year in YEARS:
        for n, recipient in enumerate(_recipients(orgs, ACTIVITIES[year], rng), start=1):
            vom = _vom_for(rng, recipient, all_voms)
            name = f"{rng.choice(texts.ACTIVITY_VERBS)} {rng.choice(texts.ACTIVITY_TOPICS[vom])}"
            rows.append((f"akt-{year}-{n:03d}", f"vom-{vom}", STAD_ID, year, name, recipient,
                         *_dates(rng, year)))
        for board in orgs.boards:
            if board.kind == "bolag":
                continue
            n_own = rng.randint(5, 8) if board.id in goals.heavy_boards else rng.randint(1, 4)
            for k in range(1, n_own + 1):
                vom = rng.choice(board_voms(board))
                name = (f"{rng.choice(texts.ACTIVITY_VERBS)} "
                        f"{rng.choice(texts.ACTIVITY_TOPICS[vom])}")
                rows.append((f"akt-{board.id}-{year}-{k}", f"nm-{board.id}-{vom}", board.id,
                             year, name, None, *_dates(rng, year)))
    return pl.DataFrame(rows, schema=FILES["activities"].polars_schema, orient="row")


def build_directives(rng: random.Random, orgs: Orgs) -> pl.DataFrame:
    names = {b.id: b.name for b in orgs.boards}
    all_voms = list(texts.DIRECTIVE_TOPICS)
    rows = []
    previous: dict[str, list[tuple[str, str | None, str]]] = {}
    for year in YEARS:
        current: dict[str, list[tuple[str, str | None, str]]] = {}
        for n, recipient in enumerate(_recipients(orgs, DIRECTIVES[year], rng), start=1):
            key = recipient if recipient in GROUPS else "named"
            prefix = texts.RECIPIENT_PREFIX.get(recipient) or f"{names[recipient]} ska"
            earlier = previous.get(key)
            if earlier and rng.random() < 0.3:  # the same assignment again, a year later
                kind, goal_id, body = rng.choice(earlier)
                body = body.replace(f"under {year - 1}", f"under {year}")
            elif recipient == "stadsdelsnamnder" and current.get("alla") and rng.random() < 0.05:
                kind, goal_id, body = rng.choice(current["alla"])  # nearly the same to all
            else:
                kind = "uppdrag" if rng.random() < 0.6 else "direktiv"
                if rng.random() < 0.8:
                    vom = _vom_for(rng, recipient, all_voms)
                    topic = rng.choice(texts.DIRECTIVE_TOPICS[vom])
                    goal_id = f"vom-{vom}" if rng.random() < 0.75 else None
                else:
                    topic, goal_id = rng.choice(texts.GENERIC_DIRECTIVE_TOPICS), None
                tail = rng.choice(texts.DIRECTIVE_TAILS).format(year=year)
                body = f"{rng.choice(texts.DIRECTIVE_VERBS)} {topic}{tail}."
            current.setdefault(key, []).append((kind, goal_id, body))
            rows.append((f"dir-{year}-{n:04d}", year, kind, recipient, goal_id,
                         f"{prefix} {body}"))
        previous = current
    return pl.DataFrame(rows, schema=FILES["directives"].polars_schema, orient="row")
