"""Import errors: each names file, line and column, and reads as Swedish."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

LINE = "__line__"  # internal column: the row's line in the file (CSV) or row in the sheet (xlsx)


@dataclass(frozen=True, order=True)
class BundleError:
    """One problem in a bundle. `line` and `column` are None when the whole file is meant."""

    file: str
    line: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"rad {self.line}")
        if self.column is not None:
            noun = "kolumnerna" if "," in self.column else "kolumn"
            where.append(f"{noun} {self.column}")
        return f"{', '.join(where)}: {self.message}"


def quoted(expr: pl.Expr) -> pl.Expr:
    """A cell value in quotes, as the messages show it."""
    return pl.concat_str(pl.lit('"'), expr, pl.lit('"'))


def row_errors(df: pl.DataFrame, mask: pl.Expr, column: str, message: pl.Expr) -> pl.DataFrame:
    """Errors for the rows of `df` where `mask` holds: a frame of line, column, message."""
    return df.filter(mask).select(
        pl.col(LINE).cast(pl.Int64).alias("line"),
        pl.lit(column).alias("column"),
        message.cast(pl.String).alias("message"),
    )


def collect(file: str, frames: list[pl.DataFrame]) -> list[BundleError]:
    """Turn error frames (line, column, message) of one file into `BundleError`s."""
    frames = [f for f in frames if not f.is_empty()]
    if not frames:
        return []
    df = pl.concat(frames)
    return [BundleError(file, line, column, message)
            for line, column, message in df.iter_rows()]
