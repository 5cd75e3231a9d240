"""How a view-cache entry is written and read: a signed, type-tagged tree, never `pickle`.

Reading an entry runs no code from it. The value is a tree of exactly the types the views
cache, each tagged:

- `None`, `bool`, `int`, `float`, `str` as JSON;
- `list` as a JSON list; `tuple`, `set`, `frozenset`, `dict` (any hashable keys),
  `datetime.date` and `datetime.datetime` as `{"t": <tag>, "v": ...}`;
- `polars.DataFrame` and `polars.Series` as Arrow IPC streams beside the JSON
  (`{"t": "frame", "v": <index>}`);
- the views' own frozen dataclasses, **only those named in `DATACLASSES`**, as
  `{"t": "dc", "n": <module.Name>, "v": {field: value}}`.

Anything else is a programming error (`TypeError` on writing, which the tests catch), never
guessed at. On reading, a dataclass name that is not in `DATACLASSES` is a damaged entry.

An entry is `MAGIC | HMAC-SHA256 | body`; the MAC covers the magic, the entry's cache key and
the body, so an entry is good only under the key it was written for (an entry of a viewer who
sees drafts copied under another viewer's key is refused). A forged, truncated, unsigned or
foreign entry raises `BadEntry`, which the cache takes as a miss.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hmac
import importlib
import io
import json
import struct
from hashlib import sha256
from typing import Any

import polars as pl

MAGIC = b"KRC1"
MAC_SIZE = 32

# The dataclasses the views cache (module, class name). Adding a view that caches a new
# dataclass means adding it here; tests/test_cache_entry.py loads every view and fails with the
# missing name otherwise.
DATACLASSES: frozenset[str] = frozenset({
    "components.context.PeriodContext",
    "ils.assessing.PublishSummary",
    "ils.model.Dataset",
    "ils.rules_periods.RuleParams",
    "queries.scope.Seen",
    "queries.read.agenda_views.Agenda",
    "queries.read.org_views.OrgData",
    "queries.read.comparison_views.Scope",
    "pages.indikator.data.IndikatorData",
    "pages.jamforelse.data.TrendData",
    "pages.jamforelse.data.PeriodsData",
    "pages.mal.data.VomData",
    "pages.mal.data.ImData",
    "pages.mal.data.LowerData",
    "pages.mal.data.MalData",
    "pages.namnd.data.Changes",
    "pages.om.data.AboutData",
    "pages.prognoser.data.YearData",
    "pages.prognoser.data.YearsData",
    "pages.start.data.StartData",
    "pages.styrsignaler.data.SignalsData",
    "pages.styrsignaler.data.ListYear",
})


class BadEntry(Exception):  # noqa: N818 - a state: the entry is not ours or is damaged
    """The entry is forged, truncated, unsigned, foreign to its key or unreadable."""


def _name(cls: type) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


class _Writer:
    def __init__(self) -> None:
        self.frames: list[bytes] = []

    def _frame(self, df: pl.DataFrame) -> int:
        buf = io.BytesIO()
        df.write_ipc(buf, compression="uncompressed")
        self.frames.append(buf.getvalue())
        return len(self.frames) - 1

    def enc(self, x: Any) -> Any:  # noqa: PLR0911 - one branch per supported type
        if x is None or type(x) in (bool, int, float, str):
            return x
        if type(x) is list:
            return [self.enc(v) for v in x]
        if type(x) is tuple:
            return {"t": "tuple", "v": [self.enc(v) for v in x]}
        if type(x) in (set, frozenset):
            return {"t": type(x).__name__, "v": [self.enc(v) for v in x]}
        if type(x) is dict:
            return {"t": "dict", "v": [[self.enc(k), self.enc(v)] for k, v in x.items()]}
        if type(x) is dt.datetime:
            return {"t": "datetime", "v": x.isoformat()}
        if type(x) is dt.date:
            return {"t": "date", "v": x.isoformat()}
        if type(x) is pl.DataFrame:
            return {"t": "frame", "v": self._frame(x)}
        if type(x) is pl.Series:
            return {"t": "series", "v": self._frame(x.to_frame())}
        if dataclasses.is_dataclass(x) and not isinstance(x, type):
            name = _name(type(x))
            if name not in DATACLASSES:
                raise TypeError(f"cache: {name} is not a cacheable dataclass (queries/"
                                "cache_entry.py DATACLASSES)")
            return {"t": "dc", "n": name,
                    "v": {f.name: self.enc(getattr(x, f.name)) for f in dataclasses.fields(x)}}
        raise TypeError(f"cache: a {_name(type(x))} cannot be cached (queries/cache_entry.py)")


def _dataclass(name: str) -> type:
    if name not in DATACLASSES:
        raise BadEntry(f"unknown dataclass {name[:80]!r}")
    module, _, cls = name.rpartition(".")
    got = getattr(importlib.import_module(module), cls, None)
    if not (isinstance(got, type) and dataclasses.is_dataclass(got)):
        raise BadEntry(f"{name} is not a dataclass")
    return got


class _Reader:
    def __init__(self, frames: list[bytes]) -> None:
        self.frames = frames

    def _frame(self, i: Any) -> pl.DataFrame:
        if type(i) is not int or not 0 <= i < len(self.frames):
            raise BadEntry("bad frame reference")
        return pl.read_ipc(io.BytesIO(self.frames[i]))

    def dec(self, x: Any) -> Any:  # noqa: PLR0911
        if x is None or isinstance(x, bool | int | float | str):
            return x
        if type(x) is list:
            return [self.dec(v) for v in x]
        if type(x) is not dict:
            raise BadEntry("bad node")
        tag, v = x.get("t"), x.get("v")
        if tag in ("tuple", "set", "frozenset", "dict") and type(v) is not list:
            raise BadEntry("bad sequence")
        if tag == "tuple":
            return tuple(self.dec(i) for i in v)
        if tag == "set":
            return {self.dec(i) for i in v}
        if tag == "frozenset":
            return frozenset(self.dec(i) for i in v)
        if tag == "dict":
            if not all(type(p) is list and len(p) == 2 for p in v):
                raise BadEntry("bad dict")
            return {self.dec(k): self.dec(val) for k, val in v}
        if tag in ("date", "datetime") and type(v) is str:
            return (dt.date if tag == "date" else dt.datetime).fromisoformat(v)
        if tag == "frame":
            return self._frame(v)
        if tag == "series":
            df = self._frame(v)
            return df.to_series(0)
        if tag == "dc" and type(v) is dict:
            cls = _dataclass(str(x.get("n")))
            fields = {f.name: f for f in dataclasses.fields(cls)}
            if set(v) != set(fields):
                raise BadEntry("dataclass fields differ")
            values = {k: self.dec(val) for k, val in v.items()}
            obj = cls(**{k: val for k, val in values.items() if fields[k].init})
            for k, val in values.items():
                if not fields[k].init:
                    object.__setattr__(obj, k, val)
            return obj
        raise BadEntry(f"unknown tag {str(tag)[:20]!r}")


def _mac(secret: bytes, key: str, body: bytes) -> bytes:
    return hmac.new(secret, MAGIC + key.encode() + b"\0" + body, sha256).digest()


def dumps(value: Any, *, key: str, secret: bytes) -> bytes:
    """The signed entry for `value` under cache key `key`; `TypeError` for a type the cache
    does not take."""
    w = _Writer()
    tree = json.dumps(w.enc(value), separators=(",", ":"), allow_nan=True).encode()
    parts = [struct.pack(">II", len(tree), len(w.frames)), tree]
    for f in w.frames:
        parts += [struct.pack(">Q", len(f)), f]
    body = b"".join(parts)
    return MAGIC + _mac(secret, key, body) + body


def loads(raw: bytes, *, key: str, secret: bytes) -> Any:
    """The value of a signed entry; `BadEntry` unless it is whole and signed for `key`."""
    if not isinstance(raw, bytes) or len(raw) < len(MAGIC) + MAC_SIZE + 8 \
            or not raw.startswith(MAGIC):
        raise BadEntry("not a signed entry")
    mac, body = raw[len(MAGIC):len(MAGIC) + MAC_SIZE], raw[len(MAGIC) + MAC_SIZE:]
    if not hmac.compare_digest(mac, _mac(secret, key, body)):
        raise BadEntry("bad signature")
    try:  # signed by us: the rest can only fail through a bug, still never runs code
        n_tree, n_frames = struct.unpack_from(">II", body, 0)
        pos = 8
        tree = json.loads(body[pos:pos + n_tree])
        pos += n_tree
        frames = []
        for _ in range(n_frames):
            (n,) = struct.unpack_from(">Q", body, pos)
            frames.append(body[pos + 8:pos + 8 + n])
            pos += 8 + n
        return _Reader(frames).dec(tree)
    except BadEntry:
        raise
    except Exception as exc:  # noqa: BLE001
        raise BadEntry(f"unreadable: {type(exc).__name__}") from None
