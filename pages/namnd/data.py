"""What /namnd/<id> shows, loaded once per (board, period, rules, data version): the board
and its subtree's lights (`queries.org_views.load_org`), its departments and units with their
light counts, and — for the peer comparison fold and its download only — its KF indicators
beside the boards of the same kind. The page, its folds and its downloads all call `load`."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from components.context import PeriodContext
from ils import comparison as cmp
from ils import periods, progress
from ils.rules import goals_in_force
from pagekit import data
from queries.cache import cached
from queries.db import get_engine
from queries.lights import read_goal_lights, read_indicator_lights
from queries.org_views import OrgData, load_org, org_row, unit_rows
from queries.versions import with_previous

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
