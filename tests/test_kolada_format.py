"""The round-2 columns of the interchange format (kolada_id, source, status) and ids that stay
ids: Kolada id shapes, one stad, and ids that Excel stored as numbers."""

from __future__ import annotations

import shutil
from pathlib import Path

import polars as pl
import xlsxwriter

from ils.interchange import parse_bundle
from queries.read.dataset import load_dataset
from queries.write.importer import import_bundle
from tests.export_support import VALID, export_all, row_counts


def _bundle(tmp: Path, **changes: str) -> Path:
    """A copy of the valid bundle with some files replaced (name → full CSV text)."""
    dst = tmp / "bundle"
    shutil.copytree(VALID, dst)
    for name, text in changes.items():
        (dst / f"{name}.csv").write_text(text, encoding="utf-8")
    return dst


def _with_column(name: str, column: str, values: dict[int, str]) -> str:
    """The valid bundle's file with one more column; `values` by data row (1 = first)."""
    lines = (VALID / f"{name}.csv").read_text(encoding="utf-8").splitlines()
    df = pl.read_csv(VALID / f"{name}.csv", infer_schema=False)
    if len(lines) != df.height + 1:  # a quoted cell spans lines: keep such files as they are
        raise ValueError(name)
    out = [lines[0] + f",{column}"]
    out += [line + "," + values.get(i, "") for i, line in enumerate(lines[1:], start=1)]
    return "\n".join(out) + "\n"


def _errors(path: Path) -> list[str]:
    return [str(e) for e in parse_bundle(path).errors]


def test_a_bundle_without_the_new_columns_imports_as_before(engine):
    report = import_bundle(engine, VALID)
    assert report.ok, report.errors
    ds = load_dataset(engine)
    assert ds.organisation["kolada_id"].null_count() == ds.organisation.height
    assert ds.values["source"].null_count() == ds.values.height
    assert ds.assessments["status"].null_count() == ds.assessments.height


def test_new_columns_are_read_and_stored(engine, tmp_path):
    bundle = _bundle(
        tmp_path,
        organisation=_with_column("organisation", "kolada_id", {1: "0180"}),
        targets=_with_column("targets", "source", {1: "Riket (jämförelsevärde)"}),
        values=_with_column("values", "source", {2: "Kolada"}),
    )
    before = dict(import_bundle(engine, VALID).counts)
    exports_before = export_all(engine)
    report = import_bundle(engine, bundle)
    assert report.ok, report.errors
    assert report.counts == before  # the same rows, now with their new columns
    ds = load_dataset(engine)
    assert ds.organisation.filter(pl.col("id") == "stad")["kolada_id"].item() == "0180"
    assert ds.targets.filter(pl.col("indicator_id") == "i-nojd", pl.col("org_id") == "stad")[
        "source"].item() == "Riket (jämförelsevärde)"
    assert ds.values["source"].drop_nulls().to_list() == ["Kolada"]
    assert export_all(engine) == exports_before  # §4 exports do not change


def test_kolada_ids_must_look_like_kolada_ids(tmp_path):
    bundle = _bundle(
        tmp_path,
        organisation=_with_column("organisation", "kolada_id", {1: "180", 2: "V15E018000101",
                                                                3: "Stockholm"}),
        indicators=_with_column("indicators", "kolada_kpi", {}).replace(
            "U21468,", "u21468,", 1).replace(",\n", ",FOO123\n", 1),
    )
    errors = _errors(bundle)
    assert any(e.startswith('organisation.csv, rad 2, kolumn kolada_id: "180" är inte ett '
                            "Kolada-id") and "inledande nollor" in e for e in errors), errors
    assert any(e.startswith('organisation.csv, rad 4, kolumn kolada_id: "Stockholm" är inte')
               for e in errors), errors
    assert not any("rad 3, kolumn kolada_id" in e for e in errors)  # the V… unit id is fine
    kpi = [e for e in errors if "kolumn kolada_kpi" in e]
    assert any('"u21468" är inte ett Kolada-nyckeltal' in e for e in kpi), errors


def test_status_must_be_utkast_or_publicerad(tmp_path):
    text = (VALID / "assessments.csv").read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[0] += ",status"
    bundle = _bundle(tmp_path, assessments="\n".join(lines))
    errors = _errors(bundle)
    assert errors == []  # an empty status means publicerad
    bad = "goal_id,org_id,year,period,assessment,status\nvom15,stad,2022,VB,delvis,klar\n"
    errors = _errors(_bundle(tmp_path / "b", assessments=bad))
    assert errors == ['assessments.csv, rad 2, kolumn status: "klar" är inget tillåtet värde '
                      "(tillåtna: utkast, publicerad)"]


def test_a_second_stad_is_refused(engine, tmp_path):
    org = (VALID / "organisation.csv").read_text(encoding="utf-8") + "stad2,,stad,,Annan stad,\n"
    errors = _errors(_bundle(tmp_path, organisation=org))
    assert errors == ['organisation.csv, rad 9, kolumn level: det finns redan en organisation '
                      'med nivån stad ("stad"); en datamängd har bara en stad']
    # … also beside the database's stad
    assert import_bundle(engine, VALID).ok
    only = tmp_path / "only"
    only.mkdir()
    (only / "organisation.csv").write_text("id,parent_id,level,name\nx,,stad,X\n")
    report = import_bundle(engine, only)
    assert [str(e) for e in report.errors] == [
        'organisation.csv, rad 2, kolumn level: det finns redan en organisation med nivån stad '
        '("stad"); en datamängd har bara en stad']


def _digits_city(tmp: Path) -> Path:
    """A small city whose org ids are digits (as a Kolada-minded user might choose)."""
    folder = tmp / "digits"
    folder.mkdir()
    (folder / "organisation.csv").write_text(
        "id,parent_id,level,kind,name,kolada_id\n0180,,stad,,Stockholm,0180\n"
        "0181,0180,namnd,stadsdelsnamnd,Nämnd,\n")
    return folder


def _numeric_workbook(path: Path) -> Path:
    """The same orgs, as Excel stores them when the id column is typed as numbers."""
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("organisation")
    ws.write_row(0, 0, ["id", "parent_id", "level", "kind", "name"])
    ws.write_number(1, 0, 180)
    ws.write_row(1, 2, ["stad", "", "Stockholm"])
    ws.write_number(2, 0, 182)
    ws.write_number(2, 1, 180)
    ws.write_row(2, 2, ["namnd", "stadsdelsnamnd", "Ny nämnd"])
    wb.close()
    return path


def test_an_id_excel_stored_as_a_number_never_becomes_another_id(engine, tmp_path):
    assert import_bundle(engine, _digits_city(tmp_path)).ok
    before = row_counts(engine)
    report = import_bundle(engine, _numeric_workbook(tmp_path / "orgs.xlsx"))
    errors = [str(e) for e in report.errors]
    assert 'blad organisation, rad 2, kolumn id: "180" och "0180" är samma tal men olika id; ' \
           'Excel tar bort inledande nollor när en id-cell är ett tal: skriv id:t som text, ' \
           'likadant överallt' in errors, errors
    assert any(e.startswith('blad organisation, rad 3, kolumn parent_id: "180" och "0180" är')
               for e in errors), errors
    assert row_counts(engine) == before  # nothing written
    assert not any("182" in e for e in errors)  # a new id with no twin is fine


def test_twins_within_one_bundle_are_refused(tmp_path):
    folder = _digits_city(tmp_path)
    (folder / "organisation.csv").write_text(
        "id,parent_id,level,kind,name\n0180,,stad,,Stockholm\n181,180,namnd,,Nämnd\n"
        "180,,namnd,,Tvilling\n")
    errors = [e for e in _errors(folder) if "samma tal" in e]
    assert [e.split(": ")[0] for e in errors] == [
        "organisation.csv, rad 2, kolumn id", "organisation.csv, rad 3, kolumn parent_id",
        "organisation.csv, rad 4, kolumn id"], errors
    assert errors[0].split(": ")[1].startswith('"0180" och "180" är samma tal men olika id')


def test_a_database_made_before_the_new_columns_gets_them(db_url):
    from sqlalchemy import create_engine, text

    from queries.db import make_engine
    from queries.migrate import missing_columns

    old = make_engine(db_url)
    assert import_bundle(old, VALID).ok
    dropped = [("organisation", "kolada_id"), ("target", "source"),
               ("indicator_value", "source"), ("assessment", "status")]
    with old.begin() as conn:
        for table, col in dropped:
            conn.execute(text(f'ALTER TABLE "{table}" DROP COLUMN "{col}"'))
    old.dispose()
    raw = create_engine(db_url)
    assert sorted(missing_columns(raw)) == sorted(dropped)
    raw.dispose()
    engine = make_engine(db_url)  # what the app and the CLI open a database with
    assert missing_columns(engine) == []
    ds = load_dataset(engine)
    assert ds.values.height == 9 and ds.values["source"].null_count() == 9
    engine.dispose()


def test_numbers_in_id_cells_are_said_out_loud(engine, tmp_path):
    """Without a conflict the numeric ids import, and the import says which cells they were."""
    wb = _numeric_workbook(tmp_path / "orgs.xlsx")
    report = import_bundle(engine, wb)
    assert report.ok, report.errors
    assert 'orgs.xlsx, blad organisation, kolumn id: 2 id-celler är tal i Excel (rad 2, 3) och ' \
           'läses som text, t.ex. "180"; inledande nollor kan ha försvunnit – formatera ' \
           'kolumnen som Text om id:t ska vara t.ex. "0180"' in report.notices
    assert any("kolumn parent_id: 1 id-celler är tal i Excel (rad 3)" in n
               for n in report.notices)
    assert sorted(load_dataset(engine).organisation["id"]) == ["180", "182"]


def test_an_exported_workbook_keeps_ids_as_text(engine, tmp_path):
    from queries.read.exports import export_bundle

    assert import_bundle(engine, _digits_city(tmp_path)).ok
    export_bundle(engine, tmp_path / "back.xlsx")
    report = import_bundle(engine, tmp_path / "back.xlsx")
    assert report.ok and report.notices == []
    assert sorted(load_dataset(engine).organisation["id"]) == ["0180", "0181"]
