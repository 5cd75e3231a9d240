"""Import and export meet assessments entered in Kontrollrum (issue 13, item 6), on SQLite and
PostgreSQL: in-app work exported with its status; an import never overwrites a newer in-app
row without `overwrite`, nor a locked period."""

from __future__ import annotations

import json

import polars as pl
import pytest
from sqlalchemy import select

from ils.access import Viewer
from queries.read import assessment_reads as reads
from queries.read.exports import export_bundle
from queries.schema import assessment
from queries.scope import acting_as, as_operator
from queries.write.assessments_write import save_assessment
from queries.write.importer import import_bundle
from queries.write.store import replace_dataset
from tests.fixture_city import city

NORA = Viewer(role="namnd", orgs=("norrby",), name="Nora Norrby")
SIV = Viewer(role="slk", name="Siv Controller")
APP_TEXT = "Skrivet i appen: läsningen ökar enligt höstens mätning i skolorna."
HEADER = "goal_id,org_id,year,period,assessment,basis,motivation,status\n"


@pytest.fixture
def db(engine):
    replace_dataset(engine, city(), {"demo": "1"})
    save_assessment(engine, NORA, "vom11", "norrby", 2022, "T2", "uppfyllt", "indikatorer",
                    APP_TEXT, 0)
    return engine


def stored(engine, goal_id="vom11", period="T2") -> dict:
    a = assessment.c
    with engine.connect() as conn:
        got = conn.execute(select(assessment).where(
            (a.goal_id == goal_id) & (a.org_id == "norrby") & (a.year == 2022)
            & (a.period == period))).first()
    return dict(got._mapping)


def bundle(tmp_path, *rows: str):
    folder = tmp_path / "bundle"
    folder.mkdir(exist_ok=True)
    (folder / "assessments.csv").write_text(HEADER + "".join(r + "\n" for r in rows),
                                            encoding="utf-8")
    return folder


def test_export_bundle_holds_in_app_assessments_with_status(db, tmp_path):
    with as_operator():
        export_bundle(db, tmp_path / "out")
    df = pl.read_csv(tmp_path / "out" / "assessments.csv", infer_schema=False)
    row = df.filter((pl.col("org_id") == "norrby") & (pl.col("period") == "T2")).row(
        0, named=True)
    assert (row["assessment"], row["motivation"], row["status"]) == (
        "uppfyllt", APP_TEXT, "utkast")
    assert list(df.columns) == HEADER.strip().split(",")  # the app's columns stay inside


def test_import_does_not_overwrite_newer_in_app_work(db, tmp_path):
    path = bundle(tmp_path, "vom11,soderby,2022,T2,delvis,indikatorer,,",
                  "vom11,norrby,2022,T2,ej,indikatorer,Gammal text från ILS,publicerad")
    report = import_bundle(db, path)
    assert not report.ok and len(report.errors) == 1
    msg = str(report.errors[0])
    assert msg.startswith("assessments.csv, rad 3: självskattningen av vom11 för norrby T2 "
                          "2022 har ändrats i Kontrollrum (ett utkast, sparad ")
    assert "av Nora Norrby) och skrivs inte över; använd --overwrite" in msg
    row = stored(db)
    assert (row["assessment"], row["motivation"], row["version"]) == ("uppfyllt", APP_TEXT, 1)
    with acting_as(SIV):  # nothing of the bundle was written, not even the other row
        assert reads.current(db, "soderby", 2022, "T2").is_empty()


def test_overwrite_replaces_it_with_a_new_version_and_history(db, tmp_path):
    path = bundle(tmp_path, "vom11,norrby,2022,T2,ej,indikatorer,Gammal text från ILS,"
                            "publicerad")
    report = import_bundle(db, path, overwrite=True)
    assert report.ok, report.errors
    row = stored(db)
    assert (row["assessment"], row["status"], row["version"]) == ("ej", "publicerad", 2)
    assert row["updated_by"] is None  # an import, no longer in-app work
    with acting_as(SIV):
        h = reads.history(db, "vom11", "norrby", 2022, "T2")
    assert h["action"].to_list() == ["skapad", "importerad"]
    assert h["changed_by"].to_list() == ["Nora Norrby", None]
    assert json.loads(h["old_values"][1]) == {"assessment": "uppfyllt", "motivation": APP_TEXT,
                                              "status": "utkast"}
    assert json.loads(h["new_values"][1]) == {"assessment": "ej",
                                              "motivation": "Gammal text från ILS",
                                              "status": "publicerad"}
    # a form opened on version 1 cannot save over the import
    from queries.write.write_common import Conflict

    with pytest.raises(Conflict, match="ändrats av en import"):
        save_assessment(db, NORA, "vom11", "norrby", 2022, "T2", "delvis", "indikatorer",
                        APP_TEXT, 1)
    # the same bundle again: nothing changes, no history
    assert import_bundle(db, path).ok
    assert stored(db)["version"] == 2
    with acting_as(SIV):
        assert reads.history(db, "vom11", "norrby", 2022, "T2").height == 2


def test_a_bundle_repeating_the_in_app_row_is_no_conflict(db, tmp_path):
    path = bundle(tmp_path, f"vom11,norrby,2022,T2,uppfyllt,indikatorer,{APP_TEXT},utkast",
                  "vom12,norrby,2022,T2,delvis,indikatorer,,")
    report = import_bundle(db, path)
    assert report.ok, report.errors
    assert stored(db)["version"] == 1 and stored(db)["updated_by"] == "Nora Norrby"
    new = stored(db, goal_id="vom12")
    assert (new["version"], new["updated_by"]) == (1, None)
    with acting_as(SIV):
        assert reads.history(db, "vom12", "norrby", 2022, "T2")["action"].to_list() == [
            "importerad"]


def test_import_into_a_locked_period_is_refused_even_with_overwrite(db, tmp_path):
    from queries.write.lock_writes import lock_period
    from queries.write.locks import PeriodLocked

    lock_period(db, 2022, "T2", "Ada Admin")
    path = bundle(tmp_path, "vom11,norrby,2022,T2,ej,indikatorer,Gammal text,publicerad")
    with pytest.raises(PeriodLocked, match="Ada Admin"):
        import_bundle(db, path, overwrite=True)
    row = stored(db)
    assert (row["assessment"], row["version"]) == ("uppfyllt", 1)


def test_formula_text_stays_text_in_the_workbook_bundle(db, tmp_path):
    import openpyxl

    text = "=HYPERLINK(\"http://x\";\"klicka\") och mer text så att den blir lång nog"
    save_assessment(db, NORA, "vom12", "norrby", 2022, "T2", "ej", "indikatorer", text, 0)
    with as_operator():
        export_bundle(db, tmp_path / "b.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "b.xlsx")["assessments"]
    cells = [c for row in ws.iter_rows() for c in row if c.value == text]
    assert cells and all(c.data_type == "s" for c in cells)  # a string, never a formula


def test_cli_import_refuses_then_overwrites_with_the_flag(db, tmp_path, capsys):
    from cli.main import main

    url = db.url.render_as_string(hide_password=False)
    path = bundle(tmp_path, "vom11,norrby,2022,T2,ej,indikatorer,Gammal text,publicerad")
    assert main(["import", str(path), "--db", url]) == 1
    err = capsys.readouterr().err
    assert "Importen avbröts: 1 fel, databasen är oförändrad." in err
    assert "har ändrats i Kontrollrum" in err and "--overwrite" in err
    assert stored(db)["assessment"] == "uppfyllt"
    assert main(["import", str(path), "--overwrite", "--db", url]) == 0
    assert stored(db)["assessment"] == "ej"
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    assert "skriv över självskattningar som har ändrats i Kontrollrum" in " ".join(
        capsys.readouterr().out.split())
