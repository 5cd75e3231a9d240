"""Build examples/stockholm-kolada/: a data bundle of real data for Stockholm (Källa: Kolada).

    .venv/bin/python tools/build_stockholm_example.py KÄLLMAPP

KÄLLMAPP holds `kolada/ddf_kolada_0180_and_riket_all_kpis_1994-2022.csv` (the Kolada extract)
and `stockholm/stockholm_kf_goals_from_arsredovisning.json` (the goal titles); in this
project's development set-up, the data folder kept beside the clone.

The city (Kolada id 0180), the council's goals of 2019–2022 whose titles the city's annual
reports give in full (the 3 inriktningsmål, the 5 verksamhetsområdesmål of the first and 3 of
the second), one indicator per Kolada KPI tied to those goals in the demo's catalogue (named
with Kolada's own KPI title), Stockholm's values 2019–2022 as VB outcomes (source "Kolada"),
and Riket's values as benchmark targets (source "Riket (jämförelsevärde)"). Values are copied
unchanged from the Kolada extract.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ils.demo.kf_indicators import KF_INDICATORS  # noqa: E402
from ils.interchange.bundle_write import csv_members  # noqa: E402
from ils.model import Dataset  # noqa: E402
from tools import need, run, source_parser  # noqa: E402

OUT = ROOT / "examples" / "stockholm-kolada"
EXTRACT = "kolada/ddf_kolada_0180_and_riket_all_kpis_1994-2022.csv"
GOALS_JSON = "stockholm/stockholm_kf_goals_from_arsredovisning.json"
YEARS = (2019, 2020, 2021, 2022)
CITY = "stockholm"
RIKET = "Riket (jämförelsevärde)"


def goals(shared: Path) -> tuple[pl.DataFrame, dict[str, str]]:
    """Goals with full titles in the annual-report excerpts; {VOM code: goal id}."""
    data = json.loads((shared / GOALS_JSON).read_text(encoding="utf-8"))
    rows, vom_ids = [], {}
    for im in data["inriktningsmal_2019_2022"]:
        im_id = f"im{im['nr']}"
        rows.append((im_id, None, "inriktningsmal", CITY, str(im["nr"]), im["title"]))
        voms = im.get("verksamhetsomradesmal")
        for n, title in enumerate(voms if isinstance(voms, list) else [], start=1):
            if "..." in title or "excerpt" in title:
                continue  # cut off in the excerpt: left out rather than completed by us
            code = f"{im['nr']}.{n}"
            vom_ids[code] = f"vom{code}"
            rows.append((vom_ids[code], im_id, "verksamhetsomradesmal", CITY, code, title))
    df = pl.DataFrame(rows, schema=["id", "parent_id", "level", "org_id", "code", "title"],
                      orient="row").with_columns(year_from=pl.lit(2019), year_to=pl.lit(2022))
    return df, vom_ids


def build(shared: Path) -> Dataset:
    need(shared, EXTRACT, GOALS_JSON)
    goal_df, vom_ids = goals(shared)
    extract = pl.read_csv(shared / EXTRACT, schema_overrides={"municipality_id": pl.String,
                                                              "value": pl.Float64})
    chosen = [k for k in KF_INDICATORS if k.kpi and k.vom in vom_ids]
    titles = dict(extract.select("kpi", "kpi_title").unique("kpi").iter_rows())
    indicators = pl.DataFrame(
        [(f"kolada-{k.kpi}", vom_ids[k.vom], titles[k.kpi], k.unit, k.direction, "kf", CITY,
          None, k.kpi) for k in chosen if k.kpi in titles],
        schema=["id", "goal_id", "name", "unit", "direction", "decided_by", "org_id",
                "applies_to", "kolada_kpi"], orient="row")
    link = indicators.select(pl.col("id").alias("indicator_id"), pl.col("kolada_kpi").alias("kpi"))
    years = extract.filter(pl.col("year").is_in(YEARS), pl.col("value").is_not_null()).join(
        link, on="kpi")
    values = (years.filter(pl.col("municipality_id") == "0180")
              .select("indicator_id", pl.lit(CITY).alias("org_id"), "year",
                      pl.lit("VB").alias("period"), pl.col("value").alias("outcome"),
                      pl.lit("Kolada").alias("source")))
    targets = (years.filter(pl.col("municipality_id") == "0000")
               .select("indicator_id", pl.lit(CITY).alias("org_id"), "year",
                       pl.col("value").alias("target"), pl.lit(RIKET).alias("source")))
    orgs = pl.DataFrame({"id": [CITY], "parent_id": [None], "level": ["stad"], "kind": [None],
                         "name": ["Stockholms stad"], "kolada_id": ["0180"]},
                        schema_overrides={"parent_id": pl.String, "kind": pl.String})
    return Dataset.from_frames({"organisation": orgs, "goals": goal_df, "indicators": indicators,
                                "targets": targets, "values": values})


def main() -> None:
    ap = source_parser("Bygger om exemplet med verkliga data (examples/stockholm-kolada).",
                       f"mappen med {EXTRACT} och {GOALS_JSON}")
    ds = build(ap.parse_args().source)
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in csv_members(ds).items():
        if data.count(b"\n") > 1:  # files without rows are left out (the format allows it)
            (OUT / name).write_bytes(data)
    print(f"{OUT}: " + ", ".join(f"{n} {getattr(ds, n).height}" for n in
                                 ("organisation", "goals", "indicators", "targets", "values")))


if __name__ == "__main__":
    sys.exit(run(main))
