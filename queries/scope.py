"""The viewer a piece of work is done for, and what that work showed (drafts, locks).

The web layer sets the viewer for each request (`web.auth`), the CLI acts as the
operator (`EVERYTHING`); code that reads data asks `access()` which drafts it may read. Both
are context variables: each request (each thread) has its own, nothing is shared.

`Seen` records what a request's data contained that the page must say: drafts ("Innehåller
utkast") and locked periods ("Låst <datum> av <vem>"). The cache stores it beside each
entry and replays it on a hit, so a page says it whether its data was computed or cached.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from ils.access import EVERYTHING, PUBLIC, Access, Viewer


@dataclass
class Seen:
    drafts: bool = False
    locks: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)

    def merge(self, other: Seen) -> None:
        self.drafts = self.drafts or other.drafts
        self.locks.update(other.locks)

    def copy(self) -> Seen:
        return Seen(self.drafts, dict(self.locks))


_viewer: ContextVar[Viewer] = ContextVar("kontrollrum_viewer", default=PUBLIC)
_operator: ContextVar[bool] = ContextVar("kontrollrum_operator", default=False)
_seen: ContextVar[Seen | None] = ContextVar("kontrollrum_seen", default=None)
_unreadable: ContextVar[bool] = ContextVar("kontrollrum_session_unreadable", default=False)


def viewer() -> Viewer:
    return _viewer.get()


def access() -> Access:
    """What the current work may read: the operator (CLI) everything, else the viewer's."""
    return EVERYTHING if _operator.get() else _viewer.get().access


def set_viewer(v: Viewer):
    """Set the viewer of the current request; returns the token for `reset_viewer`."""
    return _viewer.set(v)


def reset_viewer(token) -> None:
    _viewer.reset(token)


def set_session_unreadable():
    """The request carried a session the database could not be asked about (it is down): the
    viewer is the public, and a page callback says the database is down (`page.safe`) rather
    than refusing as if nobody were signed in. Returns the token for `reset_session_unreadable`."""
    return _unreadable.set(True)


def reset_session_unreadable(token) -> None:
    _unreadable.reset(token)


def session_unreadable() -> bool:
    return _unreadable.get()


@contextmanager
def acting_as(v: Viewer) -> Iterator[Viewer]:
    token = _viewer.set(v)
    try:
        yield v
    finally:
        _viewer.reset(token)


@contextmanager
def as_operator() -> Iterator[None]:
    """The CLI: someone with the database in hand reads and writes everything."""
    token = _operator.set(True)
    try:
        yield
    finally:
        _operator.reset(token)


@contextmanager
def recording() -> Iterator[Seen]:
    """Record what the work inside showed; nested recordings pass theirs on outwards."""
    outer = _seen.get()
    mine = Seen()
    token = _seen.set(mine)
    try:
        yield mine
    finally:
        _seen.reset(token)
        if outer is not None:
            outer.merge(mine)


def saw(drafts: bool = False, lock: tuple[int, str, str, str] | None = None) -> None:
    """Note that the current work showed drafts, or a locked (year, period, date, who)."""
    rec = _seen.get()
    if rec is None:
        return
    if drafts:
        rec.drafts = True
    if lock is not None:
        year, period, when, who = lock
        rec.locks[(year, period)] = (when, who)


def replay(seen: Seen) -> None:
    """Put what a cached computation saw into the current record."""
    rec = _seen.get()
    if rec is not None:
        rec.merge(seen)
