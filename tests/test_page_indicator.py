"""Indikator page: layout and callback called directly on the known-lights city."""

from __future__ import annotations

import polars as pl
import pytest

from pagekit import folds
from tests.dash_tree import aria_labels, find_by_id, hrefs, text, texts

BASE = {"ar": None, "period": None, "sort": None, "mal": None, "org": None}


def render(indicator_id, **args):
    from pages import indikator as indicator

    return indicator.render({**BASE, "indicator_id": indicator_id, **args})


def tbody(table):
    """The body of a table (after its optional caption and its head)."""
    return [c for c in table.children if c is not None][-1]


def grid_rows(out) -> dict[str, dict]:
    """The departments' and units' grid, built as opening its fold builds it: rows by org."""
    from dash import html

    from tests.dash_tree import find_all

    found = find_all(out, lambda c: isinstance(c, html.Details))
    assert len(found) == 1
    grid = folds.build(found[0].id["view"], folds.parse_key(found[0].id["key"])).children[0]
    assert grid.id == "indicator-grid-units"
    heads = [d["headerName"] for d in grid.columnDefs]
    assert grid.columnDefs[0]["pinned"] == "left"
    return {r["c0"]: {h: r.get(f"c{i}_t", r[f"c{i}"]) for i, h in enumerate(heads)}
            | {"href": r["c0_href"], "light": r[f"c{heads.index('Ljus')}_light"]}
            for r in grid.rowData}


def table_rows(out, table_id="indicator-table") -> dict[str, str]:
    """Row text of a value table by organisation name (first cell)."""
    body = tbody(find_by_id(out, table_id))
    return {text(tr.children[0]): text(tr) for tr in body.children}


def _kolada_url(folder, info: dict[str, str]) -> str:
    """The city with ind-nojd tied to a Kolada KPI, a city value at T2 (74) and a unit value
    (Hemtjänst Norrby 81 at VB)."""
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_city import city

    ds = city()
    frames = ds.frames()
    frames["indicators"] = frames["indicators"].with_columns(
        kolada_kpi=pl.when(pl.col("id") == "ind-nojd").then(pl.lit("U21468")))
    extra = pl.DataFrame([
        {"indicator_id": "ind-nojd", "org_id": "norrby-hem", "year": 2022, "period": "VB",
         "outcome": 81.0},
        {"indicator_id": "ind-nojd", "org_id": "stad", "year": 2022, "period": "T2",
         "outcome": 74.0}])
    frames["values"] = pl.concat([frames["values"], extra], how="diagonal_relaxed")
    url = f"sqlite:///{folder / 'kolada.db'}"
    eng = make_engine(url)
    replace_dataset(eng, ds.from_frames(frames), info)
    eng.dispose()
    return url


@pytest.fixture(scope="module")
def kolada_url(tmp_path_factory) -> str:
    return _kolada_url(tmp_path_factory.mktemp("kolada"), {"source": "Källa: Kolada"})


@pytest.fixture(scope="module")
def invented_url(tmp_path_factory) -> str:
    """As `kolada_url`, but the data set says its values are not from Kolada."""
    return _kolada_url(tmp_path_factory.mktemp("invented"),
                       {"demo": "1", "kolada": "0", "source": "Fiktiva demodata"})


@pytest.fixture
def kolada_db(kolada_url, monkeypatch) -> str:
    monkeypatch.setenv("KONTROLLRUM_DB", kolada_url)
    import app  # noqa: F401

    return kolada_url


def test_layout_does_no_io_and_keeps_org(monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DB", "sqlite:////nonexistent-dir/x.db")
    import app  # noqa: F401
    from pages import indikator as indicator

    store = indicator.layout(indicator_id="ind-las", ar="2022", org="norrby", x="y").children[0]
    assert store.id == "indicator-args"
    assert store.data["indicator_id"] == "ind-las" and store.data["org"] == "norrby"


def test_definition_of_kf_indicator(city_db):
    out = render("ind-las", ar="2022", period="VB")
    facts = text(find_by_id(out, "indicator-definition"))
    for expected in ("Enhet %", "Högre är bättre", "Kommunfullmäktige", "Exempelstad",
                     "1.1 Barn lär sig", "Stadsdelsnämnderna"):
        assert expected in facts
    assert "/mal/vom11?ar=2022&period=VB" in hrefs(find_by_id(out, "indicator-definition"))
    assert "Kolada" not in text(out)  # no KPI: no credit


def test_values_against_target_for_every_counting_org(city_db):
    out = render("ind-las", ar="2022", period="VB")
    rows = table_rows(out)
    # Kulturnämnden is not a stadsdelsnämnd: ind-las does not count for it.
    assert list(rows) == ["Exempelstad", "Norrby stadsdelsnämnd", "Söderby stadsdelsnämnd"]
    assert "78 % 80 % 72 % Utfall ▲ Delvis uppfyllt" in rows["Exempelstad"]
    assert "85 % 80 % 72 % Utfall ● Uppfyllt" in rows["Norrby stadsdelsnämnd"]
    assert "70 % 80 % 72 % Utfall ■ Ej uppfyllt" in rows["Söderby stadsdelsnämnd"]
    assert "/namnd/norrby?ar=2022&period=VB" in hrefs(out)
    assert "Indikatorn räknas för 3 organisationer: 1 uppfyllt, 1 delvis uppfyllt, " \
           "1 ej uppfyllt." in texts(out)


def test_chart_bars_by_light_with_kf_target_line(city_db):
    fig = find_by_id(render("ind-las", ar="2022", period="VB"), "indicator-chart").figure
    bars = {t["name"]: (list(t["y"]), list(t["x"])) for t in fig["data"]}
    assert bars == {"Uppfyllt": (["Norrby stadsdelsnämnd"], [85.0]),
                    "Delvis uppfyllt": (["Exempelstad"], [78.0]),
                    "Ej uppfyllt": (["Söderby stadsdelsnämnd"], [70.0])}
    assert [s["x0"] for s in fig["layout"]["shapes"]] == [80.0]
    assert fig["layout"]["annotations"][0]["text"] == "KF:s målvärde 80"


@pytest.mark.parametrize("indicator_id, best_first, lo, hi", [
    ("ind-las", ["Norrby stadsdelsnämnd", "Exempelstad", "Söderby stadsdelsnämnd"], 70, 85),
    ("ind-vant", ["Söderby stadsdelsnämnd", "Exempelstad", "Norrby stadsdelsnämnd"], 18, 30),
])
def test_chart_sorted_best_first_on_a_fitted_axis(city_db, indicator_id, best_first, lo, hi):
    fig = find_by_id(render(indicator_id, ar="2022", period="VB"), "indicator-chart").figure
    # plotly draws the category array bottom to top: the best value is at the top
    assert fig["layout"]["yaxis"]["categoryarray"] == best_first[::-1]
    start, end = fig["layout"]["xaxis"]["range"]
    assert lo - 0.2 * (hi - lo) <= start < lo and hi < end <= hi + 0.2 * (hi - lo)


def test_honest_chart_bars_from_zero_or_dots_and_missing_listed():
    """§3.8 honest charts (issue 21 item 5): Farsta's 35.8 beside 43.1 – bars would need an
    axis from 0 that squeezes them, so dots on a fitted axis; values far apart: bars from
    zero; an org without a value is not an empty row."""
    from components.charts import bar_with_targets, zero_squeezes

    assert zero_squeezes([35.8, 43.1]) and not zero_squeezes([5.0, 43.1])
    fig = bar_with_targets(["A", "Farsta", "C"], [43.1, 35.8, None], ["gron", "rod", "saknas"],
                           kf_target=40.0)
    assert {t["type"] for t in fig["data"]} == {"scatter"}
    assert fig["layout"]["xaxis"]["range"][0] > 30  # fitted: the dots show the difference
    assert fig["layout"]["yaxis"]["categoryarray"] == ["Farsta", "A"]  # C has no row
    fig = bar_with_targets(["A", "B"], [43.1, 5.0], ["gron", "rod"])
    assert {t["type"] for t in fig["data"]} == {"bar"}
    assert fig["layout"]["xaxis"]["range"][0] == 0.0  # a bar's length shows its value


def test_chart_lists_the_orgs_without_a_value(city_db):
    out = render("ind-nojd", ar="2022", period="T2")  # Norrby has no T2 value (fixture)
    got = find_by_id(out, "indicator-chart-missing")
    fig = find_by_id(out, "indicator-chart").figure
    drawn = {y for t in fig["data"] for y in t["y"]}
    assert got is not None and text(got).startswith("Utfall saknas:")
    assert "Norrby stadsdelsnämnd" in text(got)
    assert not any(name in drawn for name in text(got).removeprefix("Utfall saknas: ")
                   .rstrip(".").split(", "))


def test_fitted_range():
    from components.charts import fitted_range

    assert fitted_range([70.0, None, 80.0, 85.0]) == pytest.approx([68.5, 86.5])
    assert fitted_range([1.0, 40.0]) == pytest.approx([0.0, 43.9])  # not below 0
    assert fitted_range([-5.0, 5.0]) == pytest.approx([-6.0, 6.0])
    assert fitted_range([50.0, 50.0]) == pytest.approx([45.0, 55.0])
    assert fitted_range([None]) is None


def test_own_indicator_has_own_target_marker_and_no_kf_line(city_db):
    out = render("ind-norr-egen", ar="2022", period="VB")
    facts = text(find_by_id(out, "indicator-definition"))
    assert "Nämnden" in facts and "Norrby stadsdelsnämnd (egen indikator)" in facts
    fig = find_by_id(out, "indicator-chart").figure
    marker = next(t for t in fig["data"] if t["name"] == "Eget målvärde")
    assert marker["x"] == [50.0] and marker["y"] == ["Norrby stadsdelsnämnd"]
    assert not fig["layout"]["shapes"]
    assert "40 timmar 50 timmar 45 timmar" in table_rows(out)["Norrby stadsdelsnämnd"]


def test_lower_is_better_with_given_yellow_limit(city_db):
    out = render("ind-vant", ar="2022", period="VB")
    assert "Lägre är bättre" in text(find_by_id(out, "indicator-definition"))
    rows = table_rows(out)
    assert "22 dagar 20 dagar 25 dagar Utfall ▲ Delvis uppfyllt" in rows["Exempelstad"]
    assert "18 dagar 20 dagar 25 dagar Utfall ● Uppfyllt" in rows["Söderby stadsdelsnämnd"]
    assert "30 dagar 20 dagar 25 dagar Utfall ■ Ej uppfyllt" in rows["Norrby stadsdelsnämnd"]


def test_t2_forecast_is_shown_as_forecast(city_db):
    out = render("ind-las", ar="2022", period="T2")
    fig = find_by_id(out, "indicator-chart").figure
    assert {t["name"]: t["y"] for t in fig["data"]} == {
        "Delvis uppfyllt": ["Exempelstad"],
        "Uppfyllt (prognos)": ["Norrby stadsdelsnämnd", "Söderby stadsdelsnämnd"]}
    rows = table_rows(out)
    assert "90 % 80 % 72 % Prognos ○ Uppfyllt (prognos)" in rows["Norrby stadsdelsnämnd"]
    assert "82 %" in rows["Söderby stadsdelsnämnd"]


@pytest.mark.parametrize("org, heading, rows", [
    (None, "Utveckling över tid – Exempelstad",
     ["T2 2022 77 % 80 % Utfall ▲ Delvis uppfyllt", "VB 2022 78 % 80 % Utfall ▲ Delvis uppfyllt"]),
    ("norrby", "Utveckling över tid – Norrby stadsdelsnämnd",
     ["T2 2022 90 % 80 % Prognos ○ Uppfyllt (prognos)", "VB 2022 85 % 80 % Utfall ● Uppfyllt"]),
    ("okand", "Utveckling över tid – Exempelstad",
     ["T2 2022 77 % 80 % Utfall ▲ Delvis uppfyllt", "VB 2022 78 % 80 % Utfall ▲ Delvis uppfyllt"]),
])
def test_trend_of_city_or_chosen_org(city_db, org, heading, rows):
    out = render("ind-las", ar="2022", period="VB", org=org)
    section = find_by_id(out, "indicator-trend-section")
    assert heading in texts(section)
    body = tbody(find_by_id(section, "indicator-trend-table"))
    assert [text(tr) for tr in body.children] == rows
    fig = find_by_id(section, "indicator-trend").figure
    assert [t["name"] for t in fig["data"]] == ["Värde", "Målvärde", "Gul gräns"]
    assert fig["data"][1]["y"] == [80.0, 80.0]


def test_period_links_keep_chosen_org(city_db):
    links = hrefs(render("ind-las", ar="2022", period="VB", org="norrby"))
    assert "/indikator/ind-las?ar=2022&period=T2&org=norrby" in links
    assert "/indikator/ind-las?ar=2022&period=VB&org=soderby" in links  # trend link per row


def test_breadcrumb_goes_through_the_vom(city_db):
    out = render("ind-norr-egen", ar="2022", period="VB")
    crumbs = out.children[0]
    assert text(crumbs) == "Stad Mål 1.1 Indikator"
    assert hrefs(crumbs) == ["/?ar=2022&period=VB", "/mal/vom11?ar=2022&period=VB"]


def test_kolada_credit_and_units_table(kolada_db):
    out = render("ind-nojd", ar="2022", period="VB")
    facts = text(find_by_id(out, "indicator-definition"))
    assert "U21468" in facts and "stadens årsvärden: Källa: Kolada" in facts
    assert "(Källa: Kolada)" in table_rows(out)["Exempelstad"]
    assert "Kolada" not in table_rows(out)["Norrby stadsdelsnämnd"]
    assert "Visa avdelningar och enheter (1)" in texts(out)
    hem = grid_rows(out)["Hemtjänst Norrby"]
    assert (hem["Värde"], hem["Målvärde"], hem["Gul gräns"], hem["Underlag"], hem["Ljus"],
            hem["light"]) == ("81 %", "75 %", "67,5 %", "Utfall", "Uppfyllt", "gron")
    assert hem["href"] == "/enhet/norrby-hem?ar=2022&period=VB"
    # the chart keeps to the stad and the boards
    fig = find_by_id(out, "indicator-chart").figure
    assert "Hemtjänst Norrby" not in {y for t in fig["data"] for y in t["y"]}
    assert "I tertialrapporterna: bearbetning av data från Kolada." in \
        text(find_by_id(out, "indicator-trend-note"))


def test_tertial_city_value_is_credited_as_processed(kolada_db):
    row = table_rows(render("ind-nojd", ar="2022", period="T2"))["Exempelstad"]
    assert "74 %" in row and "(bearbetning av data från Kolada)" in row


@pytest.mark.parametrize("period, credit", [
    ("VB", "Källa: Kolada (U21468)"), ("T2", "bearbetning av data från Kolada (U21468)")])
def test_goal_page_kf_table_credits_kolada(kolada_db, period, credit):
    from pages import mal as goal

    out = goal.render({**BASE, "goal_id": "vom11", "ar": "2022", "period": period})
    rows = [text(tr) for tr in tbody(find_by_id(out, "goal-kf")).children]
    assert credit in next(r for r in rows if r.startswith("Andel nöjda föräldrar"))
    assert "Kolada" not in next(r for r in rows if r.startswith("Andel elever som läser"))


def test_no_kolada_credit_when_values_are_not_from_kolada(invented_url, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DB", invented_url)
    import app  # noqa: F401

    out = render("ind-nojd", ar="2022", period="VB")
    assert "Källa: Kolada" not in text(out) and "bearbetning" not in text(out)
    assert "U21468" in text(find_by_id(out, "indicator-definition"))


def test_unknown_indicator_is_not_found(city_db):
    out = text(render("finns-inte"))
    assert "hittades inte" in out and "Indikatorn ”finns-inte” finns inte." in out


def test_bad_period_gives_notice(city_db):
    assert "Perioden ”X” finns inte" in text(render("ind-las", period="X"))


def test_empty_database_says_so(empty_db):
    assert "Inga data ännu" in text(render("ind-las"))


def test_lights_have_accessible_names(city_db):
    labels = aria_labels(render("ind-las", ar="2022", period="T2"))
    assert "Uppfyllt (prognos)" in labels


def test_tab_title_names_the_indicator(city_db):
    from tests.dash_tree import find_all

    out = render("ind-las", ar="2022", period="VB")
    titles = find_all(out, lambda c: "kr-doc-title" in str(getattr(c, "className", "")))
    assert [text(t) for t in titles] == ["Andel elever som läser – Kontrollrum"]


@pytest.fixture
def own_targets_db(tmp_path, monkeypatch) -> str:
    """The city where the boards set own targets on KF indicators: on ind-las (higher is
    better, KF 80) Norrby 75 is lower, Söderby 85 is not; on ind-vant (lower is better, KF 20)
    Norrby 25 is less ambitious, Söderby 15 is not."""
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_city import city

    ds = city()
    frames = ds.frames()
    own = pl.DataFrame([("ind-las", "norrby", 2022, 75.0), ("ind-las", "soderby", 2022, 85.0),
                        ("ind-vant", "norrby", 2022, 25.0), ("ind-vant", "soderby", 2022, 15.0)],
                       schema=["indicator_id", "org_id", "year", "target"], orient="row")
    frames["targets"] = pl.concat([frames["targets"], own], how="diagonal_relaxed")
    url = f"sqlite:///{tmp_path / 'own.db'}"
    eng = make_engine(url)
    replace_dataset(eng, ds.from_frames(frames), {})
    eng.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401

    return url


@pytest.mark.parametrize("indicator_id, lower, other", [
    ("ind-las", ("Norrby stadsdelsnämnd", 75.0), ("Söderby stadsdelsnämnd", 85.0)),
    ("ind-vant", ("Norrby stadsdelsnämnd", 25.0), ("Söderby stadsdelsnämnd", 15.0)),
])
def test_own_targets_less_ambitious_than_kf_are_flagged(own_targets_db, indicator_id, lower,
                                                        other):
    out = render(indicator_id, ar="2022", period="VB")
    fig = find_by_id(out, "indicator-chart").figure
    traces = {t["name"]: list(zip(t["y"], t["x"], strict=False)) for t in fig["data"]
              if t["name"].startswith("Eget")}  # (70–85: the values are dots too, §3.8)
    assert traces == {"Eget målvärde lägre än KF:s": [lower], "Eget målvärde": [other]}
    marks = {t["name"]: t["marker"]["symbol"] for t in fig["data"] if t["name"] in traces}
    assert marks["Eget målvärde lägre än KF:s"] != marks["Eget målvärde"]
    assert [s["x0"] for s in fig["layout"]["shapes"]] == [80.0 if indicator_id == "ind-las"
                                                          else 20.0]
    rows = table_rows(out)
    assert "Lägre än KF:s mål" in rows[lower[0]]
    assert "Lägre än KF:s mål" not in rows[other[0]]
    assert "Lägre än KF:s mål" not in rows["Exempelstad"]
    assert text(find_by_id(out, "indicator-lower")) == \
        "1 av 2 nämnder har ett eget mål som är lägre än KF:s."


@pytest.mark.parametrize("indicator_id, flagged", [
    ("ind-las", "Norrby stadsdelsnämnd"),  # higher is better: own 75 < KF 80
    ("ind-vant", "Norrby stadsdelsnämnd"),  # lower is better: own 25 > KF 20
])
def test_excel_has_the_lower_ambition_column(own_targets_db, indicator_id, flagged):
    from pagekit.downloads import build

    sheet = build("indikator", "values", {"indicator_id": indicator_id, "ar": "2022",
                                          "period": "VB"})
    assert sheet.frame.columns[-1] == "Mindre ambitiöst än KF:s mål"
    got = dict(sheet.frame.select("Organisation", "Mindre ambitiöst än KF:s mål").iter_rows())
    assert {"Exempelstad", "Norrby stadsdelsnämnd", "Söderby stadsdelsnämnd"} <= set(got)
    assert {org for org, flag in got.items() if flag is not None} == {flagged}
    assert got[flagged] == "Ja"


def test_no_lower_sentence_without_own_targets(city_db):
    out = render("ind-las", ar="2022", period="VB")
    assert find_by_id(out, "indicator-lower") is None
    assert "Lägre än KF:s mål" not in text(out)
