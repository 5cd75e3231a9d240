"""Så fungerar Kontrollrum: the configured parameters, the computed worked example, the legend
and the data label."""

from __future__ import annotations

import pytest

from tests.dash_tree import aria_labels, find_by_id, text, texts


def render():
    from pages import om as about

    return about.render({"ar": None, "period": None, "sort": None, "mal": None})


def example_rows(out) -> dict[str, str]:
    body = [c for c in find_by_id(out, "about-example-table").children if c is not None][-1]
    return {text(tr.children[0])[0]: text(tr) for tr in body.children}


def test_registered_in_nav_at_om(city_db):
    import dash

    entry = next(p for p in dash.page_registry.values() if p["path"] == "/om")
    assert entry["name"] == "Så fungerar Kontrollrum"
    assert entry["nav"] is True and entry["order"] == 90


def test_layout_does_no_io(monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DB", "sqlite:////nonexistent-dir/x.db")
    import app  # noqa: F401
    from pages import om as about

    assert about.layout(ar="2022").children[0].id == "about-args"


def test_default_settings_shown_in_swedish(city_db):
    out = render()
    settings = text(find_by_id(out, "about-settings"))
    assert "10 %" in settings and "0,75 (75 %)" in settings and "0,40 (40 %)" in settings
    assert "målvärdet minus 10 % av målvärdet" in text(find_by_id(out, "about-yellow"))
    assert "Minst 0,75 (75 %) ger grönt, minst 0,40 (40 %) ger gult" in \
        text(find_by_id(out, "about-thresholds"))


@pytest.mark.parametrize("env, shown", [
    ({"KONTROLLRUM_TOLERANCE": "0.2"}, ["20 %", "0,75 (75 %)", "0,40 (40 %)"]),
    ({"KONTROLLRUM_GREEN_THRESHOLD": "0,8", "KONTROLLRUM_YELLOW_THRESHOLD": "0.5"},
     ["10 %", "0,80 (80 %)", "0,50 (50 %)"]),
    ({"KONTROLLRUM_TOLERANCE": "0.125"}, ["12,5 %"]),
])
def test_configured_settings_are_shown(city_db, monkeypatch, env, shown):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    settings = text(find_by_id(render(), "about-settings"))
    for s in shown:
        assert s in settings


def test_worked_example_lights_by_hand(city_db):
    out = render()
    rows = example_rows(out)
    # t = 0.10: A 85 ≥ 80; B 85.5 in [81, 90); C 28 ≤ 30 (lower better); D 6 < 9; E no outcome.
    assert "85 % ● Uppfyllt 1" in rows["A"]
    assert "90 % 81 % 85,5 % ▲ Delvis uppfyllt 0,5" in rows["B"]
    assert "30 dagar 40 dagar 28 dagar ● Uppfyllt 1" in rows["C"]
    assert "10 9 6 ■ Ej uppfyllt 0" in rows["D"]
    assert "Utfall saknas räknas inte" in rows["E"]
    score = text(find_by_id(out, "about-example-score"))
    assert "(1 + 0,5 + 1 + 0) / 4 = 0,625 (62,5 %)" in score
    assert aria_labels(find_by_id(out, "about-example-score")) == ["Delvis uppfyllt"]
    assert aria_labels(find_by_id(out, "about-example-gap")) == ["Självskattning: Uppfyllt"]
    assert "mer positiv än indikatorerna" in text(find_by_id(out, "about-example-gap"))
    assert aria_labels(find_by_id(out, "about-example-forecast")) == [
        "Uppfyllt (prognos)", "Utfall saknas"]
    assert "Bara KF:s indikatorer (utan nämndens egen indikator D)" in text(out)


@pytest.mark.parametrize("green, light", [("0.625", "Uppfyllt"), ("0.63", "Delvis uppfyllt")])
def test_worked_example_follows_configured_threshold(city_db, monkeypatch, green, light):
    monkeypatch.setenv("KONTROLLRUM_GREEN_THRESHOLD", green)
    out = render()
    assert aria_labels(find_by_id(out, "about-example-score")) == [light]


def test_worked_example_follows_configured_tolerance(city_db, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_TOLERANCE", "0.5")
    rows = example_rows(render())
    assert "10 5 6 ▲ Delvis uppfyllt 0,5" in rows["D"]  # 6 ≥ 10 − 0.5·10


def test_legend_and_words(city_db):
    out = render()
    labels = aria_labels(find_by_id(out, "about-legend"))
    for label in ("Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt", "Utfall saknas", "Ej målsatt",
                  "Uppfyllt (prognos)", "Självskattning: Delvis uppfyllt"):
        assert label in labels
    words = texts(find_by_id(out, "about-words"))
    for term in ("Prognos", "Utfall saknas", "Ej målsatt", "Bara KF:s indikatorer"):
        assert term in words


def test_data_source_demo(city_db):
    out = render()
    source = text(find_by_id(out, "about-source"))
    assert "Fiktiva demodata." in source and "Testdata: Exempelstad (påhittad)" in source
    data = text(find_by_id(out, "about-data"))
    assert "Källa: Kolada" in data and "bearbetning av data från Kolada" in data


def test_data_source_imported(tmp_path, monkeypatch):
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_city import city

    url = f"sqlite:///{tmp_path / 'real.db'}"
    eng = make_engine(url)
    replace_dataset(eng, city(), {"source": "Källa: Kolada"})
    eng.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401

    source = text(find_by_id(render(), "about-source"))
    assert "Källa: Kolada" in source and "Fiktiva" not in source


def test_empty_database(empty_db):
    assert "Databasen är tom" in text(find_by_id(render(), "about-source"))


def test_one_h1_then_h2s(city_db):
    from tests.dash_tree import find_all

    out = render()
    h1 = find_all(out, lambda c: type(c).__name__ == "H1")
    h2 = find_all(out, lambda c: type(c).__name__ == "H2")
    assert len(h1) == 1 and len(h2) >= 7
