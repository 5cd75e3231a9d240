"""One CSV file of a bundle → a frame of text cells, every problem a Swedish `BundleError`.

Python's csv module does the parsing: it accepts all three line endings (LF, CRLF and the
old-Mac CR), quoted cells over several lines, and tells on which line each record ends, so
every row keeps the line a user sees in a text editor (header = its own line).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

import polars as pl

from ils.interchange.errors import LINE, BundleError, summary, thousands
from ils.interchange.limits import DEFAULT_LIMITS, Limits
from ils.model import FILES

BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class RawFile:
    name: str  # the model file, e.g. "values"
    label: str  # how messages name it: "values.csv" or "blad values"
    frame: pl.DataFrame  # LINE, then the format's columns present in the file, all String
    header: tuple[str, ...]  # column names in file order (normalised)
    lenient_decimal: bool  # decimal comma accepted (semicolon CSV, xlsx text cells)
    header_line: int = 1


@dataclass
class RawBundle:
    files: dict[str, RawFile] = field(default_factory=dict)
    errors: list[BundleError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    limits: Limits = DEFAULT_LIMITS
    bytes_read: int = 0
    hidden_notices: int = 0

    def notice(self, text: str) -> None:
        if len(self.notices) < self.limits.max_notices:
            self.notices.append(text)
        else:
            self.hidden_notices += 1

    def finish(self) -> RawBundle:
        if self.hidden_notices:
            self.notices.append(f"… och {thousands(self.hidden_notices)} filer till ignoreras")
            self.hidden_notices = 0
        return self


def normalise(names) -> list[str]:
    """Lower-case, stripped header names; a repeated name gets a '#n' suffix (never matched)."""
    out: list[str] = []
    for raw in names:
        n = (raw or "").strip().lower()
        out.append(n if n not in out else f"{n}#{len(out)}")
    return out


def repeated_columns(label: str, line: int, names, known: list[str]) -> list[BundleError]:
    """A column of the format named twice in the header: which one counts is unclear."""
    seen: set[str] = set()
    out = []
    for raw in names:
        n = (raw or "").strip().lower()
        if n in known and n in seen:
            out.append(BundleError(label, line, n, "kolumnen finns mer än en gång i rubrikraden"))
        seen.add(n)
    return out


def clean(df: pl.DataFrame, header: list[str]) -> pl.DataFrame:
    """Strip every cell, empty → null, and drop rows with no value at all."""
    df = df.with_columns([pl.col(c).cast(pl.String).str.strip_chars() for c in header])
    df = df.with_columns([pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c)
                          for c in header])
    if header:
        df = df.filter(pl.any_horizontal([pl.col(c).is_not_null() for c in header]))
    return df.select(LINE, *header)


def _line_of(data: bytes | str, pos: int) -> int:
    """The editor line of position `pos` (LF, CRLF or CR-only line endings)."""
    nl, cr = ("\n", "\r") if isinstance(data, str) else (b"\n", b"\r")
    return data.count(nl if nl in data else cr, 0, pos) + 1


def read_csv_bytes(name: str, label: str, data: bytes, errors: list[BundleError],
                   limits: Limits = DEFAULT_LIMITS) -> RawFile | None:
    """Parse one CSV file (either dialect, BOM or not). None for an empty file or on error."""
    if data.startswith(BOM):
        data = data[len(BOM):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        errors.append(BundleError(label, _line_of(data, exc.start), None,
                                  'filen är inte sparad som UTF-8 (välj "CSV UTF-8" i Excel)'))
        return None
    if not text.strip():
        return None
    if "\x00" in text:
        errors.append(BundleError(label, _line_of(text, text.index("\x00")), None,
                                  "filen innehåller NUL-tecken: den är ingen CSV-textfil"))
        return None
    first = next(line for line in io.StringIO(text, newline="") if line.strip())
    separator = ";" if first.count(";") > first.count(",") else ","
    parsed = _records(label, text, separator, errors, limits)
    if parsed is None:
        return None
    header_line, names, starts, rows = parsed
    header = normalise(names)
    known = FILES[name].column_names
    errors.extend(repeated_columns(label, header_line, names, known))
    keep = [(i, h) for i, h in enumerate(header) if h in known]
    if rows:
        columns = list(zip(*rows, strict=False))
        data_cols = {h: list(columns[i]) for i, h in keep}
    else:
        data_cols = {h: [] for _, h in keep}
    df = pl.DataFrame({LINE: starts, **data_cols},
                      schema={LINE: pl.Int64, **{h: pl.String for _, h in keep}})
    return RawFile(name, label, clean(df, [h for _, h in keep]), tuple(header),
                   separator == ";", header_line)


def _records(label: str, text: str, sep: str, errors: list[BundleError], limits: Limits):
    """(header line, header cells, start line of each row, rows padded to the header's width),
    or None after an error that stops reading the file."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"',
                        strict=True)
    names: list[str] | None = None
    header_line = width = 0
    starts: list[int] = []
    rows: list[list[str]] = []
    ragged: list[BundleError] = []
    n_ragged = 0
    prev = 0
    try:
        for record in reader:
            start, prev = prev + 1, reader.line_num
            if not record:
                continue
            if names is None:
                if any(c.strip() for c in record):
                    names, header_line, width = record, start, len(record)
                continue
            if len(record) > width:
                if any(c.strip() for c in record[width:]):
                    n_ragged += 1
                    if len(ragged) < 100:
                        ragged.append(BundleError(label, start, None, (
                            f"raden har {len(record)} fält men rubrikraden {width}: text som "
                            f"innehåller {sep} måste stå inom citattecken")))
                record = record[:width]
            elif len(record) < width:
                record = record + [""] * (width - len(record))
            rows.append(record)
            starts.append(start)
            if len(rows) > limits.max_rows:
                errors.append(BundleError(label, start, None, (
                    f"filen har fler än {thousands(limits.max_rows)} rader; dela upp den")))
                return None
    except csv.Error as exc:
        line, msg = reader.line_num, str(exc)
        if "field larger" in msg:
            msg = f"en cell är längre än {thousands(csv.field_size_limit())} tecken"
        elif "end of data" in msg:
            line, msg = prev + 1, "ett citattecken på raden stängs aldrig"
        elif "expected after" in msg:
            msg = f'efter ett avslutande citattecken ska det komma {sep} eller radslut'
        else:
            msg = "raden kan inte läsas som CSV (kontrollera citattecknen)"
        errors.append(BundleError(label, line, None, msg))
        return None
    errors.extend(ragged)
    if n_ragged > len(ragged):
        errors.append(summary(label, n_ragged - len(ragged)))
    if names is None:
        return None
    return header_line, names, starts, rows
