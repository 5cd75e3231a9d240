"""Issue 23 against the replay server (real Kolada values, v3 format): comparison groups as
Kolada computes them, revised and deleted values kept and shown, `--since` asking only for
changes; and the demo's shipped Riket values on its pages."""

from __future__ import annotations

import io
import zipfile

import polars as pl
import pytest

from cli.main import main
from queries.db import make_engine
from queries.read.dataset import load_dataset
from queries.write.kolada_store import read_peers, read_revisions
from queries.write.store import replace_dataset
from tests.dash_tree import text
from tests.fixture_kolada import SHARED_KOLADA, kolada_city
from tests.kolada_replay import Replay, ReplayServer, municipality_values


@pytest.fixture
def db(db_url):
    engine = make_engine(db_url)
    replace_dataset(engine, kolada_city(), {"demo": "0"})
    yield db_url, engine
    engine.dispose()


def _run(db_url, url, *extra) -> int:
    return main(["kolada", "--db", db_url, "--base-url", url, "--timeout", "2", *extra])


def test_a_group_is_the_unweighted_mean_of_its_members(db, capsys):
    db_url, engine = db
    with ReplayServer(Replay()) as srv:
        assert _run(db_url, srv.url, "--years", "2019-2020",
                    "--peers", "grupp:G92787,0000") == 0
    real = municipality_values()
    peers = read_peers(engine, ["N00945"]).filter(pl.col("municipality_id") == "G92787")
    assert peers["municipality"].unique().to_list() == ["Storstäder (ovägt medel)"]
    for year, value, n in peers.select("year", "value", "n_members").iter_rows():
        members = [real[("N00945", m, year)] for m in ("0180", "1280", "1480")]
        assert n == 3 and value == pytest.approx(sum(members) / 3)
    assert sorted(peers["year"]) == [2019, 2020]
    assert "Traceback" not in capsys.readouterr().err


def test_liknande_picks_the_citys_group_of_the_operating_area(db_url):
    engine = make_engine(db_url)
    ds = kolada_city()
    orgs = ds.organisation.with_columns(kolada_id=pl.when(pl.col("id") == "S")
                                        .then(pl.lit("1480")).otherwise(pl.col("kolada_id")))
    replace_dataset(engine, ds.__class__.from_frames({**ds.frames(), "organisation": orgs}),
                    {"demo": "0"})
    replay = Replay()
    with ReplayServer(replay) as srv:
        assert _run(db_url, srv.url, "--years", "2020", "--peers", "liknande") == 0
    assert any(p.startswith("/v3/kpi/") for p in replay.log)
    peers = read_peers(engine, ["N00945"])
    # Göteborg's "Liknande kommuner arbetsmarknad" (N00945 is Arbetsmarknad): of its seven
    # members only Stockholm and Malmö have a figure in the replay; the mean is theirs
    got = peers.filter(pl.col("municipality_id") == "G216152").row(0, named=True)
    real = municipality_values()
    assert got["n_members"] == 2
    assert got["value"] == pytest.approx((real[("N00945", "0180", 2020)]
                                          + real[("N00945", "1280", 2020)]) / 2)
    assert got["municipality"] == "Liknande kommuner arbetsmarknad, Göteborg, 2024"
    # the elderly-care KPIs get the elderly-care group
    assert "G176542" in set(read_peers(engine, ["U21468"])["municipality_id"])
    engine.dispose()


def test_bad_peer_and_since_options_are_refused(db, capsys):
    db_url, _ = db
    assert main(["kolada", "--db", db_url, "--peers", "grupp:X1"]) == 2
    assert main(["kolada", "--db", db_url, "--since", "igår"]) == 2
    assert main(["kolada", "--db", db_url, "--since", "senast"]) == 2  # nothing remembered
    err = capsys.readouterr().err
    assert 'ingen Kolada-grupp' in err and '"igår" är inget datum' in err
    assert "ingen tidigare hämtning" in err and "Traceback" not in err


def _revise(replay: Replay) -> None:
    """Kolada revises Stockholm's 2022 U21468 (83 → 83,5) and deletes its 2022 U23471."""
    replay.municipal[("U21468", "0180", 2022)] = 83.5
    replay.changed[("U21468", "0180", 2022)] = "2026-04-02"
    replay.deleted.add(("U23471", "0180", 2022))
    replay.changed[("U23471", "0180", 2022)] = "2026-04-02"


def test_a_revision_and_a_deletion_are_kept_reported_and_since_asks_for_changes_only(
        db, capsys):
    db_url, engine = db
    replay = Replay()
    with ReplayServer(replay) as srv:
        assert _run(db_url, srv.url, "--peers", "0000") == 0
        before = load_dataset(engine).values.filter(pl.col("org_id") == "S",
                                                    pl.col("year") == 2022)
        old_u23471 = before.filter(pl.col("indicator_id") == "I2")["outcome"].item()
        capsys.readouterr()
        _revise(replay)
        replay.log.clear()
        assert _run(db_url, srv.url, "--peers", "0000", "--since", "2026-04-01") == 0
    out = capsys.readouterr().out
    data = [p for p in replay.log if "/data/" in p or "/oudata/" in p]
    assert data and all("from_date=2026-04-01" in p for p in data)  # only the changes asked
    assert "Ändringar sedan 2026-04-01: 0 nya, 1 reviderat, 0 oförändrade, 1 borttaget" in out
    assert "U21468 0180 2022: reviderat: 83,0 → 83,5" in out
    assert "U23471 0180 2022: borttaget (var" in out
    values = load_dataset(engine).values.filter(pl.col("org_id") == "S", pl.col("year") == 2022)
    assert values.filter(pl.col("indicator_id") == "I1")["outcome"].item() == 83.5
    # the deleted row is reported, and the value stays (nothing silently dropped)
    assert values.filter(pl.col("indicator_id") == "I2")["outcome"].item() == old_u23471
    rev = read_revisions(engine, kolada_ids=["0180"])
    assert sorted(zip(rev["kpi"], rev["kind"], rev["old_value"], rev["new_value"], strict=False)) == [
        ("U21468", "reviderat", 83.0, 83.5), ("U23471", "borttaget", old_u23471, None)]
    assert rev["old_fetched_at"].null_count() == 0


def test_since_senast_uses_the_remembered_fetch(db, capsys):
    db_url, _ = db
    replay = Replay()
    with ReplayServer(replay) as srv:
        assert _run(db_url, srv.url, "--peers", "0000", "--years", "2022") == 0
        replay.log.clear()
        assert _run(db_url, srv.url, "--peers", "0000", "--years", "2022",
                    "--since", "senast") == 0
    import datetime as dt

    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    data = [p for p in replay.log if "/data/" in p]
    assert data and all(f"from_date={today}" in p for p in data)
    assert f"Ändringar sedan {today}: 0 nya, 0 reviderade, 0 oförändrade" in capsys.readouterr().out


@pytest.fixture
def revised_app(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'rev.db'}"
    engine = make_engine(url)
    replace_dataset(engine, kolada_city(), {"demo": "0"})
    replay = Replay()
    with ReplayServer(replay) as srv:
        assert _run(url, srv.url, "--peers", "0000,1480,1280") == 0
        _revise(replay)
        assert _run(url, srv.url, "--peers", "0000,1480,1280", "--since", "2026-04-01") == 0
    engine.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401

    return url


def test_the_revision_shows_on_the_page_and_in_the_export(revised_app):
    import datetime as dt

    from pagekit.downloads import file_bytes
    from pages import indikator

    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    out = text(indikator.render({"indicator_id": "I1", "ar": "2022", "period": "VB",
                                 "org": None}))
    assert f"reviderat av Kolada {today}: 83,0 → 83,5" in out
    assert "Källa: Kolada" in out
    body, _ = file_bytes("indikator", "values", {"indicator_id": "I1", "ar": "2022",
                                                 "period": "VB"}, "xlsx")
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        strings = zf.read("xl/sharedStrings.xml").decode("utf-8")
    assert "Reviderat av Kolada" in strings
    assert f"reviderat av Kolada {today}: 83,0 → 83,5" in strings


def test_the_indicator_page_ranks_the_city_among_its_peers(revised_app):
    from pages import indikator

    out = text(indikator.render({"indicator_id": "I3", "ar": "2020", "period": "VB",
                                 "org": None}))
    real = municipality_values()
    city = real[("N00945", "0180", 2020)]
    others = [real[("N00945", m, 2020)] for m in ("1480", "1280")]
    rank = 1 + sum(v > city for v in others)  # I3 is "hogre": more is better
    assert f"Plats {rank} av 3 bland jämförelsekommunerna" in out


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    assert main(["demo", "--db", url]) == 0
    return url


def test_a_fresh_demo_shows_the_city_beside_riket(demo_url, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DB", demo_url)
    import app  # noqa: F401
    from ils.demo.kolada import PEER_DATA
    from pages import indikator, namnd
    from pages import start as start_page
    from queries.db import get_engine

    engine = get_engine()
    riket = pl.read_csv(PEER_DATA[0], schema_overrides={"municipality_id": pl.String})
    peers = read_peers(engine)
    assert (peers.filter(pl.col("municipality_id") == "0000").height
            == riket.filter(pl.col("year").is_between(2019, 2022)).height > 0)
    # Riket, and the one shipped comparison group with its members beside the city
    assert set(peers["municipality_id"]) == {"0000", "1280", "1480", "G92787"}
    ds = load_dataset(engine)
    ind = ds.indicators.filter(pl.col("kolada_kpi") == "U21468").row(0, named=True)
    out = text(indikator.render({"indicator_id": ind["id"], "ar": "2022", "period": "VB",
                                 "org": None}))
    riket_2022 = riket.filter(pl.col("kpi") == "U21468", pl.col("year") == 2022)["value"].item()
    assert "Jämförelse 2022:" in out and f"Riket {int(riket_2022)} %" in out
    assert "Ingen placering: ingen jämförelsekommun" in out  # only Riket for this KPI
    assert "Källa: Kolada" in out
    boards = ds.organisation.filter(pl.col("level") == "namnd")["id"]
    board = ds.values.filter(pl.col("indicator_id") == ind["id"],
                             pl.col("org_id").is_in(boards.implode()))["org_id"].sort()[0]
    board_out = text(namnd.render({"org_id": board, "ar": "2022", "period": "VB"}))
    assert "jämfört med Riket" in board_out and "Riket 2022" in board_out
    assert "Källa: Kolada" in board_out
    start_out = text(start_page.render({"ar": "2022", "period": "VB"}))
    assert "Staden jämfört med Riket" in start_out and "Källa: Kolada" in start_out


def test_an_older_peer_value_keeps_its_year():
    """A peer without a value for the year shows its latest earlier one with that year; the
    city is ranked in the latest year its peer municipalities have values (pure rules)."""
    from ils import kolada_peers
    from ils.provenance import peer_line

    peers = pl.DataFrame({
        "kpi": ["K"] * 6, "municipality_id": ["0000", "0000", "1480", "1280", "G1", "1480"],
        "municipality": ["Riket", "Riket", "Göteborg", "Malmö", "Storstäder (ovägt medel)",
                         "Göteborg"],
        "year": [2021, 2022, 2020, 2020, 2020, 2023], "value": [1.0, 2.0, 39.5, 37.0, 39.1, 9.0],
        "status": [None] * 6, "n_members": [None, None, None, None, 3, None]},
        schema_overrides={"status": pl.String, "n_members": pl.Int64})
    latest = kolada_peers.latest_peers(peers, 2022)
    assert sorted(latest.select("municipality_id", "year").rows()) == [
        ("0000", 2022), ("1280", 2020), ("1480", 2020), ("G1", 2020)]  # 2023 is not shown
    assert kolada_peers.rank_year(peers, 2022) == 2020 and kolada_peers.rank_year(peers, 2019) is None
    inds = pl.DataFrame({"id": ["i"], "name": ["I"], "unit": ["%"], "direction": ["hogre"],
                         "kolada_kpi": ["K"]})
    row = kolada_peers.comparison_rows(inds, {"i": 30.0}, peers, 2022,
                                 {("i", 2020): 38.0, ("i", 2022): 30.0}).row(0, named=True)
    assert (row["riket"], row["riket_year"]) == (2.0, 2022)
    assert (row["group"], row["group_value"], row["group_year"]) == (
        "Storstäder (ovägt medel av 3 kommuner)", 39.1, 2020)
    # ranked with the city's 2020 value (38 between 39,5 and 37), not its 2022 one (30)
    assert (row["rank"], row["n_ranked"], row["rank_year"]) == (2, 3, 2020)
    assert peer_line([("Riket", 2.0, None), ("Storstäder", 39.1, 2020)], "%") == (
        "Riket 2 %, Storstäder 39,1 % (värde för 2020)")


def _demo_group_page_texts(demo_url, monkeypatch, year: str) -> tuple[str, str]:
    monkeypatch.setenv("KONTROLLRUM_DB", demo_url)
    import app  # noqa: F401
    from pages import indikator, namnd
    from queries.db import get_engine

    ds = load_dataset(get_engine())
    ind = ds.indicators.filter(pl.col("kolada_kpi") == "N00945").row(0, named=True)
    assert ind["decided_by"] == "kf" and ind["org_id"] == "stad"
    out = text(indikator.render({"indicator_id": ind["id"], "ar": year, "period": "VB",
                                 "org": None}))
    board = text(namnd.render({"org_id": "fn-arbetsmarknad", "ar": year, "period": "VB"}))
    return out, board


def test_a_fresh_demo_has_a_real_comparison_group(demo_url):
    """Kolada's "Storstäder (ovägt medel)" (G92787) for N00945: its value is the unweighted
    mean of its three members' real values (Stockholm's among them), with the member count."""
    from ils.demo.kolada import GROUP_DATA

    engine = make_engine(demo_url)
    members = pl.read_csv(GROUP_DATA[0], schema_overrides={"municipality_id": pl.String})
    peers = read_peers(engine, ["N00945"])
    engine.dispose()
    group = peers.filter(pl.col("municipality_id") == "G92787").sort("year")
    assert group["municipality"].unique().to_list() == ["Storstäder (ovägt medel)"]
    assert group["year"].to_list() == [2019, 2020] and group["n_members"].to_list() == [3, 3]
    for year, value in group.select("year", "value").iter_rows():
        got = members.filter(pl.col("year") == year)
        assert sorted(got["municipality_id"]) == ["0180", "1280", "1480"]
        assert value == pytest.approx(got["value"].sum() / 3)
    assert group.filter(pl.col("year") == 2020)["value"].item() == pytest.approx(39.1)
    # the members other than the city are comparison municipalities (the city is ranked)
    assert peers.filter(pl.col("municipality_id") == "1480", pl.col("year") == 2020)[
        "value"].item() == 39.5
    assert peers.filter(pl.col("municipality_id") == "0180").is_empty()
    assert peers.filter(pl.col("municipality_id") == "0000", pl.col("year") == 2022)[
        "value"].item() == 39.1


def test_the_demo_pages_show_riket_and_the_group_of_the_latest_year(demo_url, monkeypatch):
    """2022 (the demo's latest year): Riket's 2022 value, and the group's and its members'
    2020 values (the latest at hand) named with their year — never passed off as 2022."""
    out, board = _demo_group_page_texts(demo_url, monkeypatch, "2022")
    assert "Jämförelse 2022:" in out and "Riket 39,1 %" in out
    assert "Storstäder (ovägt medel av 3 kommuner) 39,1 % (värde för 2020)" in out
    assert "Göteborg 39,5 % (värde för 2020)" in out and "Malmö 37 % (värde för 2020)" in out
    assert "Där inget lagrat Kolada-värde för 2022 finns" in out
    # Stockholm's 40,8 % of 2020 beside Göteborg's 39,5 and Malmö's 37,0 (more is better)
    assert "Plats 1 av 3 bland jämförelsekommunerna 2020" in out
    assert "Källa: Kolada" in out and "bearbetning av data från Kolada" in out
    assert "jämfört med Riket" in board and "Riket 2022" in board
    assert "Andel av dagarna för vård av barn (vab) som tas ut av män" in board
    assert "Storstäder (ovägt medel av 3 kommuner): 39,1 % (värde för 2020)" in board
    assert "1 av 3 (2020)" in board and "Källa: Kolada" in board


def test_the_demo_pages_show_the_group_of_the_year_itself(demo_url, monkeypatch):
    out, board = _demo_group_page_texts(demo_url, monkeypatch, "2020")
    assert "Jämförelse 2020:" in out and "Riket 39,2 %" in out
    assert "Storstäder (ovägt medel av 3 kommuner) 39,1 %," in out
    assert "(värde för 20" not in out and "lagrat Kolada-värde" not in out
    assert "Plats 1 av 3 bland jämförelsekommunerna (1 = bäst" in " ".join(out.split())
    assert "Storstäder (ovägt medel av 3 kommuner): 39,1 %" in board
    assert "(värde för 20" not in board


def test_the_shipped_group_values_are_kolada_unchanged():
    from ils.demo.kolada import GROUP_DATA
    shipped = pl.read_csv(GROUP_DATA[0], schema_overrides={"municipality_id": pl.String})
    assert set(shipped["group_id"]) == {"G92787"} and set(shipped["kpi"]) == {"N00945"}
    assert set(shipped["group_title"]) == {"Storstäder (ovägt medel)"}
    shared = SHARED_KOLADA.parent
    if not shared.exists():
        pytest.skip("../shared/data/kolada is not beside the repository; checked in CI")
    import json

    group = next(g for g in json.loads((shared / "rkolada_municipality_groups_containing_0180"
                                        ".json").read_text(encoding="utf-8"))
                 if g["id"] == "G92787")
    assert {m["member_id"] for m in group["members"]} == set(shipped["municipality_id"])
    full = pl.read_csv(shared / "rkolada_values_n00945.csv",
                       schema_overrides={"municipality_id": pl.String}).filter(
        pl.col("gender") == "T", pl.col("year").is_between(2019, 2022))
    key = ["municipality_id", "year"]
    assert (full.select(*key, "value").sort(key).rows()
            == shipped.select(*key, "value").sort(key).rows())


def test_the_shipped_riket_values_are_kolada_unchanged():
    from ils.demo.kolada import DATA, PEER_DATA
    riket = pl.read_csv(PEER_DATA[0], schema_overrides={"municipality_id": pl.String})
    city_kpis = set(pl.read_csv(DATA)["kpi"])
    assert set(riket["municipality_id"]) == {"0000"} and set(riket["municipality"]) == {"Riket"}
    assert set(riket["kpi"]) <= city_kpis and riket["value"].null_count() == 0
    assert riket.filter(pl.col("kpi") == "U21468", pl.col("year") == 2022)["value"].item() == 86.0
    if not SHARED_KOLADA.exists():
        pytest.skip("../shared/data/kolada is not beside the repository; checked in CI")
    full = pl.read_csv(SHARED_KOLADA, schema_overrides={"municipality_id": pl.String}).filter(
        pl.col("municipality_id") == "0000", pl.col("kpi").is_in(list(city_kpis)),
        pl.col("year").is_between(2019, 2022), pl.col("value").is_not_null())
    key = ["kpi", "year"]
    assert (full.select(*key, "value").sort(key).rows()
            == riket.select(*key, "value").sort(key).rows())


# --- kolada enheter ---------------------------------------------------------------------
# An invented unit list in Kolada's /ou shape for the demo's (fictitious) units: exact names,
# a name in capitals, two units of one name (rivals), a unit of another kind.

def _demo_units(ds) -> tuple[list[dict], dict[str, str]]:
    e = ds.organisation.filter(pl.col("level") == "enhet").sort("id")
    unique = e.filter(pl.col("kind") == "forskola",
                      pl.col("name").is_in(e.group_by("name").len().filter(pl.col("len") == 1)
                                           ["name"].implode()))
    fsk = unique.head(3).rows(named=True)
    ht = e.filter(pl.col("kind") == "hemtjanst").row(0, named=True)
    units = [{"id": "V11E018000101", "municipality": "0180", "title": fsk[0]["name"]},
             {"id": "V11E018000102", "municipality": "0180", "title": fsk[1]["name"].upper()},
             {"id": "V11E018000103", "municipality": "0180", "title": fsk[2]["name"]},
             {"id": "V11E018000104", "municipality": "0180", "title": fsk[2]["name"]},
             {"id": "V21E018000201", "municipality": "0180", "title": ht["name"]},
             {"id": "V15E018000301", "municipality": "0180", "title": ht["name"]},
             {"id": "V11E014800101", "municipality": "1480", "title": fsk[0]["name"]}]
    return units, {"sure1": fsk[0]["id"], "sure2": fsk[1]["id"], "rival": fsk[2]["id"],
                   "ht": ht["id"]}


def test_kolada_enheter_proposes_and_applies_all_or_nothing(demo_url, tmp_path, capsys):
    import shutil

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    shutil.copy(demo_url.removeprefix("sqlite:///"), tmp_path / "demo.db")
    engine = make_engine(url)
    ds = load_dataset(engine)
    units, ids = _demo_units(ds)
    replay = Replay(ous=units)
    out = tmp_path / "forslag.csv"
    with ReplayServer(replay) as srv:
        assert main(["kolada", "enheter", "--db", url, "--base-url", srv.url,
                     "--out", str(out)]) == 2  # the demo's city has no kolada_id
        assert "ange kommunen med --kommun" in capsys.readouterr().err
        assert main(["kolada", "enheter", "--db", url, "--base-url", srv.url,
                     "--kommun", "0180", "--out", str(out)]) == 0
    assert "/v3/ou?municipality=0180" in replay.log
    err = capsys.readouterr().err
    assert "3 säkra förslag" in err and "inget skrevs nu" in err
    got = pl.read_csv(out, infer_schema=False)
    row = {r["enhet_id"]: r for r in got.iter_rows(named=True)}
    assert row[ids["sure1"]]["kolada_id"] == "V11E018000101"
    assert row[ids["sure2"]]["bedomning"] == "säker"
    assert row[ids["rival"]]["bedomning"] == "osäker" and row[ids["rival"]]["kolada_id"] is None
    assert row[ids["ht"]]["kolada_id"] == "V21E018000201"  # its own kind, not the school
    # nothing written by the proposal
    assert load_dataset(engine).organisation["kolada_id"].drop_nulls().to_list() == []
    # a reviewed file with one error is refused whole
    bad = got.with_columns(pl.when(pl.col("enhet_id") == ids["rival"])
                           .then(pl.lit("V11E018000103")).otherwise(pl.col("kolada_id"))
                           .alias("kolada_id"))
    bad = pl.concat([bad, bad.head(1).with_columns(enhet_id=pl.lit("finns-inte"))])
    (tmp_path / "fel.csv").write_text(bad.write_csv(), encoding="utf-8")
    assert main(["kolada", "enheter", "--db", url, "--apply", str(tmp_path / "fel.csv")]) == 1
    err = capsys.readouterr().err
    assert "enheten finns-inte finns inte" in err and "Inget skrevs." in err
    assert "Traceback" not in err
    assert load_dataset(engine).organisation["kolada_id"].drop_nulls().to_list() == []
    # the person decides the rival in Swedish Excel style (semicolons) and applies
    good = bad.head(bad.height - 1)
    (tmp_path / "ok.csv").write_text(good.write_csv(separator=";"), encoding="utf-8")
    assert main(["kolada", "enheter", "--db", url, "--apply", str(tmp_path / "ok.csv")]) == 0
    assert "skrev kolada_id för 4 enheter" in capsys.readouterr().out
    org = load_dataset(engine).organisation
    linked = dict(org.filter(pl.col("level") == "enhet", pl.col("kolada_id").is_not_null())
                  .select("id", "kolada_id").iter_rows())
    assert linked == {ids["sure1"]: "V11E018000101", ids["sure2"]: "V11E018000102",
                      ids["rival"]: "V11E018000103", ids["ht"]: "V21E018000201"}
    engine.dispose()


def test_two_enheter_on_one_kolada_unit_are_refused():
    from ils.kolada_units import check_apply

    orgs = pl.DataFrame({"id": ["S", "E1", "E2"], "level": ["stad", "enhet", "enhet"],
                         "kolada_id": ["0180", "V11E018000101", None]})
    rows = pl.DataFrame({"enhet_id": ["E2"], "kolada_id": ["V11E018000101"]})
    changes, errors = check_apply(rows, orgs)
    assert changes == {} and errors == [
        "Kolada-enheten V11E018000101 skulle kopplas till flera enheter: E1, E2"]
    changes, errors = check_apply(pl.DataFrame({"enhet_id": ["S"], "kolada_id": ["x"]}), orgs)
    assert errors == ["rad 2: S är ingen enhet (nivå stad)"]


def test_a_database_from_before_issue_23_gets_the_new_columns_and_tables(db_url):
    from sqlalchemy import create_engine, inspect, text

    from queries.migrate import missing_columns

    old = make_engine(db_url)
    replace_dataset(old, kolada_city(), {"demo": "0"})
    with old.begin() as conn:
        for col in ("n_members", "fetched_at"):
            conn.execute(text(f'ALTER TABLE kolada_peer_value DROP COLUMN "{col}"'))
        conn.execute(text("DROP TABLE kolada_revision"))
        conn.execute(text("DROP TABLE kolada_value"))
    old.dispose()
    raw = create_engine(db_url)
    assert sorted(missing_columns(raw)) == [("kolada_peer_value", "fetched_at"),
                                            ("kolada_peer_value", "n_members")]
    raw.dispose()
    engine = make_engine(db_url)
    assert missing_columns(engine) == []
    assert {"kolada_value", "kolada_revision"} <= set(inspect(engine).get_table_names())
    assert read_peers(engine).is_empty() and read_revisions(engine).is_empty()
    engine.dispose()
