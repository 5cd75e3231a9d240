"""Stockholm's real city-level Kolada values for the demo's KF indicators that match a KPI.

The values ship with the package (`ils/demo/data/kolada_0180_2019-2022.csv`, Källa: Kolada;
see the README there): Stockholm (0180), 2019–2022, gender total, the 32 KPIs the demo's KF
indicators use, copied unchanged from Kolada. The demo stores them as the city's VB outcomes
with source "Kolada"; everything else in the demo is fictitious. Riket's values of the same
KPIs (`kolada_0000_2019-2022.csv`, also Källa: Kolada) are the demo's comparison values, and
so is a real comparison group: Kolada's "Storstäder (ovägt medel)" (G92787: Stockholm,
Göteborg, Malmö) for N00945, from its members' real values
(`kolada_G92787_N00945_2019-2020.csv`, Källa: Kolada), its value computed as Kolada does.
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

MUNICIPALITY = "0180"  # Stockholm
DATA = Path(__file__).resolve().parent / "data" / "kolada_0180_2019-2022.csv"
PEER_DATA = (Path(__file__).resolve().parent / "data" / "kolada_0000_2019-2022.csv",)
# a comparison group's members' values (Källa: Kolada): group_id, group_title, kpi,
# municipality_id, municipality, year, value; the group's value is computed from them
GROUP_DATA = (Path(__file__).resolve().parent / "data" / "kolada_G92787_N00945_2019-2020.csv",)
PEER_SCHEMA = {"kpi": pl.String, "municipality_id": pl.String, "municipality": pl.String,
               "year": pl.Int64, "value": pl.Float64, "status": pl.String,
               "n_members": pl.Int64, "fetched_at": pl.String}
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


def peer_values(kpis: list[str], years: tuple[int, ...],
                paths: tuple[Path, ...] = PEER_DATA) -> pl.DataFrame:
    """The shipped comparison values (Riket) of `kpis` and `years` in the shape of the
    `kolada_peer_value` table; a (kpi, year) without a figure is absent."""
    parts = [pl.read_csv(p, schema_overrides={"municipality_id": pl.String, "kpi": pl.String,
                                              "year": pl.Int64, "value": pl.Float64})
             for p in paths]
    if not kpis or not parts:
        return pl.DataFrame(schema=PEER_SCHEMA)
    df = pl.concat([p.select("kpi", "municipality_id", "municipality", "year", "value")
                    for p in parts])
    return (df.filter(pl.col("kpi").is_in(kpis) & pl.col("year").is_in(list(years))
                      & pl.col("value").is_not_null())
            .with_columns(status=pl.lit(None, pl.String), n_members=pl.lit(None, pl.Int64),
                          fetched_at=pl.lit(None, pl.String))
            .select(list(PEER_SCHEMA)).sort("kpi", "municipality_id", "year"))


def group_peer_values(kpis: list[str], years: tuple[int, ...],
                      paths: tuple[Path, ...] = GROUP_DATA) -> pl.DataFrame:
    """The shipped comparison groups of `kpis` and `years` in the shape of the
    `kolada_peer_value` table: each group's value as Kolada computes it (the unweighted mean
    of its members' values, with the member count), and its members other than the city as
    comparison municipalities (so the city can be ranked among them)."""
    from ils.kolada_peers import group_values

    parts = [pl.read_csv(p, schema_overrides={"municipality_id": pl.String, "kpi": pl.String,
                                              "year": pl.Int64, "value": pl.Float64})
             for p in paths]
    if not kpis or not parts:
        return pl.DataFrame(schema=PEER_SCHEMA)
    df = pl.concat(parts).filter(pl.col("kpi").is_in(kpis) & pl.col("year").is_in(list(years))
                                 & pl.col("value").is_not_null())
    members = {g: df.filter(pl.col("group_id") == g)["municipality_id"].unique().to_list()
               for g in df["group_id"].unique().to_list()}
    titles = dict(df.select("group_id", "group_title").unique().iter_rows())
    kpi_groups = {k: df.filter(pl.col("kpi") == k)["group_id"].unique().sort().to_list()
                  for k in df["kpi"].unique().to_list()}
    groups = group_values(df.select("kpi", pl.col("municipality_id").alias("id"), "year",
                                    "value", deleted=pl.lit(False)),
                          members, titles, kpi_groups)
    single = (df.filter(pl.col("municipality_id") != MUNICIPALITY)
              .select("kpi", "municipality_id", "municipality", "year", "value")
              .unique(["kpi", "municipality_id", "year"])
              .with_columns(status=pl.lit(None, pl.String), n_members=pl.lit(None, pl.Int64)))
    return (pl.concat([single, groups], how="diagonal_relaxed")
            .with_columns(fetched_at=pl.lit(None, pl.String))
            .select(list(PEER_SCHEMA)).sort("kpi", "municipality_id", "year"))


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
