"""Writing CSV in the interchange format: comma, decimal point, UTF-8, header, empty = none."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ils.model import FILES, Dataset


def to_csv(df: pl.DataFrame) -> str:
    """The frame as interchange CSV text (floats in full, round-tripping precision)."""
    return df.write_csv(separator=",", line_terminator="\n", null_value="",
                        date_format="%Y-%m-%d")


def write_bundle(ds: Dataset, folder: str | Path) -> list[Path]:
    """Write every file of `ds` as `folder/<name>.csv` (header only when empty)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for name, spec in FILES.items():
        path = folder / f"{name}.csv"
        path.write_text(to_csv(getattr(ds, name).select(spec.column_names)), encoding="utf-8")
        paths.append(path)
    return paths
