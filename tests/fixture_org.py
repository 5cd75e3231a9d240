"""The known-lights city with rows for the organisation pages (board, department, unit), and
the helpers their tests share: the page arguments, a fold's body, a table row's texts.

The data is the known-lights city (tests/fixture_city.py) plus, added here, rows for the
organisation pages (hand-computed, VB 2022 unless said):
- Västerby stadsdelsnämnd: ind-las 85 (ties Norrby's 85), ind-vant 25.
  Peer ranks (stadsdelsnämnder): ind-las Norrby 1 av 3, Västerby 1 av 3, Söderby 3 av 3;
  ind-vant (lower is better) Söderby 18 → 1, Västerby 25 → 2, Norrby 30 → 3 av 3;
  ind-nojd Norrby 1 av 1 (Söderby has no value, Västerby none at all).
- Hemtjänst Norrby (unit): ind-vant 19 → gron (KF target 20), ind-nojd 60 → rod (KF 75,
  limit 67,5), own ind-hem-egen (no target) 3 → ej_malsatt. Inköpsenheten: no indicator.
- Söderby's 1.2 self-assessment with a long motivation (folded).
- Own targets of KF indicators (lights unchanged): Norrby ind-las 70 (KF 80: less ambitious),
  Hemtjänst Norrby ind-vant 19,5 days (KF 20: more ambitious).
"""

from __future__ import annotations

import json

import polars as pl
from dash import html

from ils.model import Dataset
from pagekit import folds
from tests.dash_tree import find_all, texts
from tests.fixture_city import city

LONG = ("Väntetiderna har minskat under året tack vare ett nytt arbetssätt. " * 6).strip()
BASE = {"ar": None, "period": None, "sort": None, "mal": None}


def org_city() -> Dataset:
    ds = city()

    def add(name: str, rows: list[tuple]) -> pl.DataFrame:
        """`rows` give the first columns; later (optional) columns of the model stay empty."""
        old = getattr(ds, name)
        width = len(rows[0])
        new = pl.DataFrame(rows, schema=dict(list(old.schema.items())[:width]), orient="row")
        return pl.concat([old, new], how="diagonal_relaxed").select(old.columns).cast(old.schema)

    frames = ds.frames()
    frames["organisation"] = add("organisation", [
        ("vasterby", "stad", "namnd", "stadsdelsnamnd", "Västerby stadsdelsnämnd")])
    frames["indicators"] = add("indicators", [
        ("ind-hem-egen", "em-hem", "Antal högläsningar", "st", "hogre", "enhet", "norrby-hem",
         None, None)])
    frames["values"] = add("values", [
        (i, o, 2022, "VB", v, None, None) for i, o, v in (
            ("ind-las", "vasterby", 85.0), ("ind-vant", "vasterby", 25.0),
            ("ind-vant", "norrby-hem", 19.0), ("ind-nojd", "norrby-hem", 60.0),
            ("ind-hem-egen", "norrby-hem", 3.0))])
    frames["targets"] = add("targets", [  # own targets of KF indicators (§3.8 ambition)
        ("ind-las", "norrby", 2022, 70.0, None),       # below KF's 80: less ambitious
        ("ind-vant", "norrby-hem", 2022, 19.5, None)])  # below KF's 20 days: more ambitious
    frames["assessments"] = add("assessments", [
        ("vom12", "soderby", 2022, "VB", "delvis", "samlad bedömning", LONG)])
    return Dataset.from_frames(frames)


def folded(org_id: str, kind: str, vom: str = "", view: str = "namnd", ar: int = 2022,
           period: str = "VB"):
    """The body of a folded section of `view`, as pagekit/folds.py builds it when opened."""

    return folds.build(view, {"kind": kind, "org": org_id, "vom": vom, "ar": ar,
                             "period": period})


def lazy_keys(tree) -> list[dict]:
    """The folds of a page: their view and key (components/fold.py ids)."""
    return [{"view": c.id["view"], **json.loads(c.id["key"])}
            for c in find_all(tree, lambda c: isinstance(c, html.Details)
                              and isinstance(getattr(c, "id", None), dict))]


def row_texts(tree, first: str) -> list[str]:
    """Texts of the first table row whose first cell's text starts with `first`."""
    for tr in find_all(tree, lambda c: isinstance(c, html.Tr)):
        cells = texts(tr)
        if cells and cells[0].startswith(first):
            return cells
    raise AssertionError(f"no row starting with {first!r}")


def states_city() -> Dataset:
    ds = org_city()
    frames = ds.frames()

    def add(name: str, rows: list[tuple]) -> pl.DataFrame:
        old = frames[name]
        new = pl.DataFrame(rows, schema=dict(list(old.schema.items())[:len(rows[0])]),
                           orient="row")
        return pl.concat([old, new], how="diagonal_relaxed").select(old.columns).cast(old.schema)

    frames["organisation"] = add("organisation", [
        ("idrott", "stad", "namnd", "facknamnd", "Idrottsnämnden"),
        ("norrby-skola", "norrby", "enhet", "skola", "Norrbyskolan")])
    frames["indicators"] = add("indicators", [
        ("ind-kult-egen", "vom12", "Antal utställningar för äldre", "st", "hogre", "namnd",
         "kultur", None, None),
        ("ind-bolag", "vom12", "Andel nöjda hyresgäster", "%", "hogre", "kf", "stad", "bolag",
         None)])
    frames["values"] = add("values", [("ind-kult-egen", "kultur", 2022, "VB", 5.0, None, None),
                                      ("ind-las", "norrby-skola", 2022, "VB", 60.0, None, None)])
    frames["assessments"] = add("assessments", [
        ("vom12", "idrott", 2022, "VB", "uppfyllt", "samlad bedömning", None),
        ("vom12", "kultur", 2022, "VB", "delvis", "samlad bedömning", None)])
    return Dataset.from_frames(frames)
