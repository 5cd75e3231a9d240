"""The interchange format, pure: reading bundles in every format, typing, checking, writing."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter
from polars.testing import assert_frame_equal

from ils.interchange import empty_known, parse_bundle, to_csv, write_bundle
from ils.model import FILES
from tests.bundle_variants import all_variants

BUNDLES = Path(__file__).parent / "bundles"
VALID = BUNDLES / "valid"


def where(errors) -> list[tuple]:
    return [(e.file, e.line, e.column) for e in errors]


def test_valid_bundle_has_no_errors_and_lists_the_unknown_file():
    parsed = parse_bundle(VALID)
    assert parsed.errors == []
    assert parsed.notices == ["LASMIG.txt: ignoreras (ingen fil i formatet)"]
    assert {n: len(df) for n, df in parsed.frames.items()} == {
        "organisation": 7, "goals": 5, "indicators": 5, "targets": 6, "values": 9,
        "assessments": 4, "activities": 3, "directives": 4}
    org = parsed.frames["organisation"]
    assert org.columns == FILES["organisation"].column_names  # extra column "kommentar" dropped
    assert org.filter(pl.col("id") == "kung-hem1")["name"].item() == "Hemtjänst Kungsholmen, norr"
    values = parsed.frames["values"]
    assert values.schema["outcome"] == pl.Float64
    assert values.filter(pl.col("org_id") == "fack-ut", pl.col("period") == "VB",
                         pl.col("indicator_id") == "i-behor")["outcome"].item() == 71.25
    motivation = parsed.frames["assessments"]["motivation"][0]
    assert motivation == ('Vi bedömer att målet är "uppfyllt" trots pandemin,\n'
                          "med en motivering på två rader")


def test_every_format_reads_the_same_frames(tmp_path):
    reference = parse_bundle(VALID).frames
    for name, path in all_variants(VALID, tmp_path).items():
        parsed = parse_bundle(path)
        assert parsed.errors == [], name
        assert parsed.frames.keys() == reference.keys(), name
        for file, df in reference.items():
            assert_frame_equal(parsed.frames[file], df, check_exact=True)


def test_many_errors_at_once_each_with_file_line_and_column():
    errors = parse_bundle(BUNDLES / "bad_many").errors
    assert where(errors) == [
        ("organisation.csv", 4, "id"),
        ("organisation.csv", 5, "name"),
        ("organisation.csv", 6, "parent_id"),
        ("organisation.csv", 7, "parent_id"),
        ("organisation.csv", 7, "parent_id"),
        ("organisation.csv", 8, "parent_id"),
        ("organisation.csv", 8, "parent_id"),
        ("organisation.csv", 9, "level"),
        ("goals.csv", 4, "parent_id"),
        ("goals.csv", 5, "parent_id"),
        ("goals.csv", 6, "org_id"),
        ("goals.csv", 6, "year_to"),
        ("goals.csv", 7, "year_from"),
        ("indicators.csv", 3, "goal_id"),
        ("indicators.csv", 3, "direction"),
        ("indicators.csv", 3, "decided_by"),
        ("values.csv", 2, "outcome"),
        ("values.csv", 3, "indicator_id, org_id, year, period"),
        ("values.csv", 4, "indicator_id"),
        ("values.csv", 4, "period"),
        ("values.csv", 4, "forecast"),
        ("values.csv", 5, "year"),
        ("activities.csv", 2, "start"),
        ("activities.csv", 3, "end"),
        ("directives.csv", 2, "recipient"),
        ("directives.csv", 3, "kind"),
    ]
    text = [str(e) for e in errors]
    assert 'values.csv, rad 2, kolumn outcome: "12,x" är inte ett tal' in text
    assert ('indicators.csv, rad 3, kolumn goal_id: målet "vom-saknas" finns varken i '
            "goals.csv eller i databasen") in text
    assert 'organisation.csv, rad 4, kolumn id: id "sdn-a" finns redan på rad 3' in text
    assert ("organisation.csv, rad 7, kolumn parent_id: kedjan av överordnade går runt i en "
            "cirkel: c1 → c2 → c1") in text
    assert ('goals.csv, rad 4, kolumn parent_id: målet "im1" är ett inriktningsmal; ett '
            "namndmal ska ligga direkt under ett verksamhetsomradesmal") in text
    assert 'values.csv, rad 5, kolumn year: "2022.5" är inte ett heltal' in text
    assert ('values.csv, rad 3, kolumnerna indicator_id, org_id, year, period: nyckeln '
            '"i1, sdn-a, 2022, VB" finns redan på rad 2') in text
    assert "goals.csv, rad 6, kolumn year_to: year_to (2022) ligger före year_from (2023)" in text
    assert ('activities.csv, rad 2, kolumn start: "2022-13-01" är inte ett datum på formen '
            "ÅÅÅÅ-MM-DD") in text


def test_swedish_dialect_bundle_errors():
    parsed = parse_bundle(BUNDLES / "bad_swedish")
    assert where(parsed.errors) == [
        ("indicators.csv", 1, "direction"),
        ("indicators.csv", 2, "goal_id"),
        ("targets.csv", 3, None),
        ("values.csv", 3, "outcome"),
    ]
    assert str(parsed.errors[0]) == "indicators.csv, rad 1, kolumn direction: obligatorisk kolumn saknas"
    assert parsed.notices == ["anteckningar.csv: ignoreras (ingen fil i formatet)"]
    # Decimal comma and a space as thousands separator are read in the Swedish dialect.
    assert parsed.frames["values"]["outcome"].to_list() == [12.5, None]
    assert parsed.frames["values"]["forecast"].to_list() == [None, 1234.5]


def _one_file(tmp_path: Path, name: str, text: str | bytes) -> Path:
    folder = tmp_path / "b"
    folder.mkdir(exist_ok=True)
    data = text.encode("utf-8") if isinstance(text, str) else text
    (folder / f"{name}.csv").write_bytes(data)
    return folder


@pytest.mark.parametrize(("sep", "cell", "expected"), [
    (",", "12.5", 12.5), (",", "-0.25", -0.25), (",", "1e3", 1000.0), (",", '"12,5"', None),
    (",", "NaN", None), (",", "inf", None), (",", "12 5", None),
    (";", "12,5", 12.5), (";", "12.5", 12.5), (";", "1 234,5", 1234.5), (";", "−3,5", -3.5),
    (";", "1,234.5", None), (";", "tolv", None),
])
def test_numbers_in_each_dialect(tmp_path, sep, cell, expected):
    text = sep.join(["indicator_id", "org_id", "year", "target"]) + "\n" \
        + sep.join(["i1", "o1", "2022", cell]) + "\n"
    parsed = parse_bundle(_one_file(tmp_path, "targets", text))
    bad = [e for e in parsed.errors if e.column == "target"]
    if expected is None:
        assert where(bad) == [("targets.csv", 2, "target")]
        assert str(bad[0]).endswith("är inte ett tal")
    else:
        assert bad == []
        assert parsed.frames["targets"]["target"].item() == expected


@pytest.mark.parametrize(("cell", "ok"), [("2022", True), ("2022.0", True), ("2022.5", False),
                                          ("20 22", False), ("", False)])
def test_year_must_be_an_integer(tmp_path, cell, ok):
    text = f"indicator_id,org_id,year,target\ni1,o1,{cell},1\n"
    errors = [e for e in parse_bundle(_one_file(tmp_path, "targets", text)).errors
              if e.column == "year"]
    assert (errors == []) is ok
    if cell == "":
        assert errors[0].message == "värde saknas"


@pytest.mark.parametrize(("cell", "ok"), [("2022-03-01", True), ("2022-02-30", False),
                                          ("2022-3-1", False), ("01/03/2022", False)])
def test_activity_dates_are_iso(tmp_path, cell, ok):
    folder = _one_file(tmp_path, "activities",
                       f"id,goal_id,org_id,year,name,start\na1,g,o,2022,A,{cell}\n")
    errors = [e for e in parse_bundle(folder).errors if e.column == "start"]
    assert (errors == []) is ok


def test_line_numbers_count_blank_lines_and_multiline_cells(tmp_path):
    text = ('goal_id,org_id,year,period,assessment,motivation\r\n'
            'g,o,2022,VB,uppfyllt,"rad ett\r\nrad två\r\nrad tre"\r\n'
            '\r\n'
            'g,o,2022,T2,kanske,\r\n')
    errors = parse_bundle(_one_file(tmp_path, "assessments", text)).errors
    assert [(e.line, e.column) for e in errors if e.column == "assessment"] == [(6, "assessment")]


def test_bom_and_case_of_header_and_file_name(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    (folder / "Directives.CSV").write_bytes(
        b"\xef\xbb\xbfID;Year;Kind;Recipient\r\nd1;2022;uppdrag;alla\r\n")
    parsed = parse_bundle(folder)
    assert parsed.errors == []
    assert parsed.frames["directives"].row(0) == ("d1", 2022, "uppdrag", "alla", None, None)


def test_not_utf8_names_the_line(tmp_path):
    folder = _one_file(tmp_path, "organisation",
                       "id,level,name\ns,stad,Staden\nn,namnd,Nämnd\n".encode("cp1252"))
    assert where(parse_bundle(folder).errors) == [("organisation.csv", 3, None)]


def test_empty_file_counts_as_absent(tmp_path):
    folder = _one_file(tmp_path, "values", "")
    (folder / "directives.csv").write_text("id,year,kind,recipient\nd1,2022,uppdrag,alla\n")
    parsed = parse_bundle(folder)
    assert parsed.errors == [] and list(parsed.frames) == ["directives"]


def test_a_bundle_of_only_empty_files_is_an_error(tmp_path):
    errors = parse_bundle(_one_file(tmp_path, "values", "")).errors
    assert [(e.file, e.line) for e in errors] == [("b", None)]
    assert "inga rader i formatet" in errors[0].message


def test_enumerations_are_case_sensitive(tmp_path):
    text = "indicator_id,org_id,year,period,reported\ni,o,2022,vb,Uppfyllt\n"
    errors = parse_bundle(_one_file(tmp_path, "values", text)).errors
    assert [str(e) for e in errors if e.column in ("period", "reported")] == [
        'values.csv, rad 2, kolumn period: "vb" är inget tillåtet värde (tillåtna: T1, T2, VB)',
        'values.csv, rad 2, kolumn reported: "Uppfyllt" är inget tillåtet värde '
        "(tillåtna: uppfyllt, delvis, ej)",
    ]


def test_zip_with_files_in_two_folders_is_refused(tmp_path):
    path = tmp_path / "two.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.write(VALID / "organisation.csv", "a/organisation.csv")
        zf.write(VALID / "goals.csv", "b/goals.csv")
        zf.writestr("__MACOSX/a/._organisation.csv", "junk")
    assert where(parse_bundle(path).errors) == [("two.zip", None, None)]


def test_unknown_format_is_an_error(tmp_path):
    path = tmp_path / "bundle.txt"
    path.write_text("x")
    assert [str(e) for e in parse_bundle(path).errors] == [
        "bundle.txt: okänt format: ange en mapp, en .zip- eller en .xlsx-fil"]


def test_xlsx_errors_name_the_sheet_row(tmp_path):
    path = tmp_path / "fel.xlsx"
    wb = xlsxwriter.Workbook(str(path))
    ws = wb.add_worksheet("values")
    ws.write_row(2, 0, ["indicator_id", "org_id", "year", "period", "outcome"])  # header on row 3
    ws.write_row(3, 0, ["i1", "o1", 2022, "VB"])
    ws.write_number(3, 4, 1 / 3)
    ws.write_row(5, 0, ["i1", "o1", 2021, "VB", "12,x"])  # row 5 left empty
    ws.write_row(6, 0, ["i1", "o1", 2020, "VB", "12,5"])  # a text cell with a decimal comma
    wb.add_worksheet("Blad1")
    wb.close()
    parsed = parse_bundle(path)
    refs = [e for e in parsed.errors if e.column == "outcome"]
    assert [str(e) for e in refs] == ['blad values, rad 6, kolumn outcome: "12,x" är inte ett tal']
    assert parsed.frames["values"]["outcome"].to_list() == [1 / 3, None, 12.5]
    assert parsed.notices == ["fel.xlsx, blad Blad1: ignoreras (inget blad i formatet)"]


def test_references_may_point_into_the_database(tmp_path):
    text = "indicator_id,org_id,year,target\ni-db,o-db,2022,1\ni-db,o-new,2022,1\n"
    known = empty_known()
    known["indicators"] = pl.DataFrame({"id": ["i-db"]})
    known["organisation"] = pl.DataFrame({"id": ["o-db"], "parent_id": [None], "level": ["stad"]},
                                         schema={"id": pl.String, "parent_id": pl.String,
                                                 "level": pl.String})
    errors = parse_bundle(_one_file(tmp_path, "targets", text), known).errors
    assert [str(e) for e in errors] == [
        'targets.csv, rad 3, kolumn org_id: organisationen "o-new" finns varken i '
        "organisation.csv eller i databasen"]


def _tree(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"id": pl.String, "parent_id": pl.String, "level": pl.String},
                        orient="row")


def test_goal_levels_and_cycles_consider_the_database(tmp_path):
    known = empty_known()
    known["organisation"] = _tree([("stad", None, "stad")])
    known["goals"] = _tree([("im", None, "inriktningsmal"), ("vom", "im", "verksamhetsomradesmal"),
                            ("nm", "vom", "namndmal")])
    text = ("id,parent_id,level,org_id,title,year_from,year_to\n"
            "em,nm,enhetsmal,stad,Rätt nivå,2022,2022\n"       # parent in the database: fine
            "nm2,im,namndmal,stad,Fel nivå,2022,2022\n"         # two levels down
            "vom,nm,verksamhetsomradesmal,stad,Cykel,2022,2022\n")  # re-parents a database row
    errors = parse_bundle(_one_file(tmp_path, "goals", text), known).errors
    assert where(errors) == [("goals.csv", 3, "parent_id"), ("goals.csv", 4, "parent_id"),
                             ("goals.csv", 4, "parent_id")]
    assert str(errors[1]) == ("goals.csv, rad 4, kolumn parent_id: kedjan av överordnade går "
                              "runt i en cirkel: vom → nm → vom")


def test_changed_level_breaks_children_in_the_database(tmp_path):
    known = empty_known()
    known["organisation"] = _tree([("stad", None, "stad"), ("n", "stad", "namnd"),
                                   ("e", "n", "enhet")])
    text = "id,parent_id,level,name\nn,stad,enhet,Nu en enhet\n"
    errors = parse_bundle(_one_file(tmp_path, "organisation", text), known).errors
    assert [str(e) for e in errors] == [
        'organisation.csv, rad 2, kolumn level: med den nivån passar inte organisationen "e" i '
        "databasen in under den"]


def test_to_csv_contract_format():
    df = pl.DataFrame({"id": ["a", "b"], "score": [0.8333, None], "n": [1, 0],
                       "text": ["å, ä", None]})
    assert to_csv(df) == 'id,score,n,text\na,0.8333,1,"å, ä"\nb,,0,\n'


def test_write_bundle_round_trips(tmp_path):
    ds = parse_bundle(VALID).dataset()
    write_bundle(ds, tmp_path / "out")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == sorted(
        f"{n}.csv" for n in FILES)
    again = parse_bundle(tmp_path / "out")
    assert again.errors == []
    for name, df in ds.frames().items():
        assert_frame_equal(again.dataset().frames()[name], df, check_exact=True)


def test_copy_of_valid_bundle_with_one_file_removed_reports_missing_references(tmp_path):
    folder = tmp_path / "b"
    shutil.copytree(VALID, folder)
    (folder / "indicators.csv").unlink()
    errors = parse_bundle(folder).errors
    assert {(e.file, e.column) for e in errors} == {("targets.csv", "indicator_id"),
                                                     ("values.csv", "indicator_id")}
    assert len(errors) == 6 + 9
