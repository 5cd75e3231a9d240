"""Issue 10 in headless Chromium, on the sparse city of tests/test_page_states.py: the §3.8
states drawn on a board page, the units sorted worst first by their total light without the
page jumping to the top, and axe on those pages."""

from __future__ import annotations

import pytest

from tests.browser.support import assert_no_axe_violations, wait_for_dash, wait_h1
from tests.browser.support import goto_page as open_page

Q = "?ar=2022&period=VB"


@pytest.fixture(scope="module")
def states_url(tmp_path_factory) -> str:
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_org import states_city

    url = f"sqlite:///{tmp_path_factory.mktemp('states') / 'states.db'}"
    engine = make_engine(url)
    replace_dataset(engine, states_city(), {"demo": "1"})
    engine.dispose()
    return url


def test_board_without_indicators_says_so(live_server, page, states_url):
    open_page(page, live_server(states_url), "/namnd/idrott" + Q)
    block = page.locator("#mal-vom12")
    assert "Inga indikatorer" in block.inner_text()
    assert "Nämnden har inga indikatorer som räknas för mål 1.2 i VB 2022." in block.inner_text()
    assert block.locator("[role=img][aria-label='Utfall saknas']").count() == 0
    assert_no_axe_violations(page)


def test_unit_sort_keeps_the_scroll_position(live_server, page, states_url):
    page.set_viewport_size({"width": 1400, "height": 600})  # the unit table below the fold
    open_page(page, live_server(states_url), "/namnd/norrby" + Q)
    page.locator(".kr-units").scroll_into_view_if_needed()
    page.evaluate("() => window.scrollBy(0, 40)")
    before = page.evaluate("() => window.scrollY")
    assert before > 300  # really scrolled down
    page.locator(".kr-units thead").get_by_role("link", name="Samlat ljus").click()
    page.wait_for_url("**sort=samlat*")
    page.wait_for_function(
        "() => { const r = document.querySelector('.kr-units tbody tr th');"
        " return r && r.innerText.trim() === 'Norrbyskolan'; }", timeout=30_000)
    wait_for_dash(page)
    page.wait_for_function(f"() => Math.abs(window.scrollY - {before}) <= 2", timeout=5_000)
    names = page.locator(".kr-units tbody tr th").all_inner_texts()
    assert [n.split(" (")[0] for n in names] == [
        "Norrbyskolan", "Hemtjänst Norrby", "Inköpsenheten Norrby", "Äldreomsorg Norrby"]
    # an ordinary link still opens the next page at its top
    page.locator(".kr-units").get_by_role("link", name="Norrbyskolan").click()
    wait_h1(page, "Norrbyskolan")
    page.wait_for_function("() => window.scrollY === 0", timeout=5_000)
    wait_for_dash(page)  # axe on the drawn page, not on one still fading in
    assert_no_axe_violations(page)
