"""What /namnd/<id> shows, loaded once per (board, period, rules, data version): the board
and its subtree's lights (`queries.org_views.load_org`), its departments and units with their
light counts, and — for the peer comparison fold and its download only — its KF indicators
beside the boards of the same kind. The page, its folds and its downloads all call `load`."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from components import data
from components.context import PeriodContext
from queries.cache import cached
from queries.db import get_engine
from queries.org_views import OrgData, load_org, org_row, unit_rows

LEVEL = "namnd"


@dataclass(frozen=True)
class NamndData:
    ctx: PeriodContext
    org: dict | None  # the org of the id asked for (of any level); None: no such org
    got: OrgData | None  # its data, when it is a board
    units: pl.DataFrame | None  # its departments and units with their light counts
    peers: pl.DataFrame | None  # the peer comparison (only when asked for: `peers`)


def load(args: dict) -> NamndData:
    """`args`: org_id, ar, period (as in the URL; resolved here), peers (bool)."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    org_id = args.get("org_id")
    if ctx.empty or not org_id:
        return NamndData(ctx, None, None, None, None)
    engine = get_engine()
    params = data.params()
    peers = bool(args.get("peers"))
    key = {"org_id": org_id, "ar": ctx.year, "period": ctx.period, "peers": peers,
           "params": repr(params)}

    def compute():
        ref = data.reference(engine)
        org = org_row(ref.organisation, org_id)
        if org is None or org["level"] != LEVEL:
            return org, None, None, None
        got = load_org(engine, org_id, ctx.year, ctx.period, params, with_peers=peers, ref=ref)
        return (org, got, unit_rows(got.tree, got.indicators(), params),
                got.peer_rows() if peers else None)

    return NamndData(ctx, *cached(engine, "namnd", key, compute))
