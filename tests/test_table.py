"""Tables declared once (components/table.py): the same rows give the screen and the sheet."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest
from dash import html

from components.table import Col, Table
from ils.xlsx import to_xlsx

T = Table("demo", (
    Col("Namn", "name", th=True, cell=lambda r, env: html.A(r["name"], href=env["base"] + r["id"])),
    Col("Värde", "value", kind="decimal"),
    Col("Andel", "share", kind="percent"),
    Col("Antal", "n", kind="integer"),
    Col("Intern", "id", screen=False),
    Col("Bara på skärmen", lambda r: "x", sheet=False),
), empty="Inga organisationer.")

ROWS = [{"id": "a", "name": "Alfa", "value": 79.5, "share": 0.795, "n": 1200},
        {"id": "b", "name": "Beta", "value": None, "share": None, "n": None}]


def _texts(component) -> list[str]:
    out = []

    def walk(c):
        if isinstance(c, str):
            out.append(c)
        elif isinstance(c, (list, tuple)):
            for x in c:
                walk(x)
        elif c is not None and hasattr(c, "children"):
            walk(c.children)
    walk(component)
    return out


def test_frame_has_the_sheet_columns_typed_by_kind():
    df = T.frame(ROWS)
    assert df.columns == ["Namn", "Värde", "Andel", "Antal", "Intern"]
    assert df.schema["Värde"] == pl.Float64 and df.schema["Antal"] == pl.Int64
    assert df.schema["Namn"] == pl.String
    assert df.row(0) == ("Alfa", 79.5, 0.795, 1200, "a")
    assert df.row(1) == ("Beta", None, None, None, "b")


def test_frame_from_a_polars_frame_equals_from_dicts():
    assert T.frame(pl.DataFrame(ROWS)).equals(T.frame(ROWS))


def test_formats_follow_kinds():
    assert T.formats() == {"Värde": "decimal", "Andel": "percent", "Antal": "integer"}


def test_screen_shows_the_same_rows_in_swedish_formats():
    out = T.html(ROWS, {"base": "/x/"}, caption="Exempel")
    texts = _texts(out)
    assert ["Namn", "Värde", "Andel", "Antal", "Bara på skärmen"] == texts[1:6]
    assert "Intern" not in texts  # a sheet-only column is not on screen
    assert "79,5" in texts and "79,5 %" in texts and "1\u00a0200" in texts
    assert texts.count("–") == 3  # missing numbers show a dash
    link = out.children.children[2].children[0].children[0].children
    assert link.href == "/x/a"


def test_empty_rows_give_the_tables_message():
    out = T.html([])
    assert isinstance(out, html.P) and out.children == "Inga organisationer."


@pytest.mark.parametrize("fmt_rows", [ROWS])
def test_export_writes_numbers_as_numbers(fmt_rows):
    table = T.export(fmt_rows, "Exempel 2022", {"Nämnd": "Alfa"})
    assert table.filters == {"Nämnd": "Alfa"} and table.title == "Exempel 2022"
    body = to_xlsx(table.frame, table.title, "Fiktiva demodata", [("År", "2022")], table.formats)
    ws = openpyxl.load_workbook(io.BytesIO(body)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    header = next(i for i, r in enumerate(values) if r[:2] == ["Namn", "Värde"])
    assert values[header + 1][:4] == ["Alfa", 79.5, 0.795, 1200]
