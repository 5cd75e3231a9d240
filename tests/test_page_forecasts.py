"""/prognoser (pages/prognoser/): layout and callbacks called directly on the comparison city
(SQLite)."""

from __future__ import annotations

import polars as pl
import pytest

from pagekit import folds
from tests.dash_tree import aria_labels, find_all, find_by_id, hrefs, text

BASE = {"ar": None, "period": None, "sort": None, "mal": None, "namnd": None}


def render(**args):
    from pages import prognoser as forecasts

    return forecasts.render({**BASE, **args})


def _by_id(tree, component_id):
    return find_all(tree, lambda c: getattr(c, "id", None) == component_id)[0]


def test_layout_keeps_board(comparison_db):
    from pages import prognoser as forecasts

    store = find_by_id(forecasts.layout(ar="2022", namnd="norrby"), "forecasts-args")
    assert store.id == "forecasts-args" and store.data["namnd"] == "norrby"


def test_registered_in_nav(comparison_db):
    import dash

    pg = next(p for p in dash.page_registry.values() if p["path"] == "/prognoser")
    assert pg["nav"] is True and pg["order"] == 25 and pg["name"] == "Prognossäkerhet"


def test_summary_sentence_latest_year(comparison_db):
    out = text(_by_id(render(), "forecasts-summary"))
    assert "I T2 2022 var 5 av nämndernas indikatorljus gröna" in out
    assert "3 av 5 (60 %) blev gula eller röda i VB" in out
    assert "prognos blev 2 av 4 (50 %)" in out and "utfall 1 av 1 (100 %)" in out
    assert "1 av 5 (20 %) bedömdes lägre i VB" in out


def test_board_table_counts_and_order(comparison_db):
    body = text(_by_id(render(ar="2022"), "forecasts-boards"))
    assert "Alla nämnder 5 2 1 2 0 3 av 5 (60 %)" in body
    assert "Norrby stadsdelsnämnd 3 1 1 1 0 2 av 3 (66,7 %) 1 av 2 (50 %) 1 av 1 (100 %)" in body
    assert body.index("Söderby") < body.index("Norrby") < body.index("Kulturnämnden")


def test_flows_all_boards_and_one_board(comparison_db):
    flows = text(_by_id(render(ar="2022"), "forecasts-flows"))
    # rows: T2 light; columns: VB Uppfyllt, Delvis uppfyllt, Ej uppfyllt, Utfall saknas
    assert "Uppfyllt 0 1 0 0" in flows
    assert "Uppfyllt (prognos) 2 0 2 0" in flows and "Utfall saknas 1 0 1 1" in flows
    one = render(ar="2022", namnd="soderby")
    assert "Från T2 till VB 2022: Söderby stadsdelsnämnd" in text(one)
    flows = text(_by_id(one, "forecasts-flows"))
    assert "Uppfyllt (prognos) 0 1 0" in flows  # columns: Uppfyllt, Ej uppfyllt, saknas
    assert "Utfall saknas 1 0 1" in flows
    sankey = _by_id(one, "forecasts-sankey")
    assert sankey.figure["data"][0]["type"] == "sankey"
    assert sum(sankey.figure["data"][0]["link"]["value"]) == 3


def test_board_links_select_flows(comparison_db):
    assert "/prognoser?ar=2022&period=VB&namnd=norrby#forecasts-flow" in hrefs(render())


def test_self_assessments_t2_vs_vb(comparison_db):
    out = render(ar="2022")
    table = text(_by_id(out, "forecasts-assessments"))
    assert "Söderby stadsdelsnämnd 2 2 1 0 1 av 2 (50 %)" in table
    listed = _by_id(out, "forecasts-assessment-list")
    assert "Väntetiderna har ökat." in text(listed)
    assert "/namnd/soderby?ar=2022&period=VB&mal=vom12#mal-vom12" in hrefs(listed)


def test_goals_that_did_not_hold_load_when_opened(comparison_db):
    """A long list of goals (with motivations) is a fold filled when opened; a short one is
    sent open. Either way the same table."""

    body = folds.build("prognoser", {"ar": 2022, "list": "goals"})
    assert body.children.id == "forecasts-assessment-list"
    assert "Väntetiderna har ökat." in text(body)
    assert "/namnd/soderby?ar=2022&period=VB&mal=vom12#mal-vom12" in hrefs(body)
    for key in ({"ar": "2022", "list": "goals"}, {"ar": [2022]}, {"ar": 2022, "org": ["x"]}):
        assert "finns inte" in text(folds.build("prognoser", key))


def test_indicator_folds_and_fill(comparison_db):

    out = render(ar="2022")
    assert "Norrby stadsdelsnämnd: 3 gröna i T2, 2 blev gula eller röda" in text(out)
    assert "Kulturnämnden: 1 grön i T2, 0 blev gula eller röda" in text(out)
    ids = [c.id for c in find_all(out, lambda c: isinstance(getattr(c, "id", None), dict)
                                  and c.id.get("type") == "kr-fold")]
    assert {i["view"] for i in ids} == {"prognoser"} and len(ids) == 3 + 1  # + goals list
    key = next(folds.parse_key(i["key"]) for i in ids if '"soderby"' in i["key"])
    assert key == {"ar": 2022, "org": "soderby"}
    body = folds.build("prognoser", key)
    assert "Andel elever som läser" in text(body) and "Höll inte" in text(body)
    assert "Uppfyllt (prognos)" in aria_labels(body) and "Ej uppfyllt" in aria_labels(body)
    assert "/indikator/ind-las?ar=2022&period=T2" in hrefs(body)
    assert "Året finns inte" in text(folds.build("prognoser", {"ar": 1999, "org": "soderby"}))
    assert "Nämnden finns inte" in text(folds.build("prognoser", {"ar": 2022, "org": "x"}))


def test_the_summary_shown_is_the_tested_one(comparison_db):
    """Every forecast number on the page comes from ils.forecasts.board_summary / totals."""
    from ils import forecasts as fc
    from pages.prognoser import data

    yd = data.load(2022)
    ours = fc.board_summary(yd.pairs).filter(pl.col("n_green_t2") > 0).drop("name",
                                                                          strict=False)
    shown = yd.summary.drop("name").sort("org_id", "year")
    assert shown.equals(ours.sort("org_id", "year"))
    assert yd.totals.equals(fc.totals(yd.pairs))


def test_page_title_names_the_board(comparison_db):
    assert "Prognossäkerhet – Kontrollrum" in text(render(ar="2022"))
    assert "Prognossäkerhet: Söderby stadsdelsnämnd – Kontrollrum" in text(
        render(ar="2022", namnd="soderby"))


def test_years_callback(comparison_db):
    from pages import prognoser as forecasts

    out = forecasts.render_years({"years": [2021, 2022], "year": 2022})
    years = text(_by_id(out, "forecasts-years-table"))
    assert "Alla nämnder 2 av 3 (66,7 %) 3 av 5 (60 %)" in years
    assert "Söderby stadsdelsnämnd 2 av 2 (100 %) 1 av 1 (100 %)" in years
    assert "Kulturnämnden – 0 av 1 (0 %)" in years
    assess = text(_by_id(out, "forecasts-years-assessments"))
    assert "Kulturnämnden 1 av 1 (100 %) 0 av 1 (0 %)" in assess
    one = text(_by_id(forecasts.render_years({"years": [2022]}), "forecasts-years-table"))
    assert one.startswith("Nämnd 2022 Alla nämnder 3 av 5 (60 %)") and "2021" not in one


@pytest.mark.parametrize("sub", [
    {"years": list(range(-1000, 2000)), "year": 2022},  # 3,000 years that do not exist
    {"years": ["2022", None, {"a": 1}, True]}, {"years": "2021,2022"}, {"years": None},
    {"x": 1}, None, [], "years",
])
def test_years_callback_ignores_forged_arguments(comparison_db, sub):
    from pages import prognoser as forecasts
    from pages.prognoser import data

    out = forecasts.render_years(sub)
    assert out is None or "Något gick fel" not in text(out)
    assert data.checked_years(list(range(1990, 2030))) == [2021, 2022]
    assert len(data.checked_years(list(range(-1000, 2000)))) == 0


def test_earlier_year(comparison_db):
    out = text(render(ar="2021"))
    assert "I T2 2021 var 3 av nämndernas indikatorljus gröna" in out


@pytest.mark.parametrize("args, notice", [
    ({"ar": "2019"}, "För ”2019” finns inte både T2 och VB. Visar 2022 i stället."),
    ({"ar": "abc"}, "För ”abc” finns inte både T2 och VB"),
    ({"ar": "9" * 5000}, "finns inte både T2 och VB. Visar 2022 i stället."),
    ({"namnd": "okand"}, "Nämnden ”okand” finns inte. Visar alla nämnder."),
])
def test_bad_query_values_give_notice(comparison_db, args, notice):
    out = text(render(**args))
    assert notice in out and "I T2 2022" in out


def test_empty_database(empty_db):
    assert "Inga data ännu" in text(render())
