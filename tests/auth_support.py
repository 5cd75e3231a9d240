"""Signing in for tests without a provider: a session as `/auth/callback` leaves it.

    sign_in_env(monkeypatch)                 # sign-in on (a provider that is never asked)
    sign_in_as(client, Viewer(role="slk"))   # a Flask test client, now that viewer
    name, value = session_cookie(viewer)     # the same as a cookie, e.g. for Playwright:
    page.context.add_cookies([{"name": name, "value": value, "url": base_url}])

The session is stored server-side exactly as a real sign-in stores it (the role file's version
of the moment included), so the app takes it as one (tests/test_auth.py signs in through a
real provider). A Flask test client signed in here also sends `Sec-Fetch-Site: same-origin`
with every request, as a browser does (a POST with the cookie and no origin is refused).
"""

from __future__ import annotations

import pytest

from ils.access import Viewer

ISSUER = "https://idp.test.invalid"
KEY = "test-session-key-" + "s" * 32


def sign_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """Turn OpenID Connect sign-in on (the provider itself is never reached)."""
    for name, value in (("OIDC_ISSUER", ISSUER), ("OIDC_CLIENT_ID", "kontrollrum-test"),
                        ("OIDC_CLIENT_SECRET", "test-secret"), ("SECRET_KEY", KEY)):
        monkeypatch.setenv(f"KONTROLLRUM_{name}", value)
    monkeypatch.delenv("KONTROLLRUM_ROLES", raising=False)


def session_data(viewer: Viewer, org_names: list[str] | None = None) -> dict:
    from web.config import auth_config, role_version

    return {"viewer": viewer.as_dict(), "via": "oidc", "iss": ISSUER,
            "org_names": list(org_names or []), "groups": list(viewer.groups),
            "role_version": role_version(auth_config())}


def sign_in_as(client, viewer: Viewer, org_names: list[str] | None = None) -> None:
    """Make the Flask test `client` a browser signed in as `viewer` (needs `sign_in_env`)."""
    client.environ_base["HTTP_SEC_FETCH_SITE"] = "same-origin"
    with client.session_transaction() as session:
        session.clear()
        session.start_new()
        session.update(session_data(viewer, org_names))


def session_cookie(viewer: Viewer, org_names: list[str] | None = None) -> tuple[str, str]:
    """(cookie name, value) of a session signed in as `viewer` (needs `sign_in_env`)."""
    import secrets
    import time

    import app
    from queries import sessions
    from queries.db import get_engine
    from web.sessions import SIGNED_IN

    server = app.app.server
    token = secrets.token_urlsafe(32)
    now = time.time()
    sessions.create(get_engine(), sessions.token_id(token), session_data(viewer, org_names),
                    now, now + SIGNED_IN)
    return server.session_interface.get_cookie_name(server), token
