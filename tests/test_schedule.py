"""schedule.csv (DOMAIN.md §3.10, §4): parse, validate, import all-or-nothing, export in the
bundle; deadlines set on /admin with history; `kontrollrum export status`."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
import pytest
from sqlalchemy import func, select

from cli.main import main
from ils.access import Viewer
from ils.interchange import parse_bundle
from ils.interchange.bundle_write import write_any
from ils.model import Dataset
from queries.db import get_engine
from queries.read import schedules
from queries.read.dataset import load_dataset
from queries.schema import assessment, schedule_history
from queries.write import schedule_writes
from queries.write.importer import import_bundle
from queries.write.store import replace_dataset
from queries.write.write_common import Invalid, NotAllowed
from tests.fixture_city import city
from tests.fixture_round import city_with_round

D = dt.date


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    from ils.demo import DEMO_INFO, generate

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    replace_dataset(get_engine(url), generate(scale=1, seed=2022), DEMO_INFO)
    return url


ADMIN = Viewer(role="admin", name="Ada Admin", subject="a1")


def bundle_with(tmp_path, schedule_text: str, name="b"):
    """The fixture city as a folder bundle with `schedule_text` as its schedule.csv."""
    folder = tmp_path / name
    write_any(city(), folder)
    (folder / "schedule.csv").write_text(schedule_text, encoding="utf-8")
    return folder


def test_a_good_schedule_parses_with_empty_org_as_every_board(tmp_path):
    got = parse_bundle(bundle_with(tmp_path, "year,period,org_id,deadline\n"
                                             "2022,VB,,2023-01-31\n2022,VB,norrby,2023-02-15\n"))
    assert got.errors == []
    assert got.frames["schedule"].rows() == [(2022, "VB", None, D(2023, 1, 31)),
                                             (2022, "VB", "norrby", D(2023, 2, 15))]


def test_swedish_excel_style_is_read(tmp_path):
    got = parse_bundle(bundle_with(tmp_path, "\ufeffyear;period;org_id;deadline\n"
                                             "2022;T2;;2022-09-14\n"))
    assert got.errors == [] and got.frames["schedule"]["deadline"].to_list() == [D(2022, 9, 14)]


def test_every_error_names_file_line_and_column(tmp_path):
    got = parse_bundle(bundle_with(tmp_path, (
        "year,period,org_id,deadline\n"
        "2022,VB,,2023-01-31\n"
        "2022,VB,,2023-02-01\n"        # line 3: a second row for every board
        "2022,T4,norrby,2022-09-01\n"  # line 4: unknown period
        "2022,T2,okand,2022-09-01\n"   # line 5: unknown org
        "2022,T1,norrby-hem,2022-05-01\n"  # line 6: a unit, not a board
        "2022,T1,soderby,1 maj\n"      # line 7: not a date
        ",T1,kultur,2022-05-01\n")))   # line 8: year missing
    found = {(e.file, e.line, e.column): e.message for e in got.errors}
    assert found[("schedule.csv", 3, "year, period, org_id")].startswith(
        'nyckeln "2022, VB, " finns redan på rad 2')
    assert "är inget tillåtet värde" in found[("schedule.csv", 4, "period")]
    assert found[("schedule.csv", 5, "org_id")] == (
        'organisationen "okand" finns varken i organisation.csv eller i databasen')
    assert found[("schedule.csv", 6, "org_id")].startswith(
        'organisationen "norrby-hem" har nivån enhet; en tidsplan gäller en nämnd')
    assert found[("schedule.csv", 7, "deadline")] == (
        '"1 maj" är inte ett datum på formen ÅÅÅÅ-MM-DD')
    assert found[("schedule.csv", 8, "year")] == "värde saknas"
    assert "obligatorisk kolumn saknas" in {e.message for e in parse_bundle(bundle_with(
        tmp_path, "year,period,org_id\n2022,VB,\n", "c")).errors}


def count(engine, table) -> int:
    with engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table)).scalar_one()


def test_import_is_all_or_nothing_and_history_is_kept(tmp_path, engine):
    replace_dataset(engine, city(), {"demo": "0"})
    bad = bundle_with(tmp_path, "year,period,org_id,deadline\n2022,VB,,2023-01-31\n"
                                "2022,VB,okand,2023-01-31\n")
    report = import_bundle(engine, bad)
    assert not report.ok and schedules.read_schedule(engine).is_empty()
    good = bundle_with(tmp_path, "year,period,org_id,deadline\n2022,VB,,2023-01-31\n"
                                 "2022,VB,norrby,2023-02-15\n", "g")
    assert import_bundle(engine, good).ok
    assert schedules.read_schedule(engine).rows() == [
        (2022, "VB", None, D(2023, 1, 31)), (2022, "VB", "norrby", D(2023, 2, 15))]
    assert import_bundle(engine, good).ok  # idempotent: no new history
    hist = schedules.read_history(engine)
    assert hist.height == 2 and set(hist["action"]) == {"importerad"}
    assert hist["changed_by"].to_list() == [None, None]


def test_the_bundle_carries_the_schedule_both_ways(tmp_path, engine):
    sched = pl.DataFrame({"year": [2022, 2022], "period": ["VB", "T2"],
                          "org_id": [None, "kultur"],
                          "deadline": [D(2023, 1, 31), D(2022, 9, 1)]})
    replace_dataset(engine, Dataset.from_frames({**city().frames(), "schedule": sched}), {})
    from queries.read.exports import export_bundle

    export_bundle(engine, tmp_path / "out.zip")
    import zipfile

    text = zipfile.ZipFile(tmp_path / "out.zip").read("schedule.csv").decode()
    assert text == "year,period,org_id,deadline\n2022,T2,kultur,2022-09-01\n2022,VB,,2023-01-31\n"
    back = load_dataset(engine).schedule
    assert back.sort("period").rows() == sched.sort("period").rows()


def test_admin_sets_changes_and_removes_a_deadline_with_history(engine):
    replace_dataset(engine, city(), {})
    with pytest.raises(NotAllowed):
        schedule_writes.set_deadline(engine, Viewer(role="slk", name="S"), 2022, "VB", "", "2023-01-31")
    with pytest.raises(Invalid, match="ÅÅÅÅ-MM-DD"):
        schedule_writes.set_deadline(engine, ADMIN, 2022, "VB", "", "31/1")
    with pytest.raises(Invalid, match="ingen nämnd"):
        schedule_writes.set_deadline(engine, ADMIN, 2022, "VB", "norrby-hem", "2023-01-31")
    assert schedules.read_schedule(engine).is_empty() and count(engine, schedule_history) == 0
    assert schedule_writes.set_deadline(engine, ADMIN, 2022, "VB", "", "2023-01-31") == (
        "Sista dag VB 2022 för alla nämnder: 2023-01-31.")
    schedule_writes.set_deadline(engine, ADMIN, 2022, "VB", "", "2023-02-03")
    schedule_writes.set_deadline(engine, ADMIN, 2022, "VB", "norrby", "2023-02-10")
    schedule_writes.set_deadline(engine, ADMIN, 2022, "VB", "norrby", "")
    hist = schedules.read_history(engine)
    assert hist.select("org_id", "action", "old_deadline", "new_deadline",
                       "changed_by").rows() == [
        ("norrby", "borttagen", D(2023, 2, 10), None, "Ada Admin"),
        ("norrby", "satt", None, D(2023, 2, 10), "Ada Admin"),
        (None, "ändrad", D(2023, 1, 31), D(2023, 2, 3), "Ada Admin"),
        (None, "satt", None, D(2023, 1, 31), "Ada Admin")]
    assert schedules.read_schedule(engine).rows() == [(2022, "VB", None, D(2023, 2, 3))]


def test_export_status_on_the_fixture_city(tmp_path, monkeypatch, capsys):
    url = f"sqlite:///{tmp_path / 'r.db'}"
    replace_dataset(get_engine(url), city_with_round(), {})
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    out = tmp_path / "status.csv"
    assert main(["export", "status", "--year", "2022", "--period", "VB", "--date",
                 "2023-02-01", "--out", str(out)]) == 0
    assert out.read_text() == (
        "org_id,status,n_goals,n_published,n_draft,deadline,late\n"
        "kultur,publicerad,1,1,0,2023-01-31,nej\n"
        "norrby,utkast,2,1,0,2023-02-15,nej\n"
        "soderby,utkast,2,1,1,2023-01-31,ja\n")
    assert main(["export", "status", "--year", "2022", "--period", "T2",
                 "--date", "2022-09-01"]) == 0
    got = pl.read_csv(io.StringIO(capsys.readouterr().out))
    assert got["late"].null_count() == got.height  # no deadline at T2: empty
    assert main(["export", "status", "--year", "2022", "--period", "VB",
                 "--date", "1 feb"]) == 2  # a UserError: one Swedish line
    assert "ÅÅÅÅ-MM-DD" in capsys.readouterr().err
    with get_engine(url).connect() as conn:  # the export changed nothing
        assert conn.execute(select(func.count()).select_from(assessment)).scalar_one() == 5


def test_export_status_on_the_demo_has_late_boards_at_the_latest_period(demo_url, monkeypatch,
                                                                       capsys):
    monkeypatch.setenv("KONTROLLRUM_DB", demo_url)
    assert main(["export", "status", "--year", "2022", "--period", "VB",
                 "--date", "2023-02-10"]) == 0
    got = pl.read_csv(io.StringIO(capsys.readouterr().out), schema_overrides={
        "deadline": pl.String})
    assert got["org_id"].to_list() == sorted(got["org_id"].to_list())
    late = got.filter(pl.col("late") == "ja")
    assert set(late["org_id"]) == {"bolag-stockholmshem", "bolag-micasa"}
    assert set(late["status"]) == {"utkast"}
    farsta = got.filter(pl.col("org_id") == "sdn-farsta").row(0, named=True)
    assert farsta["deadline"] == "2023-02-15" and farsta["late"] == "nej"
    assert got.filter(pl.col("late") != "ja")["status"].unique().to_list() == ["publicerad"]
    assert main(["export", "status", "--year", "2022", "--period", "T2",
                 "--date", "2022-10-01"]) == 0
    t2 = pl.read_csv(io.StringIO(capsys.readouterr().out))
    assert {"sdn-skarpnack", "sdn-farsta", "sdn-hagersten-alvsjo"} <= set(
        t2.filter(pl.col("late") == "ja")["org_id"])


def test_the_status_counts_a_draft_only_for_those_who_may_see_it(tmp_path):
    """§3.9: Söderby's draft (1.2) is counted for Söderby's users and SLK, not for the public;
    and Kulturnämnden's only assessment as a draft makes it 'ej påbörjad' to the public."""
    from queries import scope

    ds = city_with_round()
    a = ds.assessments.with_columns(status=pl.when(pl.col("org_id") == "kultur")
                                    .then(pl.lit("utkast")).otherwise("status"))
    url = f"sqlite:///{tmp_path / 'v.db'}"
    engine = get_engine(url)
    replace_dataset(engine, Dataset.from_frames({**ds.frames(), "assessments": a}), {})

    def seen(viewer):
        with scope.acting_as(viewer):
            got = schedules.round_status(engine, 2022, "VB", D(2023, 2, 1))
        return {r["org_id"]: (r["status"], r["n_draft"]) for r in got.iter_rows(named=True)}

    assert seen(Viewer()) == {"kultur": ("ej_paborjad", 0), "norrby": ("utkast", 0),
                              "soderby": ("utkast", 0)}
    assert seen(Viewer(role="slk", name="S")) == {
        "kultur": ("utkast", 1), "norrby": ("utkast", 0), "soderby": ("utkast", 1)}
    assert seen(Viewer(role="namnd", orgs=("soderby",)))["soderby"] == ("utkast", 1)
    assert seen(Viewer(role="namnd", orgs=("soderby",)))["kultur"] == ("ej_paborjad", 0)
