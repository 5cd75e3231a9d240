"""Mål page: layout and callback called directly on the known-lights city (tests/fixture_city)."""

from __future__ import annotations

import polars as pl
import pytest

from ils.model import Dataset
from tests.dash_tree import aria_labels, find_all, find_by_id, hrefs, text, texts

BASE = {"ar": None, "period": None, "sort": None, "mal": None}


def render(goal_id, **args):
    from pages import mal as goal

    return goal.render({**BASE, "goal_id": goal_id, **args})


def tbody(table):
    """The body of a table (after its optional caption and its head)."""
    return [c for c in table.children if c is not None][-1]


def board_rows(out) -> list[str]:
    """Text of each row of the boards' table, in order."""
    body = tbody(find_by_id(out, "goal-boards"))
    return [text(tr) for tr in body.children]


def test_layout_does_no_io_and_keeps_args(monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DB", "sqlite:////nonexistent-dir/x.db")
    import app  # noqa: F401
    from pages import mal as goal

    store = goal.layout(goal_id="vom11", ar="2022", period="VB", sort="gap", bogus="1")
    store = store.children[0]
    assert store.id == "goal-args"
    assert store.data == {"goal_id": "vom11", "ar": "2022", "period": "VB", "sort": "gap",
                          "mal": None}


def test_vom_city_light_beside_ks_assessment_and_gap(city_db):
    city = find_by_id(render("vom11", ar="2022", period="VB"), "goal-city")
    labels = aria_labels(city)
    # 1.1 city: gul (las 78 < 80) + gron (nojd 76 ≥ 75) → .75 → gron; KS: delvis → gap −1
    assert labels[0] == "Uppfyllt"
    assert "Varför denna färg? 1.1 Barn lär sig, staden" in labels
    assert "Kommunstyrelsens bedömning: Delvis uppfyllt" in labels
    assert "Mer negativ än indikatorerna" in text(city)
    # says what it counts, singular for one, no "0 utan utfall" (§3.8)
    assert "1 indikator uppfylld, 1 delvis uppfylld, 0 ej uppfyllda" in text(city)
    assert "utan utfall" not in text(city)


def test_vom_boards_lights_assessments_and_gap_words(city_db):
    rows = board_rows(render("vom11", ar="2022", period="VB"))
    assert len(rows) == 3
    by_name = {r.split(" ")[0]: r for r in rows}
    assert "Delvis uppfyllt" in by_name["Norrby"] and "Mer positiv än indikatorerna" in \
        by_name["Norrby"] and "+1 steg" in by_name["Norrby"]
    assert "Ej uppfyllt" in by_name["Söderby"] and "+2 steg" in by_name["Söderby"]
    assert "Stämmer med indikatorerna" in by_name["Kulturnämnden"]


@pytest.mark.parametrize("sort, order", [
    (None, ["Kulturnämnden", "Norrby", "Söderby"]),
    ("namn", ["Kulturnämnden", "Norrby", "Söderby"]),
    ("ljus", ["Söderby", "Norrby", "Kulturnämnden"]),  # worst light first
    ("bedomning", ["Kulturnämnden", "Norrby", "Söderby"]),  # all 'uppfyllt': then by name
    ("gap", ["Söderby", "Norrby", "Kulturnämnden"]),  # +2, +1, 0
    ("nonsense", ["Kulturnämnden", "Norrby", "Söderby"]),
])
def test_board_table_sorts_by_query(city_db, sort, order):
    rows = board_rows(render("vom11", ar="2022", period="VB", sort=sort))
    assert [r.split(" ")[0] for r in rows] == order


def test_sort_headers_are_links_keeping_period_and_mark_current(city_db):
    out = render("vom11", ar="2022", period="T2", sort="gap")
    links = hrefs(out)
    for key in ("namn", "ljus", "bedomning", "gap"):
        assert f"/mal/vom11?ar=2022&period=T2&sort={key}" in links
    heads = find_all(find_by_id(out, "goal-boards"),
                     lambda c: getattr(c, "aria-sort", None) is not None)
    assert [text(h) for h in heads] == ["Självskattning mot indikatorerna  (sorterad)  ▼"]


def test_board_names_link_to_board_goal_anchor(city_db):
    links = hrefs(render("vom11", ar="2022", period="VB"))
    assert "/namnd/norrby?ar=2022&period=VB&mal=vom11#mal-vom11" in links
    assert "/namnd/kultur?ar=2022&period=VB&mal=vom11#mal-vom11" in links


def test_every_light_has_a_why_button(city_db):
    out = render("vom11", ar="2022", period="VB")
    buttons = find_all(out, lambda c: isinstance(getattr(c, "id", None), dict)
                       and c.id.get("type") == "why")
    assert {(b.id["goal"], b.id["org"]) for b in buttons} == {
        ("vom11", o) for o in ("stad", "norrby", "soderby", "kultur")}


def test_kf_indicators_show_city_outcome_against_target(city_db):
    out = render("vom11", ar="2022", period="VB")
    rows = [text(tr) for tr in tbody(find_by_id(out, "goal-kf")).children]
    las = next(r for r in rows if r.startswith("Andel elever som läser"))
    assert all(s in las for s in ("78 %", "80 %", "72 %", "Utfall", "Delvis uppfyllt"))
    nojd = next(r for r in rows if r.startswith("Andel nöjda föräldrar"))
    assert all(s in nojd for s in ("76 %", "75 %", "67,5 %", "Uppfyllt"))
    assert "ind-norr-egen" not in " ".join(hrefs(find_by_id(out, "goal-kf")))  # not KF
    assert "/indikator/ind-las?ar=2022&period=VB" in hrefs(out)
    assert "1 av 2 KF-indikatorer når målvärdet för staden." in texts(out)


@pytest.fixture(scope="module")
def two_years_url(tmp_path_factory) -> str:
    """The city plus a VB 2021 with other values. VB 2021 lights of VOM 1.1 (by hand):
    stad: las 70 rod, nojd 70 gul (≥ 67,5) → .25 rod. Norrby: las 70 rod, nojd 80 gron → .5 gul.
    Söderby: las 79 gul, nojd no value (saknas) → .5 gul. Kultur: nojd 60 rod → 0 rod."""
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_city import city

    frames = city().frames()
    frames["targets"] = pl.concat([frames["targets"], frames["targets"].with_columns(
        year=pl.lit(2021, dtype=pl.Int64))])
    vb21 = pl.DataFrame([{"indicator_id": i, "org_id": o, "year": 2021, "period": "VB",
                          "outcome": v} for i, o, v in (
        ("ind-las", "stad", 70.0), ("ind-las", "norrby", 70.0), ("ind-las", "soderby", 79.0),
        ("ind-nojd", "stad", 70.0), ("ind-nojd", "norrby", 80.0), ("ind-nojd", "kultur", 60.0))])
    frames["values"] = pl.concat([frames["values"], vb21], how="diagonal_relaxed")
    url = f"sqlite:///{tmp_path_factory.mktemp('two-years') / 'two.db'}"
    eng = make_engine(url)
    replace_dataset(eng, Dataset.from_frames(frames), {"demo": "1"})
    eng.dispose()
    return url


@pytest.fixture
def two_years_db(two_years_url, monkeypatch) -> str:
    monkeypatch.setenv("KONTROLLRUM_DB", two_years_url)
    import app  # noqa: F401

    return two_years_url


@pytest.mark.parametrize("period, rows, bars, scores", [
    # VB 2022 boards: Söderby rod, Norrby gul, Kultur gron; city .75 gron
    ("VB", ["VB 2021 ■ Ej uppfyllt 1 2 0 0", "VB 2022 ● Uppfyllt 1 1 1 0"],
     {"Ej uppfyllt": [1, 1], "Delvis uppfyllt": [2, 1], "Uppfyllt": [0, 1]}, [0.25, 0.75]),
    # T2 2022: Norrby, Söderby green on forecasts, Kultur nothing; city las 77 gul, nojd saknas
    ("T2", ["VB 2021 ■ Ej uppfyllt 1 2 0 0", "T2 2022 ▲ Delvis uppfyllt 0 0 2 1"],
     {"Ej uppfyllt": [1, 0], "Delvis uppfyllt": [2, 0], "Uppfyllt": [0, 2],
      "Utfall saknas": [0, 1]}, [0.25, 0.5]),
])
def test_trend_city_light_and_board_counts(two_years_db, period, rows, bars, scores):
    out = render("vom11", ar="2022", period=period)
    body = tbody(find_by_id(out, "goal-trend-table"))
    assert [text(tr) for tr in body.children] == rows
    fig = find_by_id(out, "goal-trend-boards").figure
    assert {t["name"]: t["y"] for t in fig["data"]} == bars
    city = find_by_id(out, "goal-trend-city").figure
    assert city["data"][0]["y"] == scores
    assert {a["text"] for a in city["layout"]["annotations"]} == {"Grönt från 0,75",
                                                                  "Gult från 0,4"}


def test_trend_of_one_year_has_the_chosen_period_only(city_db):
    body = tbody(find_by_id(render("vom11", ar="2022", period="VB"), "goal-trend-table"))
    assert [text(tr) for tr in body.children] == ["VB 2022 ● Uppfyllt 1 1 1 0"]


@pytest.mark.parametrize("available, ar, period, tertials, keys", [
    ([(2022, "VB"), (2022, "T2"), (2022, "T1"), (2021, "VB"), (2021, "T2"), (2020, "VB"),
      (2019, "VB"), (2018, "VB")], 2022, "VB", False,
     [(2019, "VB"), (2020, "VB"), (2021, "VB"), (2022, "VB")]),
    ([(2022, "VB"), (2022, "T2"), (2022, "T1"), (2021, "VB")], 2022, "VB", True,
     [(2021, "VB"), (2022, "T1"), (2022, "T2"), (2022, "VB")]),
    ([(2022, "T2"), (2022, "T1"), (2021, "VB"), (2021, "T2")], 2021, "T2", True,
     [(2021, "T2")]),
    ([(2022, "T2"), (2021, "T2")], 2022, "T2", False, [(2022, "T2")]),  # 2021 has no VB
])
def test_trend_keys(available, ar, period, tertials, keys):
    from components.context import PeriodContext, trend_keys

    ctx = PeriodContext(ar, period, None, tuple(available))
    assert trend_keys(ctx, tertials=tertials) == keys


def test_t2_marks_forecast_lights(city_db):
    rows = board_rows(render("vom11", ar="2022", period="T2"))
    norrby = next(r for r in rows if r.startswith("Norrby"))
    # drawn as the table draws it: hollow, '(prognos)', the outcome-only light and coverage
    assert "Uppfyllt (prognos)" in norrby and "på utfall: Utfall saknas" in norrby
    assert "1 av 3 på prognos, 2 av 3 utan utfall" in norrby


def test_inriktningsmal_lists_voms_with_city_lights(city_db):
    out = render("im1", ar="2022", period="VB")
    assert "/mal/vom11?ar=2022&period=VB" in hrefs(out)
    assert "/mal/vom12?ar=2022&period=VB" in hrefs(out)
    labels = aria_labels(out)
    assert "Varför denna färg? 1.2 Äldre trivs, staden" in labels
    # IM light over the city's VOM lights: gron (1) + gul (.5) → .75 → gron
    assert aria_labels(find_by_id(out, "goal-im-light")) == ["Uppfyllt"]


@pytest.mark.parametrize("goal_id, owner_href, indicator", [
    ("nm-norr", "/namnd/norrby?ar=2022&period=VB", "Antal lästimmar 40 timmar 50 timmar"),
    ("em-hem", "/enhet/norrby-hem?ar=2022&period=VB", None),
])
def test_lower_goal_shows_owner_indicators_and_link_up(city_db, goal_id, owner_href,
                                                       indicator):
    out = render(goal_id, ar="2022", period="VB")
    links = hrefs(find_by_id(out, "goal-facts"))
    assert owner_href in links and "/mal/vom11?ar=2022&period=VB" in links
    if indicator:
        assert indicator in text(out) and "Ej uppfyllt" in aria_labels(out)
    else:
        assert "Målet har inga egna indikatorer." in texts(out)


def test_unknown_goal_is_not_found(city_db):
    out = text(render("finns-inte"))
    assert "hittades inte" in out and "Målet ”finns-inte” finns inte." in out


def test_bad_year_and_period_give_notice(city_db):
    assert "Det finns inga data för 1999" in text(render("vom11", ar="1999"))
    assert "Perioden ”Q5” finns inte" in text(render("vom11", period="Q5"))


def test_empty_database_says_so(empty_db):
    assert "Inga data ännu" in text(render("vom11"))


@pytest.mark.parametrize("names, expected", [
    (["Östermalm", "Älvsjö", "Årsta", "Zeta", "Bromma"],
     ["Bromma", "Zeta", "Årsta", "Älvsjö", "Östermalm"]),
])
def test_swedish_name_order(names, expected):
    from ils.labels import sv_key

    assert sorted(names, key=sv_key) == expected


def test_namndmal_lists_the_goals_below_it(city_db):
    below = find_by_id(render("nm-norr", ar="2022", period="VB"), "goal-below")
    assert text(below) == "Hemtjänsten läser högt  – Hemtjänst Norrby"
    assert hrefs(below) == ["/mal/em-hem?ar=2022&period=VB"]


@pytest.mark.parametrize("goal_id, title", [("vom11", "1.1 Barn lär sig – Kontrollrum"),
                                            ("nm-norr", "Norrbys barn läser mer – Kontrollrum")])
def test_tab_title_names_the_goal(city_db, goal_id, title):
    out = render(goal_id, ar="2022", period="VB")
    titles = [text(t) for t in find_all(out, lambda c: "kr-doc-title" in
                                        str(getattr(c, "className", "")))]
    assert titles == [title]


@pytest.fixture(scope="module")
def districts_url(tmp_path_factory) -> str:
    """The city with its two district boards renamed after Stockholm's districts (Norrby →
    Bromma, Söderby → Skarpnäck), so the district map has two boards to colour."""
    from tests.conftest import load_sqlite
    from tests.fixture_city import city

    frames = city().frames()
    frames["organisation"] = frames["organisation"].with_columns(
        name=pl.col("name").replace({"Norrby stadsdelsnämnd": "Bromma stadsdelsnämnd",
                                     "Söderby stadsdelsnämnd": "Skarpnäcks stadsdelsnämnd"}))
    return load_sqlite(tmp_path_factory.mktemp("districts"), Dataset.from_frames(frames),
                       {"demo": "1"})


@pytest.fixture
def districts_db(districts_url, monkeypatch) -> str:
    monkeypatch.setenv("KONTROLLRUM_DB", districts_url)
    import app  # noqa: F401

    return districts_url


def map_areas(out) -> dict[str, str]:
    """The district map's image-map areas: alt text → link."""
    found = find_by_id(out, "goal-map")
    return {a.alt: a.href for a in find_all(found, lambda c: type(c).__name__ == "Area")}


@pytest.mark.parametrize("period, bromma, skarpnack", [
    ("VB", "Delvis uppfyllt", "Ej uppfyllt"),  # VB 2022: Norrby gul, Söderby rod
    ("T2", "Uppfyllt (prognos)", "Uppfyllt (prognos)"),  # T2: both green on forecasts
])
def test_vom_page_maps_district_boards_by_their_light(districts_db, period, bromma, skarpnack):
    out = render("vom11", ar="2022", period=period)
    section = find_by_id(out, "goal-map-section")
    assert f"Ljus för mål 1.1 Barn lär sig, {period} 2022" in texts(section)
    q = f"?ar=2022&period={period}&mal=vom11#mal-vom11"
    assert map_areas(out) == {f"Bromma stadsdelsnämnd: {bromma}": f"/namnd/norrby{q}",
                              f"Skarpnäcks stadsdelsnämnd: {skarpnack}": f"/namnd/soderby{q}"}
    img = find_all(section, lambda c: type(c).__name__ == "Img")[0]
    assert img.useMap == "#goal-map"
    import base64
    svg = base64.b64decode(img.src.split(",", 1)[1]).decode()
    assert ("stroke-dasharray" in svg) == (period == "T2")  # forecast lights: dashed border
    assert ('fill="url(#cross)"' in svg) == (period == "VB")  # red: cross-hatched
    assert "Inga indikatorer – ljusgrått utan mönster" in texts(section)  # the legend


def test_no_map_on_an_inriktningsmal_or_a_board_goal(districts_db):
    for goal_id in ("im1", "nm-norr"):
        assert find_by_id(render(goal_id, ar="2022", period="VB"), "goal-map-section") is None


def test_no_map_when_no_board_is_a_stockholm_district(city_db):
    assert find_by_id(render("vom11", ar="2022", period="VB"), "goal-map-section") is None
