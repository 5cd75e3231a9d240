"""Helpers the lock tests share (tests/test_locks.py, test_locks_cli.py, test_page_admin.py)."""

from __future__ import annotations

import polars as pl
from sqlalchemy import select

from queries.schema import metadata
from tests.fixture_city import city


def everything(engine) -> dict[str, list[tuple]]:
    """Every row of every table, in key order: what "the database is unchanged" compares."""
    out = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            key = list(table.primary_key.columns) or list(table.columns)
            out[table.name] = [tuple(r) for r in conn.execute(select(table).order_by(*key))]
    return out


def changed_value(year: int, period: str) -> pl.DataFrame:
    """The city's values with Norrby's ind-las outcome at (year, period) changed."""
    v = city().values
    hit = ((pl.col("indicator_id") == "ind-las") & (pl.col("org_id") == "norrby")
           & (pl.col("year") == year) & (pl.col("period") == period))
    assert v.filter(hit).height == 1
    return v.with_columns(outcome=pl.when(hit).then(pl.lit(10.0)).otherwise(pl.col("outcome")))
