"""Database schema against the interchange model; the runner's dtypes on both databases."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from ils.model import FILES, Dataset
from queries.db import fetch, polars_dtype
from queries.read.dataset import load_dataset, select_file
from queries.schema import APP_COLUMNS, TABLES, goal, indicator_value
from queries.write.store import replace_dataset
from tests.fixture_city import city


@pytest.mark.parametrize("name", list(FILES))
def test_tables_mirror_the_model(name):
    spec = FILES[name]
    table = TABLES[spec.table]
    app_only = APP_COLUMNS.get(table.name, ())  # the app's own, after the model's, nullable
    assert [c.name for c in spec.columns] + list(app_only) == [c.name for c in table.columns]
    assert all(table.c[c].nullable for c in app_only)
    for col in spec.columns:
        assert polars_dtype(table.c[col.name].type) == col.dtype, col.name
        assert table.c[col.name].nullable == (not col.required and col.name not in spec.key)
    assert tuple(c.name for c in table.primary_key.columns) == spec.key


def test_empty_results_keep_columns_and_types(engine):
    df = fetch(engine, select_file("values"))
    assert df.is_empty()
    assert df.schema == pl.Schema(FILES["values"].polars_schema)


def test_round_trip_through_the_database(engine):
    ds = city()
    replace_dataset(engine, ds, {"demo": "1"})
    back = load_dataset(engine)
    for name in FILES:
        key = list(FILES[name].key)
        assert_frame_equal(getattr(back, name).sort(key), getattr(ds, name).sort(key),
                           check_row_order=False)


def test_narrowed_load(engine):
    replace_dataset(engine, city(), {})
    ds = load_dataset(engine, years=(2022,), periods=("T2",), org_ids=("norrby",))
    assert set(ds.values["org_id"]) == {"norrby"}
    assert set(ds.values["period"]) == {"T2"}
    assert len(ds.organisation) == 7  # reference tables are never narrowed


def test_replace_is_one_transaction(engine):
    replace_dataset(engine, city(), {"demo": "1"})
    broken = Dataset.from_frames({**city().frames(), "values": city().values.with_columns(
        indicator_id=pl.lit("no-such-indicator"))})
    with pytest.raises(DBAPIError):  # the database refuses the unknown indicator
        replace_dataset(engine, broken, {"demo": "0"})
    assert len(fetch(engine, select(indicator_value.c.indicator_id))) == 13
    assert len(fetch(engine, select(goal.c.id))) == 5


def test_first_requests_together_create_the_tables_once(tmp_path):
    """A new server's first requests arrive at once: every thread gets the one engine."""
    import threading

    from queries.db import get_engine

    url = f"sqlite:///{tmp_path / 'new.db'}"
    got, errors = [], []

    def first_request():
        try:
            got.append(get_engine(url))
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=first_request) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len({id(e) for e in got}) == 1
    assert len(fetch(got[0], select_file("organisation"))) == 0
