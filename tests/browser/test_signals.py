"""Styrsignaler in headless Chromium: the known counts of Signalstad (tests/fixture_signals.py),
filtering by typing and choosing, the list's grid (every row, virtualised; sorting, column
filters with live counts, its accessible name), the trend's group choice, axe; the demo's 2022
table."""

from __future__ import annotations

import re

import pytest

from queries.db import make_engine
from queries.write.store import replace_dataset
from tests.browser.support import assert_no_axe_violations, wait_for_dash
from tests.fixture_signals import signal_city

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def signals_url(tmp_path_factory) -> str:
    """Signalstad in its own SQLite file (the folder's shared databases hold the demo)."""
    url = f"sqlite:///{tmp_path_factory.mktemp('signals') / 'signals.db'}"
    engine = make_engine(url)
    replace_dataset(engine, signal_city(), {"demo": "1", "source": "Testdata: Signalstad"})
    engine.dispose()
    return url


def _cells(page, table_id: str) -> list[list[str]]:
    return page.eval_on_selector_all(
        f"#{table_id} tr", "rows => rows.map(r => [...r.children].map(c => c.innerText.trim()))")


def _open(page, url: str) -> None:
    """Go to `url` and wait until the page's content callback has drawn its heading."""
    page.goto(url)
    wait_for_dash(page, 60_000)
    page.wait_for_selector("#signals-content h1", timeout=30_000)


def _wait_counts(page, pattern: str) -> None:
    page.wait_for_function(
        "re => new RegExp(re).test(document.querySelector('#signals-counts').innerText)",
        arg=pattern, timeout=30_000)


GRID = "dash_ag_grid.getApi('signals-grid')"


def _grid_rows(page) -> int:
    """The rows the list's grid holds after its own filters (not only those drawn)."""
    return page.evaluate(f"{GRID}.getDisplayedRowCount()")


def _wait_grid(page, n: int) -> None:
    page.wait_for_function(f"() => {{ try {{ return {GRID}.getDisplayedRowCount() === {n}; }} "
                           "catch (e) { return false; } }", timeout=30_000)


def test_renders_known_counts_and_passes_axe(live_server, page, signals_url):
    _open(page, live_server(signals_url) + "/styrsignaler?ar=2022")
    assert page.inner_text("h1") == "Styrsignaler"
    rows = _cells(page, "signals-groups")
    assert rows[-1] == ["Totalt", "15", "11", "10"]
    assert rows[4] == ["Direktiv och övriga uppdrag", "5", "3", "3"]
    _wait_counts(page, "Visar alla 26 styrsignaler")
    _wait_grid(page, 26)
    grid = page.get_by_role("treegrid", name="Styrsignalerna som matchar filtren").or_(
        page.get_by_role("grid", name="Styrsignalerna som matchar filtren"))
    assert grid.count() == 1  # the grid has its accessible name
    assert page.locator("#signals-overlap-list > li").count() == 3
    page.locator("#signals-grid").scroll_into_view_if_needed()
    page.get_by_label("Sök i texten").fill("klimat")
    _wait_counts(page, "Visar alla 1 styrsignaler")
    cell = page.locator("#signals-grid [role=gridcell]",
                        has_text="Bolagen ska <b>minska</b> sin klimatpåverkan.")
    cell.wait_for(timeout=10_000)  # the text as text, not markup
    assert page.locator("nav a", has_text="Styrsignaler").count() >= 1
    assert_no_axe_violations(page)


def test_filtering_by_typing_and_choosing(live_server, page, signals_url):
    _open(page, live_server(signals_url) + "/styrsignaler?ar=2022")
    _wait_counts(page, "Visar alla 26")
    page.get_by_label("Sök i texten").fill("HEMTJÄNST")
    _wait_counts(page, "Visar alla 3 styrsignaler: 0 indikatorer, 1 aktivitet, 2 direktiv")
    _wait_grid(page, 3)
    page.get_by_label("Sök i texten").fill("")
    _wait_counts(page, "Visar alla 26")
    page.get_by_label("Mottagare", exact=True).select_option(label="Norrby stadsdelsnämnd")
    _wait_counts(page, "Visar alla 16 styrsignaler: 5 indikatorer, 5 aktiviteter, 6 direktiv")
    page.get_by_label("År", exact=True).select_option("2021")
    _wait_counts(page, "Visar alla 8 styrsignaler: 4 indikatorer, 2 aktiviteter, 2 direktiv")
    _wait_grid(page, 8)
    years = page.evaluate(f"(() => {{ const out = []; {GRID}.forEachNodeAfterFilter("
                          "n => out.push(n.data.c1)); return out; })()")
    assert set(years) == {2021}
    page.locator("#signals-grid").scroll_into_view_if_needed()
    assert_no_axe_violations(page)


def test_grid_sorts_and_filters_with_live_counts(live_server, page, signals_url):
    """A column filter typed in the grid narrows the counts and the download; a heading sorts."""
    _open(page, live_server(signals_url) + "/styrsignaler?ar=2022")
    _wait_grid(page, 26)
    page.locator("#signals-grid").scroll_into_view_if_needed()
    page.get_by_role("textbox", name="Text Filterfält").fill("hemtjänst")
    _wait_counts(page, "Visar 3 av 26 styrsignaler: 0 indikatorer, 1 aktivitet, 2 direktiv")
    _wait_grid(page, 3)
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Ladda ner CSV")).click()
    lines = open(info.value.path(), encoding="utf-8-sig").read().splitlines()
    assert len(lines) == 4 and {ln.split(";")[-1] for ln in lines[1:]} == {"a2", "d4", "d9"}
    page.get_by_role("textbox", name="Text Filterfält").fill("")
    _wait_counts(page, "Visar alla 26")
    page.locator("#signals-grid .ag-header-cell", has_text="Id").click()
    page.locator("#signals-grid .ag-header-cell", has_text="Id").click()  # descending
    page.wait_for_function(f"{GRID}.getDisplayedRowAtIndex(0).data.c6 === 'u1'",
                           timeout=10_000)
    assert_no_axe_violations(page)


def test_trend_group_choice(live_server, page, signals_url):
    _open(page, live_server(signals_url) + "/styrsignaler?ar=2022")
    assert _cells(page, "signals-trend-table")[1:] == [["2021", "2", "3", "2", "2", "9"],
                                                       ["2022", "3", "4", "3", "5", "15"]]
    page.get_by_role("radio", name="Facknämnderna").check()
    page.wait_for_function("() => document.querySelector('#signals-trend').innerText"
                           ".includes('Facknämnderna fick 11')", timeout=10_000)
    assert _cells(page, "signals-trend-table")[-1] == ["2022", "3", "3", "2", "3", "11"]


def test_sort_link_and_bad_year(live_server, page, signals_url):
    base = live_server(signals_url)
    _open(page, base + "/styrsignaler?ar=1999")
    assert "Det finns inga data för 1999" in page.inner_text("#signals-content")
    _open(page, base + "/styrsignaler?ar=2022")
    page.locator("#signals-boards a", has_text="Nämnd").first.click()
    page.wait_for_url(re.compile(r"sort=namn"))
    wait_for_dash(page, 60_000)
    page.wait_for_function("(document.querySelector('#signals-boards tbody tr th') || {})"
                           ".innerText === 'Hamnbolaget AB'", timeout=30_000)
    assert "Sorterat efter namn" in page.inner_text("#signals-sort-note")


def test_demo_reproduces_837_and_passes_axe(live_server, page, demo_db_url):
    _open(page, live_server(demo_db_url) + "/styrsignaler?ar=2022")
    rows = {r[0]: r[1] for r in _cells(page, "signals-groups")[1:]}
    assert rows == {"Verksamhetsområdesmål": "12", "Indikatorer": "75", "Aktiviteter": "80",
                    "Direktiv och övriga uppdrag": "670", "Totalt": "837"}
    _wait_counts(page, r"Visar alla [\d\s]+ styrsignaler")
    total = int(re.sub(r"\D", "", page.inner_text("#signals-counts").split("styrsignaler")[0]))
    assert total > 1000  # every signal of the year, no paging
    _wait_grid(page, total)
    page.locator("#signals-grid").scroll_into_view_if_needed()
    page.locator("#signals-grid [role=gridcell]").first.wait_for()
    drawn = page.locator("#signals-grid .ag-center-cols-container [role=row]").count()
    assert 0 < drawn < 60  # virtualised: only the rows in view (and a few more) are drawn
    assert_no_axe_violations(page)
