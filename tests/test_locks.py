"""Locked periods (DOMAIN.md §3.9, queries/write/locks.py): the snapshot equals the lights stored
when locking; imports, deletions and the Kolada fetch that would change a locked period are
refused and change nothing (every table compared); other periods stay writable; views show the
snapshot after the rule parameters change; the CLI; an old database gets the new tables.
SQLite and PostgreSQL."""

from __future__ import annotations

import re

import polars as pl
import pytest
from polars.testing import assert_frame_equal
from sqlalchemy import select

from ils import rules_periods
from ils.interchange import write_bundle
from ils.model import Dataset
from queries import scope
from queries.cache import data_version
from queries.db import fetch, make_engine
from queries.read.snapshots import lock_of
from queries.schema import goal_light_snapshot, indicator_light_snapshot, metadata
from queries.write import lights
from queries.write.importer import import_bundle
from queries.write.lock_writes import lock_period, unlock_period
from queries.write.locks import LockError, PeriodLocked, assert_unlocked, locks
from queries.write.removal import delete_data
from queries.write.store import replace_dataset
from tests.fixture_city import city
from tests.lock_support import changed_value, everything

OTHER = rules_periods.RuleParams(tolerance=0.25, green_threshold=0.6, yellow_threshold=0.3)
WHO = "admin@exempelstad.se"


@pytest.fixture
def loaded(engine):
    replace_dataset(engine, city(), {"demo": "1"})
    return engine


def bundle_with(tmp_path, **frames: pl.DataFrame):
    """A bundle of the fixture city with some files replaced."""
    ds = Dataset.from_frames({**city().frames(), **frames})
    folder = tmp_path / "bundle"
    write_bundle(ds, folder)
    return folder


# --- locking ---------------------------------------------------------------------------------

def test_lock_stores_a_snapshot_equal_to_the_stored_lights(loaded):
    goals = lights.read_goal_lights(loaded, 2022, "VB")
    ind = lights.read_indicator_lights(loaded, 2022, "VB")
    version = data_version(loaded)
    info = lock_period(loaded, 2022, "VB", WHO)
    assert (info.year, info.period, info.locked_by) == (2022, "VB", WHO)
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", info.date)
    assert info.params == rules_periods.DEFAULT_PARAMS
    assert data_version(loaded) != version  # cached views let go
    snap_goals = fetch(loaded, select(goal_light_snapshot), lights.GOAL_SCHEMA)
    snap_ind = fetch(loaded, select(indicator_light_snapshot), lights.INDICATOR_SCHEMA)
    assert_frame_equal(snap_goals.sort(lights.GOAL_ORDER), goals)
    assert_frame_equal(snap_ind.sort(lights.IND_ORDER), ind)
    assert set(snap_goals["period"]) == {"VB"}  # only the locked period
    assert lock_of(loaded, 2022, "VB") == info and lock_of(loaded, 2022, "T2") is None
    row = locks(loaded).row(0, named=True)
    assert (row["year"], row["period"], row["locked_by"], row["tolerance"]) == (2022, "VB", WHO,
                                                                                 0.1)


def test_the_read_says_the_period_is_locked(loaded):
    info = lock_period(loaded, 2022, "VB", WHO)
    with scope.recording() as seen:
        lights.read_goal_lights(loaded, 2022, "VB")
    assert seen.locks == {(2022, "VB"): (info.date, WHO)}
    with scope.recording() as seen:
        lights.read_goal_lights(loaded, 2022, "T2")
    assert seen.locks == {}


def test_lock_refreshes_stale_lights_with_the_rules_in_force(loaded, monkeypatch):
    lights.ensure_lights(loaded, OTHER)  # stored with other parameters than the configured
    lock_period(loaded, 2022, "VB", WHO)
    assert lights.stored_params(loaded) == rules_periods.DEFAULT_PARAMS
    snap = fetch(loaded, select(goal_light_snapshot), lights.GOAL_SCHEMA).sort(lights.GOAL_ORDER)
    _, computed = rules_periods.all_lights(city(), rules_periods.DEFAULT_PARAMS)
    assert_frame_equal(snap, computed.filter(pl.col("period") == "VB"))


@pytest.mark.parametrize("year, period, message", [
    (2022, "VB", "Perioden VB 2022 är redan låst (låst "),
    (2021, "VB", "Perioden VB 2021 har inga data att låsa"),
    (2022, "Q3", "okänd period 'Q3' (använd T1, T2 eller VB)"),
    ("2022", "VB", "året måste vara ett heltal"),
])
def test_locking_twice_or_nothing_is_a_swedish_error(loaded, year, period, message):
    lock_period(loaded, 2022, "VB", WHO)
    before = everything(loaded)
    with pytest.raises(LockError) as err:
        lock_period(loaded, year, period, "någon annan")
    assert str(err.value).startswith(message)
    assert everything(loaded) == before


def test_unlocking_an_open_period_is_a_swedish_error(loaded):
    with pytest.raises(LockError, match=r"^Perioden T2 2022 är inte låst$"):
        unlock_period(loaded, 2022, "T2", WHO)
    with pytest.raises(LockError, match="ange vem"):
        lock_period(loaded, 2022, "T2", "  ")


# --- writers refused --------------------------------------------------------------------------

def test_import_over_a_locked_period_is_refused_and_changes_nothing(loaded, tmp_path):
    info = lock_period(loaded, 2022, "VB", WHO)
    before = everything(loaded)
    folder = bundle_with(tmp_path, values=changed_value(2022, "VB"))
    with pytest.raises(PeriodLocked) as err:
        import_bundle(loaded, folder)
    assert str(err.value).startswith(
        f"Perioden VB 2022 är låst (låst {info.date} av {WHO}); importen skulle ändra den "
        "(1 rad)")
    assert "\n" not in str(err.value)
    assert everything(loaded) == before


def test_import_of_a_new_row_or_target_of_a_locked_period_is_refused(loaded, tmp_path):
    lock_period(loaded, 2022, "VB", WHO)
    before = everything(loaded)
    t = city().targets  # a 2022 target changes every period of 2022, the locked VB too
    targets = t.with_columns(target=pl.when(pl.col("indicator_id") == "ind-vant")
                             .then(pl.lit(21.0)).otherwise(pl.col("target")))
    with pytest.raises(PeriodLocked, match="Perioden VB 2022 är låst"):
        import_bundle(loaded, bundle_with(tmp_path, targets=targets))
    assert everything(loaded) == before
    extra = city().values.filter(pl.col("period") == "VB").head(1).with_columns(
        org_id=pl.lit("kultur"), indicator_id=pl.lit("ind-vant"))
    with pytest.raises(PeriodLocked):
        import_bundle(loaded, bundle_with(tmp_path / "2", values=pl.concat(
            [city().values, extra])))
    assert everything(loaded) == before


def test_import_touching_only_open_periods_is_allowed(loaded, tmp_path):
    lock_period(loaded, 2022, "VB", WHO)
    vb_goals = lights.read_goal_lights(loaded, 2022, "VB")
    t2_before = lights.read_indicator_lights(loaded, 2022, "T2")
    report = import_bundle(loaded, bundle_with(tmp_path, values=changed_value(2022, "T2")))
    assert report.ok, report.errors
    t2_after = lights.read_indicator_lights(loaded, 2022, "T2")
    norrby = (pl.col("indicator_id") == "ind-las") & (pl.col("org_id") == "norrby")
    assert t2_after.filter(norrby)["value"].item() == 10.0 != t2_before.filter(norrby)[
        "value"].item()
    assert_frame_equal(lights.read_goal_lights(loaded, 2022, "VB"), vb_goals)


def test_delete_of_a_locked_period_is_refused(loaded):
    lock_period(loaded, 2022, "VB", WHO)
    before = everything(loaded)
    for kwargs in ({"year": 2022}, {"org": "norrby"}, {"indicator": "ind-las"},
                   {"year": 2022, "org": "soderby"}):
        with pytest.raises(PeriodLocked, match="borttagningen skulle ändra den"):
            with loaded.begin() as conn:
                delete_data(conn, **kwargs)
        assert everything(loaded) == before, kwargs


def test_unlock_allows_writing_again(loaded, tmp_path):
    lock_period(loaded, 2022, "VB", WHO)
    held = unlock_period(loaded, 2022, "VB", "admin2@exempelstad.se")
    assert held.locked_by == WHO and lock_of(loaded, 2022, "VB") is None
    assert fetch(loaded, select(goal_light_snapshot.c.goal_id)).is_empty()
    assert import_bundle(loaded, bundle_with(tmp_path, values=changed_value(2022, "VB"))).ok
    with loaded.begin() as conn:
        assert delete_data(conn, year=2022)


def test_assert_unlocked_names_the_lock(loaded):
    info = lock_period(loaded, 2022, "VB", WHO)
    with loaded.begin() as conn:
        assert_unlocked(conn, 2022, "T2")
        with pytest.raises(PeriodLocked) as err:
            assert_unlocked(conn, 2022, "VB", "ändringen av självskattningen")
    assert str(err.value).startswith(f"{info.describe()}; ändringen av självskattningen "
                                     "skulle ändra den och avbröts")


def test_the_kolada_fetch_cannot_change_a_locked_period(loaded):
    from ils import kolada
    from queries.write.kolada_store import write_kolada

    lock_period(loaded, 2022, "VB", WHO)
    before = everything(loaded)
    rows = city().values.filter((pl.col("period") == "VB") & (pl.col("org_id") == "stad")
                                & (pl.col("indicator_id") == "ind-las")).with_columns(
        outcome=pl.lit(99.0), source=pl.lit("Kolada"))
    plan = kolada.Plan(kpi_indicators={"N1": ["ind-las"]}, city=None, units={}, peers=(),
                       years=(2022,))
    with pytest.raises(PeriodLocked, match="Kolada-hämtningen skulle ändra den"):
        write_kolada(loaded, plan, rows, pl.DataFrame(), True, rules_periods.DEFAULT_PARAMS)
    assert everything(loaded) == before


# --- what views show ---------------------------------------------------------------------------

def test_a_locked_period_shows_its_snapshot_after_the_rules_change(loaded, monkeypatch):
    vb_goals = lights.read_goal_lights(loaded, 2022, "VB")
    vb_ind = lights.read_indicator_lights(loaded, 2022, "VB")
    lock_period(loaded, 2022, "VB", WHO)
    monkeypatch.setenv("KONTROLLRUM_TOLERANCE", "0.25")
    monkeypatch.setenv("KONTROLLRUM_GREEN_THRESHOLD", "0.6")
    monkeypatch.setenv("KONTROLLRUM_YELLOW_THRESHOLD", "0.3")
    assert lights.configured_params() == OTHER
    assert lights.ensure_lights(loaded, lights.configured_params())
    ind_other, goals_other = rules_periods.all_lights(city(), OTHER)
    # the rules now give other VB lights, the stored ones follow them, the views do not
    assert not goals_other.filter(pl.col("period") == "VB").equals(vb_goals)
    assert_frame_equal(lights.read_goal_lights(loaded, 2022, "VB"), vb_goals)
    assert_frame_equal(lights.read_indicator_lights(loaded, 2022, "VB"), vb_ind)
    # an open period follows the new rules
    assert_frame_equal(lights.read_goal_lights(loaded, 2022, "T2"),
                       goals_other.filter(pl.col("period") == "T2"))
    # over time: the locked period's rows from the snapshot, the others fresh, narrowed alike
    over = lights.read_goal_lights(loaded)
    assert_frame_equal(over, pl.concat([goals_other.filter(pl.col("period") == "T2"), vb_goals])
                       .sort(lights.GOAL_ORDER))
    some = lights.read_indicator_lights(loaded, org_ids=["norrby"], indicator_ids=["ind-las"])
    assert_frame_equal(some.filter(pl.col("period") == "VB"), vb_ind.filter(
        (pl.col("org_id") == "norrby") & (pl.col("indicator_id") == "ind-las")))
    assert some.height == 2
    # unlocked: the period is computed with the rules in force again
    unlock_period(loaded, 2022, "VB", WHO)
    assert_frame_equal(lights.read_goal_lights(loaded), goals_other)


# --- an old database ------------------------------------------------------------------------

def test_a_database_made_before_locking_gets_the_new_tables(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    new = {"period_lock", "goal_light_snapshot", "indicator_light_snapshot"}
    old = make_engine(url)
    replace_dataset(old, city(), {"demo": "1"})
    with old.begin() as conn:
        for name in new:
            metadata.tables[name].drop(conn)
    old.dispose()
    engine = make_engine(url)  # what every process does on its first use of the database
    assert lock_period(engine, 2022, "VB", WHO).period == "VB"
    assert locks(engine).height == 1
    engine.dispose()


def test_the_why_dialog_of_a_locked_period_names_the_rules_it_was_locked_with(
        loaded, monkeypatch):
    from ils.labels import fmt_number
    from pagekit.explain import explain_goal
    from tests.dash_tree import text

    monkeypatch.setenv("KONTROLLRUM_DB", loaded.url.render_as_string(hide_password=False))
    import app  # noqa: F401

    lock_period(loaded, 2022, "VB", WHO)
    for name, value in (("TOLERANCE", "0.25"), ("GREEN_THRESHOLD", "0.6"),
                        ("YELLOW_THRESHOLD", "0.3")):
        monkeypatch.setenv(f"KONTROLLRUM_{name}", value)
    then = rules_periods.DEFAULT_PARAMS

    def limits(p):
        return f"grönt vid minst {fmt_number(p.green_threshold, 2)}"

    locked = text(explain_goal("vom11", "norrby", 2022, "VB")[1])
    assert limits(then) in locked and limits(OTHER) not in locked
    open_now = text(explain_goal("vom11", "norrby", 2022, "T2")[1])
    assert limits(OTHER) in open_now
