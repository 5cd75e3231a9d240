"""/jamforelse: layout and callbacks called directly on the comparison city (SQLite), and
the page's queries on both databases."""

from __future__ import annotations

import pytest

from tests.dash_tree import aria_labels, find_all, find_by_id, hrefs, text

BASE = {"ar": None, "period": None, "sort": None, "mal": None, "typ": None, "avvikelser": None}


def render(**args):
    from pages import comparison

    return comparison.render({**BASE, **args})


def test_layout_keeps_extra_query_keys(comparison_db):
    from pages import comparison

    store = find_by_id(comparison.layout(ar="2022", typ="facknamnd", avvikelser="1", x="y"),
                       "comparison-args")
    assert store.id == "comparison-args"
    assert store.data["typ"] == "facknamnd" and store.data["avvikelser"] == "1"
    assert "x" not in store.data


def test_registered_in_nav(comparison_db):
    import dash

    pg = next(p for p in dash.page_registry.values() if p["path"] == "/jamforelse")
    assert pg["nav"] is True and pg["order"] == 20 and pg["name"] == "Självskattning mot utfall"


def test_matrix_cells_show_both_and_the_gap(comparison_db):
    out = render(ar="2022", period="VB")
    labels = aria_labels(out)
    for words in ("Självskattning: Uppfyllt", "Beräknat: Delvis uppfyllt",
                  "Mer positiv än indikatorerna (+1)", "Mer positiv än indikatorerna (+2)",
                  "Mer negativ än indikatorerna (−1)", "Stämmer med indikatorerna (±0)",
                  "Kan inte jämföras"):
        assert words in labels, words
    assert "/namnd/norrby?ar=2022&period=VB&mal=vom11#mal-vom11" in hrefs(out)
    assert "/namnd/soderby?ar=2022&period=VB&mal=vom12#mal-vom12" in hrefs(out)


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


def test_reported_fold_fills_on_open(comparison_db, monkeypatch):
    import dash

    from pages import comparison

    monkeypatch.setattr(comparison, "ctx_id", lambda: {"org": "soderby"})
    sub = comparison.sub_args({**BASE, "ar": "2022", "period": "VB"})
    body = comparison.fill_reported(1, sub)
    assert "Andel elever som läser" in text(body)
    assert "Rapporterat: Uppfyllt" in aria_labels(body)
    assert "Ej uppfyllt" in aria_labels(body)
    assert comparison.fill_reported(None, sub) is dash.no_update


@pytest.mark.parametrize("args, shown, hidden", [
    ({"typ": "facknamnd"}, ["Kulturnämnden"], ["Norrby stadsdelsnämnd"]),
    ({"typ": "stadsdelsnamnd"}, ["Norrby stadsdelsnämnd", "Söderby"], ["Kulturnämnden"]),
    ({"avvikelser": "1"}, ["Norrby stadsdelsnämnd", "Söderby"], []),
])
def test_filters(comparison_db, args, shown, hidden):
    out = render(ar="2022", period="VB", **args)
    matrix = find_all(out, lambda c: getattr(c, "id", None) == "comparison-matrix")[0]
    for name in shown:
        assert name in text(matrix)
    for name in hidden:
        assert name not in text(matrix)


def test_only_disagreements_hides_agreeing_board(comparison_db):
    # 2021 VB: Norrby agrees on both goals; Söderby (+1) and Kultur (−1) do not.
    matrix = find_all(render(ar="2021", period="VB", avvikelser="1"),
                      lambda c: getattr(c, "id", None) == "comparison-matrix")[0]
    assert "Norrby" not in text(matrix) and "Söderby" in text(matrix)


def test_goal_filter_keeps_one_column_and_links_keep_filters(comparison_db):
    out = render(ar="2022", period="VB", mal="vom12", typ="stadsdelsnamnd")
    matrix = find_all(out, lambda c: getattr(c, "id", None) == "comparison-matrix")[0]
    assert "1.2" in text(matrix) and "1.1" not in text(matrix)
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
    from pages import comparison

    sub = comparison.sub_args({**BASE, "ar": "2022", "period": "VB"})
    assert sub["years"] == [2021, 2022] and sub["periods"] == ["T2", "VB"]
    trend = comparison.render_trend(sub)
    table = find_all(trend, lambda c: getattr(c, "id", None) == "comparison-trend-table")[0]
    assert "Norrby stadsdelsnämnd 0 +1,5" in text(table)
    assert "Kulturnämnden −1 0" in text(table)
    assert "Alla nämnder 0 +0,8" in text(table)
    periods = text(comparison.render_periods(sub))
    assert "Norrby stadsdelsnämnd 3 0 0 0" in periods
    assert "Söderby stadsdelsnämnd 1 0 0 1" in periods


def test_empty_database(empty_db):
    assert "Inga data ännu" in text(render())


def test_queries_on_both_databases(engine):
    from ils.rules import DEFAULT_PARAMS
    from queries import comparison_views as cv
    from queries.store import replace_dataset
    from tests.fixture_comparison import comparison_city

    replace_dataset(engine, comparison_city(), {})
    now = cv.comparison_now(engine, 2022, "VB", DEFAULT_PARAMS)
    assert set(now.goals["org_id"]) == {"stad", "norrby", "soderby", "kultur"}
    gap = dict(zip(zip(now.goals["goal_id"], now.goals["org_id"]), now.goals["gap"]))
    assert gap[("vom11", "soderby")] == 2 and gap[("vom12", "soderby")] == -1
    _, trend = cv.comparison_trend(engine, "VB", [2021, 2022], DEFAULT_PARAMS)
    assert sorted(set(trend["year"])) == [2021, 2022] and "stad" not in set(trend["org_id"])
    got = cv.forecasts(engine, DEFAULT_PARAMS, [2021, 2022])
    assert len(got.t2) == len(got.vb) and set(got.t2["org_id"]) <= {"norrby", "soderby",
                                                                    "kultur"}


def test_changed_rows_give_fresh_lights(engine):
    from ils.rules import DEFAULT_PARAMS
    from queries import comparison_views as cv
    from queries.store import replace_dataset
    from tests.fixture_comparison import comparison_city

    ds = comparison_city()
    replace_dataset(engine, ds, {})
    before = cv.comparison_now(engine, 2022, "VB", DEFAULT_PARAMS).goals
    import polars as pl

    changed = ds.values.with_columns(outcome=pl.when(
        (pl.col("indicator_id") == "ind-las") & (pl.col("org_id") == "soderby")
        & (pl.col("period") == "VB")).then(99.0).otherwise(pl.col("outcome")))
    replace_dataset(engine, type(ds).from_frames({**ds.frames(), "values": changed}), {})
    after = cv.comparison_now(engine, 2022, "VB", DEFAULT_PARAMS).goals

    def light(df):
        return df.filter((pl.col("goal_id") == "vom11")
                         & (pl.col("org_id") == "soderby"))["light"][0]

    assert light(before) == "rod" and light(after) == "gron"
