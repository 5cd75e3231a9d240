"""/admin – Förvaltning: only an admin sees the periods and the Lås/Lås upp buttons, and the
callbacks refuse everyone else on the server (called directly, as a forged request would reach
them); an admin locks and unlocks, confirming first."""

from __future__ import annotations

import pytest

from ils.access import Viewer
from queries import scope
from queries.db import get_engine
from queries.write.lock_writes import lock_period
from queries.write.locks import locks
from tests.dash_tree import find_all, find_by_id, text
from tests.lock_support import everything

ADMIN = Viewer(role="admin", name="Ada Admin", subject="sub-ada")
LOCK_VB = {"year": 2022, "period": "VB", "action": "lock"}


@pytest.fixture
def admin_db(tmp_path, monkeypatch) -> str:
    """The app on its own copy of the fixture city (these tests lock its periods)."""
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_city import city

    url = f"sqlite:///{tmp_path / 'admin.db'}"
    eng = make_engine(url)
    replace_dataset(eng, city(), {"demo": "1"})
    eng.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401

    return url


def page():
    from pages import admin

    return admin


def buttons(out) -> dict[str, str]:
    """{"VB 2022": "lock", …} of the rendered table's buttons."""
    found = find_all(out, lambda c: isinstance(getattr(c, "id", None), dict)
                     and c.id.get("type") == "admin-action")
    return {f"{b.id['period']} {b.id['year']}": b.id["action"] for b in found}


def test_registered_at_admin_and_in_the_nav_of_admins_only(admin_db):
    import dash

    from components.shell import nav_links

    entry = dash.page_registry["pages.admin"]
    assert entry["path"] == "/admin" and entry["name"] == "Förvaltning"
    assert entry["title"] == "Förvaltning – Kontrollrum"
    for viewer in (Viewer(), Viewer(role="slk"), ADMIN):
        with scope.acting_as(viewer):
            names = [text(item) for item in nav_links(scope.viewer())]
        assert "Så fungerar Kontrollrum" in names
        assert ("Förvaltning" in names) == viewer.is_admin, viewer


def test_layout_does_no_io(monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DB", "sqlite:////nonexistent-dir/x.db")
    import app  # noqa: F401

    out = page().layout()
    assert find_by_id(out, "admin-args") is not None and find_by_id(out, "admin-modal")


@pytest.mark.parametrize("viewer", [Viewer(), Viewer(role="lasare"), Viewer(role="slk"),
                                    Viewer(role="namnd", orgs=("norrby",))])
def test_anyone_but_an_admin_is_refused(admin_db, viewer):
    before = everything(get_engine())
    with scope.acting_as(viewer):
        out = page().render({}, {"n": 0})
        assert "Sidan kräver administratörsbehörighet" in text(out)
        assert buttons(out) == {} and find_by_id(out, "admin-periods") is None
        opened = page().question({"type": "admin-action", **LOCK_VB})
        assert opened[0] is False and opened[-1] is None
        is_open, done, pending = page().confirm(1, LOCK_VB, {"n": 0})
    assert is_open is False and pending is None
    assert done == {"n": 1, "ok": False, "message": "Endast administratörer får låsa och låsa "
                                                    "upp perioder; inget ändrades."}
    assert locks(get_engine()).is_empty()
    assert everything(get_engine()) == before


def test_an_admin_sees_the_periods_and_locks_after_confirming(admin_db):
    with scope.acting_as(ADMIN):
        out = page().render({}, {"n": 0})
        table = text(find_by_id(out, "admin-periods"))
        assert "Verksamhetsberättelse 2022" in table and "Tertial 2 2022" in table
        assert table.count("Öppen") == 2 and "Låst den" in table
        assert buttons(out) == {"VB 2022": "lock", "T2 2022": "lock"}
        # the button asks first
        is_open, title, body, button, pending = page().question(
            {"type": "admin-action", **LOCK_VB})
        assert is_open is True and title == "Lås VB 2022?" and button == "Lås perioden"
        assert "Ingen import eller ändring" in body and pending == LOCK_VB
        assert locks(get_engine()).is_empty()  # asking changes nothing
        is_open, done, pending = page().confirm(1, LOCK_VB, {"n": 0})
        assert is_open is False and done["ok"] is True and done["n"] == 1
        assert done["message"].startswith("Låste VB 2022 (")
        assert "av Ada Admin)" in done["message"]
        out = page().render({}, done)
        assert buttons(out) == {"VB 2022": "unlock", "T2 2022": "lock"}
        assert "Ada Admin" in text(find_by_id(out, "admin-periods"))
        assert text(find_by_id(out, "admin-message")).startswith("Låste VB 2022")
        # locking it again: the Swedish reason, nothing changed
        _, again, _ = page().confirm(2, LOCK_VB, done)
        assert again["ok"] is False
        assert again["message"].startswith("Perioden VB 2022 är redan låst (låst ")
        _, undone, _ = page().confirm(3, {**LOCK_VB, "action": "unlock"}, again)
    assert undone["ok"] is True and undone["message"].startswith("Låste upp VB 2022")
    assert locks(get_engine()).is_empty()


@pytest.mark.parametrize("forged", [None, "x", {"year": "2022", "period": "VB", "action": "lock"},
                                    {"year": 2022, "period": "Q9", "action": "lock"},
                                    {"year": 2022, "period": "VB", "action": "drop"},
                                    {"year": True, "period": "VB", "action": "lock"}])
def test_a_forged_request_changes_nothing(admin_db, forged):
    with scope.acting_as(ADMIN):
        _, done, _ = page().confirm(1, forged, {"n": 0})
    assert done["ok"] is False and done["message"] == "Ogiltig begäran; inget ändrades."
    assert locks(get_engine()).is_empty()


def test_a_locked_period_is_marked_on_the_overview(admin_db):
    lock_period(get_engine(), 2022, "VB", "Ada Admin")
    with scope.acting_as(ADMIN):
        out = page().render({}, {"n": 0})
    row = text(find_by_id(out, "admin-periods"))
    assert "Låst" in row and "Ada Admin" in row


def test_locking_a_period_with_drafts_warns_that_they_stay_drafts(tmp_path, monkeypatch):
    """A lock freezes drafts (they cannot be published while it holds): the dialog says how
    many before the admin confirms; a period without drafts gets no warning."""
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.draft_support import with_drafts

    url = f"sqlite:///{tmp_path / 'drafts.db'}"
    eng = make_engine(url)
    replace_dataset(eng, with_drafts(), {"demo": "1"})
    eng.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401

    with scope.acting_as(ADMIN):
        _, _, body, _, _ = page().question({"type": "admin-action", **LOCK_VB})
        assert "3 självskattningar i perioden är fortfarande utkast" in text(body)
        _, _, body, _, _ = page().question(
            {"type": "admin-action", "year": 2022, "period": "T2", "action": "lock"})
        assert "1 självskattning i perioden är fortfarande ett utkast" in text(body)
        _, _, body, _, _ = page().question(
            {"type": "admin-action", "year": 2022, "period": "VB", "action": "unlock"})
        assert "utkast" not in text(body)
