"""Signing out of an OpenID Connect session (web/routes.py): by default only here,
and the page says the provider still knows the user; with KONTROLLRUM_OIDC_LOGOUT=1 on to the
provider's end_session_endpoint (RP-initiated logout) against the real test provider, and a
plain Swedish page when the provider cannot be reached."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from tests.oidc_support import authorize, demo_on, layout_text

pytestmark = pytest.mark.usefixtures("no_auth_env")


def signed_in(oidc_client, sub: str = "anna") -> None:
    path, query = authorize(oidc_client, sub)
    oidc_client.get(path, query_string=query)
    assert "Logga ut" in layout_text(oidc_client)


def test_by_default_sign_out_is_here_and_says_the_provider_remains(oidc):
    signed_in(oidc)
    body = oidc.get("/logga-ut").get_data(as_text=True)
    assert "Hos inloggningstjänsten localhost är du fortfarande inloggad" in body
    got = oidc.post("/logga-ut")
    assert got.status_code == 303 and got.headers["Location"] == "/"
    assert "Logga ut" not in layout_text(oidc)


def test_provider_sign_out_goes_on_to_the_providers_end_session(oidc, provider, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_OIDC_LOGOUT", "1")
    signed_in(oidc)
    assert "både här och hos inloggningstjänsten" in oidc.get("/logga-ut").get_data(as_text=True)
    got = oidc.post("/logga-ut")
    assert got.status_code == 303
    target = urlsplit(got.headers["Location"])
    assert f"{target.scheme}://{target.netloc}" == provider
    assert target.path == "/oauth2/end_session"
    assert parse_qs(target.query) == {"client_id": ["kontrollrum"],
                                      "post_logout_redirect_uri": ["http://localhost/"]}
    assert "Logga ut" not in layout_text(oidc)  # signed out here before leaving
    answer = httpx.get(got.headers["Location"])  # the provider takes the request
    assert answer.status_code == 200


def test_the_return_address_follows_the_base_url(oidc, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_OIDC_LOGOUT", "1")
    signed_in(oidc)
    monkeypatch.setenv("KONTROLLRUM_BASE_URL", "https://kontrollrum.stad.se")
    got = oidc.post("/logga-ut", headers={"Origin": "https://kontrollrum.stad.se"})
    assert parse_qs(urlsplit(got.headers["Location"]).query)["post_logout_redirect_uri"] == [
        "https://kontrollrum.stad.se/"]


def test_an_unreachable_provider_still_signs_out_here(oidc, monkeypatch, caplog):
    monkeypatch.setenv("KONTROLLRUM_OIDC_LOGOUT", "1")
    signed_in(oidc)
    from web.routes import forget_client

    forget_client(oidc.application)  # the provider's metadata is read again: it has gone away
    monkeypatch.setattr("web.config.AuthConfig.metadata_url",
                        property(lambda self: "http://127.0.0.1:9/.well-known/x"))
    got = oidc.post("/logga-ut")
    body = got.get_data(as_text=True)
    assert got.status_code == 200 and "Utloggad från Kontrollrum" in body
    assert "men inte hos inloggningstjänsten localhost" in body and "Traceback" not in body
    assert "Logga ut" not in layout_text(oidc)
    forget_client(oidc.application)


def test_a_demo_session_never_goes_to_the_provider(oidc, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_OIDC_LOGOUT", "1")
    demo_on(monkeypatch)
    monkeypatch.setenv("KONTROLLRUM_SECRET_KEY", "k" * 40)
    oidc.post("/logga-in/demo", data={"anvandare": "slk"})
    got = oidc.post("/logga-ut")
    assert got.status_code == 303 and got.headers["Location"] == "/"


def test_an_end_session_on_another_host_is_a_link(oidc, monkeypatch):
    """The page's CSP lets "Logga ut" go on to the issuer's origin only: an end_session_endpoint
    elsewhere is offered as a link (a navigation, not a form's redirect)."""
    import web.routes as routes

    class Provider:
        def load_server_metadata(self):
            return {"end_session_endpoint": "https://logout.example.se/end?x=1"}

    monkeypatch.setenv("KONTROLLRUM_OIDC_LOGOUT", "1")
    signed_in(oidc)
    monkeypatch.setattr(routes, "oidc_client", lambda *_a: Provider())
    got = oidc.post("/logga-ut")
    body = got.get_data(as_text=True)
    assert got.status_code == 200 and "Logga ut hos logout.example.se" in body
    assert 'href="https://logout.example.se/end?x=1&amp;client_id=kontrollrum&amp;' in body
    assert "Logga ut" not in layout_text(oidc)


def test_the_csp_lets_forms_go_on_to_the_issuer_only_when_asked(oidc, provider, monkeypatch):
    def form_action() -> str:
        csp = oidc.get("/om").headers["Content-Security-Policy"]
        return next(d for d in csp.split("; ") if d.startswith("form-action"))

    assert form_action() == "form-action 'self'"
    monkeypatch.setenv("KONTROLLRUM_OIDC_LOGOUT", "1")
    assert form_action() == f"form-action 'self' {provider}"
