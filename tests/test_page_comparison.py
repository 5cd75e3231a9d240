"""/jamforelse (pages/jamforelse/): layout and callbacks called directly on the comparison city
(SQLite), and the page's queries on both databases."""

from __future__ import annotations

import polars as pl
import pytest

from pagekit import folds
from tests.dash_tree import (
    aria_labels,
    find_all,
    find_by_id,
    grid_board_names,
    grid_cells,
    hrefs,
    pair_labels,
    text,
)

BASE = {"ar": None, "period": None, "sort": None, "mal": None, "typ": None, "avvikelser": None}


def render(**args):
    from pages import jamforelse as comparison

    return comparison.render({**BASE, **args})


def test_layout_keeps_extra_query_keys(comparison_db):
    from pages import jamforelse as comparison

    store = find_by_id(comparison.layout(ar="2022", typ="facknamnd", avvikelser="1", x="y"),
                       "comparison-args")
    assert store.id == "comparison-args"
    assert store.data["typ"] == "facknamnd" and store.data["avvikelser"] == "1"
    assert "x" not in store.data


def test_registered_in_nav(comparison_db):
    import dash

    pg = next(p for p in dash.page_registry.values() if p["path"] == "/jamforelse")
    assert pg["nav"] is True and pg["order"] == 20 and pg["name"] == "Självskattning mot utfall"


def test_tab_title(comparison_db):
    """No single entity: the tab names the view (even when filtered to a kind of board)."""
    assert "Självskattning mot utfall – Kontrollrum" in text(render(typ="facknamnd"))


def test_matrix_cells_show_both_and_the_gap(comparison_db):
    out = render(ar="2022", period="VB")
    cells = grid_cells(out, "comparison-matrix")
    labels = pair_labels(cells)
    for words in ("Självskattning: Uppfyllt", "Beräknat: Delvis uppfyllt",
                  "Mer positiv än indikatorerna (+1)", "Mer positiv än indikatorerna (+2)",
                  "Mer negativ än indikatorerna (−1)", "Stämmer med indikatorerna (±0)",
                  "Kan inte jämföras"):
        assert words in labels, words
    links = [c["href"] for c in cells.values()]
    assert "/namnd/norrby?ar=2022&period=VB&mal=vom11#mal-vom11" in links
    assert "/namnd/soderby?ar=2022&period=VB&mal=vom12#mal-vom12" in links
    # every cell shows its shape and says its words (never colour alone)
    assert all(c["pair"] is None or c["pair"][1] for c in cells.values())


def test_board_table_ranked_with_index_and_basis(comparison_db):
    out = render(ar="2022", period="VB")
    table = find_all(out, lambda c: getattr(c, "id", None) == "comparison-boards")[0]
    body = text(table)
    assert body.index("Norrby") < body.index("Söderby") < body.index("Kulturnämnden")
    assert "+1,5" in body and "+0,5" in body
    assert "Indikatorer" in body and "Samlad bedömning" in body
    assert "Optimismindex" in text(out) and "medelvärdet av skillnaden" in text(out)


def test_sort_by_name(comparison_db):
    table = find_all(render(ar="2022", period="VB", sort="namn"),
                     lambda c: getattr(c, "id", None) == "comparison-boards")[0]
    body = text(table)
    assert body.index("Kulturnämnden") < body.index("Norrby") < body.index("Söderby")


def test_ks_against_boards(comparison_db):
    out = text(render(ar="2022", period="VB"))
    assert "3 av 3 nämnder: uppfyllt" in out
    assert "2 av 3 nämnder: uppfyllt; 1: delvis uppfyllt" in out
    assert "Kommunstyrelsen är strängare än flertalet nämnder" in out
    assert "Kommunstyrelsen: Delvis uppfyllt" in aria_labels(render(ar="2022", period="VB"))


def test_reported_at_t2_without_outcome(comparison_db):
    out = render(ar="2022", period="T2")
    table = find_all(out, lambda c: getattr(c, "id", None) == "comparison-reported")[0]
    cells = text(table)
    assert "Norrby stadsdelsnämnd 4 4 3 0 0 1 3" in cells
    assert "Söderby stadsdelsnämnd 1 1 1 0 0 0 1" in cells
    assert "Norrby stadsdelsnämnd: 3 indikatorer" in text(out)


def test_reported_fold_fills_on_open(comparison_db):
    from tests.dash_tree import find_all

    out = render(ar="2022", period="VB")
    ids = [c.id for c in find_all(out, lambda c: isinstance(getattr(c, "id", None), dict)
                                  and c.id.get("type") == "kr-fold")]
    assert [i["view"] for i in ids] == ["jamforelse"] * len(ids) and ids
    key = next(folds.parse_key(i["key"]) for i in ids if '"soderby"' in i["key"])
    body = folds.build("jamforelse", key)
    assert "Andel elever som läser" in text(body)
    assert "Rapporterat: Uppfyllt" in aria_labels(body)
    assert "Ej uppfyllt" in aria_labels(body)
    assert "Nämnden finns inte" in text(folds.build("jamforelse", {**key, "org": "nope"}))


def test_trend_over_the_years_is_a_fold_built_when_opened(comparison_db):
    """The trend's chart is not in the page's first answer (no plotly.js until it is opened);
    its fold's key gives the trend of the page's period and filters, and a forged key a
    sentence."""
    from tests.dash_tree import find_all

    _top, rest, _sub = render(ar="2022", period="VB", typ="stadsdelsnamnd")
    section = find_by_id(rest, "comparison-trend-section")
    assert text(section) == "Optimismindex över åren (VB varje år) Laddar …"
    assert find_by_id(rest, "comparison-trend-graph") is None
    fold_id = find_all(section, lambda c: isinstance(getattr(c, "id", None), dict))[0].id
    key = folds.parse_key(fold_id["key"])
    assert key["part"] == "trend" and key["typ"] == "stadsdelsnamnd"
    body = folds.build("jamforelse", key)
    desktop = find_by_id(body, "comparison-trend-graph").figure["layout"]
    phone = find_by_id(body, "comparison-trend-graph-phone").figure["layout"]
    assert desktop["xaxis2"]["domain"][0] > 0 and phone["xaxis2"]["domain"][0] > 0
    assert desktop["xaxis3"]["domain"][0] > 0 and phone["xaxis3"]["domain"][0] == 0  # 2 a row
    table = text(find_by_id(body, "comparison-trend-table"))
    assert "Norrby stadsdelsnämnd 0 +1,5" in table and "Kulturnämnden" not in table
    assert text(folds.build("jamforelse", {**key, "period": "Q9"})) == \
        "Det finns inga år att visa."


@pytest.mark.parametrize("args, shown, hidden", [
    ({"typ": "facknamnd"}, ["Kulturnämnden"], ["Norrby stadsdelsnämnd"]),
    ({"typ": "stadsdelsnamnd"}, ["Norrby stadsdelsnämnd", "Söderby"], ["Kulturnämnden"]),
    ({"avvikelser": "1"}, ["Norrby stadsdelsnämnd", "Söderby"], []),
])
def test_filters(comparison_db, args, shown, hidden):
    out = render(ar="2022", period="VB", **args)
    names = " ".join(grid_board_names(out, "comparison-matrix"))
    for name in shown:
        assert name in names
    for name in hidden:
        assert name not in names


def test_only_disagreements_hides_agreeing_board(comparison_db):
    # 2021 VB: Norrby agrees on both goals; Söderby (+1) and Kultur (−1) do not.
    names = " ".join(grid_board_names(render(ar="2021", period="VB", avvikelser="1"),
                                      "comparison-matrix"))
    assert "Norrby" not in names and "Söderby" in names


def test_goal_filter_keeps_one_column_and_links_keep_filters(comparison_db):
    out = render(ar="2022", period="VB", mal="vom12", typ="stadsdelsnamnd")
    goals = {code for _, code in grid_cells(out, "comparison-matrix")}
    assert goals == {"1.2"}
    assert "/jamforelse?ar=2021&period=VB&typ=stadsdelsnamnd&mal=vom12" in hrefs(out)


@pytest.mark.parametrize("args, notice", [
    ({"typ": "xyz"}, "Nämndtypen ”xyz” finns inte"),
    ({"mal": "nope"}, "Målet ”nope” finns inte"),
    ({"avvikelser": "kanske"}, "Värdet ”kanske” för avvikelser förstås inte"),
    ({"sort": "bad"}, "Sorteringen ”bad” finns inte"),
    ({"ar": "1999"}, "Det finns inga data för 1999"),
    ({"period": "X9"}, "Perioden ”X9” finns inte"),
])
def test_bad_query_values_give_notice(comparison_db, args, notice):
    out = text(render(**args))
    assert notice in out
    assert "Självskattning mot indikatorutfall" in out


def test_trend_and_periods_callbacks(comparison_db):
    from pages import jamforelse as comparison

    sub = comparison.sub_args({**BASE, "ar": "2022", "period": "VB"})
    assert sub["years"] == [2021, 2022]
    trend = comparison.render_trend(sub)
    table = find_all(trend, lambda c: getattr(c, "id", None) == "comparison-trend-table")[0]
    assert "Norrby stadsdelsnämnd 0 +1,5" in text(table)
    assert "Kulturnämnden −1 0" in text(table)
    assert "Alla nämnder 0 +0,8" in text(table)
    periods = text(comparison.render_periods(sub))
    assert "T2: utan utfall" in periods and "VB: ljus delvis/ej" in periods
    assert "Norrby stadsdelsnämnd 3 0 0 0" in periods
    assert "Söderby stadsdelsnämnd 1 0 0 1" in periods
    kultur = text(comparison.render_trend({**sub, "typ": "facknamnd"}))
    assert "Kulturnämnden" in kultur and "Norrby" not in kultur


def test_trend_chart_of_many_boards_draws_the_most_optimistic(comparison_db, monkeypatch):
    """Above `BOARDS_MAX` boards the small multiples draw all boards together and the boards
    with the highest index in the latest year, and say so; the table keeps every board."""
    from pages import jamforelse as comparison

    sub = comparison.sub_args({**BASE, "ar": "2022", "period": "VB"})
    whole = comparison.render_trend(sub)
    assert find_by_id(whole, "comparison-trend-cut") is None
    every = [t["name"] for t in find_by_id(whole, "comparison-trend-graph").figure["data"]]
    assert every[:1] == ["Alla nämnder"] and len(every) > 3

    monkeypatch.setattr(comparison, "BOARDS_MAX", 2)
    cut = comparison.render_trend(sub)
    drawn = [t["name"] for t in find_by_id(cut, "comparison-trend-graph").figure["data"]]
    assert drawn == ["Alla nämnder", "Norrby stadsdelsnämnd", "Söderby stadsdelsnämnd"]
    assert text(find_by_id(cut, "comparison-trend-cut")) == (
        f"Diagrammet visar alla nämnder tillsammans och de 2 av {len(every) - 1} nämnder som "
        "hade högst optimismindex 2022; tabellen har alla.")
    table = text(find_by_id(cut, "comparison-trend-table"))
    assert "Kulturnämnden −1 0" in table and "Norrby stadsdelsnämnd 0 +1,5" in table


def test_chart_series_ranks_by_the_year_and_keeps_the_order():
    from pages.jamforelse.charts import chart_series

    series = {"Alla": ((2021, 0.1), (2022, 0.2)), "A": ((2021, 2.0),), "B": ((2022, -1.0),),
              "C": ((2021, -2.0), (2022, 1.0)), "D": ((2022, 1.0),)}
    assert list(chart_series(series, 2, 2022)) == ["Alla", "C", "D"]  # A: no index in 2022
    assert list(chart_series(series, 3, 2022)) == ["Alla", "B", "C", "D"]
    assert list(chart_series(series, 3, 2021)) == ["Alla", "A", "B", "C"]  # B, D: no 2021
    assert chart_series(series, 4, 2022) == series


@pytest.mark.parametrize("change", [
    {"years": list(range(-1000, 2000))},  # 3,000 years that do not exist
    {"years": ["2022", None, {"a": 1}, [2021], True]},
    {"period": "Q9"}, {"period": ["VB"]}, {"year": "2022"}, {"year": 10**30},
    {"typ": {"x": 1}}, {"years": "2021,2022"},
])
def test_trend_and_periods_ignore_forged_arguments(comparison_db, change):
    """The later callbacks' arguments come back from the browser: what does not exist is
    ignored (never a loop over it, never an error)."""
    from pages import jamforelse as comparison

    sub = {**comparison.sub_args({**BASE, "ar": "2022", "period": "VB"}), **change}
    for out in (comparison.render_trend(sub), comparison.render_periods(sub)):
        assert "Något gick fel" not in text(out)
    got = comparison.data.trend(sub)
    assert got is None or set(got.years) <= {2021, 2022}
    assert comparison.render_trend(None) is None and comparison.render_periods(None) is None


def test_trend_shows_at_most_twenty_years(comparison_db, monkeypatch):
    from pages.jamforelse import data

    assert data._years(list(range(1990, 2030)), list(range(1990, 2030))) == \
        list(range(2010, 2030))
    assert data._years(None, [2021, 2022]) == [2021, 2022]
    assert data._years([2022, "x"], [2021, 2022]) == [2022]


def test_empty_database(empty_db):
    assert "Inga data ännu" in text(render())


def test_queries_on_both_databases(engine):
    from ils.rules_periods import DEFAULT_PARAMS
    from queries.read import comparison_views as cv
    from queries.write.store import replace_dataset
    from tests.fixture_comparison import comparison_city

    replace_dataset(engine, comparison_city(), {})
    sc = cv.scope(engine)
    now = cv.comparison_now(engine, sc, 2022, "VB", DEFAULT_PARAMS)
    assert set(now.goals["org_id"]) == {"stad", "norrby", "soderby", "kultur"}
    gap = dict(zip(zip(now.goals["goal_id"], now.goals["org_id"], strict=False), now.goals["gap"], strict=False))
    assert gap[("vom11", "soderby")] == 2 and gap[("vom12", "soderby")] == -1
    assert set(now.assessments["period"]) == {"VB"} and "basis" in now.assessments.columns
    goals = cv.goal_lights_over_years(engine, sc, DEFAULT_PARAMS, "VB", (2021, 2022))
    assert sorted(set(goals["year"])) == [2021, 2022] and "stad" not in set(goals["org_id"])
    ind = cv.indicator_lights_of_year(engine, sc, DEFAULT_PARAMS, 2022)
    assert set(ind["period"]) == {"T2", "VB"} and set(ind["org_id"]) <= set(sc.board_ids)
    got = cv.forecasts(engine, sc, DEFAULT_PARAMS, (2021, 2022))
    assert set(got.t2["year"]) == {2021, 2022} and set(got.t2["period"]) == {"T2"}
    one = cv.forecasts(engine, sc, DEFAULT_PARAMS, (2022,))
    assert one.vb.equals(got.vb.filter(pl.col("year") == 2022))
    same = goals.filter((pl.col("year") == 2022) & (pl.col("period") == "VB"))
    assert same.sort("goal_id", "org_id")["gap"].to_list() == \
        now.goals.filter(pl.col("org_id") != "stad").sort("goal_id", "org_id")["gap"].to_list()


def test_changed_rows_give_fresh_lights(engine):
    from ils.rules_periods import DEFAULT_PARAMS
    from queries.read import comparison_views as cv
    from queries.write.store import replace_dataset
    from tests.fixture_comparison import comparison_city

    ds = comparison_city()
    replace_dataset(engine, ds, {})
    before = cv.comparison_now(engine, cv.scope(engine), 2022, "VB", DEFAULT_PARAMS).goals

    changed = ds.values.with_columns(outcome=pl.when(
        (pl.col("indicator_id") == "ind-las") & (pl.col("org_id") == "soderby")
        & (pl.col("period") == "VB")).then(99.0).otherwise(pl.col("outcome")))
    replace_dataset(engine, type(ds).from_frames({**ds.frames(), "values": changed}), {})
    after = cv.comparison_now(engine, cv.scope(engine), 2022, "VB", DEFAULT_PARAMS).goals

    def light(df):
        return df.filter((pl.col("goal_id") == "vom11")
                         & (pl.col("org_id") == "soderby"))["light"][0]

    assert light(before) == "rod" and light(after) == "gron"
