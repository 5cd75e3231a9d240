"""Indikator page in headless Chromium: known values against target, choosing the org of the
trend by clicking, links, 'hittades inte', and axe on the fixture and the demo data."""

from __future__ import annotations

import pytest

from ils.labels import sv_key
from tests.browser.support import assert_no_axe_violations, make_city_url, wait_for_dash

Q = "?ar=2022&period=VB"


@pytest.fixture(scope="module")
def city_url(tmp_path_factory) -> str:
    return make_city_url(tmp_path_factory.mktemp("indicator-city"))


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_dash(page)
    page.wait_for_selector("main h1")  # the page's content callback has answered


def row(page, name: str):
    return page.locator("#indicator-table tbody tr", has=page.locator("th", has_text=name))


def test_values_against_target(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/indikator/ind-las" + Q)
    assert page.inner_text("h1") == "Andel elever som läser"
    assert "Högre är bättre" in page.inner_text("#indicator-definition")
    assert page.locator("#indicator-table tbody tr").count() == 3
    assert "85 %" in row(page, "Norrby").inner_text()
    assert row(page, "Norrby").locator("[role=img]").get_attribute("aria-label") == "Uppfyllt"
    assert row(page, "Söderby").locator("[role=img]").get_attribute("aria-label") == \
        "Ej uppfyllt"
    page.wait_for_selector("#indicator-chart .main-svg")  # plotly draws the chart
    assert_no_axe_violations(page)


def test_choose_org_for_trend(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/indikator/ind-las?ar=2022&period=T2")
    assert "Exempelstad" in page.inner_text("#indicator-trend-section h2")
    row(page, "Norrby").get_by_role("link", name="Visa utveckling för Norrby").click()
    page.wait_for_url("**/indikator/ind-las?ar=2022&period=T2&org=norrby")
    page.get_by_role("heading", name="Utveckling över tid – Norrby stadsdelsnämnd").wait_for()
    wait_for_dash(page)
    labels = page.eval_on_selector_all("#indicator-trend-table [role=img]",
                                       "els => els.map(e => e.getAttribute('aria-label'))")
    assert labels == ["Uppfyllt (prognos)"]  # T2: the trend ends at the chosen period
    assert_no_axe_violations(page)


def test_org_and_goal_links(live_server, page, city_url):
    base = live_server(city_url)
    open_page(page, base + "/indikator/ind-las" + Q)
    page.locator("#indicator-definition").get_by_role("link", name="1.1 Barn lär sig").click()
    page.wait_for_url(f"**/mal/vom11{Q}")
    page.get_by_role("heading", level=1, name="1.1 Barn lär sig").wait_for()
    open_page(page, base + "/indikator/ind-las" + Q)
    row(page, "Söderby").get_by_role("link", name="Söderby stadsdelsnämnd", exact=True).click()
    page.wait_for_url(f"**/namnd/soderby{Q}")
    page.get_by_role("heading", level=1, name="Söderby stadsdelsnämnd").wait_for()


def test_unknown_indicator_not_found(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/indikator/finns-inte")
    assert "hittades inte" in page.inner_text("main")
    assert "Indikatorn ”finns-inte” finns inte." in page.inner_text("main")


def test_demo_indicator_accessible(live_server, page, demo_db_url):
    open_page(page, live_server(demo_db_url) + "/indikator/kf-1.1-05")
    assert page.locator("#indicator-table tbody tr").count() >= 10
    assert "Källa: Kolada" in page.inner_text("#indicator-definition")
    assert_no_axe_violations(page)


def test_demo_units_grid_sorts_filters_and_links(live_server, page, demo_db_url):
    """The departments and units of an indicator in the data grid: built when the fold opens,
    rows virtualised, named for screen readers, sorted and filtered in the browser, the org
    a link; axe finds nothing."""
    open_page(page, live_server(demo_db_url) + "/indikator/kf-1.3-01" + Q)
    summary = page.locator("summary", has_text="Visa avdelningar och enheter")
    total = int(summary.inner_text().rsplit("(", 1)[1].rstrip(")"))
    assert total > 100
    assert page.locator("#indicator-grid-units").count() == 0  # not sent before opened
    summary.click()
    grid = page.locator("#indicator-grid-units")
    grid.locator(".ag-center-cols-container .ag-row").first.wait_for()
    wait_for_dash(page)
    drawn = grid.locator(".ag-center-cols-container .ag-row").count()
    assert 0 < drawn < total  # virtualised: only the rows in view are in the DOM
    named = page.locator(".kr-grid-wrap [role=grid], .kr-grid-wrap [role=treegrid]").first
    assert named.get_attribute("aria-label").startswith("Andel heltidstjänster")
    assert_no_axe_violations(page)

    first = grid.locator(".ag-pinned-left-cols-container .ag-row[row-index='0']")
    first.get_by_role("link").wait_for()
    before = first.inner_text().strip()  # the server's order: by name, Swedish
    grid.locator(".ag-header-cell", has_text="Organisation").first.click()  # ascending
    grid.locator(".ag-header-cell", has_text="Organisation").first.click()  # descending
    page.wait_for_function(
        """(before) => { const el = document.querySelector(
             "#indicator-grid-units .ag-pinned-left-cols-container .ag-row[row-index='0']");
           const t = el ? el.innerText.trim() : "";
           return t !== "" && t !== before; }""", arg=before, timeout=30_000)
    after = first.inner_text().strip()
    assert after and sv_key(after) > sv_key(before)
    grid.locator(".ag-floating-filter input").first.fill("Algården")
    page.wait_for_function(
        """() => { const rows = [...document.querySelectorAll(
                     '#indicator-grid-units .ag-pinned-left-cols-container .ag-row')];
                   return rows.length > 0 && rows.every(r => r.innerText.includes('Algården')); }""",
        timeout=30_000)
    left = grid.locator(".ag-pinned-left-cols-container .ag-row")
    assert 1 <= left.count() < 5
    assert all("Algården" in t for t in left.all_inner_texts())
    left.first.get_by_role("link").click()
    page.wait_for_url("**/enhet/**")
    page.get_by_role("heading", level=1, name="Förskolan Algården").wait_for()


def test_demo_indicator_shows_riket_and_the_comparison_group(live_server, page, demo_db_url):
    """Issue 23: a fresh demo shows the city beside Riket and Kolada's Storstäder group (its
    latest values, 2020, named with their year) and the city's place among the members."""
    open_page(page, live_server(demo_db_url) + "/indikator/kf-1.1-14" + Q)
    assert "vård av barn" in page.inner_text("h1")
    peers = page.locator("#indicator-peers")
    peers.wait_for(state="visible")
    line = " ".join(peers.inner_text().split())
    assert "Jämförelse 2022:" in line and "Riket 39,1 %" in line
    assert "Storstäder (ovägt medel av 3 kommuner) 39,1 % (värde för 2020)" in line
    assert "Källa: Kolada" in line
    assert page.inner_text("#indicator-peer-rank").startswith(
        "Plats 1 av 3 bland jämförelsekommunerna 2020")
    assert "N00945" in page.inner_text("#indicator-definition")
    assert_no_axe_violations(page)
