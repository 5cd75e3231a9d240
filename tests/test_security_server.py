"""The server's own rules (web/server.py): headers, limits, 404s, /halsa (issue 14)."""

from __future__ import annotations

import json

import pytest


@pytest.fixture
def client(city_db):
    import app

    return app.app.server.test_client()


def test_security_headers_on_pages_callbacks_and_assets(client):
    for path in ("/", "/_dash-layout", "/_dash-dependencies", "/halsa", "/finns-inte"):
        headers = client.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "default-src 'self'" in csp
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        assert "'unsafe-eval'" not in csp
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
        assert "Server" not in headers


def test_csp_allows_exactly_dash_inline_scripts(client):
    import app

    csp = client.get("/").headers["Content-Security-Policy"]
    for digest in app.app.csp_hashes():
        assert digest in csp


@pytest.mark.parametrize("path", ["/", "/om", "/styrsignaler", "/prognoser", "/jamforelse",
                                  "/mote", "/namnd/norrby", "/mal/vom11", "/avdelning/norrby-aldre",
                                  "/indikator/ind-las", "/?ar=" + "9" * 5000])
def test_known_pages_answer_200(client, path):
    assert client.get(path).status_code == 200


@pytest.mark.parametrize("path", ["/finns-inte", "/namnd", "/namnd/finns-inte",
                                  "/mal/finns-inte", "/indikator/x", "/enhet/" + "x" * 500,
                                  "/avdelning/a/b", "/404", "/om/mer"])
def test_unknown_addresses_answer_404_with_the_dash_page(client, path):
    got = client.get(path)
    assert got.status_code == 404
    assert got.mimetype == "text/html" and b"_dash-renderer" in got.data  # the app shows
    # its Swedish 'hittades inte' page there


@pytest.mark.parametrize("path", ["/_dash-component-suites/dash/..%2f..%2fapp.py",
                                  "/_dash-component-suites/dash/../../app.py",
                                  "/_dash-component-suites/dash/%2e%2e/%2e%2e/app.py",
                                  "/_dash-component-suites/nope/x.js",
                                  "/_dash-component-suites/plotly/package_data/x.js"])
def test_path_tricks_under_component_suites_answer_404(client, path):
    got = client.get(path)
    assert got.status_code == 404
    assert b"app.py" not in got.data and b"Traceback" not in got.data


def test_request_body_limit(client):
    got = client.post("/_dash-update-component", data=b"[" + b"1," * 600_000 + b"1]",
                      content_type="application/json")
    assert got.status_code == 413
    assert "för stor" in got.get_data(as_text=True)


@pytest.mark.parametrize("body", [b"{bad", b"[1]", b'"x"', b"null",
                                  b'{"output": "nope.children", "outputs": {}, "inputs": []}',
                                  b'{"n": ' + b"9" * 5000 + b"}"])
def test_malformed_callback_bodies_answer_400(client, body):
    got = client.post("/_dash-update-component", data=body, content_type="application/json")
    assert got.status_code == 400
    assert got.get_data(as_text=True).startswith("Ogiltig begäran")


def test_health_ok(client):
    got = client.get("/halsa")
    assert got.status_code == 200 and got.json == {"status": "ok"}


def test_health_503_in_swedish_when_the_database_cannot_be_opened(client, tmp_path,
                                                                   monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DB", f"sqlite:///{tmp_path / 'saknas' / 'x.db'}")
    got = client.get("/halsa")
    assert got.status_code == 503
    body = json.loads(got.data)
    assert body["status"] == "fel" and body["meddelande"].startswith("Databasen svarar inte")
