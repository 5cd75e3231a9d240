"""What the app's writers share (issue 13): the refusals, who and when, the lock check.

Every refusal is a `WriteRefused` whose message is Swedish and can be shown to the user as it
is: `NotAllowed` (the role may not), `Invalid` (the input), `Locked` (a locked period, naming
the lock: raised by `queries.write.write_unit`), `Conflict` (someone else saved first; carries the other's version).
"""

from __future__ import annotations

import json
import os

import polars as pl
from sqlalchemy import Connection, Engine, select

from ils import periods
from ils.access import Viewer
from ils.config import import_limits
from queries.db import fetch
from queries.schema import indicator_value, organisation

MAX_WHO = 300


class WriteRefused(Exception):
    """A write that was refused; nothing was changed. The message is Swedish."""


class NotAllowed(WriteRefused):
    """The viewer's role may not make this change."""


class Invalid(WriteRefused):
    """The input cannot be saved."""


class Locked(WriteRefused):
    """The period is locked (the message names the lock)."""


class Conflict(WriteRefused):
    """Someone else saved first: `other` holds their version (who, when, the values)."""

    def __init__(self, message: str, other: dict):
        super().__init__(message)
        self.other = other


def shown_time(stamp: str | None) -> str:
    """"2026-11-26T16:05:12+01:00" → "2026-11-26 16:05"."""
    return (stamp or "")[:16].replace("T", " ")


def who(viewer: Viewer) -> str:
    """The name a change is recorded under: the user's name, else the provider's id."""
    name = (viewer.name or viewer.subject or viewer.label()).strip()
    return name[:MAX_WHO]


def org_tree(conn: Connection | Engine) -> pl.DataFrame:
    return fetch(conn, select(organisation.c.id, organisation.c.parent_id,
                              organisation.c.name))


def org_name(tree: pl.DataFrame, org_id: str) -> str:
    got = tree.filter(pl.col("id") == org_id)["name"]
    return got[0] if len(got) else org_id


def check_year_period(year: object, period: object) -> tuple[int, str]:
    """(year, period) of a write, within the configured plausible years (`ils.periods`)."""
    limits = import_limits(os.environ)
    try:
        return periods.check(year, period, limits.min_year, limits.max_year)
    except periods.InvalidPeriod as exc:
        raise Invalid(str(exc)) from None


def has_control_characters(text: str) -> bool:
    """NUL and the other control characters: never in an id (PostgreSQL refuses NUL)."""
    return any(ord(c) < 32 or ord(c) == 127 for c in text)


def period_with_data(conn: Connection, year: int, period: str, action: str) -> None:
    """Refuse (Invalid) a write to a period Kontrollrum holds no values for: the pages show
    only periods with data, so a form for any other (a future one) can only be forged."""
    v = indicator_value.c
    got = conn.execute(select(v.year).where((v.year == year) & (v.period == period))
                       .limit(1)).first()
    if got is None:
        raise Invalid(f"Kontrollrum har inga utfall eller prognoser för {periods.text(year, period)}"
                      f": {action} gäller bara en period med data.")


def check_version(expected: object) -> int:
    if isinstance(expected, bool) or not isinstance(expected, int) or expected < 0:
        raise Invalid(f"Ogiltig version: {expected!r}.")
    return expected


def as_json(values: dict) -> str | None:
    return json.dumps(values, ensure_ascii=False, sort_keys=True) if values else None


def changes(old: dict, new: dict) -> tuple[dict, dict]:
    """The fields whose values differ: (old values, new values)."""
    keys = [k for k in new if old.get(k) != new.get(k)]
    return {k: old.get(k) for k in keys}, {k: new.get(k) for k in keys}
