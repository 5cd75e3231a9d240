"""The exported tables of the pages (Mål, Indikator, Nämnd/Avdelning/Enhet, Jämförelse,
Prognoser) on the known-lights city (tests/fixture_city.py, VB 2022 unless said): Swedish
headings, numbers as numbers, the values and lights the docstring of the fixture lists, and
the page's filters and sort order honoured."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest

VB = {"ar": "2022", "period": "VB"}


@pytest.fixture
def pages(city_db):
    import app  # noqa: F401  (every view registers its tables when the app imports it)
    from pagekit.downloads import build

    def table(page: str, name: str, **args):
        got = build(page, name, {**VB, **args})
        assert got is not None, f"no table {page}/{name}"
        return got

    return table


def by(frame: pl.DataFrame, key: str) -> dict[str, dict]:
    return {r[key]: r for r in frame.iter_rows(named=True)}


def test_board_goals(pages):
    t = pages("namnd", "goals", org_id="norrby")
    assert t.title == "Mål Norrby stadsdelsnämnd VB 2022" and t.filters == {
        "Nämnd": "Norrby stadsdelsnämnd"}
    rows = by(t.frame, "Mål (kod)")
    assert (rows["1.1"]["Beräknat ljus"], rows["1.1"]["Bara KF:s indikatorer"],
            rows["1.1"]["Självskattning"]) == ("Delvis uppfyllt", "Uppfyllt", "Uppfyllt")
    assert rows["1.1"]["Poäng"] == pytest.approx(0.5)
    assert (rows["1.1"]["Uppfyllda"], rows["1.1"]["Delvis"], rows["1.1"]["Ej uppfyllda"]) == (
        1, 1, 1)
    assert rows["1.1"]["Motivering"] == "<b>Bra</b> arbete."  # as text, never as markup
    assert rows["1.2"]["Beräknat ljus"] == "Ej uppfyllt" and rows["1.2"]["Självskattning"] is None
    assert t.frame.schema["Poäng"] == pl.Float64 and t.frame.schema["Uppfyllda"] == pl.Int64


def test_board_indicators(pages):
    t = pages("namnd", "indicators", org_id="norrby")
    f = t.frame
    assert f.columns[:4] == ["Mål (kod)", "Verksamhetsområdesmål", "Indikator", "Organisation"]
    assert f.schema["Värde"] == pl.Float64 and f.schema["Målvärde"] == pl.Float64
    rows = by(f, "Indikator")
    assert set(rows) == {"Andel elever som läser", "Andel nöjda föräldrar", "Antal lästimmar",
                         "Väntetid till boende"}
    expected = {"Andel elever som läser": (85.0, 80.0, "Uppfyllt"),
                "Andel nöjda föräldrar": (74.0, 75.0, "Delvis uppfyllt"),
                "Antal lästimmar": (40.0, 50.0, "Ej uppfyllt"),
                "Väntetid till boende": (30.0, 20.0, "Ej uppfyllt")}
    for name, (value, target, light) in expected.items():
        assert (rows[name]["Värde"], rows[name]["Målvärde"], rows[name]["Ljus"]) == (
            value, target, light)
    assert rows["Antal lästimmar"]["Beslutad av"] == "Egen"
    assert rows["Väntetid till boende"]["Gul gräns"] == 25.0
    assert f["Mål (kod)"].to_list() == ["1.1", "1.1", "1.1", "1.2"]


def test_board_units_keep_the_page_sort(pages):
    f = pages("namnd", "units", org_id="norrby").frame
    assert f.columns == ["Namn", "Nivå", "Avdelning", "Samlat ljus", "Poäng, samlat",
                         "Uppfyllt", "Delvis", "Ej uppfyllt", "Utfall saknas", "Ej målsatt",
                         "Varav på prognos", "Indikatorer totalt"]
    assert f["Samlat ljus"].to_list() == [None, None, None]  # no unit has an indicator here
    assert f["Namn"].to_list() == ["Äldreomsorg Norrby", "Hemtjänst Norrby",
                                   "Inköpsenheten Norrby"]
    assert f["Indikatorer totalt"].to_list() == [0, 0, 0]
    assert f.schema["Uppfyllt"] == pl.Int64


def test_board_peers(pages):
    f = pages("namnd", "peers", org_id="norrby").frame
    rows = by(f, "Indikator")
    # stadsdelsnämnder: Norrby and Söderby
    assert (rows["Andel elever som läser"]["Placering"],
            rows["Andel elever som läser"]["Antal rangordnade"]) == (1, 2)
    assert rows["Väntetid till boende"]["Placering"] == 2  # lower is better: Söderby's 18
    assert rows["Väntetid till boende"]["Bäst är"] == "Lägst"
    assert rows["Andel nöjda föräldrar"]["Antal rangordnade"] == 1
    assert rows["Andel elever som läser"]["Stadens målvärde"] == 80.0
    assert rows["Andel elever som läser"]["Median, liknande nämnder"] == pytest.approx(77.5)


@pytest.mark.parametrize("page,org_id", [("namnd", "norrby-aldre"), ("avdelning", "norrby"),
                                         ("enhet", "norrby"), ("namnd", "finns-inte")])
def test_org_table_of_the_wrong_kind_is_none(pages, page, org_id):
    from pagekit.downloads import build

    assert build(page, "indicators", {**VB, "org_id": org_id}) is None


def test_department_and_unit(pages):
    dep = pages("avdelning", "units", org_id="norrby-aldre").frame
    assert dep["Namn"].to_list() == ["Hemtjänst Norrby"]
    unit = pages("enhet", "goals", org_id="norrby-hem").frame
    assert unit.is_empty()  # the unit has neither lights nor assessments in the fixture


def test_goal_boards_sorted_as_the_page(pages):
    t = pages("mal", "boards", goal_id="vom11", sort="gap")
    f = t.frame
    assert f["Nämnd"].to_list() == ["Söderby stadsdelsnämnd", "Norrby stadsdelsnämnd",
                                    "Kulturnämnden"]
    assert f["Skillnad (steg)"].to_list() == [2, 1, 0]
    assert f["Beräknat ljus"].to_list() == ["Ej uppfyllt", "Delvis uppfyllt", "Uppfyllt"]
    assert f["Självskattning mot indikatorerna"][2] == "Stämmer med indikatorerna"
    assert t.filters == {"Mål": "1.1 Barn lär sig"}
    by_name = pages("mal", "boards", goal_id="vom11").frame["Nämnd"].to_list()
    assert by_name == ["Kulturnämnden", "Norrby stadsdelsnämnd", "Söderby stadsdelsnämnd"]


def test_goal_kf_indicators_of_the_city(pages):
    rows = by(pages("mal", "kf", goal_id="vom11").frame, "Indikator")
    assert (rows["Andel elever som läser"]["Värde"], rows["Andel elever som läser"]["Ljus"]) == (
        78.0, "Delvis uppfyllt")
    assert (rows["Andel nöjda föräldrar"]["Värde"], rows["Andel nöjda föräldrar"]["Ljus"]) == (
        76.0, "Uppfyllt")
    assert "Antal lästimmar" not in rows  # Norrby's own indicator is not KF's


def test_goal_lower_goal_indicators(pages):
    f = pages("mal", "indicators", goal_id="nm-norr").frame
    assert f.row(0, named=True) | {} == {"Indikator": "Antal lästimmar", "Enhet": "timmar",
                                         "Värde": 40.0, "Målvärde": 50.0, "Gul gräns": 45.0,
                                         "Underlag": "Utfall", "Ljus": "Ej uppfyllt",
                                         "Nyckeltal i Kolada": None}


def test_indicator_values_xlsx_and_csv(pages):
    from pagekit.downloads import file_bytes

    body, name = file_bytes("indikator", "values", {**VB, "indicator_id": "ind-las"}, "xlsx")
    assert name == "kontrollrum_Andel-elever-som-laser-VB-2022.xlsx"  # from the title
    ws = openpyxl.load_workbook(io.BytesIO(body)).active
    got = list(ws.iter_rows(values_only=True))
    assert got[0][0] == "Andel elever som läser VB 2022" and "Fiktiva demodata" in got[1][0]
    h = next(i for i, r in enumerate(got) if r[0] == "Organisation")
    assert got[h] == ("Organisation", "Nivå", "Enhet", "Värde", "Målvärde", "Gul gräns",
                      "Underlag", "Ljus", "Mindre ambitiöst än KF:s mål")
    assert [r[0] for r in got[h + 1:]] == ["Exempelstad", "Norrby stadsdelsnämnd",
                                           "Söderby stadsdelsnämnd"]
    assert [r[7] for r in got[h + 1:]] == ["Delvis uppfyllt", "Uppfyllt", "Ej uppfyllt"]
    cell = ws.cell(row=h + 2, column=4)
    assert cell.data_type == "n" and cell.value == 78  # a number cell, not text
    csv, name = file_bytes("indikator", "values", {**VB, "indicator_id": "ind-las"}, "csv")
    lines = csv.decode("utf-8-sig").splitlines()
    assert lines[0] == ("Organisation;Nivå;Enhet;Värde;Målvärde;Gul gräns;Underlag;Ljus;"
                        "Mindre ambitiöst än KF:s mål")
    assert lines[2].startswith("Norrby stadsdelsnämnd;Nämnd;%;85,0;80,0;")


def test_comparison_matrix_long_and_filtered(pages):
    f = pages("jamforelse", "matrix").frame
    assert f.height == 3 * 2  # three boards × two VOMs
    row = by(f.filter(pl.col("Mål (kod)") == "1.1"), "Nämnd")
    assert (row["Söderby stadsdelsnämnd"]["Självskattning"],
            row["Söderby stadsdelsnämnd"]["Beräknat ljus"],
            row["Söderby stadsdelsnämnd"]["Skillnad (steg)"]) == ("Uppfyllt", "Ej uppfyllt", 2)
    assert row["Kulturnämnden"]["Skillnad (steg)"] == 0
    t = pages("jamforelse", "matrix", typ="stadsdelsnamnd", avvikelser="1", mal="vom11")
    assert sorted(t.frame["Nämnd"].to_list()) == ["Norrby stadsdelsnämnd",
                                                  "Söderby stadsdelsnämnd"]
    assert t.frame["Mål (kod)"].unique().to_list() == ["1.1"]
    assert t.filters["Nämnder"] and t.filters["Mål"] == "1.1 Barn lär sig"
    assert t.filters["Visar"] == "Bara nämnder med avvikelser"


def test_comparison_boards_ranked(pages):
    t = pages("jamforelse", "boards")
    f = t.frame
    assert f["Nämnd"].to_list() == ["Söderby stadsdelsnämnd", "Norrby stadsdelsnämnd",
                                    "Kulturnämnden"]
    assert f["Optimismindex"].to_list() == [2.0, 1.0, 0.0] and f["Plats"].to_list() == [1, 2, 3]
    assert f.schema["Optimismindex"] == pl.Float64 and f.schema["Mer positiv"] == pl.Int64
    named = pages("jamforelse", "boards", sort="namn").frame["Nämnd"].to_list()
    assert named == ["Kulturnämnden", "Norrby stadsdelsnämnd", "Söderby stadsdelsnämnd"]


def test_forecast_boards(pages):
    args = {"ar": "2022"}
    from pagekit.downloads import build, file_bytes

    t = build("prognoser", "boards", args)
    rows = by(t.frame, "Nämnd")
    assert list(rows)[0] == "Alla nämnder"
    assert (rows["Alla nämnder"]["Gröna i T2"], rows["Alla nämnder"]["Blev gula eller röda"]) \
        == (2, 1)
    soder = rows["Söderby stadsdelsnämnd"]
    assert (soder["Blev röda"], soder["Andel som inte höll"], soder["Gröna på prognos"]) == (
        1, 1.0, 1)
    assert rows["Norrby stadsdelsnämnd"]["Fortsatt gröna"] == 1
    assert rows["Norrby stadsdelsnämnd"]["Andel på utfall som inte höll"] is None
    body, name = file_bytes("prognoser", "boards", args, "xlsx")
    assert name == "kontrollrum_Grona-i-T2-som-inte-holl-i-VB-2022.xlsx"  # from the title
    ws = openpyxl.load_workbook(io.BytesIO(body)).active
    h = next(i for i, r in enumerate(ws.iter_rows(values_only=True)) if r[0] == "Nämnd")
    col = t.frame.columns.index("Andel som inte höll") + 1
    assert "%" in ws.cell(row=h + 2, column=col).number_format


def test_the_download_link_answers_a_page_table(pages):
    import app
    from components.export import data_path

    path = data_path("namnd", "goals", {**VB, "org_id": "norrby", "sort": None}, "xlsx")
    assert path == "/data/namnd/mal.xlsx?ar=2022&period=VB&org_id=norrby"
    got = app.app.server.test_client().get(path)
    assert got.status_code == 200
    assert got.headers["Content-Disposition"] == (
        'attachment; filename="kontrollrum_Mal-Norrby-stadsdelsnamnd-VB-2022.xlsx"')
    ws = openpyxl.load_workbook(io.BytesIO(got.get_data())).active
    assert ws["A1"].value == "Mål Norrby stadsdelsnämnd VB 2022"


@pytest.fixture
def cmp_pages(tmp_path_factory, monkeypatch):
    """The /jamforelse and /prognoser tables on tests/fixture_comparison.py (its docstring)."""
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_comparison import comparison_city

    url = f"sqlite:///{tmp_path_factory.mktemp('cmpx') / 'cmp.db'}"
    eng = make_engine(url)
    replace_dataset(eng, comparison_city(), {"demo": "1"})
    eng.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401
    import pages.jamforelse  # noqa: F401
    import pages.prognoser  # noqa: F401
    from pagekit.downloads import build

    return build


def test_comparison_ks_against_boards(cmp_pages):
    t = cmp_pages("jamforelse", "ks", dict(VB))
    rows = by(t.frame, "Mål (kod)")
    assert [rows["1.1"][c] for c in ("Nämnder som bedömt", "Uppfyllt", "Delvis uppfyllt",
                                     "Kommunstyrelsens bedömning", "Stadens beräknade ljus")] \
        == [3, 3, 0, "Delvis uppfyllt", "Uppfyllt"]
    assert (rows["1.2"]["Uppfyllt"], rows["1.2"]["Delvis uppfyllt"],
            rows["1.2"]["Stadens beräknade ljus"]) == (2, 1, "Delvis uppfyllt")
    assert rows["1.1"]["Kommunstyrelsen mot flertalet nämnder (steg)"] == -1
    assert rows["1.1"]["Jämförelse"].startswith("Kommunstyrelsen är strängare")
    assert t.frame.schema["Uppfyllt"] == pl.Int64
    only = cmp_pages("jamforelse", "ks", {**VB, "mal": "vom12"}).frame
    assert only["Mål (kod)"].to_list() == ["1.2"]


@pytest.mark.parametrize("period, norrby, soder", [
    ("T2", [4, 4, 3, 0, 0, 1, 3], [1, 1, 1, 0, 0, 0, 1]),
    ("VB", [1, 0, 0, 0, 0, 0, 0], [1, 1, 0, 0, 1, 0, 0]),
])
def test_comparison_reported_status(cmp_pages, period, norrby, soder):
    f = cmp_pages("jamforelse", "reported", {"ar": "2022", "period": period}).frame
    assert f.columns[:3] == ["Nämnd", "Rapporterade", "Rapporterade uppfyllda"]
    rows = {r[0]: list(r[1:]) for r in f.iter_rows()}
    assert rows == {"Norrby stadsdelsnämnd": norrby, "Söderby stadsdelsnämnd": soder}
    assert all(f.schema[c] == pl.Int64 for c in f.columns[1:])


def test_forecast_years(cmp_pages):
    t = cmp_pages("prognoser", "years", {"ar": "2021"})
    rows = {(r["Nämnd"], r["År"]): r for r in t.frame.iter_rows(named=True)}
    assert t.frame["Nämnd"][0] == "Alla nämnder" and t.filters == {"År": "2021–2022"}
    alla = rows[("Alla nämnder", 2022)]
    assert (alla["Gröna i T2"], alla["Blev gula eller röda"]) == (5, 3)
    assert alla["Andel som inte höll"] == pytest.approx(0.6)
    assert rows[("Söderby stadsdelsnämnd", 2021)]["Andel som inte höll"] == 1.0
    assert rows[("Norrby stadsdelsnämnd", 2022)]["Blev gula eller röda"] == 2
    a = {(r["Nämnd"], r["År"]): r for r in
         cmp_pages("prognoser", "years_assessments", {}).frame.iter_rows(named=True)}
    assert (a[("Söderby stadsdelsnämnd", 2022)]["Höll inte"],
            a[("Söderby stadsdelsnämnd", 2022)]["Uppfyllt i T2"]) == (1, 2)
    assert a[("Kulturnämnden", 2021)]["Höll inte"] == 1
