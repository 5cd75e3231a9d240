"""Checks within one file: columns, required values, enumerations, numbers, dates, keys.

Vectorised: each check is one polars filter over the whole file; only the bad rows become
Python objects (the error messages).
"""

from __future__ import annotations

import polars as pl

from ils.interchange.csvread import RawFile
from ils.interchange.errors import LINE, BundleError, collect, quoted, row_errors, run_checks
from ils.interchange.limits import DEFAULT_LIMITS, ID_PATTERN, Limits
from ils.model import FILES, FileSpec

SPACES = r"[\s\u00a0\u202f]"
ISO_DATE = r"^\d{4}-\d{2}-\d{2}$"


def number(col: str, lenient: bool) -> pl.Expr:
    """The cell as a finite float, else null. Lenient: decimal comma and spaces allowed."""
    s = pl.col(col).str.replace_all("\u2212", "-", literal=True)
    if lenient:
        s = s.str.replace_all(SPACES, "").str.replace(",", ".", literal=True)
    f = s.cast(pl.Float64, strict=False)
    return pl.when(f.is_finite()).then(f)


def integer(col: str, lenient: bool) -> pl.Expr:
    """The cell as an integer ("2022", also "2022.0" as an Excel cell gives it), else null."""
    f = number(col, lenient)
    return pl.when((f == f.floor()) & (f.abs() < 2**53)).then(f.cast(pl.Int64))


def date(col: str) -> pl.Expr:
    s = pl.col(col).str.slice(0, 10)  # an Excel date cell may come as "2022-01-05 00:00:00"
    ok = pl.col(col).str.contains(ISO_DATE) | pl.col(col).str.contains(r"^\d{4}-\d{2}-\d{2} 00:00:00$")
    return pl.when(ok).then(s.str.to_date("%Y-%m-%d", strict=False))


NOT_A = {pl.Float64: "är inte ett tal", pl.Int64: "är inte ett heltal",
         pl.Date: "är inte ett datum på formen ÅÅÅÅ-MM-DD"}


def validate_file(raw: RawFile, limits: Limits = DEFAULT_LIMITS
                  ) -> tuple[pl.DataFrame, list[BundleError]]:
    """Type one file's rows and check them on their own.

    Returns the typed frame (the spec's columns plus `LINE`; an absent column is all
    null) and the errors, ordered by line and column.
    """
    spec = FILES[raw.name]
    df = raw.frame
    checks: list[tuple[pl.Expr, str, pl.Expr]] = []  # (mask, column, message), run at once
    missing = [c.name for c in spec.columns if c.required and c.name not in raw.header]
    header_errors = [BundleError(raw.label, raw.header_line, name, "obligatorisk kolumn saknas")
                     for name in missing]
    typed_cols = []
    for col in spec.columns:
        if col.name not in raw.header:
            typed_cols.append(pl.lit(None, dtype=col.dtype).alias(col.name))
            continue
        c = pl.col(col.name)
        if col.required:
            checks.append((c.is_null(), col.name, pl.lit("värde saknas")))
        if col.enum:
            allowed = ", ".join(col.enum)
            checks.append((
                c.is_not_null() & ~c.is_in(col.enum), col.name,
                pl.format("{} är inget tillåtet värde (tillåtna: {})", quoted(c), pl.lit(allowed))))
        if col.pattern:
            checks.append((c.is_not_null() & ~c.str.contains(col.pattern[0]),
                           col.name, _pattern_message(c, col.pattern[1])))
        checks.extend(_text_errors(col.name, spec, limits))
        if col.dtype == pl.String:
            typed_cols.append(c)
            continue
        if col.dtype == pl.Float64:
            value = number(col.name, raw.lenient_decimal)
        elif col.dtype == pl.Int64:
            value = integer(col.name, raw.lenient_decimal)
        else:
            value = date(col.name)
        checks.append((c.is_not_null() & value.is_null(), col.name,
                       pl.format("{} {}", quoted(c), pl.lit(NOT_A[col.dtype]))))
        checks.extend(_implausible(col.name, value, col.dtype, limits))
        typed_cols.append(value.alias(col.name))
    typed = df.select(pl.col(LINE), *typed_cols)
    errors = run_checks(df, checks)
    errors.extend(_duplicates(typed, spec))
    errors.extend(_ranges(typed, spec))
    found = header_errors + _ordered(raw.label, errors, spec)
    return typed, found


def _pattern_message(c: pl.Expr, looks: str) -> pl.Expr:
    """'"180" är inte ett Kolada-id: …', with a hint when Excel may have dropped leading zeros."""
    hint = pl.when(c.str.contains(r"^\d{1,3}(\.0)?$")).then(pl.lit(
        " (inledande nollor försvinner när Excel sparar id:t som tal: skriv det som text)")
    ).otherwise(pl.lit(""))
    return pl.format("{} är inte {}{}", quoted(c), pl.lit(looks), hint)


def _text_errors(name: str, spec: FileSpec, limits: Limits) -> list[tuple]:
    """Cells no database takes alike (NUL, very long) and ids that a URL or a file name
    could not carry."""
    c = pl.col(name)
    out = [(c.str.contains("\x00", literal=True), name,
            pl.lit("cellen innehåller ett NUL-tecken (0x00)")),
           (c.str.len_chars() > limits.max_cell, name,
            pl.format("cellen har {} tecken (högst {})", c.str.len_chars(),
                      pl.lit(limits.max_cell)))]
    if name == "id" and spec.key == ("id",):
        out.append((c.is_not_null() & ~c.str.contains(ID_PATTERN), name, pl.format(
            "id:t {} får bara innehålla a–z, A–Z, 0–9, punkt, understreck och bindestreck "
            "(inte å, ä, ö eller mellanslag) och ska börja med en bokstav eller siffra; "
            "det används i webbadresser och filnamn", quoted(c))))
    return out


def _implausible(name: str, value: pl.Expr, dtype, limits: Limits) -> list[tuple]:
    """A year (or a date's year) outside the plausible range: a typo, not a plan."""
    year = value.dt.year() if dtype == pl.Date else value
    if dtype == pl.Float64:
        return []
    bad = value.is_not_null() & ((year < limits.min_year) | (year > limits.max_year))
    what = "datumet" if dtype == pl.Date else "året"
    return [(bad, name, pl.format(
        "{} {} ligger utanför de rimliga åren {} (inställningarna KONTROLLRUM_MIN_YEAR och "
        "KONTROLLRUM_MAX_YEAR)", pl.lit(what), quoted(pl.col(name)), pl.lit(limits.years)))]


def _ordered(label: str, frames: list[pl.DataFrame], spec: FileSpec) -> list[BundleError]:
    order = {c.name: i for i, c in enumerate(spec.columns)}
    errs = collect(label, frames)
    return sorted(errs, key=lambda e: (e.line or 0, order.get((e.column or "").split(",")[0], 99),
                                       e.message))


def _duplicates(df: pl.DataFrame, spec: FileSpec) -> list[pl.DataFrame]:
    """Every row that repeats the key of an earlier row of the file."""
    key = list(spec.key)
    required = [c.name for c in spec.columns if c.required and c.name in key]
    # An optional key column (schedule's org_id) may be empty: empty is then one value.
    complete = df.filter(pl.all_horizontal([pl.col(k).is_not_null() for k in required]))
    dup = complete.with_columns(_first=pl.col(LINE).min().over(key)).filter(
        pl.col(LINE) != pl.col("_first"))
    if dup.is_empty():
        return []
    shown = pl.concat_str([pl.col(k).cast(pl.String).fill_null("") for k in key],
                          separator=", ")
    what = "id" if key == ["id"] else "nyckeln"
    return [row_errors(dup, pl.lit(True), ", ".join(key),
                       pl.format("{} {} finns redan på rad {}", pl.lit(what), quoted(shown),
                                 pl.col("_first")))]


def _ranges(df: pl.DataFrame, spec: FileSpec) -> list[pl.DataFrame]:
    """year_from ≤ year_to for goals; start ≤ end for activities."""
    pairs = {"goals": ("year_from", "year_to"), "activities": ("start", "end")}
    if spec.name not in pairs:
        return []
    lo, hi = pairs[spec.name]
    return [row_errors(df, pl.col(lo) > pl.col(hi), hi,
                       pl.format("{} ({}) ligger före {} ({})", pl.lit(hi),
                                 pl.col(hi).cast(pl.String), pl.lit(lo),
                                 pl.col(lo).cast(pl.String)))]
