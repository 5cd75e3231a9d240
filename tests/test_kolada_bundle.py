"""`kontrollrum export bundle` (the whole data set as a bundle) and `import --source`."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import create_engine

from cli.main import main
from ils.model import FILES, Dataset
from queries.db import make_engine
from queries.read.dataset import load_dataset
from queries.read.exports import export_bundle
from queries.schema import metadata
from queries.write.importer import import_bundle
from queries.write.store import replace_dataset
from tests.export_support import VALID, export_all
from tests.fixture_city import city


@pytest.fixture(autouse=True)
def operator():
    """Bundles are exported by the operator (the CLI acts as one): every draft included."""
    from queries import scope

    with scope.as_operator():
        yield


def rich_city() -> Dataset:
    """The known-lights city with every round-2 column filled somewhere, and an id that is
    all digits with a leading zero (it must stay text through every format)."""
    ds = city()
    orgs = ds.organisation.with_columns(kolada_id=pl.when(pl.col("level") == "stad")
                                        .then(pl.lit("0180")))
    targets = ds.targets.with_columns(source=pl.lit("KF budget 2022"))
    values = ds.values.with_columns(source=pl.when(pl.col("period") == "VB")
                                    .then(pl.lit("Kolada")))
    assessments = ds.assessments.with_columns(status=pl.lit("utkast"))
    extra = pl.DataFrame({"id": ["0042"], "year": [2022], "kind": ["uppdrag"],
                          "recipient": ["alla"], "goal_id": [None], "text": ["Nollan kvar"]},
                         schema=FILES["directives"].polars_schema)
    return Dataset.from_frames({**ds.frames(), "organisation": orgs, "targets": targets,
                                "values": values, "assessments": assessments,
                                "directives": pl.concat([ds.directives, extra])})


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _fresh_pg(url: str):
    engine = create_engine(url)
    metadata.drop_all(engine)
    engine.dispose()
    return make_engine(url)


@pytest.mark.postgres
def test_round_trip_sqlite_postgresql_sqlite(tmp_path, pg_url):
    first = make_engine(f"sqlite:///{tmp_path / 'a.db'}")
    replace_dataset(first, rich_city(), {"demo": "0"})
    export_bundle(first, tmp_path / "a")
    pg = _fresh_pg(pg_url)
    report = import_bundle(pg, tmp_path / "a")
    assert report.ok, report.errors
    export_bundle(pg, tmp_path / "b")
    last = make_engine(f"sqlite:///{tmp_path / 'c.db'}")
    assert import_bundle(last, tmp_path / "b").ok
    export_bundle(last, tmp_path / "c")
    a, b, c = (_files(tmp_path / x) for x in "abc")
    assert a == b == c
    assert sorted(a) == sorted(f"{name}.csv" for name in FILES)
    assert b"0180" in a["organisation.csv"] and b"\n0042," in a["directives.csv"]
    assert b"utkast" in a["assessments.csv"] and b"Kolada" in a["values.csv"]
    assert export_all(first) == export_all(pg) == export_all(last)
    for eng in (first, pg, last):
        eng.dispose()


@pytest.mark.parametrize("name", ["bundle.zip", "bundle.xlsx", "folder"])
def test_each_format_reimports_to_the_same_data(engine, tmp_path, name):
    source = make_engine(f"sqlite:///{tmp_path / 'src.db'}")
    replace_dataset(source, rich_city(), {"demo": "0"})
    kind, rows = export_bundle(source, tmp_path / name)
    assert kind == {"bundle.zip": "zip", "bundle.xlsx": "xlsx", "folder": "folder"}[name]
    assert rows == sum(getattr(rich_city(), n).height for n in FILES)
    report = import_bundle(engine, tmp_path / name)
    assert report.ok, report.errors
    export_bundle(source, tmp_path / "x")
    export_bundle(engine, tmp_path / "y")
    assert _files(tmp_path / "x") == _files(tmp_path / "y")
    assert export_all(source) == export_all(engine)
    source.dispose()


def test_an_empty_database_exports_headers_only(engine, tmp_path):
    export_bundle(engine, tmp_path / "empty")
    for name, spec in FILES.items():
        text = (tmp_path / "empty" / f"{name}.csv").read_text(encoding="utf-8")
        assert text == ",".join(spec.column_names) + "\n"


def test_cli_export_bundle_and_import_source(db_url, tmp_path, capsys):
    # tables first: the CLI's engine for this URL may be cached from an earlier test whose
    # tables the fixture has dropped since
    engine = make_engine(db_url)
    assert main(["import", str(VALID), "--db", db_url,
                 "--source", "ILS-export 2022-08-31"]) == 0
    ds = load_dataset(engine)
    assert set(ds.values["source"]) == {"ILS-export 2022-08-31"}
    assert set(ds.targets["source"]) == {"ILS-export 2022-08-31"}
    assert main(["export", "bundle", str(tmp_path / "out.zip"), "--db", db_url]) == 0
    assert "Skrev hela datamängden" in capsys.readouterr().err
    assert (tmp_path / "out.zip").stat().st_size > 0
    assert main(["export", "bundle", "--db", db_url]) == 2
    assert "behöver OUT" in capsys.readouterr().err
    assert main(["export", "goals", "--db", db_url, "--period", "VB"]) == 2
    assert "behöver --year" in capsys.readouterr().err
    engine.dispose()


def test_a_source_of_its_own_is_kept(engine, tmp_path):
    folder = tmp_path / "own"
    folder.mkdir()
    for p in VALID.glob("*.csv"):
        (folder / p.name).write_bytes(p.read_bytes())
    lines = (VALID / "values.csv").read_text(encoding="utf-8").splitlines()
    lines[0] += ",source"
    lines[1] += ",Kolada"
    (folder / "values.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert import_bundle(engine, folder, source="ILS-export 2022-08-31").ok
    sources = load_dataset(engine).values["source"].to_list()
    assert sources.count("Kolada") == 1
    assert sources.count("ILS-export 2022-08-31") == len(sources) - 1
