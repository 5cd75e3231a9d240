"""What /avdelning/<id> shows, loaded once per (department, period, rules, data version): the
department and its units' lights (`queries.read.org_views.load_org`) and its units with their
light counts. The page, its folds and its downloads all call `load`."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from components.context import PeriodContext
from pagekit import data
from queries.cache import cached
from queries.db import get_engine
from queries.read.org_views import OrgData, load_org, org_row, unit_rows
from queries.versions import with_previous

LEVEL = "avdelning"


@dataclass(frozen=True)
class AvdelningData:
    ctx: PeriodContext
    org: dict | None  # the org of the id asked for (of any level); None: no such org
    got: OrgData | None  # its data, when it is a department
    units: pl.DataFrame | None  # its units with their light counts


def load(args: dict) -> AvdelningData:
    """`args`: org_id, ar, period (as in the URL; resolved here)."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    org_id = args.get("org_id")
    if ctx.empty or not org_id:
        return AvdelningData(ctx, None, None, None)
    engine = get_engine()
    params = data.params()
    key = {"org_id": org_id, "ar": ctx.year, "period": ctx.period, "params": repr(params)}

    def compute():
        ref = data.reference(engine)
        org = org_row(ref.organisation, org_id)
        if org is None or org["level"] != LEVEL:
            return org, None, None
        got = load_org(engine, org_id, ctx.year, ctx.period, params, ref=ref)
        return org, got, unit_rows(got.tree, got.indicators(), params)

    return AvdelningData(ctx, *cached(engine, "avdelning", key, compute,
                             periods=with_previous(ctx.year, ctx.period)))
