"""The CLI speaks clearly: every database, file and setting error in one Swedish line with a
non-zero exit and no traceback; read-only commands create nothing; `delete` is all or nothing."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, make_url, select

from cli.main import main
from ils.model import FILES
from queries.schema import TABLES
from tests.cli_support import VALID

ROOT = Path(__file__).resolve().parents[1]




def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("kontrollrum: ")
    return lines[0].removeprefix("kontrollrum: ")


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {n: conn.execute(select(func.count()).select_from(TABLES[s.table])).scalar_one()
                for n, s in FILES.items()}


@pytest.mark.parametrize("url, message", [
    ("notaurl", "ogiltig databas-URL 'notaurl'"),
    ("foo://bar", "databastypen 'foo' stöds inte i foo://bar: Kontrollrum kör på SQLite "),
    ("postgresql+nodriver://u@h/db", "okänd databastyp eller drivrutin"),
    ("sqlite:////no/such/folder/k.db", "databasfilen /no/such/folder/k.db kan inte öppnas"),
    ("postgresql+psycopg://u:secret@127.0.0.1:1/db", "databasservern svarar inte: "
                                                     "postgresql+psycopg://u:***@127.0.0.1:1/db"),
])
def test_database_errors_are_one_swedish_line(run, url, message):
    code, out, err = run("import", str(VALID), "--db", url)
    assert code == 2 and out == ""
    assert one_line(err).startswith(message)


@pytest.mark.postgres
def test_a_missing_postgresql_database_is_named(run, pg_url):
    url = make_url(pg_url).set(database="kontrollrum_no_such_db").render_as_string(False)
    code, _, err = run("import", str(VALID), "--db", url)
    assert code == 2
    assert one_line(err).startswith("databasen finns inte på servern: ")


def test_export_never_creates_a_database_file(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KONTROLLRUM_DB")
    code, out, err = run("export", "signals", "--year", "2022")
    assert code == 2 and out == ""
    assert one_line(err).startswith("databasen finns inte: kontrollrum.db")
    assert list(tmp_path.iterdir()) == []




def test_reimport_says_what_it_read_changed_and_left(run, loaded, tmp_path):
    """Issue 21 item 11: a re-import of an unchanged bundle says nothing changed, not
    "Importerade 43 rader"; one changed value is counted as changed, one added as new."""
    import shutil

    code, out, _ = run("import", str(VALID), "--db", loaded)
    assert code == 0
    assert out.splitlines() == [out.splitlines()[0],
                                "Inget ändrades: alla 43 rader fanns redan så i databasen."]
    assert out.startswith("Läste 43 rader: ")
    bundle = tmp_path / "bundle"
    shutil.copytree(VALID, bundle)
    values = bundle / "values.csv"
    text = values.read_text(encoding="utf-8")
    assert "i-nojd,sdn-kung,2022,VB,77.5,,delvis" in text
    text = text.replace("i-nojd,sdn-kung,2022,VB,77.5,,delvis", "i-nojd,sdn-kung,2022,VB,78,,delvis")
    values.write_text(text + "i-nojd,sdn-kung,2021,VB,70,,delvis\n", encoding="utf-8")
    code, out, err = run("import", str(bundle), "--db", loaded)
    assert code == 0, err
    assert out.splitlines()[1] == ("Av dem 1 nya (utfall och prognoser 1), 1 ändrade (utfall "
                                   "och prognoser 1) och 42 oförändrade.")


def test_export_into_a_missing_folder(run, loaded, tmp_path):
    target = tmp_path / "nope" / "x.csv"
    code, _, err = run("export", "goals", "--year", "2022", "--period", "VB", "--out",
                       str(target), "--db", loaded)
    assert code == 2
    assert one_line(err) == f"mappen {target.parent} finns inte (för {target})"


def test_export_with_no_data_says_so_and_fails(run, loaded, tmp_path):
    target = tmp_path / "x.csv"
    code, out, err = run("export", "goals", "--year", "2031", "--period", "VB", "--out",
                         str(target), "--db", loaded)
    assert code == 1 and out == "" and not target.exists()
    assert one_line(err) == "inga data att exportera för år 2031 period VB; ingen fil skrevs"
    code, out, err = run("export", "signals", "--year", "2031", "--db", loaded)
    assert code == 1 and out == ""
    assert "inga data att exportera för år 2031" in err


def test_success_messages_are_swedish(run, loaded, tmp_path):
    target = tmp_path / "x.csv"
    code, _, err = run("export", "goals", "--year", "2022", "--period", "VB", "--out",
                       str(target), "--db", loaded)
    assert code == 0 and err.startswith("Skrev ") and f"rader till {target}" in err


def test_a_bad_setting_is_one_swedish_line(run, loaded, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_MIN_YEAR", "tjugohundra")
    code, _, err = run("import", str(VALID), "--db", loaded)
    assert code == 2
    assert one_line(err) == "KONTROLLRUM_MIN_YEAR ska vara ett årtal som 2000, inte 'tjugohundra'"


def test_a_refused_import_shows_the_first_errors_and_counts_the_rest(run, loaded, tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    rows = "".join(f"i-nojd,sdn-kung,2022,VB,x{i},,\n" for i in range(300))
    (folder / "values.csv").write_text("indicator_id,org_id,year,period,outcome,forecast,"
                                       "reported\n" + rows, encoding="utf-8")
    code, _, err = run("import", str(folder), "--db", loaded)
    lines = err.splitlines()
    assert code == 1
    assert lines[0] == "Importen avbröts: 599 fel, databasen är oförändrad."
    assert len(lines) == 1 + 50 + 1
    assert lines[-1] == "  … och 549 fel till"


def test_delete_a_year(run, loaded, engine):
    from queries.write.lights import current_data_version, read_indicator_lights

    version = current_data_version(engine)
    assert not read_indicator_lights(engine, 2022).is_empty()
    code, out, err = run("delete", "--year", "2022", "--db", loaded)
    assert code == 0, err
    # The stored lights followed in the same transaction, under a new data version.
    assert read_indicator_lights(engine, 2022).is_empty()
    assert current_data_version(engine) != version
    assert out == ("Tog bort 26 rader: målvärden 6, utfall och prognoser 9, självskattningar 4, "
                   "aktiviteter 3, direktiv och uppdrag 4\n")
    left = counts(engine)
    assert [left[n] for n in ("targets", "values", "assessments", "activities",
                              "directives")] == [0, 0, 0, 0, 0]
    assert left["organisation"] == 7 and left["goals"] == 5 and left["indicators"] == 5
    code, out, err = run("delete", "--year", "2022", "--db", loaded)
    assert code == 1 and out == ""
    assert err == "Inget att ta bort: inga rader matchar, databasen är oförändrad.\n"


def test_delete_an_org_takes_what_hangs_on_it_and_the_rest_stays_whole(run, loaded, engine):
    before = counts(engine)
    code, out, err = run("delete", "--org", "sdn-kung", "--db", loaded)
    assert code == 0, err
    after = counts(engine)
    assert after["organisation"] < before["organisation"]
    assert out.startswith("Tog bort ") and "organisationer" in out
    removed = sum(before.values()) - sum(after.values())
    assert f"Tog bort {removed} rader" in out
    # What is left still imports on top (no dangling reference), and the org comes back.
    code, _, err = run("import", str(VALID), "--db", loaded)
    assert code == 0, err
    assert counts(engine) == before


def test_delete_an_indicator_of_one_year(run, loaded, engine):
    code, out, _ = run("delete", "--indicator", "i-nojd", "--year", "2022", "--db", loaded)
    assert code == 0
    assert out.startswith("Tog bort ")
    assert counts(engine)["indicators"] == 5
    code, out, _ = run("delete", "--indicator", "i-nojd", "--db", loaded)
    assert code == 0 and "indikatorer 1" in out
    assert counts(engine)["indicators"] == 4


def test_delete_refuses_unknown_ids_and_no_filter(run, loaded, engine):
    before = counts(engine)
    code, _, err = run("delete", "--org", "finns-inte", "--db", loaded)
    assert code == 2
    assert one_line(err) == "organisationen 'finns-inte' finns inte i databasen; inget togs bort"
    code, _, err = run("delete", "--db", loaded)
    assert code == 2
    assert one_line(err) == "ange vad som ska tas bort: --year, --org och/eller --indicator"
    assert counts(engine) == before


def test_the_installed_entry_point_prints_no_traceback(tmp_path):
    proc = subprocess.run([sys.executable, "-m", "cli.main", "export", "signals", "--year",
                           "2022", "--db", "sqlite:////no/such/dir/x.db"], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr == ("kontrollrum: databasen finns inte: /no/such/dir/x.db (ange --db URL "
                           "eller KONTROLLRUM_DB, eller skapa den med 'kontrollrum import' eller "
                           "'kontrollrum demo')\n")


@pytest.mark.parametrize("argv, message", [
    ([], "argument saknas: KOMMANDO (se kontrollrum --help)"),
    (["export", "goals", "--year", "abc"],
     "--year: 'abc' är inget heltal (se kontrollrum export --help)"),
    (["delete", "--year"], "--year behöver ett värde (se kontrollrum delete --help)"),
    (["import", "x", "--bogus"], "okända argument: --bogus (se kontrollrum --help)"),
])
def test_argument_errors_are_one_swedish_line(capsys, argv, message):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert capsys.readouterr().err == f"kontrollrum: {message}\n"



def test_an_empty_folder_or_a_workbook_without_sheets_of_the_format_fails(run, loaded, tmp_path):
    import xlsxwriter

    (tmp_path / "empty").mkdir()
    wb = xlsxwriter.Workbook(str(tmp_path / "b.xlsx"))
    wb.add_worksheet("Blad1").write_row(0, 0, ["a", "b"])
    wb.close()
    for bundle in (tmp_path / "empty", tmp_path / "b.xlsx"):
        code, out, err = run("import", str(bundle), "--db", loaded)
        assert code == 1 and out == ""
        assert err.splitlines()[-2] == "Importen avbröts: 1 fel, databasen är oförändrad."
        assert "paketet innehåller inga rader i formatet" in err.splitlines()[-1]
