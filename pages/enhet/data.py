"""What /enhet/<id> shows, loaded once per (unit, period, rules, data version): the unit and
its lights (`queries.read.org_views.load_org`). The page and its downloads call `load`."""

from __future__ import annotations

from dataclasses import dataclass

from components.context import PeriodContext
from pagekit import data
from queries.cache import cached
from queries.db import get_engine
from queries.read.org_views import OrgData, load_org, org_row
from queries.versions import with_previous

LEVEL = "enhet"


@dataclass(frozen=True)
class EnhetData:
    ctx: PeriodContext
    org: dict | None  # the org of the id asked for (of any level); None: no such org
    got: OrgData | None  # its data, when it is a unit


def load(args: dict) -> EnhetData:
    """`args`: org_id, ar, period (as in the URL; resolved here)."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    org_id = args.get("org_id")
    if ctx.empty or not org_id:
        return EnhetData(ctx, None, None)
    engine = get_engine()
    params = data.params()
    key = {"org_id": org_id, "ar": ctx.year, "period": ctx.period, "params": repr(params)}

    def compute():
        ref = data.reference(engine)
        org = org_row(ref.organisation, org_id)
        if org is None or org["level"] != LEVEL:
            return org, None
        return org, load_org(engine, org_id, ctx.year, ctx.period, params, ref=ref)

    return EnhetData(ctx, *cached(engine, "enhet", key, compute,
                         periods=with_previous(ctx.year, ctx.period)))
