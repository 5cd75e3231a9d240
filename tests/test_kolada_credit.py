"""The Kolada credit on downloads follows the values' source, not a flag of the data set."""

from __future__ import annotations

import io
import zipfile

import polars as pl
from sqlalchemy import update

from queries.db import make_engine
from queries.schema import indicator_value
from queries.write.kolada_store import has_kolada_values
from queries.write.store import replace_dataset
from tests.fixture_city import city


def _label_text(xlsx: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(xlsx)) as zf:
        return zf.read("xl/sharedStrings.xml").decode("utf-8")


def test_the_kolada_credit_follows_the_values_source(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'credit.db'}"
    engine = make_engine(url)
    # a data set that (wrongly) claims Kolada in its flags but holds no Kolada values
    replace_dataset(engine, city(), {"demo": "0", "source": "Källa: Exempelstad.",
                                     "kolada": "1"})
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    from components.export import ExportTable
    from pagekit.downloads import REGISTRY, file_bytes, register_table

    register_table("test-credit", "t", lambda _a: ExportTable(
        "T", pl.DataFrame({"Värde": [84.0]}), kolada=True))
    try:
        assert not has_kolada_values(engine)
        assert "Kolada" not in _label_text(file_bytes("test-credit", "t", {}, "xlsx")[0])
        with engine.begin() as conn:
            conn.execute(update(indicator_value).where(indicator_value.c.period == "VB")
                         .values(source="Kolada"))
        assert has_kolada_values(engine)
        text = _label_text(file_bytes("test-credit", "t", {}, "xlsx")[0])
        assert "Källa: Kolada" in text and "bearbetning av data från Kolada" in text
    finally:
        REGISTRY.pop(("test-credit", "t"), None)
        engine.dispose()


def test_target_notes_name_the_source_and_call_only_the_citys_kf_row_kfs():
    from ils.provenance import target_note, target_text

    assert target_text(85.0, "%", "KF budget 2022", kf_row=True) == "85 % (KF budget 2022)"
    assert target_text(83.0, "%", "Riket (jämförelsevärde)", kf_row=True) == (
        "83 % (Riket, jämförelsevärde)")
    assert target_text(79.0, "%", None, kf_row=True) == "79 % (KF:s målvärde)"
    assert target_text(79.0, "%", None, kf_row=False) == "79 %"
    assert target_note("  ", kf_row=False) is None
    assert target_text(None, "%", "KF budget 2022", kf_row=True) == "–"


def test_kolada_credit_and_peer_line():
    from ils.provenance import kolada_credit, peer_line

    assert kolada_credit([None, "ILS"]) is None
    assert kolada_credit(["ILS", "Kolada"]) == "Källa: Kolada"
    assert kolada_credit(["Kolada"], derived=True) == "bearbetning av data från Kolada"
    assert peer_line([("Stockholm", 84.0), ("Göteborg", 81.0), ("Malmö", 79.0),
                      ("Riket", 83.0)], "%") == (
        "Stockholm 84 %, Göteborg 81 %, Malmö 79 %, Riket 83 %")
    assert peer_line([("Riket", None), ("Malmö", 4.5)], "antal") == (
        "Riket uppgift saknas, Malmö 4,5")


def test_the_footer_credits_kolada_when_values_come_from_it(tmp_path, monkeypatch):
    """Every page's source line: the real-data example (values from Kolada) says 'Källa:
    Kolada'; the import label alone never did."""
    from pathlib import Path

    from queries.write.importer import import_bundle

    url = f"sqlite:///{tmp_path / 'example.db'}"
    engine = make_engine(url)
    example = Path(__file__).resolve().parents[1] / "examples" / "stockholm-kolada"
    assert import_bundle(engine, example).ok
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401  (the shell's callbacks exist once the app does)
    from pagekit.shell import data_label

    banner, source = data_label("/")
    assert banner is None  # real data: no demo banner
    assert "importerat dataunderlag" in source and "Källa: Kolada" in source
    assert "bearbetning av data från Kolada" in source
    with engine.begin() as conn:
        conn.execute(update(indicator_value).values(source="ILS"))
    assert "Kolada" not in data_label("/")[1]
    engine.dispose()


def test_target_notes_per_org():
    from ils.provenance import target_notes

    targets = pl.DataFrame({"org_id": ["stad", "n1", "n2"],
                            "source": ["Riket (jämförelsevärde)", None, "Nämndens plan 2022"]})
    notes = target_notes(targets, ["stad", "n1", "n2", "n3"], "stad", kf=True)
    assert notes == {"stad": "Riket, jämförelsevärde", "n1": None,
                     "n2": "Nämndens plan 2022", "n3": "Riket, jämförelsevärde"}
    plain = pl.DataFrame({"org_id": ["stad"], "source": [None]}, schema={"org_id": pl.String,
                                                                         "source": pl.String})
    assert target_notes(plain, ["stad", "n3"], "stad", kf=True) == {
        "stad": "KF:s målvärde", "n3": "KF:s målvärde"}
    assert target_notes(plain, ["stad", "n3"], "stad", kf=False) == {"stad": None, "n3": None}


def test_the_data_sets_kolada_fact_follows_the_values(tmp_path):
    from pathlib import Path

    from queries.read.dataset import load_info
    from queries.write.importer import import_bundle
    from tests.export_support import VALID

    engine = make_engine(f"sqlite:///{tmp_path / 'k.db'}")
    assert import_bundle(engine, VALID).ok
    assert load_info(engine)["kolada"] == "0"  # an indicator has a KPI, but no value is Kolada's
    engine.dispose()
    engine = make_engine(f"sqlite:///{tmp_path / 'real.db'}")  # one stad per data set
    example = Path(__file__).resolve().parents[1] / "examples" / "stockholm-kolada"
    assert import_bundle(engine, example).ok
    assert load_info(engine)["kolada"] == "1"
    with engine.begin() as conn:  # a later import of ILS values over Kolada's
        conn.execute(update(indicator_value).values(source="ILS"))
    lines = ["indicator_id,org_id,year,period,outcome,source",
             "kolada-U21468,stockholm,2022,VB,83,ILS"]
    (tmp_path / "ils").mkdir()
    (tmp_path / "ils" / "values.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert import_bundle(engine, tmp_path / "ils").ok
    assert load_info(engine)["kolada"] == "0"
    engine.dispose()
