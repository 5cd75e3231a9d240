"""The reporting round on the pages (§3.10): /, /mote and the board page name the boards that
have not published, with deadline and lateness in words; /admin sets deadlines (admins only,
refused on the server for anyone else) with the history shown."""

from __future__ import annotations

import datetime as dt

import pytest

from ils.access import Viewer
from queries import scope
from queries.db import get_engine
from queries.read import schedules
from tests.dash_tree import find_all, find_by_id, text

ADMIN = Viewer(role="admin", name="Ada Admin", subject="a1")


def test_the_overview_names_the_boards_that_have_not_published(round_db):
    from pages import start

    out = start.render({"ar": "2022", "period": "VB", "sort": None, "mal": None})
    head = text(find_by_id(out, "overview-boards-headline"))
    assert "2 nämnder har inte publicerat: Norrby stadsdelsnämnd (utkast, " in head
    assert "Söderby stadsdelsnämnd (utkast, " in head and "dagar sen)" in head
    assert text(find_by_id(out, "overview-round-summary")) == (
        "1 av 3 nämnder har publicerat sin rapportering, 2 har utkast; 2 är sena.")
    table = find_by_id(out, "overview-round-table")
    rows = text(table)
    assert "Kulturnämnden" in rows and "2023-02-15" in rows and "1 av 2" in rows
    late = find_all(table, lambda c: "kr-late" in (getattr(c, "className", "") or ""))
    assert len(late) == 2 and all(text(c).startswith("Sen, ") for c in late)


def test_the_meeting_and_the_board_page_show_the_round(round_db):
    from pages import mote, namnd

    base = {"ar": "2022", "period": "VB", "mal": None, "typ": None}
    picker = mote.render({**base, "namnd": None})
    assert "1 av 3 nämnder har publicerat" in text(find_by_id(picker, "meeting-round-summary"))
    everyone = mote.render({**base, "namnd": "alla"})
    assert find_by_id(everyone, "meeting-round-table") is not None
    one = mote.render({**base, "namnd": "soderby"})
    line = text(find_by_id(one, "board-round"))
    assert "Utkast, 1 av 2 mål publicerade · sista dag 2023-01-31" in line
    assert "Sen, " in line and line.endswith(" dagar")
    board = namnd.render({"ar": "2022", "period": "VB", "org_id": "kultur"})
    assert text(find_by_id(board, "board-round")) == (
        "Rapportering:  Publicerad, 1 av 1 mål publicerade · sista dag 2023-01-31")


def test_the_round_never_shows_draft_text_to_the_public(round_db):
    from pages import start

    with scope.acting_as(Viewer()):
        out = start.render({"ar": "2022", "period": "VB", "sort": None, "mal": None})
    # Söderby's draft is counted as a draft, its assessment word is nowhere in the round
    assert "Delvis" not in text(find_by_id(out, "overview-round"))


def admin_page():
    from pages import admin

    return admin


@pytest.mark.parametrize("viewer", [Viewer(), Viewer(role="slk", name="S"),
                                    Viewer(role="namnd", orgs=("norrby",))])
def test_only_an_admin_sets_a_deadline(round_db, viewer):
    with scope.acting_as(viewer):
        done = admin_page().schedule.save(1, "2022", "T2", "__alla__", "2022-09-14", {"n": 0})
    assert done["ok"] is False and "Inget ändrades" in done["message"]
    assert schedules.read_schedule(get_engine(), 2022, "T2").is_empty()


def test_an_admin_sets_and_changes_a_deadline_and_sees_the_history(round_db):
    page = admin_page()
    with scope.acting_as(ADMIN):
        out = page.render({}, {"n": 0})
        assert find_by_id(out, "admin-deadline-save") is not None
        done = page.schedule.save(1, "2022", "T2", "__alla__", "2022-09-14", {"n": 0})
        assert done == {"n": 1, "ok": True,
                        "message": "Sista dag T2 2022 för alla nämnder: 2022-09-14."}
        done = page.schedule.save(2, "2022", "T2", "soderby", "2022-09-20", done)
        bad = page.schedule.save(3, "2022", "T2", "soderby", "20 sep", done)
        assert bad["ok"] is False and "ÅÅÅÅ-MM-DD" in bad["message"]
        out = page.render({}, done)
    assert text(find_by_id(out, "admin-message")).startswith("Sista dag T2 2022 för soderby")
    current = text(find_by_id(out, "admin-deadlines"))
    assert "Alla nämnder" in current and "Söderby stadsdelsnämnd" in current
    history = text(find_by_id(out, "admin-deadline-history"))
    assert history.count("Ada Admin") == 2 and "satt" in history
    assert schedules.read_schedule(get_engine(), 2022, "T2")["deadline"].to_list() == [
        dt.date(2022, 9, 14), dt.date(2022, 9, 20)]
