"""DOMAIN.md §3.6: steering signals to each recipient group and to each board, for a year."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ils import signals
from ils.signals import SIGNAL_TYPES, board_signal_counts, signal_counts
from tests.builders import CITY, EMPTY, GOALS, act, directive, goal, ind, make_ds, org

GROUP_SCHEMA = {"recipient": pl.String, **{t: pl.Int64 for t in SIGNAL_TYPES},
                "total": pl.Int64}
BOARD_SCHEMA = {"org_id": pl.String, "kind": pl.String, **{t: pl.Int64 for t in SIGNAL_TYPES},
                "total": pl.Int64, "own_namndmal": pl.Int64, "own_indikator": pl.Int64,
                "own_aktivitet": pl.Int64, "own_total": pl.Int64}


def budget():
    """A small KF budget for 2022 with one of each kind of edge case (counts worked out below)."""
    goals = [*GOALS, goal("V3", year_to=2021),  # VOM out of force
             goal("NM1", "namndmal", parent="V1", org="N1"),
             goal("NM2", "namndmal", parent="V1", org="N1"),
             goal("NMF", "namndmal", parent="V2", org="F1"),
             goal("NMold", "namndmal", parent="V1", org="N1", year_from=2019, year_to=2020)]
    indicators = [
        ind("K1", applies_to="alla"), ind("K2", applies_to="alla"),
        ind("K3", applies_to="stadsdelsnamnder"), ind("K4", applies_to="facknamnder"),
        ind("K5", applies_to="bolag"), ind("K6", applies_to=None),  # KF, no group
        ind("K7", goal="V3", applies_to="alla"),  # out of force
        ind("O1", goal="NM1", decided_by="namnd", org="N1"),
        ind("O2", goal="V1", decided_by="namnd", org="N1"),
        ind("O3", goal="NMold", decided_by="namnd", org="N1"),  # out of force
        ind("O4", goal="NMF", decided_by="namnd", org="F1"),
        ind("U1", goal="V1", decided_by="enhet", org="E1"),  # a unit's: not a board's
    ]
    activities = [
        act("A1", recipient="alla"), act("A2", recipient="stadsdelsnamnder"),
        act("A3", recipient="facknamnder"), act("A4", recipient="N1"),
        act("A5", recipient="bolag"), act("A6", recipient=None),
        act("A7", recipient="alla", year=2021),  # another year
        act("A8", org="N1", recipient="alla"),  # a board's own: not the KF budget
        act("A9", org="N1"), act("A10", org="F1", year=2021),
    ]
    directives = [
        directive("D1", "alla"), directive("D2", "alla", kind="uppdrag"), directive("D3", "alla"),
        directive("D4", "stadsdelsnamnder"), directive("D5", "stadsdelsnamnder"),
        directive("D6", "bolag"), directive("D7", "N1"), directive("D8", "F1", year=2021),
        directive("D9", "E1"), directive("D10", "facknamnder", year=2023),
    ]
    return make_ds(goals=goals, indicators=indicators, activities=activities,
                   directives=directives)


def test_signal_counts_per_group():
    # VOMs: V1, V2. Indicators: K1, K2 (alla) + group. Activities: A1 (alla) + group.
    # Directives: D1–D3 (alla) + group.
    expected = pl.DataFrame({
        "recipient": ["stadsdelsnamnder", "facknamnder", "bolag"],
        "verksamhetsomradesmal": [2, 2, 2],
        "indikator": [3, 3, 3],
        "aktivitet": [2, 2, 2],
        "direktiv_och_uppdrag": [5, 3, 4],
        "total": [12, 10, 11],
    }, schema=GROUP_SCHEMA)
    assert_frame_equal(signal_counts(budget(), 2022), expected)


def test_board_signal_counts():
    # Budget to a board: its group, alla, or its own id (A4, D7 to N1).
    # Own: nämndmål in force, own indicators in force, own activities of the year.
    expected = pl.DataFrame([
        ("B1", "bolag", 2, 3, 2, 4, 11, 0, 0, 0, 0),
        ("F1", "facknamnd", 2, 3, 2, 3, 10, 1, 1, 0, 2),
        ("N1", "stadsdelsnamnd", 2, 3, 3, 6, 14, 2, 2, 2, 6),
        ("N2", "stadsdelsnamnd", 2, 3, 2, 5, 12, 0, 0, 0, 0),
    ], schema=BOARD_SCHEMA, orient="row")
    assert_frame_equal(board_signal_counts(budget(), 2022), expected)


@pytest.mark.parametrize(("year", "voms"), [(2018, 0), (2019, 3), (2021, 3), (2022, 2),
                                            (2023, 0)])
def test_voms_in_force_go_to_every_group_and_board(year, voms):
    ds = budget()
    assert signal_counts(ds, year)["verksamhetsomradesmal"].to_list() == [voms] * 3
    assert set(board_signal_counts(ds, year)["verksamhetsomradesmal"]) == {voms}


def test_no_vom_in_force_counts_zero():
    # Bug fixed: a literal-only select on zero VOMs gave one phantom row (count 1).
    for ds in (EMPTY, make_ds(goals=[goal("V1", year_to=2020)])):
        assert signal_counts(ds, 2022)["total"].to_list() == [0, 0, 0]
    boards = board_signal_counts(make_ds(goals=[goal("V1", year_to=2020)]), 2022)
    assert boards["total"].to_list() == [0, 0, 0, 0]


@pytest.mark.parametrize(("org_id", "counted"), [("S", True), ("N1", False), ("E1", False)])
def test_budget_activities_are_only_those_of_the_stad_org(org_id, counted):
    ds = make_ds(activities=[act("A1", org=org_id, recipient="alla")])
    assert signal_counts(ds, 2022)["aktivitet"].to_list() == [int(counted)] * 3


def test_activities_of_every_stad_org_count():
    orgs = [*CITY, org("T", "stad", parent=None)]
    ds = make_ds(orgs=orgs, activities=[act("A1", org="T", recipient="bolag")])
    assert signal_counts(ds, 2022)["aktivitet"].to_list() == [0, 0, 1]


@pytest.mark.parametrize(("recipient", "groups"), [
    ("alla", [1, 1, 1]), ("stadsdelsnamnder", [1, 0, 0]), ("facknamnder", [0, 1, 0]),
    ("bolag", [0, 0, 1]), ("N1", [0, 0, 0]), ("okand", [0, 0, 0]),
])
def test_directive_recipients(recipient, groups):
    ds = make_ds(directives=[directive("D1", recipient)])
    assert signal_counts(ds, 2022)["direktiv_och_uppdrag"].to_list() == groups
    by_board = dict(board_signal_counts(ds, 2022).select("org_id", "direktiv_och_uppdrag")
                    .iter_rows())
    expected = {
        "alla": {"B1": 1, "F1": 1, "N1": 1, "N2": 1},
        "stadsdelsnamnder": {"B1": 0, "F1": 0, "N1": 1, "N2": 1},
        "facknamnder": {"B1": 0, "F1": 1, "N1": 0, "N2": 0},
        "bolag": {"B1": 1, "F1": 0, "N1": 0, "N2": 0},
        "N1": {"B1": 0, "F1": 0, "N1": 1, "N2": 0},
        "okand": {"B1": 0, "F1": 0, "N1": 0, "N2": 0},
    }[recipient]
    assert by_board == expected


def test_board_of_unknown_kind_gets_only_alla_and_its_own():
    orgs = [*CITY, org("X1", kind="annan"), org("X2", kind=None)]
    ds = make_ds(orgs=orgs, directives=[directive("D1", "alla"), directive("D2", "X1"),
                                        directive("D3", "stadsdelsnamnder")])
    got = dict(board_signal_counts(ds, 2022).select("org_id", "direktiv_och_uppdrag")
               .iter_rows())
    assert (got["X1"], got["X2"], got["N1"]) == (2, 1, 2)


def test_duplicate_rows_are_counted_once():
    d, a = directive("D1", "alla"), act("A1", recipient="alla")
    ds = make_ds(orgs=[*CITY, CITY[1]], goals=[*GOALS, GOALS[1]],
                 indicators=[ind("K1", applies_to="alla")] * 2, activities=[a, a],
                 directives=[d, d])
    assert signal_counts(ds, 2022)["total"].to_list() == [5, 5, 5]
    boards = board_signal_counts(ds, 2022)
    assert boards["org_id"].to_list() == ["B1", "F1", "N1", "N2"]
    assert boards["total"].to_list() == [5, 5, 5, 5]


@pytest.mark.parametrize("ds", [EMPTY, make_ds(), make_ds(orgs=[org("S", "stad", None)])])
def test_typed_frames_even_when_empty(ds):
    assert signal_counts(ds, 2022).schema == pl.Schema(GROUP_SCHEMA)
    assert board_signal_counts(ds, 2022).schema == pl.Schema(BOARD_SCHEMA)


def test_total_is_the_sum_of_the_types():
    got = board_signal_counts(budget(), 2022)
    assert (got["total"] == got.select(pl.sum_horizontal(*SIGNAL_TYPES)).to_series()).all()
    assert (got["own_total"] == got["own_namndmal"] + got["own_indikator"]
            + got["own_aktivitet"]).all()


def test_rules_re_exports_the_signals_module():
    assert signals.signal_counts is signals.signal_counts
    assert signals.board_signal_counts is signals.board_signal_counts
