"""The Content-Security-Policy in Chromium: every page renders (charts too) with no CSP
violation, no framing, and the outage message when the database is away (issue 14)."""

from __future__ import annotations

import pytest

from tests.browser.support import wait_for_dash

PAGES = ["/", "/om", "/styrsignaler", "/prognoser", "/jamforelse", "/mote", "/namnd/norrby",
         "/avdelning/norrby-aldre", "/mal/vom11", "/indikator/ind-las", "/finns-inte"]

WATCH = """window.__csp = [];
document.addEventListener('securitypolicyviolation',
  e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"""


@pytest.fixture
def csp_page(page):
    console: list[str] = []
    page.on("console", lambda msg: console.append(msg.text) if msg.type == "error" else None)
    page.add_init_script(WATCH)
    page.console_errors = console
    return page


@pytest.mark.parametrize("path", PAGES)
def test_page_renders_under_the_csp(live_server, csp_page, city_url, path):
    base = live_server(city_url)
    got = csp_page.goto(base + path)
    assert "frame-ancestors 'none'" in got.headers["content-security-policy"]
    assert got.status == (404 if path == "/finns-inte" else 200)
    # the page drew (not wait_for_dash: some pages keep a grid busy; a violation would
    # come with the first scripts and callbacks anyway)
    csp_page.wait_for_selector("main h1, main h2", timeout=30_000)
    csp_page.wait_for_timeout(1_500)
    violations = csp_page.evaluate("window.__csp")
    csp_console = [m for m in csp_page.console_errors if "Content Security Policy" in m]
    assert violations == [] and csp_console == []


def test_charts_draw_under_the_csp(live_server, csp_page, city_url):
    csp_page.goto(live_server(city_url) + "/indikator/ind-las")
    csp_page.wait_for_selector(".js-plotly-plot .main-svg", timeout=30_000)  # plotly drew
    assert csp_page.evaluate("window.__csp") == []


def test_outage_message_in_the_browser(live_server, page, tmp_path):
    page.goto(live_server(f"sqlite:///{tmp_path / 'saknas' / 'k.db'}") + "/")
    wait_for_dash(page)
    assert "Databasen svarar inte just nu" in page.inner_text("main")
    assert page.get_by_role("link", name="Försök igen").count() == 1
