"""`kontrollrum backup` / `restore` (issue 18 item 5): every table of the app, not only the
interchange files, carried SQLite → PostgreSQL → SQLite with every row identical."""

from __future__ import annotations

import json
import math

import pytest
from sqlalchemy import create_engine, func, insert, select, update

from cli.main import main
from ils.access import Viewer
from ils.notes import item_key
from queries.db import get_engine, make_engine
from queries.read.backup import backup_tables, from_json, to_json
from queries.schema import (
    agenda_note,
    agenda_note_history,
    assessment,
    assessment_history,
    dataset_info,
    goal,
    metadata,
    period_lock,
)
from queries.write.assessments_write import publish_period, save_assessment
from queries.write.lock_writes import lock_period
from queries.write.notes_write import answer_question, save_note
from queries.write.restore import read_backup, restore

SIV = Viewer(role="slk", name="Siv Controller")
ODD = 'Rad ett\nrad två med "citat", \'apostrof\', tab\there, å ä ö – \u2028 och \\ snedstreck'


def rows_of(engine, table) -> list[tuple]:
    """Every row of a table, as Python values, in a fixed order."""
    with engine.connect() as conn:
        got = [tuple(r) for r in conn.execute(select(table))]
    return sorted(got, key=repr)


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def app_work(engine) -> None:
    """What people do in the app, through the app's own writers: drafts saved and published
    (history), notes, decisions and questions on the agenda with a board's answer (history),
    a second locked period (snapshot), and text that is hard to carry."""
    with engine.connect() as conn:
        draft = conn.execute(select(assessment).where(
            (assessment.c.status == "utkast") & (assessment.c.year == 2022)
            & (assessment.c.period == "T2")).order_by(assessment.c.org_id,
                                                     assessment.c.goal_id)).first()._mapping
        vom = conn.execute(select(goal.c.id).where(goal.c.level == "verksamhetsomradesmal")
                           .order_by(goal.c.id)).first()[0]
    board = Viewer(role="namnd", orgs=(draft["org_id"],), name="Nina Nämnd")
    save_assessment(engine, board, draft["goal_id"], draft["org_id"], 2022, "T2",
                    draft["assessment"], draft["basis"] or "indikatorer",
                    "Ny motivering som är tillräckligt lång för regeln om motiveringar.\n" + ODD,
                    draft["version"] or 0)
    with engine.connect() as conn:
        drafts = conn.execute(select(assessment.c.goal_id, assessment.c.version).where(
            (assessment.c.status == "utkast") & (assessment.c.year == 2022)
            & (assessment.c.period == "T2") & (assessment.c.org_id == draft["org_id"]))).all()
    publish_period(engine, board, draft["org_id"], 2022, "T2",
                   {g: v or 0 for g, v in drafts})  # the versions its summary showed
    key = item_key(2022, "VB", "prognos_gron", vom, draft["org_id"])
    v = save_note(engine, SIV, key, ODD, "Följ upp i oktober", "oppen", "Varför?", 0)
    v = answer_question(engine, board, key, "Därför att \"prognosen\"\r\nhåller.", v)
    save_note(engine, SIV, key, ODD + "!", None, "atgardad", "Varför?", v)
    other = item_key(2022, "T1", "saknas", vom, draft["org_id"])
    save_note(engine, SIV, other, "", None, "ingen_atgard", None, 0)  # "" is not NULL
    lock_period(engine, 2022, "T1", "Åsa Admin")
    with engine.begin() as conn:  # NULL and "" side by side, and a float that is hard to print
        conn.execute(insert(dataset_info).values(key="tom", value=""))
        conn.execute(update(assessment).where(
            (assessment.c.year == 2019) & (assessment.c.period == "T1"))
            .values(motivation=None))
        conn.execute(update(assessment).where(
            (assessment.c.year == 2019) & (assessment.c.period == "T2"))
            .values(motivation=""))


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> str:
    """A SQLite database with the demo data and app-made work on it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('src') / 'a.db'}"
    assert main(["demo", "--db", url]) == 0
    engine = make_engine(url)
    app_work(engine)
    engine.dispose()
    return url


def backup_files(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def assert_same_tables(a, b) -> None:
    for table in backup_tables():
        assert rows_of(a, table) == rows_of(b, table), table.name


def test_every_table_is_carried(source, tmp_path, capsys):
    assert main(["backup", str(tmp_path / "out"), "--db", source]) == 0
    assert "säkerhetskopia" in capsys.readouterr().err
    manifest = json.loads((tmp_path / "out" / "app" / "manifest.json").read_text("utf-8"))
    names = [t["name"] for t in manifest["tables"]]
    assert names == [t.name for t in metadata.sorted_tables if t.info.get("backup", True)]
    src = make_engine(source)
    for entry in manifest["tables"]:
        assert entry["rows"] == count(src, metadata.tables[entry["name"]]), entry["name"]
    for name in ("assessment_history", "agenda_note", "agenda_note_history", "period_lock",
                 "goal_light_snapshot", "indicator_light_snapshot"):
        assert dict((t["name"], t["rows"]) for t in manifest["tables"])[name] > 0, name
    # the interchange files are there too: the backup is still a bundle `import` reads
    assert (tmp_path / "out" / "values.csv").is_file()
    src.dispose()


def test_restore_into_a_database_whose_tables_were_dropped_after_it_was_opened(source, tmp_path):
    """This process made its engine (and the tables) for the URL before the tables were
    dropped: the restore creates them again instead of failing on a missing table."""
    target = f"sqlite:///{tmp_path / 'dropped.db'}"
    get_engine(target)  # the process's engine for the URL, tables created once
    dropper = create_engine(target)
    metadata.drop_all(dropper)
    dropper.dispose()
    assert main(["backup", str(tmp_path / "b"), "--db", source]) == 0
    assert main(["restore", str(tmp_path / "b"), "--db", target]) == 0
    assert rows_of(get_engine(target), goal) == rows_of(make_engine(source), goal)


@pytest.mark.postgres
def test_sqlite_to_postgresql_to_sqlite_is_identical(source, pg_url, tmp_path):
    pg_reset = create_engine(pg_url)
    metadata.drop_all(pg_reset)
    pg_reset.dispose()
    assert main(["backup", str(tmp_path / "one"), "--db", source]) == 0
    assert main(["restore", str(tmp_path / "one"), "--db", pg_url]) == 0
    src, pg = make_engine(source), make_engine(pg_url)
    assert_same_tables(src, pg)  # every table, row for row
    assert main(["backup", str(tmp_path / "two"), "--db", pg_url]) == 0
    assert backup_files(tmp_path / "one") == backup_files(tmp_path / "two")

    last = f"sqlite:///{tmp_path / 'c.db'}"
    assert main(["restore", str(tmp_path / "two"), "--db", last]) == 0
    back = make_engine(last)
    assert_same_tables(src, back)
    assert main(["backup", str(tmp_path / "three"), "--db", last]) == 0
    assert backup_files(tmp_path / "one") == backup_files(tmp_path / "three")

    # the sequences were reset: a new note and its history get new ids on PostgreSQL
    before = max(r[0] for r in rows_of(pg, agenda_note_history))
    with pg.connect() as conn:
        note = conn.execute(select(agenda_note).where(agenda_note.c.state == "oppen")
                            .limit(1)).first()
        vom = note.goal_id if note else conn.execute(select(agenda_note.c.goal_id)).scalar()
        org = conn.execute(select(agenda_note.c.org_id)).scalar()
    key = item_key(2022, "VB", "rod_gul", vom, org)
    assert save_note(pg, SIV, key, "Efter återställningen", None, "oppen", None, 0) == 1
    assert max(r[0] for r in rows_of(pg, agenda_note_history)) == before + 1
    hist_before = count(pg, assessment_history)
    with pg.begin() as conn:  # and the assessment history's own sequence too
        conn.execute(insert(assessment_history).values(
            goal_id=vom, org_id=org, year=2022, period="VB", changed_at="2026-01-01T00:00:00+01:00",
            action="ändrad"))
    assert count(pg, assessment_history) == hist_before + 1
    for e in (src, pg, back):
        e.dispose()


def test_text_nulls_and_floats_survive(source, tmp_path):
    assert main(["backup", str(tmp_path / "out"), "--db", source]) == 0
    lines = (tmp_path / "out" / "app" / "agenda_note.jsonl").read_text("utf-8").split("\n")
    notes = [json.loads(line) for line in lines if line]
    assert ODD + "!" in {n["note"] for n in notes}
    assert None in {n["decision"] for n in notes}
    assert all("\x00" not in line for line in lines)
    backup = read_backup(tmp_path / "out")
    assert {r["value"] for r in backup.tables["dataset_info"] if r["key"] == "tom"} == {""}
    motivations = {(r["year"], r["period"]): r["motivation"]
                   for r in backup.tables["assessment"] if r["year"] == 2019}
    assert motivations[(2019, "T1")] is None and motivations[(2019, "T2")] == ""  # not alike
    lights = backup.tables["goal_light"]
    assert all(isinstance(r["rests_on_forecast"], bool) for r in lights)
    for value in (0.1 + 0.2, 1e-300, -0.0, 71.10000000000001, 2.5e15, float("inf")):
        again = from_json("float", json.loads(json.dumps(to_json("float", value))))
        assert again == value and math.copysign(1, again) == math.copysign(1, value)


def test_restore_refuses_a_database_that_holds_data(source, tmp_path, capsys):
    assert main(["backup", str(tmp_path / "out.zip"), "--db", source]) == 0
    target = f"sqlite:///{tmp_path / 't.db'}"
    assert main(["demo", "--db", target, "--seed", "7"]) == 0
    engine = make_engine(target)
    before = rows_of(engine, goal)
    capsys.readouterr()
    assert main(["restore", str(tmp_path / "out.zip"), "--db", target]) == 2
    err = capsys.readouterr().err
    assert "databasen är inte tom" in err and "--replace" in err and "oförändrad" in err
    assert rows_of(engine, goal) == before
    assert main(["restore", str(tmp_path / "out.zip"), "--db", target, "--replace"]) == 0
    assert_same_tables(make_engine(source), engine)
    engine.dispose()


def test_an_empty_database_the_app_has_looked_at_is_still_empty(source, tmp_path):
    """A page view on an empty database stores its (empty) lights' state and a data version:
    bookkeeping, not data, so a restore still goes in without --replace."""
    from ils.rules_periods import DEFAULT_PARAMS
    from queries.write.lights import ensure_lights

    assert main(["backup", str(tmp_path / "out"), "--db", source]) == 0
    url = f"sqlite:///{tmp_path / 'seen.db'}"
    engine = make_engine(url)
    ensure_lights(engine, DEFAULT_PARAMS)
    assert count(engine, metadata.tables["light_state"]) == 1
    assert main(["restore", str(tmp_path / "out"), "--db", url]) == 0
    assert_same_tables(make_engine(source), engine)
    engine.dispose()


def test_a_broken_backup_changes_nothing(source, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["backup", str(out), "--db", source]) == 0
    path = out / "app" / "period_lock.jsonl"
    lines = path.read_text("utf-8").split("\n")
    row = json.loads(lines[0])
    row["year"] = "tjugotjugo"
    path.write_text("\n".join([json.dumps(row), *lines[1:]]), encoding="utf-8")
    target = f"sqlite:///{tmp_path / 'empty.db'}"
    capsys.readouterr()
    assert main(["restore", str(out), "--db", target]) == 2
    err = capsys.readouterr().err
    assert "app/period_lock.jsonl, rad 1, kolumn year" in err and "Traceback" not in err
    engine = make_engine(target)
    assert all(count(engine, t) == 0 for t in backup_tables())
    engine.dispose()
    capsys.readouterr()
    assert main(["restore", str(tmp_path), "--db", target]) == 2
    assert "ingen säkerhetskopia" in capsys.readouterr().err


def test_import_of_a_full_bundle_into_an_empty_database_restores_everything(source, tmp_path,
                                                                               capsys):
    assert main(["export", "bundle", str(tmp_path / "b.zip"), "--db", source]) == 0
    empty = f"sqlite:///{tmp_path / 'e.db'}"
    assert main(["import", str(tmp_path / "b.zip"), "--db", empty]) == 0
    assert "hela paketet" in capsys.readouterr().out
    src, got = make_engine(source), make_engine(empty)
    assert_same_tables(src, got)
    assert count(got, period_lock) == 2
    # into a database that holds data the interchange files are imported as before
    capsys.readouterr()
    assert main(["import", str(tmp_path / "b.zip"), "--db", empty]) == 0
    out = capsys.readouterr()
    assert "Läste " in out.out and "app/" in out.err
    for e in (src, got):
        e.dispose()


def test_a_table_can_opt_out(monkeypatch, source, tmp_path):
    monkeypatch.setitem(dataset_info.info, "backup", False)
    assert dataset_info not in backup_tables()
    assert main(["backup", str(tmp_path / "out"), "--db", source]) == 0
    assert not (tmp_path / "out" / "app" / "dataset_info.jsonl").exists()
    target = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    restore(target, read_backup(tmp_path / "out"))
    assert count(target, dataset_info) == 0
    target.dispose()


def test_sign_in_sessions_are_never_backed_up():
    """Any table holding sign-ins (sessions) must opt out: a restored session would sign
    someone in."""
    assert not [t.name for t in backup_tables() if "session" in t.name.lower()]
