"""Shared fixtures: databases (SQLite always, PostgreSQL when reachable or required)."""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, make_url, text

from queries.db import make_engine
from queries.schema import metadata

# Fixtures several test modules share, kept beside their helpers in support modules:
# sign-in (a test client, demo sign-in, the OpenID Connect provider), the real Redis and the
# CLI run in this process.
pytest_plugins = ("tests.oidc_support", "tests.cache_support", "tests.cli_support")

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
    """A PostgreSQL database of this test run's own: `<database>_run<pid>`, created on the
    server of KONTROLLRUM_TEST_PG and dropped at the end, so two runs on one server never
    meet. Without the right to create databases, the configured database itself is used."""
    reason = _pg_reason()
    if reason:
        if REQUIRE_PG:
            pytest.fail(f"KONTROLLRUM_REQUIRE_PG=1 but {reason}")
        pytest.skip(f"{reason}; set KONTROLLRUM_TEST_PG to a reachable database to run these")
    base = make_url(PG_URL)
    name = f"{base.database}_run{os.getpid()}"
    admin = create_engine(PG_URL, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    except Exception:  # no CREATEDB right: share the configured database
        admin.dispose()
        yield PG_URL
        return
    url = base.set(database=name).render_as_string(hide_password=False)
    yield url
    with admin.connect() as conn:  # FORCE closes what the app's pooled engines still hold
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


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


def load_sqlite(folder, dataset, info: dict) -> str:
    """URL of a new SQLite file in `folder` holding `dataset` (with data-set facts `info`)."""
    from queries.write.store import replace_dataset

    url = f"sqlite:///{folder / 'data.db'}"
    eng = make_engine(url)
    replace_dataset(eng, dataset, info)
    eng.dispose()
    return url


@pytest.fixture(scope="session")
def city_url(tmp_path_factory) -> str:
    """A SQLite database holding the small known-lights city (tests/fixture_city.py)."""
    from tests.fixture_city import city

    return load_sqlite(tmp_path_factory.mktemp("city"), city(),
                       {"demo": "1", "source": "Testdata: Exempelstad (påhittad)"})


@pytest.fixture(scope="session")
def comparison_url(tmp_path_factory) -> str:
    """A SQLite database holding the comparison city (tests/fixture_comparison.py)."""
    from tests.fixture_comparison import comparison_city

    return load_sqlite(tmp_path_factory.mktemp("cmp"), comparison_city(), {"demo": "1"})


@pytest.fixture
def comparison_db(comparison_url, monkeypatch) -> str:
    """The app reads the comparison city; the Dash app exists."""
    monkeypatch.setenv("KONTROLLRUM_DB", comparison_url)
    import app  # noqa: F401

    return comparison_url


@pytest.fixture
def city_db(city_url, monkeypatch) -> str:
    """The app reads the known-lights city; the Dash app exists (pages can be imported)."""
    monkeypatch.setenv("KONTROLLRUM_DB", city_url)
    import app  # noqa: F401  (page modules may only be imported once the app exists)

    return city_url


@pytest.fixture
def empty_db(tmp_path, monkeypatch) -> str:
    """The app reads an empty database."""
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401

    return url


@pytest.fixture
def round_db(tmp_path, monkeypatch) -> str:
    """The app on the fixture city with deadlines (VB 2022: all 2023-01-31, Norrby 02-15) and
    Söderby's draft; today is after both, so Norrby and Söderby are late."""
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_round import city_with_round

    url = f"sqlite:///{tmp_path / 'round.db'}"
    eng = make_engine(url)
    replace_dataset(eng, city_with_round(), {"demo": "1"})
    eng.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401

    return url


@pytest.fixture
def org_db(db_url, monkeypatch) -> str:
    """The app reads `org_city()` (SQLite and PostgreSQL); pages can be imported."""
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_org import org_city

    engine = make_engine(db_url)
    replace_dataset(engine, org_city(), {"demo": "1"})
    engine.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", db_url)
    import app  # noqa: F401  (page modules may only be imported once the app exists)

    return db_url


class MailCollector:
    """aiosmtpd's handler: every message the server took, with its envelope recipients."""

    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        import email
        import email.policy

        msg = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append((tuple(envelope.rcpt_tos), msg))
        return "250 OK"


@pytest.fixture
def mail_server():
    """A real SMTP server on a free localhost port: (its collector, port)."""
    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:  # a free port (aiosmtpd checks its own port by connecting)
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    handler = MailCollector()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield handler, port
    finally:
        controller.stop()
