"""The app's one clock (`ils/clock.py`): Swedish time, and no other module reads the time."""

from __future__ import annotations

import datetime as dt
import re

from ils import clock
from tests.code_scan import lines_matching

READS = re.compile(r"\b(date\.today|datetime\.now|datetime\.utcnow|time\.time)\(")


def test_now_is_swedish_time_to_the_second():
    stamp = clock.now()
    got = dt.datetime.fromisoformat(stamp)
    assert got.tzinfo is not None and got.microsecond == 0
    assert got.utcoffset() in (dt.timedelta(hours=1), dt.timedelta(hours=2))  # CET / CEST


def test_today_follows_now(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: "2026-12-31T23:59:59+01:00")
    assert clock.today() == dt.date(2026, 12, 31)


def test_no_other_module_reads_the_time():
    assert READS.search("x = dt.date.today()") and READS.search("time.time()")
    assert lines_matching(READS, "ils/clock.py") == []
