"""Server-side sessions (issue 18): signing out ends the session on the server (a copied
cookie signs nobody in), a role-file change takes effect on the next request, abandoned
sign-ins never block the next, signed-in answers are never cached, a POST with the session
cookie must say where it comes from; admins list and end sessions (CLI and /admin)."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from ils.access import Viewer
from queries import scope
from queries.db import get_engine
from queries.schema import users, web_session
from tests.dash_tree import find_all, text
from tests.oidc_support import (
    CALLBACK,
    authorize,
    demo_on,
    demo_sign_in,
    layout_text,
    request_viewer,
)

pytestmark = pytest.mark.usefixtures("no_auth_env")
ADA = Viewer(role="admin", name="Ada Admin", subject="sub-ada")


def signed_in(oidc_client, sub: str) -> None:
    path, query = authorize(oidc_client, sub)
    got = oidc_client.get(path, query_string=query)
    assert got.status_code == 303, got.get_data(as_text=True)


def rows(table=web_session) -> int:
    with get_engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def as_browser(client, cookie: str):
    """Another browser that holds a copy of `cookie`."""
    other = client.application.test_client()
    other.environ_base["HTTP_SEC_FETCH_SITE"] = "same-origin"
    other.set_cookie("kontrollrum", cookie)
    return other


# --- signing out ends the session ----------------------------------------------------------

def test_a_cookie_copied_before_sign_out_signs_nobody_in(oidc):
    signed_in(oidc, "anna")
    copy = oidc.get_cookie("kontrollrum").value
    thief = as_browser(oidc, copy)
    assert "Anna Admin" in layout_text(thief)  # the copy works while the session lives
    assert oidc.post("/logga-ut").status_code == 303
    assert "Anna Admin" not in layout_text(oidc)
    for _ in range(3):
        layout = layout_text(thief)
        assert "Anna Admin" not in layout and "Logga ut" not in layout
        got = thief.post(CALLBACK, json={}, headers={"Origin": "http://localhost"})
        assert got.status_code == 400  # on to the body check as the public, nobody's session
    with get_engine().connect() as conn:
        assert conn.execute(select(web_session.c.subject)).scalars().all() == []


def test_a_demo_sign_out_ends_the_session_too(client, monkeypatch):
    demo_on(monkeypatch)
    demo_sign_in(client, "admin")
    thief = as_browser(client, client.get_cookie("kontrollrum").value)
    assert "Jonas Ek" in layout_text(thief)
    client.post("/logga-ut")
    assert "Jonas Ek" not in layout_text(thief)


def test_signing_in_gives_a_new_token(client, monkeypatch):
    """A token planted before the sign-in (session fixation) is not the signed-in one."""
    demo_on(monkeypatch)
    client.get("/logga-in")
    before = client.get_cookie("kontrollrum")
    demo_sign_in(client, "slk")
    after = client.get_cookie("kontrollrum").value
    assert before is None or before.value != after
    if before is not None:
        assert "Sara Lind" not in layout_text(as_browser(client, before.value))


# --- the role file, read on each request ---------------------------------------------------

def test_a_group_removed_from_the_role_file_loses_its_role_on_the_next_request(oidc, tmp_path):
    import os

    signed_in(oidc, "anna")  # groups admins, ks
    layout = layout_text(oidc)
    assert "Anna Admin" in layout and "Administratör" in layout
    roles = tmp_path / "roles.toml"
    assert os.environ["KONTROLLRUM_ROLES"] == str(roles)
    text_before = roles.read_text(encoding="utf-8")
    roles.write_text(text_before.replace('"admins" = "admin"\n', ""), encoding="utf-8")
    os.utime(roles, ns=(1, 1))  # a different mtime, whatever the clock's resolution
    layout = layout_text(oidc)
    assert "Anna Admin" in layout and "Administratör" not in layout and "Läsare" in layout
    got = oidc.post(CALLBACK, json={}, headers={"Origin": "http://localhost"})
    assert got.status_code == 400
    (viewer, key), _ = request_viewer(oidc)
    assert (viewer.role, key) == ("lasare", "pub")
    roles.write_text(text_before.replace('"ks" = ["lasare"]', '"ks" = "slk"'), encoding="utf-8")
    (viewer, key), _ = request_viewer(oidc)  # given back, and another group now higher
    assert (viewer.role, key) == ("admin", "all")


def test_an_unusable_role_file_signs_everyone_out_of_their_role(oidc, tmp_path):
    signed_in(oidc, "anna")
    (tmp_path / "roles.toml").write_text("[groups]\n\"admins\" = \"kung\"\n", encoding="utf-8")
    layout = layout_text(oidc)
    assert "Anna Admin" not in layout and "Administratör" not in layout


# --- abandoned sign-ins ----------------------------------------------------------------------

def test_thirty_abandoned_sign_ins_never_block_the_next(oidc):
    for _ in range(30):
        assert oidc.get("/logga-in").status_code == 302
    with get_engine().connect() as conn:
        data = [json.loads(d) for d in conn.execute(select(web_session.c.data)).scalars()]
    assert len(data) == 1  # one browser, one session row
    states = [k for k in data[0] if k.startswith("_state_")]
    assert 1 <= len(states) <= 5
    assert len(json.dumps(data[0])) < 4_000
    cookie = oidc.get_cookie("kontrollrum").value
    assert len(cookie) < 100  # the cookie holds the token only
    signed_in(oidc, "nils")
    assert "Nils Norrby" in layout_text(oidc)


# --- what a signed-in answer may not be -----------------------------------------------------

def test_signed_in_answers_are_not_stored_by_any_cache(client, monkeypatch):
    demo_on(monkeypatch)
    public = client.get("/")
    assert "no-store" not in public.headers.get("Cache-Control", "")
    demo_sign_in(client, "admin")
    for path in ("/", "/om", "/_dash-layout", "/mal/vom11"):
        got = client.get(path)
        assert got.headers.get("Cache-Control") == "no-store", path
    from tests.attack_support import body

    got = client.post(CALLBACK, json=body("shell-legend-open"),
                      headers={"Origin": "http://localhost"})
    assert got.status_code == 200 and got.headers.get("Cache-Control") == "no-store"
    assert '"is_open": true' in json.dumps(got.get_json())
    asset = client.get("/assets/kontrollrum.css")
    assert "no-store" not in asset.headers.get("Cache-Control", "")


def test_a_post_with_the_cookie_but_no_origin_is_refused(client, monkeypatch):
    demo_on(monkeypatch)
    demo_sign_in(client, "admin")
    bare = client.application.test_client()  # sends neither Origin nor Sec-Fetch-Site
    bare.set_cookie("kontrollrum", client.get_cookie("kontrollrum").value)
    for path in (CALLBACK, "/logga-ut"):
        got = bare.post(path, json={})
        assert got.status_code == 403, path
        assert "Origin eller Sec-Fetch-Site saknas" in got.get_data(as_text=True)
    assert "Jonas Ek" in layout_text(client)  # /logga-ut did not sign out
    assert bare.post(CALLBACK, json={}, headers={"Sec-Fetch-Site": "same-origin"}) \
        .status_code == 400
    assert bare.post(CALLBACK, json={}, headers={"Origin": "http://localhost"}).status_code \
        == 400
    anonymous = client.application.test_client()  # no cookie: nothing to forge with
    assert anonymous.post(CALLBACK, json={}).status_code == 400


# --- the users table ------------------------------------------------------------------------

def test_a_sign_in_records_the_user_without_secrets(oidc):
    signed_in(oidc, "olle")
    signed_in(oidc, "nils")
    with get_engine().connect() as conn:
        got = {r.subject: r for r in conn.execute(select(users))}
    assert got["olle"].email == "olle@example.se" and got["olle"].roles == "lasare"
    assert got["nils"].name == "Nils Norrby" and got["nils"].roles == "namnd,namnd:norrby"
    assert got["nils"].last_sign_in.startswith("20")
    with get_engine().connect() as conn:
        stored = json.dumps([list(r) for r in conn.execute(select(users))])
    assert "client-secret" not in stored and "password" not in stored.lower()


# --- admins end sessions ----------------------------------------------------------------------

def _two_sessions(client, monkeypatch):
    demo_on(monkeypatch)
    demo_sign_in(client, "slk")
    other = client.application.test_client()
    other.environ_base["HTTP_SEC_FETCH_SITE"] = "same-origin"
    demo_sign_in(other, "admin")
    return other


def test_the_cli_lists_and_ends_sessions(client, monkeypatch, capsys):
    from cli.main import main

    admin = _two_sessions(client, monkeypatch)
    assert main(["sessions"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and "Sara Lind (demo)" in out[1] and "SLK-controller" in out[1]
    sid = out[1].split("\t")[0]
    assert len(sid) == 12
    assert main(["sessions", "--end", "abc"]) == 2
    assert "minst 8 tecken" in capsys.readouterr().err
    assert main(["sessions", "--end", sid]) == 0
    assert "Avslutade 1 session." in capsys.readouterr().out
    assert "Sara Lind" not in layout_text(client) and "Jonas Ek" in layout_text(admin)
    assert main(["sessions", "--end", sid]) == 2
    assert main(["sessions", "--all"]) == 0
    assert "Avslutade 1 session." in capsys.readouterr().out
    assert "Jonas Ek" not in layout_text(admin)
    assert main(["sessions"]) == 0
    assert "Inga inloggade sessioner." in capsys.readouterr().err


def _admin_page():
    from pages import admin

    return admin


def test_admin_sees_and_ends_sessions_and_nobody_else_may(client, monkeypatch):
    _two_sessions(client, monkeypatch)
    page = _admin_page()
    with scope.acting_as(ADA):
        out = page.render({}, {"n": 0})
    ends = find_all(out, lambda c: isinstance(getattr(c, "id", None), dict)
                    and c.id.get("type") == "admin-session-end")
    assert len(ends) == 2 and "Sara Lind (demo)" in text(out) and "Avsluta" in text(out)
    sara = next(b.id["sid"] for b in ends if "Sara" in b.title)
    for viewer in (Viewer(), Viewer(role="slk", name="Siv")):
        with scope.acting_as(viewer):
            assert page.writes.end_session(sara)[0] is False
    assert "Sara Lind" in layout_text(client)
    with scope.acting_as(ADA):
        ok, message = page.writes.end_session(sara)
    assert ok and "utloggad" in message
    assert "Sara Lind" not in layout_text(client)
    with scope.acting_as(ADA):
        assert page.writes.end_session(sara)[0] is False
        assert page.writes.end_session(["x"])[0] is False


@pytest.fixture(autouse=True)
def _app_db(city_db):
    """These tests count sessions: the fixture city's database, without any, before and after."""
    def empty():
        with get_engine().begin() as conn:
            conn.execute(web_session.delete())
            conn.execute(users.delete())

    empty()
    yield
    empty()


# --- the attack run, short --------------------------------------------------------------------

def test_the_session_attack_run_finds_nothing(capsys):
    """bench/attack_sessions.py, one round: two gunicorn workers, a real code flow."""
    from bench.attack_sessions import main

    assert main(["--rounds", "1", "--max-seconds", "120"]) == 0
    out = capsys.readouterr().out
    assert "rounds 1, sign-ins 2, replayed cookies after sign-out 8" in out
    assert "replays that signed someone in: 0" in out
    assert "kept a role removed from the role file: 0" in out
    assert "sign-ins blocked (30 abandoned before each): 0" in out
