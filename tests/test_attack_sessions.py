"""The in-app writes under a hostile web and a failing database (issues 12–14), over raw HTTP:
cross-site posts of a signed-in user are refused (403, nothing stored); two users saving the
same version at once get one save and one Conflict showing the other's version (SQLite and
PostgreSQL); the database going away before or in the middle of a write gives the Swedish
outage message, no traceback, and nothing half-stored."""

from __future__ import annotations

import socket
import sqlite3
import threading

import pytest
from sqlalchemy import make_url

from tests.attack_support import (
    ADA,
    CTX,
    LONG,
    NILS,
    NORA,
    SAM,
    SIV,
    answer,
    call,
    clean,
    client_as,
    dump,
    fresh_city,
    save_assessment,
    save_note,
)

OUTAGE = "Databasen svarar inte just nu"


@pytest.fixture
def city(db_url, monkeypatch):
    return fresh_city(db_url, monkeypatch)


# --- cross-site ---------------------------------------------------------------------------

WRITES = [  # (who, the callback's trigger, match, state)
    (NORA, "kr-assess-save", {"goal": "vom12"}, None),
    (NORA, "kr-assess-publish-now", None, {"kr-assess-ctx": CTX,
                                           "kr-assess-publish-versions": {"vom11": 1}}),
    (SIV, "mote-note-save", None, None),
    (NORA, "namnd-q-save", None, None),
    (ADA, "kr-assess-to-draft", None, {"kr-assess-ctx": {**CTX, "period": "VB"},
                                       "kr-assess-reason": "Rättelse"}),
    (ADA, "admin-confirm", None, {"admin-pending": {"year": 2022, "period": "VB",
                                                    "action": "lock"}, "admin-done": {"n": 0}}),
]
ELSEWHERE = [{"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"},
             {"Sec-Fetch-Site": "same-site"}, {"Origin": "null"},
             {"Origin": "http://localhost.evil.example"},
             {"Origin": "https://evil.example", "Sec-Fetch-Site": "same-origin"}]


def _send(viewer, trigger, match, state, headers=None):
    c = client_as(viewer)
    if trigger == "kr-assess-save":
        return save_assessment(c, goal=match["goal"], headers=headers)
    if trigger == "mote-note-save":  # a change of the note saved before (version 1)
        return save_note(c, note="Ändrad anteckning", version=1, headers=headers)
    if trigger == "namnd-q-save":
        return answer(c, headers=headers)
    return call(c, trigger, match, state, headers=headers)


@pytest.mark.parametrize("write", range(len(WRITES)), ids=[w[1] for w in WRITES])
def test_a_cross_site_write_is_refused_and_stores_nothing(city, write):
    viewer, trigger, match, state = WRITES[write]
    save_assessment(client_as(NORA))  # a draft to publish
    save_note(client_as(SIV))  # a question to answer
    before = dump()
    for headers in ELSEWHERE:
        got = _send(viewer, trigger, match, state, headers)
        assert got.status == 403, (headers, got.status)
        assert "Begäran avvisades: den kom från en annan webbplats" in got.text
    assert dump() == before
    got = _send(viewer, trigger, match, state, {"Origin": "http://localhost",
                                                "Sec-Fetch-Site": "same-origin"})
    assert got.status == 200 and clean(got)
    assert dump() != before  # the same request from the app's own page is stored


# --- two users at once --------------------------------------------------------------------

def _at_once(calls) -> list:
    """Run the calls in threads released together; their answers in order."""
    barrier, out = threading.Barrier(len(calls)), [None] * len(calls)

    def run(i):
        barrier.wait()
        out[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return out


def _history_rows(table: str) -> list[str]:
    return dump((table,))[table]


@pytest.mark.parametrize("rounds", [3])
def test_two_board_users_saving_the_same_version_at_once(city, rounds):
    """Nora and Nils (and Nora again, in a second tab) save the same goal from the same
    version at the same moment: one is stored, the others see it as a conflict."""
    values = ("uppfyllt", "delvis", "ej")
    people = (NORA, NILS, NORA)
    for version in range(rounds):
        got = _at_once([lambda i=i, version=version: save_assessment(
            client_as(people[i]), goal="vom12", value=values[i], version=version,
            text=f"{LONG} Omgång {version}, flik {i}.") for i in range(len(people))])
        assert all(a.status == 200 and clean(a) for a in got), [a.text[:200] for a in got]
        saved = [a for a in got if "Sparat som utkast" in a.said]
        refused = [a for a in got if "Din ändring sparades inte" in a.said]
        assert len(saved) == 1 and len(refused) == len(people) - 1, [a.said[:90] for a in got]
        assert all(f"(version {version + 1})" in a.said for a in refused)  # the other's
        history = [h for h in _history_rows("assessment_history") if "'vom12'" in h]
        assert len(history) == version + 1
    stored = [r for r in dump(("assessment",))["assessment"] if "'vom12'" in r]
    assert len(stored) == 1 and f", {rounds}, " in stored[0]  # version `rounds`


def test_two_controllers_saving_a_note_at_once(city):
    got = _at_once([lambda p=p, i=i: save_note(client_as(p), note=f"Anteckning {i}")
                    for i, p in enumerate((SIV, SAM, SIV, SAM))])
    assert all(a.status == 200 and clean(a) for a in got)
    assert sum("Sparat (version 1)" in a.said for a in got) == 1, [a.said[:90] for a in got]
    assert sum("Någon annan sparade medan du skrev" in a.said for a in got) == 3
    assert len(_history_rows("agenda_note_history")) == 1
    assert len(dump(("agenda_note",))["agenda_note"]) == 1
    got = _at_once([lambda p=p, i=i: answer(client_as(p), text=f"Svar {i}")
                    for i, p in enumerate((NORA, NILS))])
    assert sum("Svaret är sparat (version 2)" in a.said for a in got) == 1
    assert len(_history_rows("agenda_note_history")) == 2


# --- the database goes away ---------------------------------------------------------------

def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _says_outage(got) -> None:
    assert got.status == 200 and clean(got), got.text[:300]
    assert OUTAGE.lower() in got.text.lower() and "Sparat" not in got.said


def test_every_write_says_the_database_is_down(tmp_path, monkeypatch):
    """Signed in, then KONTROLLRUM_DB points at a PostgreSQL server nobody listens on: the
    session (kept in the database) cannot be read either, and every write still answers with
    the outage message, never a traceback or a silent refusal."""
    fresh_city(f"sqlite:///{tmp_path / 'k.db'}", monkeypatch)
    clients = {id(v): client_as(v) for v in (NORA, SIV, ADA)}
    monkeypatch.setenv("KONTROLLRUM_DB", f"postgresql+psycopg://x@127.0.0.1:{_closed_port()}/x")

    def send(viewer, trigger, match, state):
        c = clients[id(viewer)]
        if trigger == "kr-assess-save":
            return save_assessment(c, goal=match["goal"])
        if trigger == "mote-note-save":
            return save_note(c, note="Ändrad anteckning", version=1)
        if trigger == "namnd-q-save":
            return answer(c)
        return call(c, trigger, match, state)

    for viewer, trigger, match, state in WRITES:
        _says_outage(send(viewer, trigger, match, state))
    # the dialogs that read before a write: publishing's summary, locking's question
    _says_outage(call(clients[id(NORA)], "kr-assess-publish", state={"kr-assess-ctx": CTX}))
    _says_outage(call(clients[id(ADA)], "admin-action", {"year": 2022, "period": "VB",
                                                          "action": "lock"}))


@pytest.mark.postgres
def test_postgresql_cut_in_the_middle_of_a_save(pg_url, monkeypatch):
    """The connection is cut after the row is written and before the commit: the user reads
    the outage message, nothing is stored, and the next save (database back) works."""
    from bench.faults import Proxy

    url = make_url(pg_url)
    proxy = Proxy((url.host or "127.0.0.1", url.port or 5432)).start()
    via = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
    try:
        fresh_city(via, monkeypatch)
        assert "Sparat" in save_assessment(client_as(NORA), goal="vom12").said
        before = dump()
        from queries.write import write_unit

        real = write_unit.renew_periods  # the unit's last step, before the commit

        def cut(conn, periods):
            proxy.stop()
            return real(conn, periods)

        monkeypatch.setattr(write_unit, "renew_periods", cut)
        _says_outage(save_assessment(client_as(NORA), value="ej"))
        monkeypatch.setattr(write_unit, "renew_periods", real)
        proxy.start()
        assert dump() == before
        got = save_assessment(client_as(NORA), value="ej")
        assert "Sparat som utkast (version 1)" in got.said
    finally:
        proxy.stop()


def test_sqlite_failing_in_the_middle_of_a_note(tmp_path, monkeypatch):
    """SQLite fails between the note and its history (as a full disk or a lost file would):
    the outage message, and neither the note nor its history is stored."""
    from queries.write import notes_write

    fresh_city(f"sqlite:///{tmp_path / 'k.db'}", monkeypatch)
    before = dump()

    def fail(*_args, **_kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(notes_write, "_history", fail)
    _says_outage(save_note(client_as(SIV)))
    assert dump() == before


def test_sqlite_locked_by_another_writer(tmp_path, monkeypatch):
    """Another process holds SQLite's write lock longer than a save waits: the outage
    message (not a traceback, not a false 'saved'), and the save works once it is free."""
    path = tmp_path / "k.db"
    fresh_city(f"sqlite:///{path}", monkeypatch)
    nora = client_as(NORA)
    holder = sqlite3.connect(path, timeout=0)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        _says_outage(save_assessment(nora))
    finally:
        holder.rollback()
        holder.close()
    assert "Sparat som utkast (version 1)" in save_assessment(client_as(NORA)).said


def test_publishing_what_the_summary_showed_not_what_was_saved_since(city):
    """Nora opens the publish summary; Nils then changes a draft; Nora's 'Publicera nu'
    would make public a text she never saw in the summary: refused, nothing published."""
    import json

    save_assessment(client_as(NORA))
    shown = call(client_as(NORA), "kr-assess-publish", state={"kr-assess-ctx": CTX})
    assert "Det här blir publikt" in shown.said

    def store(node):
        if isinstance(node, dict):
            if node.get("props", {}).get("id") == "kr-assess-publish-versions":
                return node["props"]["data"]
            return next((s for v in node.values() if (s := store(v)) is not None), None)
        if isinstance(node, list):
            return next((s for v in node if (s := store(v)) is not None), None)
        return None

    versions = store(json.loads(shown.text))
    assert versions == {"vom11": 1}
    assert "Sparat" in save_assessment(client_as(NILS), value="delvis", version=1).said
    before = dump()
    got = call(client_as(NORA), "kr-assess-publish-now", state={
        "kr-assess-ctx": CTX, "kr-assess-publish-versions": versions})
    assert clean(got) and "Utkasten har ändrats sedan sammanfattningen visades" in got.said
    assert dump() == before
    for forged in ({"vom11": "2"}, {"vom11": True}, [2], "x"):
        got = call(client_as(NORA), "kr-assess-publish-now", state={
            "kr-assess-ctx": CTX, "kr-assess-publish-versions": forged})
        assert clean(got) and "Ingenting publicerades" in got.said
    assert dump() == before
    got = call(client_as(NORA), "kr-assess-publish-now", state={
        "kr-assess-ctx": CTX, "kr-assess-publish-versions": {"vom11": 2}})
    assert "Publicerat: 1 mål" in got.said
