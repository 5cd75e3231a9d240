"""The demo data (DOMAIN.md §5): shape, the published calibration, the auditors' patterns,
determinism, scale, and that it passes the importer and loads into both databases."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from ils import rules, signals
from ils.demo import DEMO_INFO, demo_info, generate, kolada
from ils.interchange import parse_bundle, write_bundle
from ils.model import Dataset
from tests.fixture_kolada import SHARED_KOLADA

DISTRICTS = ("Rinkeby-Kista", "Spånga-Tensta", "Hässelby-Vällingby", "Bromma", "Kungsholmen",
             "Norrmalm", "Östermalm", "Södermalm", "Enskede-Årsta-Vantör", "Skarpnäck", "Farsta",
             "Hägersten-Älvsjö", "Skärholmen")
YEARS = (2019, 2020, 2021, 2022)
PERIODS = ("T1", "T2", "VB")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return generate(scale=1, seed=2022)


@pytest.fixture(scope="module")
def lights(ds):
    """Indicator and goal lights of every year and period."""
    ind = {(y, p): rules.indicator_lights(ds, y, p) for y in YEARS for p in PERIODS}
    goal = {k: rules.goal_lights(ds, v, *k) for k, v in ind.items()}
    return ind, goal


def boards(ds: Dataset, *kinds: str) -> pl.DataFrame:
    return ds.organisation.filter(pl.col("level") == "namnd", pl.col("kind").is_in(kinds))


# --- shape ----------------------------------------------------------------------------------

def test_organisation_is_stockholm_like(ds):
    org = ds.organisation
    assert org.filter(pl.col("level") == "stad").height == 1
    districts = boards(ds, "stadsdelsnamnd")["name"].to_list()
    assert len(districts) == 13
    assert all(any(name.startswith(d) for name in districts) for d in DISTRICTS)
    assert boards(ds, "facknamnd").height == 12
    assert boards(ds, "stadsdelsnamnd", "facknamnd").height == 25
    assert boards(ds, "bolag").height >= 3
    assert org.filter(pl.col("level") == "avdelning").height >= 40
    units = org.filter(pl.col("level") == "enhet")
    assert 300 <= units.height <= 600
    assert {"forskola", "hemtjanst", "sarskilt_boende", "grundskola", "inkop"} <= set(units["kind"])
    assert org["id"].str.contains(r"^[a-z0-9.\-]+$").all()


def test_goal_tree_of_the_mandate_period(ds):
    g = ds.goals
    assert g.filter(pl.col("level") == "inriktningsmal").height == 3
    voms = g.filter(pl.col("level") == "verksamhetsomradesmal").sort("code")
    assert voms["code"].to_list() == ["1.1", "1.2", "1.3", "1.4", "1.5", "2.1", "2.2", "2.3",
                                      "2.4", "2.5", "3.1", "3.2"]
    assert voms.filter(pl.col("code") == "1.3")["title"].item().startswith(
        "I Stockholm når barn sin fulla potential")
    assert set(voms["org_id"]) == {"stad"}
    assert (g["year_from"] == 2019).all() and (g["year_to"] == 2022).all()
    board_goals = g.filter(pl.col("level") == "namndmal")
    assert set(board_goals["org_id"]) >= set(boards(ds, "stadsdelsnamnd", "facknamnd")["id"])
    assert g.filter(pl.col("level") == "enhetsmal").height >= 300


def test_every_year_and_period_has_values_and_forecasts(ds):
    v = ds.values
    assert set(v["year"]) == set(YEARS) and set(v["period"]) == set(PERIODS)
    tertial = v.filter(pl.col("period") != "VB")
    assert tertial.filter(pl.col("outcome").is_null() & pl.col("forecast").is_not_null()).height \
        > 0.3 * tertial.height
    assert v.filter(pl.col("period") == "VB")["forecast"].is_null().all()
    assert v["reported"].is_not_null().mean() > 0.5
    a = ds.assessments
    assert set(a["basis"]) >= {"indikatorer", "samlad bedömning"}
    assert 0 < a["motivation"].is_null().sum() < 0.3 * a.height


def test_indicators_targets_and_kinds(ds):
    ind = ds.indicators
    kf = ind.filter(pl.col("decided_by") == "kf")
    assert 100 <= kf.height <= 160 and set(kf["org_id"]) == {"stad"}
    assert set(kf["applies_to"].drop_nulls()) == {"alla", "stadsdelsnamnder", "facknamnder",
                                                  "bolag"}
    assert kf.filter(pl.col("direction") == "lagre").height >= 10
    assert ind.filter(pl.col("decided_by") == "namnd").height > 50
    assert ind.filter(pl.col("decided_by") == "enhet").height > 0
    t = ds.targets
    board_rows_for_kf = t.join(kf.select(pl.col("id").alias("indicator_id")), on="indicator_id",
                               how="semi").filter(pl.col("org_id") != "stad")
    assert board_rows_for_kf.height > 0
    assert board_rows_for_kf["yellow_limit"].is_not_null().sum() > 0
    assert t.filter(pl.col("org_id") == "stad")["yellow_limit"].is_not_null().sum() > 0


# --- the published figures ------------------------------------------------------------------

def test_seed_table_2022_for_the_district_boards(ds):
    row = signals.signal_counts(ds, 2022).filter(pl.col("recipient") == "stadsdelsnamnder")
    assert row.select(*signals.SIGNAL_TYPES, "total").row(0) == (12, 75, 80, 670, 837)
    d = ds.directives.filter(pl.col("year") == 2022)
    assert 160 <= d.filter(pl.col("recipient") == "alla").height <= 180
    assert 480 <= d.filter(pl.col("recipient") == "stadsdelsnamnder").height <= 510


def test_signal_load_grows_over_the_years(ds):
    totals = [signals.signal_counts(ds, y).filter(pl.col("recipient") == "stadsdelsnamnder")
              ["total"].item() for y in YEARS]
    assert totals == sorted(totals) and len(set(totals)) == len(totals)
    d = ds.directives
    assert set(d["kind"]) == {"direktiv", "uppdrag"}
    assert 0 < d["goal_id"].is_null().sum() < d.height
    repeated = d.group_by("text").agg(pl.col("year").n_unique().alias("years"))
    assert repeated.filter(pl.col("years") > 1).height > 50  # the same assignment again


def test_children_vom_2022_as_published(ds, lights):
    ind, goal = lights
    vom = ds.goals.filter(pl.col("code") == "1.3")["id"].item()
    city = ind[(2022, "VB")].filter(pl.col("org_id") == "stad", pl.col("goal_id") == vom,
                                    pl.col("decided_by") == "kf")
    assert city.height == 11
    assert city["light"].value_counts().sort("light").rows() == [("gron", 4), ("gul", 7)]
    preschool = ds.indicators.filter(pl.col("goal_id") == vom,
                                     pl.col("applies_to") == "stadsdelsnamnder")["id"]
    assert sorted(city.filter(pl.col("indicator_id").is_in(preschool.implode()))["light"]) \
        == ["gron", "gron", "gron", "gul", "gul"]  # the preschool sub-area: 3 met, 2 partly
    rated = goal[(2022, "VB")].filter(pl.col("goal_id") == vom).join(
        boards(ds, "stadsdelsnamnd", "facknamnd", "bolag").select(pl.col("id").alias("org_id")),
        on="org_id", how="semi")
    assert rated.height == 25
    assert sorted(rated["self_assessment"].value_counts().rows()) == [("delvis", 2),
                                                                      ("uppfyllt", 23)]
    stad = goal[(2022, "VB")].filter(pl.col("goal_id") == vom, pl.col("org_id") == "stad")
    assert stad.select("light", "self_assessment", "gap").row(0) == ("gul", "delvis", 0)




def _kolada_0180(path: Path, kpis: list[str]) -> dict[tuple[str, int], float]:
    df = pl.read_csv(path, schema_overrides={"municipality_id": pl.String})
    df = df.filter(pl.col("municipality_id") == "0180", pl.col("kpi").is_in(kpis),
                   pl.col("value").is_not_null(), pl.col("year").is_in(YEARS))
    return {(k, y): v for k, y, v in df.select("kpi", "year", "value").iter_rows()}


def test_city_values_are_stockholms_real_kolada_values(ds):
    kf = ds.indicators.filter(pl.col("kolada_kpi").is_not_null())
    assert kf.height >= 20
    real = _kolada_0180(kolada.kolada_file(), kf["kolada_kpi"].to_list())
    city = (ds.values.filter(pl.col("org_id") == "stad", pl.col("period") == "VB")
            .join(kf.select(pl.col("id").alias("indicator_id"), "kolada_kpi"), on="indicator_id"))
    for kpi, year, outcome, source in city.select("kolada_kpi", "year", "outcome",
                                                  "source").iter_rows():
        assert outcome == real.get((kpi, year)), (kpi, year)
        assert source == ("Kolada" if outcome is not None else None), (kpi, year)
    assert city.filter(pl.col("outcome").is_null()).height > 0  # e.g. the 2021 survey gap
    # only the city's VB outcomes taken as they are carry Kolada as their source
    assert ds.values.filter(pl.col("source") == "Kolada").height == len(
        [1 for r in city.iter_rows(named=True) if r["outcome"] is not None])
    assert "Källa: Kolada" in DEMO_INFO["source"] and DEMO_INFO["demo"] == "1"
    assert "bearbetning av data från Kolada" in DEMO_INFO["source"]
    assert DEMO_INFO["source"].startswith("Fiktiva demodata")


@pytest.mark.skipif(not SHARED_KOLADA.exists(),
                    reason="../shared/data/kolada (the full Kolada extract) is not beside the "
                           "repository; the shipped subset is checked against it in CI")
def test_the_shipped_subset_is_kolada_unchanged():
    shipped = pl.read_csv(kolada.kolada_file(), schema_overrides={"municipality_id": pl.String})
    kpis = shipped["kpi"].unique().to_list()
    assert _kolada_0180(SHARED_KOLADA, kpis) == _kolada_0180(kolada.kolada_file(), kpis)


def test_another_seed_keeps_the_calibration():
    other = generate(scale=1, seed=7)
    vom = other.goals.filter(pl.col("code") == "1.3")["id"].item()
    city = rules.indicator_lights(other, 2022, "VB").filter(
        pl.col("org_id") == "stad", pl.col("goal_id") == vom, pl.col("decided_by") == "kf")
    assert sorted(city["light"]) == ["gron"] * 4 + ["gul"] * 7
    assert signals.signal_counts(other, 2022).filter(
        pl.col("recipient") == "stadsdelsnamnder")["total"].item() == 837
    assert demo_info() == DEMO_INFO


# --- the auditors' patterns (DOMAIN.md §2) ---------------------------------------------------

def test_no_percentage_target_above_100(ds):
    pct = ds.indicators.filter(pl.col("unit") == "%").select(pl.col("id").alias("indicator_id"))
    targets = ds.targets.join(pct, on="indicator_id", how="semi")
    assert len(targets) > 500  # most targets are percentages
    assert targets.filter(pl.col("target") > 100).is_empty()
    assert targets.filter(pl.col("yellow_limit") > 100).is_empty()


def test_optimistic_self_assessments_concentrate_in_a_few_boards(ds, lights):
    _, goal = lights
    rated = pl.concat(goal.values()).filter(pl.col("gap").is_not_null()).join(
        boards(ds, "stadsdelsnamnd", "facknamnd").select(pl.col("id").alias("org_id")),
        on="org_id", how="semi")
    share = (rated.group_by("org_id").agg(pos=(pl.col("gap") > 0).mean())
             .sort("pos", descending=True)["pos"].to_list())
    assert len(share) == 25
    rest = share[3:]
    assert min(share[:3]) > 0.25  # three boards often rate above their indicators ...
    assert min(share[:3]) >= 2 * sorted(rest)[len(rest) // 2]  # ... far more than the others
    assert max(rest) < 0.25


@pytest.mark.parametrize("year", [2020, 2022])
def test_forecast_greens_at_t2_end_yellow_or_red(lights, year):
    ind, _ = lights
    pairs = rules.forecast_reliability(ind[(year, "T2")], ind[(year, "VB")])
    failed = pairs.filter(pl.col("green_failed") & (pl.col("basis_t2") == "prognos"))
    assert failed["org_id"].n_unique() >= 5
    share = failed.height / pairs.filter(pl.col("light_t2") == "gron").height
    assert 0.05 < share < 0.5


def test_missing_outcomes_unset_targets_and_fulfilled_without_outcome(ds, lights):
    ind, _ = lights
    vb = ind[(2022, "VB")]
    board_ids = boards(ds, "stadsdelsnamnd", "facknamnd", "bolag")["id"].implode()
    counts = dict(vb.filter(pl.col("org_id").is_in(board_ids))["light"].value_counts().rows())
    assert counts["saknas"] > 20 and counts["ej_malsatt"] > 5
    assert counts["gron"] > counts["rod"] > 50
    t2 = rules.reported_against_light(ind[(2022, "T2")])
    assert t2["fulfilled_without_outcome"].sum() > 100
    assert rules.reported_against_light(vb).filter(
        pl.col("fulfilled_without_outcome")).height > 0


def test_boards_with_many_own_indicators_shift_their_own_light(ds, lights):
    own = signals.board_signal_counts(ds, 2022).sort("own_indikator", descending=True)
    top = own["own_indikator"].to_list()
    assert top[0] >= 20 and top[1] >= 20 and top[2] <= 6
    _, goal = lights
    heavy = own["org_id"][:2].implode()
    mine = pl.concat(goal.values()).filter(pl.col("org_id").is_in(heavy))
    assert mine.filter(pl.col("light") != pl.col("light_kf_only")).height > 5


def test_some_units_have_no_relevant_indicator(ds, lights):
    ind, _ = lights
    counted = pl.concat([v.select("org_id") for v in ind.values()]).unique()
    units = ds.organisation.filter(pl.col("level") == "enhet")
    unmeasured = units.join(counted, left_on="id", right_on="org_id", how="anti")
    assert "inkop" in set(unmeasured["kind"])
    assert 0 < unmeasured.height < units.height / 2
    measured = units.join(counted, left_on="id", right_on="org_id", how="semi")
    assert measured.height > 200  # most units report values


# --- determinism, scale, integrity, databases ------------------------------------------------

def test_same_seed_gives_identical_frames(ds):
    again = generate(scale=1, seed=2022)
    for name, frame in ds.frames().items():
        assert_frame_equal(frame, getattr(again, name))


def test_scale_two_doubles_districts_and_units_not_the_budget(ds):
    big = generate(scale=2, seed=5)
    org = big.organisation
    assert org.filter(pl.col("level") == "stad").height == 1
    assert boards(big, "stadsdelsnamnd").height == 26 and boards(big, "facknamnd").height == 12
    assert org["id"].is_unique().all() and big.goals["id"].is_unique().all()
    assert "Kungsholmens stadsdelsnämnd 2" in org["name"].to_list()
    units = org.filter(pl.col("level") == "enhet").height
    base_units = ds.organisation.filter(pl.col("level") == "enhet").height
    assert 1.6 * base_units < units < 2 * base_units
    assert 1.5 * ds.values.height < big.values.height < 2.1 * ds.values.height
    kf = big.indicators.filter(pl.col("decided_by") == "kf")
    assert kf.height == ds.indicators.filter(pl.col("decided_by") == "kf").height
    for year in YEARS:
        assert_frame_equal(signals.signal_counts(big, year), signals.signal_counts(ds, year))
    assert not big.values.equals(ds.values)  # another seed, other values


def test_fifteen_years_of_history_copy_the_four_back_and_pass_the_importers_checks(ds, tmp_path):
    from ils.demo import with_history

    long = with_history(ds, 15)
    assert sorted(long.values["year"].unique()) == list(range(2008, 2023))
    for name in ("targets", "values", "assessments"):  # each old year as big as its copy
        per_year = getattr(long, name).group_by("year").len()
        assert per_year.filter(pl.col("year") == 2015)["len"].item() == (
            getattr(ds, name).filter(pl.col("year") == 2019).height)
    old = long.assessments.filter(pl.col("year") < 2019)
    assert old.height and set(old["status"].to_list()) == {"publicerad"}  # no old drafts
    assert long.goals["year_from"].min() == 2008
    assert long.activities["id"].is_unique().all() and long.directives["id"].is_unique().all()
    assert_frame_equal(long.values.filter(pl.col("year") >= 2019), ds.values)
    write_bundle(long, tmp_path)
    assert parse_bundle(tmp_path).errors == []


def test_bundle_round_trip_passes_the_importers_checks(ds, tmp_path):
    write_bundle(ds, tmp_path)
    parsed = parse_bundle(tmp_path)
    assert parsed.errors == []
    back = parsed.dataset()
    for name, frame in ds.frames().items():
        key = list(frame.columns[:1]) if "id" in frame.columns else frame.columns[:4]
        assert_frame_equal(getattr(back, name).sort(key), frame.sort(key))


def test_loads_into_the_database_and_exports_the_seed_table(ds, engine, db_url, monkeypatch,
                                                            capsys):
    from cli.main import main
    from queries.write.store import replace_dataset

    counts = replace_dataset(engine, ds, DEMO_INFO)
    assert counts == {name: frame.height for name, frame in ds.frames().items()}
    monkeypatch.setenv("KONTROLLRUM_DB", db_url)
    assert main(["export", "signals", "--year", "2022", "--db", db_url]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert "stadsdelsnamnder,12,75,80,670,837" in lines
