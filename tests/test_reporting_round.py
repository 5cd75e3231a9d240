"""The reporting round's pure rules (DOMAIN.md §3.10): deadline, taking part, status, late."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from ils import reporting_round as rr

D = dt.date
ORGS = pl.DataFrame({"id": ["stad", "a", "b", "c", "unit"],
                     "level": ["stad", "namnd", "namnd", "namnd", "enhet"]})
SCHED = pl.DataFrame({"year": [2022, 2022, 2022], "period": ["T2", "T2", "VB"],
                      "org_id": [None, "b", None],
                      "deadline": [D(2022, 9, 1), D(2022, 9, 15), D(2023, 1, 31)]})


def assessments(rows):
    return pl.DataFrame(rows, schema={"goal_id": pl.String, "org_id": pl.String,
                                      "year": pl.Int64, "period": pl.String,
                                      "status": pl.String}, orient="row")


def goals(rows):
    return pl.DataFrame(rows, schema={"goal_id": pl.String, "org_id": pl.String},
                        orient="row")


def test_own_deadline_before_every_board_row_before_none():
    assert rr.deadline_for(SCHED, "b", 2022, "T2") == D(2022, 9, 15)
    assert rr.deadline_for(SCHED, "a", 2022, "T2") == D(2022, 9, 1)
    assert rr.deadline_for(SCHED, "a", 2022, "T1") is None
    assert rr.deadline_for(SCHED, "a", 2021, "T2") is None


@pytest.mark.parametrize("status, deadline, today, late", [
    ("utkast", D(2022, 9, 1), D(2022, 9, 1), "nej"),  # on the deadline day: not late
    ("utkast", D(2022, 9, 1), D(2022, 9, 2), "ja"),   # the day after: late
    ("ej_paborjad", D(2022, 9, 1), D(2022, 9, 2), "ja"),
    ("publicerad", D(2022, 9, 1), D(2022, 12, 2), "nej"),  # published is never late
    ("utkast", None, D(2030, 1, 1), ""),               # no deadline: empty
    ("publicerad", None, D(2030, 1, 1), ""),
])
def test_late_on_every_boundary(status, deadline, today, late):
    assert rr.is_late(status, deadline, today) == late


@pytest.mark.parametrize("n_goals, n_published, n_any, status", [
    (3, 3, 3, "publicerad"), (3, 2, 3, "utkast"), (3, 0, 1, "utkast"),
    (3, 0, 0, "ej_paborjad"), (1, 1, 1, "publicerad"), (2, 0, 2, "utkast")])
def test_status_words(n_goals, n_published, n_any, status):
    assert rr.board_status(n_goals, n_published, n_any) == status


def test_round_status_counts_takes_part_and_sorts():
    g = goals([("v1", "a"), ("v2", "a"), ("v1", "b"), ("v2", "b"), ("v1", "c"),
               ("v1", "stad"), ("v1", "unit")])
    a = assessments([
        ("v1", "a", 2022, "T2", None), ("v2", "a", 2022, "T2", "publicerad"),  # all published
        ("v1", "b", 2022, "T2", "utkast"), ("v2", "b", 2022, "T2", "publicerad"),
        ("v1", "c", 2022, "T1", "publicerad"),  # another period: c has not started T2
        ("v1", "stad", 2022, "T2", "utkast")])
    got = rr.round_status(g, a, SCHED, ORGS, 2022, "T2", D(2022, 9, 10))
    assert got.columns == [*rr.STATUS_COLUMNS, "days_late"]
    assert got.select(rr.STATUS_COLUMNS).rows() == [
        ("a", "publicerad", 2, 2, 0, D(2022, 9, 1), "nej"),
        ("b", "utkast", 2, 1, 1, D(2022, 9, 15), "nej"),
        ("c", "ej_paborjad", 1, 0, 0, D(2022, 9, 1), "ja")]
    assert got["days_late"].to_list() == [None, None, 9]


def test_a_board_without_goal_rows_does_not_take_part():
    got = rr.round_status(goals([("v1", "a")]), assessments([]), SCHED, ORGS, 2022, "VB",
                          D(2023, 1, 1))
    assert got["org_id"].to_list() == ["a"]
    assert rr.round_status(goals([]), assessments([]), SCHED, ORGS, 2022, "VB",
                           D(2023, 1, 1)).is_empty()


def test_a_draft_on_a_goal_not_to_assess_still_starts_the_board():
    got = rr.round_status(goals([("v1", "a")]), assessments([("nm", "a", 2022, "VB", "utkast")]),
                          SCHED, ORGS, 2022, "VB", D(2023, 2, 2))
    assert got.row(0, named=True) | {"deadline": None} == {
        "org_id": "a", "status": "utkast", "n_goals": 1, "n_published": 0, "n_draft": 0,
        "deadline": None, "late": "ja", "days_late": 2}


def test_the_phrase_names_every_board_that_has_not_published():
    g = goals([("v1", "a"), ("v1", "b"), ("v1", "c")])
    a = assessments([("v1", "a", 2022, "T2", None), ("v1", "b", 2022, "T2", "utkast")])
    got = rr.round_status(g, a, SCHED, ORGS, 2022, "T2", D(2022, 9, 3))
    names = {"a": "Ankeby", "b": "Bäckby", "c": "Cederby"}
    assert rr.not_published_phrase(got, names) == (
        "2 nämnder har inte publicerat: Bäckby (utkast), Cederby (ej påbörjad, 2 dagar sen)")
    assert rr.summary(got) == {"ej_paborjad": ["c"], "utkast": ["b"], "publicerad": ["a"],
                               "sena": ["c"]}
    done = rr.round_status(g.head(1), a, SCHED, ORGS, 2022, "T2", D(2022, 9, 3))
    assert rr.not_published_phrase(done, names) == ""
