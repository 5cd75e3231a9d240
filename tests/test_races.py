"""Short race runs (bench/race.py, issue 18 item 6) on SQLite and PostgreSQL: a draft save
against an import, a deletion, a Kolada write and a lock, with random delays; a saving
process killed with SIGKILL; on PostgreSQL its connection ended by `pg_terminate_backend`.
No acknowledged save is lost and the history always replays to the row."""

from __future__ import annotations

import pytest

from bench import race

ROUNDS = 20


@pytest.fixture
def raced(engine):
    race.prepare(engine)
    return engine


@pytest.mark.parametrize("kind", race.KINDS)
def test_a_save_racing_another_writer_is_never_lost(raced, kind, tmp_path):
    got = race.race(raced, kind, ROUNDS, seed=7, work=tmp_path)
    assert got.errors == []
    assert (got.lost, got.history_wrong) == (0, 0)
    assert got.rounds == ROUNDS and got.acknowledged >= 1
    assert got.other_done + got.other_refused == ROUNDS  # the other writer ran every round


def test_a_killed_saving_process_loses_no_acknowledged_save(raced, db_url):
    got = race.killed(db_url, raced, 2, seed=3)
    assert (got.lost, got.history_wrong) == (0, 0)


@pytest.mark.postgres
def test_an_ended_connection_loses_no_acknowledged_save(pg_url):
    """PostgreSQL only (`pg_terminate_backend`): the saving connection is ended mid-request."""
    from sqlalchemy import create_engine

    from queries.db import make_engine
    from queries.schema import metadata

    plain = create_engine(pg_url)
    metadata.drop_all(plain)
    plain.dispose()
    engine = make_engine(pg_url)
    try:
        race.prepare(engine)
        got = race.terminated(engine, pg_url, 3, seed=3)
    finally:
        engine.dispose()
    assert got.rounds == 3 and got.errors == []
    assert (got.lost, got.history_wrong) == (0, 0)
