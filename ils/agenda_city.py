"""City-wide items of the agenda (`ils.agenda`): what concerns the whole city is listed once,
under "Hela staden" (the stad org), not once per board. Pure.

- A KF-decided indicator without a target (`saknas`, reason `mal`): the KF target is missing,
  for every board at once → one item per (VOM, indicator) on the stad.
- A KF-decided indicator without an outcome (`saknas`, reason `utfall`) for *every* org that
  counts it under the VOM → one item on the stad; when only some boards lack it, the items
  stay with those boards.
"""

from __future__ import annotations

import polars as pl

CITY_NAME = "Hela staden"


def fold(items: pl.DataFrame, lights: pl.DataFrame, city: str | None,
         kf_indicators) -> pl.DataFrame:
    """`items` with the city-wide items folded onto `city` (nothing changes without a city).

    lights: the indicator lights of the agenda's orgs joined to their VOMs (vom_id,
    indicator_id, org_id, light)."""
    kf = list(kf_indicators or [])
    if not city or not kf or items.is_empty():
        return items
    all_missing = (lights.filter(pl.col("indicator_id").is_in(kf))
                   .group_by("vom_id", "indicator_id")
                   .agg(_all=(pl.col("light") == "saknas").all()))
    cand = (pl.col("kind") == "saknas") & pl.col("indicator_id").is_in(kf)
    marked = items.join(all_missing, on=["vom_id", "indicator_id"], how="left").with_columns(
        _wide=(cand & ((pl.col("reason") == "mal") | pl.col("_all").fill_null(False)))
        .fill_null(False))
    wide = (marked.filter("_wide").sort(pl.col("org_id") != city)  # the city's own row first
            .unique(["vom_id", "indicator_id", "reason"], keep="first", maintain_order=True)
            .with_columns(org_id=pl.lit(city)))
    return pl.concat([marked.filter(~pl.col("_wide")), wide]).drop("_all", "_wide")
