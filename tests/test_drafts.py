"""Drafts never leak (DOMAIN.md §3.9): the stored lights hold published self-assessments
only, each viewer gets exactly the drafts its role may see laid over them, the data set
loader filters assessments the same way, and cached view data is never shared between
viewers who see different drafts. Pure overlay tests, then both databases."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ils import rules_periods
from ils.access import EVERYTHING, PUBLISHED_ONLY, Access, Viewer
from ils.drafts import overlay, visible_assessments
from ils.model import Dataset
from queries import scope
from queries.cache import cached
from queries.read.dataset import load_dataset
from queries.write import lights
from queries.write.store import replace_dataset
from tests.draft_support import SECRET, with_drafts
from tests.fixture_city import city

ACCESSES = {
    "publik": PUBLISHED_ONLY,
    "norrby": Access(draft_roots=frozenset({"norrby"})),
    "norrby-aldre": Access(draft_roots=frozenset({"norrby-aldre"})),
    "soderby": Access(draft_roots=frozenset({"soderby"})),
    "slk": EVERYTHING,
}
VIEWERS = {
    "publik": Viewer(),
    "lasare": Viewer(role="lasare", name="Läsare"),
    "norrby": Viewer(role="namnd", orgs=("norrby",), name="Norrby"),
    "norrby-aldre": Viewer(role="namnd", orgs=("norrby-aldre",), name="Äldreomsorg"),
    "soderby": Viewer(role="namnd", orgs=("soderby",), name="Söderby"),
    "slk": Viewer(role="slk", name="Controller"),
    "admin": Viewer(role="admin", name="Admin"),
}


def expected_goals(ds: Dataset, access: Access) -> pl.DataFrame:
    seen = visible_assessments(ds.assessments, access, ds.organisation)
    return rules_periods.all_lights(Dataset(**{**ds.frames(), "assessments": seen}))[1]


# --- pure -------------------------------------------------------------------------------------

@pytest.mark.parametrize("who", sorted(ACCESSES))
def test_overlay_equals_computing_with_the_visible_drafts(who):
    ds, access = with_drafts(), ACCESSES[who]
    published = expected_goals(ds, PUBLISHED_ONLY)
    seen = visible_assessments(ds.assessments, access, ds.organisation)
    drafts = seen.filter(pl.col("status") == "utkast")
    got = overlay(published, drafts, ds.goals)
    assert_frame_equal(got, expected_goals(ds, access))


@pytest.mark.parametrize(("who", "drafts_seen"), [
    ("publik", set()),
    ("norrby", {("vom11", "norrby", "T2"), ("vom11", "norrby-hem", "VB"),
                ("nm-norr", "norrby", "VB")}),
    ("norrby-aldre", {("vom11", "norrby-hem", "VB")}),  # a unit below it, not its nämnd
    ("soderby", {("vom11", "soderby", "VB")}),
    ("slk", {("vom11", "soderby", "VB"), ("vom11", "norrby", "T2"),
             ("vom11", "norrby-hem", "VB"), ("nm-norr", "norrby", "VB")}),
])
def test_visible_drafts_follow_the_org_tree(who, drafts_seen):
    ds = with_drafts()
    seen = visible_assessments(ds.assessments, ACCESSES[who], ds.organisation)
    drafts = seen.filter(pl.col("status") == "utkast")
    assert set(drafts.select("goal_id", "org_id", "period").rows()) == drafts_seen
    # published ones are always there
    assert seen.filter(pl.col("status") == "publicerad").height == 3


def test_draft_changes_the_gap_only_for_those_who_see_it():
    ds = with_drafts()
    row = (pl.col("org_id") == "soderby") & (pl.col("period") == "VB") & (
        pl.col("goal_id") == "vom11")
    pub = expected_goals(ds, PUBLISHED_ONLY).filter(row)
    slk = expected_goals(ds, EVERYTHING).filter(row)
    assert pub["self_assessment"].to_list() == [None] and pub["gap"].to_list() == [None]
    assert slk["self_assessment"].to_list() == ["uppfyllt"]
    assert slk["gap"].to_list()[0] is not None


def test_overlay_without_drafts_is_the_stored_frame():
    published = expected_goals(with_drafts(), PUBLISHED_ONLY)
    empty = with_drafts().assessments.clear()
    assert overlay(published, empty, city().goals) is published


# --- the database: stored lights, loader, cache ----------------------------------------------

@pytest.fixture
def drafted(engine):
    replace_dataset(engine, with_drafts(), {"demo": "1"})
    return engine


def test_stored_goal_lights_hold_published_assessments_only(drafted):
    raw = lights.fetch(drafted, lights.select(lights.goal_light.c.self_assessment,
                                              lights.goal_light.c.org_id,
                                              lights.goal_light.c.period))
    assert ("soderby", "VB") not in {(o, p) for a, o, p in raw.rows() if a is not None}
    assert ("norrby", "T2") not in {(o, p) for a, o, p in raw.rows() if a is not None}


@pytest.mark.parametrize("who", sorted(VIEWERS))
def test_each_viewer_reads_its_drafts_only(drafted, who):
    viewer = VIEWERS[who]
    ds = with_drafts()
    with scope.acting_as(viewer), scope.recording() as seen:
        goals = lights.read_goal_lights(drafted)
        assessments = load_dataset(drafted, files=("assessments",)).assessments
    assert_frame_equal(goals, expected_goals(ds, viewer.access))
    want = visible_assessments(ds.assessments, viewer.access, ds.organisation)
    assert set(assessments.select("goal_id", "org_id", "period").rows()) == set(
        want.select("goal_id", "org_id", "period").rows())
    sees_secret = SECRET in assessments["motivation"].to_list()
    assert sees_secret == (who in ("norrby", "norrby-aldre", "slk", "admin"))
    assert seen.drafts == (who != "publik" and who != "lasare")


def test_cache_never_shares_entries_between_viewers_who_see_different_drafts(drafted):
    def compute():
        return load_dataset(drafted, files=("assessments",)).assessments.height

    got = {}
    for who in ("publik", "slk", "lasare", "norrby", "admin"):
        with scope.acting_as(VIEWERS[who]):
            got[who] = cached(drafted, "test-drafts", {"x": 1}, compute)
    assert got["publik"] == got["lasare"] == 3
    assert got["slk"] == got["admin"] == 7
    assert got["norrby"] == 6


def test_cached_entries_replay_what_they_saw(drafted):
    def compute():
        return lights.read_goal_lights(drafted).height

    for _ in range(2):  # computed, then from the cache: marked both times
        with scope.acting_as(VIEWERS["slk"]), scope.recording() as seen:
            cached(drafted, "test-drafts-seen", None, compute)
        assert seen.drafts
    with scope.acting_as(VIEWERS["publik"]), scope.recording() as seen:
        cached(drafted, "test-drafts-seen", None, compute)
    assert not seen.drafts


def test_cli_operator_sees_every_draft(drafted):
    with scope.as_operator():
        got = load_dataset(drafted, files=("assessments",)).assessments
    assert got.height == 7


# --- "Innehåller utkast" only where the page's own period has drafts (issue 21, item 4) -----

def test_marks_speak_of_the_pages_own_period_only(drafted):
    """with_drafts(): drafts at VB (Söderby) and T2 (Norrby); reading every period records
    which, and the mark is shown only on a page of a period with drafts."""
    from components.page import marks

    with scope.acting_as(VIEWERS["slk"]), scope.recording() as seen:
        load_dataset(drafted, files=("assessments",))
    assert seen.draft_periods == {(2022, "VB"), (2022, "T2")}
    assert marks(seen, (2022, "VB")) is not None and marks(seen, (2022, "T2")) is not None
    assert marks(seen, (2022, "T1")) is None  # no draft there: nothing to say
    seen.locks[(2021, "VB")] = ("2022-01-05", "slk")
    assert marks(seen, (2022, "T1")) is None  # another period's lock: not this page's
    assert "Låst 2022-01-05 av slk" in str(marks(seen, (2021, "VB")).to_plotly_json())
    assert marks(seen) is not None  # no page period: everything that was seen

