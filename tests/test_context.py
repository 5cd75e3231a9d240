"""Year/period resolution from the URL, and the Swedish words and number formats."""

from __future__ import annotations

import polars as pl
import pytest

from components.context import resolve_period
from ils.labels import fmt_number, fmt_percent, fmt_value, gap_label, light_label

AVAILABLE = pl.DataFrame({"year": [2022, 2022, 2021, 2021, 2021],
                          "period": ["T2", "T1", "VB", "T2", "T1"]})


@pytest.mark.parametrize(("ar", "period", "expected", "notice"), [
    (None, None, (2022, "T2"), None),
    ("2021", "VB", (2021, "VB"), None),
    ("2021", None, (2021, "VB"), None),
    ("2022", "VB", (2022, "T2"), "Det finns inga data för VB 2022"),
    ("1999", "T1", (2022, "T1"), "Det finns inga data för 1999"),
    ("tjugo", None, (2022, "T2"), "Året ”tjugo” finns inte"),
    (None, "Q3", (2022, "T2"), "Perioden ”Q3” finns inte"),
    (None, "vb", (2021, "VB"), None),
    ("", "", (2022, "T2"), None),
])
def test_resolve_period(ar, period, expected, notice):
    ctx = resolve_period(AVAILABLE, ar, period)
    assert (ctx.year, ctx.period) == expected
    if notice is None:
        assert ctx.notice is None
    else:
        assert notice in ctx.notice


def test_empty_database():
    ctx = resolve_period(AVAILABLE.clear(), "2022", "VB")
    assert ctx.empty


def test_query_string():
    ctx = resolve_period(AVAILABLE, "2021", "T2")
    assert ctx.query() == "?ar=2021&period=T2"
    assert ctx.query(sort="ljus") == "?ar=2021&period=T2&sort=ljus"


@pytest.mark.parametrize(("light", "basis", "text"), [
    ("gron", None, "Uppfyllt"), ("gul", "utfall", "Delvis uppfyllt"),
    ("rod", "prognos", "Ej uppfyllt (prognos)"), ("saknas", None, "Utfall saknas"),
    ("ej_malsatt", "prognos", "Ej målsatt"), (None, None, "Utfall saknas"),
])
def test_light_words(light, basis, text):
    assert light_label(light, basis) == text


@pytest.mark.parametrize(("value", "text"), [
    (1234, "1\xa0234"), (79.5, "79,5"), (79.0, "79"), (None, "–"), (float("nan"), "–"),
    (-2.25, "−2,2"), (0, "0"),
])
def test_numbers(value, text):
    assert fmt_number(value) == text.replace("−", fmt_number(-1)[0])


def test_percent_and_units():
    assert fmt_percent(0.795).replace("\xa0", " ") == "79,5 %"
    assert fmt_value(79.5, "%").replace("\xa0", " ") == "79,5 %"
    assert fmt_value(1234, "kr").replace("\xa0", " ") == "1 234 kr"
    assert fmt_value(15.5, "antal") == "15,5"


@pytest.mark.parametrize(("gap", "text"), [(2, "Mer positiv"), (1, "Mer positiv"),
                                           (0, "Stämmer"), (-1, "Mer negativ"),
                                           (None, "Kan inte jämföras")])
def test_gap_words(gap, text):
    assert gap_label(gap).startswith(text)
