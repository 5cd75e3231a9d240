"""The fixture city with drafts, shared by the tests of who sees which draft
(tests/test_drafts.py, test_role_matrix.py, test_data_urls.py, test_page_admin.py)."""

from __future__ import annotations

import polars as pl

from ils.model import Dataset
from tests.fixture_city import city

SECRET = "HEMLIG-UTKASTMOTIVERING"


def with_drafts() -> Dataset:
    """The fixture city with drafts: Söderby's VB assessment is a draft, and so are a
    Norrby T2 assessment, an assessment of Norrby's home-care unit (no own vom11 indicator
    row of its own in VB) and one of a nämndmål (not a VOM: it never counts)."""
    ds = city()
    a = ds.assessments.with_columns(
        status=pl.when(pl.col("org_id") == "soderby").then(pl.lit("utkast"))
        .otherwise(pl.lit("publicerad")))
    extra = pl.DataFrame({
        "goal_id": ["vom11", "vom11", "nm-norr"], "org_id": ["norrby", "norrby-hem", "norrby"],
        "year": [2022, 2022, 2022], "period": ["T2", "VB", "VB"],
        "assessment": ["uppfyllt", "ej", "delvis"], "basis": ["indikatorer"] * 3,
        "motivation": [SECRET] * 3, "status": ["utkast"] * 3}, schema=a.schema)
    return Dataset(**{**ds.frames(), "assessments": pl.concat([a, extra])})
