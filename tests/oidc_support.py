"""What the sign-in tests share (test_auth, test_auth_logout, test_sessions): the settings
cleared before each test, a Flask test client, demo sign-in, and OpenID Connect against
a real provider (oidc-provider-mock). A module imports the fixtures it uses."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest

KEY = "k" * 40


AUTH_ENV = ("KONTROLLRUM_OIDC_ISSUER", "KONTROLLRUM_OIDC_CLIENT_ID",
            "KONTROLLRUM_OIDC_CLIENT_SECRET", "KONTROLLRUM_OIDC_SCOPE", "KONTROLLRUM_ROLES",
            "KONTROLLRUM_SECRET_KEY", "KONTROLLRUM_DEMO_LOGIN", "KONTROLLRUM_HTTPS",
            "KONTROLLRUM_BASE_URL", "KONTROLLRUM_OIDC_LOGOUT")


ROLES = """[groups]
"admins" = "admin"
"slk" = "slk"
"norrby-presidium" = "namnd:norrby"
"ks" = ["lasare"]
"ghost" = "namnd:finns-inte"
"""


@pytest.fixture
def no_auth_env(monkeypatch):
    """No sign-in setting from the environment (a module that wants it for every test says
    `pytestmark = pytest.mark.usefixtures("no_auth_env")`)."""
    for name in AUTH_ENV:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def client(city_db):
    """A browser: like every browser, it says where its requests come from."""
    import app

    c = app.app.server.test_client()
    c.environ_base["HTTP_SEC_FETCH_SITE"] = "same-origin"
    return c


def layout_text(client) -> str:
    """The shell's layout as the browser gets it, non-ASCII letters as themselves."""
    return json.dumps(client.get("/_dash-layout").get_json(), ensure_ascii=False)


def demo_on(monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DEMO_LOGIN", "1")
    monkeypatch.setenv("KONTROLLRUM_SECRET_KEY", KEY)


CALLBACK = "/_dash-update-component"


def demo_sign_in(client, who: str, **form):
    return client.post("/logga-in/demo", data={"anvandare": who, **form})


def request_viewer(client, path: str = "/_dash-layout"):
    """The viewer and access the app's before-request hooks set for a request of `client`'s
    browser, and the viewer after the request's teardown."""
    from queries import scope

    cookie = client.get_cookie("kontrollrum")
    headers = {"Cookie": f"kontrollrum={cookie.value}"} if cookie else {}
    with client.application.test_request_context(path, headers=headers):
        client.application.preprocess_request()
        during = (scope.viewer(), scope.access().key)
    return during, scope.viewer()


@pytest.fixture(scope="module")
def provider():
    from oidc_provider_mock import User, run_server_in_thread

    users = [User(sub="anna", claims={"name": "Anna Admin", "groups": ["admins", "ks"]}),
             User(sub="nils", claims={"name": "Nils Norrby", "roles": ["norrby-presidium"]}),
             User(sub="greta", claims={"name": "Greta Ghost", "groups": ["ghost"]}),
             User(sub="olle", claims={"email": "olle@example.se"})]
    with run_server_in_thread(user_claims=users) as server:
        yield f"http://localhost:{server.server_port}"


@pytest.fixture
def oidc(client, provider, monkeypatch, tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    for name, value in (("OIDC_ISSUER", provider), ("OIDC_CLIENT_ID", "kontrollrum"),
                        ("OIDC_CLIENT_SECRET", "client-secret-xyz"), ("SECRET_KEY", KEY),
                        ("ROLES", str(roles))):
        monkeypatch.setenv(f"KONTROLLRUM_{name}", value)
    return client


def authorize(client, sub: str | None, next_path: str = "/") -> tuple[str, str]:
    """Start at /logga-in, answer the provider's form as `sub` (None: deny); the callback
    path and query the provider sends the browser back to."""
    import httpx

    start = client.get("/logga-in", query_string={"next": next_path})
    assert start.status_code == 302, start.get_data(as_text=True)
    url = start.headers["Location"]
    query = parse_qs(urlsplit(url).query)
    assert query["redirect_uri"] == ["http://localhost/auth/callback"]
    assert query["code_challenge_method"] == ["S256"] and query["nonce"]
    form = {"sub": sub} if sub else {"action": "deny"}
    back = httpx.post(url, data=form, follow_redirects=False)
    assert back.status_code == 302, back.text
    parts = urlsplit(back.headers["Location"])
    return parts.path, parts.query
