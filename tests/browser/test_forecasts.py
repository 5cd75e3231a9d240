"""/prognoser in headless Chromium on the comparison city (known failed forecast greens;
see tests/fixture_comparison.py) and on the demo data."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import assert_no_axe_violations, flat, open_page


def test_failed_forecasts_visible_and_axe_passes(live_server, page, cmp_city_url):
    open_page(page, live_server(cmp_city_url), "/prognoser?ar=2022", "Prognossäkerhet")
    assert "3 av 5 (60 %) blev gula eller röda i VB" in flat(page, "#forecasts-summary")
    assert "Uppfyllt (prognos) 2 0 2 0" in flat(page, "#forecasts-flows")
    page.wait_for_selector("#forecasts-sankey .main-svg")
    page.wait_for_selector("#forecasts-years-table")
    assert "Söderby stadsdelsnämnd 2 av 2 (100 %) 1 av 1 (100 %)" in flat(
        page, "#forecasts-years-table")
    assert_no_axe_violations(page)


def test_board_link_selects_flows_and_indicators_unfold(live_server, page, cmp_city_url):
    base = live_server(cmp_city_url)
    open_page(page, base, "/prognoser?ar=2022")
    page.locator("#forecasts-boards").get_by_role("link", name="Söderby stadsdelsnämnd").click()
    page.wait_for_url("**/prognoser?ar=2022&period=VB&namnd=soderby*")
    expect(page.locator("#forecasts-flow h2")).to_contain_text("Söderby stadsdelsnämnd",
                                                               timeout=15_000)
    page.get_by_text("Norrby stadsdelsnämnd: 3 gröna i T2").click()
    table = page.locator("#forecasts-indicators details[open] table")
    table.wait_for()
    assert "Väntetid till boende" in table.inner_text() and "Höll inte" in table.inner_text()
    table.get_by_role("link", name="Väntetid till boende").click()
    page.wait_for_url("**/indikator/ind-vant*")


def test_bad_values_give_notice(live_server, page, cmp_city_url):
    open_page(page, live_server(cmp_city_url), "/prognoser?ar=1999&namnd=okand")
    text = flat(page, "main")
    assert "För ”1999” finns inte både T2 och VB" in text
    assert "Nämnden ”okand” finns inte" in text


def test_demo_data_renders_and_axe_passes(live_server, page, demo_db_url):
    open_page(page, live_server(demo_db_url), "/prognoser")
    assert page.locator("#forecasts-boards tbody tr").count() > 10
    page.wait_for_selector("#forecasts-sankey .main-svg")
    assert_no_axe_violations(page)
