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
        ("meeting", "/mote", {}),
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
    yield from _meeting_calls()
    yield from _signals_calls(base)


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


def _meeting_calls() -> Iterator[tuple[str, Callable[[], object]]]:
    """/mote: each VOM section is its own request (the largest one timed), and the Excel
    export of the full agenda (budget 2 s, not 150 ms)."""
    try:
        from components.export import file_bytes
        from pages import meeting
        from queries import agenda_views
    except ModuleNotFoundError:
        return
    from components import data
    from queries.db import get_engine

    ctx = data.period_context(None, None)
    a = agenda_views.load(get_engine(), ctx.year, ctx.period, data.params())
    counts = a.items.group_by("vom_id").len().sort("len", descending=True)
    vom = counts["vom_id"][0] if len(counts) else None
    sub = {"ar": ctx.year, "period": ctx.period, "vom": vom}
    yield "/mote största målavsnittet", lambda: meeting.fill_section(sub)
    yield "/mote Excel hela underlaget", lambda: file_bytes(
        "meeting", "agenda", {"ar": ctx.year, "period": ctx.period}, "xlsx")


def _signals_calls(base: dict) -> Iterator[tuple[str, Callable[[], object]]]:
    """/styrsignaler: the trend, the filtered list (each filter change is a request) and the
    overlap hint (its grouping is computed on the warm-up call and then reused)."""
    try:
        from pages import signals
    except ModuleNotFoundError:
        return
    yield "/styrsignaler trend", lambda: signals.trend(base, "stadsdelsnamnder")
    yield "/styrsignaler lista", lambda: signals.list_result(base, "*", "*", "*", None, "")
    yield "/styrsignaler sök", lambda: signals.list_result(base, "*", "stadsdelsnamnder", "*",
                                                          None, "hemtjänst")
    yield "/styrsignaler alla år", lambda: signals.list_result(base, "*", "*", "*", "alla", "")
    yield "/styrsignaler överlapp", lambda: signals.overlap(base)
