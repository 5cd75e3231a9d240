"""Shared fixtures: databases (SQLite always, PostgreSQL when reachable or required)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from queries.db import make_engine
from queries.schema import metadata

PG_URL = os.environ.get("KONTROLLRUM_TEST_PG",
                        "postgresql+psycopg://postgres@127.0.0.1:5432/test")
REQUIRE_PG = os.environ.get("KONTROLLRUM_REQUIRE_PG") == "1"


def _pg_reason() -> str | None:
    """None when PostgreSQL answers, else why not."""
    try:
        engine = create_engine(PG_URL)
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # any failure to connect means: no PostgreSQL here
        return f"PostgreSQL not reachable at {PG_URL} ({type(exc).__name__}: {str(exc)[:120]})"


@pytest.fixture(scope="session")
def pg_url() -> str:
    reason = _pg_reason()
    if reason:
        if REQUIRE_PG:
            pytest.fail(f"KONTROLLRUM_REQUIRE_PG=1 but {reason}")
        pytest.skip(f"{reason}; set KONTROLLRUM_TEST_PG to a reachable database to run these")
    return PG_URL


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> str:
    """A fresh, empty database with the schema: a temp SQLite file, or the test PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'test.db'}"
    url = request.getfixturevalue("pg_url")
    engine = create_engine(url)
    metadata.drop_all(engine)
    engine.dispose()
    return url


@pytest.fixture
def engine(db_url):
    """An engine on a fresh database (tables created), disposed after the test."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()
