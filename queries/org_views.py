"""What the organisation pages (nämnd, avdelning, enhet) load and how their frames are shaped.

One `views.lights` call per page render, narrowed to the org's subtree (and, on a board page,
its peer boards of the same kind): units are many, so their lights are computed once and
counted per unit here, never one query per unit. The rules themselves stay in `ils.rules`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import polars as pl
from sqlalchemy import Engine

from ils import rules
from ils.comparison import peer_comparison  # noqa: F401  (re-exported: pure)
from ils.model import FILES, Dataset
from queries import views
from queries.dataset import select_file
from queries.db import fetch

LIGHTS = ("gron", "gul", "rod", "saknas", "ej_malsatt")
SCOPED = ("targets", "values", "assessments")  # narrowed to the year and the orgs in scope


def organisation_frame(engine: Engine) -> pl.DataFrame:
    """All organisations (a few hundred rows: cheap), with the model's dtypes."""
    return fetch(engine, select_file("organisation"),
                 schema_overrides=FILES["organisation"].polars_schema)


def subtree(orgs: pl.DataFrame, root_id: str) -> pl.DataFrame:
    """The org `root_id` and everything below it, with `depth` (0 = the root); root first,
    then level by level. A cycle in the parent chain cannot loop: each org is taken once."""
    level = orgs.filter(pl.col("id") == root_id).with_columns(depth=pl.lit(0, pl.Int64))
    out, seen = [level], {root_id}
    depth = 0
    while not level.is_empty():
        depth += 1
        level = (orgs.filter(pl.col("parent_id").is_in(level["id"].implode())
                             & ~pl.col("id").is_in(list(seen)))
                 .sort("name").with_columns(depth=pl.lit(depth, pl.Int64)))
        seen.update(level["id"].to_list())
        out.append(level)
    return pl.concat(out)


def ancestors(orgs: pl.DataFrame, org_id: str) -> list[dict]:
    """The parent chain from the top (the stad) down to `org_id` itself, as row dicts."""
    by_id = {r["id"]: r for r in orgs.iter_rows(named=True)}
    chain: list[dict] = []
    cur = by_id.get(org_id)
    while cur is not None and cur["id"] not in {c["id"] for c in chain}:
        chain.append(cur)
        cur = by_id.get(cur["parent_id"]) if cur["parent_id"] else None
    return chain[::-1]


def light_counts(ind_lights: pl.DataFrame) -> pl.DataFrame:
    """Per org: how many of its indicator lights are of each kind (`n_gron` … `n_ej_malsatt`),
    how many rest on a forecast, and `n_total`."""
    return ind_lights.group_by("org_id").agg(
        *[(pl.col("light") == k).sum().cast(pl.Int64).alias(f"n_{k}") for k in LIGHTS],
        n_prognos=(pl.col("basis") == "prognos").sum().cast(pl.Int64),
        n_total=pl.len().cast(pl.Int64),
    )


def unit_rows(tree: pl.DataFrame, ind_lights: pl.DataFrame) -> pl.DataFrame:
    """The departments and units below the root of `tree`, each with its own light counts
    (zeros and `n_total` 0 when it has no indicator), its department's name and id, in
    department order (a department, then its units; units directly under the root last)."""
    below = tree.filter((pl.col("depth") > 0) & pl.col("level").is_in(["avdelning", "enhet"]))
    names = tree.select(pl.col("id").alias("parent_id"), pl.col("name").alias("parent_name"),
                        pl.col("level").alias("parent_level"))
    counts = light_counts(ind_lights)
    zero = [pl.col(c).fill_null(0) for c in counts.columns if c.startswith("n_")]
    df = (below.join(names, on="parent_id", how="left")
          .join(counts.rename({"org_id": "id"}), on="id", how="left")
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
    """One org page's data: the org, its parent chain, its subtree and the lights of the scope."""

    org: dict
    trail: list[dict]
    tree: pl.DataFrame
    lights: views.Lights
    peers: list[str]

    @property
    def ids(self) -> list[str]:
        return self.tree["id"].to_list()

    @cached_property
    def _indicators(self) -> pl.DataFrame:
        """All indicator lights of the scope with name, unit, direction, vom_id and the flag
        'reported fulfilled without an outcome' (§3.4); computed once per page render."""
        ds = self.lights.ds
        meta = ds.indicators.select(pl.col("id").alias("indicator_id"), "name", "unit",
                                    "direction")
        flag = rules.reported_against_light(self.lights.indicators).filter(
            pl.col("fulfilled_without_outcome")).select("indicator_id", "org_id",
                                                        "fulfilled_without_outcome")
        return (self.lights.indicators
                .join(meta, on="indicator_id", how="left")
                .join(rules.vom_of_goal(ds.goals), on="goal_id", how="left")
                .join(flag, on=["indicator_id", "org_id"], how="left")
                .with_columns(pl.col("fulfilled_without_outcome").fill_null(False))
                .sort("decided_by", "name", "org_id", nulls_last=True))

    def indicators(self, org_ids: list[str] | None = None) -> pl.DataFrame:
        """Indicator lights of these orgs (default: the subtree), KF first, then by name."""
        ids = org_ids if org_ids is not None else self.ids
        return self._indicators.filter(pl.col("org_id").is_in(ids))

    def goal_rows(self, org_id: str) -> dict[str, dict]:
        """The org's VOM light rows (rules.goal_lights) by VOM id."""
        rows = self.lights.goals.filter(pl.col("org_id") == org_id)
        return {r["goal_id"]: r for r in rows.iter_rows(named=True)}


def load_org(engine: Engine, org_id: str, year: int, period: str, params: rules.RuleParams,
             *, with_peers: bool = False) -> OrgData | None:
    """The data of one org page, or None when the org does not exist. `peers` lists the
    boards of the same kind (a board's); `with_peers` adds them to the one lights
    computation (for the peer comparison)."""
    orgs = organisation_frame(engine)
    trail = ancestors(orgs, org_id)
    if not trail:
        return None
    org = trail[-1]
    tree = subtree(orgs, org_id)
    peers = [org_id]
    if org["kind"] is not None and org["level"] == "namnd":
        peers = orgs.filter((pl.col("level") == "namnd")
                            & (pl.col("kind") == org["kind"]))["id"].to_list()
    scope = tuple(sorted(set(tree["id"].to_list()) | (set(peers) if with_peers else set())))
    ds = load_scope(engine, orgs, year, scope)
    got = views.compute(ds, year, period, params, scope)
    return OrgData(org, trail, tree, got, peers)


def load_scope(engine: Engine, orgs: pl.DataFrame, year: int,
               org_ids: tuple[str, ...]) -> Dataset:
    """What the rules need for `org_ids` in `year` — organisation (already loaded), goals,
    indicators, and the year's targets, values and assessments of those orgs and the stad
    (KF targets) — and nothing else (no activities or directives: these pages show none).
    All periods of the year are kept: a value row in any of them makes an indicator count."""
    scope = tuple(sorted(set(org_ids) | set(orgs.filter(pl.col("level") == "stad")["id"])))
    frames = {"organisation": orgs}
    for name in ("goals", "indicators"):
        frames[name] = fetch(engine, select_file(name), FILES[name].polars_schema)
    for name in SCOPED:
        frames[name] = fetch(engine, select_file(name, years=(year,), org_ids=scope),
                             FILES[name].polars_schema)
    return Dataset.from_frames(frames)
