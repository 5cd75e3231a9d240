"""Kolada v3 for `kontrollrum kolada`: what to ask for and what the answers mean (pure).

Kolada (RKA's open database of municipal key figures, https://api.kolada.se/v3) serves yearly
values per KPI for municipalities (`/data/kpi/{kpis}/municipality/{ids}/year/{years}`) and
for units (`/oudata/kpi/{kpis}/ou/{ids}/year/{years}`); every path parameter takes at most 25
comma-separated ids. A data record is `{"kpi", "municipality" | "ou", "period", "values":
[{"gender": "T", "status": "", "value": 84.0}, …]}`; `status` "Missing" and a null value mean
Kolada has no figure. This module builds the paths, reads the records (gender total only)
and turns them into indicator values and comparison rows. Terms: "Källa: Kolada".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import polars as pl

from ils.kolada_peers import (
    GROUP,
)
from ils.model import FILES, KOLADA_KPI

DEFAULT_URL = "https://api.kolada.se/v3"
DEFAULT_PEERS = ("1480", "1280", "0000")  # Göteborg, Malmö, Riket
MAX_IDS = 25  # per path parameter
SOURCE = "Kolada"
GENDER = "T"
MUNICIPALITY = r"^\d{4}$"
UNIT = r"^V\w+$"
RECORD_SCHEMA = {"kpi": pl.String, "id": pl.String, "year": pl.Int64, "value": pl.Float64,
                 "status": pl.String, "deleted": pl.Boolean}
DELETED_KEYS = ("isdeleted", "is_deleted", "deleted")  # how a v3 record says Kolada removed it


class KoladaDataError(ValueError):
    """An answer that is not what Kolada's v3 API gives, or a bad option (Swedish text)."""


def parse_years(text: str) -> tuple[int, ...]:
    """'2019-2022' → (2019, …, 2022); '2022' and '2019,2021' work too."""
    years: set[int] = set()
    for part in (p.strip() for p in text.split(",")):
        m = re.fullmatch(r"(\d{4})(?:\s*[-–]\s*(\d{4}))?", part)
        if not m:
            raise KoladaDataError(f'--years: "{part}" är inget år eller intervall (t.ex. '
                                  "2019-2022)")
        lo, hi = int(m[1]), int(m[2] or m[1])
        if lo > hi or hi - lo > 50:
            raise KoladaDataError(f'--years: "{part}" är inget rimligt intervall')
        years.update(range(lo, hi + 1))
    return tuple(sorted(years))


SIMILAR = "liknande"  # the city's "Liknande kommuner" group of each KPI's operating area


def parse_peers(text: str) -> tuple[str, ...]:
    """'1480,1280,0000' → ('1480', '1280', '0000'): Kolada municipality ids; 'grupp:G92787'
    → 'G92787' (a comparison group); 'liknande' stays (the city's similar municipalities)."""
    peers = []
    for p in (p.strip() for p in text.split(",") if p.strip()):
        if p.lower().startswith("grupp:"):
            gid = p.split(":", 1)[1].strip()
            if not re.fullmatch(GROUP, gid):
                raise KoladaDataError(f'--peers: "{p}" är ingen Kolada-grupp (grupp:G och '
                                      "siffror, t.ex. grupp:G92787)")
            peers.append(gid)
        elif p.lower() == SIMILAR:
            peers.append(SIMILAR)
        elif re.fullmatch(MUNICIPALITY, p):
            peers.append(p)
        else:
            raise KoladaDataError(f'--peers: "{p}" är inget Kolada-kommun-id (fyra siffror, '
                                  "t.ex. 1480; 0000 = Riket), ingen grupp (grupp:G92787) och "
                                  'inte "liknande"')
    return tuple(dict.fromkeys(peers))


def parse_since(text: str | None, remembered: str | None) -> str | None:
    """--since: 'YYYY-MM-DD', or 'senast' for the remembered last fetch; None: everything."""
    if text is None:
        return None
    if text.strip().lower() == "senast":
        if not remembered:
            raise KoladaDataError("--since senast: ingen tidigare hämtning finns ihågkommen; "
                                  "ange ett datum (ÅÅÅÅ-MM-DD)")
        return remembered[:10]
    import datetime as dt

    try:
        return dt.date.fromisoformat(text.strip()).isoformat()
    except ValueError:
        raise KoladaDataError(f'--since: "{text}" är inget datum (ÅÅÅÅ-MM-DD) och inte '
                              '"senast"') from None


def chunks(ids: Iterable[str], size: int = MAX_IDS) -> Iterator[list[str]]:
    items = list(dict.fromkeys(ids))
    for start in range(0, len(items), size):
        yield items[start:start + size]


def data_paths(kind: str, kpis: Iterable[str], ids: Iterable[str],
               years: Iterable[int], since: str | None = None) -> list[str]:
    """The request paths for `kind` "municipality" or "ou", ≤ 25 ids in every parameter;
    `since` (YYYY-MM-DD) asks only for what changed from that date (`?from_date=`)."""
    root = {"municipality": "data/kpi/{k}/municipality/{i}/year/{y}",
            "ou": "oudata/kpi/{k}/ou/{i}/year/{y}"}[kind]
    ys = [str(y) for y in years]
    tail = f"?from_date={since}" if since else ""
    return [root.format(k=",".join(k), i=",".join(i), y=",".join(y)) + tail
            for k in chunks(kpis) for i in chunks(ids) for y in chunks(ys)]


def records(items: list, kind: str, where: str) -> pl.DataFrame:
    """The gender-total values of data records: kpi, id, year, value (None when Kolada has
    none), status. Anything else than v3's record shape is a `KoladaDataError`."""
    key = "municipality" if kind == "municipality" else "ou"
    rows = []
    for item in items:
        try:
            kpi, ident, year = item["kpi"], item[key], int(item["period"])
            deleted = any(bool(item.get(k)) for k in DELETED_KEYS)
            values = item.get("values") or [] if deleted else item["values"]
            total = [v for v in values if v.get("gender") == GENDER]
            value = total[0].get("value") if total else None
            status = (total[0].get("status") or "") if total else "Missing"
            if value is not None:
                value = float(value)
            if deleted:
                value, status = None, "Deleted"
        except (KeyError, TypeError, ValueError, AttributeError):
            raise KoladaDataError(f"svaret på {where} är inte Kolada-data i v3-formatet "
                                  f"(en post saknar kpi, {key}, period eller values)") from None
        if not (isinstance(kpi, str) and isinstance(ident, str)):
            raise KoladaDataError(f"svaret på {where}: kpi och {key} ska vara text")
        rows.append((kpi, ident, year, value, status, deleted))
    return pl.DataFrame(rows, schema=RECORD_SCHEMA, orient="row")


@dataclass(frozen=True)
class Plan:
    """What to fetch: KPIs (with their indicators), the city and units, peers, years."""

    kpi_indicators: dict[str, list[str]]  # kpi → indicator ids
    city: tuple[str, str] | None  # (org id, municipality id)
    units: dict[str, str]  # unit (ou) id → org id
    peers: tuple[str, ...]
    years: tuple[int, ...]
    notices: tuple[str, ...] = ()

    @property
    def kpis(self) -> list[str]:
        return sorted(self.kpi_indicators)


def make_plan(indicators: pl.DataFrame, organisation: pl.DataFrame, peers: tuple[str, ...],
              years: tuple[int, ...]) -> Plan:
    """From the database's indicators (id, kolada_kpi) and orgs (id, level, kolada_id)."""
    ind = indicators.filter(pl.col("kolada_kpi").is_not_null()
                            & pl.col("kolada_kpi").str.contains(KOLADA_KPI))
    kpi_ind: dict[str, list[str]] = {}
    for iid, kpi in ind.select("id", "kolada_kpi").sort("id").iter_rows():
        kpi_ind.setdefault(kpi, []).append(iid)
    notices = []
    stad = organisation.filter(pl.col("level") == "stad")
    city = None
    if stad.height and stad["kolada_id"][0] and re.fullmatch(MUNICIPALITY, stad["kolada_id"][0]):
        city = (stad["id"][0], stad["kolada_id"][0])
    elif stad.height:
        notices.append(f'staden "{stad["id"][0]}" har inget kolada_id (t.ex. 0180): stadens '
                       "värden hämtas inte")
    units = organisation.filter(pl.col("level") == "enhet", pl.col("kolada_id").is_not_null()
                                & pl.col("kolada_id").str.contains(UNIT))
    unit_map = dict(zip(units["kolada_id"].to_list(), units["id"].to_list(), strict=True))
    return Plan(kpi_ind, city, unit_map, peers, years, tuple(notices))


def value_rows(plan: Plan, city: pl.DataFrame, units: pl.DataFrame) -> pl.DataFrame:
    """Indicator values (the model's `values` columns) for every Kolada figure of the city
    and the units: VB outcomes with source Kolada. Figures Kolada lacks are left out."""
    parts = []
    if plan.city is not None:
        parts.append(city.filter(pl.col("id") == plan.city[1])
                     .with_columns(org_id=pl.lit(plan.city[0])))
    if plan.units:
        parts.append(units.filter(pl.col("id").is_in(list(plan.units))).with_columns(
            org_id=pl.col("id").replace_strict(plan.units, return_dtype=pl.String)))
    link = pl.DataFrame([(k, i) for k, ids in plan.kpi_indicators.items() for i in ids],
                        schema={"kpi": pl.String, "indicator_id": pl.String}, orient="row")
    found = pl.concat(parts) if parts else pl.DataFrame(schema={**RECORD_SCHEMA,
                                                                "org_id": pl.String})
    found = found.filter(~pl.col("deleted"))
    rows = (found.filter(pl.col("value").is_not_null() & pl.col("year").is_in(plan.years))
            .join(link, on="kpi").unique(["indicator_id", "org_id", "year"], keep="first")
            .select("indicator_id", "org_id", "year", pl.lit("VB").alias("period"),
                    pl.col("value").alias("outcome"), pl.lit(None, pl.Float64).alias("forecast"),
                    pl.lit(None, pl.String).alias("reported"), pl.lit(SOURCE).alias("source")))
    return rows.select(FILES["values"].column_names).sort("indicator_id", "org_id", "year")


def missing_count(plan: Plan, city: pl.DataFrame) -> int:
    """(KPI, year) pairs the city asked for that Kolada has no figure for."""
    if plan.city is None:
        return 0
    have = city.filter(pl.col("id") == plan.city[1], pl.col("value").is_not_null())
    got = set(zip(have["kpi"].to_list(), have["year"].to_list(), strict=True))
    return sum((k, y) not in got for k in plan.kpis for y in plan.years)


def compare_fetch(fetched: pl.DataFrame, stored: pl.DataFrame) -> pl.DataFrame:
    """Each fetched record (kpi, id, year, value, status, deleted) against what an earlier
    fetch stored (kpi, kolada_id, year, value, status): `change` one of "ny", "oforandrad",
    "reviderad", "borttagen" (Kolada marked it deleted; `old_value` is what was stored), with
    `old_value`, `old_status`, `old_fetched_at`. A value that now reads Missing after a figure
    counts as revised (to none)."""
    old = stored.select(pl.col("kpi"), pl.col("kolada_id").alias("id"), "year",
                        pl.col("value").alias("old_value"), pl.col("status").alias("old_status"),
                        pl.col("fetched_at").alias("old_fetched_at"),
                        pl.lit(True).alias("_had"))
    j = fetched.unique(["kpi", "id", "year"], keep="last").join(
        old, on=["kpi", "id", "year"], how="left")
    had = pl.col("_had").fill_null(False)
    same = ((pl.col("value") == pl.col("old_value"))
            | (pl.col("value").is_null() & pl.col("old_value").is_null())).fill_null(False)
    change = (pl.when(pl.col("deleted")).then(pl.lit("borttagen"))
              .when(~had).then(pl.lit("ny"))
              .when(same).then(pl.lit("oforandrad"))
              .otherwise(pl.lit("reviderad")))
    return j.with_columns(change=change).drop("_had")


def merge_existing(new: pl.DataFrame, existing: pl.DataFrame,
                   overwrite: bool) -> tuple[pl.DataFrame, int]:
    """The rows to write and how many were skipped. An existing VB row from another source
    (or none named) is kept unless `overwrite`; a written row keeps its forecast and
    reported status."""
    key = ["indicator_id", "org_id", "year", "period"]
    old = existing.select(*key, "forecast", "reported", pl.col("source").alias("_s"),
                          pl.lit(True).alias("_e"))
    joined = new.drop("forecast", "reported").join(old, on=key, how="left")
    foreign = pl.col("_e").fill_null(False) & (pl.col("_s").is_null() | (pl.col("_s") != SOURCE))
    skipped = 0 if overwrite else joined.filter(foreign).height
    if not overwrite:
        joined = joined.filter(~foreign)
    return joined.select(FILES["values"].column_names), skipped
