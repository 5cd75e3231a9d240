"""The reporting periods' one home (`ils/periods.py`): order, the period before, names and
what a valid (year, period) is, on every boundary."""

from __future__ import annotations

import pytest

from ils import periods
from tests.code_scan import lines_matching


@pytest.mark.parametrize(("year", "period", "before"), [
    (2022, "VB", (2022, "T2")), (2022, "T2", (2022, "T1")), (2022, "T1", (2021, "VB")),
    (2000, "T1", (1999, "VB"))])
def test_previous(year, period, before):
    assert periods.previous(year, period) == before


def test_order_and_names():
    assert sorted([(2022, "VB"), (2021, "VB"), (2022, "T1"), (2022, "T2")], key=lambda p:
                  periods.key(*p)) == [(2021, "VB"), (2022, "T1"), (2022, "T2"), (2022, "VB")]
    assert [periods.RANK[p] for p in periods.PERIODS] == [1, 2, 3]
    assert periods.text(2022, "T2") == "T2 2022"
    assert set(periods.LABEL) == set(periods.PERIODS)
    assert set(periods.FORECAST_PERIODS) < set(periods.PERIODS)


@pytest.mark.parametrize(("year", "period"), [(2000, "T1"), (2100, "VB"), (2022, "T2")])
def test_valid(year, period):
    assert periods.check(year, period) == (year, period)


@pytest.mark.parametrize(("year", "period", "message"), [
    (1999, "T1", "Ogiltigt år"), (2101, "VB", "Ogiltigt år"), ("2022", "VB", "Ogiltigt år"),
    (True, "VB", "Ogiltigt år"), (2022, "T3", "Okänd period 'T3'"), (2022, None, "Okänd period"),
    (2022, "vb", "Okänd period"), (2022, "T4" * 50, "Okänd period")])
def test_invalid(year, period, message):
    with pytest.raises(periods.InvalidPeriod, match=message):
        periods.check(year, period)


def test_the_range_is_the_configured_one():
    assert periods.check(1995, "T1", min_year=1990) == (1995, "T1")
    with pytest.raises(periods.InvalidPeriod, match="1990–2000"):
        periods.check(2001, "T1", min_year=1990, max_year=2000)


def test_no_other_module_spells_the_periods_out():
    """The tuple of periods, their order and the period before live only in ils/periods.py."""
    import re

    spelled = re.compile(r"""["']T1["'],\s*["']T2["'](,\s*["']VB["'])?[)\]]|\{["']T1["']:\s*\d+\s*,""")
    assert spelled.search('PERIODS = ("T1", "T2", "VB")') and spelled.search('{"T1": 1, "T2"')
    assert spelled.search('.is_in(["T1", "T2"])')
    assert lines_matching(spelled, "ils/periods.py") == []
