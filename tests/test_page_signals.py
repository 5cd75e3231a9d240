"""Styrsignaler page (pages/styrsignaler/): layout and callbacks called directly on Signalstad
(tests/fixture_signals.py) on SQLite and PostgreSQL, the list's grid with its live counts, and
the demo's 2022 table (12 / 75 / 80 / 670 / 837)."""

from __future__ import annotations

import importlib.util

import polars as pl
import pytest

from queries.db import make_engine
from queries.write.store import replace_dataset
from tests.dash_tree import find_all, find_by_id, hrefs, text
from tests.fixture_signals import signal_city

BASE = {"ar": None, "period": None, "sort": None, "mal": None}


@pytest.fixture
def signals_db(db_url, monkeypatch) -> str:
    engine = make_engine(db_url)
    replace_dataset(engine, signal_city(), {"demo": "1", "source": "Testdata: Signalstad"})
    engine.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", db_url)
    import app  # noqa: F401  (pages need the app)

    return db_url


def _page():
    from pages import styrsignaler

    return styrsignaler


def table_rows(component) -> list[list[str]]:
    """The rows of a table as lists of cell texts."""
    return [[text(cell).strip() for cell in row.children]
            for row in find_all(component, lambda c: type(c).__name__ == "Tr")]


def test_layout_does_no_io_and_has_labelled_filters(signals_db):
    frame = _page().layout(ar="2022", okand="x")
    store = find_by_id(frame, "signals-args")
    assert store.data["ar"] == "2022"
    labels = {lab.html_for: text(lab) for lab in find_all(frame, lambda c: type(c).__name__
                                                            == "Label")}
    for control in ("signals-f-type", "signals-f-recipient", "signals-f-goal", "signals-f-year",
                    "signals-f-text"):
        assert find_by_id(frame, control) is not None and labels.get(control)
    assert find_by_id(frame, "signals-f-year").value == "2022"
    bad = _page().layout(ar="abc")  # a bad year is the callbacks' business: "the page's year"
    assert find_by_id(bad, "signals-f-year").value == "*"


def test_group_table_reproduces_known_counts(signals_db):
    top, lower, *hidden = _page().render({**BASE, "ar": "2022"})
    assert hidden == [False, False, False]
    rows = table_rows(find_by_id(top, "signals-groups"))
    assert rows == [
        ["Styrsignal", "Stadsdelsnämnderna", "Facknämnderna", "Bolagen"],
        ["Verksamhetsområdesmål", "3", "3", "3"],
        ["Indikatorer", "4", "3", "3"],
        ["Aktiviteter", "3", "2", "1"],
        ["Direktiv och övriga uppdrag", "5", "3", "3"],
        ["Totalt", "15", "11", "10"],
    ]
    assert "Stadsdelsnämnderna fick 15 styrsignaler i budgeten 2022" in text(top)


@pytest.mark.parametrize("year, totals", [("2021", ["9", "7", "5"]), ("2022", ["15", "11", "10"])])
def test_year_in_url_picks_the_budget(signals_db, year, totals):
    top, *_ = _page().render({**BASE, "ar": year})
    assert table_rows(find_by_id(top, "signals-groups"))[-1][1:] == totals


def test_bad_year_falls_back_with_notice(signals_db):
    top, *_ = _page().render({**BASE, "ar": "1999"})
    assert "Det finns inga data för 1999" in text(top)
    assert table_rows(find_by_id(top, "signals-groups"))[-1][1:] == ["15", "11", "10"]


def test_empty_database_says_so(empty_db):
    top, lower, *hidden = _page().render(BASE)
    assert "Inga data ännu" in text(top) and hidden == [True, True, True]
    assert _page().list_rows(BASE, "", "", "", None, None)[0] == []
    assert _page().list_counts(BASE, "", "", "", None, None, None) == ("", None)


@pytest.mark.parametrize("sort, first", [(None, "Norrby stadsdelsnämnd"),
                                         ("egna", "Kulturnämnden"), ("namn", "Hamnbolaget AB"),
                                         ("budget", "Norrby stadsdelsnämnd")])
def test_boards_side_by_side_sortable(signals_db, sort, first):
    _top, lower, *_ = _page().render({**BASE, "ar": "2022", "sort": sort})
    rows = table_rows(find_by_id(lower, "signals-boards"))[2:]
    assert rows[0][0] == first
    norrby = next(r for r in rows if r[0] == "Norrby stadsdelsnämnd")
    assert norrby[1:] == ["3", "4", "4", "6", "17", "1", "1", "1", "3", "20"]
    assert "/styrsignaler?ar=2022&period=VB&sort=egna#per-namnd" in hrefs(lower)


def _chart(lower, part: str):
    """The body of a section's folded chart, built as when it is opened."""
    from pagekit import folds

    ids = [c.id for c in find_all(lower, lambda c: isinstance(getattr(c, "id", None), dict)
                                  and c.id.get("type") == "kr-fold")]
    key = next(folds.parse_key(i["key"]) for i in ids if f'"part": "{part}"' in i["key"])
    return folds.build("styrsignaler", key)


def test_charts_are_folds_built_when_opened(signals_db):
    """The per-board and per-goal charts are not in the page's first answer (no plotly.js
    for them until opened); opened, they draw the table's boards in its sort and the goals."""
    from pagekit import folds

    _top, lower, *_ = _page().render({**BASE, "ar": "2022", "sort": "namn"})
    assert find_by_id(lower, "signals-board-graph") is None
    assert find_by_id(lower, "signals-goal-graph") is None
    assert "Visa diagrammet: styrsignaler per nämnd" in text(lower)
    names = [r[0] for r in table_rows(find_by_id(lower, "signals-boards"))[2:]]
    bars = find_by_id(_chart(lower, "boards"), "signals-board-graph").figure["data"][0]["y"]
    assert bars == names and len(names) > 2
    goals = find_by_id(_chart(lower, "goals"), "signals-goal-graph").figure["data"][0]["y"]
    assert "Ej kopplade" in goals
    assert text(folds.build("styrsignaler", {"ar": 2022, "part": "x"})) == \
        "Diagrammet finns inte."
    forged = folds.build("styrsignaler", {"ar": {"a": 1}, "part": "boards", "sort": [1]})
    assert find_by_id(forged, "signals-board-graph") is not None  # the latest year, by total
    assert "Något gick fel" not in text(forged)


def test_board_chart_of_many_boards_draws_the_first_in_the_tables_order(signals_db,
                                                                        monkeypatch):
    """Above `BOARDS_MAX` boards the chart draws the first boards of the table's sort and
    says so; the table keeps every board."""
    from pages.styrsignaler import parts

    _top, lower, *_ = _page().render({**BASE, "ar": "2022", "sort": "namn"})
    names = [r[0] for r in table_rows(find_by_id(lower, "signals-boards"))[2:]]
    assert find_by_id(_chart(lower, "boards"), "signals-chart-cut") is None

    monkeypatch.setattr(parts, "BOARDS_MAX", 2)
    _top, lower, *_ = _page().render({**BASE, "ar": "2022", "sort": "namn"})
    assert [r[0] for r in table_rows(find_by_id(lower, "signals-boards"))[2:]] == names
    chart = _chart(lower, "boards")
    for trace in find_by_id(chart, "signals-board-graph").figure["data"]:
        assert trace["y"] == names[:2]
    assert text(find_by_id(chart, "signals-chart-cut")) == (
        f"Diagrammet visar de 2 första av {len(names)} nämnder, sorterade efter namn; "
        "tabellen har alla.")


def test_goal_density_with_unlinked_group(signals_db):
    _top, lower, *_ = _page().render({**BASE, "ar": "2022"})
    rows = table_rows(find_by_id(lower, "signals-goals"))
    assert rows[1] == ["1.1 Barn lär sig", "2", "2", "3", "1", "3", "11"]
    assert rows[-1] == ["Ej kopplade till mål", "0", "0", "0", "0", "3", "3"]
    assert "/mal/vom11?ar=2022&period=VB" in hrefs(lower)


def test_trend_per_group(signals_db):
    out = _page().trend({**BASE, "ar": "2022"}, "facknamnder")
    rows = table_rows(find_by_id(out, "signals-trend-table"))
    assert rows[1:] == [["2021", "2", "2", "1", "2", "7"], ["2022", "3", "3", "2", "3", "11"]]
    assert "ökat med 4" in text(out)
    assert find_by_id(out, "signals-trend-graph") is not None


@pytest.mark.parametrize("filters, counts", [
    (("", "", "", "2022", None), "Visar alla 26 styrsignaler: 10 indikatorer, 7 aktiviteter, "
                                 "9 direktiv och uppdrag."),
    (("", "stadsdelsnamnder", "", "2022", ""), "Visar alla 12 styrsignaler: 4 indikatorer, "
                                               "3 aktiviteter, 5 direktiv och uppdrag."),
    (("", "", "", "2022", "HEMTJÄNST"), "Visar alla 3 styrsignaler: 0 indikatorer, 1 aktivitet, "
                                        "2 direktiv och uppdrag."),
    (("direktiv_och_uppdrag", "", "ingen", "2022", ""),
     "Visar alla 3 styrsignaler: 0 indikatorer, 0 aktiviteter, 3 direktiv och uppdrag."),
    (("", "", "", "2021", ""), "Visar alla 12 styrsignaler: 7 indikatorer, 2 aktiviteter, "
                               "3 direktiv och uppdrag."),
    (("", "", "", "alla", ""), "Visar alla 38 styrsignaler: 17 indikatorer, 9 aktiviteter, "
                               "12 direktiv och uppdrag."),
    (("aktivitet", "", "", "2022", "finns inte"), "Inga styrsignaler matchar filtren."),
])
def test_filters_change_counts(signals_db, filters, counts):
    out = _page().list_counts({**BASE, "ar": "2022"}, *filters, None)
    assert out[0] == counts
    rows = _page().list_rows({**BASE, "ar": "2022"}, *filters)[0]
    assert len(rows) == (0 if counts.startswith("Inga") else int(counts.split()[2]))


TEXT_HAS = {"c5": {"filterType": "text", "type": "contains", "filter": "hemtjänst"}}


@pytest.mark.parametrize("model, counts", [
    (TEXT_HAS, "Visar 3 av 26 styrsignaler: 0 indikatorer, 1 aktivitet, 2 direktiv och uppdrag."),
    ({**TEXT_HAS, "c1": {"filterType": "number", "type": "equals", "filter": 2021}},
     "Inga styrsignaler matchar filtren."),
    ({"c0": {"filterType": "text", "type": "equals", "filter": "UPPDRAG"}},
     "Visar 6 av 26 styrsignaler: 0 indikatorer, 0 aktiviteter, 6 direktiv och uppdrag."),
    ({"c2": {"filterType": "text", "type": "startsWith", "filter": "stadsdels"}},
     "Visar 7 av 26 styrsignaler: 2 indikatorer, 2 aktiviteter, 3 direktiv och uppdrag."),
    ({"c9": {"filterType": "text", "type": "contains", "filter": "x"}, "c5": "nonsense"},
     "Visar alla 26 styrsignaler: 10 indikatorer, 7 aktiviteter, 9 direktiv och uppdrag."),
])
def test_grid_column_filters_give_live_counts(signals_db, model, counts):
    """The grid's own column filters count too (its filterModel, applied on the server as
    AG Grid applies it: case-insensitive); what the server cannot read is left out."""
    out = _page().list_counts({**BASE, "ar": "2022"}, "", "", "", "2022", "", model)
    assert out[0] == counts


def test_list_options_year_default_and_text_as_plain_values(signals_db):
    rows, recipients, goals, years, year = _page().list_rows({**BASE, "ar": "2021"}, "", "", "",
                                                             None, "klimat")
    assert year == "2021"  # no year chosen: the page's year
    rows, *_ = _page().list_rows(BASE, "", "", "", "", "klimat")
    d7 = next(r for r in rows if r["c6"] == "d7")
    assert d7["c5"] == "Bolagen ska <b>minska</b> sin klimatpåverkan."  # a value, not markup
    assert (d7["c0"], d7["c1"], d7["c2"], d7["c3"]) == ("Direktiv", 2022, "Bolagen",
                                                        "KF (budgeten)")
    assert [o["value"] for o in years] == ["2022", "2021", "alla"]
    assert [o["label"] for o in recipients][:5] == ["Alla mottagare", "Stadsdelsnämnderna",
                                                   "Facknämnderna", "Bolagen",
                                                   "Alla nämnder och bolag"]
    assert "Söderby stadsdelsnämnd" in [o["label"] for o in recipients]
    assert [o["value"] for o in goals][-1] == "ingen"


def test_grid_gets_every_row_with_the_declared_columns(signals_db):
    """No paging: the grid holds every matching row (it draws only those in view); its
    columns are the list table's, the first pinned, numbers filtered as numbers."""
    frame = _page().layout(ar="2022")
    g = find_by_id(frame, "signals-grid")
    heads = [d["headerName"] for d in g.columnDefs]
    assert heads == ["Typ", "År", "Mottagare", "Beslutad av", "Mål (kod)", "Text", "Id"]
    assert g.columnDefs[0]["pinned"] == "left"
    assert g.columnDefs[1]["filter"] == "agNumberColumnFilter"
    assert all(d["sortable"] for d in g.columnDefs)
    assert g.dashGridOptions["localeText"]["noRowsToShow"] == "Inga rader att visa"
    rows = _page().list_rows({**BASE, "ar": "2022"}, "", "", "", "alla", "")[0]
    assert len(rows) == 38 and {r["c1"] for r in rows} == {2021, 2022}


def test_overlap_hint(signals_db):
    out = _page().overlap({**BASE, "ar": "2022"})
    body = text(out)
    assert "3 grupper av nästan likalydande direktiv berör 2022" in body
    assert "minst 82 % lika gruppens första text" in body
    assert "Söderby stadsdelsnämnd" in body
    out = _page().overlap({**BASE, "ar": "2021"})
    assert "2 grupper" in text(out)


def test_failure_shows_swedish_message(signals_db, monkeypatch):
    signals = _page()
    monkeypatch.setattr(signals.data, "load",
                        lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    top, lower, *hidden = signals.render(BASE)
    assert "Något gick fel" in text(top) and hidden == [True, True, True]


@pytest.mark.skipif(importlib.util.find_spec("ils.demo") is None,
                    reason="ils.demo (the demo generator) is not importable yet")
def test_demo_reproduces_the_auditors_table_for_2022(tmp_path, monkeypatch):
    """The seed table of revision report 7/2022: 12 / 75 / 80 / 670 → 837 for the district
    boards, on the page's table, from the demo generator's data in a database."""
    from ils.demo import generate

    demo = generate(scale=1, seed=2022)
    stad = demo.organisation.filter(pl.col("level") == "stad")["id"][0]
    slim = {name: getattr(demo, name) for name in ("organisation", "goals", "indicators",
                                                   "activities", "directives")}
    slim["values"] = demo.values.filter(pl.col("org_id") == stad)  # only the years to choose
    from ils.model import Dataset

    url = f"sqlite:///{tmp_path / 'demo.db'}"
    engine = make_engine(url)
    replace_dataset(engine, Dataset.from_frames(slim), {"demo": "1"})
    engine.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401

    top, *_ = _page().render({**BASE, "ar": "2022"})
    rows = {r[0]: r[1] for r in table_rows(find_by_id(top, "signals-groups"))[1:]}
    assert rows == {"Verksamhetsområdesmål": "12", "Indikatorer": "75", "Aktiviteter": "80",
                    "Direktiv och övriga uppdrag": "670", "Totalt": "837"}
