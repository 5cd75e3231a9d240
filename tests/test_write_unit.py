"""The one write unit (issue 18 item 1): every writer takes the write lock before it reads,
the import cannot overwrite a draft saved while it runs, the history is what was stored;
data versions scoped to (year, period) (issue 19 item 3, issue 20 item 4); stored lights
carry the rules' version (issue 19 item 5)."""

from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import event, select

from ils import rules_periods
from ils.access import Viewer
from ils.notes import item_key
from queries import cache
from queries.schema import assessment, assessment_history, light_state
from queries.scope import acting_as
from queries.versions import with_previous
from queries.write import lights
from queries.write.assessments_write import publish_period, save_assessment
from queries.write.store import replace_dataset
from queries.write.write_common import Locked
from tests.fixture_city import city

ROOT = Path(__file__).resolve().parents[1]
NORA = Viewer(role="namnd", orgs=("norrby",), name="Nora Norrby")
SIV = Viewer(role="slk", name="Siv Controller")
ADA = Viewer(role="admin", name="Ada Admin")
LONG = "Prognosen bygger på höstens mätning och vi räknar med att den håller."
REDIS_URL = os.environ.get("KONTROLLRUM_TEST_REDIS", "redis://127.0.0.1:6379/15")


@pytest.fixture
def db(engine):
    replace_dataset(engine, city(), {"demo": "1"})
    return engine


# The unit's own user (a board's users assess their own board only, RULES.md §9).
ALDRE = Viewer(role="namnd", orgs=("norrby-aldre",), name="Åsa Äldre", subject="u-aldre")


def save(engine, text=LONG, version=0, period="T2", org_id="norrby", viewer=NORA):
    return save_assessment(engine, viewer, "vom11", org_id, 2022, period, "uppfyllt",
                           "indikatorer", text, version)


def row(engine, period="T2", org_id="norrby") -> dict:
    a = assessment.c
    with engine.connect() as conn:
        got = conn.execute(select(assessment).where(
            (a.goal_id == "vom11") & (a.org_id == org_id) & (a.year == 2022)
            & (a.period == period))).first()
    return dict(got._mapping)


def replayed_history(engine, period="T2", org_id="norrby") -> dict:
    h = assessment_history.c
    with engine.connect() as conn:
        got = conn.execute(select(h.new_values).where(
            (h.goal_id == "vom11") & (h.org_id == org_id) & (h.year == 2022)
            & (h.period == period)).order_by(h.id)).scalars().all()
    state: dict = {}
    for new in got:
        state.update(json.loads(new) if new else {})
    return state


# --- the discipline ----------------------------------------------------------------------------

ALLOWED = {"queries/write/write_unit.py",  # the unit itself
           "queries/write/lights.py",  # `ensure_lights`: derived lights, under the same lock
           "queries/migrate.py"}  # schema, not data


def test_no_writer_opens_a_transaction_of_its_own():
    """Every write goes through `queries.write.write_unit`: no other module of queries/, cli/,
    pages/ or components/ begins a transaction, renews a data version or takes the write lock
    itself. A transaction that writes no data (e.g. a sign-in session) says so on its line:
    `# write-unit: not data (why)`."""
    pattern = re.compile(r"\.begin\(\)|new_data_version\(|data_changed\(|renew_periods\("
                         r"|write_lock\(")
    found = []
    for folder in ("queries", "cli", "pages", "components"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel in ALLOWED:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if "write-unit: not data" in line or line.lstrip().startswith("def "):
                    continue
                if pattern.search(line.split("#")[0]):
                    found.append(f"{rel}:{n}: {line.strip()}")
    assert found == [], "use queries.write.write_unit.write_unit:\n" + "\n".join(found)


def _lock_statement(statement: str) -> bool:
    s = statement.lower()
    return "pg_advisory_xact_lock" in s or s.startswith("update light_state")


def test_every_writer_takes_the_lock_before_it_reads(db, tmp_path):
    """The first statement of each writing transaction is the write lock (issue 18: the
    import read which rows were saved in the app before it took the lock)."""
    transactions: list[list[str]] = []

    @event.listens_for(db, "begin")
    def began(conn):
        transactions.append([])

    @event.listens_for(db, "before_cursor_execute")
    def statement(conn, cursor, sql, params, context, many):
        if transactions:
            transactions[-1].append(sql.strip())

    from ils import kolada
    from ils.interchange.bundle_write import write_any
    from queries.read.dataset import load_dataset
    from queries.write.importer import import_bundle
    from queries.write.kolada_store import write_kolada
    from queries.write.lock_writes import lock_period, unlock_period
    from queries.write.notes_write import answer_question, save_note
    from queries.write.removal import remove
    from queries.write.write_unit import ALL, write_unit

    with acting_as(ADA):
        ds = load_dataset(db)
    bundle = tmp_path / "bundle"
    write_any(ds, bundle)
    transactions.clear()
    save(db)
    key = item_key(year=2022, period="T2", kind="prognos_gron", goal_id="vom11",
                   org_id="norrby", indicator_id="ind-las")
    save_note(db, SIV, key, "Anteckning", None, "oppen", "Varför?", 0)
    answer_question(db, NORA, key, "Därför.", 1)
    with acting_as(NORA):
        publish_period(db, NORA, "norrby", 2022, "T2", {"vom11": 1})
    assert import_bundle(db, bundle).ok
    rows = city().values.filter((pl.col("period") == "VB") & (pl.col("org_id") == "stad")
                                & (pl.col("indicator_id") == "ind-las")).with_columns(
        outcome=pl.lit(99.0), source=pl.lit("Kolada"))
    plan = kolada.Plan(kpi_indicators={"N1": ["ind-las"]}, city=None, units={}, peers=(),
                       years=(2022,))
    write_kolada(db, plan, rows, pl.DataFrame(), True, rules_periods.DEFAULT_PARAMS)
    lock_period(db, 2022, "VB", "Ada")
    unlock_period(db, 2022, "VB", "Ada")
    with write_unit(db, "borttagningen", watch=ALL) as unit:
        remove(unit.conn, 2022, None, "ind-las")
        unit.base_changed()
    event.remove(db, "begin", began)
    event.remove(db, "before_cursor_execute", statement)
    writing = [t for t in transactions if any(
        re.match(r"(insert|update|delete)\b", s, re.I) and not _lock_statement(s) for s in t)]
    assert len(writing) == 9  # save, note, answer, publish, import, Kolada, lock, unlock, delete
    assert [t[0] for t in writing if not _lock_statement(t[0])] == []


def test_a_draft_saved_while_an_import_runs_is_not_overwritten(db, tmp_path, monkeypatch):
    """Issue 18: the user saves while an import of an older bundle is on its way. Whoever
    gets the lock first, the acknowledged save stays, and the history tells the row."""
    from ils.interchange.bundle_write import write_any
    from queries.read.dataset import load_dataset
    from queries.write import assessments_write, importer

    save(db, text="Första texten: prognosen bygger på höstens mätning, den håller nog.")
    with acting_as(ADA):
        write_any(load_dataset(db), tmp_path / "old")  # the bundle holds the first text
    inside, go = threading.Event(), threading.Event()
    real_check = assessments_write.check_entry

    def slow_check(*args, **kwargs):  # the save holds the write lock here
        inside.set()
        go.wait(10)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(assessments_write, "check_entry", slow_check)
    read_at: list[float] = []
    real_refused = importer.app_work.refused_rows

    def watched_refused(*args, **kwargs):
        read_at.append(time.monotonic())
        return real_refused(*args, **kwargs)

    monkeypatch.setattr(importer.app_work, "refused_rows", watched_refused)
    got: dict = {}
    saver = threading.Thread(target=lambda: got.setdefault("saved", save(db, version=1)))
    saver.start()
    assert inside.wait(10)
    report: dict = {}
    importing = threading.Thread(
        target=lambda: report.setdefault("r", importer.import_bundle(db, tmp_path / "old")))
    importing.start()
    time.sleep(0.5)
    assert read_at == []  # the import waits for the lock before it reads anything
    released = time.monotonic()
    go.set()
    saver.join(15)
    importing.join(15)
    assert got["saved"].version == 2
    assert read_at and read_at[0] >= released
    assert not report["r"].ok  # the row was saved in the app: refused, nothing written
    assert "har ändrats i Kontrollrum" in report["r"].errors[0].message
    stored = row(db)
    assert (stored["motivation"], stored["version"], stored["updated_by"]) == (
        LONG, 2, "Nora Norrby")
    history = replayed_history(db)
    assert {k: stored[k] for k in ("assessment", "basis", "motivation", "status")} == {
        k: history[k] for k in ("assessment", "basis", "motivation", "status")}


def test_a_save_waiting_more_than_five_seconds_for_the_lock_still_saves(db, monkeypatch):
    """Ten users saving at once (bench/web.py's mixed load) got "database is locked" on about
    one save in 300 on SQLite: a writer gave up after Python's default five seconds, and
    SQLite's waiting is not fair. A save that waits longer behind another one saves."""
    from queries.write import assessments_write

    inside, go = threading.Event(), threading.Event()
    real_check = assessments_write.check_entry

    def slow_check(*args, **kwargs):  # the first save holds the write lock here for 6 s
        if not inside.is_set():
            inside.set()
            go.wait(10)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(assessments_write, "check_entry", slow_check)
    got: dict = {}
    holder = threading.Thread(target=lambda: got.setdefault("first", save(db)))
    holder.start()
    assert inside.wait(10)
    waiter = threading.Thread(target=lambda: got.setdefault(
        "second", save(db, org_id="norrby-aldre", viewer=ALDRE)))
    waiter.start()
    time.sleep(6)  # longer than the default busy timeout
    go.set()
    holder.join(20)
    waiter.join(20)
    assert got["first"].version == 1 and got["second"].version == 1
    assert row(db, org_id="norrby-aldre")["motivation"] == LONG


def test_the_history_is_what_was_stored(db):
    save(db)
    save(db, text=LONG + " Mer.", version=1)
    stored = row(db)
    assert replayed_history(db) == {k: stored[k] for k in (
        "assessment", "basis", "motivation", "status")}


def test_a_locked_period_refuses_a_save_before_anything_is_written(db):
    from queries.write.lock_writes import lock_period

    lock_period(db, 2022, "T2", "Ada")
    with pytest.raises(Locked, match="sparandet av bedömningen avbröts och inget ändrades. Bara en "
                                     "administratör kan låsa upp"):
        save(db)
    assert replayed_history(db) == {}


# --- data versions scoped to (year, period) ------------------------------------------------------

def counter():
    calls = []

    def compute():
        calls.append(1)
        return len(calls)
    return calls, compute


def test_a_draft_save_renews_only_its_periods_version(db, monkeypatch):
    monkeypatch.delenv(cache.REDIS_ENV, raising=False)
    cache._store_for.cache_clear()  # noqa: SLF001 - a fresh local store for this test
    views = {"t2": with_previous(2022, "T2"), "vb": with_previous(2022, "VB"),
             "t1": with_previous(2022, "T1"), "base": (), "all": None}
    calls = {name: counter() for name in views}

    def read_all():
        with acting_as(SIV):  # sees every draft
            return {name: cache.cached(db, "v", {"name": name}, calls[name][1], periods=p)
                    for name, p in views.items()}

    assert read_all() == dict.fromkeys(views, 1)
    assert read_all() == dict.fromkeys(views, 1)  # all from the cache
    save(db, period="VB", org_id="norrby-aldre", viewer=ALDRE)  # a draft of 2022 VB
    # VB's views and those over every period let go; T2, T1 and base data stay valid
    assert read_all() == {"t2": 1, "vb": 2, "t1": 1, "base": 1, "all": 2}
    save(db)  # a draft of 2022 T2: VB shows T2 as its previous period
    assert read_all() == {"t2": 2, "vb": 3, "t1": 1, "base": 1, "all": 3}
    with acting_as(NORA):
        publish_period(db, NORA, "norrby", 2022, "T2", {"vom11": 1})  # stored lights change
    assert read_all() == {"t2": 3, "vb": 4, "t1": 2, "base": 2, "all": 4}


def test_a_draft_save_leaves_the_views_of_a_viewer_without_drafts_cached(db, monkeypatch):
    """The public and the city's readers see no drafts: a save (of any period) changes
    nothing they see, so their views stay cached; a publication (stored lights) does not."""
    monkeypatch.delenv(cache.REDIS_ENV, raising=False)
    cache._store_for.cache_clear()  # noqa: SLF001 - a fresh local store for this test
    calls, compute = counter()
    reader = Viewer(role="lasare", name="Kim Läsare")

    def read(viewer):
        with acting_as(viewer):
            return cache.cached(db, "v", None, compute, periods=with_previous(2022, "VB"))

    assert (read(reader), read(SIV)) == (1, 2)
    save(db, period="VB", org_id="norrby-aldre", viewer=ALDRE)
    save(db)
    assert read(reader) == 1  # still the entry from before the saves
    assert read(SIV) == 3  # who sees drafts reads again
    with acting_as(NORA):
        publish_period(db, NORA, "norrby", 2022, "T2", {"vom11": 1})
    assert read(reader) == 4


def test_views_of_base_data_stay_cached_across_a_draft_for_who_sees_drafts(db, monkeypatch):
    """The signals, the Kolada comparison and the forecasts of another year read no draft:
    a save leaves them cached even for a viewer who sees every draft."""
    monkeypatch.delenv(cache.REDIS_ENV, raising=False)
    monkeypatch.setenv("KONTROLLRUM_DB", str(db.url))
    cache._store_for.cache_clear()  # noqa: SLF001 - a fresh local store for this test
    import app  # noqa: F401  (page modules need the app)
    from pages.jamforelse import data as jamforelse
    from pages.prognoser import data as prognoser
    from pages.start import kolada_section
    from pages.styrsignaler import data as signals

    st = cache.store()
    written = []
    real_set = st.set
    monkeypatch.setattr(st, "set", lambda k, v: written.append(k.split(":")[2]) or real_set(k, v))
    args = {"ar": "2022", "period": "VB"}

    def show():
        with acting_as(SIV):
            signals.load(args), signals.load_list(args), signals.load_trend(args)
            signals.load_overlaps(args), kolada_section(signals.load(args).ctx)
            prognoser.load(2021), jamforelse.load({"ar": "2022", "period": "T1"})

    show()
    assert {"styrsignaler", "styrsignaler-overlap", "kolada_cmp", "prognoser",
            "jamforelse"} <= set(written)
    written.clear()
    save(db)  # a draft of 2022 T2
    show()
    assert written == []


def test_after_a_draft_the_start_page_and_agenda_reread_no_indicator_light(db, monkeypatch):
    """A draft changes goal lights (for who sees it), never indicator lights: the start page
    and the agenda, recomputed after a save, take the stored indicator lights from the cache."""
    monkeypatch.delenv(cache.REDIS_ENV, raising=False)
    monkeypatch.setenv("KONTROLLRUM_DB", str(db.url))
    cache._store_for.cache_clear()  # noqa: SLF001 - a fresh local store for this test
    import app  # noqa: F401  (page modules need the app)
    from pages.mote import data as mote
    from pages.start import data as start
    from queries.read import views

    reads = []
    real = lights.read_indicator_lights

    def counted(*a, **k):
        reads.append(a[1:3])
        return real(*a, **k)

    for module in (lights, views, start):
        monkeypatch.setattr(module, "read_indicator_lights", counted, raising=False)
    args = {"ar": "2022", "period": "T2"}

    def show():
        with acting_as(SIV):
            return start.load(args), mote.load(args)

    show()
    assert reads
    reads.clear()
    save(db)  # a draft of 2022 T2
    got = show()
    assert reads == []
    assert got[1].agenda.items.height  # recomputed, with the cached indicator lights


@pytest.fixture
def redis_url():
    import redis

    try:
        client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
        client.ping()
    except Exception as exc:  # noqa: BLE001 - no Redis here
        if os.environ.get("KONTROLLRUM_REQUIRE_REDIS") == "1":
            pytest.fail(f"KONTROLLRUM_REQUIRE_REDIS=1 but Redis at {REDIS_URL}: {exc}")
        pytest.skip(f"Redis not reachable at {REDIS_URL} ({exc})")
    client.flushdb()
    yield REDIS_URL
    client.flushdb()


def test_a_draft_save_leaves_other_periods_views_cached_in_redis(tmp_path, monkeypatch,
                                                                  redis_url):
    """With the real Redis: the board page of 2022 T2 stays cached across a draft saved for
    2022 VB (and is read again after a draft of T2 itself)."""
    from queries.db import make_engine

    url = f"sqlite:///{tmp_path / 'r.db'}"
    engine = make_engine(url)
    replace_dataset(engine, city(), {"demo": "1"})
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    monkeypatch.setenv(cache.REDIS_ENV, redis_url)
    monkeypatch.setenv(cache.SECRET_ENV, "test-secret-key-for-the-view-cache-0123456789")
    import app  # noqa: F401  (page modules need the app)
    from pages.namnd import data as namnd

    assert isinstance(cache.store(), cache.RedisStore)
    loads = []
    real = namnd.load_org
    monkeypatch.setattr(namnd, "load_org", lambda *a, **k: loads.append(a[2:4]) or real(*a, **k))

    def show(period):
        with acting_as(NORA):
            return namnd.load({"org_id": "norrby", "ar": "2022", "period": period})

    show("T2"), show("VB")
    assert loads == [(2022, "T2"), (2022, "VB")]
    show("T2"), show("VB")
    assert len(loads) == 2  # both from Redis
    save(engine, period="VB", org_id="norrby-aldre", viewer=ALDRE)
    got = show("T2")
    assert len(loads) == 2 and got.got is not None  # T2's view is still valid
    show("VB")
    assert loads[2:] == [(2022, "VB")]  # VB's is read again
    save(engine)  # a draft of T2
    show("T2")
    assert loads[3:] == [(2022, "T2")]
    engine.dispose()


# --- stored lights carry the rules' version ------------------------------------------------------

def test_stored_lights_are_recomputed_when_the_rules_version_changes(db, monkeypatch):
    from ils import rules_version

    def stored_version():
        with db.connect() as conn:
            return conn.execute(select(light_state.c.rules_version)).scalar()

    assert stored_version() == rules_version.rules_version()
    assert lights.ensure_lights(db, rules_periods.DEFAULT_PARAMS) is False  # up to date
    before = lights.current_data_version(db)
    monkeypatch.setattr(lights, "rules_version", lambda: "2-deployed")  # a new deploy
    assert lights.stored_params(db) is None  # not the running rules' lights
    from queries.read import views

    got = views.lights(db, 2022, "VB", rules_periods.DEFAULT_PARAMS)  # the next read
    assert stored_version() == "2-deployed"
    assert lights.current_data_version(db) != before  # cached views let go too
    assert not got.goals.is_empty()
    assert lights.ensure_lights(db, rules_periods.DEFAULT_PARAMS) is False


def test_the_rules_version_follows_the_rules_source(monkeypatch):
    import inspect

    from ils import rules_version

    first = rules_version.rules_version()
    assert first.startswith(f"{rules_version.REVISION}-")
    rules_version.rules_version.cache_clear()
    real = inspect.getsource
    monkeypatch.setattr(inspect, "getsource",
                        lambda m: real(m) + ("# changed\n" if m.__name__ == "ils.rules_periods"
                                             else ""))
    try:
        assert rules_version.rules_version() != first
    finally:
        rules_version.rules_version.cache_clear()
