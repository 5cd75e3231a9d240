"""Org pages credit Kolada per row: an indicator value whose source is Kolada says "Källa:
Kolada" beside it (table, grid and sheet), others say nothing; the sheet names each value's
source and its data label carries the credit only when a row of it is from Kolada."""

from __future__ import annotations

import io

import polars as pl
import pytest

from ils.model import Dataset
from tests.dash_tree import find_by_id, texts
from tests.fixture_org import BASE, org_city, row_texts


def kolada_city() -> Dataset:
    """`org_city()` with Norrby's VB value of ind-las (85) taken from Kolada and its value of
    ind-vant from a named ILS export."""
    ds = org_city()
    v = ds.values
    src = (pl.when((pl.col("org_id") == "norrby") & (pl.col("indicator_id") == "ind-las")
                   & (pl.col("period") == "VB")).then(pl.lit("Kolada"))
           .when((pl.col("org_id") == "norrby") & (pl.col("indicator_id") == "ind-vant"))
           .then(pl.lit("ILS-export 2022-08-31")).otherwise(pl.col("source")))
    return Dataset(**{**ds.frames(), "values": v.with_columns(source=src.cast(pl.String))})


@pytest.fixture
def kolada_db(db_url, monkeypatch) -> str:
    from queries.db import make_engine
    from queries.write.store import replace_dataset

    engine = make_engine(db_url)
    replace_dataset(engine, kolada_city(), {"demo": "0", "source": "Källa: Exempelstad."})
    engine.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", db_url)
    import app  # noqa: F401  (page modules may only be imported once the app exists)

    return db_url


def test_the_board_page_credits_the_kolada_row_only(kolada_db):
    from pages import namnd

    out = namnd.render({**BASE, "org_id": "norrby", "ar": "2022", "period": "VB",
                        "mal": "vom11"})
    block = find_by_id(out, "mal-vom11")
    las = row_texts(block, "Andel elever som läser")
    assert las[2:4] == ["85 %", " (Källa: Kolada)"]
    nojd = row_texts(block, "Andel nöjda")
    assert not any("Kolada" in t for t in nojd)


def test_a_period_without_kolada_values_says_nothing(kolada_db):
    from pages import namnd

    out = namnd.render({**BASE, "org_id": "norrby", "ar": "2022", "period": "T2",
                        "mal": "vom11"})
    assert not any("Kolada" in t for t in texts(find_by_id(out, "mal-vom11")))


def test_the_grid_text_credits_the_kolada_value():
    from pagekit.org.grid import grid_rows

    rows = pl.DataFrame([
        {"indicator_id": "a", "name": "A", "org_name": "N", "org_id": "n", "decided_by": "kf",
         "unit": "%", "value": 85.0, "value_source": "Kolada", "basis": "utfall",
         "target": 80.0, "yellow_limit": None, "light": "gron", "reported": None,
         "fulfilled_without_outcome": False, "lower_ambition": False, "kf_target": None},
        {"indicator_id": "b", "name": "B", "org_name": "N", "org_id": "n", "decided_by": "kf",
         "unit": "%", "value": 70.0, "value_source": None, "basis": "utfall",
         "target": 80.0, "yellow_limit": None, "light": "rod", "reported": None,
         "fulfilled_without_outcome": False, "lower_ambition": False, "kf_target": None}])
    shown = [[v for k, v in r.items() if k.endswith("_t")] for r in grid_rows(rows, "?")]
    assert "85 % (Källa: Kolada)" in shown[0]
    assert not any("Kolada" in str(v) for v in shown[1])


def test_the_sheet_names_each_values_source_and_credits_kolada(kolada_db):
    from pagekit.downloads import file_bytes

    data, _ = file_bytes("namnd", "indicators", {**BASE, "org_id": "norrby", "ar": 2022,
                                                 "period": "VB"}, "csv")
    sheet = pl.read_csv(io.BytesIO(data), separator=";", decimal_comma=True)
    by_name = dict(zip(sheet["Indikator"], sheet["Värdets källa"], strict=False))
    assert by_name["Andel elever som läser"] == "Källa: Kolada"
    assert by_name["Andel nöjda föräldrar"] is None
    assert by_name["Väntetid till boende"] == "ILS-export 2022-08-31"
    xlsx, _ = file_bytes("namnd", "indicators", {**BASE, "org_id": "norrby", "ar": 2022,
                                                 "period": "VB"}, "xlsx")
    assert b"Kolada" in _shared_strings(xlsx)
    # Söderby's sheet holds no Kolada value: no Kolada credit
    xlsx, _ = file_bytes("namnd", "indicators", {**BASE, "org_id": "soderby", "ar": 2022,
                                                 "period": "VB"}, "xlsx")
    assert b"Kolada" not in _shared_strings(xlsx)


def _shared_strings(xlsx: bytes) -> bytes:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        return zf.read("xl/sharedStrings.xml")
