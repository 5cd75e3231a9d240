"""Issue 10's three tasks from a cold start (a fresh browser at `/`) on the demo data, at
desktop width (1440) and on a phone (390), each in at most 3 clicks — every click counted, the
phone menu's button too — with a screenshot of where each task ends (out/task-shots/, not in git):

(a) kommunstyrelsen: where is the city worst this year? — "Sämst först", the worst goal;
(b) Skarpnäck's chair: its board page, where a goal the board rated more positively than the
    indicators carries "+1 mer positiv än indikatorerna";
(c) the SLK controller: the agenda of one board (Skarpnäck) at T2 2022 on /mote.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser.support import new_page, wait_for_dash

SHOTS = Path(__file__).resolve().parents[2] / "out" / "task-shots"
WIDTHS = [1440, 390]
MAX_CLICKS = 3


class Clicks:
    """Counts the clicks a task takes; each click waits for the app to settle."""

    def __init__(self, page):
        self.page, self.n = page, 0

    def __call__(self, locator) -> None:
        self.n += 1
        locator.click()
        wait_for_dash(self.page)


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def cold(request, browser, demo_db_url, live_server):
    """A fresh browser context at `/` with the given width; its click counter."""
    width = request.param
    page = new_page(browser, width=width, height=900)
    page.goto(live_server(demo_db_url) + "/")
    wait_for_dash(page)
    page.locator("#overview-headline").wait_for()
    yield page, Clicks(page), width
    page.context.close()


def finish(page, clicks: Clicks, width: int, name: str) -> None:
    """The task's end: within the click budget, no page wider than the screen, a screenshot."""
    assert clicks.n <= MAX_CLICKS, f"{name} took {clicks.n} clicks at {width} px"
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"task-{name}-{width}.png"))


def open_menu(page, click: Clicks, width: int) -> None:
    """On a phone the navigation is behind the menu button (a click like any other)."""
    if width < 1400:  # the navbar expands from 1400 px (components/shell.py)
        click(page.get_by_role("button", name="Meny"))


def test_a_where_is_the_city_worst(cold):
    page, click, width = cold
    click(page.get_by_role("link", name="Sämst först"))
    page.wait_for_url(re.compile(r"sort=varst"))
    scores = [float(t.replace(",", ".")) for t in page.locator(
        "#overview-goals tbody tr td:nth-child(4)").all_inner_texts() if t.strip() != "–"]
    assert len(scores) >= 10 and scores == sorted(scores)  # the worst goal on top
    worst = page.locator("#overview-goals tbody tr").first
    code = worst.locator("td, th").first.inner_text().strip()
    click(worst.get_by_role("link").first)
    page.wait_for_url(re.compile(r"/mal/"))
    page.locator("#goal-city").wait_for()
    assert page.inner_text("main h1").startswith(code)
    finish(page, click, width, "a-worst")


def test_b_skarpnack_rates_itself_more_positively(cold):
    page, click, width = cold
    row = page.locator("#overview-matrix .kr-matrix-name").filter(
        has_text="Skarpnäcks stadsdelsnämnd")
    click(row.get_by_role("link", name="Skarpnäcks stadsdelsnämnd"))
    page.wait_for_url(re.compile(r"/namnd/sdn-skarpnack"))
    page.get_by_role("heading", level=1, name="Skarpnäcks stadsdelsnämnd").wait_for()
    gap = page.locator(".kr-gap", has_text="+1 mer positiv än indikatorerna").first
    gap.wait_for()
    gap.scroll_into_view_if_needed()
    assert gap.is_visible()
    finish(page, click, width, "b-skarpnack")


def test_c_agenda_of_one_board_at_t2(cold):
    page, click, width = cold
    open_menu(page, click, width)
    click(page.get_by_role("link", name="Målbedömningsmöte"))
    page.locator("#mote-picker").wait_for()
    click(page.locator("#mote-picker").get_by_role(
        "link", name=re.compile(r"^Skarpnäcks stadsdelsnämnd, T2 2022: \d+$")))
    page.wait_for_url(re.compile(r"/mote\?ar=2022&period=T2&namnd=sdn-skarpnack"))
    page.locator("#meeting-summary").wait_for()
    assert re.match(r"\d+ punkter", page.inner_text("#meeting-summary"))
    page.locator(".kr-agenda-item").first.wait_for()
    blocks = page.locator(".kr-agenda-board").evaluate_all("els => els.map(e => e.id)")
    assert blocks and all(b.endswith(("-sdn-skarpnack", "-stad")) for b in blocks)
    assert "T2 2022" in page.inner_text("main")
    finish(page, click, width, "c-agenda")
