"""View data cached per data version: in Redis when `KONTROLLRUM_REDIS_URL` is set (shared by
every gunicorn worker), else in a small per-process store with the same keys.

A key names the database, the view, its arguments and the **data version** (the
`data_version` row of `dataset_info`, renewed in the same transaction as every data change).
An import therefore invalidates every worker's entries at once: the next request reads the
new version and finds no entry under it. Old entries expire (Redis) or are pushed out (local).

A cache that fails (Redis down, an entry that cannot be read) is skipped, never an error: the
view's data is then computed as without a cache.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from queries import scope
from queries.versions import read_version

log = logging.getLogger("kontrollrum")

REDIS_ENV = "KONTROLLRUM_REDIS_URL"
TTL_SECONDS = 3600
LOCAL_ENTRIES = 256
PREFIX = "kontrollrum:"


def data_version(engine: Engine, periods=()) -> str:
    """The data version a view reading `periods` keys on (`queries.versions`: the global one,
    renewed by every change of base data, and the versions of the (year, period) pairs the
    view reads drafts, notes or answers of, renewed by a save for that period; `()`: base
    data only; None: any period, the default of `cached`). "0" before any data was written."""
    return read_version(engine, periods)


class LocalStore:
    """A bounded in-process store (least recently used pushed out), safe across threads."""

    def __init__(self, size: int = LOCAL_ENTRIES):
        self.size = size
        self._lock = threading.Lock()
        self._items: OrderedDict[str, bytes] = OrderedDict()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            got = self._items.get(key)
            if got is not None:
                self._items.move_to_end(key)
            return got

    def set(self, key: str, value: bytes) -> None:
        with self._lock:
            self._items[key] = value
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)


class RedisStore:
    """Entries in Redis with a time to live; any Redis error reads as a miss."""

    def __init__(self, url: str):
        import redis

        self.client = redis.Redis.from_url(url, socket_timeout=0.5, socket_connect_timeout=0.5)

    def get(self, key: str) -> bytes | None:
        try:
            return self.client.get(key)
        except Exception as exc:  # noqa: BLE001 - a cache outage is not the user's problem
            log.warning("cache: redis get failed: %s", exc)
            return None

    def set(self, key: str, value: bytes) -> None:
        try:
            self.client.set(key, value, ex=TTL_SECONDS)
        except Exception as exc:  # noqa: BLE001
            log.warning("cache: redis set failed: %s", exc)


@functools.cache
def _store_for(redis_url: str | None) -> LocalStore | RedisStore:
    return RedisStore(redis_url) if redis_url else LocalStore()


def store() -> LocalStore | RedisStore:
    """The process's store (made once per configuration, like the engine)."""
    return _store_for(os.environ.get(REDIS_ENV) or None)


def cache_key(engine: Engine, view: str, args: Any, version: str) -> str:
    """The entry's key: the database, the view, its arguments, the data version and what the
    current viewer may see (`Access.key`: viewers who see different drafts never share)."""
    raw = json.dumps(args, sort_keys=True, default=str)
    seen = scope.access().key
    digest = hashlib.sha256(f"{engine.url}|{view}|{raw}|{seen}".encode()).hexdigest()[:32]
    return f"{PREFIX}{version}:{view}:{digest}"


class DataChanging(Exception):  # noqa: N818 - a state, shown to the user as such
    """The data changed (an import) every time a view was read: try again in a moment."""


TRIES = 3


def cached(engine: Engine, view: str, args: Any, compute: Callable[[], Any],
           periods=None) -> Any:
    """`compute()` for (view, args) at the database's current data version, from the cache
    when there; what it returns must pickle (polars frames, dataclasses, dicts do).

    Also the consistency check: every data change renews the version in its own
    transaction, so a result read while the version stayed the same saw one snapshot of the
    data. A result read across a change is thrown away and read again (`DataChanging` after
    `TRIES` changes in a row), so a page never mixes two imports.

    What the computation saw (drafts, locked periods: `queries.scope.Seen`) is stored with
    the value and replayed on a hit, so the page marks it either way."""
    st = store()
    for _ in range(TRIES):
        version = data_version(engine, periods)
        key = cache_key(engine, view, args, version)
        raw = st.get(key)
        if raw is not None:
            try:
                value, seen = pickle.loads(raw)  # noqa: S301 - our own entries, in our own store
                scope.replay(seen)
                return value
            except Exception as exc:  # noqa: BLE001 - a damaged entry is a miss
                log.warning("cache: unreadable entry %s: %s", key, exc)
        with scope.recording() as seen:
            value = compute()
        if data_version(engine, periods) == version:
            st.set(key, pickle.dumps((value, seen.copy()), protocol=pickle.HIGHEST_PROTOCOL))
            return value
    raise DataChanging(view)
