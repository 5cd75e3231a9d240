"""The indicator page on the real-data example (city only, Riket as benchmark target): the
target says where it comes from, no tertial credit without tertial values, the comparison
values from Kolada on the page and in its Excel."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import polars as pl
import pytest

from queries.db import make_engine
from queries.write.importer import import_bundle
from queries.write.kolada_store import upsert_peers
from tests.dash_tree import text

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "stockholm-kolada"


@pytest.fixture(scope="module")
def example_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('example') / 'example.db'}"
    engine = make_engine(url)
    assert import_bundle(engine, EXAMPLE).ok
    # Riket's 2022 value of U21468 as `kontrollrum kolada` stores it (the same real figure
    # the example uses as the benchmark target)
    with engine.begin() as conn:
        upsert_peers(conn, pl.DataFrame({"kpi": ["U21468"], "municipality_id": ["0000"],
                                         "municipality": ["Riket"], "year": [2022],
                                         "value": [86.0], "status": [None]}))
    engine.dispose()
    return url


@pytest.fixture
def example_db(example_url, monkeypatch) -> str:
    monkeypatch.setenv("KONTROLLRUM_DB", example_url)
    import app  # noqa: F401

    return example_url


def _render(**args):
    from pages import indikator

    return indikator.render({"indicator_id": "kolada-U21468", "ar": "2022", "period": "VB",
                             "org": None, **args})


def test_the_indicator_page_tells_where_target_and_values_come_from(example_db):
    out = text(_render())
    assert "Stockholms stad 83 %  (Källa: Kolada) 86 %  (Riket, jämförelsevärde)" in out
    assert "med målvärdet (Riket, jämförelsevärde) som streckad linje" in out
    assert "KF:s målvärde" not in out
    assert "tertial" not in out  # the data set has no tertial values: none is credited
    peers = " ".join(out.split("Jämförelse 2022:", 1)[1].split()[:10])
    assert peers == "Stockholms stad 83 %, Riket 86 % . Källa: Kolada."


def test_its_excel_carries_the_sources_and_the_comparison(example_db):
    from pagekit.downloads import file_bytes

    body, _ = file_bytes("indikator", "values", {"indicator_id": "kolada-U21468", "ar": "2022",
                                                 "period": "VB"}, "xlsx")
    with zipfile.ZipFile(io.BytesIO(body)) as zf:
        strings = zf.read("xl/sharedStrings.xml").decode("utf-8")
    assert "Målvärdenas källa" in strings and "Riket, jämförelsevärde" in strings
    assert "Jämförelse 2022 (Källa: Kolada)" in strings
    assert "Stockholms stad 83 %, Riket 86 %" in strings
    assert "Källa: Kolada" in strings and "bearbetning av data från Kolada" in strings


def test_the_goal_pages_kf_table_names_the_targets_source(example_db):
    from pages import mal

    out = text(mal.render({"goal_id": "vom1.5", "ar": "2022", "period": "VB", "sort": None}))
    assert "Källa: Kolada (U21468) 83 % 86 %  (Riket, jämförelsevärde)" in out
    from pagekit.downloads import build

    t = build("mal", "kf", {"goal_id": "vom1.5", "ar": "2022", "period": "VB"})
    assert t is not None  # the KF table's download carries the source as a column
    assert set(t.frame["Målvärdets källa"].drop_nulls()) == {"Riket, jämförelsevärde"}


def test_riket_stands_beside_the_city_in_the_bars(example_db):
    from tests.dash_tree import find_by_id

    out = _render()
    fig = find_by_id(out, "indicator-chart").figure
    order = fig["layout"]["yaxis"]["categoryarray"][::-1]  # top to bottom
    assert order[order.index("Stockholms stad") + 1] == "Riket"  # right below the city's bar
    riket = [t for t in fig["data"] if t["name"] == "Riket – Källa: Kolada"]
    # drawn as the lights are: bars from zero, or dots on a fitted axis (DOMAIN §3.8)
    kind = riket[0]["type"] if len(riket) == 1 else None
    assert kind in ("bar", "scatter")
    assert riket[0]["y"] == ["Riket"] and riket[0]["x"] == [86.0]
    lights = [t for t in fig["data"] if t is not riket[0] and t["type"] == kind]
    assert lights
    assert all("Riket" not in t["y"] for t in lights)  # not drawn as a light
    lo, hi = fig["layout"]["xaxis"]["range"]
    assert lo < 83.0 and hi > 86.0  # the axis fits both values
    assert "Rikets värde 86 % som egen stapel under stadens (Källa: Kolada)" in text(out)


def test_no_riket_bar_without_its_kolada_value(city_db):
    from pages import indikator
    from tests.dash_tree import find_by_id

    out = indikator.render({"indicator_id": "ind-las", "ar": "2022", "period": "VB",
                            "org": None, "sort": None, "mal": None})
    fig = find_by_id(out, "indicator-chart").figure
    assert "Riket" not in fig["layout"]["yaxis"]["categoryarray"]
    assert not any("Kolada" in t["name"] for t in fig["data"])
