"""Every hostile or careless bundle of issue 14 ("What we measured", import): a Swedish error
naming the file (and line where there is one), nothing written, quickly."""

from __future__ import annotations

import shutil
import time
import zipfile
from pathlib import Path

import pytest
import xlsxwriter
from sqlalchemy import func, select

from ils.interchange import parse_bundle
from ils.interchange.errors import count_errors
from ils.interchange.limits import Limits
from ils.model import FILES
from queries.schema import TABLES
from queries.write.importer import import_bundle
from tests.bundle_variants import zipped

VALID = Path(__file__).parent / "bundles" / "valid"


def counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {n: conn.execute(select(func.count()).select_from(TABLES[s.table])).scalar_one()
                for n, s in FILES.items()}


def copy_valid(tmp_path: Path) -> Path:
    folder = tmp_path / "bundle"
    shutil.copytree(VALID, folder)
    return folder


def edit(folder: Path, name: str, old: str, new: str) -> Path:
    path = folder / f"{name}.csv"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


def refused(engine, bundle: Path) -> list[str]:
    """Import `bundle`, expect it refused with nothing written; the errors as text."""
    before = counts(engine)
    report = import_bundle(engine, bundle)
    assert report.errors, "the bundle was accepted"
    assert counts(engine) == before
    return [str(e) for e in report.errors]


# --- line endings, headers, cells -------------------------------------------------------

def test_old_mac_line_endings_import_and_count_lines(tmp_path):
    folder = copy_valid(tmp_path)
    for path in folder.glob("*.csv"):
        path.write_bytes(path.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r"))
    assert parse_bundle(folder).errors == []
    edit(folder, "values", "77.5", "7x7.5")
    errors = [str(e) for e in parse_bundle(folder).errors]
    assert errors == ['values.csv, rad 3, kolumn outcome: "7x7.5" är inte ett tal']


@pytest.mark.parametrize("header", ["_b", "__line__", "LINE#", "_t0", "_first"])
def test_header_named_like_an_internal_column_is_just_an_unknown_column(tmp_path, header):
    folder = copy_valid(tmp_path)
    path = folder / "values.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([f"{lines[0]},{header}"] + [f"{x},zz" for x in lines[1:]]) + "\n",
                    encoding="utf-8")
    parsed = parse_bundle(folder)
    assert parsed.errors == []
    assert parsed.frames["values"].columns == FILES["values"].column_names


def test_huge_header_cell(tmp_path):
    folder = copy_valid(tmp_path)
    path = folder / "targets.csv"
    path.write_text("x" * 140_000 + "," + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert [str(e) for e in parse_bundle(folder).errors] == [
        "targets.csv, rad 1: en cell är längre än 131\u00a0072 tecken"]


def test_unquoted_comma_is_an_error_naming_the_line(tmp_path):
    folder = edit(copy_valid(tmp_path), "directives",
                  "ska minska sina lokalkostnader.", "ska minska, och snabbt, kostnaderna.")
    errors = [str(e) for e in parse_bundle(folder).errors]
    assert errors == ["directives.csv, rad 2: raden har 8 fält men rubrikraden 6: text som "
                      "innehåller , måste stå inom citattecken"]


def test_unclosed_quote_names_its_line(tmp_path):
    folder = edit(copy_valid(tmp_path), "directives", ",Stadsdelsnämnderna", ',"Stadsdels')
    assert [str(e) for e in parse_bundle(folder).errors] == [
        "directives.csv, rad 3: ett citattecken på raden stängs aldrig"]


@pytest.mark.parametrize("date", ["0000-01-01", "1899-12-31", "9999-12-31"])
def test_impossible_dates_are_refused_on_both_databases(engine, tmp_path, date):
    folder = edit(copy_valid(tmp_path), "activities", "2022-01-01", date)
    errors = refused(engine, folder)
    assert errors[0] == (f'activities.csv, rad 2, kolumn start: datumet "{date}" ligger utanför '
                         "de rimliga åren 2000–2100 (inställningarna KONTROLLRUM_MIN_YEAR och "
                         "KONTROLLRUM_MAX_YEAR)")


@pytest.mark.parametrize("year", ["99999", "-1", "0", "3000000000", "1999", "2101"])
def test_implausible_years_get_one_verdict_on_both_databases(engine, tmp_path, year):
    folder = edit(copy_valid(tmp_path), "values", "sdn-kung,2022,T2", f"sdn-kung,{year},T2")
    errors = refused(engine, folder)
    assert errors == [f'values.csv, rad 2, kolumn year: året "{year}" ligger utanför de '
                      "rimliga åren 2000–2100 (inställningarna KONTROLLRUM_MIN_YEAR och "
                      "KONTROLLRUM_MAX_YEAR)"]


def test_the_plausible_years_are_a_setting(engine, tmp_path, monkeypatch):
    folder = edit(copy_valid(tmp_path), "values", "sdn-kung,2022,T2", "sdn-kung,1995,T2")
    assert import_bundle(engine, folder).errors
    monkeypatch.setenv("KONTROLLRUM_MIN_YEAR", "1990")
    assert import_bundle(engine, folder).errors == []


@pytest.mark.parametrize("bad_id", ["avd-älvsjö", "a b", "a?b", "a#b", "..", "a/b", "-x"])
def test_ids_that_a_url_or_file_name_cannot_carry_are_refused(engine, tmp_path, bad_id):
    folder = copy_valid(tmp_path)
    for name in ("organisation", "goals", "indicators", "targets", "values", "assessments",
                 "activities", "directives"):
        path = folder / f"{name}.csv"
        path.write_text(path.read_text(encoding="utf-8").replace("sdn-kung", f'"{bad_id}"'),
                        encoding="utf-8")
    errors = refused(engine, folder)
    assert any(e.startswith("organisation.csv, rad ") and "kolumn id:" in e
               and "får bara innehålla a–z" in e for e in errors), errors


def test_nul_in_a_file_is_refused(tmp_path):
    folder = edit(copy_valid(tmp_path), "directives", "lokalkostnader", "lokal\x00kostnader")
    assert [str(e) for e in parse_bundle(folder).errors] == [
        "directives.csv, rad 2: filen innehåller NUL-tecken: den är ingen CSV-textfil"]


def test_errors_are_capped_and_counted(tmp_path):
    folder = copy_valid(tmp_path)
    rows = "".join(f"i-nojd,sdn-kung,2022,VB,x{i},,\n" for i in range(20_000))
    (folder / "values.csv").write_text("indicator_id,org_id,year,period,outcome,forecast,"
                                       "reported\n" + rows, encoding="utf-8")
    start = time.perf_counter()
    errors = parse_bundle(folder).errors
    assert time.perf_counter() - start < 10
    assert count_errors(errors) == 20_000 + 19_999  # a bad number and a duplicate key each
    assert len(errors) == 501
    assert str(errors[-1]) == "values.csv: … och 39\u00a0499 fel till i filen"


def test_row_limit(tmp_path):
    folder = copy_valid(tmp_path)
    from ils.interchange import check_bundle, read_bundle

    errors = check_bundle(read_bundle(folder, Limits(max_rows=8))).errors
    assert [str(e) for e in errors] == [
        "values.csv, rad 10: filen har fler än 8 rader; dela upp den"]


# --- whole bundles: empty, duplicates -----------------------------------------------------

def test_empty_folder_is_an_error(engine, tmp_path):
    (tmp_path / "empty").mkdir()
    errors = refused(engine, tmp_path / "empty")
    assert errors == ["empty: paketet innehåller inga rader i formatet (väntade filer som "
                      "organisation.csv, goals.csv, indicators.csv, targets.csv, values.csv, "
                      "assessments.csv, activities.csv, directives.csv, schedule.csv)"]


def _workbook(path: Path, sheets: dict[str, list[list[str]]]) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)
    wb.close()
    return path


def test_workbook_with_only_blad1_is_an_error(engine, tmp_path):
    book = _workbook(tmp_path / "b.xlsx", {"Blad1": [["a", "b"], ["1", "2"]]})
    errors = refused(engine, book)
    assert errors[0].startswith("b.xlsx: paketet innehåller inga rader i formatet")


def test_duplicate_sheets_are_an_error(engine, tmp_path):
    rows = [["id", "year", "kind", "recipient"], ["d1", "2022", "uppdrag", "alla"]]
    book = _workbook(tmp_path / "b.xlsx", {"directives": rows, "Directives.csv": rows})
    assert refused(engine, book) == [
        "blad Directives.csv: bladet directives finns mer än en gång (också som blad "
        "directives); ta bort eller byt namn på det ena"]


def test_duplicate_files_in_a_folder_are_an_error(tmp_path):
    folder = copy_valid(tmp_path)
    shutil.copy(folder / "directives.csv", folder / "Directives.CSV")
    errors = [str(e) for e in parse_bundle(folder).errors]
    assert len(errors) == 1 and "finns mer än en gång" in errors[0]


# --- zips: damaged, encrypted, bombs, many entries ----------------------------------------

def _zip_bytes(tmp_path: Path) -> bytes:
    return zipped(VALID, tmp_path / "v.zip").read_bytes()


def _patch_central(data: bytes, member: str, offset: int, value: bytes) -> bytes:
    """Overwrite bytes at `offset` of `member`'s central-directory header."""
    name = member.encode()
    pos = data.index(b"PK\x01\x02" + b"", 0)
    while True:
        if data[pos + 46:pos + 46 + len(name)] == name:
            break
        pos = data.index(b"PK\x01\x02", pos + 4)
    return data[:pos + offset] + value + data[pos + offset + len(value):]


def test_zip_member_with_bad_crc(engine, tmp_path):
    data = _zip_bytes(tmp_path)
    data = data.replace(b"lokalkostnader", b"lokalkostnadeR", 1)
    (tmp_path / "bad.zip").write_bytes(data)
    assert refused(engine, tmp_path / "bad.zip") == [
        "directives.csv: filen i zip-filen är skadad (kontrollsumman eller packningen "
        "stämmer inte)"]


def test_zip_member_with_unknown_compression(engine, tmp_path):
    data = _patch_central(_zip_bytes(tmp_path), "values.csv", 10, (99).to_bytes(2, "little"))
    (tmp_path / "bad.zip").write_bytes(data)
    assert refused(engine, tmp_path / "bad.zip") == [
        "values.csv: filen i zip-filen är packad med en metod som inte stöds; använd vanlig zip"]


def test_password_protected_zip_member(engine, tmp_path):
    data = _patch_central(_zip_bytes(tmp_path), "goals.csv", 8, (1).to_bytes(2, "little"))
    (tmp_path / "bad.zip").write_bytes(data)
    assert refused(engine, tmp_path / "bad.zip") == [
        "goals.csv: filen i zip-filen är lösenordsskyddad; packa den utan lösenord"]


def test_a_member_the_importer_ignores_is_never_unpacked(engine, tmp_path):
    """An encrypted, unknown member would fail if read: it only gets a notice."""
    zipped(VALID, tmp_path / "v.zip")
    with zipfile.ZipFile(tmp_path / "v.zip", "a") as zf:
        zf.writestr("big.bin", b"\0" * 1000)
    data = _patch_central((tmp_path / "v.zip").read_bytes(), "big.bin", 8,
                          (1).to_bytes(2, "little"))
    (tmp_path / "v.zip").write_bytes(data)
    report = import_bundle(engine, tmp_path / "v.zip")
    assert report.errors == []
    assert "big.bin: ignoreras (ingen fil i formatet)" in report.notices


def test_zip_bomb_stops_before_unpacking(tmp_path):
    """0.3 MB of zip that unpacks to 300 MiB of values.csv: refused at once, one message."""
    bomb = tmp_path / "bomb.zip"
    line = b"i-nojd,sdn-kung,2022,VB,1,,\n" * 4096
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("values.csv", "w") as f:
            f.write(b"indicator_id,org_id,year,period,outcome,forecast,reported\n")
            for _ in range(300 * 2**20 // len(line)):
                f.write(line)
    assert bomb.stat().st_size < 2 * 2**20
    start = time.perf_counter()
    errors = [str(e) for e in parse_bundle(bomb).errors]
    assert time.perf_counter() - start < 5
    assert errors == ["values.csv: paketet är för stort uppackat (över 200 MiB); dela upp det"]


def test_a_size_that_lies_is_caught_by_the_crc(tmp_path):
    data = _zip_bytes(tmp_path)
    small = _patch_central(data, "values.csv", 24, (10).to_bytes(4, "little"))
    (tmp_path / "lie.zip").write_bytes(small)
    errors = [str(e) for e in parse_bundle(tmp_path / "lie.zip").errors]
    assert errors[0].startswith("values.csv: filen i zip-filen är skadad")


def test_zip_of_20000_empty_entries_is_refused_quickly(tmp_path):
    path = tmp_path / "many.zip"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(20_000):
            zf.writestr(f"e{i}.txt", b"")
    start = time.perf_counter()
    errors = [str(e) for e in parse_bundle(path).errors]
    assert time.perf_counter() - start < 5
    assert errors == ["many.zip: zip-filen har 20\u00a0000 poster (högst 2\u00a0000): det är "
                      "inget dataunderlag"]


def test_not_a_zip_and_not_a_workbook(tmp_path):
    (tmp_path / "x.zip").write_bytes(b"hello")
    (tmp_path / "x.xlsx").write_bytes(b"PK\x03\x04 not really")
    assert [str(e) for e in parse_bundle(tmp_path / "x.zip").errors] == [
        "x.zip: filen är ingen giltig zip-fil"]
    assert [str(e) for e in parse_bundle(tmp_path / "x.xlsx").errors] == [
        "x.xlsx: filen kan inte läsas som Excel-arbetsbok (.xlsx)"]


@pytest.mark.parametrize("offset, value", [(10, 99), (8, 1)], ids=["packing", "password"])
def test_workbook_with_a_damaged_or_encrypted_sheet(tmp_path, offset, value):
    rows = [["id", "year", "kind", "recipient"], ["d1", "2022", "uppdrag", "alla"]]
    book = _workbook(tmp_path / "b.xlsx", {"directives": rows})
    data = _patch_central(book.read_bytes(), "xl/worksheets/sheet1.xml", offset,
                          value.to_bytes(2, "little"))
    book.write_bytes(data)
    errors = [str(e) for e in parse_bundle(book).errors]
    assert errors and all(e.startswith(("b.xlsx: ", "blad directives: ")) for e in errors), errors


def test_an_unreadable_file_is_named(tmp_path, monkeypatch):
    """(Faked: the tests run as root, who can read any file.)"""
    folder = copy_valid(tmp_path)
    real = Path.read_bytes

    def read_bytes(self):
        if self.name == "values.csv":
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    errors = [str(e) for e in parse_bundle(folder).errors]
    assert errors == ["values.csv: behörighet saknas för att läsa filen eller mappen"]


def test_a_folder_named_like_a_file_is_skipped_with_a_notice(tmp_path):
    folder = copy_valid(tmp_path)
    (folder / "x.csv").mkdir()
    parsed = parse_bundle(folder)
    assert parsed.errors == []
    assert "x.csv: ignoreras (ingen fil i formatet)" in parsed.notices
