"""Fault runs, short (issue 14): the database unreachable and back without a restart, SIGKILL
in the middle of an import, pages read during an import. Long run: bench/faults.py."""

from __future__ import annotations

import shutil
import socket

import pytest
from sqlalchemy import make_url

from bench.faults import OUTAGE_TEXT, Proxy, kontrollrum, outage_run, page_text, sigkill_run
from tests.conftest import load_sqlite


@pytest.fixture
def client(monkeypatch):
    import app

    return app.app.server.test_client()


def _check_outage(report: dict) -> None:
    before, during, after = report["before"], report["during"], report["after"]
    assert before == {**before, "page": 200, "outage_message": False, "halsa": 200}
    assert during["page"] == 200 and during["outage_message"] and not during["error_message"]
    assert during["shell"] == 200  # the footer's callback does not fail
    assert during["halsa"] == 503
    assert after == {**after, "page": 200, "outage_message": False, "error_message": False,
                     "shell": 200, "halsa": 200}  # recovered without a restart


def test_sqlite_database_gone_and_back(city_url, tmp_path, monkeypatch, client):
    folder, away = tmp_path / "db", tmp_path / "db-away"
    folder.mkdir()
    shutil.copy(make_url(city_url).database, folder / "k.db")
    monkeypatch.setenv("KONTROLLRUM_DB", f"sqlite:///{folder / 'k.db'}")

    def down():
        from queries.db import get_engine

        get_engine().dispose()  # open SQLite files stay readable: make the pool reconnect
        folder.rename(away)

    _check_outage(outage_run(client, down, lambda: away.rename(folder)))


@pytest.mark.postgres
def test_postgresql_server_unreachable_and_back(pg_url, monkeypatch, client):
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_city import city

    url = make_url(pg_url)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432)).start()
    via = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    engine = make_engine(via)
    replace_dataset(engine, city(), {"demo": "1"})
    engine.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", via)
    try:
        _check_outage(outage_run(client, proxy.stop, proxy.start))
    finally:
        proxy.stop()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # nobody listens there once closed


def test_wrong_postgresql_port_says_so(monkeypatch, client):
    monkeypatch.setenv("KONTROLLRUM_DB", f"postgresql+psycopg://x@127.0.0.1:{_closed_port()}/x")
    status, text = page_text(client)
    assert status == 200 and OUTAGE_TEXT in text and "Något gick fel" not in text
    assert client.get("/halsa").status_code == 503


@pytest.fixture
def city_bundle(tmp_path):
    from ils.interchange import write_bundle
    from tests.fixture_city import city

    write_bundle(city(), tmp_path / "bundle")
    return str(tmp_path / "bundle")


def test_sigkill_mid_import_leaves_the_database_as_it_was(tmp_path, city_bundle):
    url = f"sqlite:///{tmp_path / 'kill.db'}"
    got = sigkill_run(url, city_bundle, kills=3)  # imports into an empty database, killed
    assert len(got["runs"]) == 3
    # killed before its commit: still empty; after it (while exiting) or finished: complete
    for run in got["runs"]:
        assert run["state"] in ("unchanged", "complete"), run
        assert run["state"] == "complete" or not run["finished_first"], run


def test_pages_read_during_an_import_never_fail(tmp_path, city_bundle, monkeypatch, client):
    from tests.fixture_city import city

    url = load_sqlite(tmp_path, city(), {"demo": "1"})
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    proc = kontrollrum("import", city_bundle, "--db", url)
    renders = []
    while proc.poll() is None or not renders:
        renders.append(page_text(client))
    proc.communicate()
    assert proc.returncode == 0
    assert all(status == 200 for status, _ in renders)
    assert not any("Något gick fel" in text for _, text in renders)
