"""Stadsöversikt: layout and callback called directly on the known-lights city."""

from __future__ import annotations

import re

from tests.dash_tree import (
    aria_labels,
    find_by_id,
    grid_board_names,
    grid_cells,
    hrefs,
    light_label_of,
    text,
)


def render(**args):
    from pages import start as overview

    base = {"ar": None, "period": None, "sort": None, "mal": None}
    return overview.render({**base, **args})


def test_layout_does_no_io_and_keeps_query(city_db):
    from pages import start as overview

    frame = overview.layout(ar="2022", period="VB", unknown="x")
    store = frame.children[0]
    assert store.id == "overview-args"
    assert store.data["ar"] == "2022" and store.data["period"] == "VB"


def test_defaults_to_latest_period(city_db):
    out = text(render())
    assert "VB 2022" in out


def test_city_light_beside_ks_assessment(city_db):
    labels = aria_labels(render(ar="2022", period="VB"))
    # 1.1: city computed green (score .75), KS assessed partly; 1.2: computed yellow, no KS.
    assert "Uppfyllt" in labels
    assert "Kommunstyrelsens bedömning: Delvis uppfyllt" in labels
    assert "Delvis uppfyllt" in labels


def matrix_labels(out) -> list[str]:
    """The accessible names of the matrix grid's cells."""
    return [light_label_of(name, c) for (name, _), c in
            grid_cells(out, "overview-matrix").items()]


def test_matrix_cells_have_known_lights_and_link_to_board_goal(city_db):
    out = render(ar="2022", period="VB")
    labels = matrix_labels(out)
    # §3.8 say what is counted: indicators, singular for one; no "0 utan utfall"
    assert ("Norrby stadsdelsnämnd, mål 1.1: Delvis uppfyllt – 1 indikator uppfylld, "
            "1 delvis uppfylld, 1 ej uppfylld; nämnden bedömer målet mer positivt än "
            "indikatorerna") in labels
    assert ("Söderby stadsdelsnämnd, mål 1.1: Ej uppfyllt – 0 indikatorer uppfyllda, "
            "0 delvis uppfyllda, 1 ej uppfylld, 1 utan utfall; nämnden bedömer målet mer "
            "positivt än indikatorerna") in labels
    assert any(x.startswith("Söderby stadsdelsnämnd, mål 1.2: Uppfyllt –") for x in labels)
    assert any(x.startswith("Kulturnämnden, mål 1.1: Uppfyllt –") for x in labels)
    links = [c["href"] for c in grid_cells(out, "overview-matrix").values()]
    assert "/namnd/norrby?ar=2022&period=VB&mal=vom11#mal-vom11" in links
    # groups in order: district boards before specialist boards
    kinds = [r["k"] for r in find_by_id(out, "overview-matrix").children.rowData]
    assert kinds.index("Stadsdelsnämnder") < kinds.index("Facknämnder")
    assert kinds == sorted(kinds, key=["Stadsdelsnämnder", "Facknämnder", "Bolag"].index)


def test_forecast_lights_at_t2(city_db):
    labels = matrix_labels(render(ar="2022", period="T2"))
    # a forecast green says so (§3.8: it rests on forecasts), in the cell's name too
    assert any(x.startswith("Norrby stadsdelsnämnd, mål 1.1: Uppfyllt (prognos) –")
               for x in labels)


def test_headline_counts_goals_and_optimistic_boards(city_db):
    out = text(render(ar="2022", period="VB"))
    assert "2 mål: 1 uppfyllt, 1 delvis, 0 ej uppfyllda" in out  # "1 uppfyllt", not "uppfyllda"
    assert "2 av 3 nämnder bedömer sig mer positivt än indikatorerna på minst ett mål." in out
    # which boards? the headline leads to the answer (issue 21 item 7)
    assert "/jamforelse?ar=2022&period=VB#optimism" in hrefs(render(ar="2022", period="VB"))
    t2 = text(render(ar="2022", period="T2"))
    assert "Vid T2 kan ljus vila på prognoser" in t2.replace("  ", " ")


def test_headline_names_the_more_positive_boards(city_db):
    """Issue 21 item 7: which boards? The answer sits beside the headline, each board a link."""
    from tests.dash_tree import find_by_id

    out = render(ar="2022", period="VB")
    listing = find_by_id(out, "overview-positive-boards")
    assert listing is not None
    said = text(listing)
    assert "Norrby stadsdelsnämnd" in said and "Söderby stadsdelsnämnd" in said
    assert "Kulturnämnden" not in said  # the third board is not more positive anywhere
    assert "(1 mål)" in said
    assert "/namnd/norrby?ar=2022&period=VB" in hrefs(listing)


def test_worst_first_orders_goals_and_boards(city_db):
    out = render(ar="2022", period="VB", sort="varst")
    body = text(out)
    # the city's 1.2 (yellow) comes before 1.1 (green); boards by mean score, reds first
    goals = body[body.index("Stadens mål, sämst först"):]
    assert goals.index("1.2") < goals.index("1.1")
    names = grid_board_names(out, "overview-matrix")  # one list, worst first, not by kind
    assert names.index("Norrby stadsdelsnämnd") < names.index("Kulturnämnden")
    assert any("sort=varst" in h for h in hrefs(out))


def test_change_since_previous_period(city_db):
    out = render(ar="2022", period="VB")
    labels = text(out)
    # each arrow says what it compares with: "Oförändrat sedan T2 2022" (not "än")
    assert "sedan T2 2022" in labels and "än T2 2022" not in labels


def test_bad_year_falls_back_with_notice(city_db):
    out = text(render(ar="1999", period="VB"))
    assert "Det finns inga data för 1999" in out
    assert "VB 2022" in out


def test_bad_period_falls_back_with_notice(city_db):
    out = text(render(ar="2022", period="X9"))
    assert "Perioden ”X9” finns inte" in out


def test_empty_database_says_so(empty_db):
    assert "Inga data ännu" in text(render())


def test_links_keep_period(city_db):
    links = [h for h in hrefs(render(ar="2022", period="T2")) if h.startswith("/mal/")]
    assert links and all(re.search(r"\?ar=2022&period=T2$", h) for h in links)


def test_data_label_demo_and_empty(city_db):
    from pagekit.shell import data_label

    banner, source = data_label("/")
    assert "Fiktiva demodata" in text(banner) and "Exempelstad" in source


def test_empty_database_claims_no_source(empty_db):
    from pagekit.shell import data_label

    assert data_label("/") == (None, None)


def test_a_database_with_assessments_but_no_values_is_not_called_empty(tmp_path, monkeypatch):
    """'Inga data ännu' says what is missing (indicator values), not that the database is
    empty when it holds organisations, goals and assessments."""
    from ils.model import Dataset
    from tests.conftest import load_sqlite
    from tests.fixture_city import city

    ds = city()
    url = load_sqlite(tmp_path, Dataset(**{**ds.frames(), "values": ds.values.clear()}),
                      {"demo": "1"})
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401
    shown = text(render())
    assert "Inga data ännu" in shown and "inga indikatorvärden" in shown
    assert "Databasen är tom" not in shown
