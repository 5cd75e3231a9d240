"""The interchange format of DOMAIN.md §4: reading, checking and writing data bundles.

Pure (no database, no Dash): `parse_bundle(path, known)` reads a folder, .zip or .xlsx,
types every file, and checks it on its own, across files, and against `known` (what the
database already holds, passed in by the caller). Every error names file, line and column.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ils.interchange.checks import empty_known, reference_errors, schedule_errors, tree_errors
from ils.interchange.csvread import RawBundle, RawFile, read_csv_bytes
from ils.interchange.errors import LINE, BundleError
from ils.interchange.ids import city_errors, twin_errors
from ils.interchange.read import read_bundle
from ils.interchange.validate import validate_file
from ils.interchange.write import to_csv, write_bundle
from ils.model import FILES, LOAD_ORDER, Dataset

__all__ = ["BundleError", "ParsedBundle", "RawBundle", "RawFile", "check_bundle", "empty_known",
           "parse_bundle", "read_bundle", "read_csv_bytes", "to_csv", "validate_file",
           "write_bundle"]


@dataclass
class ParsedBundle:
    frames: dict[str, pl.DataFrame] = field(default_factory=dict)  # typed, files present only
    errors: list[BundleError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def dataset(self) -> Dataset:
        return Dataset.from_frames(self.frames)


def check_bundle(raw: RawBundle, known: dict[str, pl.DataFrame] | None = None) -> ParsedBundle:
    """Type and check every file of a read bundle; `known` = ids already in the database."""
    known = known or empty_known()
    typed: dict[str, pl.DataFrame] = {}
    errors = list(raw.errors)
    for name in LOAD_ORDER:
        if name in raw.files:
            typed[name], errs = validate_file(raw.files[name], raw.limits)
            errors.extend(errs)
    labels = {name: f.label for name, f in raw.files.items()}
    # Files whose ids are unknown: unreadable, or without an id column.
    broken = {e.file.lower().removesuffix(".csv") for e in raw.errors}
    broken |= {name for name, f in raw.files.items() if "id" not in f.header}
    complete = {name for name, f in raw.files.items()
                if all(c.name in f.header for c in FILES[name].columns if c.required)}
    sheet = any(f.label.startswith("blad ") for f in raw.files.values())
    errors.extend(reference_errors(typed, labels, known, broken, sheet))
    errors.extend(tree_errors({n: df for n, df in typed.items() if n in complete}, labels, known))
    errors.extend(twin_errors(typed, labels, known))
    if "schedule" in complete:
        errors.extend(schedule_errors(typed, labels, known))
    if "organisation" in complete:
        errors.extend(city_errors(typed, labels, known))
    frames = {n: df.drop(LINE) for n, df in typed.items()}
    return ParsedBundle(frames, _sorted(errors, labels), list(raw.notices))


def parse_bundle(path: str | Path, known: dict[str, pl.DataFrame] | None = None) -> ParsedBundle:
    """Read and check a bundle (folder, .zip or .xlsx)."""
    return check_bundle(read_bundle(path), known)


def _sorted(errors: list[BundleError], labels: dict[str, str]) -> list[BundleError]:
    file_rank = {labels.get(n, f"{n}.csv"): i for i, n in enumerate(LOAD_ORDER)}

    def key(e: BundleError):
        name = next((n for n, lbl in labels.items() if lbl == e.file), None)
        cols = FILES[name].column_names if name else []
        first = (e.column or "").split(",")[0]
        return (file_rank.get(e.file, -1), e.more > 0, e.line or 0,
                cols.index(first) if first in cols else len(cols), e.message)

    return sorted(dict.fromkeys(errors), key=key)
