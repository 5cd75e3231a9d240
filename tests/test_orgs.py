"""The org tree's one home (ils/orgs.py): chains, the city of an org, the orgs below."""

from __future__ import annotations

import polars as pl
import pytest

from ils import orgs

TREE = pl.DataFrame(
    [("stad", None, "stad"), ("n1", "stad", "namnd"), ("a1", "n1", "avdelning"),
     ("e1", "a1", "enhet"), ("e2", "n1", "enhet"), ("n2", "stad", "namnd"),
     ("loose", None, "namnd"), ("c1", "c2", "enhet"), ("c2", "c1", "enhet")],
    schema={"id": pl.String, "parent_id": pl.String, "level": pl.String}, orient="row")


@pytest.mark.parametrize("org, expected", [
    ("stad", ["stad"]),
    ("n1", ["stad", "n1"]),
    ("e1", ["stad", "n1", "a1", "e1"]),
    ("e2", ["stad", "n1", "e2"]),
    ("loose", ["loose"]),
    ("c1", ["c2", "c1"]),  # a cycle is cut where it closes
    ("nobody", []),
    (None, []),
])
def test_chain_ids(org, expected):
    assert orgs.chain_ids(TREE, org) == expected


def test_chain_gives_rows_top_down():
    assert [r["level"] for r in orgs.chain(TREE, "e1")] == ["stad", "namnd", "avdelning", "enhet"]


@pytest.mark.parametrize("org, expected", [
    ("e1", "stad"), ("stad", "stad"), ("n2", "stad"),
    ("loose", "stad"),  # no stad above it: the data set's only stad (as the rules use)
    ("nobody", None),
])
def test_city_of_one_city(org, expected):
    assert orgs.city_of(TREE, org) == expected


def test_city_of_with_two_cities_needs_the_chain():
    two = pl.concat([TREE, pl.DataFrame([("stad2", None, "stad"), ("m1", "stad2", "namnd")],
                                        schema=TREE.schema, orient="row")])
    assert orgs.city_of(two, "m1") == "stad2"
    assert orgs.city_of(two, "e1") == "stad"
    assert orgs.city_of(two, "loose") is None  # which city? none can be said
    assert orgs.stad_ids(two) == ["stad", "stad2"]


def test_with_ancestors_each_once_in_first_seen_order():
    assert orgs.with_ancestors(TREE, ["e1", "e2"]) == ["e1", "a1", "n1", "stad", "e2"]
    assert orgs.with_ancestors(TREE, []) == []


@pytest.mark.parametrize("org, expected", [
    ("n1", ["a1", "e2", "e1"]),  # breadth first, by id within a level
    ("a1", ["e1"]), ("e1", []),
    ("stad", ["n1", "n2", "a1", "e2", "e1"]),
    ("c1", ["c2"]),  # a cycle never loops
])
def test_below(org, expected):
    assert orgs.below(TREE, org) == expected

