"""The view cache (queries/cache.py): keyed by data version, shared across processes in
Redis, a per-process store without it, and never a mix of two data versions."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from sqlalchemy import text

from queries import cache
from queries.db import make_engine
from queries.write.store import set_info
from tests.cache_support import SECRET, _ask, _worker, bump

ROOT = Path(__file__).resolve().parents[1]
REQUIRE_REDIS = os.environ.get("KONTROLLRUM_REQUIRE_REDIS") == "1"








def counter():
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls)}
    return calls, compute


@pytest.mark.parametrize("backend", ["local", "redis"])
def test_cached_until_the_data_version_changes(backend, db, monkeypatch, request):
    if backend == "redis":
        monkeypatch.setenv(cache.REDIS_ENV, request.getfixturevalue("redis_url"))
    else:
        monkeypatch.delenv(cache.REDIS_ENV, raising=False)
    assert isinstance(cache.store(), cache.RedisStore if backend == "redis" else cache.LocalStore)
    assert cache.data_version(db) == "0"
    calls, compute = counter()
    assert cache.cached(db, "v", {"a": 1}, compute) == {"n": 1}
    assert cache.cached(db, "v", {"a": 1}, compute) == {"n": 1}  # from the cache
    assert cache.cached(db, "v", {"a": 2}, compute) == {"n": 2}  # other arguments
    bump(db, "v2")
    assert cache.cached(db, "v", {"a": 1}, compute) == {"n": 3}  # new data: computed again
    assert len(calls) == 3


def test_a_result_read_across_a_change_is_read_again(db, monkeypatch):
    monkeypatch.delenv(cache.REDIS_ENV, raising=False)
    versions = iter(["x1", "x2"])

    def compute():  # an import commits while the view is being read
        v = next(versions, None)
        if v:
            bump(db, v)
        return "read"
    assert cache.cached(db, "mix", {}, compute) == "read"  # the 3rd read saw one version
    calls = []

    def always_changing():
        calls.append(1)
        bump(db, f"y{len(calls)}")
        return "mixed"
    with pytest.raises(cache.DataChanging):
        cache.cached(db, "mix2", {}, always_changing)
    assert len(calls) == cache.TRIES


def test_redis_down_is_a_miss_not_an_error(db, monkeypatch):
    monkeypatch.setenv(cache.REDIS_ENV, "redis://127.0.0.1:1/0")  # nothing listens there
    monkeypatch.setenv(cache.SECRET_ENV, SECRET)
    assert isinstance(cache.store(), cache.RedisStore)
    calls, compute = counter()
    assert cache.cached(db, "v", {}, compute) == {"n": 1}
    assert cache.cached(db, "v", {}, compute) == {"n": 2}


def test_local_store_is_bounded():
    st = cache.LocalStore(size=2)
    for k in "abc":
        st.set(k, k.encode())
    assert st.get("a") is None and st.get("c") == b"c"






def test_two_processes_share_the_cache_and_a_change_reaches_both(tmp_path, redis_url):
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(text("insert into organisation (id, level, name) values ('s', 'stad', 'S')"))
    bump(engine, "one")
    log = tmp_path / "computes.log"
    a, b = _worker(url, redis_url, log), _worker(url, redis_url, log)
    try:
        assert _ask(a) == "1"
        assert _ask(b) == "1"  # b found a's entry in Redis
        assert log.read_text().count("computed") == 1
        with engine.begin() as conn:  # an import: new rows and a new version, one transaction
            conn.execute(text("insert into organisation (id, parent_id, level, name) "
                              "values ('n', 's', 'namnd', 'N')"))
            set_info(conn, {"data_version": "two"})
        assert _ask(b) == "2"
        assert _ask(a) == "2"  # a's old entry is not used: the version moved on
        assert log.read_text().count("computed") == 2
    finally:
        for p in (a, b):
            p.stdin.write("quit\n")
            p.stdin.close()
            p.wait(timeout=30)
        engine.dispose()
