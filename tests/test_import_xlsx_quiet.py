"""Found by the long fuzz run (bench/fuzz_import.py, seed 77, case 152): a workbook with an
empty header cell over an empty column made the xlsx reader guess that column's type and log
"Could not determine dtype for column 9, falling back to string" — an English line on the
terminal of `kontrollrum import`. Every column's type is given now; nothing is logged."""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import xlsxwriter

from cli.main import main

VALID = Path(__file__).parent / "bundles" / "valid"


def workbook_with_an_empty_header_cell(path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path))
    for file in sorted(VALID.glob("*.csv")):
        ws = wb.add_worksheet(file.stem)
        with file.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        for r, row in enumerate(rows):
            ws.write_row(r, 0, row)  # as text, the way a careful user keeps ids
        if file.stem == "targets":
            ws.write_string(0, len(rows[0]), "")  # an empty header cell, nothing below it
    wb.close()
    return path


def test_an_empty_header_cell_logs_nothing_and_imports(tmp_path, capsys, caplog):
    book = workbook_with_an_empty_header_cell(tmp_path / "bundle.xlsx")
    caplog.set_level(logging.DEBUG)
    code = main(["import", str(book), "--db", f"sqlite:///{tmp_path / 'k.db'}"])
    out, err = capsys.readouterr()
    assert code == 0, err
    assert out.startswith("Läste ") and "målvärden" in out
    assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
    assert "dtype" not in out + err and "Could not" not in out + err
