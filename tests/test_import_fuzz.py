"""Fuzz (short version of bench/fuzz_import.py): mutated bundles in all three formats never
raise, never write part of a bundle, are each answered within 10 s, and are answered in
Swedish only (no library logs or warns on the way, no English words in the messages)."""

from __future__ import annotations

import itertools
import logging
import time
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from ils.interchange import BundleError
from ils.model import FILES, LOAD_ORDER
from queries.schema import TABLES
from queries.write.importer import import_bundle
from tests.fuzz_bundles import VALID, HypothesisDraw, hostile_bundle

EXAMPLES = {"sqlite": 200, "postgresql": 40}


CLOCK = ("updated_at", "published_at")  # when a row changed: the second differs between runs


def snapshot(engine, clock: bool = True) -> dict[str, list[tuple]]:
    """Every row of every model table, in a stable order (without the times rows were
    changed when not `clock`: two databases fed the same bundle a second apart)."""
    out = {}
    with engine.connect() as conn:
        for name in LOAD_ORDER:
            table = TABLES[FILES[name].table]
            cols = [c for c in table.c if clock or c.name not in CLOCK]
            out[name] = sorted(conn.execute(select(*cols)).all(), key=repr)
    return out


def test_mutated_bundles_never_crash_nor_write_part(engine, db_url, tmp_path):
    from bench.fuzz_import import LoggedLines, english_messages

    assert import_bundle(engine, VALID).errors == []
    counter = itertools.count()
    kind = "postgresql" if db_url.startswith("postgresql") else "sqlite"

    @settings(max_examples=EXAMPLES[kind], deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    @given(data=st.data())
    def run(data):
        path = hostile_bundle(HypothesisDraw(data), tmp_path / f"case{next(counter)}")
        before = snapshot(engine)
        logged.lines.clear()
        start = time.perf_counter()
        with warnings.catch_warnings(record=True) as warned:
            warnings.simplefilter("always")
            report = import_bundle(engine, path)
        elapsed = time.perf_counter() - start
        assert elapsed < 10, f"{path}: {elapsed:.1f} s"
        assert logged.lines == [] and [str(w.message) for w in warned] == [], path
        assert english_messages(report) == [], path
        assert all(isinstance(e, BundleError) and e.message for e in report.errors)
        if report.errors:
            assert snapshot(engine) == before, f"{path}: refused but the database changed"
            assert all(str(e).strip() for e in report.errors)

    logged = LoggedLines()
    logging.getLogger().addHandler(logged)
    try:
        run()
    finally:
        logging.getLogger().removeHandler(logged)


@pytest.mark.parametrize("seed", range(2))
def test_the_long_run_script_counts_nothing_bad(tmp_path, seed):
    """bench/fuzz_import.py's loop on a few bundles: its counters are what the README cites."""
    from bench.fuzz_import import fuzz

    url = f"sqlite:///{tmp_path / 'fuzz.db'}"
    result = fuzz(url, count=4, seed=seed, workdir=tmp_path / "w")
    assert result["bundles"] == 4
    assert result["tracebacks"] == 0 and result["partial_writes"] == 0 and result["slow"] == 0
    assert result["logged"] == 0 and result["english"] == 0
    assert result["refused"] + result["accepted"] == 4


@pytest.mark.postgres
def test_the_same_bundle_gets_the_same_verdict_on_sqlite_and_postgresql(pg_url, tmp_path):
    from sqlalchemy import create_engine

    from queries.db import make_engine
    from queries.schema import metadata
    from tests.fuzz_bundles import RandomDraw

    plain = create_engine(pg_url)
    metadata.drop_all(plain)
    plain.dispose()
    engines = {"sqlite": make_engine(f"sqlite:///{tmp_path / 'v.db'}"),
               "postgresql": make_engine(pg_url)}
    try:
        for engine in engines.values():
            assert import_bundle(engine, VALID).errors == []
        for seed in range(30):
            path = hostile_bundle(RandomDraw(seed), tmp_path / f"case{seed}")
            verdicts = {kind: ([str(e) for e in r.errors], r.counts)
                        for kind, e in engines.items() for r in [import_bundle(e, path)]}
            assert verdicts["sqlite"] == verdicts["postgresql"], path
            assert snapshot(engines["sqlite"], clock=False) == snapshot(
                engines["postgresql"], clock=False), path
    finally:
        for engine in engines.values():
            engine.dispose()
