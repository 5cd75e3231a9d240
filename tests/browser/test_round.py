"""The reporting round in headless Chromium on the demo data (demo sign-in): an admin sets a
deadline on /admin; a board user lands on "Min nämnd" at the open round and sees "Att göra";
SLK sees the round on the start page and in "Att göra". axe finds nothing at 1440 and 390 px.
Screenshots are written to each test's folder (and $KONTROLLRUM_SHOTS when set)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.browser.support import assert_no_axe_violations, wait_for_dash

SECRET = "test-secret-key-for-the-round-browser-test-0123456789"
WIDTHS = (1440, 390)


@pytest.fixture
def demo_sign_in(monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DEMO_LOGIN", "1")
    monkeypatch.setenv("KONTROLLRUM_SECRET_KEY", SECRET)


def sign_in(page, base: str, who: str, target: str, lands: str) -> None:
    from urllib.parse import quote

    page.goto(f"{base}/logga-in?next={quote(target, safe='/')}")
    page.click(f"#demo-{who}")
    page.wait_for_url(f"**{lands}")
    wait_for_dash(page)


def check_widths(page, url: str, name: str, tmp_path: Path) -> None:
    folder = Path(os.environ.get("KONTROLLRUM_SHOTS") or tmp_path)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(url)
        wait_for_dash(page)
        assert_no_axe_violations(page)
        page.screenshot(path=str(folder / f"{name}-{width}.png"), full_page=True)


def test_admin_sets_a_deadline(live_server, page, demo_db_url, demo_sign_in, tmp_path):
    base = live_server(demo_db_url)
    sign_in(page, base, "admin", "/admin", "/admin")
    page.locator("#admin-schedule").wait_for()
    page.fill("#admin-deadline-date", "2022-09-20")
    page.click("#admin-deadline-save")
    page.locator("#admin-message").wait_for()
    wait_for_dash(page)
    assert "Sista dag" in page.inner_text("#admin-message")
    assert "2022-09-20" in page.inner_text("#admin-deadlines")
    check_widths(page, f"{base}/admin", "admin-round", tmp_path)


def test_a_board_user_lands_on_its_board_and_sees_att_gora(live_server, page, demo_db_url,
                                                            demo_sign_in, tmp_path):
    base = live_server(demo_db_url)
    sign_in(page, base, "namnd", "/", "/namnd/sdn-skarpnack?ar=2022&period=VB")
    assert "Rapportering:" in page.inner_text("#board-round")
    page.get_by_role("link", name="Min nämnd").first.wait_for(state="attached")
    check_widths(page, f"{base}/att-gora?ar=2022&period=T2", "att-gora-namnd", tmp_path)
    items = page.inner_text("#todo-board-sdn-skarpnack")
    assert "Publicera utkastet för" in items and "sen" in items


def test_slk_sees_the_round(live_server, page, demo_db_url, demo_sign_in, tmp_path):
    base = live_server(demo_db_url)
    sign_in(page, base, "slk", "/om", "/om")
    check_widths(page, f"{base}/att-gora", "att-gora-slk", tmp_path)
    assert "AB Stockholmshem är sen med rapporteringen" in page.inner_text("#todo-round")
    check_widths(page, f"{base}/?ar=2022&period=VB", "start-round", tmp_path)
    assert "2 nämnder har inte publicerat" in page.inner_text("#overview-boards-headline")


def test_the_report_book_prints_the_boards_own_drafts_and_no_other(live_server, page,
                                                                    demo_db_url, demo_sign_in,
                                                                    tmp_path):
    """Skarpnäck's user prints T2 2022: its own 12 drafts are marked, Farsta's and
    Hägersten-Älvsjö's drafts are not there; the public's print has no draft at all."""
    import subprocess

    base = live_server(demo_db_url)
    url = f"{base}/rapport?ar=2022&period=T2"
    page.goto(url)
    wait_for_dash(page)

    def printed(name: str) -> str:
        pdf = tmp_path / f"{name}.pdf"
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4", display_header_footer=False)
        page.emulate_media(media="screen")
        got = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True,
                             text=True, check=True).stdout
        if os.environ.get("KONTROLLRUM_SHOTS"):
            (Path(os.environ["KONTROLLRUM_SHOTS"]) / f"{name}.txt").write_text(got)
        return got

    public = printed("public")
    assert "(utkast)" not in public and "Innehåll" in public
    sign_in(page, base, "namnd", "/rapport?ar=2022&period=T2",
            "/rapport?ar=2022&period=T2")
    own = printed("namnd")
    assert own.count("(utkast)") == 12
    check_widths(page, url, "rapport", tmp_path)
