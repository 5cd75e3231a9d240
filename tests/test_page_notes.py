"""The controllers' notes on /mote and the boards' answers on their page (issue 13), the
callbacks called directly as each role (as a forged request would reach them), on SQLite and
PostgreSQL, on the comparison city's agenda of VB 2022 (tests/test_page_meeting.py)."""

from __future__ import annotations

import polars as pl
import pytest
from sqlalchemy import func, select

from ils.access import PUBLIC, Viewer
from pagekit import folds
from queries import scope
from queries.db import get_engine
from queries.schema import agenda_note
from tests.dash_tree import find_all, text

SIV = Viewer(role="slk", name="Siv Controller")
ADA = Viewer(role="admin", name="Ada Admin")
NORA = Viewer(role="namnd", orgs=("norrby",), name="Nora Norrby")
SOFIA = Viewer(role="namnd", orgs=("soderby",), name="Sofia Söderby")
LASSE = Viewer(role="lasare", name="Lasse Läsare")
HOSTILE = "=HYPERLINK(\"x\") <b>fet</b><script>alert(1)</script>"


@pytest.fixture
def notes_db(db_url, monkeypatch) -> str:
    """The app on its own copy of the comparison city (these tests write notes)."""
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_comparison import comparison_city

    engine = make_engine(db_url)
    replace_dataset(engine, comparison_city(), {"demo": "1"})
    engine.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", db_url)
    import app  # noqa: F401

    return db_url


def item(org="norrby") -> dict:
    """The first agenda item of a board in VB 2022."""
    from pages.mote import data

    d = data.load({"ar": "2022", "period": "VB", "namnd": org})
    return d.items.row(0, named=True)


def key(it: dict) -> str:
    from pages.mote import notes

    return notes.key_json(2022, "VB", it)


def section(it: dict, viewer: Viewer):

    with scope.acting_as(viewer):
        return folds.build("mote", {"ar": 2022, "period": "VB", "namnd": "alla",
                                   "vom": it["vom_id"]})


def save(viewer: Viewer, k: str, note="Ring nämnden", decision="Följ upp i T1",
         state="oppen", question="Varför vilar ljuset på prognos?", version=0):
    from pages.mote import notes

    with scope.acting_as(viewer):
        return notes.saved(k, note, decision, state, question, version)


def n_notes() -> int:
    with get_engine().connect() as conn:
        return conn.execute(select(func.count()).select_from(agenda_note)).scalar_one()


def opens(node) -> list:
    return find_all(node, lambda c: isinstance(getattr(c, "id", None), dict)
                    and c.id.get("type") == "mote-note-open")


def test_slk_saves_a_note_everyone_sees_it_as_text(notes_db):
    from pages.mote import notes

    it = item()
    k = key(it)
    assert opens(section(it, SIV)) and not opens(section(it, PUBLIC))
    with scope.acting_as(SIV):
        form, is_open = notes.opened(k)
    assert is_open is True and "Beslutets läge" in text(form) and "Spara" in text(form)
    msg, view, version = save(SIV, k, note=HOSTILE, state="atgardad")
    assert "Sparat (version 1)" in text(msg) and version == 1
    assert HOSTILE in text(view) and "Åtgärdad" in text(view)
    for viewer in (PUBLIC, LASSE, SIV):  # norrby has published VB 2022: everyone sees it
        body = text(section(it, viewer))
        assert HOSTILE in body and "Följ upp i T1" in body
        assert "Varför vilar ljuset på prognos?" in body and "Nämnden har inte svarat" in body
    # the text stays text: no component parses HTML
    assert not find_all(section(it, PUBLIC),
                        lambda c: getattr(c, "dangerously_allow_html", False))


@pytest.mark.parametrize("viewer", [PUBLIC, LASSE, NORA])
def test_others_are_refused_on_the_server_and_nothing_is_stored(notes_db, viewer):
    from pages.mote import notes

    k = key(item())
    assert not opens(section(item(), viewer))
    with scope.acting_as(viewer):
        form, _ = notes.opened(k)
    assert notes.NOT_YOURS in text(form) and "Spara" not in text(form)
    msg, view, version = save(viewer, k)
    assert text(msg) == notes.NOT_YOURS
    assert n_notes() == 0


def test_a_second_save_from_an_old_version_is_a_conflict(notes_db):
    k = key(item())
    save(SIV, k, note="Sivs anteckning")
    msg, view, version = save(ADA, k, note="Adas anteckning", version=0)
    shown = text(msg)
    assert shown.startswith("Någon annan sparade medan du skrev: ")
    assert "Siv Controller" in shown and "Sivs anteckning" in shown
    assert "Sivs anteckning" in text(view) and version == 1  # the next save expects Siv's
    msg, view, version = save(ADA, k, note="Adas anteckning", version=version)
    assert "version 2" in text(msg) and "Adas anteckning" in text(view)


def test_history_shows_who_when_old_and_new(notes_db):
    it = item()
    k = key(it)
    save(SIV, k, note="Första")
    save(ADA, k, note="Andra", state="ingen_atgard", version=1)
    hist = find_all(section(it, PUBLIC),
                    lambda c: "kr-note-history" in (getattr(c, "className", "") or ""))
    assert len(hist) == 1
    words = text(hist[0])
    assert "Historik (2 ändringar)" in words
    assert "Siv Controller · skapad" in words and "Ada Admin · ändrad" in words
    assert "Anteckning: Första → Andra" in words and "Läge: Öppen → Ingen åtgärd" in words


def test_a_locked_period_refuses_in_swedish(notes_db):
    from queries.write.lock_writes import lock_period

    it = item()
    assert find_all(section(it, SIV), lambda c: text(c) == "Anteckna")  # open: the button
    lock_period(get_engine(), 2022, "VB", "Ada Admin")
    assert not find_all(section(it, SIV), lambda c: text(c) == "Anteckna")  # locked: none
    msg, _, _ = save(SIV, key(it))  # a forged save is refused on the server all the same
    assert "låst" in text(msg).lower() and n_notes() == 0


def test_a_forged_key_is_refused(notes_db):
    msg, view, version = save(SIV, '{"ar": 2022, "period": "Q9"}')
    assert "Punkten finns inte" in text(msg) and n_notes() == 0


def test_the_agenda_sheet_has_the_notes(notes_db):
    from pages import mote

    it = item()
    save(SIV, key(it), note=HOSTILE, state="atgardad", question="Hur går det?")
    args = {"ar": "2022", "period": "VB", "namnd": "norrby"}
    with scope.acting_as(LASSE):
        frame = mote.agenda_table(dict(args)).frame
    for col in ("Anteckning", "Beslut", "Beslutets läge", "Fråga till nämnden",
                "Nämndens svar"):
        assert col in frame.columns
    first = frame.row(0, named=True)
    assert first["Anteckning"] == HOSTILE and first["Beslutets läge"] == "Åtgärdad"
    assert first["Fråga till nämnden"] == "Hur går det?" and first["Nämndens svar"] is None
    assert frame["Anteckning"].drop_nulls().len() == 1
    from pagekit.downloads import file_bytes  # the CSV neutralises the formula
    body, _ = file_bytes("mote", "agenda", args, "csv")
    assert b"'=HYPERLINK" in body or b"\"'=HYPERLINK" in body


def board_questions(org: str, viewer: Viewer):
    from pages.namnd import questions

    with scope.acting_as(viewer):
        return questions.section(org, 2022, "VB")


def answer(viewer: Viewer, k: str, words: str, version: int):
    from pages.namnd import questions

    with scope.acting_as(viewer):
        return questions.answered(k, words, version)


def test_the_board_answers_its_question_another_board_cannot(notes_db):
    from pages.namnd import questions

    it = item()
    k = key(it)
    assert "inga frågor" in text(board_questions("norrby", NORA))
    save(SIV, k, question="Varför gult?")
    for viewer in (SOFIA, SIV, LASSE, PUBLIC):  # they read it, but get no form
        out = board_questions("norrby", viewer)
        assert "Varför gult?" in text(out) and "Spara svaret" not in text(out)
        msg, _, _ = answer(viewer, k, "Vi svarar ändå", 1)
        assert "kan svara på frågan" in text(msg) or "Bara" in text(msg)
    out = board_questions("norrby", NORA)
    assert questions.TITLE in text(out) and "Spara svaret" in text(out)
    msg, view, version = answer(NORA, k, "Prognosen höll inte.", 1)
    assert "Svaret är sparat (version 2)" in text(msg) and version == 2
    assert "Prognosen höll inte." in text(view) and "Nora Norrby" in text(view)
    msg, view, version = answer(NORA, k, "Ett annat svar", 1)  # from the old version
    assert text(msg).startswith("Någon annan sparade medan du skrev: ")
    assert "Prognosen höll inte." in text(msg) and version == 2
    # the answer shows on /mote and in the sheet
    assert "Prognosen höll inte." in text(section(it, PUBLIC))
    from pages import mote

    with scope.acting_as(PUBLIC):
        frame = mote.agenda_table({"ar": "2022", "period": "VB", "namnd": "norrby"}).frame
    assert frame.row(0, named=True)["Nämndens svar"] == "Prognosen höll inte."


def test_no_answer_box_in_a_locked_period(notes_db):
    """Issue 21 item 9: the answer box is not offered where the save would be refused, and
    the board user's refusal names no CLI command."""
    from queries.write.lock_writes import lock_period

    k = key(item())
    save(SIV, k, question="Varför gult?")
    assert "Spara svaret" in text(board_questions("norrby", NORA))
    lock_period(get_engine(), 2022, "VB", "Ada Admin")
    out = text(board_questions("norrby", NORA))
    assert "Varför gult?" in out and "Spara svaret" not in out
    assert "Perioden VB 2022 är låst: svar kan inte lämnas" in out
    msg, _, _ = answer(NORA, k, "Vi svarar ändå", 1)  # a forged save: refused all the same
    assert "låst" in text(msg) and "kontrollrum unlock" not in text(msg)
    assert "Bara en administratör kan låsa upp perioden" in text(msg)


def test_the_section_is_on_the_board_page(notes_db):
    from pages import namnd

    save(SIV, key(item()), question="Varför gult?")
    with scope.acting_as(NORA):
        out = namnd.render({"ar": "2022", "period": "VB", "sort": None, "mal": None,
                            "org_id": "norrby"})
    assert "Frågor från stadsledningskontoret" in text(out) and "Varför gult?" in text(out)


def test_a_note_on_a_draft_period_follows_the_draft_rules(notes_db):
    """Norrby's VB 2022 back in draft: its notes are only for those who see its drafts —
    not the public or readers (on /mote, in the sheet, on the board page), nor Söderby."""
    from pages import mote
    from queries.write.assessments_write import return_to_draft

    it = item("norrby")
    save(SIV, key(it), note="Hemlig anteckning", question="Fråga om utkastet?")
    assert return_to_draft(get_engine(), ADA, "norrby", 2022, "VB", "Rättelse av siffror") > 0
    args = {"ar": "2022", "period": "VB", "namnd": "norrby"}
    for viewer, sees in ((PUBLIC, False), (LASSE, False), (SOFIA, False), (NORA, True),
                         (SIV, True)):
        assert ("Hemlig anteckning" in text(section(it, viewer))) is sees, viewer
        assert ("Fråga om utkastet?" in text(board_questions("norrby", viewer))) is sees
        with scope.acting_as(viewer):
            frame = mote.agenda_table(dict(args)).frame
        assert (frame["Anteckning"].drop_nulls().to_list() == ["Hemlig anteckning"]) is sees


def city_item() -> dict:
    """An agenda item of the city as a whole (listed under "Hela staden")."""
    from pages.mote import data

    d = data.load({"ar": "2022", "period": "VB", "namnd": "alla"})
    rows = d.items.filter(pl.col("org_id") == "stad")
    assert rows.height, "the comparison city has city-wide items at VB 2022"
    return rows.row(0, named=True)


def test_a_city_wide_item_has_no_question_to_ask_and_the_server_refuses_one(notes_db):
    """A question goes to a board, which answers it; an item of the whole city has no board,
    so the form offers no question and a forged one is refused, nothing stored."""
    from pages.mote import notes

    k = key(city_item())
    with scope.acting_as(SIV):
        form, _ = notes.opened(k)
    assert "Fråga till nämnden" not in text(form)
    assert "det finns ingen nämnd att ställa en fråga till" in text(form)
    msg, _, _ = save(SIV, k)
    assert "ingen nämnd kan svara" in text(msg) and n_notes() == 0
    msg, _, version = save(SIV, k, question="")
    assert "Sparat (version 1)" in text(msg) and version == 1 and n_notes() == 1
    with scope.acting_as(SIV):  # a board's item still has its question
        assert "Fråga till nämnden" in text(notes.opened(key(item()))[0])
