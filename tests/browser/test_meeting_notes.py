"""/mote's notes in headless Chromium (issue 13), on its own copy of the comparison city:
an SLK controller signed in through the demo sign-in opens "Anteckna" on an item, writes a
note, a decision with its state and a question, saves; the item shows them (HTML as text) and
its Historik, and the print view shows the note without the form; a signed-out visitor sees the note but no "Anteckna"; axe finds nothing.
Screenshots are written to the test's folder."""

from __future__ import annotations

import pytest

from tests.browser.support import assert_no_axe_violations, load_all, sign_in_as, wait_for_dash

SECRET = "test-secret-key-for-the-notes-browser-test-0123456789"
Q = "?ar=2022&period=VB&namnd=alla"
NOTE = "Ring nämnden <b>före</b> mötet"


@pytest.fixture
def notes_url(tmp_path, monkeypatch) -> str:
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_comparison import comparison_city

    monkeypatch.setenv("KONTROLLRUM_DEMO_LOGIN", "1")
    monkeypatch.setenv("KONTROLLRUM_SECRET_KEY", SECRET)
    url = f"sqlite:///{tmp_path / 'notes.db'}"
    eng = make_engine(url)
    replace_dataset(eng, comparison_city(), {"demo": "1"})
    eng.dispose()
    return url


def test_slk_writes_a_note_the_public_reads_it(live_server, page, browser, notes_url,
                                               tmp_path):
    base = live_server(notes_url)
    sign_in_as(page, base, "slk", target="/")
    page.goto(base + "/mote" + Q)
    page.wait_for_selector(".kr-agenda-item")
    wait_for_dash(page)
    item = page.locator("#mote-vom-vom11 .kr-agenda-item").first
    item.get_by_role("button", name="Anteckna").click()
    item.get_by_label("Anteckning").fill(NOTE)
    item.get_by_label("Beslut", exact=True).fill("Följ upp i T1")
    item.get_by_label("Åtgärdad").check()
    item.get_by_label("Fråga till nämnden (valfri)").fill("Varför är ljuset gult?")
    # the opened form moved the items below it: the pointer rested on another item's button,
    # whose hover colours were fading in when axe measured them (a full-suite run)
    page.mouse.move(0, 0)
    page.wait_for_timeout(300)
    assert_no_axe_violations(page)
    item.get_by_role("button", name="Spara").click()
    item.get_by_text("Sparat (version 1).").wait_for()
    wait_for_dash(page)
    shown = item.inner_text()
    assert NOTE in shown and "Följ upp i T1 (Åtgärdad)" in shown
    assert "Varför är ljuset gult?" in shown and "Sara Lind (demo)" in shown
    assert item.locator("b").count() == 0  # the user's HTML is text
    item.get_by_text("Historik (1 ändring)").click()
    item.get_by_text("Anteckning: – → " + NOTE).wait_for()
    page.screenshot(path=str(tmp_path / "mote-note-slk.png"), full_page=True)
    page.emulate_media(media="print")  # the print view: the note, not the form
    assert item.locator(".kr-usertext", has_text="Följ upp i T1").is_visible()
    assert item.get_by_role("button", name="Anteckna").is_hidden()
    assert item.get_by_role("button", name="Spara").is_hidden()
    page.emulate_media(media="screen")

    other = browser.new_page()  # signed out: reads the note (Söderby has published VB 2022)
    try:
        other.goto(base + "/mote" + Q)
        other.wait_for_selector(".kr-agenda-item")
        wait_for_dash(other)
        assert NOTE in other.inner_text("#mote-vom-vom11")
        assert other.get_by_role("button", name="Anteckna").count() == 0
        other.screenshot(path=str(tmp_path / "mote-note-public.png"), full_page=True)
    finally:
        other.close()


@pytest.fixture
def demo_url(tmp_path, monkeypatch) -> str:
    """Its own copy of the demo data (Skarpnäck's board user exists), with a question from
    SLK on one of Skarpnäck's items of T2 2022."""
    from cli.main import main
    from ils.access import Viewer
    from ils.notes import item_key
    from queries.db import make_engine
    from queries.write.notes_write import save_note

    monkeypatch.setenv("KONTROLLRUM_DEMO_LOGIN", "1")
    monkeypatch.setenv("KONTROLLRUM_SECRET_KEY", SECRET)
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KONTROLLRUM_DB", url)
        assert main(["demo"]) == 0
    eng = make_engine(url)
    save_note(eng, Viewer(role="slk", name="Sara Lind (demo)"),
              item_key(2022, "T2", "rod_gul", "vom-1.1", "sdn-skarpnack"), "Ringt förvaltningen",
              None, "oppen", "Vad gör nämnden åt <i>det gula</i> ljuset?", 0)
    eng.dispose()
    return url


def test_the_board_answers_on_its_page(live_server, page, demo_url, tmp_path):
    base = live_server(demo_url)
    sign_in_as(page, base, "namnd", target="/namnd/sdn-skarpnack")  # not / : a board user's landing
    page.goto(base + "/namnd/sdn-skarpnack?ar=2022&period=T2")
    wait_for_dash(page)
    page.get_by_role("heading", name="Frågor från stadsledningskontoret").wait_for()
    q = page.locator(".kr-board-question").first
    assert "Vad gör nämnden åt <i>det gula</i> ljuset?" in q.inner_text()
    assert "Nämnden har inte svarat ännu." in q.inner_text()
    q.get_by_label("Nämndens svar").fill("Vi förstärker hemtjänsten under hösten.")
    q.get_by_role("button", name="Spara svaret").click()
    q.get_by_text("Svaret är sparat (version 2).").wait_for()
    wait_for_dash(page)
    assert "Alex Holm (demo)" in q.inner_text()
    q.scroll_into_view_if_needed()
    assert_no_axe_violations(page, context=".kr-board-questions")
    page.screenshot(path=str(tmp_path / "namnd-answer.png"), full_page=False)
    page.goto(base + "/mote?ar=2022&period=T2&namnd=sdn-skarpnack")  # the answer on /mote
    page.wait_for_selector(".kr-agenda-item")
    wait_for_dash(page)
    assert "Vi förstärker hemtjänsten under hösten." in page.inner_text("#meeting-items")


def test_the_printed_agenda_has_the_notes(live_server, page, notes_url, tmp_path):
    """Issue 21 item 2: a board's printed agenda (the PDF) has the item's note, decision and
    question – for the controller who may write notes (its empty form place must not hide
    them) as for everyone else."""
    import shutil
    import subprocess

    from ils.access import Viewer
    from ils.notes import item_key
    from queries.db import make_engine
    from queries.write.notes_write import save_note

    eng = make_engine(notes_url)
    save_note(eng, Viewer(role="slk", name="Sara Lind (demo)"),
              item_key(2022, "VB", "oenighet", "vom11", "norrby"), "Anteckningen syns på papper",
              "Beslutet syns på papper", "oppen", "Frågan syns på papper?", 0)
    eng.dispose()
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    base = live_server(notes_url)
    sign_in_as(page, base, "slk", target="/")
    for who in ("slk", "public"):
        if who == "public":
            page.context.clear_cookies()
        page.goto(base + "/mote?ar=2022&period=VB&namnd=norrby")
        page.wait_for_selector(".kr-agenda-item")
        wait_for_dash(page)
        load_all(page)
        page.emulate_media(media="print")
        path = tmp_path / f"mote-{who}.pdf"
        path.write_bytes(page.pdf(format="A4", print_background=True))
        page.emulate_media(media="screen")
        got = " ".join(subprocess.run(["pdftotext", str(path), "-"], capture_output=True,
                                      text=True, check=True).stdout.split())
        for words in ("Anteckningen syns på papper", "Beslutet syns på papper",
                      "Frågan syns på papper?"):
            assert words in got, (who, words)
        assert "Anteckna" not in got  # the form is not printed
