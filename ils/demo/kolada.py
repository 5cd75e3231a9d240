"""Stockholm's real city-level Kolada values for the demo's KF indicators that match a KPI.

The files live in the project's shared data folder (`shared/data/kolada/` beside the repo, or
`$KONTROLLRUM_SHARED_DATA/kolada/`). A fresh clone may not have it: then `city_values` returns
nothing and the demo falls back to generated values (and says so in its label).
"""

from __future__ import annotations

import os
from pathlib import Path

import polars as pl

ENV_VAR = "KONTROLLRUM_SHARED_DATA"
MUNICIPALITY = "0180"  # Stockholm
FILES = (  # the first one present is read; the first is a superset of the second
    "ddf_kolada_0180_and_riket_all_kpis_1994-2022.csv",
    "ddf_kolada_0180_selected_eldercare_preschool_school_2015-2022.csv",
)


def shared_data_dir(env: dict[str, str] | None = None) -> Path:
    """The shared data folder: $KONTROLLRUM_SHARED_DATA, else `../shared/data` beside the repo."""
    env = os.environ if env is None else env
    if env.get(ENV_VAR):
        return Path(env[ENV_VAR])
    return Path(__file__).resolve().parents[2].parent / "shared" / "data"


def kolada_file(env: dict[str, str] | None = None) -> Path | None:
    folder = shared_data_dir(env) / "kolada"
    for name in FILES:
        if (folder / name).is_file():
            return folder / name
    return None


def city_values(kpis: list[str], years: tuple[int, ...],
                env: dict[str, str] | None = None) -> dict[tuple[str, int], float | None]:
    """{(kpi, year): value} for Stockholm; a year present with an empty value maps to None
    (e.g. the 2021 elderly-care survey that was not run). Empty when the files are missing."""
    path = kolada_file(env)
    if path is None or not kpis:
        return {}
    df = (pl.scan_csv(path, schema_overrides={"municipality_id": pl.String, "kpi": pl.String,
                                               "year": pl.Int64, "value": pl.Float64})
          .filter((pl.col("municipality_id") == MUNICIPALITY) & pl.col("kpi").is_in(kpis)
                  & pl.col("year").is_in(list(years)))
          .select("kpi", "year", "value").collect())
    return {(k, y): v for k, y, v in df.iter_rows()}
