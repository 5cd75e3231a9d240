"""Excel/CSV export: the pure writer (bytes read back with openpyxl), the data label, and the
one download callback answering registered tables on the comparison city."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest

from ils.xlsx import to_csv, to_xlsx


def sheet(body: bytes):
    return openpyxl.load_workbook(io.BytesIO(body)).active


def rows(ws) -> list[tuple]:
    return list(ws.iter_rows(values_only=True))


def header_row(ws, first: str) -> int:
    return next(i for i, r in enumerate(rows(ws)) if r[0] == first)


def test_xlsx_has_title_label_facts_headings_and_number_cells():
    df = pl.DataFrame({"Nämnd": ["Norrby", "Söderby"], "Värde": [79.5, None],
                       "Andel": [0.5, 0.25], "Antal": [1, 2]})
    ws = sheet(to_xlsx(df, "Tabell: test", "Fiktiva demodata.", [("År", "2022"),
                                                                    ("Period", "VB")],
                       {"Andel": "percent", "Värde": "decimal", "Antal": "integer"}))
    got = rows(ws)
    assert got[0][0] == "Tabell: test" and got[1][0] == "Fiktiva demodata."
    assert got[2][:2] == ("År:", "2022") and got[3][:2] == ("Period:", "VB")
    h = header_row(ws, "Nämnd")
    assert got[h] == ("Nämnd", "Värde", "Andel", "Antal")
    assert got[h + 1] == ("Norrby", 79.5, 0.5, 1) and got[h + 2][1] is None
    cell = ws.cell(row=h + 2, column=3)
    assert isinstance(cell.value, float) and "%" in cell.number_format
    assert ws.cell(row=h + 2, column=2).number_format == "#,##0.0"


def test_long_text_is_cut_to_what_excel_holds():
    ws = sheet(to_xlsx(pl.DataFrame({"Text": ["x" * 40_000]}), "T", "L", []))
    assert len(rows(ws)[header_row(ws, "Text") + 1][0]) == 32_000


def test_csv_is_swedish_excel_csv():
    body = to_csv(pl.DataFrame({"Nämnd": ["A"], "Värde": [79.5]}))
    assert body.startswith("\ufeff".encode()) and body.decode("utf-8-sig") == (
        "Nämnd;Värde\nA;79,5\n")


@pytest.mark.parametrize("info,kolada,expected", [
    ({"demo": "1", "source": "Fiktiva demodata – påhittat."}, False, "Fiktiva demodata – påhittat."),
    ({"demo": "1", "source": "Påhittat."}, False, "Fiktiva demodata. Påhittat."),
    ({"source": "Källa: Exempelstad."}, False, "Källa: Exempelstad."),
    ({"source": "Källa: Exempelstad.", "kolada": "1"}, True, "bearbetning av data från Kolada"),
    ({"source": "Källa: Exempelstad.", "kolada": "1"}, False, "Källa: Exempelstad."),
])
def test_data_label(info, kolada, expected):
    from pagekit.downloads import data_label

    got = data_label(info, kolada)
    assert expected in got
    assert ("Kolada" in got) == ("Kolada" in expected)


@pytest.fixture
def db(comparison_url, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DB", comparison_url)
    import app  # noqa: F401
    import pages.mote  # noqa: F401
    import pages.start  # noqa: F401

    return comparison_url


def call(page, name, args, fmt="xlsx"):
    """The file a download link gives, as the browser receives it (name, base64 content)."""
    import base64

    from pagekit.downloads import file_bytes

    got = file_bytes(page, name, args, fmt)
    if got is None:
        return None
    body, filename = got
    return {"filename": filename, "content": base64.b64encode(body).decode(), "base64": True}


def test_download_agenda_xlsx(db):
    import base64

    sent = call("mote", "agenda", {"ar": "2022", "period": "VB", "namnd": None,
                                      "mal": None, "typ": None})
    # the file names whose agenda it is (issue 21 item 8: every board's had the same name)
    assert sent["filename"] == ("kontrollrum_Underlag-for-malbedomningsmote-Alla-namnder-VB-"
                                "2022.xlsx")
    ws = sheet(base64.b64decode(sent["content"]))
    got = rows(ws)
    assert got[0][0] == "Underlag för målbedömningsmöte Alla nämnder VB 2022"
    assert got[1][0].startswith("Fiktiva demodata")
    assert ("År:", "2022") == got[2][:2] and got[3][1].startswith("VB")
    h = header_row(ws, "Mål (kod)")
    head = got[h]
    assert head[:5] == ("Mål (kod)", "Verksamhetsområdesmål", "Nämnd", "Avvikelse", "Allvarlighet")
    data = [dict(zip(head, r, strict=False)) for r in got[h + 1:]]
    assert len(data) == 15  # the boards' 13 and the stad's two (Hela staden)
    failed = next(r for r in data if r["Nämnd"] == "Söderby stadsdelsnämnd"
                  and r["Indikator"] == "Andel elever som läser")
    assert (failed["Värde"], failed["Målvärde"], failed["Värde T2"]) == (70.0, 80.0, 82.0)
    assert failed["Ljus"] == "Ej uppfyllt" and failed["Allvarlighet"] == 51
    assert data[0]["Avvikelse"] == "Rött eller gult ljus" and data[0]["Allvarlighet"] == 100
    # "Hela staden" links to the goal page (there is no /namnd/<stad>); the free-text
    # columns are wide enough to write in even while empty
    city = [r for r in data if r["Nämnd"] == "Hela staden"]
    assert city and all(r["Länk"].startswith("/mal/vom") for r in city)
    assert not any("/namnd/stad" in (r["Länk"] or "") for r in data)
    i = head.index("Beslut") + 1  # openpyxl keeps a run of equal columns as one range
    width = next(d.width for d in ws.column_dimensions.values() if d.min <= i <= d.max)
    assert width >= 40


def test_agenda_file_names_the_board_and_links_are_absolute(db):
    """A board's sheet is named after the board; without KONTROLLRUM_BASE_URL the links are
    made absolute with the address of the request, so they open from Excel."""
    import base64

    import flask

    with flask.Flask("t").test_request_context("/", base_url="https://kontrollrum.example.se"):
        sent = call("mote", "agenda", {"ar": "2022", "period": "VB", "namnd": "norrby"})
    assert sent["filename"] == ("kontrollrum_Underlag-for-malbedomningsmote-Norrby-"
                                "stadsdelsnamnd-VB-2022.xlsx")
    ws = sheet(base64.b64decode(sent["content"]))
    got = rows(ws)
    h = header_row(ws, "Mål (kod)")
    links = [dict(zip(got[h], r, strict=False))["Länk"] for r in got[h + 1:]]
    assert links and all(x.startswith("https://kontrollrum.example.se/") for x in links)


def test_download_filtered_agenda_csv(db):
    sent = call("mote", "agenda", {"ar": "2022", "period": "VB", "namnd": "norrby",
                                      "typ": "oenighet"}, "csv")
    body = sent["content"]
    import base64

    lines = base64.b64decode(body).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Mål (kod);Verksamhetsområdesmål;Nämnd;Avvikelse")
    assert len(lines) == 1 + 2 and all("Norrby" in ln for ln in lines[1:])


def test_download_filters_written_in_sheet(db):
    import base64

    sent = call("mote", "summary", {"ar": "2022", "period": "VB", "mal": "vom12"})
    got = rows(sheet(base64.b64decode(sent["content"])))
    assert ("Mål:", "1.2") in [r[:2] for r in got]
    h = next(i for i, r in enumerate(got) if r[0] == "Nämnd")
    assert got[h + 1][0] == "Norrby stadsdelsnämnd" and got[h + 1][-1] == 4


def test_download_overview_matrix(db):
    import base64

    sent = call("start", "matrix", {"ar": "2022", "period": "VB"})
    got = rows(sheet(base64.b64decode(sent["content"])))
    h = next(i for i, r in enumerate(got) if r[0] == "Nämnd")
    assert got[h][2:] == ("Medelpoäng", "Ej uppfyllda", "Mer positiv än indikatorerna",
                          "1.1 Barn lär sig", "1.2 Äldre trivs")
    by = {r[0]: r for r in got[h + 1:]}
    # Norrby: (0.5 + 0) / 2 = 0.25, one red goal; both goals assessed more positively "(+)"
    assert by["Norrby stadsdelsnämnd"][2:] == (0.25, 1, 2, "Delvis uppfyllt (+)",
                                               "Ej uppfyllt (+)")
    assert by["Söderby stadsdelsnämnd"][5:] == ("Ej uppfyllt (+)", "Uppfyllt")
    for row in by.values():  # the summary counts what the row's cells mark
        assert (row[4] or 0) == sum(1 for c in row[5:] if c and c.endswith("(+)"))


def test_unknown_table_downloads_nothing(db):
    assert call("nope", "x", {}) is None
