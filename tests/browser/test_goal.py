"""Mål page in headless Chromium: the fixture city's known lights, sorting and drill-down by
clicking, the why-dialog, 'hittades inte', and axe on the fixture and the demo data."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import assert_no_axe_violations, make_city_url, wait_for_dash

Q = "?ar=2022&period=VB"




@pytest.fixture(scope="module")
def city_url(tmp_path_factory) -> str:
    return make_city_url(tmp_path_factory.mktemp("goal-city"))


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_dash(page)
    page.wait_for_selector("main h1")  # the page's content callback has answered


def labels(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector + " [role=img]",
                                     "els => els.map(e => e.getAttribute('aria-label'))")


def board_names(page) -> list[str]:
    return page.locator("#goal-boards tbody th").all_inner_texts()


def test_vom_page_shows_known_lights(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/mal/vom11" + Q)
    assert page.inner_text("h1") == "1.1 Barn lär sig"
    assert labels(page, "#goal-city")[:2] == ["Uppfyllt",
                                              "Kommunstyrelsens bedömning: Delvis uppfyllt"]
    assert board_names(page) == ["Kulturnämnden", "Norrby stadsdelsnämnd",
                                 "Söderby stadsdelsnämnd"]
    assert labels(page, "#goal-boards tbody tr:nth-child(3)") == [
        "Ej uppfyllt", "Självskattning: Uppfyllt"]
    assert "Mer positiv än indikatorerna" in page.inner_text("#goal-boards tbody tr:nth-child(3)")
    page.wait_for_selector("#goal-trend-boards .main-svg")  # plotly draws the chart
    assert_no_axe_violations(page)


def test_sort_by_clicking_column_header(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/mal/vom11" + Q)
    page.get_by_role("link", name="Självskattning mot indikatorerna").click()
    page.wait_for_url(re.compile(r".*sort=gap$"))
    wait_for_dash(page)
    assert board_names(page) == ["Söderby stadsdelsnämnd", "Norrby stadsdelsnämnd",
                                 "Kulturnämnden"]
    header = page.locator("#goal-boards th[aria-sort]")
    assert header.count() == 1 and "Självskattning mot" in header.inner_text()


def test_board_name_opens_board_page_at_goal(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/mal/vom11" + Q)
    page.locator("#goal-boards").get_by_role("link", name="Norrby stadsdelsnämnd").click()
    page.wait_for_url("**/namnd/norrby?ar=2022&period=VB&mal=vom11#mal-vom11")
    page.get_by_role("heading", level=1, name="Norrby stadsdelsnämnd").wait_for()


def test_why_button_explains_city_light(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/mal/vom11" + Q)
    page.get_by_role("button", name="Varför denna färg? 1.1 Barn lär sig, staden").click()
    page.wait_for_selector("#why-modal", state="visible")
    assert "Barn lär sig – Exempelstad" in page.inner_text("#why-title")


def test_indicator_link_and_breadcrumb_back(live_server, page, city_url):
    base = live_server(city_url)
    open_page(page, base + "/mal/vom11" + Q)
    page.locator("#goal-kf").get_by_role("link", name="Andel elever som läser").click()
    page.wait_for_url(f"**/indikator/ind-las{Q}")
    page.get_by_role("heading", level=1, name="Andel elever som läser").wait_for()
    page.locator(".breadcrumb").get_by_role("link", name="Mål 1.1").click()
    page.wait_for_url(f"**/mal/vom11{Q}")
    page.get_by_role("heading", level=1, name="1.1 Barn lär sig").wait_for()


def test_inriktningsmal_and_namndmal(live_server, page, city_url):
    base = live_server(city_url)
    open_page(page, base + "/mal/im1" + Q)
    assert labels(page, "#goal-im-light") == ["Uppfyllt"]
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Äldre trivs").click()
    page.wait_for_url(f"**/mal/vom12{Q}")
    page.get_by_role("heading", level=1, name="1.2 Äldre trivs").wait_for()
    open_page(page, base + "/mal/nm-norr" + Q)
    assert "Norrby stadsdelsnämnd" in page.inner_text("#goal-facts")
    assert_no_axe_violations(page)


def test_unknown_goal_not_found(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/mal/finns-inte")
    assert "hittades inte" in page.inner_text("main")
    assert "Målet ”finns-inte” finns inte." in page.inner_text("main")


def test_demo_vom_page_accessible(live_server, page, demo_db_url):
    open_page(page, live_server(demo_db_url) + "/mal/vom-1.3?ar=2022&period=T2&sort=ljus")
    assert page.locator("#goal-boards tbody tr").count() >= 20
    assert_no_axe_violations(page)


def test_demo_vom_page_district_map_by_keyboard(live_server, page, demo_db_url):
    """The 13 district boards on the goal's map: Tab reaches every area in turn (each named
    with its board and light), Enter on Skarpnäck opens its board page at this goal."""
    open_page(page, live_server(demo_db_url) + "/mal/vom-1.3?ar=2022&period=T2")
    areas = page.locator("map#goal-map area")
    alts = areas.evaluate_all("els => els.map(e => e.alt)")
    boards = {a.split(":")[0] for a in alts}
    assert len(boards) == 13 and all(b.endswith("stadsdelsnämnd") for b in boards)
    assert page.locator("#goal-map-section img").get_attribute("alt") == (
        "Ljus för mål 1.3 " + page.inner_text("h1").split(" ", 1)[1] + ", T2 2022")
    areas.first.focus()
    reached = [page.evaluate("() => document.activeElement.alt")]
    for _ in range(len(alts) - 1):
        page.keyboard.press("Tab")
        assert page.evaluate("() => document.activeElement.tagName") == "AREA"
        reached.append(page.evaluate("() => document.activeElement.alt"))
    assert reached == alts
    skarp = page.locator("map#goal-map area[alt^='Skarpnäcks stadsdelsnämnd: ']").first
    skarp.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/namnd/sdn-skarpnack\?ar=2022&period=T2&mal=vom-1\.3"
                                 r"#mal-vom-1\.3$"))
    page.get_by_role("heading", level=1, name="Skarpnäcks stadsdelsnämnd").wait_for()
