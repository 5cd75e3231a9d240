"""Sign-in in headless Chromium (issue 12): through a real OpenID Connect provider started by
the tests (conftest's `oidc_provider`: oidc-provider-mock on a free localhost port, its users
and role file in `support.OIDC_USERS`/`OIDC_ROLES`) for each role, and the demo sign-in. The
navigation bar shows the user's name and role, and signing out returns to the public view
(with KONTROLLRUM_OIDC_LOGOUT=1 through the provider's end-session page).
Screenshots of each state are written to the test's tmp folder."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import OIDC_USERS, assert_no_axe_violations, oidc_sign_in, wait_for_dash

KEY = "browser-test-session-key-" + "x" * 20
ROLE_TEXT = {"kerstin": "Läsare", "sven": "Skarpnäcks stadsdelsnämnd", "siv": "SLK-controller",
             "adam": "Administratör"}  # what the navigation bar shows for each test user
USERS = [(s, c, ROLE_TEXT[s]) for s, c in OIDC_USERS]


def shot(page, tmp_path, name: str) -> None:
    page.screenshot(path=str(tmp_path / f"{name}.png"), clip={"x": 0, "y": 0, "width": 1400,
                                                              "height": 260})


@pytest.mark.parametrize("sub, name, role", [(s, c["name"], r) for s, c, r in USERS],
                         ids=[s for s, _c, _r in USERS])
def test_sign_in_and_out_through_the_provider(live_server, demo_db_url, page, oidc_env,
                                              tmp_path, sub, name, role):
    base = live_server(demo_db_url)
    page.goto(base + "/om")
    wait_for_dash(page)
    assert "Inloggning via localhost" in page.inner_text("#about-signin")
    shot(page, tmp_path, "signed-out")
    page.click("#shell-signin")
    page.wait_for_url("http://localhost:*/oauth2/authorize*")  # the provider's own page
    page.click(f"button[name=sub][value={sub}]")
    page.wait_for_url(base + "/om")
    wait_for_dash(page)
    user = page.inner_text("#shell-user")
    assert name in user and role in user
    assert page.locator("#shell-signin").count() == 0
    assert "browser-client-secret" not in page.content() and oidc_env not in page.content()
    shot(page, tmp_path, f"signed-in-{sub}")
    cookie = next(c for c in page.context.cookies() if c["name"] == "kontrollrum")
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    page.click("#shell-signout")
    page.wait_for_url(base + "/")
    wait_for_dash(page)
    assert page.locator("#shell-user").count() == 0
    page.locator("#shell-signin").wait_for()


def test_sign_out_at_the_provider_too(live_server, demo_db_url, page, oidc_env, oidc_provider,
                                     monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_OIDC_LOGOUT", "1")
    base = live_server(demo_db_url)
    oidc_sign_in(page, base, "siv")
    page.click("#shell-signout")
    page.wait_for_url(lambda url: url.startswith(oidc_provider + "/oauth2/end_session"))
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(base + "/")  # sent back to the start page, signed out
    wait_for_dash(page)
    assert page.locator("#shell-user").count() == 0
    page.locator("#shell-signin").wait_for()


def test_a_cross_site_form_cannot_sign_out(live_server, demo_db_url, page, oidc_env,
                                           oidc_provider):
    base = live_server(demo_db_url)
    oidc_sign_in(page, base, "adam")
    # a page of another site (the provider's origin) posts to the app's sign-out
    page.goto(oidc_provider + "/")
    page.set_content(f'<form method="post" action="{base}/logga-ut" id="f"></form>')
    with page.expect_navigation():
        page.evaluate("() => document.getElementById('f').submit()")
    assert "Begäran avvisades" in page.inner_text("body")
    page.goto(base + "/om")
    wait_for_dash(page)
    assert "Adam Admin" in page.inner_text("#shell-user")


def test_demo_sign_in(live_server, demo_db_url, page, monkeypatch, tmp_path):
    for name in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "ROLES"):
        monkeypatch.delenv(f"KONTROLLRUM_{name}", raising=False)
    monkeypatch.setenv("KONTROLLRUM_DEMO_LOGIN", "1")
    monkeypatch.setenv("KONTROLLRUM_SECRET_KEY", KEY)
    base = live_server(demo_db_url)
    page.goto(base + "/")
    wait_for_dash(page)
    page.click("#shell-signin")
    page.get_by_role("heading", level=1, name="Demo-inloggning (fiktiva användare)").wait_for()
    for label in ("Kommunstyrelsen – läsare", "Skarpnäcks nämnd", "SLK-controller",
                  "Administratör"):
        assert label in page.inner_text("main")
    assert_no_axe_violations(page)
    page.screenshot(path=str(tmp_path / "demo-signin.png"), full_page=True)
    page.click("#demo-namnd")
    # a board user who asked for no page lands on their own board at the open round (§3.10)
    page.wait_for_url(re.compile(re.escape(base) + r"/namnd/[^/?]+\?ar=\d{4}&period=(T1|T2|VB)$"))
    wait_for_dash(page)
    assert "Skarpnäcks stadsdelsnämnd" in page.inner_text("#shell-user")
    assert_no_axe_violations(page)
    shot(page, tmp_path, "signed-in-demo")
