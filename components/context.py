"""Which year and period a page shows: from `?ar=&period=`, else the latest with data."""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from urllib.parse import urlencode

import polars as pl

from ils.periods import PERIODS


@dataclass(frozen=True)
class PeriodContext:
    year: int | None
    period: str | None
    notice: str | None  # shown when the requested year/period was not usable
    available: tuple[tuple[int, str], ...]

    @property
    def empty(self) -> bool:
        return self.year is None

    def query(self, **extra) -> str:
        params = {"ar": self.year, "period": self.period, **extra}
        return "?" + urlencode({k: v for k, v in params.items() if v is not None})


TREND_YEARS = 4  # the rules cost ~15–20 ms per period: keep the trend within the page budget


def trend_keys(ctx: PeriodContext, years: int = TREND_YEARS,
               tertials: bool = False) -> list[tuple[int, str]]:
    """The reports a trend shows, oldest first: the year-end report (VB) of up to `years` − 1
    earlier years, then the chosen period (with `tertials`, the chosen year's earlier tertials
    too). The chosen period is always last."""
    available = set(ctx.available)
    past = sorted({y for y, _ in available if y < ctx.year})[-(years - 1):] if years > 1 else []
    keys = [(y, "VB") for y in past if (y, "VB") in available]
    if tertials:
        keys += [(ctx.year, p) for p in PERIODS[:PERIODS.index(ctx.period)]
                 if (ctx.year, p) in available]
    return keys + [(ctx.year, ctx.period)]


def resolve_period(available: pl.DataFrame, ar: str | None, period: str | None,
                   *, period_required: bool = True) -> PeriodContext:
    """Validate the query values against the periods that have data (pure)."""
    pairs = tuple((int(y), str(p)) for y, p in available.select("year", "period").iter_rows())
    if not pairs:
        return PeriodContext(None, None, None, ())
    latest = pairs[0]
    notices: list[str] = []
    year = None
    if ar not in (None, ""):
        try:
            year = int(str(ar))
        except ValueError:
            notices.append(f"Året ”{ar}” finns inte.")
    per = str(period).upper() if period not in (None, "") else None
    if per is not None and per not in PERIODS:
        notices.append(f"Perioden ”{period}” finns inte. Välj T1, T2 eller VB.")
        per = None
    years = sorted({y for y, _ in pairs}, reverse=True)
    if year is not None and year not in years:
        notices.append(f"Det finns inga data för {year}.")
        year = None
    if year is None:
        year = latest[0] if per is None or (latest[0], per) in pairs else \
            next((y for y, p in pairs if p == per), latest[0])
    if per is not None and (year, per) not in pairs:
        notices.append(f"Det finns inga data för {per} {year}.")
        per = None
    if per is None:
        per = next(p for y, p in pairs if y == year)
    notice = None
    if notices:
        notice = " ".join(notices) + f" Visar {per} {year} i stället."
    return PeriodContext(year, per, notice, pairs)


VOM_NOTICE = "Målet ”{value}” finns inte bland årets verksamhetsområdesmål. Visar alla mål."


@dataclass(frozen=True)
class Choice:
    """One URL filter: its key, the values it accepts, the notice when the value is not one."""

    key: str
    allowed: Collection[str]
    notice: str  # "{value}" is replaced by what the URL said
    value: Callable[[str], str | None] = str


def parse_choices(args: dict, choices: tuple[Choice, ...]) -> tuple[dict, list[str]]:
    """The usable filter values of the URL arguments, and a Swedish notice for each value
    that cannot be used (that filter is then off)."""
    out: dict = {}
    notices: list[str] = []
    for choice in choices:
        raw = args.get(choice.key) or None
        out[choice.key] = None
        if raw is None:
            continue
        if raw in choice.allowed:
            out[choice.key] = choice.value(raw)
        else:
            notices.append(choice.notice.format(value=raw))
    return out, notices
