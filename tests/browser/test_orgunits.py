"""Avdelning and Enhet pages in headless Chromium, on the org pages' city and the demo data."""

from __future__ import annotations

import pytest

from tests.browser.support import (
    assert_no_axe_violations,
    first_org,
    labels,
    wait_for_dash,
    wait_h1,
)
from tests.browser.support import goto_page as open_page

Q = "?ar=2022&period=VB"


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


def longest_department(db_url: str) -> tuple[str, str, int]:
    """(department, VOM, rows) of the demo's longest subtree indicator table in VB 2022."""
    import polars as pl

    from ils import orgs
    from ils.rules_periods import DEFAULT_PARAMS
    from ils.voms import vom_of_goal
    from pagekit.org.grid import GRID_FROM
    from queries.db import make_engine
    from queries.read import views

    engine = make_engine(db_url)
    ref = views.reference(engine)
    ind = views.lights(engine, 2022, "VB", DEFAULT_PARAMS, ref=ref).indicators.join(
        vom_of_goal(ref.goals), on="goal_id", how="left")
    engine.dispose()
    best = ("", "", 0)
    for dep in ref.organisation.filter(pl.col("level") == "avdelning")["id"].to_list():
        ids = [dep, *orgs.below(ref.organisation, dep)]
        n = ind.filter(pl.col("org_id").is_in(ids)).group_by("vom_id").len().sort("len")
        if len(n) and n["len"][-1] > best[2]:
            best = (dep, n["vom_id"][-1], int(n["len"][-1]))
    assert best[2] >= GRID_FROM, "the demo has no long department table"
    return best


def test_demo_department_long_table_is_a_grid(live_server, page, demo_db_url):
    dep, vom, n = longest_department(demo_db_url)
    open_page(page, live_server(demo_db_url), f"/avdelning/{dep}{Q}&mal={vom}")
    box = f"[id='mal-{vom}']"  # VOM ids hold dots
    grid = page.locator(f"{box} .kr-grid-wrap [role=grid], "
                        f"{box} .kr-grid-wrap [role=treegrid]").first
    grid.wait_for(state="visible")
    page.wait_for_function("() => document.querySelector('.kr-grid-wrap [role=grid][aria-label],"
                           " .kr-grid-wrap [role=treegrid][aria-label]')")
    assert grid.get_attribute("aria-label").startswith("Indikatorer för ")
    rows = page.locator(f"{box} .ag-center-cols-container .ag-row")
    assert 0 < rows.count() < n  # virtualised: only the rows in view are drawn
    assert_no_axe_violations(page)
    # sorting by a click on a heading
    page.locator(f"{box} .ag-header-cell[col-id=c1] .ag-header-cell-label").click()
    page.wait_for_selector(f"{box} .ag-header-cell[col-id=c1][aria-sort=ascending]")
    # on paper: every row, as a table (a grid neither fits A4 nor draws rows out of view)
    assert page.evaluate("() => window.kontrollrumPrepare()") is True
    page.emulate_media(media="print")
    assert page.locator(f"{box} .kr-grid-wrap").is_hidden()
    printed = page.locator(f"{box} .kr-print-only table")
    assert printed.is_visible() and printed.locator("tbody tr").count() == n
    assert printed.locator("thead th").all_inner_texts()[:2] == ["Indikator", "Organisation"]
