"""The fixture city in a reporting round (DOMAIN.md §3.10): deadlines at VB 2022 and one draft.
Shared by the round's tests (schedule, status, "Att göra", notices, the report book)."""

from __future__ import annotations

import datetime as dt

import polars as pl

from ils.model import Dataset
from tests.fixture_city import city

D = dt.date


def city_with_round() -> Dataset:
    """The fixture city at VB 2022 with deadlines and one draft: Norrby and Söderby have
    assessed 1.1 only (1.2 to do), Söderby's 1.2 is a draft, Kulturnämnden is done."""
    ds = city()
    draft = pl.DataFrame([("vom12", "soderby", 2022, "VB", "delvis", None, None, "utkast")],
                         schema=ds.assessments.schema, orient="row")
    sched = pl.DataFrame({"year": [2022, 2022], "period": ["VB", "VB"],
                          "org_id": [None, "norrby"],
                          "deadline": [D(2023, 1, 31), D(2023, 2, 15)]})
    return Dataset.from_frames({**ds.frames(), "schedule": sched,
                                "assessments": pl.concat([ds.assessments, draft])})
