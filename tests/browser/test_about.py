"""Så fungerar Kontrollrum in headless Chromium: reached from the menu, shows the configured
settings and the computed example, and axe finds nothing (fixture and demo data)."""

from __future__ import annotations

import pytest

from tests.browser.support import assert_no_axe_violations, make_city_url, wait_for_dash


@pytest.fixture(scope="module")
def city_url(tmp_path_factory) -> str:
    return make_city_url(tmp_path_factory.mktemp("about-city"))


def test_reached_from_menu_with_settings_and_example(live_server, page, city_url):
    page.goto(live_server(city_url) + "/")
    wait_for_dash(page)
    page.get_by_role("link", name="Så fungerar Kontrollrum").first.click()
    page.wait_for_url("**/om")
    page.get_by_role("heading", level=1, name="Så fungerar Kontrollrum").wait_for()
    wait_for_dash(page)
    settings = page.inner_text("#about-settings")
    assert "10 %" in settings and "0,75 (75 %)" in settings and "0,40 (40 %)" in settings
    score = page.locator("#about-example-score")
    assert "0,625" in score.inner_text()
    assert score.locator("[role=img]").get_attribute("aria-label") == "Delvis uppfyllt"
    assert "Testdata: Exempelstad" in page.inner_text("#about-source")
    assert_no_axe_violations(page)


def test_demo_about_accessible(live_server, page, demo_db_url):
    page.goto(live_server(demo_db_url) + "/om")
    wait_for_dash(page)
    assert "Fiktiva demodata" in page.inner_text("#about-source")
    assert_no_axe_violations(page)
