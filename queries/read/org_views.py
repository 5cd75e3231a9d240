"""What the organisation views (nämnd, avdelning, enhet) load and how their frames are shaped.

One `views.lights` call per view load, narrowed to the org's subtree (and, for a board's peer
comparison, its peer boards of the same kind): units are many, so their lights are computed
once and counted per unit here, never one query per unit. The rules stay in `ils.rules`; the
org tree (chains, the city, the orgs below) in `ils.orgs`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl
from sqlalchemy import Engine

from ils import orgs, rules, rules_periods
from ils.comparison import peer_comparison
from ils.model import Dataset
from ils.progress import goal_state, lower_ambition, rollup_lights, total_lights
from ils.voms import vom_of_goal
from queries.read import views

LIGHTS = ("gron", "gul", "rod", "saknas", "ej_malsatt")
ROLLUP_LEVELS = ("namnd", "avdelning")  # §3.8: 'Enheternas samlade ljus' beside their own


def subtree(organisation: pl.DataFrame, root_id: str) -> pl.DataFrame:
    """The org `root_id` and everything below it (`ils.orgs.below`), with `depth` (0 = the
    root); root first, then level by level, each level by name."""
    if organisation.filter(pl.col("id") == root_id).is_empty():
        return organisation.clear().with_columns(depth=pl.lit(0, pl.Int64))
    parent = dict(organisation.select("id", "parent_id").iter_rows())
    depth = {root_id: 0}
    for o in orgs.below(organisation, root_id):  # breadth first: a parent before its children
        depth[o] = depth[parent[o]] + 1
    return (organisation.filter(pl.col("id").is_in(list(depth)))
            .with_columns(depth=pl.col("id").replace_strict(depth, return_dtype=pl.Int64))
            .sort("depth", "name"))


def light_counts(ind_lights: pl.DataFrame) -> pl.DataFrame:
    """Per org: how many of its indicator lights are of each kind (`n_gron` … `n_ej_malsatt`),
    how many rest on a forecast, and `n_total`."""
    return ind_lights.group_by("org_id").agg(
        *[(pl.col("light") == k).sum().cast(pl.Int64).alias(f"n_{k}") for k in LIGHTS],
        n_prognos=(pl.col("basis") == "prognos").sum().cast(pl.Int64),
        n_total=pl.len().cast(pl.Int64),
    )


def unit_rows(tree: pl.DataFrame, ind_lights: pl.DataFrame,
              params: rules_periods.RuleParams = rules_periods.DEFAULT_PARAMS) -> pl.DataFrame:
    """The departments and units below the root of `tree`, each with its own light counts
    (zeros and `n_total` 0 when it has no indicator), its §3.8 total light (`light_total`,
    `score_total`, `n_red_total`; 'ej_malsatt' when none of its indicators has a target,
    null without any), its department's name and id, in department order (a department,
    then its units; units directly under the root last)."""
    below = tree.filter((pl.col("depth") > 0) & pl.col("level").is_in(["avdelning", "enhet"]))
    names = tree.select(pl.col("id").alias("parent_id"), pl.col("name").alias("parent_name"),
                        pl.col("level").alias("parent_level"))
    counts = light_counts(ind_lights)
    zero = [pl.col(c).fill_null(0) for c in counts.columns if c.startswith("n_")]
    total = total_lights(ind_lights, params).with_columns(
        light_total=pl.when(pl.sum_horizontal(
            "n_green_total", "n_yellow_total", "n_red_total", "n_missing_total") == 0)
        .then(pl.lit("ej_malsatt")).otherwise(pl.col("light_total"))).select(
        pl.col("org_id").alias("id"), "light_total", "score_total", "n_red_total")
    df = (below.join(names, on="parent_id", how="left")
          .join(counts.rename({"org_id": "id"}), on="id", how="left")
          .join(total, on="id", how="left")
          .with_columns(*zero))
    df = df.with_columns(
        department=pl.when(pl.col("level") == "avdelning").then(pl.col("name"))
        .when(pl.col("parent_level") == "avdelning").then(pl.col("parent_name")),
        department_id=pl.when(pl.col("level") == "avdelning").then(pl.col("id"))
        .when(pl.col("parent_level") == "avdelning").then(pl.col("parent_id")),
    )
    return df.sort(pl.col("department").is_null(), "department", pl.col("level") != "avdelning",
                   "name")


@dataclass(frozen=True)
class OrgData:
    """One org view's data: the org, its parent chain (`ils.orgs.chain`), its subtree, the
    scoped data set, the indicator lights of the scope (with name, unit, VOM, org name and
    the §3.4 flag) and the goal lights (with the §3.8 `state`); the §3.8 figures the view
    shows, computed here once per load so that the render only formats: the org's roll-up
    state per VOM (`rollup`, a board's or a department's) and the subtree's own targets of
    KF indicators of the year against KF's (`lower`). Plain frames and values: it pickles
    (view cache)."""

    org: dict
    year: int
    period: str
    trail: list[dict]
    tree: pl.DataFrame
    ds: Dataset
    ind: pl.DataFrame
    goals: pl.DataFrame
    peers: list[str]
    city: str | None
    rollup: dict[str, str] = field(default_factory=dict)  # VOM id → roll-up state
    lower: pl.DataFrame | None = None  # lower_rows of the subtree's orgs, the view's year

    @property
    def ids(self) -> list[str]:
        return self.tree["id"].to_list()

    def indicators(self, org_ids: list[str] | None = None) -> pl.DataFrame:
        """Indicator lights of these orgs (default: the subtree), KF first, then by name."""
        ids = org_ids if org_ids is not None else self.ids
        return self.ind.filter(pl.col("org_id").is_in(ids))

    def goal_rows(self, org_id: str) -> dict[str, dict]:
        """The org's VOM light rows (rules.goal_lights, with the §3.8 `state`) by VOM id."""
        rows = self.goals.filter(pl.col("org_id") == org_id)
        return {r["goal_id"]: r for r in rows.iter_rows(named=True)}

    def lower_rows(self, org_ids: list[str]) -> pl.DataFrame:
        """§3.8 these orgs' own targets of KF indicators of the year, each with KF's and
        whether it is less ambitious (indicator_id, org_id, year, kf_target, lower_ambition)."""
        if self.lower is None:
            return pl.DataFrame(schema=LOWER_SCHEMA)
        return self.lower.filter(pl.col("org_id").is_in(org_ids))

    def peer_rows(self) -> pl.DataFrame:
        """The board's KF indicators beside its peer boards (`ils.comparison`), best rank
        first, with the indicator's name and unit."""
        cmp = peer_comparison(self.indicators(self.peers), self.ds.targets, self.org["id"],
                              self.peers, self.city, self.year)
        meta = self.ds.indicators.select(pl.col("id").alias("indicator_id"), "name", "unit")
        return (cmp.sort("rank", "indicator_id", nulls_last=True)
                .join(meta, on="indicator_id", how="left", maintain_order="left"))


LOWER_SCHEMA = {"indicator_id": pl.String, "org_id": pl.String, "year": pl.Int64,
                "kf_target": pl.Float64, "lower_ambition": pl.Boolean}


def indicator_frame(got: views.Lights, lower: pl.DataFrame | None = None) -> pl.DataFrame:
    """All indicator lights of the scope with name, unit, direction, the VOM (id, code,
    title), the org's name, the flag 'reported fulfilled without an outcome' (§3.4), the
    own target's `lower_ambition` than KF's with `kf_target` (§3.8) and the period's value's
    `value_source` (the Kolada credit per row)."""
    ds = got.ds
    meta = ds.indicators.select(pl.col("id").alias("indicator_id"), "name", "unit", "direction")
    voms = ds.goals.select(pl.col("id").alias("vom_id"), pl.col("code").alias("vom_code"),
                           pl.col("title").alias("vom_title"))
    names = ds.organisation.select(pl.col("id").alias("org_id"), pl.col("name").alias("org_name"))
    sources = ds.values.filter((pl.col("year") == got.year) & (pl.col("period") == got.period)
                               ).select("indicator_id", "org_id",
                                        pl.col("source").alias("value_source"))
    flag = rules.reported_against_light(got.indicators).filter(
        pl.col("fulfilled_without_outcome")).select("indicator_id", "org_id",
                                                    "fulfilled_without_outcome")
    return (got.indicators
            .join(meta, on="indicator_id", how="left")
            .join(vom_of_goal(ds.goals), on="goal_id", how="left")
            .join(voms, on="vom_id", how="left")
            .join(names, on="org_id", how="left")
            .join(flag, on=["indicator_id", "org_id"], how="left")
            .join(sources, on=["indicator_id", "org_id"], how="left")
            .join(lower if lower is not None else lower_rows(ds),
                  on=["indicator_id", "org_id", "year"], how="left")
            .with_columns(pl.col("fulfilled_without_outcome").fill_null(False),
                          pl.col("lower_ambition").fill_null(False))
            .sort("decided_by", "name", "org_id", nulls_last=True))


def lower_rows(ds: Dataset) -> pl.DataFrame:
    """§3.8 per own target of a KF indicator: KF's target and whether the own one is less
    ambitious (`ils.progress.lower_ambition`)."""
    return lower_ambition(ds.targets, ds.indicators, ds.organisation).select(
        "indicator_id", "org_id", "year", "kf_target", "lower_ambition")


def org_row(organisation: pl.DataFrame, org_id: str | None) -> dict | None:
    """The org `org_id` as a row dict, None when there is none."""
    found = organisation.filter(pl.col("id") == (org_id or ""))
    return None if found.is_empty() else found.row(0, named=True)


def load_org(engine: Engine, org_id: str, year: int, period: str, params: rules_periods.RuleParams,
             *, with_peers: bool = False, ref: Dataset | None = None) -> OrgData | None:
    """The data of one org view, or None when the org does not exist. `peers` lists the
    boards of the same kind (a board's); `with_peers` adds them to the one lights
    computation (for the peer comparison). `ref`: the reference tables, when at hand."""
    ref = ref if ref is not None else views.reference(engine)
    organisation = ref.organisation
    trail = orgs.chain(organisation, org_id)
    if not trail:
        return None
    org = trail[-1]
    tree = subtree(organisation, org_id)
    peers = [org_id]
    if org["kind"] is not None and org["level"] == "namnd":
        peers = organisation.filter((pl.col("level") == "namnd")
                                    & (pl.col("kind") == org["kind"]))["id"].to_list()
    scope = tuple(sorted(set(tree["id"].to_list()) | (set(peers) if with_peers else set())))
    got = views.lights(engine, year, period, params, org_ids=scope, ref=ref)
    # the values are in the lights now: not kept (the view's data stays small to cache)
    ds = Dataset(**{**got.ds.frames(), "values": got.ds.values.clear()})
    goals = goal_state(got.goals, got.indicators, ds.goals)  # §3.8 `state` beside `light`
    lower = lower_rows(ds)
    mine = lower.filter(pl.col("org_id").is_in(tree["id"].implode()) & (pl.col("year") == year))
    return OrgData(org, year, period, trail, tree, ds, indicator_frame(got, lower), goals,
                   peers, orgs.city_of(organisation, org_id),
                   org_rollup(got.indicators, tree, ds.goals, org_id, params)
                   if org["level"] in ROLLUP_LEVELS else {}, mine)


def org_rollup(ind_lights: pl.DataFrame, tree: pl.DataFrame, goals: pl.DataFrame, org_id: str,
               params: rules_periods.RuleParams) -> dict[str, str]:
    """§3.8 'Enheternas samlade ljus' of `org_id` per VOM id: its roll-up state over the
    indicator lights of the org and every org below it (`tree`: its subtree)."""
    ind = ind_lights.filter(pl.col("org_id").is_in(tree["id"].implode()))
    if ind.is_empty():
        return {}
    rows = rollup_lights(ind, tree, goals, params).filter(pl.col("org_id") == org_id)
    return dict(rows.select("goal_id", "state_rollup").iter_rows())
