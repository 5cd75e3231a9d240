"""The organisation tree: the one home for finding an org's city, its parent chain and the
orgs below it. Pure: an `organisation` frame (id, parent_id, level, …) in, ids or rows out.

Meanings, once: `city_of` is the `stad` at the root of an org's tree (or the only stad of a
data set whose org has no stad above it, as the rules use for KF targets); `stad_ids` are all
`stad` orgs; `chain` is the parent chain from the top down to the org itself; `below` is
every org under an org (not itself), at any depth.
"""

from __future__ import annotations

import polars as pl


def stad_ids(organisation: pl.DataFrame) -> list[str]:
    """Every org of level `stad`, in id order."""
    return sorted(organisation.filter(pl.col("level") == "stad")["id"].to_list())


def _parents(organisation: pl.DataFrame) -> dict:
    return dict(organisation.select("id", "parent_id").iter_rows())


def chain_ids(organisation: pl.DataFrame, org_id: str | None) -> list[str]:
    """The ids from the top of the tree down to `org_id` itself ([] for an unknown org);
    a cycle in the parent chain is cut where it closes."""
    parent = _parents(organisation)
    out: list[str] = []
    cur = org_id
    while cur is not None and cur in parent and cur not in out:
        out.append(cur)
        cur = parent[cur]
    return out[::-1]


def chain(organisation: pl.DataFrame, org_id: str | None) -> list[dict]:
    """`chain_ids` as row dicts (for breadcrumbs)."""
    by_id = {r["id"]: r for r in organisation.iter_rows(named=True)}
    return [by_id[o] for o in chain_ids(organisation, org_id)]


def city_of(organisation: pl.DataFrame, org_id: str | None) -> str | None:
    """The `stad` above (or equal to) `org_id`; the data set's only stad when the org's chain
    reaches none; None when there is no such city."""
    level = dict(organisation.select("id", "level").iter_rows())
    for o in chain_ids(organisation, org_id):
        if level.get(o) == "stad":
            return o
    cities = stad_ids(organisation)
    return cities[0] if len(cities) == 1 and org_id in level else None


def with_ancestors(organisation: pl.DataFrame, org_ids) -> list[str]:
    """The orgs and every org above them, each once (what the rules need to find KF targets)."""
    out: list[str] = []
    for org in org_ids:
        for o in reversed(chain_ids(organisation, org)):
            if o not in out:
                out.append(o)
    return out


def below(organisation: pl.DataFrame, org_id: str) -> list[str]:
    """Every org under `org_id` at any depth (not itself), breadth first."""
    children: dict = {}
    for o, p in organisation.select("id", "parent_id").iter_rows():
        children.setdefault(p, []).append(o)
    out: list[str] = []
    seen = {org_id}
    todo = [org_id]
    while todo:
        nxt = []
        for o in todo:
            for c in sorted(children.get(o, [])):
                if c not in seen:
                    seen.add(c)
                    out.append(c)
                    nxt.append(c)
        todo = nxt
    return out
