"""The menu's search (issue 22 item 5) in the browser, on the demo data: a WAI-ARIA combobox.
Typing "skarp" lists Skarpnäck; ArrowDown makes it the active option (aria-activedescendant)
and Enter opens its board page, keeping the period; an indicator is found by its code and by
its name; Escape closes the list; axe finds nothing with the list open at 1440 and 390 px,
and the list does not make the page wider than the screen."""

from __future__ import annotations

import pytest

from tests.browser.support import assert_no_axe_violations, new_page, wait_for_dash

Q = "?ar=2022&period=T2"
BOX = "#shell-search-input"
LIST = "#shell-search-list"
OPTIONS = "#shell-search-list [role=option]"


def _open_menu_if_folded(page) -> None:
    """Below 1400 px the menu is folded behind the "Meny" button: open it."""
    toggle = page.locator("#shell-nav-toggle")
    if toggle.is_visible():
        toggle.click()
        page.locator(BOX).wait_for(state="visible")


def _type(page, text: str) -> None:
    """Empty the box (waiting until the list is empty), put `text` in it at once, and wait
    for the server's answer (the note under the list says how many, or none). Typed a letter
    at a time, an answer to the first letters could arrive last and be taken for the answer."""
    box = page.locator(BOX)
    box.click()
    box.fill("")
    page.wait_for_function(
        "() => !document.querySelector('#shell-search-list [role=option]')"
        " && document.getElementById('shell-search-note').textContent === ''", timeout=10_000)
    box.fill(text)
    page.wait_for_function(
        "() => document.getElementById('shell-search-note').textContent.trim() !== ''",
        timeout=10_000)
    wait_for_dash(page)


def test_skarp_arrow_down_and_enter_opens_the_board_page(live_server, demo_db_url, page):
    base = live_server(demo_db_url)
    page.goto(base + "/om" + Q)
    wait_for_dash(page)
    box = page.locator(BOX)
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-controls") == "shell-search-list"
    assert box.get_attribute("aria-expanded") == "false"
    assert page.get_by_label("Sök nämnd, enhet, mål eller indikator").count() == 1
    _type(page, "skarp")
    first = page.locator(OPTIONS).first
    assert "Skarpnäcks stadsdelsnämnd" in first.inner_text()
    assert "Nämnd" in first.inner_text()
    assert box.get_attribute("aria-expanded") == "true"
    assert page.locator(LIST).get_attribute("role") == "listbox"
    assert box.get_attribute("aria-activedescendant") is None
    box.press("ArrowDown")
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    box.press("ArrowDown")
    box.press("ArrowUp")  # back to the first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    box.press("Enter")
    page.wait_for_url("**/namnd/sdn-skarpnack?ar=2022&period=T2")
    wait_for_dash(page)
    assert "Skarpnäcks stadsdelsnämnd" in page.locator("h1").first.inner_text()
    assert box.get_attribute("aria-expanded") == "false"
    assert page.locator("#shell-search-popup").is_hidden()


def test_an_indicator_by_code_and_by_name_and_escape_closes(live_server, demo_db_url, page):
    base = live_server(demo_db_url)
    page.goto(base + "/" + Q)
    wait_for_dash(page)
    box = page.locator(BOX)
    _type(page, "kf-1.1-01")
    first = page.locator(OPTIONS).first
    assert "Indikator" in first.inner_text()
    assert first.get_attribute("href") == "/indikator/kf-1.1-01" + Q
    _type(page, "ekonomiskt bistånd")
    hrefs = [a.get_attribute("href") for a in page.locator(OPTIONS).all()]
    assert "/indikator/kf-1.1-01" + Q in hrefs
    assert page.locator("#shell-search-popup").is_visible()
    box.press("Escape")
    assert page.locator("#shell-search-popup").is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert page.url.endswith("/" + Q)  # Escape went nowhere
    box.press("ArrowDown")  # opens again, first option active
    assert box.get_attribute("aria-expanded") == "true"
    assert box.get_attribute("aria-activedescendant") == "shell-search-list-0"
    page.locator(OPTIONS).nth(0).click()  # a click opens the hit too
    page.wait_for_url("**/indikator/**")
    wait_for_dash(page)


def test_no_hits_says_so(live_server, demo_db_url, page):
    page.goto(live_server(demo_db_url) + "/om")
    wait_for_dash(page)
    _type(page, "qqxyz")
    assert page.locator("#shell-search-note").inner_text() == "Inga träffar för ”qqxyz”."
    assert page.locator(OPTIONS).count() == 0
    assert page.locator(BOX).get_attribute("aria-expanded") == "false"


@pytest.mark.parametrize("width", [1440, 390])
def test_axe_clean_with_the_list_open_and_no_wider_than_the_screen(live_server, browser,
                                                                    demo_db_url, width):
    base = live_server(demo_db_url)
    page = new_page(browser, width=width, height=900)
    try:
        page.goto(base + "/namnd/sdn-skarpnack" + Q)
        wait_for_dash(page)
        _open_menu_if_folded(page)
        _type(page, "för")
        page.locator(BOX).press("ArrowDown")
        assert page.locator("#shell-search-popup").is_visible()
        assert page.locator(OPTIONS).count() >= 5
        sizes = page.evaluate("() => [document.documentElement.scrollWidth, "
                              "document.documentElement.clientWidth]")
        assert sizes[0] <= sizes[1], sizes
        box = page.locator("#shell-search-popup").bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 1, box
        assert_no_axe_violations(page)
        target = page.locator(OPTIONS).first.get_attribute("href")
        page.locator(BOX).press("Enter")
        page.wait_for_url("**" + target)
        wait_for_dash(page)
        assert page.locator("#shell-search-popup").is_hidden()
        if width < 1400:  # the folded menu folds again, as after choosing a page
            page.wait_for_function("() => !document.getElementById('shell-nav')"
                                   ".classList.contains('show')", timeout=5_000)
            assert page.locator("#shell-nav-toggle").get_attribute("aria-expanded") == "false"
    finally:
        page.context.close()
