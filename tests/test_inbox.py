""""Att göra" and "Min nämnd": a board user's goals to do, SLK's questions and a return to
draft; SLK's answers, late boards and agenda items without a note; each item links to where
it is done; nobody sees another board's items; a board user lands on its own board."""

from __future__ import annotations

import datetime as dt

import pytest

from ils import inbox
from ils.access import Viewer
from ils.notes import ItemKey
from queries import scope
from queries.db import get_engine
from queries.write.assessments_write import return_to_draft
from queries.write.notes_write import answer_question, save_note
from tests.dash_tree import find_by_id, hrefs, text

D = dt.date
NORRBY = Viewer(role="namnd", orgs=("norrby",), name="Nora Norrby", subject="n1")
SODERBY = Viewer(role="namnd", orgs=("soderby",), name="Sam Söderby", subject="s1")
SLK = Viewer(role="slk", name="Sara SLK", subject="k1")
ADMIN = Viewer(role="admin", name="Ada Admin", subject="a1")
VB = {"ar": "2022", "period": "VB"}


def test_the_pure_items_say_what_and_when():
    goals = [{"goal_id": "v1", "code": "1.1", "title": "Barn", "status": None},
             {"goal_id": "v2", "code": "1.2", "title": "Äldre", "status": "utkast"},
             {"goal_id": "v3", "code": "1.3", "title": "Klart", "status": "publicerad"}]
    got = inbox.board_items("b", "?ar=2022&period=VB", goals, [], [], D(2023, 1, 31),
                            D(2023, 1, 31))
    assert [(i.kind, i.text, i.href, i.urgent) for i in got] == [
        ("bedom", "Bedöm och publicera 1.1 Barn – sista dag 2023-01-31",
         "/namnd/b?ar=2022&period=VB#mal-v1", False),
        ("publicera", "Publicera utkastet för 1.2 Äldre – sista dag 2023-01-31",
         "/namnd/b?ar=2022&period=VB#mal-v2", False)]
    late = inbox.board_items("b", "", goals[:1], [], [], D(2023, 1, 31), D(2023, 2, 1))
    assert late[0].text.endswith("– sen, 1 dag (sista dag 2023-01-31)") and late[0].urgent


def todo(viewer, **args):
    from pages import att_gora

    with scope.acting_as(viewer):
        return att_gora.render({**VB, **args})


def test_a_board_user_sees_its_goals_questions_and_a_return_to_draft(round_db):
    key = ItemKey(2022, "VB", "oenighet", "vom11", "soderby", "")
    with scope.acting_as(SLK):
        save_note(get_engine(), SLK, key, None, None, "oppen", "Varför uppfyllt utan stöd?", 0)
    out = todo(SODERBY)
    items = text(find_by_id(out, "todo-board-soderby"))
    assert "Publicera utkastet för 1.2 Äldre trivs – sen, " in items
    assert "Svara på SLK:s fråga om 1.1 Barn lär sig: ”Varför uppfyllt utan stöd?”" in items
    assert "/namnd/soderby?ar=2022&period=VB#namnd-questions" in hrefs(out)
    assert find_by_id(out, "todo-round") is None  # the round is SLK's
    assert find_by_id(out, "todo-board-norrby") is None
    return_to_draft(get_engine(), ADMIN, "kultur", 2022, "VB", "Fel siffra i underlaget")
    kultur = todo(Viewer(role="namnd", orgs=("kultur",), name="K", subject="k"))
    assert "återfördes till utkast" in text(kultur) and "”Fel siffra i underlaget”" in text(
        kultur)


def test_slk_sees_answers_late_boards_and_items_without_a_note(round_db):
    key = ItemKey(2022, "VB", "oenighet", "vom11", "soderby", "")
    with scope.acting_as(SLK):
        save_note(get_engine(), SLK, key, None, None, "oppen", "Varför?", 0)
    with scope.acting_as(SODERBY):
        answer_question(get_engine(), SODERBY, key, "Enkäten visar det.", 1)
    out = todo(SLK)
    items = text(find_by_id(out, "todo-round"))
    assert "Söderby stadsdelsnämnd har svarat om 1.1 Barn lär sig: ”Enkäten visar det.”" in items
    assert "Norrby stadsdelsnämnd är sen med rapporteringen: " in items
    assert "utan anteckning" in items
    assert "/mote?ar=2022&period=VB&namnd=soderby" in hrefs(out)


@pytest.mark.parametrize("viewer", [Viewer(), Viewer(role="lasare", name="L")])
def test_no_work_no_items(round_db, viewer):
    out = todo(viewer)
    assert find_by_id(out, "todo-signin") is not None
    assert "Äldre trivs" not in text(out)


def test_the_menu_has_min_namnd_and_att_gora_for_those_with_work(round_db):
    from components.shell import nav_links

    for viewer, mine, work in ((Viewer(), False, False), (Viewer(role="lasare"), False, False),
                               (NORRBY, True, True), (SLK, False, True)):
        with scope.acting_as(viewer):
            links = nav_links(scope.viewer())
        names = [text(link) for link in links]
        assert ("Min nämnd" in names) == mine and ("Att göra" in names) == work, viewer
        if mine:
            assert "/namnd/norrby" in hrefs(links)


def test_a_board_user_lands_on_its_board_at_the_open_round(round_db):
    import app
    from web.routes import landing

    with app.server.test_request_context("/logga-in"):
        assert landing(NORRBY, "/") == "/namnd/norrby?ar=2022&period=VB"
        assert landing(NORRBY, "/jamforelse") == "/jamforelse"  # a page asked for: kept
        assert landing(SLK, "/") == "/"


def test_drafts_left_in_another_open_period_are_listed_once_per_period():
    got = inbox.elsewhere_items("b", [(2022, "T1", 1, None), (2022, "T2", 3, D(2022, 9, 15))],
                                D(2022, 9, 20))
    assert [(i.kind, i.text, i.href, i.urgent) for i in got] == [
        ("annan_period", "3 mål har utkast som inte är publicerade i T2 2022 – sen, 5 dagar "
         "(sista dag 2022-09-15)", "/namnd/b?ar=2022&period=T2#kr-assess", True),
        ("annan_period", "1 mål har utkast som inte är publicerade i T1 2022",
         "/namnd/b?ar=2022&period=T1#kr-assess", False)]
    assert inbox.elsewhere_items("b", [], D(2022, 9, 20)) == []


def test_a_board_at_vb_is_told_of_its_unpublished_t2_drafts_until_t2_is_locked(round_db):
    """At VB the board's "Att göra" also lists what it left as a draft in T2 (not locked);
    another board never sees it, and once T2 is locked it is no longer work."""
    from queries.write.assessments_write import save_assessment
    from queries.write.lock_writes import lock_period

    motivation = "Ett utkast för T2 som nämnden glömde publicera innan VB började."
    with scope.acting_as(SODERBY):
        save_assessment(get_engine(), SODERBY, "vom11", "soderby", 2022, "T2", "delvis",
                        "indikatorer", motivation, 0)
    items = text(find_by_id(todo(SODERBY), "todo-board-soderby"))
    assert "1 mål har utkast som inte är publicerade i T2 2022" in items
    assert "/namnd/soderby?ar=2022&period=T2#kr-assess" in hrefs(todo(SODERBY))
    assert motivation not in text(todo(SODERBY))  # the item says what, never the draft's text
    assert "T2 2022" not in text(find_by_id(todo(NORRBY), "todo-board-norrby"))
    lock_period(get_engine(), 2022, "T2", "Ada Admin")
    assert "inte är publicerade i T2 2022" not in text(todo(SODERBY))
