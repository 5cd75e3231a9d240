"""What the view-cache tests share (test_cache, test_cache_entry): the real Redis (skipped or
required as `KONTROLLRUM_REQUIRE_REDIS` says), a SQLite engine, renewing the data version,
and a second process that reads through the cache (tests/cache_worker.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from queries import cache
from queries.db import make_engine
from queries.write.store import set_info

ROOT = Path(__file__).resolve().parents[1]
REQUIRE_REDIS = os.environ.get("KONTROLLRUM_REQUIRE_REDIS") == "1"


REDIS_URL = os.environ.get("KONTROLLRUM_TEST_REDIS", "redis://127.0.0.1:6379/15")


SECRET = "test-secret-key-for-the-view-cache-0123456789"


@pytest.fixture
def redis_url(monkeypatch):
    import redis

    monkeypatch.setenv(cache.SECRET_ENV, SECRET)  # a shared cache signs with the app's key
    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
    except Exception as exc:  # noqa: BLE001 - no Redis here
        if REQUIRE_REDIS:
            pytest.fail(f"KONTROLLRUM_REQUIRE_REDIS=1 but Redis at {REDIS_URL} does not answer: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({exc}); set KONTROLLRUM_TEST_REDIS")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


@pytest.fixture
def db(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    yield engine
    engine.dispose()


def bump(engine, version: str) -> None:
    with engine.begin() as conn:
        set_info(conn, {"data_version": version})


def _worker(db_url: str, redis_url: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "KONTROLLRUM_DB": db_url, cache.REDIS_ENV: redis_url,
           cache.SECRET_ENV: SECRET, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, str(ROOT / "tests" / "cache_worker.py"), str(log)],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env,
                            cwd=ROOT)


def _ask(proc: subprocess.Popen) -> str:
    proc.stdin.write("get\n")
    proc.stdin.flush()
    return proc.stdout.readline().strip()
