"""The page calls the benchmark times: each page's layout plus its render callback, with the
arguments a user's first visit gives. New pages add a line here."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import polars as pl


def _ids(url: str) -> dict[str, str]:
    """Representative ids from the benchmark database: a VOM, a district board, a unit, …"""
    from queries.db import get_engine
    from queries.views import reference

    ref = reference(get_engine(url))
    org, goals = ref.organisation, ref.goals

    def first(df: pl.DataFrame, **eq) -> str | None:
        for col, val in eq.items():
            df = df.filter(pl.col(col) == val)
        return df["id"][0] if len(df) else None

    return {
        "goal": first(goals, level="verksamhetsomradesmal"),
        "board": first(org, level="namnd", kind="stadsdelsnamnd"),
        "department": first(org, level="avdelning"),
        "unit": first(org, level="enhet"),
        "indicator": ref.indicators.filter(pl.col("decided_by") == "kf")["id"][0],
    }


def page_calls(url: str) -> Iterator[tuple[str, Callable[[], object]]]:
    import app  # noqa: F401  (pages need the app)
    import importlib

    ids = _ids(url)
    base = {"ar": None, "period": None, "sort": None, "mal": None}
    specs = [
        ("overview", "/", {}),
        ("goal", "/mal/<id>", {"goal_id": ids["goal"]}),
        ("board", "/namnd/<id>", {"org_id": ids["board"]}),
        ("department", "/avdelning/<id>", {"org_id": ids["department"]}),
        ("unit", "/enhet/<id>", {"org_id": ids["unit"]}),
        ("indicator", "/indikator/<id>", {"indicator_id": ids["indicator"]}),
        ("about", "/om", {}),
        ("signals", "/styrsignaler", {}),
        ("comparison", "/jamforelse", {}),
        ("forecasts", "/prognoser", {}),
    ]
    for module, route, extra in specs:
        try:
            mod = importlib.import_module(f"pages.{module}")
        except ModuleNotFoundError:
            continue
        args = {**base, **extra}

        def call(mod=mod, args=args, extra=extra):
            mod.layout(**extra)
            return mod.render(args)

        yield f"{route}", call
    yield from _comparison_calls(base)


def _comparison_calls(base: dict) -> Iterator[tuple[str, Callable[[], object]]]:
    """The later callbacks of /jamforelse and /prognoser (each its own request)."""
    try:
        from pages import comparison, forecasts
    except ModuleNotFoundError:
        return
    sub = comparison.sub_args(base)
    years = forecasts.year_context(None)[1]
    fsub = {"years": sorted(years), "year": years[0] if years else None}
    calls = {
        "/jamforelse trend": lambda: comparison.render_trend(sub),
        "/jamforelse perioder": lambda: comparison.render_periods(sub),
        "/prognoser över åren": lambda: forecasts.render_years(fsub),
    }
    yield from calls.items()
