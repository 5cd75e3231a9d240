"""What the boards report: a status per indicator value and a self-assessment per VOM.

Both start from the light the rules give (so the demo is consistent with DOMAIN.md §3) and
then behave as the auditors describe: forecast greens reported as fulfilled without an
outcome, missing outcomes reported fulfilled, and a few optimistic boards whose ratings run
ahead of their indicators. The published 2020–2022 counts are reproduced at VB.
"""

from __future__ import annotations

import datetime as dt
import random

import polars as pl

from ils import rules
from ils.demo import texts
from ils.demo.catalogue import STAD_ID, VOM_SUBJECT, YEARS
from ils.demo.orgs import Orgs
from ils.model import FILES, Dataset
from ils.periods import PERIODS

UP = {"ej": "delvis", "delvis": "uppfyllt", "uppfyllt": "uppfyllt"}
FROM_LIGHT = {"gron": "uppfyllt", "gul": "delvis", "rod": "ej"}
LEVELS = ("ej", "delvis", "uppfyllt")

# (year, VOM code, boards uppfyllt / delvis / ej out of 25, the city's own rating) at VB.
CALIBRATION = (
    (2022, "1.3", (23, 2, 0), "delvis"),  # published: 25 boards 23 helt, 2 delvis; city delvis
    (2020, "1.3", (18, 6, 1), "delvis"),  # published (24 boards): 17 / 6 / 1
    (2020, "1.5", (12, 12, 1), "delvis"),  # published: 12 / 12 / 1
    (2021, "1.5", (17, 8, 0), "delvis"),  # districts fulfilled, KS partly (the pandemic)
)


def indicator_lights(ds: Dataset) -> dict[tuple[int, str], pl.DataFrame]:
    """The rules' indicator lights of every year and period (reported statuses play no part)."""
    return {(y, p): rules.indicator_lights(ds, y, p) for y in YEARS for p in PERIODS}


def _board_of(orgs: Orgs) -> dict[str, str]:
    out = {b.id: b.id for b in orgs.boards}
    out.update({u.id: u.board_id for u in orgs.units})
    return out


def add_reported(rng: random.Random, ds: Dataset, ind_lights: dict, orgs: Orgs,
                 optimists: set[str]) -> pl.DataFrame:
    """`ds.values` with the `reported` column filled as the boards would have."""
    lights = pl.concat([df.select("indicator_id", "org_id", "year", "period", "light")
                        for df in ind_lights.values()])
    board_of = _board_of(orgs)
    df = ds.values.drop("reported").join(lights, on=["indicator_id", "org_id", "year", "period"],
                                         how="left")
    reported = []
    for org, period, light in zip(df["org_id"], df["period"], df["light"], strict=False):
        if rng.random() > (0.85 if period == "VB" else 0.7):
            reported.append(None)
            continue
        r = rng.random()
        if light in FROM_LIGHT:
            status = FROM_LIGHT[light]
        elif light == "saknas":
            status = "uppfyllt" if r < 0.3 else None
        else:  # ej_malsatt: fulfilled by the board's own reckoning
            status = "uppfyllt" if r < 0.5 else "delvis" if r < 0.7 else None
        optimistic = board_of.get(org) in optimists
        if status and rng.random() < (0.5 if optimistic else 0.08):
            status = UP[status]
        reported.append(status)
    return df.drop("light").with_columns(reported=pl.Series(reported, dtype=pl.String))


def build_assessments(rng: random.Random, ds: Dataset, ind_lights: dict, orgs: Orgs,
                      optimists: set[str]) -> pl.DataFrame:
    """Self-assessments per (VOM, org, year, period) for the boards and the city."""
    voms = ds.goals.filter(pl.col("level") == "verksamhetsomradesmal").select("id", "code")
    code_of = dict(voms.iter_rows())
    assessing = [b for b in orgs.boards if b.kind != "bolag"]
    basis = {b.id: "samlad bedömning" if b.id in optimists or rng.random() < 0.45
             else "indikatorer" for b in orgs.boards}
    basis[STAD_ID] = "samlad bedömning"
    rows = []
    for year in YEARS:
        for period in PERIODS:
            gl = rules.goal_lights(ds, ind_lights[(year, period)], year, period)
            light = {(g, o): (lt, sc) for g, o, lt, sc in
                     gl.select("goal_id", "org_id", "light", "score").iter_rows()}
            companies = {(g, o) for g, o in light if o.startswith("bolag-")}
            pairs = [(g, b.id) for g in code_of for b in assessing] + sorted(companies)
            ratings = {}
            for g, org in pairs:
                lt, _ = light.get((g, org), ("saknas", None))
                ratings[(g, org)] = _rate(rng, lt, org in optimists)
            for g in code_of:
                lt, _ = light.get((g, STAD_ID), ("saknas", None))
                ratings[(g, STAD_ID)] = FROM_LIGHT.get(lt, "delvis")
            if period == "VB":
                _calibrate(rng, ratings, light, code_of, assessing, year)
            for (g, org), rating in ratings.items():
                missing = rng.random() < {"T1": 0.25, "T2": 0.15, "VB": 0.08}[period]
                options = [t for t in texts.MOTIVATION[rating]
                           if year in (2020, 2021) or "Pandemi" not in t]
                text = None if missing else rng.choice(options).format(
                    subject=VOM_SUBJECT[code_of[g]])
                status = DRAFT if ((year, period) == DRAFT_PERIOD and _drafting(org)
                                   or (year, period) == LATE_PERIOD and org in LATE) else None
                rows.append((g, org, year, period, rating, basis[org], text, status))
    return pl.DataFrame(rows, schema=FILES["assessments"].polars_schema, orient="row")


# §3.9: some boards' latest tertial report is still a draft, seen only by the board (and
# the orgs above it), SLK and admins until it is published.
DRAFT, DRAFT_PERIOD = "utkast", (2022, "T2")
DRAFTING = ("sdn-skarpnack", "sdn-farsta", "sdn-hagersten-alvsjo")


# §3.10: at the latest period two companies are still drafting, past the deadline of every
# board (`build_schedule`): the round's status has late boards to show.
LATE_PERIOD = (2022, "VB")
LATE = ("bolag-stockholmshem", "bolag-micasa")


def build_schedule(years: tuple[int, ...]) -> pl.DataFrame:
    """The round's deadlines (fictitious, like all demo data): every board's last day per
    period (T1 in May, T2 in September, VB in February the year after), and one board
    (Farsta) given a week more at the latest period."""
    day = {"T1": (0, 5, 6), "T2": (0, 9, 14), "VB": (1, 2, 8)}
    rows = [(y, p, None, dt.date(y + dy, m, d)) for y in years
            for p, (dy, m, d) in day.items()]
    y, p = LATE_PERIOD
    rows.append((y, p, "sdn-farsta", dt.date(y + 1, 2, 15)))
    return pl.DataFrame(rows, schema=FILES["schedule"].polars_schema, orient="row")


def _drafting(org_id: str) -> bool:
    """The boards whose T2 2022 assessments are drafts (and their copies at larger scale)."""
    return any(org_id == b or org_id.startswith(f"{b}-") and org_id[len(b) + 1:].isdigit()
               for b in DRAFTING)


def _rate(rng: random.Random, light: str, optimistic: bool) -> str:
    if light not in FROM_LIGHT:  # no scored indicator: a "samlad bedömning" of other input
        return rng.choices(LEVELS, (0.05, 0.45, 0.5))[0]
    rank = LEVELS.index(FROM_LIGHT[light])
    r = rng.random()
    if optimistic:
        rank += 1 if r < 0.8 else 0
    else:
        rank += 1 if r < 0.14 else -1 if r < 0.22 else 0
    return LEVELS[max(0, min(2, rank))]


def _calibrate(rng, ratings, light, code_of, assessing, year) -> None:
    """Impose the published distribution: the best-scoring boards get the better ratings."""
    ids = {code: g for g, code in code_of.items()}
    for cal_year, code, counts, city in CALIBRATION:
        if cal_year != year:
            continue
        g = ids[code]
        n = len(assessing)
        n_delvis = round(counts[1] * n / 25)
        n_ej = round(counts[2] * n / 25)
        def score(board, g=g):
            s = light.get((g, board.id), (None, None))[1]
            return (0.5 if s is None else s, rng.random())

        ranked = sorted(assessing, key=score, reverse=True)
        for i, board in enumerate(ranked):
            ratings[(g, board.id)] = ("uppfyllt" if i < n - n_delvis - n_ej
                                      else "delvis" if i < n - n_ej else "ej")
        ratings[(g, STAD_ID)] = city
