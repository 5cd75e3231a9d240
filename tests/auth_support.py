"""Signing in for tests without a provider: a session as `/auth/callback` leaves it.

    sign_in_env(monkeypatch)                 # sign-in on (a provider that is never asked)
    sign_in_as(client, Viewer(role="slk"))   # a Flask test client, now that viewer
    name, value = session_cookie(viewer)     # the same as a cookie, e.g. for Playwright:
    page.context.add_cookies([{"name": name, "value": value, "url": base_url}])

The session is signed with the test's `KONTROLLRUM_SECRET_KEY`, so the app takes it exactly
as one made by a real sign-in (tests/test_auth.py signs in through a real provider).
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
    return {"viewer": viewer.as_dict(), "via": "oidc", "iss": ISSUER,
            "org_names": list(org_names or [])}


def sign_in_as(client, viewer: Viewer, org_names: list[str] | None = None) -> None:
    """Make the Flask test `client` a browser signed in as `viewer` (needs `sign_in_env`)."""
    with client.session_transaction() as session:
        session.clear()
        session.update(session_data(viewer, org_names))


def session_cookie(viewer: Viewer, org_names: list[str] | None = None) -> tuple[str, str]:
    """(cookie name, value) of a session signed in as `viewer` (needs `sign_in_env`)."""
    import app

    server = app.app.server
    interface = server.session_interface
    return (interface.get_cookie_name(server),
            interface.get_signing_serializer(server).dumps(session_data(viewer, org_names)))
