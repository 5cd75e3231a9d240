"""Issue 10's tasks from a cold start in Chromium, at desktop width and at 390 px: where is the
city worst this year (≤ 3 clicks), the district map by keyboard, and no page wider than a
phone. Demo data (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import assert_no_axe_violations, new_page, wait_for_dash

ROUTES = ("/", "/jamforelse", "/prognoser", "/styrsignaler", "/mote", "/om")


def open_start(page, base: str, query: str = "") -> None:
    page.goto(base + "/" + query)
    wait_for_dash(page)
    page.locator("#overview-headline").wait_for()


@pytest.mark.parametrize("width", [1400, 390])
def test_where_is_the_city_worst_in_two_clicks(live_server, browser, demo_db_url, width):
    page = new_page(browser, width=width)
    try:
        open_start(page, live_server(demo_db_url))
        headline = page.inner_text("#overview-headline")
        assert re.match(r"^\d+ mål: \d+ uppfyll(t|da), \d+ delvis, \d+ ej uppfyll(t|da)", headline)
        assert "nämnder bedömer sig mer positivt" in page.inner_text("#overview-boards-headline")
        page.get_by_role("link", name="Sämst först").click()  # click 1
        page.wait_for_url(re.compile(r"sort=varst"))
        wait_for_dash(page)
        first = page.locator("#overview-goals tbody tr").first
        scores = [float(t.replace(",", ".")) for t in page.locator(
            "#overview-goals tbody tr td:nth-child(4)").all_inner_texts() if t.strip() != "–"]
        assert scores == sorted(scores)  # worst first
        first.get_by_role("link").click()  # click 2: the worst goal's page
        page.wait_for_url(re.compile(r"/mal/"))
        wait_for_dash(page)
        assert page.locator("main h1").inner_text().strip()
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    finally:
        page.context.close()


def test_map_areas_are_links_reached_by_keyboard(live_server, page, demo_db_url):
    open_start(page, live_server(demo_db_url), "?ar=2022&period=VB&mal=vom-1.3")
    areas = page.locator("map#overview-map area")
    assert areas.count() >= 13
    names = areas.evaluate_all("els => els.map(e => e.alt)")
    assert any(n.startswith("Skarpnäcks stadsdelsnämnd: ") for n in names)
    skarp = page.locator("map#overview-map area[alt^='Skarpnäcks stadsdelsnämnd']").first
    skarp.focus()
    assert page.evaluate("document.activeElement.tagName") == "AREA"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/namnd/sdn-skarpnack\?.*mal=vom-1\.3"))
    assert_no_axe_violations(page)


def test_start_page_accessible_with_map(live_server, page, demo_db_url):
    open_start(page, live_server(demo_db_url), "?ar=2022&period=T2")
    assert page.locator(".kr-district-map img").count() == 1
    assert_no_axe_violations(page)


def test_phone_width_menu_and_no_page_wider_than_the_screen(live_server, browser, demo_db_url):
    base = live_server(demo_db_url)
    page = new_page(browser, width=390, height=800)
    try:
        page.goto(base + "/")
        wait_for_dash(page)
        menu = page.get_by_role("button", name="Meny")
        assert menu.is_visible()
        assert not page.get_by_role("link", name="Styrsignaler").is_visible()
        menu.click()
        page.get_by_role("link", name="Styrsignaler").wait_for(state="visible")
        wide = {}
        for route in ROUTES:
            page.goto(base + route)
            wait_for_dash(page)
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > 390:
                wide[route] = width
        assert wide == {}
    finally:
        page.context.close()


NAV_RIGHT = """() => Math.max(...[...document.querySelectorAll('nav a, nav button, nav #shell-user')]
  .filter(e => e.offsetParent !== null).map(e => e.getBoundingClientRect().right))"""


def test_the_navigation_is_never_cut_off(live_server, browser, demo_db_url, monkeypatch):
    """Between the phone and the wide screen too: an admin's navigation (the longest, with
    Förvaltning and the user's name) either fits in one row or folds behind "Meny"."""
    from tests.browser.support import SECRET, sign_in_as

    monkeypatch.setenv("KONTROLLRUM_DEMO_LOGIN", "1")
    monkeypatch.setenv("KONTROLLRUM_SECRET_KEY", SECRET)
    base = live_server(demo_db_url)
    page = new_page(browser, width=1400, height=800)
    try:
        sign_in_as(page, base, "admin", target="/om")
        cut = {}
        for width in (992, 1000, 1100, 1200, 1280, 1399, 1400, 1440):
            page.set_viewport_size({"width": width, "height": 800})
            page.wait_for_timeout(100)
            folded = page.get_by_role("button", name="Meny").is_visible()
            assert folded == (width < 1400), width
            right = page.evaluate(NAV_RIGHT)
            if right > width:
                cut[width] = right
        assert cut == {}
    finally:
        page.context.close()
