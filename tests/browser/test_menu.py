"""The menu and the frame around every page (issue 21 items 7 and 11): the menu keeps the
chosen period, closes on a phone after a choice, the overview's headline leads to the answer
without scrolling past the matrix, and no page logs errors in the browser console."""

from __future__ import annotations

import re

from tests.browser.support import new_page, wait_for_dash

T2 = "?ar=2022&period=T2"
MAIN_PAGES = ("/", "/jamforelse", "/styrsignaler", "/prognoser", "/mal/vom-3.2",
              "/namnd/sdn-skarpnack", "/indikator/kf-1.1-01", "/mote", "/om",
              "/rapport")


def test_the_menu_keeps_the_chosen_period(live_server, browser, demo_db_url):
    base = live_server(demo_db_url)
    page = new_page(browser, width=1440, height=900)
    try:
        page.goto(base + "/" + T2)
        wait_for_dash(page)
        nav = page.locator("#shell-nav")
        for name, path in (("Självskattning mot utfall", "/jamforelse"),
                           ("Styrsignaler", "/styrsignaler"), ("Prognossäkerhet", "/prognoser"),
                           ("Stadsöversikt", "/")):
            nav.get_by_role("link", name=name, exact=True).click()
            page.wait_for_url(re.compile(re.escape(path + T2) + "$"))
            wait_for_dash(page)
            shown = "2022" if path == "/styrsignaler" else "T2 2022"  # signals: per year
            assert shown in page.inner_text("#main"), path
            # the page shown is the one marked in the menu
            active = nav.locator("a.nav-link.active")
            assert active.count() == 1 and active.inner_text() == name, path
        # a period chosen on the page itself carries on too
        page.goto(base + "/jamforelse?ar=2021&period=VB&typ=stadsdelsnamnd")
        wait_for_dash(page)
        nav.get_by_role("link", name="Stadsöversikt", exact=True).click()
        page.wait_for_url(re.compile(r"/\?ar=2021&period=VB$"))
        wait_for_dash(page)
        assert "VB 2021" in page.inner_text("#main")
    finally:
        page.context.close()


def test_on_a_phone_the_menu_closes_after_a_choice(live_server, browser, demo_db_url):
    base = live_server(demo_db_url)
    page = new_page(browser, width=390, height=800)
    try:
        page.goto(base + "/" + T2)
        wait_for_dash(page)
        page.get_by_role("button", name="Meny").click()
        page.wait_for_selector("#shell-nav.show")
        page.locator("#shell-nav").get_by_role("link", name="Prognossäkerhet", exact=True).click()
        page.wait_for_url(re.compile(r"/prognoser\?ar=2022&period=T2$"))
        wait_for_dash(page)
        page.wait_for_function("() => !document.querySelector('#shell-nav.show, "
                               "#shell-nav.collapsing')")
        assert page.get_attribute("#shell-nav-toggle", "aria-expanded") == "false"
        assert not page.locator("#shell-nav").is_visible()
    finally:
        page.context.close()


def test_headline_leads_to_the_boards_without_the_matrix(live_server, browser, demo_db_url):
    """Which boards assess themselves more positively: named beside the headline, and the
    headline's link opens the ranking in view, above the 30 × 12 matrix."""
    base = live_server(demo_db_url)
    page = new_page(browser, width=1440, height=900)
    try:
        page.goto(base + "/" + T2)
        wait_for_dash(page)
        listing = page.inner_text("#overview-positive-boards")
        count = int(re.match(r"(\d+) av", page.inner_text("#overview-boards-headline"))[1])
        assert listing.startswith("Mer positiva: ")
        assert page.locator("#overview-positive-boards a").count() == count
        page.locator("#overview-boards-headline a").click()
        page.wait_for_url(re.compile(r"/jamforelse\?ar=2022&period=T2#optimism$"))
        wait_for_dash(page)
        page.wait_for_function("() => { const r = document.getElementById('optimism')"
                               ".getBoundingClientRect(); return r.top > -5 && "
                               "r.top < window.innerHeight; }", timeout=5000)
        ranking = page.locator("#comparison-boards").bounding_box()
        matrix = page.locator("#comparison-matrix").bounding_box()
        assert ranking["y"] < matrix["y"]
    finally:
        page.context.close()


def test_no_page_logs_console_errors(live_server, browser, demo_db_url):
    """Every main page, loaded and then reached through the menu: no error in the console
    (Dash's "ID not found in layout" was logged 9 times on every page)."""
    base = live_server(demo_db_url)
    page = new_page(browser, width=1440, height=900)
    errors: list[str] = []
    page.on("console", lambda m: errors.append(  # the arguments: Dash's text is cut short
        f"{page.url}: {[a.json_value() for a in m.args]}") if m.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    try:
        for route in MAIN_PAGES:
            page.goto(base + route + T2)
            wait_for_dash(page)
        for name in ("Stadsöversikt", "Självskattning mot utfall", "Styrsignaler"):
            page.locator("#shell-nav").get_by_role("link", name=name, exact=True).click()
            wait_for_dash(page)
        assert errors == []
    finally:
        page.context.close()
