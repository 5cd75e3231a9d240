"""/jamforelse in headless Chromium on the comparison city (known gaps; see
tests/fixture_comparison.py) and on the demo data: renders, gaps visible, a cell drills down
to the board's goal, bad query values give a notice, axe finds nothing."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.support import assert_no_axe_violations, flat, open_page

Q = "?ar=2022&period=VB"


def open_trend(page) -> None:
    """Opens the folded trend over the years and waits for its chart and its table."""
    page.locator("#comparison-trend-section summary").click()
    page.wait_for_selector("#comparison-trend-graph .main-svg", timeout=30_000)
    table = page.locator("#comparison-trend-table")  # in its own closed <details>
    table.wait_for(state="attached", timeout=15_000)
    assert "Alla nämnder" in table.text_content()


def labels(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector + " [role=img]",
                                     "els => els.map(e => e.getAttribute('aria-label'))")


def test_matrix_shows_known_gaps_and_axe_passes(live_server, page, cmp_city_url):
    open_page(page, live_server(cmp_city_url), "/jamforelse" + Q)
    assert page.inner_text("h1") == "Självskattning mot indikatorutfall"
    got = labels(page, "#comparison-matrix")
    assert got.count("Mer positiv än indikatorerna (+2)") == 2  # Norrby 1.2, Söderby 1.1
    assert "Mer negativ än indikatorerna (−1)" in got
    assert "Stämmer med indikatorerna (±0)" in got
    table = flat(page, "#comparison-boards")
    assert table.index("Norrby") < table.index("Söderby") < table.index("Kulturnämnden")
    assert "3 av 3 nämnder: uppfyllt" in flat(page, "#comparison-ks")
    open_trend(page)
    page.wait_for_selector("#comparison-periods table")
    assert_no_axe_violations(page)


def test_cell_drills_down_to_board_goal(live_server, page, cmp_city_url):
    base = live_server(cmp_city_url)
    open_page(page, base, "/jamforelse" + Q)
    page.locator(f"#comparison-matrix a[href='/namnd/soderby{Q}&mal=vom11#mal-vom11']").click()
    page.wait_for_url("**/namnd/soderby*mal=vom11*")
    expect(page.locator("h1")).to_have_text("Söderby stadsdelsnämnd", timeout=15_000)
    assert page.locator("#mal-vom11").count() == 1


def test_matrix_grid_is_one_tab_stop_and_enter_opens_a_cell(live_server, page, cmp_city_url):
    """The matrix grid is one tab stop: its links are out of the tab order, arrows move
    between cells, Tab leaves the grid, Enter follows the focused cell's link."""
    open_page(page, live_server(cmp_city_url), "/jamforelse" + Q)
    page.locator("#comparison-matrix .ag-cell a").first.wait_for()
    assert page.eval_on_selector_all("#comparison-matrix a",
                                     "els => els.length > 0 && els.every(a => a.tabIndex < 0)")
    api = "window.dash_ag_grid.getApi('comparison-matrix-grid')"
    page.evaluate(f"{api}.setFocusedCell(0, 'v0')")
    page.keyboard.press("ArrowRight")
    assert page.evaluate(f"{api}.getFocusedCell().column.getColId()") == "v1"
    page.keyboard.press("Tab")
    assert page.evaluate("!document.activeElement.closest('#comparison-matrix')")
    row = page.evaluate(f"(() => {{ let i = -1; {api}.forEachNode(n => {{ if (n.data.id === "
                        "'soderby') i = n.rowIndex; }); return i; })()")
    page.evaluate(f"{api}.setFocusedCell({row}, 'v0')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/namnd/soderby*mal=vom11*")


def test_reported_fold_opens_with_indicators(live_server, page, cmp_city_url):
    open_page(page, live_server(cmp_city_url), "/jamforelse?ar=2022&period=T2")
    assert "Norrby stadsdelsnämnd 4 4 3 0 0 1 3" in flat(page, "#comparison-reported")
    page.get_by_text("Norrby stadsdelsnämnd: 3 indikatorer").click()
    body = page.locator("#comparison-reported-section details[open] table")
    body.wait_for()
    assert "Väntetid till boende" in body.inner_text()
    assert_no_axe_violations(page)


def test_filter_link_and_bad_values(live_server, page, cmp_city_url):
    base = live_server(cmp_city_url)
    open_page(page, base, "/jamforelse" + Q + "&typ=facknamnd")
    assert "Norrby" not in flat(page, "#comparison-matrix")
    page.locator("#comparison-filters").get_by_role("link", name="Alla").first.click()
    page.wait_for_url("**/jamforelse?ar=2022&period=VB")
    expect(page.locator("#comparison-matrix")).to_contain_text("Norrby", timeout=15_000)
    open_page(page, base, "/jamforelse?ar=2022&period=VB&typ=xyz&mal=nope")
    text = flat(page, "main")
    assert "Nämndtypen ”xyz” finns inte" in text and "Målet ”nope” finns inte" in text


def test_demo_data_renders_and_axe_passes(live_server, page, demo_db_url):
    open_page(page, live_server(demo_db_url), "/jamforelse")
    assert page.locator("#comparison-matrix a").count() > 100
    assert page.locator("#comparison-matrix [aria-label^='Mer positiv']").count() > 0
    open_trend(page)
    assert_no_axe_violations(page)
