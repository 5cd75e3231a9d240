"""`kontrollrum kolada` against a real HTTP server on 127.0.0.1 replaying v3 responses built
from real Kolada values (tests/data/kolada): paging, ≤ 25 ids per parameter, 429, 500, a
timeout, Missing values, unit data, peers; all or nothing; the summary."""

from __future__ import annotations

import polars as pl
import pytest
from sqlalchemy import func, select

from cli.main import main
from ils import kolada
from queries.db import make_engine
from queries.read.dataset import load_dataset
from queries.schema import TABLES
from queries.write.kolada_store import read_peers
from queries.write.lights import read_indicator_lights
from queries.write.store import replace_dataset
from tests.fixture_kolada import KPIS, UNITS, YEARS, kolada_city
from tests.kolada_replay import NAMES, Replay, ReplayServer, municipality_values

UNITS["E40"] = "V23E018000201"




@pytest.fixture
def db(db_url):
    engine = make_engine(db_url)
    replace_dataset(engine, kolada_city(), {"demo": "0"})
    yield db_url, engine
    engine.dispose()


def _run(db_url, url, *extra) -> int:
    return main(["kolada", "--db", db_url, "--base-url", url, "--timeout", "0.5", *extra])


def _counts(engine) -> dict[str, int]:
    with engine.connect() as conn:
        return {n: conn.execute(select(func.count()).select_from(TABLES[n])).scalar()
                for n in ("indicator_value", "kolada_peer_value")}


def _city_expected(kpi: str) -> dict[int, float]:
    real = municipality_values()
    return {y: real[(kpi, "0180", y)] for y in YEARS if real.get((kpi, "0180", y)) is not None}


def test_fetches_city_units_and_peers_with_paging(db, capsys):
    db_url, engine = db
    replay = Replay(page_size=4)
    with ReplayServer(replay) as srv:
        assert _run(db_url, srv.url) == 0
    out, err = capsys.readouterr()
    assert replay.too_many_ids == []
    assert any("page=2" in p for p in replay.log)  # next_url was followed
    ou = [p for p in replay.log if p.startswith("/v3/oudata/") and "page=" not in p]
    assert len(ou) == 2 and all(p.split("/")[6].count(",") < 25 for p in ou)
    values = load_dataset(engine).values.filter(pl.col("source") == "Kolada")
    city = values.filter(pl.col("org_id") == "S")
    for iid in ("I1", "I2", "I3", "I6"):
        got = dict(city.filter(pl.col("indicator_id") == iid).select("year", "outcome")
                   .iter_rows())
        expected = _city_expected(KPIS[iid])
        if iid == "I1":
            expected.pop(2020)  # the ILS outcome is kept (no --overwrite)
        assert got == expected, iid
    assert set(values["period"]) == {"VB"}
    assert _city_expected("U21468")[2022] == 83.0  # the real figure, gender total
    assert 2021 not in _city_expected("U21468")  # the survey that was not run: Missing
    units = values.filter(pl.col("org_id") != "S").sort("org_id", "year", "indicator_id")
    assert units.select("indicator_id", "org_id", "year", "outcome").rows() == [
        ("I1", "E1", 2020, 88.0), ("I6", "E1", 2020, 88.0),
        ("I1", "E1", 2022, 91.0), ("I6", "E1", 2022, 91.0),
        ("I2", "E40", 2022, 74.0)]
    peers = read_peers(engine)
    assert set(peers["municipality_id"]) == {"1480", "1280", "0000"}
    assert dict(zip(peers["municipality_id"], peers["municipality"], strict=False)) == {
        k: NAMES[k] for k in ("1480", "1280", "0000")}
    real = municipality_values()
    for kpi, m, y, v in peers.select("kpi", "municipality_id", "year", "value").iter_rows():
        assert v == real.get((kpi, m, y)), (kpi, m, y)
    assert peers.filter(pl.col("kpi") == "U21468", pl.col("municipality_id") == "0000",
                        pl.col("year") == 2022)["value"].item() == 86.0
    stored = read_indicator_lights(engine, 2022, "VB", org_ids=["S"]).filter(
        pl.col("indicator_id") == "I1")  # recomputed in the same transaction
    assert stored.select("value", "light").row(0) == (83.0, "gron")
    assert "hämtar 1/" in err and "Källa: Kolada" in out
    assert "hoppade över 1 (utfall från annan källa finns" in out
    assert "Traceback" not in out + err


def test_overwrite_replaces_another_source_but_keeps_its_forecast(db):
    db_url, engine = db
    with ReplayServer(Replay()) as srv:
        assert _run(db_url, srv.url, "--overwrite", "--years", "2020") == 0
    row = load_dataset(engine).values.filter(pl.col("indicator_id") == "I1",
                                             pl.col("org_id") == "S", pl.col("year") == 2020)
    assert row.select("outcome", "forecast", "reported", "source").row(0) == (
        84.0, 75.0, "delvis", "Kolada")


def test_a_second_run_updates_its_own_values(db, capsys):
    db_url, engine = db
    with ReplayServer(Replay()) as srv:
        assert _run(db_url, srv.url) == 0
        first = _counts(engine)
        assert _run(db_url, srv.url) == 0
    assert _counts(engine) == first
    out = capsys.readouterr().out.splitlines()
    assert "hoppade över 1 " in out[-2]
    assert out[-1].startswith("Jämfört med förra hämtningen: 0 nya, 0 reviderade, ")
    assert out[-1].endswith(" oförändrade, 0 borttagna av Kolada.")


@pytest.mark.parametrize("fault", ["429", "500", "timeout", "cut"])
def test_a_passing_fault_is_retried(db, capsys, fault):
    db_url, engine = db
    replay = Replay(faults=[("/data/kpi/", fault)], stall=1.5)
    with ReplayServer(replay) as srv:
        assert _run(db_url, srv.url, "--years", "2022") == 0
    err = capsys.readouterr().err
    assert "försöker igen" in err
    assert {"429": "HTTP 429", "500": "HTTP 500", "timeout": "tidsgränsen nåddes",
            "cut": "svaret bröts av"}[fault] in err
    city = load_dataset(engine).values.filter(pl.col("org_id") == "S", pl.col("year") == 2022)
    # I3 (N00945) and I4 (U23401) have no 2022 figure for Stockholm
    assert sorted(city["indicator_id"]) == ["I1", "I2", "I6"]


@pytest.mark.parametrize("fault,message", [
    ("always-500", "Kolada svarade HTTP 500 på http://127.0.0.1:"),
    ("garbage", "är inte JSON"),
    ("shape", "är inte Kolada-data i v3-formatet"),
])
def test_a_failure_writes_nothing_and_says_so_in_one_line(db, capsys, fault, message):
    db_url, engine = db
    before = _counts(engine)
    # the fault hits the unit requests, after the city's were fetched
    replay = Replay(faults=[("/oudata/", fault)])
    with ReplayServer(replay) as srv:
        assert _run(db_url, srv.url, "--retries", "1") == 1
    out, err = capsys.readouterr()
    assert _counts(engine) == before
    last = err.strip().splitlines()[-1]
    assert last.startswith("kontrollrum kolada: ") and message in last, last
    assert last.endswith("Inget skrevs.")
    assert "Traceback" not in err and out == ""


def test_no_server_is_one_clear_line(db, capsys):
    db_url, engine = db
    before = _counts(engine)
    with ReplayServer(Replay()) as srv:
        url = srv.url
    assert _run(db_url, url, "--retries", "1") == 1  # the server is gone: refused
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith("kontrollrum kolada: ingen kontakt med Kolada")
    assert _counts(engine) == before


def test_bad_options_are_refused(db, capsys):
    db_url, _ = db
    assert main(["kolada", "--db", db_url, "--years", "2022-2019"]) == 2
    assert main(["kolada", "--db", db_url, "--peers", "180"]) == 2
    assert main(["kolada", "--db", db_url, "--retries", "-1"]) == 2
    assert main(["kolada", "--db", db_url, "--base-url", "ftp://x"]) == 1
    err = capsys.readouterr().err
    assert '--peers: "180" är inget Kolada-kommun-id' in err
    assert "ingen http(s)-adress" in err


def test_base_url_from_the_environment(db, monkeypatch, capsys):
    db_url, engine = db
    with ReplayServer(Replay()) as srv:
        monkeypatch.setenv("KONTROLLRUM_KOLADA_URL", srv.url)
        assert main(["kolada", "--db", db_url, "--years", "2022", "--peers", "0000"]) == 0
    assert set(read_peers(engine)["municipality_id"]) == {"0000"}


def test_paths_keep_to_25_ids():
    paths = kolada.data_paths("ou", [f"U{n:05d}" for n in range(30)],
                              [f"V{n}" for n in range(51)], range(2019, 2023))
    assert len(paths) == 2 * 3
    for p in paths:
        parts = p.split("/")
        assert all(len(parts[i].split(",")) <= 25 for i in (2, 4, 6))
    assert kolada.parse_years("2019-2022") == YEARS
    assert kolada.parse_years("2022, 2019") == (2019, 2022)
