"""A reporting round walked end to end in headless Chromium (issue 22, "Done when"), on the
demo data of the test's own database, SQLite and PostgreSQL (`own_demo_db_url`), every user
signed in through the demo sign-in, e-mail through an SMTP server the test starts (aiosmtpd):

1. the admin sets T2 2022's deadline for all boards on /admin (two days from today);
2. SLK sees on the start page that Skarpnäck has not published T2 2022;
3. Skarpnäck's board user signs in and lands on "Min nämnd" at the open round, opens
   "Att göra" for T2 2022 (its drafts to publish, with the new deadline), writes one
   motivation of its own and publishes;
4. SLK sees the change on the start page (Skarpnäck no longer named) and asks a question on
   /mote;
5. `kontrollrum paminn`: the board's address (the role file) gets the question with its link,
   Farsta (still in draft) its reminder; run again, nothing is sent twice;
6. the board opens the link in the e-mail and answers; `paminn` twice: SLK gets the answer once;
7. the city's report book for T2 2022, printed by the board user (page.pdf → pdftotext), has
   the board's published text and none of Farsta's draft text (marked in the setup).

Screenshots of the steps in the test's tmp folder (`shots/`)."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, update

from queries.schema import assessment
from tests.browser.support import assert_no_axe_violations, wait_for_dash

SECRET = "test-secret-key-for-the-round-walk-browser-test-0123456789"
BOARD, OTHER = "sdn-skarpnack", "sdn-farsta"
T2 = "?ar=2022&period=T2"
BOARD_MAIL, OTHER_MAIL, SLK_MAIL = ("namnd@skarpnack.example.se", "namnd@farsta.example.se",
                                    "sara.lind@slk.example.se")
OWN_TEXT = ("WALK7K nämndens egen motivering: målet följs upp med förvaltningens "
            "uppföljning av hemtjänsten.")
OTHER_DRAFT = "WALK7F Farstas utkast som ingen annan nämnd får se"
QUESTION = "Vad bygger nämnden bedömningen på, WALK7Q?"
ANSWER = "På förvaltningens uppföljning i augusti, WALK7A."


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


@pytest.fixture
def round_env(monkeypatch, tmp_path, mail_server) -> None:
    """Demo sign-in on; e-mail on through `mail_server`; a role file with the two boards'
    own addresses; reminders 3 days ahead."""
    _, port = mail_server
    roles = tmp_path / "roles.toml"
    roles.write_text(f'[addresses]\n"{BOARD}" = "{BOARD_MAIL}"\n"{OTHER}" = "{OTHER_MAIL}"\n',
                     encoding="utf-8")
    for name, value in (("DEMO_LOGIN", "1"), ("SECRET_KEY", SECRET), ("ROLES", str(roles)),
                        ("SMTP_URL", f"smtp://127.0.0.1:{port}"),
                        ("MAIL_FROM", "kontrollrum@stad.example.se"), ("REMIND_DAYS", "3")):
        monkeypatch.setenv(f"KONTROLLRUM_{name}", value)


def open_page(page, url: str) -> None:
    page.goto(url)
    wait_for_dash(page)


def sign_in(page, base: str, who: str, target: str, lands: str) -> None:
    page.goto(f"{base}/logga-in?next={quote(target, safe='/')}")
    page.click(f"#demo-{who}")
    page.wait_for_url(lands)
    wait_for_dash(page)


def choose(page, dropdown_id: str, option: str) -> None:
    """Pick `option` in a dcc.Dropdown (typed and chosen as a user would)."""
    page.click(f"#{dropdown_id}")
    page.get_by_role("option", name=option, exact=True).click()
    wait_for_dash(page)


def paminn(base: str, monkeypatch, capsys) -> str:
    """`kontrollrum paminn` with the live app's address in the links; its summary line."""
    from cli.main import main

    monkeypatch.setenv("KONTROLLRUM_BASE_URL", base)
    capsys.readouterr()
    assert main(["paminn"]) == 0
    return capsys.readouterr().err


def printed(page, path) -> str:
    """The page printed to A4 (print media), as one line of text."""
    page.emulate_media(media="print")
    page.pdf(path=str(path), format="A4")
    page.emulate_media(media="screen")
    got = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True,
                         check=True).stdout
    return " ".join(got.split())


def mark_other_drafts(url: str) -> None:
    """Farsta's T2 2022 drafts carry a text found nowhere else (its leak would show)."""
    engine = create_engine(url)
    a = assessment.c
    with engine.begin() as conn:
        done = conn.execute(update(assessment).where(
            (a.org_id == OTHER) & (a.year == 2022) & (a.period == "T2")
            & (a.status == "utkast")).values(motivation=OTHER_DRAFT)).rowcount
    engine.dispose()
    assert done == 12, "the demo holds Farsta's 12 T2 2022 drafts"


def test_a_round_walked_by_admin_board_and_slk(live_server, own_demo_db_url, round_env,
                                               mail_server, pages, tmp_path, monkeypatch,
                                               capsys):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    from ils.clock import today
    from queries.sessions import record_user

    mark_other_drafts(own_demo_db_url)
    base = live_server(own_demo_db_url)
    mails, _ = mail_server
    shot = Shots(tmp_path / "shots")
    admin, board, slk = pages(), pages(), pages()
    deadline = today() + dt.timedelta(days=2)
    try:
        walk(base, admin, board, slk, deadline, mails, shot, own_demo_db_url, tmp_path,
             monkeypatch, capsys, record_user)
    except Exception:
        for pg, who in ((admin, "admin"), (board, "board"), (slk, "slk")):
            pg.screenshot(path=str(tmp_path / "shots" / f"failed-{who}.png"), full_page=True)
        raise


def walk(base, admin, board, slk, deadline, mails, shot, db_url, tmp_path, monkeypatch,
         capsys, record_user) -> None:
    # 1. the admin sets T2 2022's deadline for every board
    sign_in(admin, base, "admin", "/admin", f"{base}/admin")
    admin.locator("#admin-schedule").wait_for()
    choose(admin, "admin-deadline-year", "2022")
    choose(admin, "admin-deadline-period", "T2")
    admin.fill("#admin-deadline-date", deadline.isoformat())
    admin.click("#admin-deadline-save")
    admin.locator("#admin-message").get_by_text("Sista dag", exact=False).wait_for()
    wait_for_dash(admin)
    row = admin.locator("#admin-deadlines tr", has_text=deadline.isoformat())
    assert "T2" in row.inner_text() and "2022" in row.inner_text()
    shot(admin, "admin-deadline")

    # 2. SLK: Skarpnäck has not published T2 2022
    sign_in(slk, base, "slk", "/om", f"{base}/om")
    open_page(slk, f"{base}/{T2}")
    before = slk.inner_text("#overview-boards-headline")
    assert "Skarpnäck" in before, before
    shot(slk, "slk-start-before")

    # 3. the board user lands on its board at the open round, opens Att göra, publishes
    sign_in(board, base, "namnd", "/", re.compile(
        re.escape(f"{base}/namnd/{BOARD}") + r"\?ar=\d{4}&period=(T1|T2|VB)$"))
    board.get_by_role("link", name="Min nämnd").first.wait_for(state="attached")
    assert "Rapportering:" in board.inner_text("#board-round")
    board.get_by_role("link", name="Att göra", exact=True).first.click()  # the menu
    board.wait_for_url(f"{base}/att-gora*")
    wait_for_dash(board)
    board.locator(".kr-period").get_by_role("link", name="T2", exact=True).click()
    board.wait_for_url(f"{base}/att-gora{T2}")
    wait_for_dash(board)
    todo = board.inner_text(f"#todo-board-{BOARD}")
    assert "Publicera utkastet för" in todo and f"sista dag {deadline.isoformat()}" in todo
    assert "sen" not in todo  # the new deadline has not passed
    assert_no_axe_violations(board)
    shot(board, "board-att-gora")
    board.locator(f"#todo-board-{BOARD} a").first.click()
    board.wait_for_url(f"{base}/namnd/{BOARD}{T2}*")
    wait_for_dash(board)
    first = board.locator("#kr-assess .kr-assess-goal").first
    first.get_by_role("radio", name="Delvis uppfyllt", exact=True).check()
    first.locator("textarea").fill(OWN_TEXT)
    first.get_by_role("button", name="Spara utkast").click()
    first.locator(".alert-success").get_by_text("Sparat som utkast", exact=False).wait_for()
    wait_for_dash(board)
    board.get_by_role("button", name="Publicera periodens bedömningar …").click()
    box = board.locator("#kr-assess-publish-box")
    box.wait_for()
    assert "12 mål publiceras." in box.inner_text()
    board.get_by_role("button", name="Publicera nu").click()
    done = board.locator("#kr-assess-publish-msg .alert-success")
    done.wait_for()
    assert "Publicerat: 12 mål är nu synliga för alla." in done.inner_text()
    shot(board, "board-published")

    # 4. SLK sees the change and asks a question on /mote
    open_page(slk, f"{base}/{T2}")
    after = slk.inner_text("#overview-boards-headline")
    assert "Skarpnäck" not in after and "Farsta" in after, after
    shot(slk, "slk-start-after")
    open_page(slk, f"{base}/mote{T2}&namnd={BOARD}")
    item = slk.locator(f'[id^="mote-"][id$="-{BOARD}"] .kr-agenda-item').first  # not the city's
    item.wait_for()
    item.get_by_role("button", name="Anteckna").click()
    item.get_by_label("Anteckning").fill("Följs upp på mötet.")
    item.get_by_label("Fråga till nämnden (valfri)").fill(QUESTION)
    wait_for_dash(slk)
    item.get_by_role("button", name="Spara").click()
    item.get_by_text("Sparat (version 1).").wait_for()
    wait_for_dash(slk)
    shot(slk, "slk-question", item)

    # 5. paminn: the question to the board's address, Farsta's reminder; run twice
    sent = paminn(base, monkeypatch, capsys)
    got = {(to, m["Subject"]): m.get_content() for to, m in mails.messages}
    question = [(to, s, body) for (to, s), body in got.items()
                if to == (BOARD_MAIL,) and s.startswith("Fråga från SLK om ")]
    assert len(question) == 1, sorted(got)
    _, subject, body = question[0]
    assert subject.endswith("(T2 2022)") and f"”{QUESTION}”" in body
    link = f"{base}/namnd/{BOARD}{T2}#namnd-questions"
    assert link in body
    reminder = got[((OTHER_MAIL,), f"Påminnelse: sista dag för T2 2022 är {deadline}")]
    assert "(om 2 dagar)" in reminder and f"{base}/namnd/{OTHER}{T2}" in reminder
    assert not any("Påminnelse" in s for to, s in got if to == (BOARD_MAIL,))  # published
    n_first = len(mails.messages)
    again = paminn(base, monkeypatch, capsys)
    assert len(mails.messages) == n_first, (sent, again)
    assert f"0 meddelanden ({n_first} var redan skickade)" in again, again

    # 6. the board follows the e-mail's link and answers; SLK is told once
    record_user(create_engine(db_url), "slk-sara", "Sara Lind", SLK_MAIL, ["slk"],
                dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))
    board = board.context.new_page()  # the e-mail's link opens a new tab, signed in
    open_page(board, re.search(r"https?://\S+#namnd-questions", body).group(0))
    q = board.locator(".kr-board-question", has_text=QUESTION)
    q.wait_for()
    assert "Nämnden har inte svarat ännu." in q.inner_text()
    q.get_by_label("Nämndens svar").fill(ANSWER)
    q.get_by_role("button", name="Spara svaret").click()
    q.get_by_text("Svaret är sparat", exact=False).wait_for()
    wait_for_dash(board)
    shot(board, "board-answer", q)
    paminn(base, monkeypatch, capsys)
    paminn(base, monkeypatch, capsys)
    new = mails.messages[n_first:]
    answers = [m for to, m in new if to == (SLK_MAIL,) and "har svarat om" in m["Subject"]]
    assert len(answers) == 1, [(to, m["Subject"]) for to, m in new]
    assert f"”{ANSWER}”" in answers[0].get_content()
    assert f"{base}/mote{T2}&namnd={BOARD}" in answers[0].get_content()
    keys = [(to, m["Subject"]) for to, m in mails.messages]
    assert len(keys) == len(set(keys))  # nothing twice
    for _, m in mails.messages:  # no draft text to anyone
        assert OTHER_DRAFT not in m.get_content()

    # 7. the report book printed by the board user: its text, no other board's draft
    open_page(board, f"{base}/rapport{T2}")
    book = printed(board, tmp_path / "rapport.pdf")
    assert "Innehåll" in book and "Skarpnäcks stadsdelsnämnd" in book
    # the motivation's own marker, and all its words: a table's cells come out of the PDF's
    # text interleaved with their neighbours', in an order that follows the layout
    words = set(book.split())
    assert "WALK7K" in words and set(OWN_TEXT.split()) <= words, "the board's text is in the book"
    assert "WALK7F" not in book and "(utkast)" not in book
    shot(board, "board-rapport")
