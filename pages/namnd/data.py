"""What /namnd/<id> shows, loaded once per (board, period, rules, data version): the board
and its subtree's lights (`queries.read.org_views.load_org`), its departments and units with their
light counts, and — for the peer comparison fold and its download only — its KF indicators
beside the boards of the same kind. The page, its folds and its downloads all call `load`.

Also everything else the view reads, each through the cache keyed by the period's data
version and what the viewer may see (`queries.cache`): the board's "Bedöm målen" form
(`assess_form`, `preview`, `assessment_history`), the controllers' questions (`questions`)
and the Kolada comparison. The only code of /namnd that reads through `queries/`; its writes
go through `pages/namnd/writes.py`."""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl

from components.context import PeriodContext
from ils import comparison as cmp
from ils import periods, progress
from ils.access import Viewer
from ils.assessing import PublishSummary, describe_change
from ils.notes import ItemKey
from ils.signals import goals_in_force
from ils.voms import VOM, vom_spans
from pagekit import data
from queries import scope
from queries.cache import cached
from queries.db import get_engine
from queries.read import assessment_reads as reads
from queries.read.org_views import OrgData, load_org, org_row, unit_rows
from queries.read.snapshots import lock_of
from queries.versions import with_previous
from queries.write.assessments_write import draft_versions
from queries.write.kolada_store import city_comparison
from queries.write.lights import read_goal_lights, read_indicator_lights
from queries.write.write_common import shown_time

LEVEL = "namnd"


@dataclass(frozen=True)
class NamndData:
    ctx: PeriodContext
    org: dict | None  # the org of the id asked for (of any level); None: no such org
    got: OrgData | None  # its data, when it is a board
    units: pl.DataFrame | None  # its departments and units with their light counts
    peers: pl.DataFrame | None  # the peer comparison (only when asked for: `peers`)
    # its place in the city's optimism ranking (as /jamforelse ranks all boards): rank,
    # n_ranked, optimism, n_compared; rank None when it has no optimism index
    place: dict | None = None
    changes: Changes | None = None  # what changed since the previous period (not for peers)


@dataclass(frozen=True)
class Changes:
    """What changed on the board since the previous period (`board_changes`)."""

    period: tuple[int, str]  # the period shown
    previous: tuple[int, str] | None  # the period compared with; None: the first of the data
    goals: pl.DataFrame | None  # `progress.goal_changes` of the board's VOMs, with code, title
    indicators: pl.DataFrame | None  # `progress.outcomes_arrived` of the board's own rows


def load(args: dict) -> NamndData:
    """`args`: org_id, ar, period (as in the URL; resolved here), peers (bool)."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    org_id = args.get("org_id")
    if ctx.empty or not org_id:
        return NamndData(ctx, None, None, None, None, None, None)
    engine = get_engine()
    params = data.params()
    peers = bool(args.get("peers"))
    key = {"org_id": org_id, "ar": ctx.year, "period": ctx.period, "peers": peers,
           "params": repr(params)}

    def compute():
        ref = data.reference(engine)
        org = org_row(ref.organisation, org_id)
        if org is None or org["level"] != LEVEL:
            return org, None, None, None, None, None
        got = load_org(engine, org_id, ctx.year, ctx.period, params, with_peers=peers, ref=ref)
        return (org, got, unit_rows(got.tree, got.indicators(), params),
                got.peer_rows() if peers else None,
                optimism_place(engine, ref, org_id, ctx.year, ctx.period),
                None if peers else board_changes(engine, ref, got, ctx))

    return NamndData(ctx, *cached(engine, "namnd", key, compute,
                         periods=with_previous(ctx.year, ctx.period)))


def optimism_place(engine, ref, board_id: str, year: int, period: str) -> dict:
    """The board's place among all boards by optimism index in the period (§3.4: the mean gap
    of self-assessment against the computed light over its comparable VOMs in force), as
    /jamforelse ranks them: the stored goal lights of every board, the same ranking."""
    boards = ref.organisation.filter(pl.col("level") == LEVEL)["id"].to_list()
    voms = goals_in_force(ref.goals, year).filter(pl.col("level") == "verksamhetsomradesmal")
    lights = read_goal_lights(engine, year, period, tuple(boards)).filter(
        pl.col("goal_id").is_in(voms["id"].implode()))
    all_boards = pl.DataFrame({"org_id": boards}, schema={"org_id": pl.String})
    ranked = cmp.rank_boards(all_boards.join(cmp.gap_counts(cmp.board_gaps(lights, boards)),
                                             on="org_id", how="left"))
    mine = ranked.filter(pl.col("org_id") == board_id)
    row = mine.row(0, named=True) if len(mine) else {}
    return {"rank": row.get("rank"), "n_ranked": int(ranked["rank"].is_not_null().sum()),
            "optimism": row.get("optimism"), "n_compared": row.get("n_compared") or 0}


def board_changes(engine, ref, got: OrgData, ctx: PeriodContext) -> Changes:
    """The board's goals whose light went up or down or turned red since the previous period
    and its indicators whose outcome arrived since then (`ils.progress`), from the stored
    lights of both periods; `previous` None when the data has no previous period."""
    prev = periods.previous(ctx.year, ctx.period)
    if prev not in ctx.available:
        return Changes((ctx.year, ctx.period), None, None, None)
    board = got.org["id"]
    before_goals = read_goal_lights(engine, prev[0], prev[1], (board,))
    before_ind = read_indicator_lights(engine, prev[0], prev[1], (board,))
    meta = ref.goals.select(pl.col("id").alias("goal_id"), "code", "title")
    goals = (progress.goal_changes(got.goals.filter(pl.col("org_id") == board), before_goals)
             .join(meta, on="goal_id", how="left")
             .sort(pl.col("code").fill_null(""), "goal_id"))
    arrived = progress.outcomes_arrived(got.indicators([board]), before_ind).sort(
        pl.col("vom_code").fill_null(""), pl.col("name").fill_null(""), "indicator_id")
    return Changes((ctx.year, ctx.period), prev, goals, arrived)


def kolada_rows(ids: list[str], year: int) -> pl.DataFrame:
    """The city's yearly values of `ids` beside Riket and its comparison group (Kolada)."""
    engine = get_engine()
    return cached(engine, "kolada_cmp", {"ids": ids, "ar": year},
                  lambda: city_comparison(engine, year, ids), periods=())  # base data


# The board's "Bedöm målen" form (pages/namnd/assess.py, issue 13): read per (board, period)
# and what the viewer may see; a save renews the period's version, so the form follows it.

@dataclass(frozen=True)
class Form:
    org_id: str
    year: int
    period: str
    locked: str | None  # "Låst <date> av <who>" when the period is locked
    voms: list[dict]  # id, code, title, light row (or None), indicators (name, light, basis)
    rows: dict[str, dict]  # goal_id → the stored assessment (with version)
    summary: PublishSummary
    history: dict[str, list[dict]]  # goal_id → its history as `assessment_history` gives it


def viewer() -> Viewer:
    return scope.viewer()


def may_assess(org_id: str) -> bool:
    """Whether the current viewer may assess `org_id`'s goals here: the board's own users, for
    the board itself (`Viewer.may_assess`; RULES.md §9)."""
    v = viewer()
    return v.signed_in and v.may_assess(org_id)


def _tree() -> pl.DataFrame:
    """id, parent_id, name of every org (the reference tables, cached)."""
    return data.reference(get_engine()).organisation.select("id", "parent_id", "name")


def below_the_board(org_id: object, nothing: str) -> str | None:
    """The Swedish refusal when a board's user writes for a department or unit below the
    board (a forged form: the page offers only the board); None otherwise (other refusals
    are the write's own)."""
    v = viewer()
    if v.may_assess(org_id) or not isinstance(org_id, str) or not v.may_edit(org_id, _tree()):
        return None
    return ("Självskattningen är nämndens egen: här bedömer och publicerar du bara nämndens egna "
            f"mål, inte mål för en organisation under nämnden. {nothing}")


def lock_text(year: int, period: str) -> str | None:
    """"Låst <date> av <who>" when (year, period) is locked, else None (locking and
    unlocking renew the global data version)."""
    engine = get_engine()

    def compute():
        held = lock_of(engine, year, period)
        return f"Låst {held.date} av {held.locked_by}" if held is not None else None

    return cached(engine, "lock", {"ar": year, "period": period}, compute, periods=())


def _assessments(org_id: str, year: int, period: str) -> tuple[pl.DataFrame, PublishSummary]:
    """The org's current assessments of the period as the viewer may see them, and what
    publishing would make public."""
    engine = get_engine()
    return cached(engine, "namnd_assessments", {"org_id": org_id, "ar": year, "period": period},
                  lambda: (reads.current(engine, org_id, year, period),
                           reads.period_summary(engine, org_id, year, period)),
                  periods=((year, period),))


def _form_lights(engine, org_id: str, year: int, period: str) -> list[dict]:
    ref = data.reference(engine)
    goals = ref.goals
    voms = goals.filter((pl.col("level") == VOM) & (pl.col("year_from") <= year)
                        & (pl.col("year_to") >= year)).sort("code", "id")
    lights = {r["goal_id"]: r for r in read_goal_lights(
        engine, year, period, org_ids=(org_id,)).to_dicts()}
    names = ref.indicators.select(pl.col("id").alias("indicator_id"), "name")
    spans = vom_spans(goals).select("goal_id", "vom_id")
    ind = (read_indicator_lights(engine, year, period, org_ids=(org_id,))
           .join(spans, on="goal_id", how="left").join(names, on="indicator_id", how="left")
           .sort("name"))
    out = []
    for v in voms.iter_rows(named=True):
        mine = ind.filter(pl.col("vom_id") == v["id"])
        out.append({"id": v["id"], "code": v["code"], "title": v["title"],
                    "light": lights.get(v["id"]),
                    "indicators": mine.select("name", "light", "basis").to_dicts()})
    return out


def assess_form(org_id: str, year: int, period: str) -> Form:
    """The form's data for a board and period (the caller checked `may_assess`), read in one
    cached computation: the lock, the goals' lights, the assessments and their histories."""
    engine = get_engine()
    key = {"org_id": org_id, "ar": year, "period": period, "params": repr(data.params())}

    def compute():
        held = lock_of(engine, year, period)
        voms = _form_lights(engine, org_id, year, period)
        return (f"Låst {held.date} av {held.locked_by}" if held is not None else None, voms,
                reads.current(engine, org_id, year, period),
                reads.period_summary(engine, org_id, year, period),
                {v["id"]: reads.history(engine, v["id"], org_id, year, period) for v in voms})

    locked, voms, current, summary, history = cached(engine, "namnd_assess", key, compute,
                                                     periods=((year, period),))
    return Form(org_id, year, period, locked, voms,
                {r["goal_id"]: r for r in current.to_dicts()}, summary,
                {g: _history_entries(df) for g, df in history.items()})


def preview(org_id, year, period) -> tuple[PublishSummary | None, dict[str, str],
                                          dict[str, int]]:
    """What publishing would make public now (None: the viewer may not publish), with the
    goals' "code title" names and the drafts' versions it was made from."""
    if not isinstance(org_id, str) or not may_assess(org_id):
        return None, {}, {}
    if not isinstance(year, int) or not periods.is_period(period):
        return None, {}, {}
    goals = data.reference(get_engine()).goals.filter(pl.col("level") == VOM)
    names = {g: f"{c or ''} {t}".strip() for g, c, t in goals.select("id", "code", "title")
             .iter_rows()}
    current, summary = _assessments(org_id, year, period)
    return summary, names, draft_versions(current.filter(pl.col("status") == "utkast"))


def assessment_history(org_id: str, goal_id: str, year: int, period: str) -> list[dict]:
    """The assessment's history as the viewer may see it, newest first."""
    engine = get_engine()
    df = cached(engine, "namnd_history",
                {"org_id": org_id, "goal_id": goal_id, "ar": year, "period": period},
                lambda: reads.history(engine, goal_id, org_id, year, period),
                periods=((year, period),))
    return _history_entries(df)


def _history_entries(df: pl.DataFrame) -> list[dict]:
    return [dict(r, when=shown_time(r["changed_at"]), changes=describe_change(
        json.loads(r["old_values"]) if r["old_values"] else None,
        json.loads(r["new_values"]) if r["new_values"] else None))
        for r in reversed(df.to_dicts())]


def published_count(org_id: str, year: int, period: str) -> int:
    """How many of the org's assessments of the period are published (for an admin)."""
    df, _ = _assessments(org_id, year, period)
    return df.filter(pl.col("status").is_null() | (pl.col("status") != "utkast")).height


# The controllers' questions about the board's agenda items (pages/namnd/questions.py).

def _question_rows(org_id: str, year: int, period: str) -> pl.DataFrame:
    engine = get_engine()
    return cached(engine, "namnd_questions", {"org_id": org_id, "ar": year, "period": period},
                  lambda: reads.questions(engine, org_id, year, period),
                  periods=((year, period),), notes=True)


def questions(org_id: str, year: int, period: str) -> list[dict]:
    """The questions about the board's items the viewer may see, with the goal's code and
    title and the indicator's name."""
    df = _question_rows(org_id, year, period)
    ref = data.reference(get_engine())
    goals = {r["id"]: r for r in ref.goals.select("id", "code", "title").iter_rows(named=True)}
    inds = dict(ref.indicators.select("id", "name").iter_rows())
    return [{**r, "goal_code": goals.get(r["goal_id"], {}).get("code"),
             "goal_title": goals.get(r["goal_id"], {}).get("title"),
             "indicator_name": inds.get(r["indicator_id"]) if r["indicator_id"] else None}
            for r in df.iter_rows(named=True)]


def may_answer(org_id: str, year: int | None = None, period: str | None = None) -> bool:
    """Whether the current viewer may answer the board's questions (its own users), of
    (year, period) when given: not while it is locked (the server refuses that save too)."""
    if not viewer().may_edit(org_id, _tree()):  # the board's own users (ils.access)
        return False
    if year is None or period is None:
        return True
    return lock_text(year, period) is None


def question(key: ItemKey) -> dict | None:
    """The item's question and answer as the viewer may see them."""
    for r in _question_rows(key.org_id, key.year, key.period).iter_rows(named=True):
        if (r["kind"], r["goal_id"], r["indicator_id"] or "") == (
                key.kind, key.goal_id, key.indicator_id):
            return r
    return None
