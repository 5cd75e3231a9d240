"""Import errors: each names file, line and column, and reads as Swedish."""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

# Internal column: the row's line in the file (CSV) or row in the sheet (xlsx). Header names
# are lower-cased and only the format's own columns are kept, so no header can collide.
LINE = "LINE#"


@dataclass(frozen=True, order=True)
class BundleError:
    """One problem in a bundle. `line` and `column` are None when the whole file is meant.

    `more` > 0 marks a summary instead: that many further errors of the file were left out.
    """

    file: str
    line: int | None
    column: str | None
    message: str
    more: int = field(default=0, compare=False)

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"rad {self.line}")
        if self.column is not None:
            noun = "kolumnerna" if "," in self.column else "kolumn"
            where.append(f"{noun} {self.column}")
        return f"{', '.join(where)}: {self.message}"


def count_errors(errors: list[BundleError]) -> int:
    """How many errors `errors` stands for (summaries count what they left out)."""
    return sum(e.more or 1 for e in errors)


def thousands(n: int) -> str:
    """12345 → '12 345' (Swedish digit grouping with a no-break space)."""
    return f"{n:,}".replace(",", "\u00a0")


def summary(file: str, more: int) -> BundleError:
    return BundleError(file, None, None, f"… och {thousands(more)} fel till i filen", more)


def quoted(expr: pl.Expr) -> pl.Expr:
    """A cell value in quotes, as the messages show it (long values shortened)."""
    short = pl.when(expr.str.len_chars() > 60).then(
        pl.concat_str(expr.str.slice(0, 57), pl.lit("…"))).otherwise(expr)
    return pl.concat_str(pl.lit('"'), short, pl.lit('"'))


def row_errors(df: pl.DataFrame, mask: pl.Expr, column: str, message: pl.Expr) -> pl.DataFrame:
    """Errors for the rows of `df` where `mask` holds: a frame of line, column, message."""
    return df.filter(mask).select(
        pl.col(LINE).cast(pl.Int64).alias("line"),
        pl.lit(column).alias("column"),
        message.cast(pl.String).alias("message"),
    )


def run_checks(df: pl.DataFrame, checks: list[tuple[pl.Expr, str, pl.Expr]]
               ) -> list[pl.DataFrame]:
    """Error frames of many (mask, column, message) checks over `df`: one pass finds which
    checks hit any row, and only those build their messages (a clean file costs one pass)."""
    if not checks or df.is_empty():
        return []
    hits = df.select([mask.fill_null(False).any().alias(f"c{i}")
                      for i, (mask, _, _) in enumerate(checks)]).row(0)
    return [row_errors(df, mask, column, message)
            for (mask, column, message), hit in zip(checks, hits, strict=False) if hit]


# At most this many errors of one file are turned into messages; the rest are counted.
MAX_FILE_ERRORS = 500


def collect(file: str, frames: list[pl.DataFrame],
            limit: int = MAX_FILE_ERRORS) -> list[BundleError]:
    """Turn error frames (line, column, message) of one file into `BundleError`s: the first
    `limit` by line, and a summary of how many more there were."""
    frames = [f for f in frames if not f.is_empty()]
    if not frames:
        return []
    df = pl.concat(frames)
    shown = df.sort("line", nulls_last=False, maintain_order=True).head(limit)
    out = [BundleError(file, line, column, message)
           for line, column, message in shown.iter_rows()]
    if df.height > limit:
        out.append(summary(file, df.height - limit))
    return out
