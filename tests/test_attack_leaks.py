"""Drafts made in the app never leak through the new paths (issues 12–13): a board's draft
assessments (saved over HTTP), the history of a published period returned to draft, SLK's
note and question about a board still drafting — crawled over raw HTTP as every role (each on
its own copy of the database: the crawl clicks "Spara", "Publicera", "Anteckna" where the role
has them). The goal page's Historik, the board's form and questions, /mote's notes and their
history, the publish summary and every download are scanned: the draft texts reach exactly
those who may see them."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import make_url

from ils.access import Viewer
from tests.attack_support import (
    ADA,
    CTX,
    LONG,
    NORA,
    SIV,
    call,
    client_as,
    fresh_city,
    note_key,
    save_assessment,
    save_note,
)
from tests.crawl import Crawler

DRAFT_A = "UTKAST-A-HEMLIG-MOTIVERING"
DRAFT_B = "UTKAST-B-HEMLIG-MOTIVERING"
REOPENED = "UTKAST-C-EFTER-ÅTERFÖRING"
REASON = "ÅTERFÖRINGSSKÄL-HEMLIGT"
NOTE = "SLK-ANTECKNING-OM-UTKAST"
QUESTION = "SLK-FRÅGA-OM-UTKAST"
SECRETS = (DRAFT_A, DRAFT_B, REOPENED, REASON, NOTE, QUESTION)
ROLES = {
    "publik": None,
    "lasare": Viewer(role="lasare", name="Kim Läsare", subject="u1"),
    "soderby": Viewer(role="namnd", orgs=("soderby",), name="Sam Söderby", subject="u3"),
    "norrby": Viewer(role="namnd", orgs=("norrby",), name="Nora Norrby", subject="nora"),
    "slk": Viewer(role="slk", name="Cecilia Controller", subject="u4"),
    "admin": Viewer(role="admin", name="Ada Admin", subject="u5"),
}
SEES_ALL = {"norrby", "slk", "admin"}
URLS = ("/namnd/norrby?ar=2022&period=T2", "/namnd/norrby?ar=2022&period=VB",
        "/namnd/soderby?ar=2022&period=T2", "/namnd/soderby?ar=2022&period=VB",
        "/mal/vom11?ar=2022&period=T2", "/mal/vom11?ar=2022&period=VB",
        "/mal/vom12?ar=2022&period=T2",
        "/mote?ar=2022&period=T2", "/mote?ar=2022&period=T2&namnd=norrby",
        "/mote?ar=2022&period=VB&namnd=norrby", "/?ar=2022&period=T2",
        "/jamforelse?ar=2022&period=T2", "/admin")


def _write_the_drafts() -> None:
    """Norrby drafts T2; its published VB goes back to draft and is changed; SLK notes and
    asks about Norrby's T2 and VB items (Norrby has published neither now)."""
    nora, siv, ada = client_as(NORA), client_as(SIV), client_as(ADA)
    assert "Sparat" in save_assessment(nora, text=f"{DRAFT_A} {LONG}").said
    assert "Sparat" in save_assessment(nora, goal="vom12", value="ej",
                                       text=f"{DRAFT_B} {LONG}").said
    got = call(ada, "kr-assess-to-draft", state={"kr-assess-ctx": {**CTX, "period": "VB"},
                                                 "kr-assess-reason": REASON})
    assert "utkast igen" in got.said
    vb = {**CTX, "period": "VB"}
    got = save_assessment(nora, value="delvis", text=f"{REOPENED} {LONG}", version=1, ctx=vb)
    assert "Sparat" in got.said, got.said
    for key in (note_key(ind="ind-las"), note_key(period="VB", kind="rod_gul")):  # items
        got = save_note(siv, key=key, note=NOTE, question=QUESTION)
        assert "Sparat" in got.said, got.said


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    try:
        folder = tmp_path_factory.mktemp("leaks")
        url = fresh_city(f"sqlite:///{folder / 'written.db'}", mp)
        _write_the_drafts()
        got = {}
        for role, viewer in ROLES.items():
            copy = folder / f"{role}.db"
            with sqlite3.connect(make_url(url).database) as src, sqlite3.connect(copy) as dst:
                src.backup(dst)  # with what is still in the write-ahead log
            mp.setenv("KONTROLLRUM_DB", f"sqlite:///{copy}")
            crawler = Crawler(client_as(viewer))
            for page in URLS:
                crawler.page(page)
            got[role] = crawler.answers
        return got
    finally:
        mp.undo()


def test_the_crawl_reaches_the_new_forms_and_sections(answers):
    calls = {role: [k for k in got if not k.startswith("GET ")] for role, got in
             answers.items()}
    assert any("kr-assess-msg" in k for k in calls["norrby"])  # Spara utkast
    assert any("kr-assess-publish-confirm" in k for k in calls["norrby"])  # the summary
    assert any("namnd-q-msg" in k for k in calls["norrby"])  # an answer
    assert any("mote-note-form" in k for k in calls["slk"])  # Anteckna
    assert any("mote-note-msg" in k for k in calls["slk"])  # Spara
    assert any("kr-assess-to-draft-msg" in k for k in calls["admin"])
    for role in ("publik", "lasare"):  # (Söderby's users have Söderby's own form)
        assert not any("kr-assess-msg" in k or "mote-note-form" in k for k in calls[role])
    assert not any("mote-note-form" in k for k in calls["soderby"])
    norrby = "\n".join(answers["norrby"].values())
    assert "Historik" in norrby and "Frågor från stadsledningskontoret" in norrby


@pytest.mark.parametrize("role", sorted(ROLES))
def test_app_drafts_reach_exactly_those_who_may_see_them(answers, role):
    body = "\n".join(answers[role].values())
    seen = {s for s in SECRETS if s in body}
    if role in SEES_ALL:
        assert seen == set(SECRETS), (role, set(SECRETS) - seen)
        assert "Innehåller utkast" in body
    else:
        assert seen == set(), (role, seen)
        # not even that the note or the drafts exist
        assert "Cecilia Controller" not in body and "Siv Controller" not in body
        assert "Nora Norrby" not in body
