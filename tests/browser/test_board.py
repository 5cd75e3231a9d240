"""Nämnd page in headless Chromium: the fixture city's known lights, drill-down by clicking,
'hittades inte', and axe on the fixture and on the demo data (SQLite and PostgreSQL)."""

from __future__ import annotations

import pytest

from tests.browser.support import (
    assert_no_axe_violations,
    first_org,
    labels,
    wait_h1,
)
from tests.browser.support import goto_page as open_page

Q = "?ar=2022&period=VB"










def test_board_page_shows_known_lights(live_server, page, org_city_url):
    open_page(page, live_server(org_city_url), "/namnd/norrby" + Q)
    assert page.inner_text("h1") == "Norrby stadsdelsnämnd"
    page.wait_for_function("() => document.title === 'Norrby stadsdelsnämnd – Kontrollrum'")
    # computed (score .5), KF-only (.75), roll-up with the units (.375), self-assessment
    assert labels(page, "#mal-vom11")[:4] == ["Delvis uppfyllt", "Uppfyllt", "Ej uppfyllt",
                                              "Självskattning: Uppfyllt"]
    assert labels(page, "#mal-vom12")[:3] == ["Ej uppfyllt", "Ej uppfyllt", "Delvis uppfyllt"]
    page.locator(".kr-peers summary").click()
    page.locator(".kr-peers table").wait_for(state="visible")
    assert "3 av 3" in page.locator(".kr-peers").inner_text()
    assert "<b>Bra</b> arbete." in page.inner_text("#mal-vom11")
    assert page.locator(".kr-units").get_by_text("Ingen indikator").count() == 1
    assert_no_axe_violations(page)


def test_indicators_load_when_unfolded_and_why_explains(live_server, page, org_city_url):
    open_page(page, live_server(org_city_url), "/namnd/norrby" + Q)
    assert page.locator("#mal-vom11 details table").count() == 0  # not sent until opened
    page.locator("#mal-vom11 details summary").click()
    table = page.locator("#mal-vom11 details table")
    table.wait_for(state="visible")
    assert "Antal lästimmar" in table.inner_text()
    page.locator("#mal-vom11 details summary").click()  # fold again, open again: still there
    page.locator("#mal-vom11 details summary").press("Enter")
    assert table.is_visible() and page.locator("#mal-vom11 details table").count() == 1
    page.get_by_role("button", name="Varför denna färg? 1.1 Barn lär sig, Norrby "
                                    "stadsdelsnämnd").click()
    page.wait_for_selector("#why-modal", state="visible")
    assert "Barn lär sig – Norrby stadsdelsnämnd" in page.inner_text("#why-title")


def test_matrix_cell_opens_board_with_goal_first(live_server, page, org_city_url):
    base = live_server(org_city_url)
    open_page(page, base, "/" + Q)
    page.locator(f"a[href='/namnd/norrby{Q}&mal=vom12#mal-vom12']").click()
    page.wait_for_url("**/namnd/norrby*mal=vom12*")
    wait_h1(page, "Norrby stadsdelsnämnd")
    first = page.locator(".kr-vom").first
    assert first.get_attribute("id") == "mal-vom12"
    assert first.locator("details").get_attribute("open") is not None
    assert page.get_by_role("heading", name="Valt mål").is_visible()


def test_drill_down_to_unit_and_back(live_server, page, org_city_url):
    base = live_server(org_city_url)
    open_page(page, base, "/namnd/norrby" + Q)
    page.locator(".kr-units").get_by_role("link", name="Hemtjänst Norrby").click()
    page.wait_for_url(f"**/enhet/norrby-hem{Q}")
    wait_h1(page, "Hemtjänst Norrby")
    page.locator(".breadcrumb").get_by_role("link", name="Norrby stadsdelsnämnd").click()
    page.wait_for_url(f"**/namnd/norrby{Q}")
    wait_h1(page, "Norrby stadsdelsnämnd")


def test_sort_link_reorders_units(live_server, page, org_city_url):
    open_page(page, live_server(org_city_url), "/namnd/norrby" + Q)
    page.locator(".kr-units thead").get_by_role("link", name="Ej uppfyllt").click()
    page.wait_for_url("**sort=rod*")
    page.wait_for_function("() => document.querySelector('.kr-units tbody th')"
                           " && document.querySelector('.kr-units tbody th').innerText"
                           " === 'Hemtjänst Norrby'", timeout=30_000)
    first = page.locator(".kr-units tbody tr").first.locator("th").inner_text()
    assert first == "Hemtjänst Norrby"


@pytest.mark.parametrize("org_id", ["nosuch", "norrby-hem"])
def test_unknown_board_not_found(live_server, page, org_city_url, org_id):
    open_page(page, live_server(org_city_url), f"/namnd/{org_id}" + Q)
    assert "hittades inte" in page.inner_text("h1")
    assert_no_axe_violations(page)




def test_demo_board_shows_the_comparison_group(live_server, page, demo_db_url):
    """Issue 23: the board of the demo's N00945 indicator shows it beside Riket and Kolada's
    Storstäder group, whose latest value (2020) is named with its year."""
    open_page(page, live_server(demo_db_url), "/namnd/fn-arbetsmarknad?ar=2022&period=VB")
    page.locator("#board-kolada summary").click()
    page.locator("#board-kolada table").wait_for(state="visible")
    assert "Jämförelsegrupp" in page.locator("#board-kolada thead").inner_text()
    row = page.locator("#board-kolada tbody tr", has_text="vård av barn")
    text = " ".join(row.inner_text().split())
    assert "Storstäder (ovägt medel av 3 kommuner): 39,1 % (värde för 2020)" in text
    assert "39,1 %" in text and "1 av 3 (2020)" in text
    assert "Källa: Kolada" in page.locator("#board-kolada").inner_text()
    assert_no_axe_violations(page)


def test_demo_board_page(live_server, page, demo_db_url):
    base = live_server(demo_db_url)
    open_page(page, base, "/namnd/" + first_org(demo_db_url, "namnd", "stadsdelsnamnd"))
    assert page.locator(".kr-vom").count() >= 10
    assert page.locator(".kr-units tbody tr").count() > 5
    assert page.get_by_role("heading", name="Jämförelse med liknande nämnder").is_visible()
    page.locator(".kr-peers summary").click()
    page.locator(".kr-peers table").wait_for(state="visible")
    assert page.locator(".kr-peers tbody tr").count() > 10
    page.locator("#board-kolada summary").click()  # the city beside Riket (issue 23)
    page.locator("#board-kolada table").wait_for(state="visible")
    assert page.locator("#board-kolada tbody tr").count() >= 1
    assert "Riket 2022" in page.locator("#board-kolada thead").inner_text()
    assert "Källa: Kolada" in page.locator("#board-kolada").inner_text()
    assert_no_axe_violations(page)


def test_what_changed_since_the_previous_period(live_server, page, org_city_url):
    base = live_server(org_city_url)
    open_page(page, base, "/namnd/norrby" + Q)
    sec = page.locator("#board-changes")
    assert sec.locator("h2").inner_text() == "Sedan T2 2022"
    assert sec.locator("#board-changes-down li").inner_text().replace("\n", "") == (
        "↓1.1 Barn lär sig: Uppfyllt → Delvis uppfyllt")
    assert sec.locator("#board-changes-arrived li").count() == 4
    assert_no_axe_violations(page)
    sec.get_by_role("link", name="1.2 Äldre trivs").click()
    wait_h1(page)
    assert page.url.endswith("/mal/vom12" + Q)
    open_page(page, base, "/namnd/norrby?ar=2022&period=T2")
    assert "T2 2022 är den första perioden i data" in page.inner_text("#board-changes")
