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
    """`drafts`: drafts were shown; `draft_periods`: of which (year, period) pairs, as far as
    the readers said (every reader does); `locks`: locked periods shown from their snapshot.
    A page says only what concerns its own period (`components.page.marks`)."""
    drafts: bool = False
    locks: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)
    draft_periods: set[tuple[int, str]] = field(default_factory=set)

    def merge(self, other: Seen) -> None:
        self.drafts = self.drafts or other.drafts
        self.locks.update(other.locks)
        self.draft_periods |= set(getattr(other, "draft_periods", ()) or ())

    def copy(self) -> Seen:
        return Seen(self.drafts, dict(self.locks), set(self.draft_periods))

    def has_drafts(self, focus: tuple[int, str] | None = None) -> bool:
        """Whether drafts were shown (of the period `focus`, when given and known)."""
        if not self.drafts:
            return False
        return focus is None or not self.draft_periods or focus in self.draft_periods

    def locks_of(self, focus: tuple[int, str] | None = None) -> dict:
        """The locked periods shown (only `focus`'s, when given)."""
        if focus is None:
            return dict(self.locks)
        return {k: v for k, v in self.locks.items() if k == focus}


_viewer: ContextVar[Viewer] = ContextVar("kontrollrum_viewer", default=PUBLIC)
_operator: ContextVar[bool] = ContextVar("kontrollrum_operator", default=False)
_seen: ContextVar[Seen | None] = ContextVar("kontrollrum_seen", default=None)
_unreadable: ContextVar[bool] = ContextVar("kontrollrum_session_unreadable", default=False)
# the (year, period) whose figures the current page shows, in a holder a page callback sets
_focus: ContextVar[list | None] = ContextVar("kontrollrum_focus", default=None)


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
    viewer is the public, and a page callback says the database is down (`guard.safe`) rather
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


@contextmanager
def focusing() -> Iterator[list]:
    """A page's work: `focus` inside it records the (year, period) the page shows."""
    token = _focus.set([None])
    try:
        yield _focus.get()
    finally:
        _focus.reset(token)


def focus(year: int | None, period: str | None) -> None:
    """The page being drawn shows (year, period) (no-op outside `focusing`)."""
    holder = _focus.get()
    if holder is not None and year is not None and period is not None:
        holder[0] = (int(year), str(period))


def current_focus() -> tuple[int, str] | None:
    holder = _focus.get()
    return holder[0] if holder else None


def saw(drafts: bool = False, lock: tuple[int, str, str, str] | None = None,
        periods=None) -> None:
    """Note that the current work showed drafts (of the (year, period) pairs `periods`,
    when known), or a locked (year, period, date, who)."""
    rec = _seen.get()
    if rec is None:
        return
    if drafts:
        rec.drafts = True
        if periods is not None:
            rec.draft_periods |= {(int(y), str(p)) for y, p in periods}
    if lock is not None:
        year, period, when, who = lock
        rec.locks[(year, period)] = (when, who)


def replay(seen: Seen) -> None:
    """Put what a cached computation saw into the current record."""
    rec = _seen.get()
    if rec is not None:
        rec.merge(seen)
