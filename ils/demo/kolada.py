"""Stockholm's real city-level Kolada values for the demo's KF indicators that match a KPI.

The values ship with the package (`ils/demo/data/kolada_0180_2019-2022.csv`, Källa: Kolada;
see the README there): Stockholm (0180), 2019–2022, gender total, the 31 KPIs the demo's KF
indicators use, copied unchanged from Kolada. The demo stores them as the city's VB outcomes
with source "Kolada"; everything else in the demo is fictitious.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

MUNICIPALITY = "0180"  # Stockholm
DATA = Path(__file__).resolve().parent / "data" / "kolada_0180_2019-2022.csv"
SOURCE = "Kolada"


def kolada_file() -> Path:
    """The shipped subset (part of the package: a missing file is a broken installation)."""
    return DATA


def city_values(kpis: list[str], years: tuple[int, ...],
                path: Path | None = None) -> dict[tuple[str, int], float | None]:
    """{(kpi, year): value} for Stockholm; a (kpi, year) Kolada has no figure for is absent
    (e.g. the 2021 elderly-care survey that was not run)."""
    if not kpis:
        return {}
    df = (pl.scan_csv(path or DATA, schema_overrides={"municipality_id": pl.String,
                                                      "kpi": pl.String, "year": pl.Int64,
                                                      "value": pl.Float64})
          .filter((pl.col("municipality_id") == MUNICIPALITY) & pl.col("kpi").is_in(kpis)
                  & pl.col("year").is_in(list(years)) & pl.col("value").is_not_null())
          .select("kpi", "year", "value").collect())
    return {(k, y): v for k, y, v in df.iter_rows()}


def mark_kolada(values: pl.DataFrame, indicators: pl.DataFrame, city_id: str,
                real: dict[tuple[str, int], float | None]) -> pl.DataFrame:
    """Source "Kolada" on the city's VB outcomes that are Kolada's figure as is."""
    if not real:
        return values
    ref = pl.DataFrame([(k, y, v) for (k, y), v in real.items()],
                       schema={"kolada_kpi": pl.String, "year": pl.Int64, "_real": pl.Float64},
                       orient="row")
    link = indicators.select(pl.col("id").alias("indicator_id"), "kolada_kpi")
    marked = (values.join(link, on="indicator_id", how="left")
              .join(ref, on=["kolada_kpi", "year"], how="left")
              .with_columns(source=pl.when((pl.col("org_id") == city_id)
                                           & (pl.col("period") == "VB")
                                           & (pl.col("outcome") == pl.col("_real")))
                            .then(pl.lit(SOURCE)).otherwise(pl.col("source"))))
    return marked.select(values.columns)
