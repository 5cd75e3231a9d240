"""The view cache's entries (queries/cache_entry.py): no pickle, a signed type-tagged tree.

- every view of the demo city stores its data and reads back exactly the same (frames with
  their dtypes, dataclasses, tuples, dicts with tuple keys, dates);
- a type the views do not cache is a TypeError on writing (a programming error, not a miss);
- with the real Redis: a pickle payload that would run a command, written over every entry,
  runs nothing (the marker file is never created), is a miss logged once, and the pages
  still show the same; a tampered, truncated, unsigned or moved entry is a miss.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import logging
import math
import os
import pickle
from pathlib import Path

import polars as pl
import pytest

from queries import cache, cache_entry
from queries.db import make_engine
from tests.cache_support import REDIS_URL, SECRET, _ask, _worker, bump
from tests.conftest import load_sqlite

KEY = "kontrollrum:v1:view:abc"
SIGN = b"k" * 32


def same(a, b) -> bool:
    """Deep equality that compares frames (values and dtypes) and NaN as equal."""
    if type(a) is not type(b):
        return False
    if isinstance(a, pl.DataFrame):
        return a.schema == b.schema and a.equals(b, null_equal=True)
    if isinstance(a, pl.Series):
        return a.dtype == b.dtype and a.name == b.name and a.equals(b, null_equal=True)
    if dataclasses.is_dataclass(a):
        return all(same(getattr(a, f.name), getattr(b, f.name)) for f in dataclasses.fields(a))
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list | tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return a == b


def test_a_tree_of_every_supported_type_reads_back_the_same():
    value = (None, True, 3, 2.5, float("nan"), "å", [1, "x"], (1, (2,)), {1, 2},
             frozenset({"a"}), {(2022, "T2"): ("2022-05-01", "Anna"), "k": None},
             dt.date(2024, 5, 1), dt.datetime(2024, 5, 1, 12, 30),
             pl.DataFrame({"a": [1, None], "b": ["x", "y"], "d": [dt.date(2020, 1, 1), None]},
                          schema_overrides={"a": pl.Int32}),
             pl.Series("s", [1.5, None]), cache.scope.Seen(True, {(2022, "VB"): ("d", "w")}))
    got = cache_entry.loads(cache_entry.dumps(value, key=KEY, secret=SIGN), key=KEY, secret=SIGN)
    assert same(got, value)
    assert type(got[8]) is set and type(got[9]) is frozenset and type(got[7]) is tuple


class Unlisted:
    pass


@dataclasses.dataclass(frozen=True)
class UnlistedData:
    x: int


@pytest.mark.parametrize("value", [Unlisted(), UnlistedData(1), b"bytes", {"a": object()},
                                   [Path("/tmp")]])
def test_a_type_the_views_do_not_cache_is_a_programming_error(value):
    with pytest.raises(TypeError, match="cache"):
        cache_entry.dumps(value, key=KEY, secret=SIGN)


def test_a_pickle_an_unsigned_a_tampered_a_truncated_or_a_moved_entry_is_refused(tmp_path):
    good = cache_entry.dumps({"a": (1, 2)}, key=KEY, secret=SIGN)
    marker = tmp_path / "ran"
    bad = {
        "pickle": pickle.dumps(_Boom(marker)),
        "unsigned": good[:4] + b"\0" * 32 + good[36:],
        "tampered": good[:-2] + b"9}",
        "truncated": good[:-5],
        "empty": b"",
        "other key": good,
        "other secret": cache_entry.dumps({"a": (1, 2)}, key=KEY, secret=b"x" * 32),
    }
    for what, raw in bad.items():
        key = KEY + "2" if what == "other key" else KEY
        with pytest.raises(cache_entry.BadEntry):
            cache_entry.loads(raw, key=key, secret=SIGN)
    assert not marker.exists()
    assert cache_entry.loads(good, key=KEY, secret=SIGN) == {"a": (1, 2)}


class _Boom:
    """What an attacker writes into Redis: unpickling it runs a shell command."""

    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def test_a_signed_entry_naming_an_unlisted_class_is_refused():
    """Even with the key, an entry can only build the listed dataclasses."""
    import json
    import struct

    tree = json.dumps({"t": "dc", "n": "subprocess.Popen", "v": {}}).encode()
    body = struct.pack(">II", len(tree), 0) + tree
    raw = cache_entry.MAGIC + cache_entry._mac(SIGN, KEY, body) + body
    with pytest.raises(cache_entry.BadEntry, match="unknown dataclass"):
        cache_entry.loads(raw, key=KEY, secret=SIGN)


# --- every view of the demo city -------------------------------------------------------------


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    from ils.demo import demo_info, generate

    return load_sqlite(tmp_path_factory.mktemp("demo"), generate(), demo_info())


@pytest.fixture
def demo_app(demo_url, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DB", demo_url)
    import app  # noqa: F401  (the pages exist)

    return demo_url


def _ids():
    from queries.read.views import reference

    ref = reference(make_engine(os.environ["KONTROLLRUM_DB"]))

    def first(df, **eq):
        for k, v in eq.items():
            df = df.filter(pl.col(k) == v)
        return df["id"][0]
    return {"im": first(ref.goals, level="inriktningsmal"),
            "vom": first(ref.goals, level="verksamhetsomradesmal"),
            "nm": first(ref.goals, level="namndmal"),
            "ind": ref.indicators["id"][0],
            "namnd": first(ref.organisation, level="namnd"),
            "avd": first(ref.organisation, level="avdelning"),
            "enhet": first(ref.organisation, level="enhet")}


def _every_view() -> list:
    from ils.notes import item_key
    from pagekit import data as page_data
    from pagekit import search as web_search
    from pages.admin import data as adm
    from pages.avdelning import data as avd
    from pages.enhet import data as enh
    from pages.indikator import data as ind
    from pages.jamforelse import data as jmf
    from pages.mal import data as mal
    from pages.mote import data as mote
    from pages.namnd import data as nmd
    from pages.om import data as om
    from pages.prognoser import data as prg
    from pages.start import data as start
    from pages.styrsignaler import data as sig

    i = _ids()
    year = max(prg.forecast_years())
    now = page_data.period_context(None, None, page=False)
    y, p = now.year, now.period
    board = i["namnd"]
    item = item_key(y, p, "rod_gul", i["vom"], board)
    return [lambda: start.load({}), lambda: mal.load({"goal_id": i["im"]}),
            lambda: mal.load({"goal_id": i["vom"]}), lambda: mal.load({"goal_id": i["nm"]}),
            lambda: ind.load({"indicator_id": i["ind"]}),
            lambda: nmd.load({"org_id": i["namnd"]}), lambda: avd.load({"org_id": i["avd"]}),
            lambda: enh.load({"org_id": i["enhet"]}), lambda: om.load({}),
            lambda: mote.load({}), lambda: jmf.load({}), lambda: jmf.trend({"period": "T2"}),
            lambda: jmf.periods({"year": year}), lambda: prg.load(year),
            lambda: prg.years(None), lambda: sig.load({}), lambda: sig.load_list({}),
            lambda: sig.load_trend({}), lambda: sig.load_overlaps({}),
            lambda: web_search.search_index(make_engine(os.environ["KONTROLLRUM_DB"])),
            lambda: nmd.assess_form(board, y, p), lambda: nmd.preview(board, y, p),
            lambda: nmd.assessment_history(board, i["vom"], y, p),
            lambda: nmd.questions(board, y, p), lambda: nmd.kolada_rows([i["ind"]], y),
            lambda: mote.notes(y, p), lambda: mote.note_history(item),
            lambda: mal.goal_history(i["vom"], y, p), lambda: start.kolada_rows(y),
            lambda: adm.deadlines(), lambda: adm.boards()]


def test_every_view_of_the_demo_city_is_stored_and_read_back_the_same(demo_app, monkeypatch):
    monkeypatch.delenv(cache.REDIS_ENV, raising=False)
    st = cache.LocalStore(size=1000)
    monkeypatch.setattr(cache, "store", lambda: st)
    views = _every_view()
    first = [v() for v in views]  # computed (and stored: a TypeError here names the type)
    n = len(st._items)
    assert n >= len(views)
    again = [v() for v in views]  # read from the cache
    assert len(st._items) == n  # nothing computed again
    for a, b in zip(first, again, strict=True):
        assert a is not None and same(a, b), a


# --- with the real Redis -------------------------------------------------------------------


def _poison(client, payload: bytes) -> int:
    keys = client.keys(f"{cache.PREFIX}*")
    for k in keys:
        client.set(k, payload)
    return len(keys)


def test_a_pickle_written_over_every_redis_entry_runs_nothing_and_the_pages_still_show(
        demo_app, redis_url, monkeypatch, tmp_path, caplog):
    import redis

    from pages.mal import render as goal_page
    from pages.om import render as about_page
    from tests.dash_tree import text

    monkeypatch.setenv(cache.REDIS_ENV, redis_url)
    assert isinstance(cache.store(), cache.RedisStore)
    client = redis.Redis.from_url(redis_url)
    goal = _ids()["vom"]
    pages = [lambda: about_page({}), lambda: goal_page({"goal_id": goal})]
    before = [text(p()) for p in pages]
    assert "Inställningar som gäller" in before[0] and "Något gick fel" not in " ".join(before)
    marker = tmp_path / "owned"
    assert _poison(client, pickle.dumps(_Boom(marker))) >= 2
    with caplog.at_level(logging.WARNING, logger="kontrollrum"):
        after = [text(p()) for p in pages]  # refused, computed again, stored signed
        assert _poison(client, pickle.dumps(_Boom(marker))) >= 2
        for _ in range(3):
            assert [text(p()) for p in pages] == before
    assert not marker.exists()
    assert after == before
    refused = [r for r in caplog.records if "refused an entry" in r.getMessage()]
    views = {r.args[0] for r in refused}
    assert len(refused) == len(views) >= 2  # once per view and reason, not per request


def test_a_tampered_redis_entry_is_a_miss(db, redis_url, monkeypatch):
    import redis

    monkeypatch.setenv(cache.REDIS_ENV, redis_url)
    client = redis.Redis.from_url(redis_url)
    calls = []

    def compute():
        calls.append(1)
        return {"n": len(calls), "frame": pl.DataFrame({"a": [len(calls)]})}
    assert cache.cached(db, "t", {}, compute)["n"] == 1
    assert cache.cached(db, "t", {}, compute)["n"] == 1
    (key,) = client.keys(f"{cache.PREFIX}*")
    raw = client.get(key)
    client.set(key, raw.replace(b'"n"', b'"m"'))  # same length, signature no longer matches
    assert cache.cached(db, "t", {}, compute)["n"] == 2
    client.set(key, raw[:-10])  # truncated
    assert cache.cached(db, "t", {}, compute)["n"] == 3
    assert cache.cached(db, "t", {}, compute)["n"] == 3  # the rewritten entry is good again


def test_another_worker_given_a_pickle_entry_runs_nothing(tmp_path, redis_url):
    from sqlalchemy import text as sql

    url = f"sqlite:///{tmp_path / 'shared.db'}"
    engine = make_engine(url)
    with engine.begin() as conn:
        conn.execute(sql("insert into organisation (id, level, name) values ('s', 'stad', 'S')"))
    bump(engine, "one")
    import redis

    client = redis.Redis.from_url(redis_url)
    log = tmp_path / "computes.log"
    marker = tmp_path / "owned"
    w = _worker(url, redis_url, log)
    try:
        assert _ask(w) == "1"
        assert _poison(client, pickle.dumps(_Boom(marker))) == 1
        assert _ask(w) == "1"
        assert log.read_text().count("computed") == 2  # a miss: computed again
        assert not marker.exists()
    finally:
        w.stdin.write("quit\n")
        w.stdin.close()
        w.wait(timeout=30)
        engine.dispose()


def test_redis_without_the_secret_key_is_not_used(monkeypatch):
    monkeypatch.setenv(cache.REDIS_ENV, REDIS_URL)
    monkeypatch.delenv(cache.SECRET_ENV, raising=False)
    assert isinstance(cache.store(), cache.LocalStore)
    from ils.config import SettingError

    with pytest.raises(SettingError, match="KONTROLLRUM_SECRET_KEY"):
        cache.check_settings({cache.REDIS_ENV: REDIS_URL})
    cache.check_settings({cache.REDIS_ENV: REDIS_URL, cache.SECRET_ENV: SECRET})
    cache.check_settings({})


def test_every_listed_dataclass_exists(demo_app):
    for name in cache_entry.DATACLASSES:
        assert dataclasses.is_dataclass(cache_entry._dataclass(name)), name
