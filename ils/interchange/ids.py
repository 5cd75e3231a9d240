"""Ids that stay ids: one city, and no id that is another id with its leading zeros lost.

Excel stores a cell typed as a number without its leading zeros: the org `0180` becomes `180`.
Read as text, `180` would be a new, different id, so a later bundle with `0180` would create a
second org. Such twins (ids of one kind that are the same number written differently) are
refused, naming the file, line and column, and which id is already known.
"""

from __future__ import annotations

import polars as pl

from ils.interchange.errors import LINE, collect, quoted, row_errors
from ils.model import FILES

DIGITS = r"^\d+$"


def id_columns() -> dict[str, list[tuple[str, str]]]:
    """{kind of id: [(file, column), …]}: where each kind of id is defined or referred to."""
    out: dict[str, list[tuple[str, str]]] = {}
    for name, spec in FILES.items():
        for col in spec.columns:
            if col.name == "id":
                out.setdefault(name, []).append((name, "id"))
            elif col.ref is not None:
                out.setdefault(col.ref[0], []).append((name, col.name))
    out["organisation"].append(("directives", "recipient"))
    return out


def _number(col: str) -> pl.Expr:
    """The id without leading zeros when it is all digits (the number Excel would keep)."""
    stripped = pl.col(col).str.strip_chars_start("0")
    return (pl.when(pl.col(col).str.contains(DIGITS))
            .then(pl.when(stripped == "").then(pl.lit("0")).otherwise(stripped)))


def twin_errors(typed: dict, labels: dict, known: dict) -> list:
    """Bundle cells holding an all-digit id that another id of the same kind (in the bundle or
    the database) equals as a number: `180` beside `0180`."""
    out = []
    for kind, places in id_columns().items():
        parts = [typed[f].select(pl.col(c).alias("v")) for f, c in places
                 if typed.get(f) is not None]
        db = (known[kind].select(pl.col("id").cast(pl.String).alias("v"))
              if kind in known else pl.DataFrame(schema={"v": pl.String}))
        ids = pl.concat([*parts, db]).drop_nulls().unique()
        twins = (ids.with_columns(n=_number("v")).filter(pl.col("n").is_not_null())
                 .group_by("n").agg(pl.col("v").sort().alias("forms"))
                 .filter(pl.col("forms").list.len() > 1))
        if twins.is_empty():
            continue
        in_db = set(db["v"].to_list())
        for f, c in places:
            df = typed.get(f)
            if df is None:
                continue
            bad = (df.filter(pl.col(c).is_not_null() & ~pl.col(c).is_in(list(in_db)))
                   .with_columns(n=_number(c)).join(twins, on="n", how="inner"))
            if bad.is_empty():
                continue
            others = (pl.col("forms").list.set_difference(pl.concat_list(pl.col(c)))
                      .list.eval(pl.format('"{}"', pl.element())).list.join(" och "))
            out.extend(collect(labels[f], [row_errors(bad, pl.lit(True), c, pl.format(
                "{} och {} är samma tal men olika id; Excel tar bort inledande nollor när en "
                "id-cell är ett tal: skriv id:t som text, likadant överallt",
                quoted(pl.col(c)), others))]))
    return out


def city_errors(typed: dict, labels: dict, known: dict) -> list:
    """A second org of level `stad` (in the bundle, or beside the database's)."""
    df = typed.get("organisation")
    if df is None:
        return []
    mine = df.select("id", "level", pl.col(LINE).cast(pl.Int64))
    theirs = (known["organisation"].select("id", "level").join(mine.select("id"), on="id",
                                                                 how="anti")
              .with_columns(pl.lit(None, dtype=pl.Int64).alias(LINE)))
    cities = (pl.concat([theirs, mine]).filter(pl.col("level") == "stad")
              .sort(LINE, nulls_last=False))
    if cities.height < 2:
        return []
    first = cities["id"][0]
    extra = cities.slice(1).filter(pl.col(LINE).is_not_null())
    return collect(labels["organisation"], [row_errors(extra, pl.lit(True), "level", pl.format(
        "det finns redan en organisation med nivån stad ({}); en datamängd har bara en stad",
        quoted(pl.lit(first))))])
