"""Avdelning and Enhet pages in headless Chromium, on the org pages' city and the demo data."""

from __future__ import annotations

import pytest

from tests.browser.support import assert_no_axe_violations, wait_for_dash
from tests.browser.test_board import (Q, first_org, labels, open_page,  # noqa: F401
                                      org_city_url, wait_h1)


def test_department_page(live_server, page, org_city_url):
    open_page(page, live_server(org_city_url), "/avdelning/norrby-aldre" + Q)
    assert page.inner_text("h1") == "Äldreomsorg Norrby"
    assert page.locator(".breadcrumb li").all_inner_texts() == [
        "Stad", "Norrby stadsdelsnämnd", "Äldreomsorg Norrby"]
    assert "Hemtjänsten läser högt" in page.inner_text("#mal-vom11")
    assert_no_axe_violations(page)
    page.locator(".kr-units").get_by_role("link", name="Hemtjänst Norrby").click()
    page.wait_for_url(f"**/enhet/norrby-hem{Q}")
    wait_h1(page, "Hemtjänst Norrby")


def test_unit_page_lights(live_server, page, org_city_url):
    open_page(page, live_server(org_city_url), "/enhet/norrby-hem" + Q)
    assert labels(page, "#mal-vom11")[0] == "Ej uppfyllt"
    assert labels(page, "#mal-vom12")[0] == "Uppfyllt"
    assert_no_axe_violations(page)


def test_unit_without_indicator(live_server, page, org_city_url):
    open_page(page, live_server(org_city_url), "/enhet/norrby-inkop" + Q)
    assert "Enheten har ingen indikator" in page.inner_text("main")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", ["/enhet/nosuch", "/avdelning/nosuch", "/avdelning/norrby"])
def test_not_found(live_server, page, org_city_url, path):
    open_page(page, live_server(org_city_url), path + Q)
    assert "hittades inte" in page.inner_text("h1")


def test_demo_department_and_unit(live_server, page, demo_db_url):
    base = live_server(demo_db_url)
    open_page(page, base, "/namnd/" + first_org(demo_db_url, "namnd", "stadsdelsnamnd"))
    page.locator(".kr-units a[href^='/avdelning/']").first.click()
    page.wait_for_url("**/avdelning/*")
    page.locator(".breadcrumb li").nth(2).wait_for()
    wait_for_dash(page)
    assert len(page.locator(".breadcrumb li").all_inner_texts()) == 3
    assert_no_axe_violations(page)
    page.locator(".kr-units a[href^='/enhet/']").first.click()
    page.wait_for_url("**/enhet/*")
    page.locator(".breadcrumb li").nth(3).wait_for()
    wait_for_dash(page)
    assert len(page.locator(".breadcrumb li").all_inner_texts()) == 4
    assert_no_axe_violations(page)
