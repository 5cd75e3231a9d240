"""A period from draft to published, end to end in headless Chromium (issues 12 and 13), every
user signed in through the test OpenID Connect provider (`oidc_env`: kommunstyrelsen's reader
`lasare`, Skarpnäck's board `namnd:sdn-skarpnack`, an SLK controller), on the demo data of the
test's own database (SQLite and PostgreSQL):

1. before: the reader sees none of Skarpnäck's T2 2022 draft assessments on the board page,
   /mote and /jamforelse (no self-assessment, no "Innehåller utkast", no draft text);
2. the board assesses all 12 VOMs in the form: where §3.9 demands a motivation the form says
   why, a save without one and with a too short one is refused with the reason, then saved
   (its Historik names the user and old → new);
3. before publication the SLK controller sees the drafts (the mark, the board's motivation,
   the disagreement item) and records a note, a decision with its state and a question on one
   of Skarpnäck's agenda items; the reader still sees none of it;
4. the board answers the question on its page; the answer shows on /mote for SLK;
5. the board publishes after the summary (the reloaded form: "Publicerad <när> av <vem>",
   closed); the reader now sees the assessments, the motivations, the note and the answer;
6. the locked VB 2021: the board is offered no form (the lock named), and an SLK note on it is
   refused with the lock.

Screenshots of every step in the test's tmp folder (`shots/`)."""

from __future__ import annotations

import re

import polars as pl
from sqlalchemy import create_engine, select

from ils.voms import VOM
from queries.schema import assessment, goal
from tests.browser.support import oidc_sign_in, wait_for_dash

BOARD = "sdn-skarpnack"
T2 = "?ar=2022&period=T2"
VB21 = "?ar=2021&period=VB"
MARK = "FLOW7Q2X"  # in every motivation the board writes, found nowhere else
NOTE = f"Anteckning {MARK}: förvaltningen ringd om målet"
QUESTION = "Vad grundar nämnden det positiva omdömet på?"
ANSWER = "På hemtjänstens egen uppföljning från i våras, se bilaga."


def text_for(i: int) -> str:
    return f"{MARK} mål {i + 1}: bedömt mot indikatorerna och nämndens uppföljning i år."


def demo_drafts(url: str) -> tuple[list[str], str]:
    """The demo's draft motivations of Skarpnäck's T2 2022, and the first VOM of 2022 (the
    form's first goal: VOMs in force, by code)."""
    a, g = assessment.c, goal.c
    engine = create_engine(url)
    with engine.connect() as conn:
        texts = conn.execute(select(a.motivation).where(
            (a.org_id == BOARD) & (a.year == 2022) & (a.period == "T2")
            & (a.status == "utkast"))).scalars().all()
        voms = pl.DataFrame(conn.execute(select(g.id, g.code).where(
            (g.level == VOM) & (g.year_from <= 2022) & (g.year_to >= 2022))).all(),
            schema={"id": pl.String, "code": pl.String}, orient="row")
    engine.dispose()
    return [t for t in texts if t and len(t) > 20], voms.sort("code", "id")["id"][0]


class Shots:
    """Numbered screenshots of the steps (the page's top 3200 px, or one element)."""

    def __init__(self, folder):
        self.folder, self.n = folder, 0
        folder.mkdir(parents=True, exist_ok=True)

    def __call__(self, page, name: str, element=None) -> None:
        self.n += 1
        path = str(self.folder / f"{self.n:02d}-{name}.png")
        if element is not None:
            element.screenshot(path=path)
            return
        height = min(3200, page.evaluate("() => document.documentElement.scrollHeight"))
        page.screenshot(path=path, full_page=True,
                        clip={"x": 0, "y": 0, "width": 1400, "height": height})


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_dash(page)


def skarpnack_row(page):
    # the matrix grid: a row's goal cells are in the grid's centre part (the name is pinned)
    return page.locator("#comparison-matrix .ag-center-cols-container .ag-row",
                        has=page.locator(f'a[href^="/namnd/{BOARD}"]'))


def reader_sees_no_drafts(reader, base: str, vom: str, secrets: list[str], shot,
                          comparison: bool = True) -> None:
    """Board page, /mote and (`comparison`) /jamforelse of T2 2022 as the reader: no
    self-assessment of Skarpnäck's, no draft mark, none of the drafts' texts, no notes."""
    open_page(reader, f"{base}/namnd/{BOARD}{T2}")
    voms = reader.locator(".kr-vom")
    assert voms.count() == 12
    assert voms.locator(".kr-noassess").count() == 12  # "Ingen självskattning" on every VOM
    assert voms.locator(".kr-assessment").count() == 0
    assert reader.locator(".kr-mark-drafts").count() == 0
    assert reader.locator("#kr-assess").count() == 0  # no form for a reader
    body = reader.content()
    assert MARK not in body and QUESTION not in body and not any(s in body for s in secrets)
    shot(reader, "reader-board")

    open_page(reader, f"{base}/mote{T2}&namnd={BOARD}&mal={vom}")
    reader.locator(".kr-agenda-item").first.wait_for()
    assert reader.locator(".kr-mark-drafts").count() == 0
    assert reader.locator(".kr-kind-oenighet").count() == 0  # no draft to disagree with
    own = reader.locator(f'[id="mote-{vom}-{BOARD}"]').inner_text()
    assert "Ingen självskattning" in own and "Ingen motivering lämnad." in own
    body = reader.content()
    assert MARK not in body and QUESTION not in body and not any(s in body for s in secrets)
    shot(reader, "reader-mote")
    if not comparison:
        return
    open_page(reader, f"{base}/jamforelse{T2}")
    assert skarpnack_row(reader).locator(".kr-assessment").count() == 0
    assert reader.locator(".kr-mark-drafts").count() == 0
    body = reader.content()
    assert MARK not in body and not any(s in body for s in secrets)
    shot(reader, "reader-jamforelse")


def assess_all(board, base: str, shot) -> None:
    """Skarpnäck's board assesses the 12 VOMs; the first as Uppfyllt, more positive than its
    indicators: the form demands a motivation and the server refuses none and a short one."""
    open_page(board, f"{base}/namnd/{BOARD}{T2}")
    goals = board.locator("#kr-assess .kr-assess-goal")
    assert goals.count() == 12
    shot(board, "board-form")

    first = goals.nth(0)
    first.get_by_role("radio", name="Uppfyllt", exact=True).check()
    first.locator("textarea").fill("")
    why = first.locator("[aria-live=polite]")
    why.get_by_text("Bedömningen är mer positiv än indikatorerna", exact=False).wait_for()
    assert "motivera med minst 40 tecken" in why.inner_text()
    save = first.get_by_role("button", name="Spara utkast")
    save.click()
    refused = first.locator(".alert-danger")
    refused.get_by_text("Motiveringen har nu 0 tecken.", exact=False).wait_for()
    assert "mer positiv än indikatorerna" in refused.inner_text()
    first.locator("textarea").fill("För kort.")
    save.click()
    refused.get_by_text("Motiveringen har nu 9 tecken.", exact=False).wait_for()
    shot(board, "board-refused", first)
    first.locator("textarea").fill(text_for(0))
    why.locator(".text-success").wait_for()  # the rule is met before saving
    save.click()
    saved = first.locator(".alert-success")
    saved.get_by_text("Sparat som utkast (version", exact=False).wait_for()
    assert "Utkast, version" in first.locator("[id*='state']").inner_text()
    first.get_by_text("Historik", exact=True).click()  # the change, who and old → new
    changed = first.locator(".kr-history li", has_text="av Sven Skarpnäck").first.inner_text()
    assert "Bedömning: Delvis uppfyllt → Uppfyllt" in changed, changed

    for i in range(1, 12):
        one = goals.nth(i)
        one.get_by_role("radio", name="Delvis uppfyllt", exact=True).check()
        one.locator("textarea").fill(text_for(i))
        one.get_by_role("button", name="Spara utkast").click()
        one.locator(".alert-success").get_by_text("Sparat som utkast", exact=False).wait_for()
    wait_for_dash(board)
    states = board.locator("#kr-assess [id*='state']").all_inner_texts()
    assert len(states) == 12 and all(s.startswith("Utkast, version") for s in states), states
    shot(board, "board-saved")


def slk_notes(slk, base: str, vom: str, shot) -> None:
    """SLK sees the drafts on /mote (the mark, the board's motivation, the disagreement it
    makes) and records a note, a decision with its state and a question on that item."""
    open_page(slk, f"{base}/mote{T2}&namnd={BOARD}&mal={vom}")
    slk.locator(".kr-agenda-item").first.wait_for()
    assert "Innehåller utkast" in slk.inner_text(".kr-mark-drafts")
    block = slk.locator(f'[id="mote-{vom}-{BOARD}"]')
    assert text_for(0) in block.locator(".kr-motivation").inner_text()
    item = block.locator(".kr-agenda-item", has=slk.locator(".kr-kind-oenighet"))
    assert "Nämnden bedömer målet uppfyllt" in item.inner_text()
    item.get_by_role("button", name="Anteckna").click()
    item.get_by_label("Anteckning").fill(NOTE)
    item.get_by_label("Beslut", exact=True).fill("Nämnden redovisar underlaget till T3")
    item.get_by_label("Åtgärdad").check()
    item.get_by_label("Fråga till nämnden (valfri)").fill(QUESTION)
    wait_for_dash(slk)
    item.get_by_role("button", name="Spara").click()
    item.get_by_text("Sparat (version 1).").wait_for()
    wait_for_dash(slk)
    shown = item.inner_text()
    assert NOTE in shown and "Nämnden redovisar underlaget till T3 (Åtgärdad)" in shown
    assert QUESTION in shown and "Siv Slk" in shown
    shot(slk, "slk-mote-note")


def board_answers(board, base: str, shot) -> None:
    open_page(board, f"{base}/namnd/{BOARD}{T2}")
    q = board.locator(".kr-board-question", has_text=QUESTION)
    q.wait_for()
    assert "Nämnden har inte svarat ännu." in q.inner_text()
    q.get_by_label("Nämndens svar").fill(ANSWER)
    q.get_by_role("button", name="Spara svaret").click()
    q.get_by_text("Svaret är sparat", exact=False).wait_for()
    wait_for_dash(board)
    assert ANSWER in q.inner_text() and "Sven Skarpnäck" in q.inner_text()
    q.scroll_into_view_if_needed()
    shot(board, "board-answer", q)


def publish(board, shot) -> None:
    """On the board page the board has open: the summary, then "Publicera nu"."""
    board.get_by_role("button", name="Publicera periodens bedömningar …").click()
    box = board.locator("#kr-assess-publish-box")
    box.wait_for()
    summary = box.inner_text()
    assert "12 mål publiceras." in summary and "Saknar motivering" not in summary
    assert "1 av dem är mer positiva än indikatorerna." in summary  # 1.1: Uppfyllt
    shot(board, "board-publish-summary", box)
    board.get_by_role("button", name="Publicera nu").click()
    done = board.locator("#kr-assess-publish-msg .alert-success")
    done.wait_for()
    assert "Publicerat: 12 mål är nu synliga för alla." in done.inner_text()
    wait_for_dash(board)  # the page draws itself again: the form published and closed
    done.wait_for()  # the message stays (a shot while the page redrew found it detached)
    assert "Publicerat: 12 mål är nu synliga för alla." in done.inner_text()
    shot(board, "board-published", done)
    assert done.get_by_role("link", name="Ladda om sidan").count() == 0
    states = board.locator("#kr-assess [id*='state']").all_inner_texts()
    assert len(states) == 12 and all(re.fullmatch(r"Publicerad \d{4}-\d\d-\d\d \d\d:\d\d av "
                                                  r"Sven Skarpnäck", s) for s in states), states
    assert board.locator("#kr-assess button:not([disabled])", has_text="Spara utkast").count() == 0


def reader_sees_all(reader, base: str, vom: str, shot) -> None:
    open_page(reader, f"{base}/namnd/{BOARD}{T2}")
    voms = reader.locator(".kr-vom")
    assert voms.locator(".kr-assessment").count() == 12
    assert voms.locator(".kr-noassess").count() == 0
    main = reader.inner_text("main")
    assert all(text_for(i) in main for i in range(12))
    assert reader.locator(".kr-mark-drafts").count() == 0  # published: nothing to mark
    asked = reader.locator(".kr-board-question").inner_text()
    assert QUESTION in asked and ANSWER in asked
    assert reader.get_by_role("button", name="Spara svaret").count() == 0
    shot(reader, "reader-board-after")
    open_page(reader, f"{base}/mote{T2}&namnd={BOARD}&mal={vom}")
    block = reader.locator(f'[id="mote-{vom}-{BOARD}"]')
    block.wait_for()
    shown = block.inner_text()
    assert text_for(0) in shown and NOTE in shown and QUESTION in shown and ANSWER in shown
    assert reader.get_by_role("button", name="Anteckna").count() == 0
    shot(reader, "reader-mote-after")
    open_page(reader, f"{base}/jamforelse{T2}")
    assert skarpnack_row(reader).locator(".kr-assessment").count() == 12
    shot(reader, "reader-jamforelse-after")


def locked_period(board, slk, base: str, shot) -> None:
    """VB 2021 is locked in the demo: the board gets no form, SLK no "Anteckna" (a forged
    save is refused on the server: tests/test_page_notes.py)."""
    open_page(board, f"{base}/namnd/{BOARD}{VB21}")
    form = board.locator("#kr-assess")
    assert re.search(r"Verksamhetsberättelse 2021 är låst \(Låst \d{4}-\d\d-\d\d av "
                     r"Demo-administratör\): bedömningarna kan inte ändras\.", form.inner_text())
    assert form.get_by_role("button", name="Spara utkast").count() == 0
    shot(board, "board-locked", form)
    open_page(slk, f"{base}/mote{VB21}&namnd={BOARD}")
    item = slk.locator(".kr-agenda-item").first
    item.wait_for()
    assert slk.get_by_role("button", name="Anteckna").count() == 0
    assert "Låst" in slk.locator(".kr-mark-lock").first.inner_text()
    shot(slk, "slk-locked", item)


def flow(reader, board, slk, base: str, vom: str, secrets: list[str], shot) -> None:
    reader_sees_no_drafts(reader, base, vom, secrets, shot)
    assess_all(board, base, shot)
    slk_notes(slk, base, vom, shot)
    reader_sees_no_drafts(reader, base, vom, secrets, shot, comparison=False)  # nor the note
    board_answers(board, base, shot)
    open_page(slk, f"{base}/mote{T2}&namnd={BOARD}&mal={vom}")
    assert ANSWER in slk.inner_text(f'[id="mote-{vom}-{BOARD}"]')
    shot(slk, "slk-mote-answer")
    publish(board, shot)
    reader_sees_all(reader, base, vom, shot)
    locked_period(board, slk, base, shot)


def test_a_period_from_drafts_to_published(live_server, own_demo_db_url, oidc_env, pages,
                                           tmp_path):
    base = live_server(own_demo_db_url)
    secrets, vom = demo_drafts(own_demo_db_url)
    assert secrets, "the demo holds Skarpnäck's T2 2022 drafts with motivations"
    shot = Shots(tmp_path / "shots")
    reader, board, slk = pages(), pages(), pages()
    for pg, sub, who in ((reader, "kerstin", "Läsare"), (board, "sven", "Skarpnäcks"),
                         (slk, "siv", "SLK-controller")):
        oidc_sign_in(pg, base, sub)
        assert who in pg.inner_text("#shell-user")
        assert oidc_env not in pg.content()  # the session key never reaches a page

    try:
        flow(reader, board, slk, base, vom, secrets, shot)
    except Exception:  # what each user saw when it failed
        for pg, who in ((reader, "reader"), (board, "board"), (slk, "slk")):
            pg.screenshot(path=str(tmp_path / "shots" / f"failed-{who}.png"), full_page=True)
        raise
