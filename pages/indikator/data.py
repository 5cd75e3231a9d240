"""What /indikator/<id> shows (the only code of the view that reads the database): the
indicator's definition, its light per org in the chosen period with the targets of the year,
and the trend of one org (the city, or `?org=`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import polars as pl

from components.context import PeriodContext, trend_keys
from ils import orgs, progress, provenance
from ils.labels import sv_key
from ils.voms import vom_of_goal
from pagekit import data
from queries.cache import cached
from queries.read import views
from queries.read.dataset import load_info

LEVEL_ORDER = {"stad": 0, "namnd": 1, "avdelning": 2, "enhet": 3}


@dataclass(frozen=True)
class IndikatorData:
    ctx: PeriodContext
    ind: dict
    info: dict[str, str]
    owner: dict | None  # the org that owns the indicator
    goal: dict | None  # the goal it belongs to
    vom: dict | None  # the VOM above that goal
    stad_id: str | None
    rows: pl.DataFrame  # lights of the period per org, with name and level, stad → nämnd → …
    own_targets: dict[str, float]  # org → its own target of the year (KF's own row left out)
    kf_target: float | None
    trend_org: str  # whose trend is shown: the city (KF), the owner, or `?org=`
    trend_name: str
    trend: pl.DataFrame  # that org's lights over the trend's periods
    org_arg: str | None  # `?org=` when it names an org (kept in the period selector's links)
    # org → the note beside its target ("KF budget 2022", "Riket, jämförelsevärde",
    # "KF:s målvärde"); org → its value's source this period; the comparison values of the
    # year from Kolada [(name, value, its year when older than the page's)], the city first;
    # whether the trend has tertial values
    target_notes: dict[str, str | None] = field(default_factory=dict)
    value_sources: dict[str, str | None] = field(default_factory=dict)
    peers: tuple[tuple[str, float | None, int | None], ...] = ()
    has_tertials: bool = False
    lower: frozenset[str] = frozenset()  # orgs whose own target is less ambitious than KF's
    riket: float | None = None  # Riket's Kolada value of the year (drawn beside the city's)
    # issue 23: the city's place among the peer municipalities (rank, n, year), whether a peer is
    # a comparison group (its value a mean computed from Kolada's), and Kolada's revisions of
    # the shown values: [(org_id, year, old, new, revised_at, kind)]
    peer_rank: tuple[int, int, int] | None = None
    has_group: bool = False
    revisions: tuple[tuple, ...] = ()


def with_orgs(lights: pl.DataFrame, organisation: pl.DataFrame) -> pl.DataFrame:
    """Light rows of one indicator with org name and level, sorted stad → nämnd → … by name."""
    df = lights.join(organisation.select(pl.col("id").alias("org_id"), "name", "level"),
                     on="org_id", how="left")
    return df.with_columns(
        _lvl=pl.col("level").replace_strict(LEVEL_ORDER, default=9),
        _name=pl.col("name").fill_null(pl.col("org_id"))
        .map_elements(sv_key, return_dtype=pl.String),
    ).sort("_lvl", "_name").drop("_lvl", "_name")


def _row(df: pl.DataFrame, row_id: str | None) -> dict | None:
    found = df.filter(pl.col("id") == row_id)
    return found.row(0, named=True) if len(found) else None


def _load(engine, ref, ind: dict, ctx: PeriodContext, org_arg: str | None) -> IndikatorData:
    org = ref.organisation
    by_id = {r["id"]: r for r in org.iter_rows(named=True)}
    cities = orgs.stad_ids(org)
    stad_id = cities[0] if cities else None
    p = data.params()
    got = views.lights(engine, ctx.year, ctx.period, p, indicator_ids=(ind["id"],), ref=ref)
    targets = got.ds.targets.filter((pl.col("year") == ctx.year)
                                    & (pl.col("indicator_id") == ind["id"]))
    kf = ind["decided_by"] == "kf"
    kf_target = targets.filter(pl.col("org_id") == stad_id)["target"].first() if kf else None
    own = {o: t for o, t in targets.select("org_id", "target").iter_rows()
           if o != stad_id or not kf}
    trend_org = org_arg if org_arg in by_id else (stad_id if kf and stad_id else ind["org_id"])
    keys = pl.DataFrame(trend_keys(ctx, tertials=True), orient="row",
                        schema={"year": pl.Int64, "period": pl.String})
    ind_t, _ = views.lights_over_time(engine, p, org_ids=(trend_org,),
                                      indicator_ids=(ind["id"],))
    trend = ind_t.filter(pl.col("org_id") == trend_org).join(keys, on=["year", "period"])
    vom = vom_of_goal(ref.goals).filter(pl.col("goal_id") == ind["goal_id"])
    rows = with_orgs(got.indicators, org)
    notes = provenance.target_notes(targets, rows["org_id"].to_list(), stad_id, kf)
    vals = got.ds.values.filter((pl.col("indicator_id") == ind["id"])
                                & (pl.col("year") == ctx.year) & (pl.col("period") == ctx.period))
    sources = dict(vals.select("org_id", "source").iter_rows())
    tertials = trend.filter(pl.col("period") != "VB", pl.col("value").is_not_null()).height > 0
    peer_rows = _peers(engine, ind, ctx.year, rows if ctx.period == "VB" else rows.clear(),
                       stad_id)
    return IndikatorData(
        ctx, ind, load_info(engine), by_id.get(ind["org_id"]), _row(ref.goals, ind["goal_id"]),
        _row(ref.goals, vom["vom_id"][0]) if len(vom) else None, stad_id,
        rows, own, kf_target, trend_org,
        by_id.get(trend_org, {}).get("name", trend_org), trend,
        org_arg if org_arg in by_id else None, notes, sources,
        peer_rows[0], tertials, _lower(targets, ref, kf), _riket(engine, ind, ctx),
        peer_rows[1], peer_rows[2], _revisions(engine, ind, ctx, rows, ref))


def _lower(targets: pl.DataFrame, ref, kf: bool) -> frozenset[str]:
    """§3.8: the orgs whose own target of the year is less ambitious than KF's."""
    if not kf or targets.is_empty():
        return frozenset()
    got = progress.lower_ambition(targets, ref.indicators, ref.organisation)
    return frozenset(got.filter(pl.col("lower_ambition"))["org_id"].to_list())


RIKET = "0000"  # Kolada's id of the whole country


def _riket(engine, ind: dict, ctx: PeriodContext) -> float | None:
    """Riket's value of the indicator's Kolada KPI for the year (`kontrollrum kolada`
    stores it), at VB only: Kolada's values are the year's outcome, as the city's VB is."""
    if not ind.get("kolada_kpi") or ctx.period != "VB":
        return None
    from queries.write.kolada_store import read_peers

    got = read_peers(engine, [ind["kolada_kpi"]]).filter(
        (pl.col("year") == ctx.year) & (pl.col("municipality_id") == RIKET)
        & pl.col("value").is_not_null())
    return float(got["value"][0]) if len(got) else None


def _peers(engine, ind: dict, year: int, rows: pl.DataFrame, stad_id: str | None
           ) -> tuple[tuple[tuple[str, float | None, int | None], ...],
                      tuple[int, int, int] | None, bool]:
    """The city's value beside the comparison municipalities', groups' and Riket's from
    Kolada for the year — a peer without a value for it shows its latest earlier one, with
    that year (name, value, year or None for the page's year); the city's place among the
    peer municipalities (rank, n, the year ranked: the page's, or the latest earlier one in
    which they have values); whether a group is among them."""
    if not ind.get("kolada_kpi"):
        return (), None, False
    from ils import kolada_peers
    from queries.write.kolada_store import city_outcomes, read_peers

    every = read_peers(engine, [ind["kolada_kpi"]]).filter(pl.col("year") <= year)
    peers = kolada_peers.latest_peers(every, year)
    if peers.is_empty():
        return (), None, False
    city = rows.filter(pl.col("org_id") == stad_id, pl.col("basis") == "utfall")
    head = [(city["name"][0] or stad_id, city["value"][0], None)] if city.height else []
    peers = kolada_peers.order_peers(peers)
    ry = kolada_peers.rank_year(every, year) if city.height else None
    rank = None
    if ry is not None:
        value = (city["value"][0] if ry == year else
                 city_outcomes(engine, [ind["id"]], [ry]).get((ind["id"], ry)))
        got = kolada_peers.city_rank(value, every.filter(pl.col("year") == ry), ind["direction"])
        rank = (*got, ry) if got else None
    has_group = any(kolada_peers.peer_kind(i) == "grupp" for i in peers["municipality_id"])
    return (tuple(head + [(kolada_peers.peer_label(m, i, n), v, y if y != year else None)
                          for i, m, v, n, y in peers.select(
        "municipality_id", "municipality", "value", "n_members", "year").iter_rows()]), rank,
        has_group)


def _revisions(engine, ind: dict, ctx: PeriodContext, rows: pl.DataFrame, ref
               ) -> tuple[tuple, ...]:
    """Kolada's revisions of the values the page shows (VB: the year's outcomes of the orgs
    with a Kolada id), newest first."""
    if not ind.get("kolada_kpi") or ctx.period != "VB" or rows.is_empty():
        return ()
    from queries.write.kolada_store import read_revisions

    ids = {k: o for o, k in ref.organisation.select("id", "kolada_id").iter_rows()
           if k and o in set(rows["org_id"].to_list())}
    if not ids:
        return ()
    got = read_revisions(engine, [ind["kolada_kpi"]], list(ids), ctx.year)
    return tuple((ids[k], y, old, new, when, kind) for k, y, old, new, when, kind in got.select(
        "kolada_id", "year", "old_value", "new_value", "revised_at", "kind").iter_rows())


def load(args: dict) -> IndikatorData:
    """The indicator page's data (`page.Show` for no data or an unknown indicator)."""
    ctx, engine, ref = data.page_start(args)
    ind = data.find_row(ref.indicators, args.get("indicator_id"), "Indikatorn", ctx)
    org_arg = args.get("org")
    got = cached(engine, "indikator", {"ind": ind["id"], "ar": ctx.year, "period": ctx.period,
                                       "org": org_arg, "params": repr(data.params())},
                 lambda: _load(engine, ref, ind, ctx, org_arg))
    return replace(got, ctx=ctx)
