"""What /rapport reads: the period's goal lights (with the drafts the viewer may see laid
over), the self-assessments and SLK's decisions the viewer may see, and the round's status;
the book itself is `ils.report_book`. The only code of the view that calls `queries`."""

from __future__ import annotations

import polars as pl

from ils import orgs, report_book, rules
from ils.clock import today
from ils.signals import goals_in_force
from pagekit import data
from queries.read.assessment_reads import notes
from queries.read.dataset import load_dataset
from queries.read.schedules import round_status
from queries.write.lights import ensure_lights, read_goal_lights


def load(args: dict) -> tuple:
    """(ctx, book) for `args` (ar, period, namnd = one board's version)."""
    ctx, engine, ref = data.page_start(args)
    params = data.params()
    ensure_lights(engine, params)
    org = ref.organisation
    cities = orgs.stad_ids(org)
    stad = cities[0] if cities else None
    board_rows = org.filter(pl.col("level") == "namnd").sort("name")
    boards = list(board_rows.select("id", "name").iter_rows())
    one = args.get("namnd") if args.get("namnd") in dict(boards) else None
    lights = read_goal_lights(engine, ctx.year, ctx.period)
    goals = goals_in_force(ref.goals, ctx.year).sort("code", "id")
    ims = goals.filter(pl.col("level") == "inriktningsmal").to_dicts()
    voms = goals.filter(pl.col("level") == "verksamhetsomradesmal").to_dicts()
    city_lights = lights.filter(pl.col("org_id") == stad)
    im = rules.inriktningsmal_lights(ref, city_lights, params)
    im_col = "goal_id" if "goal_id" in im.columns else "im_id"
    a = load_dataset(engine, years=(ctx.year,), periods=(ctx.period,),
                     files=("assessments",)).assessments
    n = notes(engine, ctx.year, ctx.period)
    decisions: dict[tuple[str, str], list[str]] = {}
    for r in n.filter(pl.col("decision").is_not_null()).iter_rows(named=True):
        decisions.setdefault((r["goal_id"], r["org_id"]), []).append(r["decision"])
    status = {r["org_id"]: r for r in round_status(engine, ctx.year, ctx.period).iter_rows(
        named=True)}
    city_name = org.filter(pl.col("id") == stad)["name"][0] if stad else "Staden"
    book = report_book.build(
        ctx.year, ctx.period, city_name, ims, voms,
        {r["goal_id"]: r for r in city_lights.iter_rows(named=True)},
        dict(im.select(im_col, "light").iter_rows()), boards,
        {(r["goal_id"], r["org_id"]): r for r in lights.iter_rows(named=True)},
        {(r["goal_id"], r["org_id"]): r for r in a.iter_rows(named=True)},
        decisions, status, today().isoformat(), one)
    return ctx, book
