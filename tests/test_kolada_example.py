"""The real-data example bundle examples/stockholm-kolada: it imports on both databases, its
values are Kolada's (checked against the Kolada subset the demo ships), and the lights make
sense for a city-only data set."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from ils import rules
from ils.demo import kolada as demo_kolada
from queries.read.dataset import load_dataset
from queries.write.importer import import_bundle

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "stockholm-kolada"
SHARED = ROOT.parent / "shared" / "data" / "kolada" / "ddf_kolada_0180_and_riket_all_kpis_1994-2022.csv"


def test_the_example_imports_and_makes_sense(engine):
    report = import_bundle(engine, EXAMPLE)
    assert report.ok, report.errors
    assert all("README.md" in n for n in report.notices)  # the README is not a data file
    ds = load_dataset(engine)
    assert ds.organisation.select("id", "level", "kolada_id").rows() == [
        ("stockholm", "stad", "0180")]
    assert set(ds.values["source"]) == {"Kolada"} and set(ds.values["period"]) == {"VB"}
    assert set(ds.targets["source"]) == {"Riket (jämförelsevärde)"}
    assert ds.indicators["kolada_kpi"].null_count() == 0
    assert ds.goals.filter(pl.col("level") == "inriktningsmal").height == 3
    # every Stockholm value is Kolada's (the demo ships Stockholm's values for these KPIs)
    real = demo_kolada.city_values(ds.indicators["kolada_kpi"].to_list(), (2019, 2020, 2021, 2022))
    kpi = dict(zip(ds.indicators["id"], ds.indicators["kolada_kpi"], strict=False))
    for iid, year, outcome in ds.values.select("indicator_id", "year", "outcome").iter_rows():
        assert outcome == real[(kpi[iid], year)], (iid, year)
    assert len(real) == ds.values.height  # and every one of them is there
    # the lights: the city against Riket, VB 2022, on real values
    lights = rules.indicator_lights(ds, 2022, "VB")
    assert set(lights["org_id"]) == {"stockholm"}
    scored = lights.filter(pl.col("light").is_in(["gron", "gul", "rod"]))
    assert scored.height >= 15 and scored["light"].n_unique() >= 2
    elderly = lights.filter(pl.col("indicator_id") == "kolada-U21468").row(0, named=True)
    assert (elderly["value"], elderly["target"], elderly["light"]) == (83.0, 86.0, "gul")
    goals = rules.goal_lights(ds, lights, 2022, "VB")
    assert set(goals["org_id"]) == {"stockholm"} and goals.height >= 5


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data/kolada (the full Kolada extract "
                    "with Riket's values) is not beside the repository; runs in CI")
def test_the_benchmarks_are_rikets_values(tmp_path):
    from ils.interchange import parse_bundle

    ds = parse_bundle(EXAMPLE).dataset()
    riket = pl.read_csv(SHARED, schema_overrides={"municipality_id": pl.String}).filter(
        pl.col("municipality_id") == "0000")
    ref = {(k, y): v for k, y, v in riket.select("kpi", "year", "value").iter_rows()}
    kpi = dict(zip(ds.indicators["id"], ds.indicators["kolada_kpi"], strict=False))
    for iid, year, target in ds.targets.select("indicator_id", "year", "target").iter_rows():
        assert target == ref[(kpi[iid], year)], (iid, year)
