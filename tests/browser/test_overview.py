"""Stadsöversikt in headless Chromium: known lights, period links, drill-down by click and
by keyboard, legend, 'hittades inte', and no axe violations (fixture and demo data)."""

from __future__ import annotations

import re

from tests.browser.support import assert_no_axe_violations, wait_for_dash


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_dash(page)
    page.locator("main h1").wait_for()


def test_known_lights_and_ks_assessment(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/?ar=2022&period=VB")
    assert page.locator("main h1").inner_text() == "Stadsöversikt"
    assert "Fiktiva demodata" in page.inner_text("#shell-banner")
    cell = page.get_by_role("img", name=re.compile(r"^Norrby stadsdelsnämnd, mål 1\.1: Delvis"))
    assert cell.count() == 1
    assert page.get_by_role("img", name=re.compile(r"^Söderby stadsdelsnämnd, mål 1\.1: Ej "))\
        .count() == 1
    assert page.get_by_role("img", name="Kommunstyrelsens bedömning: Delvis uppfyllt").count() == 1
    assert_no_axe_violations(page)


def test_period_link_changes_url_and_lights(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/?ar=2022&period=VB")
    page.get_by_role("link", name="T2").click()
    page.wait_for_url(re.compile(r"period=T2"))
    page.get_by_text("Måluppfyllelse T2 2022").wait_for()
    # At T2 Söderby's only light rests on a forecast green: the goal is green.
    assert page.get_by_role("img", name=re.compile(r"^Söderby stadsdelsnämnd, mål 1\.1: Uppfyllt"))\
        .count() == 1


def test_cell_click_opens_board_at_goal(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/?ar=2022&period=VB")
    page.get_by_role("img", name=re.compile(r"^Norrby stadsdelsnämnd, mål 1\.1")).click()
    page.wait_for_url(re.compile(r"/namnd/norrby\?ar=2022&period=VB&mal=vom11"))
    page.wait_for_function("() => (document.querySelector('main h1') || {}).innerText"
                           " === 'Norrby stadsdelsnämnd'")


def test_keyboard_reaches_drill_down_and_why(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/?ar=2022&period=VB")
    why = page.get_by_role("button", name=re.compile(r"^Varför denna färg\? 1\.1 Barn lär sig"))
    why.focus()
    page.keyboard.press("Enter")
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert "Poäng: 0,75" in dialog.inner_text()
    page.keyboard.press("Escape")
    dialog.wait_for(state="hidden")
    link = page.get_by_role("link", name="Barn lär sig")
    link.focus()
    assert page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle") != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/mal/vom11\?ar=2022&period=VB"), wait_until="commit")


def test_legend_is_one_click_away(live_server, page, city_url):
    open_page(page, live_server(city_url) + "/")
    page.get_by_role("button", name="Teckenförklaring").click()
    dialog = page.get_by_role("dialog")
    dialog.wait_for()
    assert "Utfall saknas" in dialog.inner_text() and "prognos" in dialog.inner_text()


def test_bad_query_and_unknown_path(live_server, page, city_url):
    base = live_server(city_url)
    open_page(page, base + "/?ar=1999&period=Q")
    assert "finns inte" in page.inner_text("main")
    page.goto(base + "/finns/inte")
    page.get_by_text("Sidan hittades inte").wait_for()
    page.get_by_role("link", name="Tillbaka till stadsöversikten").click()
    page.wait_for_function("() => (document.querySelector('main h1') || {}).innerText"
                           " === 'Stadsöversikt'")


GRID = """() => {
  const api = window.dash_ag_grid.getApi('overview-matrix-grid');
  const rows = [];
  api.forEachNode(n => rows.push(n.data));
  const img = [...document.querySelectorAll('#overview-matrix [role=img]')];
  return {rows, defs: api.getColumnDefs(), words: api.getGridOption('context').words,
          said: img.map(e => e.getAttribute('aria-label')),
          hollow: img.filter(e => e.classList.contains('kr-forecast')).length,
          plus: document.querySelectorAll('#overview-matrix .kr-positive-mark').length};
}"""


def test_matrix_grid_says_what_the_server_says(live_server, page, demo_db_url):
    """The start page's grid cells (drawn in the browser from codes) carry the words the
    server's vocabulary gives (`ils.labels`), forecasts hollow, "+" where more positive."""
    from tests.dash_tree import cells_of, light_label_of

    open_page(page, live_server(demo_db_url) + "/?ar=2022&period=T2")
    page.locator("#overview-matrix .ag-cell a").first.wait_for()
    got = page.evaluate(GRID)
    cells = cells_of(got["rows"], got["defs"], got["words"])
    expected = {light_label_of(name, c) for (name, _), c in cells.items()}
    assert len(got["said"]) > 100 and set(got["said"]) <= expected
    assert any("(prognos)" in x for x in got["said"]) and got["hollow"] > 0
    assert got["plus"] > 0


def test_demo_overview_accessible(live_server, page, demo_db_url):
    open_page(page, live_server(demo_db_url) + "/")
    page.locator("#overview-matrix .ag-cell").first.wait_for()
    assert page.evaluate("window.dash_ag_grid.getApi('overview-matrix-grid')"
                         ".getDisplayedRowCount()") >= 25
    # the city beside Riket (issue 23: the demo ships Riket's Kolada values), opened
    page.locator("#overview-kolada summary").click()
    page.locator("#overview-kolada table").wait_for(state="visible")
    assert page.locator("#overview-kolada tbody tr").count() >= 20
    assert "Källa: Kolada" in page.locator("#overview-kolada").inner_text()
    assert_no_axe_violations(page)
