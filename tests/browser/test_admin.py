"""/admin in headless Chromium on the demo data, signed in through the demo sign-in: the admin
sees VB 2021 locked by the demo administrator, locks T2 2022 after confirming in the dialog and
unlocks it again; an SLK controller is told the page needs an administrator; axe finds nothing.
The overview of the locked VB 2021 carries the lock mark, VB 2022 none. Screenshots are
written to each test's folder."""

from __future__ import annotations

import re

import pytest

from tests.browser.support import (
    SECRET,
    assert_no_axe_violations,
    sign_in_as,
    wait_for_dash,
    wait_for_open_dialog,
)


@pytest.fixture
def demo_sign_in(monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DEMO_LOGIN", "1")
    monkeypatch.setenv("KONTROLLRUM_SECRET_KEY", SECRET)




def row(page, label: str):
    return page.locator("#admin-periods tr", has_text=label)


def test_admin_locks_and_unlocks_after_confirming(live_server, page, demo_db_url, demo_sign_in,
                                                  tmp_path):
    base = live_server(demo_db_url)
    sign_in_as(page, base, "admin", target="/")
    page.get_by_role("link", name="Förvaltning").click()  # in an admin's navigation
    page.wait_for_url("**/admin")
    page.get_by_role("heading", level=1, name="Förvaltning").wait_for()
    wait_for_dash(page)
    vb2021 = row(page, "Verksamhetsberättelse 2021").inner_text()
    assert "Låst" in vb2021 and "Demo-administratör" in vb2021
    t2 = row(page, "Tertial 2 2022")
    assert "Öppen" in t2.inner_text()
    assert_no_axe_violations(page)
    page.screenshot(path=str(tmp_path / "admin.png"), full_page=True)

    t2.get_by_role("button", name="Lås").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_text("Lås T2 2022?").wait_for()
    wait_for_open_dialog(page)
    assert_no_axe_violations(page)
    page.screenshot(path=str(tmp_path / "admin-confirm.png"))
    dialog.get_by_role("button", name="Lås perioden").click()
    page.locator("#admin-message").wait_for()
    wait_for_dash(page)
    assert re.match(r"Låste T2 2022 \(\d{4}-\d\d-\d\d av Jonas Ek \(demo\)\)",
                    page.inner_text("#admin-message"))
    assert "Låst" in row(page, "Tertial 2 2022").inner_text()

    row(page, "Tertial 2 2022").get_by_role("button", name="Lås upp").click()
    page.get_by_role("dialog").get_by_role("button", name="Lås upp perioden").click()
    page.get_by_text("Låste upp T2 2022").wait_for()
    wait_for_dash(page)
    assert "Öppen" in row(page, "Tertial 2 2022").inner_text()


def test_slk_is_told_the_page_needs_an_admin(live_server, page, demo_db_url, demo_sign_in):
    base = live_server(demo_db_url)
    sign_in_as(page, base, "slk")
    page.get_by_text("Sidan kräver administratörsbehörighet").wait_for()
    assert page.get_by_role("link", name="Förvaltning").count() == 0  # not in the navigation
    assert page.locator("#admin-periods").count() == 0
    assert page.get_by_role("button", name="Lås").count() == 0


def test_a_locked_period_is_marked_on_the_overview(live_server, page, demo_db_url, tmp_path):
    page.goto(live_server(demo_db_url) + "/?ar=2021&period=VB")
    wait_for_dash(page)
    mark = page.locator(".kr-mark-lock").first
    mark.wait_for()
    assert re.match(r"Låst \d{4}-\d\d-\d\d av Demo-administratör", mark.inner_text())
    page.screenshot(path=str(tmp_path / "overview-vb2021.png"))
    page.goto(live_server(demo_db_url) + "/?ar=2022&period=VB")
    wait_for_dash(page)
    assert page.locator(".kr-mark-lock").count() == 0
