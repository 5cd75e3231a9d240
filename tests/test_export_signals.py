"""The exported tables of /styrsignaler on Signalstad (tests/fixture_signals.py; its docstring
lists the counts), on SQLite and PostgreSQL: Swedish headings, counts as integer cells, the
page's sort and the list's filters honoured (every matching row, not one page), and CSV."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest

from queries.db import make_engine
from queries.write.store import replace_dataset
from tests.fixture_signals import signal_city


@pytest.fixture
def table(db_url, monkeypatch):
    engine = make_engine(db_url)
    replace_dataset(engine, signal_city(), {"demo": "1", "source": "Testdata: Signalstad"})
    engine.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", db_url)
    import app  # noqa: F401  (pages need the app)
    import pages.styrsignaler  # noqa: F401  (registers the tables)
    from pagekit.downloads import build

    def get(name: str, **args):
        got = build("styrsignaler", name, args)
        assert got is not None, f"no table signals/{name}"
        return got

    return get


@pytest.mark.parametrize("year, totals", [("2021", [9, 7, 5]), ("2022", [15, 11, 10])])
def test_groups_as_the_auditors_count(table, year, totals):
    t = table("groups", ar=year)
    f = t.frame
    assert f.columns == ["Styrsignal", "Stadsdelsnämnderna", "Facknämnderna", "Bolagen"]
    assert all(f.schema[c] == pl.Int64 for c in f.columns[1:])
    assert f.row(-1) == ("Totalt", *totals) and t.title.endswith(year)
    if year == "2022":
        assert f["Stadsdelsnämnderna"].to_list() == [3, 4, 3, 5, 15]
        assert f["Bolagen"].to_list() == [3, 3, 1, 3, 10]


@pytest.mark.parametrize("sort, first", [(None, "Norrby stadsdelsnämnd"),
                                         ("egna", "Kulturnämnden"), ("namn", "Hamnbolaget AB")])
def test_boards_in_the_page_order(table, sort, first):
    t = table("boards", ar="2022", sort=sort)
    f = t.frame
    assert f["Nämnd"][0] == first and f.height == 4
    norrby = f.filter(pl.col("Nämnd") == "Norrby stadsdelsnämnd").row(0)
    assert norrby[1:] == (3, 4, 4, 6, 17, 1, 1, 1, 3, 20)
    assert f.schema["Sammanlagt"] == pl.Int64 and t.filters["Sorterat efter"]


def test_goals_with_the_unlinked_group_last(table):
    f = table("goals", ar="2022").frame
    rows = {r["Verksamhetsområdesmål"]: r for r in f.iter_rows(named=True)}
    assert f["Mål (kod)"].to_list()[:3] == ["1.1", "1.2", "2.1"]
    assert [rows["Barn lär sig"][c] for c in f.columns[2:]] == [2, 2, 3, 1, 3, 11]
    assert f.row(-1)[1:] == ("Ej kopplade till mål", 0, 0, 0, 0, 3, 3)
    assert f.row(-1)[0] is None and f.schema["Totalt"] == pl.Int64


@pytest.mark.parametrize("filters, n, kinds", [
    ({"lista_ar": "2022"}, 26, {"Indikator": 10, "Aktivitet": 7, "Direktiv": 3, "Uppdrag": 6}),
    ({"lista_ar": "2022", "mottagare": "stadsdelsnamnder"}, 12, None),
    ({"lista_ar": "2022", "sok": "HEMTJÄNST"}, 3, {"Aktivitet": 1, "Uppdrag": 2}),
    ({"lista_ar": "2022", "typ": "direktiv_och_uppdrag", "mal": "ingen"}, 3, {"Direktiv": 3}),
    ({"lista_ar": "2021"}, 12, None),
    ({"lista_ar": "alla"}, 38, None),
    ({"lista_ar": "2022", "typ": "aktivitet", "sok": "finns inte"}, 0, None),
])
def test_list_has_every_matching_row(table, filters, n, kinds):
    t = table("list", ar="2022", **filters)
    f = t.frame
    assert f.height == n and f.schema["År"] == pl.Int64
    assert f.columns == ["Typ", "År", "Mottagare", "Beslutad av", "Mål (kod)", "Text", "Id"]
    if kinds:
        assert dict(f.group_by("Typ").len().iter_rows()) == kinds


def test_list_filters_and_texts_in_words(table):
    t = table("list", ar="2022", lista_ar="alla", typ="direktiv_och_uppdrag", mal="ingen",
              mottagare="bolag", sok=" minska ")
    assert t.filters["År"] == "Alla år" and t.filters["Mål"] == "Ej kopplade till mål"
    assert t.filters["Typ"] == "Direktiv och övriga uppdrag" and t.filters["Mottagare"] == "Bolagen"
    assert t.filters["Sökt text"] == "minska"
    row = t.frame.row(0, named=True)
    assert row["Text"] == "Bolagen ska <b>minska</b> sin klimatpåverkan."  # as text
    assert (row["Id"], row["Beslutad av"], row["Mottagare"], row["År"]) == (
        "d7", "KF (budgeten)", "Bolagen", 2022)


def test_list_xlsx_and_csv(table):
    from pagekit.downloads import file_bytes

    args = {"ar": "2022", "lista_ar": "2022", "sok": "hemtjänst", "typ": None}
    body, name = file_bytes("styrsignaler", "list", args, "xlsx")
    assert name == "kontrollrum_Styrsignalerna-2022.xlsx"  # from the title
    rows = list(openpyxl.load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True))
    h = next(i for i, r in enumerate(rows) if r[0] == "Typ")
    assert {r[-1] for r in rows[h + 1:] if r[0]} == {"a2", "d4", "d9"}
    assert all(isinstance(r[1], int) for r in rows[h + 1:] if r[0])
    assert any("Fiktiva demodata" in str(c) for r in rows[:h] for c in r if c)
    csv, name = file_bytes("styrsignaler", "list", args, "csv")
    lines = csv.decode("utf-8-sig").splitlines()
    assert name.endswith(".csv") and lines[0] == "Typ;År;Mottagare;Beslutad av;Mål (kod);Text;Id"
    assert len(lines) == 4


def test_page_places_the_buttons(table):
    from pages import styrsignaler as signals
    from tests.dash_tree import find_all

    def ids(tree):  # the download links: /data/styrsignaler/<table>.<fmt>?…
        links = [c.href for c in find_all(tree, lambda c: str(getattr(c, "href", "") or "")
                                          .startswith("/data/"))]
        names = {"mottagargrupper": "groups", "namnder": "boards", "mal": "goals",
                 "lista": "list"}
        return {(names[h.split("/")[3].split(".")[0]], h.split("?")[0].rsplit(".", 1)[1])
                for h in links}

    top, lower, *_ = signals.render({"ar": "2022", "period": None, "sort": None, "mal": None})
    assert ids(top) == {("groups", "xlsx")}
    assert ids(lower) == {("boards", "xlsx"), ("goals", "xlsx")}
    out = signals.list_counts({"ar": "2022"}, "", "", "", "2022", "hemtjänst", None)
    assert ids(out[1]) == {("list", "xlsx"), ("list", "csv")}
    empty = signals.list_counts({"ar": "2022"}, "", "", "", "2022", "finns inte", None)
    assert empty[1] is None


def test_list_export_has_the_rows_the_grid_shows(table):
    """The grid's column filters (its filterModel, passed as JSON) narrow the download as they
    narrow the grid, and the sheet says so in words."""
    import json

    model = {"c5": {"filterType": "text", "type": "contains", "filter": "HEMTJÄNST"},
             "c1": {"filterType": "number", "type": "greaterThanOrEqual", "filter": 2022}}
    t = table("list", ar="2022", lista_ar="alla", tabell=json.dumps(model))
    assert sorted(t.frame["Id"].to_list()) == ["a2", "d4", "d9"]
    assert t.filters["Filter i tabellen"] == "Text innehåller ”hemtjänst”; År minst ”2022”"
    broken = table("list", ar="2022", lista_ar="2022", tabell="{not json")
    assert broken.frame.height == 26 and not broken.filters["Filter i tabellen"]
