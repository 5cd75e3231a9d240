"""Sign-in and the web rules of a signed-in app (web/, issue 12): settings and
the role file, the session cookie, cross-site requests, the viewer of each request, demo
sign-in, and OpenID Connect end to end against a real provider (oidc-provider-mock)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ils import clock
from ils.config import SettingError
from tests.oidc_support import (
    CALLBACK,
    KEY,
    authorize,
    demo_on,
    demo_sign_in,
    layout_text,
    request_viewer,
)

pytestmark = pytest.mark.usefixtures("no_auth_env")
ROOT = Path(__file__).resolve().parents[1]






@pytest.fixture
def real_data(tmp_path, monkeypatch):
    """The app on the fixture city stored as real (not demo) data."""
    from tests.conftest import load_sqlite
    from tests.fixture_city import city

    monkeypatch.setenv("KONTROLLRUM_DB", load_sqlite(tmp_path, city(), {"source": "ILS"}))
    import app

    return app.app.server.test_client()






# --- settings and the role file -------------------------------------------------------------

def config(**env):
    from web.config import auth_config

    return auth_config({f"KONTROLLRUM_{k.upper()}": v for k, v in env.items()})


def test_without_settings_nobody_signs_in():
    c = config()
    assert not c.sign_in and not c.oidc and not c.secret_key


def test_oidc_settings_are_read_with_the_base_scope():
    c = config(oidc_issuer="https://login.microsoftonline.com/t1/v2.0/", oidc_client_id="id",
               oidc_client_secret="s3cret", oidc_scope="offline_access email",
               secret_key=KEY)
    assert c.issuer == "https://login.microsoftonline.com/t1/v2.0"
    assert c.metadata_url == ("https://login.microsoftonline.com/t1/v2.0/"
                              ".well-known/openid-configuration")
    assert c.scope == "openid profile email offline_access"
    assert c.issuer_host == "login.microsoftonline.com"
    assert "s3cret" not in repr(c) and KEY not in repr(c)


@pytest.mark.parametrize("env, words", [
    ({"oidc_issuer": "https://idp.example", "oidc_client_secret": "s", "secret_key": KEY},
     "KONTROLLRUM_OIDC_CLIENT_ID saknas"),
    ({"oidc_issuer": "https://idp.example", "oidc_client_id": "c", "secret_key": KEY},
     "KONTROLLRUM_OIDC_CLIENT_SECRET saknas"),
    ({"oidc_issuer": "https://idp.example", "oidc_client_id": "c", "oidc_client_secret": "s"},
     "KONTROLLRUM_SECRET_KEY saknas"),
    ({"demo_login": "1", "secret_key": "kort"}, "för kort"),
    ({"demo_login": "ja"}, "KONTROLLRUM_DEMO_LOGIN ska vara 1"),
    ({"https": "true"}, "KONTROLLRUM_HTTPS ska vara 1"),
    ({"oidc_issuer": "https://idp.example", "oidc_client_id": "c", "oidc_client_secret": "s",
      "secret_key": KEY, "oidc_logout": "ja"}, "KONTROLLRUM_OIDC_LOGOUT ska vara 1"),
    ({"oidc_issuer": "http://idp.example", "oidc_client_id": "c", "oidc_client_secret": "s",
      "secret_key": KEY}, "https-adress"),
    ({"oidc_issuer": "https://idp.example", "oidc_client_id": "c", "oidc_client_secret": "s",
      "secret_key": KEY, "oidc_scope": "a\"b"}, "ogiltigt scope"),
    ({"demo_login": "1", "secret_key": KEY, "base_url": "javascript:alert(1)"},
     "KONTROLLRUM_BASE_URL"),
])
def test_bad_settings_are_refused_in_swedish(env, words):
    with pytest.raises(SettingError, match=words):
        config(**env)


def test_local_provider_may_use_http():
    c = config(oidc_issuer="http://localhost:9000", oidc_client_id="c", oidc_client_secret="s",
               secret_key=KEY)
    assert c.oidc


@pytest.mark.parametrize("text, words", [
    (None, "finns inte eller kan inte läsas"),
    ("[groups\n", "inte giltig TOML"),
    ("[roles]\n", "saknar tabellen \\[groups\\]"),
    ('[groups]\n"g" = "chef"\n', "okänd roll"),
    ('[groups]\n"g" = "namnd:"\n', "saknar organisation"),
])
def test_a_bad_role_file_stops_the_start_naming_the_file(tmp_path, text, words):
    from web.config import check

    path = tmp_path / "roles.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    env = {"KONTROLLRUM_OIDC_ISSUER": "https://idp.example", "KONTROLLRUM_OIDC_CLIENT_ID": "c",
           "KONTROLLRUM_OIDC_CLIENT_SECRET": "s", "KONTROLLRUM_SECRET_KEY": KEY,
           "KONTROLLRUM_ROLES": str(path)}
    with pytest.raises(SettingError, match=words) as err:
        check(env)
    assert "roles.toml" in str(err.value) and "KONTROLLRUM_ROLES" in str(err.value)


def test_the_role_file_is_read_again_when_it_changes(tmp_path):
    from web.config import role_mapping

    path = tmp_path / "roles.toml"
    path.write_text('[groups]\n"g" = "slk"\n', encoding="utf-8")
    c = config(oidc_issuer="https://idp.example", oidc_client_id="c", oidc_client_secret="s",
               secret_key=KEY, roles=str(path))
    assert role_mapping(c) == {"g": [("slk", None)]}
    path.write_text('[groups]\n"g" = "admin"\n"h" = "lasare"\n', encoding="utf-8")
    assert role_mapping(c) == {"g": [("admin", None)], "h": [("lasare", None)]}


def test_the_app_refuses_to_start_with_one_swedish_line(tmp_path):
    env = {**os.environ, "KONTROLLRUM_DB": f"sqlite:///{tmp_path / 'x.db'}",
           "KONTROLLRUM_DEMO_LOGIN": "1"}
    env.pop("KONTROLLRUM_SECRET_KEY", None)
    out = subprocess.run([sys.executable, "-c", "import app"], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 4  # gunicorn: "App failed to load", no endless restarts
    assert "Traceback" not in out.stderr
    assert out.stderr.strip() == out.stderr.strip().splitlines()[0]  # one line
    assert out.stderr.startswith("kontrollrum: KONTROLLRUM_SECRET_KEY saknas")


# --- the open app ---------------------------------------------------------------------------

def test_without_sign_in_the_app_is_open_and_says_so(client):
    from web.auth import sign_in_status_text

    got = client.get("/")
    assert got.status_code == 200 and "Set-Cookie" not in got.headers
    assert "Logga in" not in layout_text(client)
    page = client.get("/logga-in")
    assert page.status_code == 404 and "Inloggning är inte konfigurerad" in page.get_data(True)
    assert sign_in_status_text() == ("Inloggning är inte konfigurerad: alla ser publicerade "
                                     "uppgifter.")


def test_about_page_says_how_people_sign_in(city_db, monkeypatch):
    from pages import om as about
    from tests.dash_tree import find_by_id, text

    def render():
        return about.render({"ar": None, "period": None, "sort": None, "mal": None})

    assert "inte konfigurerad" in text(find_by_id(render(), "about-signin"))
    demo_on(monkeypatch)
    assert "Demo-inloggning är på (fiktiva användare)." in (
        text(find_by_id(render(), "about-signin")))


# --- cross-site requests --------------------------------------------------------------------



@pytest.mark.parametrize("headers", [
    {"Origin": "https://evil.example"},
    {"Origin": "null"},
    {"Origin": "http://localhost.evil.example"},
    {"Sec-Fetch-Site": "cross-site"},
    {"Sec-Fetch-Site": "same-site", "Origin": "http://localhost"},
])
@pytest.mark.parametrize("path", [CALLBACK, "/logga-ut", "/logga-in/demo", "/om"])
def test_state_changing_requests_from_another_site_are_refused(client, path, headers):
    got = client.post(path, json={}, headers=headers)
    assert got.status_code == 403
    assert got.get_data(as_text=True).startswith("Begäran avvisades: den kom från en annan")


@pytest.mark.parametrize("headers", [{}, {"Origin": "http://localhost"},
                                     {"Sec-Fetch-Site": "same-origin",
                                      "Origin": "http://localhost"}])
def test_own_requests_pass_the_cross_site_check(client, headers):
    got = client.post(CALLBACK, json={}, headers=headers)
    assert got.status_code == 400  # on to the body check, which refuses the empty body
    assert "Ogiltig begäran" in got.get_data(as_text=True)


def test_the_base_url_is_the_only_origin_when_set(client, monkeypatch):
    demo_on(monkeypatch)
    monkeypatch.setenv("KONTROLLRUM_BASE_URL", "https://kontrollrum.stad.se")
    own = {"Origin": "https://kontrollrum.stad.se"}
    assert client.post(CALLBACK, json={}, headers=own).status_code == 400
    assert client.post(CALLBACK, json={}, headers={"Origin": "http://localhost"}).status_code \
        == 403


def test_behind_https_the_https_origin_is_the_apps_own(client, monkeypatch):
    demo_on(monkeypatch)
    monkeypatch.setenv("KONTROLLRUM_HTTPS", "1")
    got = client.post(CALLBACK, json={}, headers={"Origin": "https://localhost"})
    assert got.status_code == 400


# --- demo sign-in, the session cookie and the viewer of each request ------------------------



def test_demo_sign_in_is_refused_without_the_setting(client, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_SECRET_KEY", KEY)
    assert client.get("/logga-in").status_code == 404
    got = demo_sign_in(client, "admin")
    assert got.status_code == 404 and "Set-Cookie" not in got.headers


def test_demo_sign_in_is_refused_on_real_data(real_data, monkeypatch):
    demo_on(monkeypatch)
    page = real_data.get("/logga-in")
    assert page.status_code == 404
    assert "bara när databasen har demodata" in page.get_data(as_text=True)
    got = demo_sign_in(real_data, "admin")
    assert got.status_code == 404
    assert "kontrollrum" not in got.headers.get("Set-Cookie", "")


def test_demo_page_offers_the_fictitious_users(client, monkeypatch):
    demo_on(monkeypatch)
    got = client.get("/logga-in")
    body = got.get_data(as_text=True)
    assert got.status_code == 200 and "Demo-inloggning (fiktiva användare)" in body
    for label in ("Kommunstyrelsen – läsare", "SLK-controller", "Administratör"):
        assert label in body
    assert "Skarpnäcks nämnd" not in body  # the fixture city has no Skarpnäck
    assert KEY not in body


def test_demo_users_include_skarpnack_when_the_data_has_it():
    from web.routes import demo_users

    users = demo_users({"sdn-skarpnack": "Skarpnäcks stadsdelsnämnd", "stad": "Stad"})
    assert [(k, v.role, v.orgs) for k, (_l, v) in users.items()] == [
        ("lasare", "lasare", ()), ("namnd", "namnd", ("sdn-skarpnack",)),
        ("slk", "slk", ()), ("admin", "admin", ())]


def test_demo_sign_in_sets_a_safe_cookie_and_the_viewer(client, monkeypatch):
    demo_on(monkeypatch)
    assert "Logga in" in layout_text(client)
    got = demo_sign_in(client, "slk", next="/om?ar=2022")
    assert got.status_code == 303 and got.headers["Location"] == "/om?ar=2022"
    cookie = got.headers["Set-Cookie"]
    assert cookie.startswith("kontrollrum=") and "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie and "Secure" not in cookie
    layout = layout_text(client)
    assert "Sara Lind (demo)" in layout and "SLK-controller" in layout and "Logga ut" in layout
    assert KEY not in layout


def test_with_https_the_cookie_is_secure_and_host_bound(client, monkeypatch):
    demo_on(monkeypatch)
    monkeypatch.setenv("KONTROLLRUM_HTTPS", "1")
    got = demo_sign_in(client, "admin")
    cookie = got.headers["Set-Cookie"]
    assert cookie.startswith("__Host-kontrollrum=") and "Secure" in cookie
    assert "Domain" not in cookie and "Path=/" in cookie
    assert client.get("/").headers["Strict-Transport-Security"].startswith("max-age=")




def test_the_viewer_is_set_for_each_request_and_reset_after(client, monkeypatch):
    demo_on(monkeypatch)
    (viewer, key), after = request_viewer(client)
    assert (viewer.role, key) == ("publik", "pub")
    demo_sign_in(client, "admin")
    (viewer, key), after = request_viewer(client)
    assert (viewer.role, viewer.name, key) == ("admin", "Jonas Ek (demo)", "all")
    assert after.role == "publik"  # reset after the request


def test_a_demo_session_ends_when_demo_sign_in_is_turned_off(client, monkeypatch):
    demo_on(monkeypatch)
    demo_sign_in(client, "admin")
    assert "Jonas Ek (demo)" in layout_text(client)
    monkeypatch.setenv("KONTROLLRUM_DEMO_LOGIN", "0")
    layout = layout_text(client)
    assert "Jonas Ek" not in layout and "Logga ut" not in layout


def test_unknown_demo_user_is_a_swedish_400(client, monkeypatch):
    demo_on(monkeypatch)
    got = demo_sign_in(client, "root")
    assert got.status_code == 400 and "Okänd demoanvändare" in got.get_data(as_text=True)


@pytest.mark.parametrize("data", [
    "not a dict", {"role": "root", "orgs": []}, {"role": "admin", "orgs": "x"},
    {"role": "namnd", "orgs": []}, {"role": "admin", "orgs": [1]}, {"role": ["admin"], "orgs": []},
])
def test_a_hostile_session_is_the_public(client, monkeypatch, data):
    demo_on(monkeypatch)
    with client.session_transaction() as session:
        session.update({"viewer": data, "via": "demo"})
    layout = layout_text(client)
    assert "Logga ut" not in layout and "Logga in" in layout


def test_a_forged_cookie_is_the_public(client, monkeypatch):
    """The cookie holds a random token the server knows only as its hash: another token, the
    stored hash itself, or the token of an ended session signs nobody in."""
    from queries.sessions import token_id

    demo_on(monkeypatch)
    demo_sign_in(client, "admin")
    token = client.get_cookie("kontrollrum").value
    assert len(token) >= 40 and "Jonas" not in token and "admin" not in token
    assert "Logga ut" in layout_text(client)
    for forged in (token[:-2] + ("AA" if not token.endswith("AA") else "BB"),
                   token_id(token), "x" * 43, "", "ä" * 20, token * 3):
        client.set_cookie("kontrollrum", forged)
        assert "Logga ut" not in layout_text(client), forged


def test_sign_out_needs_a_post_and_clears_the_session(client, monkeypatch):
    demo_on(monkeypatch)
    demo_sign_in(client, "admin")
    page = client.get("/logga-ut")
    body = page.get_data(as_text=True)
    assert page.status_code == 200 and 'method="post"' in body and "Jonas Ek" in body
    assert "Jonas Ek" in layout_text(client)  # the GET signed nobody out
    got = client.post("/logga-ut")
    assert got.status_code == 303 and got.headers["Location"] == "/"
    assert "Logga ut" not in layout_text(client)
    assert "Du är inte inloggad" in client.get("/logga-ut").get_data(as_text=True)


# --- where to go after signing in -----------------------------------------------------------

@pytest.mark.parametrize("value, expected", [
    ("/namnd/norrby?ar=2022", "/namnd/norrby?ar=2022"), ("/", "/"),
    ("//evil.example/x", None), ("/\\evil.example", None), ("https://evil.example", None),
    ("javascript:alert(1)", None), ("/ok\r\nSet-Cookie: x", None), ("", None), (None, None),
    ("/logga-in", None), ("/auth/callback?code=x", None), ("/" + "a" * 3000, None),
    ("evil.example", None), ("/%2F%2Fevil.example", "/%2F%2Fevil.example"),
])
def test_only_paths_of_the_app_are_followed(value, expected):
    from web.routes import safe_next

    assert safe_next(value) == expected


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example", "/\\evil"])
def test_demo_sign_in_never_redirects_elsewhere(client, monkeypatch, target):
    demo_on(monkeypatch)
    assert demo_sign_in(client, "lasare", next=target).headers["Location"] == "/"


def test_the_referring_page_of_this_app_is_the_default_next(client, monkeypatch):
    demo_on(monkeypatch)
    page = client.get("/logga-in", headers={"Referer": "http://localhost/mal/vom11?ar=2022"})
    assert 'name="next" value="/mal/vom11?ar=2022"' in page.get_data(as_text=True)
    page = client.get("/logga-in", headers={"Referer": "https://evil.example/x"})
    assert 'name="next" value="/"' in page.get_data(as_text=True)


# --- OpenID Connect end to end (a real provider on localhost) -------------------------------







@pytest.mark.parametrize("sub, name, role", [
    ("anna", "Anna Admin", "Administratör"),
    ("nils", "Nils Norrby", "Norrby stadsdelsnämnd"),
    ("greta", "Greta Ghost", "Läsare"),  # a board not in the database gives no board role
    ("olle", "olle@example.se", "Läsare"),  # no group: a reader
])
def test_sign_in_through_the_provider(oidc, sub, name, role, caplog):
    path, query = authorize(oidc, sub, next_path="/om")
    got = oidc.get(path, query_string=query)
    assert got.status_code == 303 and got.headers["Location"] == "/om"
    layout = layout_text(oidc)
    assert name in layout and role in layout and "Logga ut" in layout
    assert "client-secret-xyz" not in layout and KEY not in layout
    assert "client-secret-xyz" not in caplog.text and KEY not in caplog.text


def test_the_board_user_sees_its_boards_drafts(oidc):
    path, query = authorize(oidc, "nils")
    oidc.get(path, query_string=query)
    (viewer, key), _after = request_viewer(oidc)
    assert (viewer.role, viewer.orgs, viewer.subject, key) == (
        "namnd", ("norrby",), "nils", "orgs:norrby")


def test_a_denied_sign_in_is_a_swedish_page(oidc):
    path, query = authorize(oidc, None)
    got = oidc.get(path, query_string=query)
    assert got.status_code == 403 and "Inloggningen avbröts" in got.get_data(as_text=True)
    assert "Logga ut" not in layout_text(oidc)


def test_a_callback_with_a_wrong_state_is_refused(oidc):
    path, query = authorize(oidc, "anna")
    forged = re.sub(r"state=[^&]+", "state=forged", query)
    got = oidc.get(path, query_string=forged)
    assert got.status_code == 400
    assert "Inloggningen kunde inte slutföras" in got.get_data(as_text=True)
    assert "Logga ut" not in layout_text(oidc)


def test_a_callback_in_another_browser_is_refused(oidc, city_db):
    import app

    path, query = authorize(oidc, "anna")
    other = app.app.server.test_client()  # no session: no state of this sign-in
    got = other.get(path, query_string=query)
    assert got.status_code == 400 and "Traceback" not in got.get_data(as_text=True)


def test_an_unreachable_provider_is_a_swedish_503(client, monkeypatch):
    demo_on(monkeypatch)
    monkeypatch.setenv("KONTROLLRUM_DEMO_LOGIN", "0")
    for name, value in (("OIDC_ISSUER", "http://127.0.0.1:9"), ("OIDC_CLIENT_ID", "c"),
                        ("OIDC_CLIENT_SECRET", "s")):
        monkeypatch.setenv(f"KONTROLLRUM_{name}", value)
    got = client.get("/logga-in")
    assert got.status_code == 503
    assert "Inloggningstjänsten 127.0.0.1 svarar inte" in got.get_data(as_text=True)


def test_a_session_of_another_issuer_is_the_public(oidc, monkeypatch):
    path, query = authorize(oidc, "anna")
    oidc.get(path, query_string=query)
    assert "Anna Admin" in layout_text(oidc)
    monkeypatch.setenv("KONTROLLRUM_OIDC_ISSUER", "http://localhost:1")
    assert "Anna Admin" not in layout_text(oidc)


def test_the_base_url_is_the_origin_without_sign_in_too(client, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_BASE_URL", "https://kontrollrum.stad.se/")
    own = {"Origin": "https://kontrollrum.stad.se"}
    assert client.post(CALLBACK, json={}, headers=own).status_code == 400
    assert client.post(CALLBACK, json={}, headers={"Origin": "http://localhost"}).status_code \
        == 403
    monkeypatch.setenv("KONTROLLRUM_BASE_URL", "kontrollrum.stad.se")  # only the Excel links'
    assert client.post(CALLBACK, json={}, headers={"Origin": "http://localhost"}).status_code \
        == 400


def test_the_test_helpers_sign_in_as_the_app_would(client, monkeypatch):
    from ils.access import Viewer
    from tests.auth_support import session_cookie, sign_in_as, sign_in_env

    sign_in_env(monkeypatch)
    sign_in_as(client, Viewer(role="namnd", orgs=("norrby",), name="Nora"),
               ["Norrby stadsdelsnämnd"])
    (viewer, key), _after = request_viewer(client)
    assert (viewer.name, key) == ("Nora", "orgs:norrby")
    assert "Norrby stadsdelsnämnd" in layout_text(client)
    name, value = session_cookie(Viewer(role="slk", name="Siv"))
    client.set_cookie(name, value)
    assert "Siv" in layout_text(client) and "SLK-controller" in layout_text(client)


def test_a_sign_in_lasts_at_most_twelve_hours(client, monkeypatch):
    """Counted from the sign-in: a session used every half hour, and sent to /logga-in (which
    once renewed the cookie), still ends 12 hours after it began."""

    demo_on(monkeypatch)
    start = time.time()
    demo_sign_in(client, "admin")
    cookie = client.get_cookie("kontrollrum")
    assert cookie.expires is not None and abs(cookie.expires.timestamp() - start - 12 * 3600) < 60
    for half_hours in range(1, 24):
        monkeypatch.setattr(clock, "epoch", lambda h=half_hours: start + h * 1800)
        assert "Jonas Ek" in layout_text(client), half_hours
        got = client.get("/logga-in")
        assert "Set-Cookie" not in got.headers  # nothing renewed
    monkeypatch.setattr(clock, "epoch", lambda: start + 12 * 3600 + 1)
    assert "Jonas Ek" not in layout_text(client)
    demo_sign_in(client, "admin")  # a new sign-in is a new session of 12 hours
    assert "Jonas Ek" in layout_text(client)
