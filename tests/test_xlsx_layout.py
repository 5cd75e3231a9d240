"""The Excel sheet's layout (ils/xlsx.py): a title block that never widens a column, widths
fitted to the table, frozen and filterable header, lights as words with fills, sheet names cut
at a word boundary, numbers rounded as on screen."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest

from components.table import Col, Table
from ils.xlsx import _sheet_name, cut_words, to_xlsx

LONG_LABEL = "Fiktiva demodata. " + "Källa: ett mycket långt dataunderlag med många ord. " * 5
FRAME = pl.DataFrame({"Nämnd": ["Skarpnäcks stadsdelsnämnd", "Bromma stadsdelsnämnd"],
                      "Ljus": ["Delvis uppfyllt", "Uppfyllt (prognos)"],
                      "Poäng": [0.5, 0.83]})


def sheet(frame=FRAME, title="Mål per nämnd VB 2022"):
    body = to_xlsx(frame, title, LONG_LABEL, [("År", "2022"), ("Period", "VB")], {})
    return openpyxl.load_workbook(io.BytesIO(body)).active


def test_title_block_does_not_set_widths_and_columns_fit_the_table():
    ws = sheet()
    width_a = ws.column_dimensions["A"].width
    assert width_a < 40  # the 250-character label does not widen column A
    assert width_a >= len("Skarpnäcks stadsdelsnämnd")
    assert ws.column_dimensions["C"].width < 15


def test_header_row_is_frozen_and_filterable():
    ws = sheet()
    header = next(r for r in range(1, 12) if ws.cell(r, 1).value == "Nämnd")
    assert ws.freeze_panes == f"A{header + 1}"
    table = next(iter(ws.tables.values()))
    assert table.autoFilter is not None and table.ref.startswith(f"A{header}")


def test_light_column_gets_fills_by_its_words():
    ws = sheet()
    rules = {r.formula[0] if r.formula else "": r for rng in ws.conditional_formatting
             for r in rng.rules}
    assert len(ws.conditional_formatting) >= 1
    texts = [r.text for rng in ws.conditional_formatting for r in rng.rules]
    assert {"Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt", "Utfall saknas"} <= set(texts)
    assert all(str(rng.sqref).startswith("B") for rng in ws.conditional_formatting)
    assert rules  # the rules carry formats (fills)


@pytest.mark.parametrize("title, expected", [
    ("Skarpnäcks stadsdelsnämnd – mål T2 2022", "Skarpnäcks stadsdelsnämnd – mål"),
    ("Kort titel", "Kort titel"),
    ("Ettmycketlångtordutanmellanrumsomintefår", "Ettmycketlångtordutanmellanrums"),
    ("Mål: 1.3 [barn] / skola?", "Mål- 1.3 -barn- - skola-"),
])
def test_sheet_names_cut_at_a_word_boundary(title, expected):
    got = _sheet_name(title)
    assert len(got) <= 31 and got == expected


def test_cut_words_never_cuts_mid_word():
    assert cut_words("Hässelby-Vällingby stadsdelsnämnd mål", 20) == "Hässelby-Vällingby"
    assert cut_words("abc", 10) == "abc"


def test_numbers_rounded_as_on_screen():
    t = Table("t", (Col("Poäng", "score", kind="decimal", decimals=2),
                    Col("Andel", "share", kind="percent")))
    df = t.frame([{"score": 0.8333333, "share": 0.123456}])
    assert df.row(0) == (0.83, 0.123)  # 12,3 %, as the screen shows it


@pytest.mark.parametrize("title, expected", [
    ("Indikatorer Norrby stadsdelsnämnd VB 2022",
     "kontrollrum_Indikatorer-Norrby-stadsdelsnamnd-VB-2022.xlsx"),
    ("Mål 1.3: Barn – Hässelby-Vällingby T2 2022",
     "kontrollrum_Mal-1.3-Barn-Hasselby-Vallingby-T2-2022.xlsx"),
    ("", "kontrollrum_namnd_goals_2022_T2.xlsx"),  # no title: view, table, year, period
])
def test_file_names_name_the_board_or_goal_and_period(title, expected):
    from pagekit.downloads import filename

    assert filename("namnd", "goals", {"ar": 2022, "period": "T2"}, "xlsx", title) == expected


def test_links_made_absolute_with_the_base_url():
    from pagekit.downloads import absolute_links

    df = pl.DataFrame({"Länk": ["/namnd/sdn-a?ar=2022", "https://x.se/y", None]})
    got = absolute_links(df, "https://kontrollrum.stad.se/")["Länk"].to_list()
    assert got == ["https://kontrollrum.stad.se/namnd/sdn-a?ar=2022", "https://x.se/y", None]
    assert absolute_links(df, None).equals(df)
