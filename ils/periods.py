"""The reporting periods, in one place: their order, the one before, their names, and what a
valid (year, period) is.

A year has three reports: T1 (tertialrapport 1), T2 (tertialrapport 2) and VB
(verksamhetsberättelse). The period before T1 is the previous year's VB (DOMAIN.md §3.8).
"""

from __future__ import annotations

PERIODS = ("T1", "T2", "VB")
RANK = {p: i for i, p in enumerate(PERIODS, 1)}  # T1 → 1, T2 → 2, VB → 3
FORECAST_PERIODS = ("T1", "T2")  # the tertials, whose values may be forecasts for the year
LABEL = {"T1": "Tertial 1", "T2": "Tertial 2", "VB": "Verksamhetsberättelse"}
MIN_YEAR, MAX_YEAR = 2000, 2100  # the plausible years (KONTROLLRUM_MIN_YEAR / _MAX_YEAR)


class InvalidPeriod(ValueError):
    """A year or period that is not one; the message is Swedish."""


def is_period(period: object) -> bool:
    return isinstance(period, str) and period in RANK


def previous(year: int, period: str) -> tuple[int, str]:
    """The period before: VB → T2 of the same year, T2 → T1, T1 → VB of the year before."""
    i = PERIODS.index(period)
    return (year, PERIODS[i - 1]) if i else (year - 1, PERIODS[-1])


def key(year: int, period: str) -> tuple[int, int]:
    """A sort key: earlier periods first."""
    return year, RANK.get(period, 0)


def text(year: int, period: str) -> str:
    """"T2 2022", as every page and file names a period."""
    return f"{period} {year}"


def check(year: object, period: object, min_year: int = MIN_YEAR,
          max_year: int = MAX_YEAR) -> tuple[int, str]:
    """(year, period) when both are valid, else `InvalidPeriod` with a Swedish message."""
    if isinstance(year, bool) or not isinstance(year, int) or not min_year <= year <= max_year:
        raise InvalidPeriod(f"Ogiltigt år: {str(year)[:20]!r} (rimliga år är {min_year}–"
                            f"{max_year}).")
    if not is_period(period):
        raise InvalidPeriod(f"Okänd period {str(period)[:20]!r}: använd T1, T2 eller VB.")
    return year, period  # type: ignore[return-value]
