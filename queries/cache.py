"""View data cached per data version: in Redis when `KONTROLLRUM_REDIS_URL` is set (shared by
every gunicorn worker), else in a small per-process store with the same keys.

A key names the database, the view, its arguments and the **data version** (the
`data_version` row of `dataset_info`, renewed in the same transaction as every data change).
An import therefore invalidates every worker's entries at once: the next request reads the
new version and finds no entry under it. Old entries expire (Redis) or are pushed out (local).

A cache that fails (Redis down, an entry that cannot be read) is skipped, never an error: the
view's data is then computed as without a cache.

Entries are never pickled: `queries.cache_entry` writes a type-tagged tree (Arrow IPC for the
frames) signed with HMAC-SHA256 keyed from `KONTROLLRUM_SECRET_KEY`, so whoever can write to
Redis can neither run code in a worker nor plant data. A forged, truncated or unsigned entry
is a miss (logged once per process). Redis is used only with a secret key; without one the
cache stays in the process (its key then a random one of the process).
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine

from queries import cache_entry, scope
from queries.versions import read_version

log = logging.getLogger("kontrollrum")

REDIS_ENV = "KONTROLLRUM_REDIS_URL"
TTL_SECONDS = 3600
LOCAL_ENTRIES = 256
PREFIX = "kontrollrum:"
SECRET_ENV = "KONTROLLRUM_SECRET_KEY"
MIN_SECRET = 32  # as for the session cookie (components.auth_config)


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


_PROCESS_SECRET = secrets.token_bytes(32)  # signs entries that never leave the process


def _secret() -> str:
    return os.environ.get(SECRET_ENV, "").strip()


@functools.cache
def _store_for(redis_url: str | None, shared: bool) -> LocalStore | RedisStore:
    if redis_url and not shared:
        log.warning("cache: %s is set but %s is missing or shorter than %d characters: the "
                    "entries cannot be signed, so the cache stays in this process",
                    REDIS_ENV, SECRET_ENV, MIN_SECRET)
    return RedisStore(redis_url) if redis_url and shared else LocalStore()


def store() -> LocalStore | RedisStore:
    """The process's store (made once per configuration, like the engine)."""
    return _store_for(os.environ.get(REDIS_ENV) or None, len(_secret()) >= MIN_SECRET)


def signing_key(st: LocalStore | RedisStore) -> bytes:
    """The key that signs entries: from the app's secret key for Redis (shared by every
    worker), else the process's own."""
    if isinstance(st, RedisStore):
        return hashlib.sha256(b"kontrollrum view cache\0" + _secret().encode()).digest()
    return _PROCESS_SECRET


_refused: set[str] = set()


def _refuse_once(view: str, exc: Exception) -> None:
    """Log a refused entry once per view and reason in this process, not once per request."""
    what = f"{view}|{exc}"
    if what in _refused:
        return
    _refused.add(what)
    log.warning("cache: refused an entry of view %s (%s); read as a miss", view, exc)


def check_settings(env) -> None:
    """At start: a shared cache needs the secret key that signs its entries (SettingError,
    Swedish, otherwise)."""
    from ils.config import SettingError

    if (env.get(REDIS_ENV) or "").strip() and len((env.get(SECRET_ENV) or "").strip()) < MIN_SECRET:
        raise SettingError(f"{REDIS_ENV} kräver {SECRET_ENV} (minst {MIN_SECRET} tecken): "
                           "cachens poster i Redis signeras med den")


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
           periods=None, notes: bool = False) -> Any:
    """`compute()` for (view, args) at the database's current data version, from the cache
    when there; what it returns must be a type `queries.cache_entry` writes (else TypeError).
    `periods`: the (year, period) pairs the view reads drafts, notes or answers of
    (`queries.versions.with_previous` for a view with change arrows); `()` for a view of
    base data only; None (the default) for a view over every period.

    Also the consistency check: every data change renews the version in its own
    transaction, so a result read while the version stayed the same saw one snapshot of the
    data. A result read across a change is thrown away and read again (`DataChanging` after
    `TRIES` changes in a row), so a page never mixes two imports.

    What the computation saw (drafts, locked periods: `queries.scope.Seen`) is stored with
    the value and replayed on a hit, so the page marks it either way.

    A viewer who sees no drafts (the public, the city's readers) keys on the global version
    alone, whatever `periods` says: a period version is renewed by a draft, a note, an answer
    or a deadline, and of those a cached view reads only drafts (the round's status is read per
    request), which this viewer never sees. So a board's save leaves every reader's cached
    views valid. `notes`: the view reads notes or answers, which every viewer sees change with
    a save: it keys on its periods' versions for every viewer."""
    if not scope.access().sees_drafts and not notes:
        periods = ()
    st = store()
    secret = signing_key(st)
    for _ in range(TRIES):
        version = data_version(engine, periods)
        key = cache_key(engine, view, args, version)
        raw = st.get(key)
        if raw is not None:
            try:
                value, seen = cache_entry.loads(raw, key=key, secret=secret)
                if not isinstance(seen, scope.Seen):
                    raise cache_entry.BadEntry("no record of what the view saw")
                scope.replay(seen)
                return value
            except (cache_entry.BadEntry, ValueError, TypeError) as exc:  # a miss
                _refuse_once(view, exc)
        with scope.recording() as seen:
            value = compute()
        if data_version(engine, periods) == version:
            st.set(key, cache_entry.dumps((value, seen.copy()), key=key, secret=secret))
            return value
    raise DataChanging(view)
