"""What /om shows: the data set's label and the worked example computed with the rule
parameters in force (the only code of the view that reads the database)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import polars as pl

from ils import rules_periods
from ils.example import EXAMPLE_INDICATORS, UNITS, example_lights
from pagekit import data
from queries.cache import cached
from queries.db import get_engine
from queries.read.dataset import load_info


@dataclass(frozen=True)
class AboutData:
    info: dict[str, str]
    params: rules_periods.RuleParams
    example: pl.DataFrame  # the example's indicator lights at VB, with name, unit, score
    t2: pl.DataFrame  # its indicator lights at T2
    goal: dict  # its goal light at VB


def example_rows(params: rules_periods.RuleParams) -> tuple[pl.DataFrame, pl.DataFrame, dict]:
    vb, t2, goal = example_lights(params)
    meta = pl.DataFrame([{"indicator_id": i, "name": n, "direction": d, "decided_by": by,
                          "unit": UNITS.get(i, "%")} for i, n, d, by, _t, _y in
                         EXAMPLE_INDICATORS])
    rows = (vb.drop([c for c in ("name", "unit", "direction", "decided_by") if c in vb.columns])
            .join(meta, on="indicator_id", how="left").sort("indicator_id")
            .with_columns(score=pl.col("light").replace_strict(rules_periods.SCORE, default=None,
                                                               return_dtype=pl.Float64)))
    return rows, t2, goal.row(0, named=True)


def load(args: dict) -> AboutData:
    engine, params = get_engine(), data.params()
    return cached(engine, "om", {"params": asdict(params)},
                  lambda: AboutData(load_info(engine), params, *example_rows(params)))
