"""`kontrollrum lock`, `unlock` and `locks`, and the lock refusal of `import` and `delete`:
Swedish messages, one line per error, exit codes as the other commands, the database unchanged;
`kontrollrum demo` ends with VB 2021 locked by the demo administrator (SQLite and PostgreSQL)."""

from __future__ import annotations

import re

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import select

from cli.main import main
from ils import rules_periods
from ils.interchange import write_bundle
from ils.model import Dataset
from queries.write import lights
from queries.write.locks import locks
from queries.write.store import replace_dataset
from tests.fixture_city import city
from tests.lock_support import changed_value, everything

WHO = "admin@exempelstad.se"
DATE = r"\d{4}-\d\d-\d\d"


@pytest.fixture
def run(monkeypatch, capsys):
    monkeypatch.setenv("KONTROLLRUM_DB", "sqlite:///unused-by-these-tests.db")

    def _run(*argv: str) -> tuple[int, str, str]:
        try:
            code = main(list(argv))
        except SystemExit as exc:  # argparse's own errors
            code = exc.code
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err and lines[0].startswith("kontrollrum: ")
    return lines[0].removeprefix("kontrollrum: ")


@pytest.fixture
def loaded(engine, db_url):
    replace_dataset(engine, city(), {"demo": "1"})
    return db_url


def test_lock_locks_and_unlock_unlocks(run, loaded, engine):
    code, out, err = run("lock", "--year", "2022", "--period", "VB", "--who", WHO, "--db", loaded)
    assert code == 0, err
    assert re.fullmatch(rf"Låste VB 2022 \({DATE} av {WHO}\): periodens ljus visas nu från "
                        r"ögonblicksbilden och perioden kan inte ändras\.\n", out)
    assert locks(engine)["locked_by"].to_list() == [WHO]

    code, out, err = run("locks", "--db", loaded)
    assert code == 0
    assert re.fullmatch(rf"VB 2022\tlåst {DATE} \d\d:\d\d av {WHO}\t\(tolerans 10 %, grönt "
                        r"från 75 %, gult från 40 %\)\n", out)

    code, out, err = run("lock", "--year", "2022", "--period", "VB", "--db", loaded)
    assert code == 2 and out == ""
    assert re.fullmatch(rf"Perioden VB 2022 är redan låst \(låst {DATE} av {WHO}\)",
                        one_line(err))

    code, out, err = run("unlock", "--year", "2022", "--period", "VB", "--who", "b", "--db",
                         loaded)
    assert code == 0, err
    assert re.fullmatch(rf"Låste upp VB 2022 \(låst {DATE} av {WHO}\): perioden kan åter "
                        r"ändras\.\n", out)
    assert locks(engine).is_empty()
    code, out, err = run("locks", "--db", loaded)
    assert code == 0 and out == "" and err == "Inga låsta perioder.\n"
    code, out, err = run("unlock", "--year", "2022", "--period", "VB", "--db", loaded)
    assert code == 2 and one_line(err) == "Perioden VB 2022 är inte låst"


@pytest.mark.parametrize("argv, message", [
    (("--year", "2030", "--period", "VB"), "Perioden VB 2030 har inga data att låsa"),
    (("--year", "2022", "--period", "Q1"), "--period: 'Q1' är inget tillåtet val"),
    (("--year", "tjugo", "--period", "VB"), "--year: 'tjugo' är inget heltal"),
    (("--period", "VB"), "argument saknas: --year"),
])
def test_lock_errors_are_one_swedish_line(run, loaded, engine, argv, message):
    before = everything(engine)
    code, out, err = run("lock", *argv, "--who", WHO, "--db", loaded)
    assert code == 2 and out == ""
    assert one_line(err).startswith(message)
    assert everything(engine) == before


def test_import_and_delete_over_a_locked_period_are_refused(run, loaded, engine, tmp_path):
    assert run("lock", "--year", "2022", "--period", "VB", "--who", WHO, "--db", loaded)[0] == 0
    before = everything(engine)
    folder = tmp_path / "b"
    write_bundle(Dataset.from_frames({**city().frames(), "values": changed_value(2022, "VB")}),
                 folder)
    code, out, err = run("import", str(folder), "--db", loaded)
    assert code == 1 and out == ""
    assert re.fullmatch(rf"Perioden VB 2022 är låst \(låst {DATE} av {WHO}\); importen skulle "
                        r"ändra den \(1 rad\) och avbröts, databasen är oförändrad\. Lås upp "
                        r"perioden först \(kontrollrum unlock --year 2022 --period VB\)\.",
                        one_line(err))
    assert everything(engine) == before
    code, out, err = run("delete", "--org", "soderby", "--db", loaded)
    assert code == 1 and out == ""
    assert one_line(err).startswith("Perioden VB 2022 är låst (låst ")
    assert "borttagningen skulle ändra den" in err
    assert everything(engine) == before
    # another year is not locked: its deletion goes through
    code, out, err = run("unlock", "--year", "2022", "--period", "VB", "--db", loaded)
    code, out, err = run("delete", "--year", "2022", "--db", loaded)
    assert code == 0 and out.startswith("Tog bort ")


def test_the_demo_ends_with_vb_2021_locked(run, db_url, engine):
    code, out, err = run("demo", "--db", db_url)
    assert code == 0, err
    got = locks(engine)
    assert got.select("year", "period", "locked_by").rows() == [(2021, "VB",
                                                                 "Demo-administratör")]
    # locked when the demo's story says (spring 2022), not when the demo was loaded: a lock
    # made today would be news that `kontrollrum paminn` mails to every board
    assert got["locked_at"][0].startswith("2022-04-20")
    from ils.clock import today
    from ils.config import mail_config
    from queries.write.notices import Recipients, due

    cfg = mail_config({"KONTROLLRUM_SMTP_URL": "smtp://127.0.0.1:25",
                       "KONTROLLRUM_MAIL_FROM": "kr@stad.example.se",
                       "KONTROLLRUM_BASE_URL": "https://kr.stad.example.se"})
    who = Recipients([("slk@stad.example.se", (("slk", None),))], {"sdn-farsta": "f@x.se"})
    assert [n.key for n in due(engine, cfg, today(), who)
            if n.key.startswith("last|")] == []
    from ils.demo import generate
    from queries.db import fetch
    from queries.schema import goal_light

    shown = lights.read_goal_lights(engine, 2021, "VB")  # from the snapshot
    stored = fetch(engine, select(goal_light).where(
        (goal_light.c.year == 2021) & (goal_light.c.period == "VB")), lights.GOAL_SCHEMA)
    assert shown.height > 100
    assert_frame_equal(shown, stored.sort(lights.GOAL_ORDER))
    _, goals = rules_periods.all_lights(generate(scale=1, seed=2022))
    vb = goals.filter((pl.col("year") == 2021) & (pl.col("period") == "VB"))
    assert_frame_equal(shown.select(lights.GOAL_ORDER + ("light", "score")),
                       vb.select(lights.GOAL_ORDER + ("light", "score")))
