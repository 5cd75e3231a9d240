"""Id cells that an .xlsx workbook stores as numbers, said out loud on import.

Excel keeps a cell typed as a number without its leading zeros: the org `0180` is stored as
180 and read back as the id "180". Reading the workbook's XML (the cell type, which the Excel
reader does not pass on) finds such cells in id columns; the import then says, per sheet and
column, which rows hold numbers and what ids they were read as. A conflict with an id written
as text (`180` beside `0180`) is refused by `ils.interchange.ids`.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

from ils.interchange.ids import id_columns
from ils.model import FILES

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}"
CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")
SHOWN_ROWS = 5


def _id_columns_of(name: str) -> set[str]:
    cols = {c for places in id_columns().values() for f, c in places if f == name}
    return cols | ({"kolada_id"} if name == "organisation" else set())


def _sheet_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: path of its XML in the zip}."""
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    target = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{PKG_REL}Relationship")}
    out = {}
    for sheet in wb.iter(f"{MAIN}sheet"):
        t = target.get(sheet.get(f"{REL}id"), "")
        path = t.lstrip("/") if t.startswith("/") else str(PurePosixPath("xl") / t)
        out[sheet.get("name", "")] = path
    return out


def _shared_strings(zf: zipfile.ZipFile) -> list[str]:
    if "xl/sharedStrings.xml" not in zf.namelist():
        return []
    root = ET.fromstring(zf.read("xl/sharedStrings.xml"))
    return ["".join(t.text or "" for t in si.iter(f"{MAIN}t")) for si in root.iter(f"{MAIN}si")]


def _cells(zf: zipfile.ZipFile, path: str, strings: list[str]):
    """(row, column letters, text, is_number) of every cell with a value."""
    with zf.open(path) as fh:
        for _, el in ET.iterparse(fh):
            if el.tag != f"{MAIN}c":
                continue
            m = CELL_REF.match(el.get("r", ""))
            kind = el.get("t", "n")
            v = el.find(f"{MAIN}v")
            if m and kind == "inlineStr":
                text = "".join(t.text or "" for t in el.iter(f"{MAIN}t"))
                yield int(m[2]), m[1], text, False
            elif m and v is not None and v.text is not None:
                text = v.text
                if kind == "s":
                    text = strings[int(text)] if text.isdigit() and int(text) < len(strings) else ""
                yield int(m[2]), m[1], text, kind == "n"
            el.clear()


def numeric_id_notices(path: str | Path, label: str | None = None) -> list[str]:
    """One notice per sheet and id column that holds cells stored as numbers."""
    path = Path(path)
    label = label or path.name
    try:
        with zipfile.ZipFile(path) as zf:
            strings = _shared_strings(zf)
            out = []
            for sheet, xml in _sheet_paths(zf).items():
                name = sheet.strip().lower().removesuffix(".csv").strip()
                if name not in FILES or xml not in zf.namelist():
                    continue
                out += _sheet_notices(zf, xml, strings, label, sheet, _id_columns_of(name))
            return out
    except (zipfile.BadZipFile, KeyError, ET.ParseError, OSError, ValueError, RuntimeError,
            EOFError, zlib.error):  # RuntimeError: encrypted or (NotImplemented) unknown packing
        return []  # the Excel reader reports a broken workbook itself


def _sheet_notices(zf, xml: str, strings: list[str], label: str, sheet: str,
                   wanted: set[str]) -> list[str]:
    header_row, header = None, {}
    numbers: dict[str, list[tuple[int, str]]] = {}
    for row, col, text, is_number in _cells(zf, xml, strings):
        if header_row is None and text.strip():
            header_row = row
        if row == header_row:
            header[col] = text.strip().lower()
        elif header_row is not None and row > header_row and is_number:
            numbers.setdefault(col, []).append((row, text))
    out = []
    for col, cells in numbers.items():
        name = header.get(col)
        if name not in wanted:
            continue
        shown = ", ".join(str(r) for r, _ in cells[:SHOWN_ROWS]) + (
            " …" if len(cells) > SHOWN_ROWS else "")
        example = re.sub(r"\.0$", "", cells[0][1])
        out.append(f'{label}, blad {sheet}, kolumn {name}: {len(cells)} id-celler är tal i '
                   f'Excel (rad {shown}) och läses som text, t.ex. "{example}"; inledande nollor '
                   "kan ha försvunnit – formatera kolumnen som Text om id:t ska vara t.ex. "
                   f'"0{example}"')
    return out
