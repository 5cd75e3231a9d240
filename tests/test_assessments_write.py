"""Assessments and notes written in Kontrollrum (issue 13) on SQLite and PostgreSQL: roles,
conflicts, locks, history, draft visibility of the reads, text kept as given."""

from __future__ import annotations

import json

import polars as pl
import pytest
from sqlalchemy import func, select

from ils.access import PUBLIC, Viewer
from ils.notes import item_key
from queries.read import assessment_reads as reads
from queries.schema import agenda_note, assessment, assessment_history
from queries.scope import acting_as
from queries.write.assessments_write import (
    draft_versions,
    publish_period,
    return_to_draft,
    save_assessment,
)
from queries.write.notes_write import answer_question, save_note
from queries.write.store import replace_dataset
from queries.write.write_common import Conflict, Invalid, Locked, NotAllowed
from tests.fixture_city import city

NORA = Viewer(role="namnd", orgs=("norrby",), name="Nora Norrby")
NILS = Viewer(role="namnd", orgs=("norrby",), name="Nils Norrby")
SOFIA = Viewer(role="namnd", orgs=("soderby",), name="Sofia Söderby")
SIV = Viewer(role="slk", name="Siv Controller")
ADA = Viewer(role="admin", name="Ada Admin")
LASSE = Viewer(role="lasare", name="Lasse Läsare")
LONG = "Prognosen bygger på höstens mätning och vi räknar med att den håller."  # > 40
ITEM = dict(year=2022, period="T2", kind="prognos_gron", goal_id="vom11", org_id="norrby",
            indicator_id="ind-las")


@pytest.fixture
def db(engine):
    replace_dataset(engine, city(), {"demo": "1"})
    return engine


def rows(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def stored(engine, goal_id="vom11", org_id="norrby", year=2022, period="T2") -> dict | None:
    a = assessment.c
    with engine.connect() as conn:
        got = conn.execute(select(assessment).where(
            (a.goal_id == goal_id) & (a.org_id == org_id) & (a.year == year)
            & (a.period == period))).first()
    return dict(got._mapping) if got else None


def history(engine, goal_id="vom11", org_id="norrby", year=2022, period="T2") -> pl.DataFrame:
    with acting_as(SIV):
        return reads.history(engine, goal_id, org_id, year, period)


def save(engine, viewer=NORA, goal_id="vom11", org_id="norrby", year=2022, period="T2",
         value="uppfyllt", basis="indikatorer", motivation=LONG, version=0, also=()):
    return save_assessment(engine, viewer, goal_id, org_id, year, period, value, basis,
                           motivation, version, also)


def drafts_of(engine, org_id="norrby", year=2022, period="T2") -> dict[str, int]:
    """{goal: version} of the drafts, as the publish summary hands them on."""
    with acting_as(ADA):
        got = reads.current(engine, org_id, year, period)
    return draft_versions(got.filter(pl.col("status") == "utkast"))


def test_publish_needs_the_versions_it_was_shown(db):
    """A publish without the summary's versions (a forged `versions: null`) is refused."""
    save(db)
    for forged in (None, [], "x"):
        with pytest.raises(Conflict, match="Ingenting publicerades"):
            publish_period(db, NORA, "norrby", 2022, "T2", forged)
    assert stored(db)["status"] == "utkast"
    publish_period(db, NORA, "norrby", 2022, "T2", drafts_of(db))
    assert stored(db)["status"] == "publicerad"


def test_save_creates_a_draft_with_history(db):
    got = save(db, also=("uppdrag", "aktiviteter"))
    assert (got.version, got.changed) == (1, True)
    row = stored(db)
    assert row["status"] == "utkast" and row["version"] == 1
    assert row["basis"] == "indikatorer: aktiviteter, uppdrag"
    assert row["motivation"] == LONG and row["updated_by"] == "Nora Norrby"
    assert row["updated_at"][:2] == "20" and row["updated_at"][10] == "T"
    h = history(db)
    assert h["action"].to_list() == ["skapad"]
    assert h["changed_by"].to_list() == ["Nora Norrby"]
    assert json.loads(h["new_values"][0]) == {
        "assessment": "uppfyllt", "basis": "indikatorer: aktiviteter, uppdrag",
        "motivation": LONG, "status": "utkast"}
    assert h["old_values"][0] is None


def test_an_unchanged_save_writes_nothing(db):
    save(db)
    again = save(db, version=1)
    assert (again.version, again.changed) == (1, False)
    assert history(db).height == 1


@pytest.mark.parametrize("viewer", [PUBLIC, LASSE, SOFIA, SIV, ADA],
                         ids=["publik", "lasare", "namnd-annan", "slk", "admin"])
def test_only_the_boards_own_users_may_assess(db, viewer):
    before = (rows(db, assessment), rows(db, assessment_history))
    with pytest.raises(NotAllowed, match="Du får inte bedöma mål för Norrby stadsdelsnämnd"):
        save(db, viewer=viewer)
    assert (rows(db, assessment), rows(db, assessment_history)) == before
    assert stored(db) is None


def test_a_board_assesses_only_itself_not_an_org_below_it(db):
    """RULES.md §9: the self-assessment is the board's act; a forged org below is refused
    on the server as the page refuses it, and nothing is stored."""
    for viewer in (NORA, SOFIA):
        with pytest.raises(NotAllowed):
            save(db, viewer=viewer, org_id="norrby-aldre", motivation=None, value="delvis")
    with db.connect() as conn:
        assert conn.execute(select(func.count()).select_from(assessment).where(
            assessment.c.org_id == "norrby-aldre", assessment.c.updated_by.is_not(None))
        ).scalar() == 0


@pytest.mark.parametrize(("goal_id", "year", "message"), [
    ("nm-norr", 2022, "är inget verksamhetsområdesmål för 2022"),
    ("vom11", 2023, "är inget verksamhetsområdesmål för 2023"),
    ("finns-ej", 2022, "finns inte"),
])
def test_only_a_vom_of_the_year_is_assessed(db, goal_id, year, message):
    with pytest.raises(Invalid, match=message):
        save(db, goal_id=goal_id, year=year)


def test_the_motivation_rule_is_enforced_on_the_server(db):
    with pytest.raises(Invalid, match="vilar på prognoser – motivera med minst 40 tecken"):
        save(db, value="uppfyllt", motivation="x" * 39)  # T2: norrby's 1.1 rests on forecasts
    with pytest.raises(Invalid, match=r"mer positiv än indikatorerna \(Delvis uppfyllt\)"):
        save(db, goal_id="vom11", org_id="stad", value="uppfyllt", motivation="   ",
             viewer=Viewer(role="namnd", orgs=("stad",), name="Stina Stad"))
    assert rows(db, assessment_history) == 0
    assert save(db, motivation="x" * 40).version == 1


def test_bad_period_and_version_are_refused(db):
    with pytest.raises(Invalid, match="Okänd period 'T4'"):
        save(db, period="T4")
    with pytest.raises(Invalid, match="Ogiltig version"):
        save(db, version=-1)


def test_second_save_on_the_same_version_is_a_conflict(db):
    save(db, viewer=NORA, motivation=LONG)
    other = LONG + " Nils skriver över."
    with pytest.raises(Conflict) as err:
        save(db, viewer=NILS, value="delvis", motivation=other, version=0)
    msg = str(err.value)
    assert "Bedömningen har ändrats av Nora Norrby" in msg and "(version 1)" in msg
    assert "Uppfyllt" in msg and LONG in msg and "Din ändring sparades inte" in msg
    assert err.value.other["updated_by"] == "Nora Norrby"
    assert err.value.other["motivation"] == LONG and err.value.other["version"] == 1
    row = stored(db)
    assert (row["assessment"], row["motivation"], row["version"]) == ("uppfyllt", LONG, 1)
    assert history(db).height == 1
    # read again, then save: accepted on top of Nora's version
    assert save(db, viewer=NILS, value="delvis", motivation=other, version=1).version == 2


def test_history_keeps_every_change_old_to_new(db):
    save(db, value="uppfyllt", motivation=LONG)
    save(db, value="delvis", motivation=LONG, version=1)
    save(db, viewer=NILS, value="delvis", motivation=LONG + " Ändrad.", version=2)
    h = history(db)
    assert h["action"].to_list() == ["skapad", "ändrad", "ändrad"]
    assert h["changed_by"].to_list() == ["Nora Norrby", "Nora Norrby", "Nils Norrby"]
    olds = [json.loads(v) if v else None for v in h["old_values"]]
    news = [json.loads(v) for v in h["new_values"]]
    assert olds[1:] == [{"assessment": "uppfyllt"}, {"motivation": LONG}]
    assert news[1:] == [{"assessment": "delvis"}, {"motivation": LONG + " Ändrad."}]


def test_a_published_assessment_is_not_edited(db):
    with pytest.raises(NotAllowed, match="är publicerad och kan inte ändras"):
        save(db, period="VB", value="delvis", motivation=None)  # imported, published
    assert stored(db, period="VB")["assessment"] == "uppfyllt"


def test_a_locked_period_is_refused_naming_the_lock(db):
    from queries.write.lock_writes import lock_period

    lock_period(db, 2022, "T2", "Ada Admin")
    with pytest.raises(Locked, match="Ada Admin") as err:
        save(db)
    assert "T2 2022" in str(err.value) or "2022" in str(err.value)
    # the app's user has no command line: no CLI command, but who can unlock (issue 21)
    assert "kontrollrum unlock" not in str(err.value)
    assert "Bara en administratör kan låsa upp perioden" in str(err.value)
    assert stored(db) is None and rows(db, assessment_history) == 0
    with pytest.raises(Locked):
        save_note(db, SIV, item_key(**ITEM), "n", None, "oppen", None, 0)
    assert rows(db, agenda_note) == 0


def test_publish_makes_every_draft_public(db):
    save(db, goal_id="vom11", motivation=LONG)
    save(db, goal_id="vom12", value="delvis", motivation=None)
    with pytest.raises(NotAllowed):
        publish_period(db, SOFIA, "norrby", 2022, "T2", drafts_of(db, "norrby"))
    with acting_as(PUBLIC):
        assert reads.current(db, "norrby", 2022, "T2").is_empty()
    summary = publish_period(db, NILS, "norrby", 2022, "T2", drafts_of(db, "norrby"))
    assert (summary.n_goals, summary.n_more_positive, summary.missing_motivation) == (2, 0, ())
    for goal_id in ("vom11", "vom12"):
        row = stored(db, goal_id=goal_id)
        assert (row["status"], row["published_by"]) == ("publicerad", "Nils Norrby")
        assert row["version"] == 2
    with acting_as(PUBLIC):
        assert reads.current(db, "norrby", 2022, "T2")["goal_id"].to_list() == [
            "vom11", "vom12"]
    assert history(db)["action"].to_list() == ["skapad", "publicerad"]
    with pytest.raises(Invalid, match="har inga utkast att publicera för T2 2022"):
        publish_period(db, NORA, "norrby", 2022, "T2", drafts_of(db, "norrby"))


def test_publish_summary_counts_what_becomes_public(db):
    from queries.write.assessments_write import Saved  # noqa: F401 - the result type exists

    summary = reads.period_summary(db, "norrby", 2022, "VB")
    assert summary.n_goals == 0  # norrby's own VB rows are published already
    assert summary.not_assessed == ("vom12",)


def test_admin_returns_a_published_period_to_draft(db):
    with pytest.raises(NotAllowed, match="Bara en administratör"):
        return_to_draft(db, NORA, "norrby", 2022, "VB", "fel")
    with pytest.raises(Invalid, match="Ange varför"):
        return_to_draft(db, ADA, "norrby", 2022, "VB", "  ")
    assert return_to_draft(db, ADA, "norrby", 2022, "VB", "Fel siffror i underlaget") == 1
    row = stored(db, period="VB")
    assert row["status"] == "utkast" and row["version"] == 1
    h = history(db, period="VB")
    assert h["action"].to_list() == ["återförd till utkast"]
    assert h["reason"].to_list() == ["Fel siffror i underlaget"]
    assert h["changed_by"].to_list() == ["Ada Admin"]
    assert save(db, period="VB", value="delvis", motivation=None, version=1).version == 2
    with pytest.raises(Invalid, match="inga publicerade bedömningar"):
        return_to_draft(db, ADA, "norrby", 2022, "VB", "igen")


def test_history_of_a_draft_is_seen_only_by_those_who_see_the_draft(db):
    save(db)
    save(db, value="delvis", version=1)
    for viewer in (PUBLIC, LASSE, SOFIA):
        with acting_as(viewer):
            assert reads.history(db, "vom11", "norrby", 2022, "T2").is_empty()
    for viewer in (NORA, SIV, ADA):
        with acting_as(viewer):
            assert reads.history(db, "vom11", "norrby", 2022, "T2").height == 2
    publish_period(db, NORA, "norrby", 2022, "T2", drafts_of(db, "norrby"))
    with acting_as(PUBLIC):
        h = reads.history(db, "vom11", "norrby", 2022, "T2")
    assert h["action"].to_list() == ["publicerad"]
    assert h["old_values"].to_list() == [None]  # the draft's status is not told
    assert LONG not in "".join(v or "" for v in h["new_values"])


def test_notes_by_controllers_answers_by_the_board(db):
    key = item_key(**ITEM)
    for viewer in (PUBLIC, LASSE, NORA, SOFIA):
        with pytest.raises(NotAllowed, match="Bara SLK:s controller"):
            save_note(db, viewer, key, "n", "b", "oppen", None, 0)
    assert save_note(db, SIV, key, "Prognosen är osäker.", "Följ upp", "oppen",
                     "Vad bygger prognosen på?", 0) == 1
    with pytest.raises(Conflict, match="Punkten har ändrats av Siv Controller"):
        save_note(db, ADA, key, "Annan text", None, "oppen", None, 0)
    with pytest.raises(NotAllowed, match="Bara Norrby stadsdelsnämnds egna användare"):
        answer_question(db, SOFIA, key, "svar", 1)
    with pytest.raises(NotAllowed):
        answer_question(db, SIV, key, "svar", 1)
    assert answer_question(db, NORA, key, "Höstens mätning.", 1) == 2
    assert save_note(db, ADA, key, "Prognosen är osäker.", "Följ upp", "atgardad",
                     "Vad bygger prognosen på?", 2) == 3
    with acting_as(SIV):
        n = reads.notes(db, 2022, "T2")
        h = reads.note_history(db, 2022, "T2", "prognos_gron", "vom11", "norrby", "ind-las")
    assert n.select("note", "decision", "state", "answer", "answered_by", "version").row(0) == (
        "Prognosen är osäker.", "Följ upp", "atgardad", "Höstens mätning.", "Nora Norrby", 3)
    assert h["action"].to_list() == ["skapad", "besvarad", "ändrad"]
    assert [json.loads(v) for v in h["new_values"]][1:] == [
        {"answer": "Höstens mätning."}, {"state": "atgardad"}]
    with pytest.raises(Invalid, match="ingen fråga"):
        answer_question(db, NORA, item_key(**{**ITEM, "kind": "saknas"}), "svar", 0)


@pytest.mark.parametrize(("kwargs", "message"), [
    (dict(state="klar"), "Välj ett läge"),
    (dict(note="x" * 4001), "Anteckningen är för lång"),
    (dict(question=5), "Frågan måste vara text"),
])
def test_bad_notes_are_refused_in_swedish(db, kwargs, message):
    args = dict(note="n", decision=None, state="oppen", question=None) | kwargs
    with pytest.raises(Invalid, match=message):
        save_note(db, SIV, item_key(**ITEM), args["note"], args["decision"], args["state"],
                  args["question"], 0)
    assert rows(db, agenda_note) == 0


def test_notes_follow_the_draft_visibility(db):
    save_note(db, SIV, item_key(**ITEM), "Om Norrbys utkast", None, "oppen", "Fråga?", 0)
    save(db)  # norrby's T2 is a draft now
    seen = {}
    for name, viewer in (("publik", PUBLIC), ("lasare", LASSE), ("soderby", SOFIA),
                         ("norrby", NORA), ("slk", SIV)):
        with acting_as(viewer):
            seen[name] = (reads.notes(db, 2022, "T2").height,
                          reads.note_history(db, **{**ITEM, "indicator_id": "ind-las"}).height,
                          reads.questions(db, "norrby", 2022, "T2").height)
    assert seen == {"publik": (0, 0, 0), "lasare": (0, 0, 0), "soderby": (0, 0, 0),
                    "norrby": (1, 1, 1), "slk": (1, 1, 1)}
    publish_period(db, NORA, "norrby", 2022, "T2", drafts_of(db, "norrby"))
    with acting_as(PUBLIC):
        assert reads.notes(db, 2022, "T2")["note"].to_list() == ["Om Norrbys utkast"]


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0 och en lång motivering till",
                                  "+1", "@x", "-2", "<script>alert(1)</script>"])
def test_text_is_stored_as_given_and_made_inert_in_downloads(db, text):
    from ils.xlsx import to_csv

    save(db, goal_id="vom12", value="ej", motivation=text)  # no motivation required
    save_note(db, SIV, item_key(**ITEM), text, text, "oppen", text, 0)
    assert stored(db, goal_id="vom12")["motivation"] == text
    with acting_as(SIV):
        got = reads.current(db, "norrby", 2022, "T2")
        notes = reads.notes(db, 2022, "T2")
    assert got["motivation"].to_list() == [text]
    assert notes.select("note", "decision", "question").row(0) == (text, text, text)
    csv = to_csv(got.select("goal_id", "motivation")).decode("utf-8")
    cell = csv.splitlines()[1].split(";", 1)[1]
    if text[0] in "=+-@":
        assert cell.lstrip('"').startswith("'" + text[0])
    else:
        assert text in csv


def test_a_database_made_before_the_app_columns_gets_them(tmp_path):
    """An old database (assessment without version, updated_at, …; no history tables) is
    brought up to date when the app opens it; its rows keep their values, version 0."""
    from sqlalchemy import create_engine, text

    from queries.db import make_engine
    from queries.schema import APP_COLUMNS

    url = f"sqlite:///{tmp_path / 'old.db'}"
    eng = make_engine(url)
    replace_dataset(eng, city(), {})
    eng.dispose()
    raw = create_engine(url)
    with raw.begin() as conn:
        for col in APP_COLUMNS["assessment"]:
            conn.execute(text(f"ALTER TABLE assessment DROP COLUMN {col}"))
        for table in ("assessment_history", "agenda_note", "agenda_note_history"):
            conn.execute(text(f"DROP TABLE {table}"))
    raw.dispose()
    eng = make_engine(url)
    try:
        assert stored(eng, period="VB")["version"] is None
        with acting_as(NORA):
            assert reads.current(eng, "norrby", 2022, "VB")["version"].to_list() == [0]
        assert save(eng).version == 1
        assert history(eng).height == 1
    finally:
        eng.dispose()


def test_stored_lights_take_the_assessment_when_it_is_published(db):
    from queries.write.lights import current_data_version, read_goal_lights

    def self_assessment():
        with acting_as(PUBLIC):
            got = read_goal_lights(db, 2022, "T2", org_ids=("norrby",), goal_ids=("vom11",))
        return got["self_assessment"].to_list()

    from queries.versions import read_version

    before = current_data_version(db)
    period_before = read_version(db, [(2022, "T2")])
    other_before = read_version(db, [(2022, "T1")])
    save(db)
    assert current_data_version(db) == before  # a draft changes no stored light
    assert read_version(db, [(2022, "T2")]) != period_before  # its period's views let go
    assert read_version(db, [(2022, "T1")]) == other_before  # other periods' views stay
    assert self_assessment() == [None]  # a draft is not in the stored lights
    publish_period(db, NORA, "norrby", 2022, "T2", drafts_of(db, "norrby"))
    assert self_assessment() == ["uppfyllt"]
    return_to_draft(db, ADA, "norrby", 2022, "T2", "Omtag")
    assert self_assessment() == [None]


def test_goal_history_follows_each_orgs_drafts(db):
    save(db)  # norrby's draft of 1.1 at T2
    stad = Viewer(role="namnd", orgs=("stad",), name="Stina Stad")
    save(db, viewer=stad, org_id="stad", value="delvis", motivation=None)
    publish_period(db, stad, "stad", 2022, "T2", drafts_of(db, "stad"))
    got = {}
    for name, viewer in (("publik", PUBLIC), ("norrby", NORA), ("soderby", SOFIA),
                         ("slk", SIV)):
        with acting_as(viewer):
            df = reads.goal_history(db, "vom11", 2022, "T2")
        got[name] = sorted(zip(df["org_id"], df["action"], strict=True))
    assert got["publik"] == [("stad", "publicerad")] == got["soderby"]
    assert got["norrby"] == [("norrby", "skapad"), ("stad", "publicerad")]
    assert got["slk"] == [("norrby", "skapad"), ("stad", "publicerad"), ("stad", "skapad")]
    with acting_as(PUBLIC):
        assert reads.goal_history(db, "vom11", 2022, "T2")["old_values"].to_list() == [None]


def test_two_saves_at_once_one_wins_the_other_is_a_conflict(db):
    """Two users press Spara on the same version at the same moment: exactly one is stored,
    the other is told (the write lock serialises them; nothing is lost silently)."""
    import threading

    barrier = threading.Barrier(2)
    results: dict[str, object] = {}

    def run(viewer, value):
        barrier.wait()
        try:
            results[viewer.name] = save(db, viewer=viewer, value=value, version=0)
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            results[viewer.name] = exc

    threads = [threading.Thread(target=run, args=(NORA, "uppfyllt")),
               threading.Thread(target=run, args=(NILS, "delvis"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    kinds = sorted(type(r).__name__ for r in results.values())
    assert kinds == ["Conflict", "Saved"], results
    winner = next(n for n, r in results.items() if not isinstance(r, Exception))
    assert stored(db)["updated_by"] == winner and stored(db)["version"] == 1
    assert history(db).height == 1


def test_after_publishing_the_history_is_no_draft(db):
    """Issue 21 item 4: 'Innehåller utkast' only where there are drafts — a published
    assessment's history has a draft in its past, but nothing unpublished is shown."""
    from queries import scope

    save(db)
    with acting_as(SIV), scope.recording() as seen:
        reads.history(db, "vom11", "norrby", 2022, "T2")
        reads.goal_history(db, "vom11", 2022, "T2")
    assert seen.drafts and seen.draft_periods == {(2022, "T2")}
    publish_period(db, NORA, "norrby", 2022, "T2", drafts_of(db))
    with acting_as(SIV), scope.recording() as seen:
        got = reads.history(db, "vom11", "norrby", 2022, "T2")
        reads.goal_history(db, "vom11", 2022, "T2")
        reads.current(db, "norrby", 2022, "T2")
    assert "utkast" in got["status"].to_list()  # the draft is in its past ...
    assert not seen.drafts  # ... but the view shows nothing unpublished
