"""components/grid.py: a grid's column filters (AG Grid's filterModel) applied on the server as
the grid applies them, so counts and downloads show the grid's rows; what is not a filter the
grid can make is left out, never an error."""

from __future__ import annotations

import json

import pytest

from components import grid
from components.table import Col, Table

T = Table("t", (Col("Namn", "name"), Col("År", "year", "integer"), Col("Dold", "x", screen=False),
                Col("Text", "text")))
ROWS = [{"name": "Norrby", "year": 2021, "text": "Skolan ska läsa"},
        {"name": "Söderby", "year": 2022, "text": None},
        {"name": "norrbyskolan", "year": 2022, "text": "Hemtjänst"}]


def text(col: int, op: str, value: str) -> dict:
    return {f"c{col}": {"filterType": "text", "type": op, "filter": value}}


def number(col: int, op: str, value) -> dict:
    return {f"c{col}": {"filterType": "number", "type": op, "filter": value}}


@pytest.mark.parametrize("model, names", [
    (None, ["Norrby", "Söderby", "norrbyskolan"]),
    (text(0, "contains", "NORRBY"), ["Norrby", "norrbyskolan"]),
    (text(0, "equals", "norrby"), ["Norrby"]),
    (text(0, "startsWith", "sö"), ["Söderby"]),
    (text(2, "notContains", "skola"), ["Söderby", "norrbyskolan"]),  # a blank text has none
    (text(2, "contains", "S"), ["Norrby", "norrbyskolan"]),  # a blank text never contains
    (number(1, "equals", 2022), ["Söderby", "norrbyskolan"]),
    (number(1, "lessThanOrEqual", 2021), ["Norrby"]),
    ({**text(0, "contains", "norrby"), **number(1, "greaterThanOrEqual", 2022)},
     ["norrbyskolan"]),
])
def test_keep_applies_the_grid_filters(model, names):
    assert [r["name"] for r in grid.keep(T, ROWS, model)] == names
    assert grid.keep(T, ROWS, json.dumps(model)) == grid.keep(T, ROWS, model)


@pytest.mark.parametrize("model", [
    "{not json", "[]", 42, {"c9": {"filterType": "text", "type": "contains", "filter": "x"}},
    {"name": {"filterType": "text", "type": "contains", "filter": "x"}},
    {"c0": {"filterType": "text", "type": "regex", "filter": ".*"}},
    {"c0": {"filterType": "text", "type": "contains", "filter": 5}},
    {"c1": {"filterType": "number", "type": "equals", "filter": "2022"}},
    {"c0": {"filterType": "set", "values": ["Norrby"]}}, {"c0": None},
    {"c0": {"operator": "OR", "conditions": [{"type": "contains", "filter": "x"}]}},
])
def test_what_the_grid_cannot_make_is_left_out(model):
    assert grid.keep(T, ROWS, model) == ROWS and grid.describe(T, model) == ""


def test_columns_and_words():
    defs = grid.column_defs(T)
    assert [d["headerName"] for d in defs] == ["Namn", "År", "Text"]  # screen columns only
    assert defs[0]["pinned"] == "left" and "pinned" not in defs[1]
    assert defs[1]["filter"] == "agNumberColumnFilter" and defs[2]["filter"] == "agTextColumnFilter"
    assert set(defs[2]["filterParams"]["filterOptions"]) == set(grid.TEXT_OPTIONS)
    assert grid.row_data(T, ROWS[:1]) == [{"c0": "Norrby", "c1": 2021, "c2": "Skolan ska läsa"}]
    model = {**text(2, "notContains", "Skola"), **number(1, "greaterThanOrEqual", 2022)}
    assert grid.describe(T, model) == "Text innehåller inte ”skola”; År minst ”2022”"


def _grid_and_columns(**kw):
    wrap = grid.grid("g", T, "Rader", widths={"Text": 4}, px={"År": 100}, **kw)
    return wrap.children[0], {d["headerName"]: d for d in wrap.children[0].columnDefs}


def test_columns_are_fitted_by_dash_ag_grid_not_by_flex():
    """Issue 21: with AG Grid's `flex`, on about one load in three (the rows there before the
    grid was drawn) every flex column stayed at 200 px – 1 010 px of columns on a phone, and
    axe found header rows without cells. The grid now asks dash-ag-grid to fit the columns
    (on the first rows and every resize) and gives each column its share as a width."""
    ag, cols = _grid_and_columns()
    assert ag.columnSize == "responsiveSizeToFit"
    assert all("flex" not in d for d in ag.columnDefs)
    assert "flex" not in ag.defaultColDef
    assert cols["Text"]["width"] == 4 * grid.SHARE_PX  # its share, as a width to fit from
    # the pinned first column keeps its width (fitted, it took a third of a wide screen)
    assert (cols["Namn"]["width"], cols["Namn"]["suppressSizeToFit"]) == (grid.PINNED_PX, True)
    assert cols["År"] == {**cols["År"], "width": 100, "minWidth": 100, "suppressSizeToFit": True}
    assert all(d["minWidth"] >= grid.MIN_WIDTH for d in ag.columnDefs)


def test_a_phone_card_stacks_the_row_in_one_column():
    card = grid.phone_card(T, "Rad", head=("Namn", "År"), main="Text")
    assert len(card) == 1
    [col] = card
    assert (col["headerName"], col["field"], col["cellRenderer"]) == ("Rad", "c2", "KrCard")
    assert col["cellRendererParams"] == {"head": ["c0", "c1"], "rest": []}
    assert col["wrapText"] and col["autoHeight"] and not col["filter"] and not col["sortable"]
    with pytest.raises(ValueError, match="Saknas"):
        grid.phone_card(T, "Rad", head=("Saknas",), main="Text")


def test_the_phone_columns_travel_with_the_grid_only_when_given():
    card = grid.phone_card(T, "Rad", head=("Namn",), main="Text")
    wrap = grid.grid("g", T, "Rader", phone=card)
    store = wrap.children[1]
    assert (store.id, store.data) == (grid.phone_columns_id("g"), card)
    assert len(grid.grid("g", T, "Rader").children) == 1
    assert card[0]["cellRendererParams"]["rest"] == [{"field": "c1", "label": "År"}]
