"""/mote (pages/mote/): layout and callbacks called directly on the comparison city (SQLite);
the items are those of tests/test_agenda.py (VB 2022). The VOM sections are folds built when
opened (components/fold.py)."""

from __future__ import annotations

import pytest

from pagekit import folds
from tests.dash_tree import aria_labels, find_all, hrefs, text

BASE = {"ar": None, "period": None, "namnd": "alla", "mal": None, "typ": None}  # all boards


def render(**args):
    from pages import mote

    return mote.render({**BASE, **args})


def section(vom, **args):
    """A section's body as the fold callback builds it when the section is opened."""

    return folds.build("mote", {"ar": 2022, "period": "VB", "vom": vom, **args})


def test_registered_and_layout_keeps_filters(comparison_db):
    import dash

    from pages import mote as meeting

    pg = next(p for p in dash.page_registry.values() if p["path"] == "/mote")
    assert pg["nav"] is True and pg["order"] == 40 and pg["name"] == "Målbedömningsmöte"
    store = meeting.layout(ar="2022", namnd="norrby", typ="saknas", x="y").children[0]
    assert store.data == {"ar": "2022", "period": None, "namnd": "norrby", "mal": None,
                          "typ": "saknas"}


def test_summary_counts(comparison_db):
    out = render(ar="2022", period="VB")
    summary = text(find_all(out, lambda c: getattr(c, "id", None) == "meeting-summary")[0])
    # the boards' 13 items and two of the stad's own (1.2: its yellow, which its "delvis"
    # agrees with, given without a motivation)
    assert summary.startswith("15 punkter")
    assert "rött eller gult ljus 4" in summary and "motivering saknas 2" in summary
    boards = text(find_all(out, lambda c: getattr(c, "id", None) == "meeting-boards")[0])
    assert boards.index("Norrby") < boards.index("Söderby")  # 7 items before 6
    assert "Hela staden" in boards
    assert "Kulturnämnden" not in boards
    sections = find_all(out, lambda c: "kr-agenda-vom" in (getattr(c, "className", "") or ""))
    assert [s.id for s in sections] == ["mote-vom-vom11", "mote-vom-vom12"]


def test_sections_are_folds_loaded_when_opened(comparison_db):
    """Only the first VOM's items are in the page; the second is a fold whose key brings its
    body from the server, the same body as built directly."""
    import json

    from components import fold

    out = render(ar="2022", period="VB", typ="oenighet")
    found = find_all(out, lambda c: isinstance(getattr(c, "id", None), dict)
                     and c.id.get("type") == "kr-fold")
    assert [f.open for f in found] == [True, False]
    assert len(find_all(found[0], lambda c: "kr-agenda-item" in (getattr(c, "className", "")
                                                                 or ""))) == 2
    assert fold.PENDING in str(found[1])
    assert "2 punkter" in text(found[0].children[0]) and "1 punkt" in text(found[1].children[0])
    key = folds.parse_key(found[1].id["key"])
    assert key == {"ar": 2022, "period": "VB", "namnd": "alla", "typ": "oenighet", "vom": "vom12"}
    body = folds.build("mote", key)
    items = find_all(body, lambda c: "kr-agenda-item" in (getattr(c, "className", "") or ""))
    assert len(items) == 1 and "Oenighet" in text(items[0])
    assert json.dumps(key, sort_keys=True) == found[1].id["key"]


def test_a_long_first_section_waits_to_be_opened(comparison_db, monkeypatch):
    from components import fold
    from pages import mote

    monkeypatch.setattr(mote, "OPEN_MAX", 2)
    out = render(ar="2022", period="VB")  # vom11 has more than 2 items
    found = find_all(out, lambda c: isinstance(getattr(c, "id", None), dict)
                     and c.id.get("type") == "kr-fold")
    assert [f.open for f in found] == [False, False] and fold.PENDING in str(found[0])
    assert not find_all(out, lambda c: "kr-agenda-item" in (getattr(c, "className", "") or ""))


@pytest.mark.parametrize("key, message", [
    ({"ar": 2022, "period": "VB", "vom": "nope"}, "Avsnittet finns inte."),
    ({"ar": "<script>", "period": "Q9", "vom": "vom11", "typ": "bad", "namnd": "x"}, None),
])
def test_section_key_from_the_browser_is_checked(comparison_db, key, message):

    got = text(folds.build("mote", key))
    if message:
        assert got == message
    else:  # unknown year, period and filters: read as on the page (its year and period, all)
        assert "Söderby" in got and "Norrby" in got and "Något gick fel" not in got


def test_section_items_facts_and_links(comparison_db):
    body = section("vom11")
    t = text(body)
    assert t.index("Söderby") < t.index("Norrby")  # red before yellow
    assert "prognosen i T2 (82 %) gav uppfyllt, utfallet i VB (70 %) gav ej uppfyllt" in t
    assert "<b>Bra</b> arbete." in t  # the board's text as plain text
    assert "Ingen motivering lämnad." in t  # Söderby gave none
    assert "/namnd/soderby?ar=2022&period=VB&mal=vom11#mal-vom11" in hrefs(body)
    assert "/indikator/ind-las?ar=2022&period=VB" in hrefs(body)
    assert "T2: Uppfyllt" in aria_labels(body) and "VB: Ej uppfyllt" in aria_labels(body)
    assert "Mer positiv än indikatorerna (+2)" in aria_labels(body)


def test_long_motivation_is_folded(comparison_db):
    body = section("vom12")
    details = find_all(body, lambda c: type(c).__name__ == "Details")
    assert details and "läsfrämjande" in text(details[0])


# a chosen board keeps the stad's two items (they concern every board)
@pytest.mark.parametrize("args,n", [({"typ": "oenighet"}, 3), ({"namnd": "norrby"}, 9),
                                    ({"mal": "vom12"}, 6),
                                    ({"namnd": "soderby", "typ": "saknas"}, 1)])
def test_filters(comparison_db, args, n):
    out = render(ar="2022", period="VB", **args)
    summary = text(find_all(out, lambda c: getattr(c, "id", None) == "meeting-summary")[0])
    assert summary.startswith(f"{n} punkter")


def test_filtered_section(comparison_db):
    t = text(section("vom11", namnd="norrby", typ="oenighet"))
    assert "Norrby" in t and "Söderby" not in t and "+1 steg" in t


@pytest.mark.parametrize("args,notice", [
    ({"namnd": "nope"}, "Nämnden ”nope” finns inte"),
    ({"mal": "x"}, "Målet ”x” finns inte"),
    ({"typ": "bad"}, "Avvikelsetypen ”bad” finns inte"),
    ({"ar": "1999"}, "Det finns inga data för 1999"),
    ({"period": "Q3"}, "Perioden ”Q3” finns inte"),
])
def test_unknown_values_give_a_notice(comparison_db, args, notice):
    out = render(**{"ar": "2022", "period": "VB", **args})
    assert notice in text(out)
    assert "Underlag för målbedömningsmöte" in text(out)


def test_t2_has_forecast_items_and_no_downgrade(comparison_db):
    out = render(ar="2022", period="T2")
    summary = text(find_all(out, lambda c: getattr(c, "id", None) == "meeting-summary")[0])
    # the boards' 7 items and the stad's 4: its yellow 1.1 without assessment, and its own
    # missing outcomes of ind-nojd and ind-vant (some boards have them: not folded)
    assert summary.startswith("11 punkter") and "nedgradering sedan förra perioden 0" in summary
    # the forecast greens are their own kind, not mixed with yellow/red forecasts
    assert "grönt på prognos 4" in summary and "prognos 0" in summary
    t = text(section("vom11", ar=2022, period="T2"))
    assert "ljuset uppfyllt (prognos) vilar på prognosen 90 %" in t
    assert "Grönt på prognos" in t


@pytest.mark.parametrize("typ,n", [("prognos_gron", 4), ("prognos", 0), ("saknas", 5)])
def test_t2_forecast_green_filter(comparison_db, typ, n):
    out = render(ar="2022", period="T2", typ=typ)
    summary = text(find_all(out, lambda c: getattr(c, "id", None) == "meeting-summary")[0])
    assert summary.startswith(f"{n} punkter")
    assert "Avvikelsetypen" not in text(out)  # a valid filter: no notice


def test_city_items_under_hela_staden(comparison_db):
    t = text(section("vom12"))
    assert t.index("Hela staden") < t.index("Norrby")  # the stad first in its VOM
    assert "Stadens motivering" in t and "självskattningen instämmer" in t
    # a board chosen: the stad's items stay, so never "no deviations" while the city has some
    out = render(ar="2022", period="VB", namnd="kultur")
    summary = text(find_all(out, lambda c: getattr(c, "id", None) == "meeting-summary")[0])
    assert summary.startswith("2 punkter") and "Inga avvikelser" not in text(out)


def test_agreed_yellow_after_the_real_deviations(comparison_db):
    # VB 2021, 1.2 Söderby: yellow, and its own "delvis" agrees — its last item
    t = text(section("vom12", ar=2021, period="VB"))
    assert "självskattningen instämmer" in t
    assert t.index("självskattningen saknar motivering") < t.index("självskattningen instämmer")


def test_empty_database(tmp_path, monkeypatch):
    from queries.db import make_engine
    from queries.schema import metadata

    url = f"sqlite:///{tmp_path / 'empty.db'}"
    metadata.create_all(make_engine(url))
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401

    assert "Inga data ännu" in text(render())


@pytest.mark.parametrize("args,n", [({}, 15), ({"namnd": None, "typ": "oenighet"}, 3),
                                    ({"namnd": "nope"}, 15)])
def test_opens_asking_for_a_board(comparison_db, args, n):
    out = render(**{"ar": "2022", "period": "VB", **args, "namnd": args.get("namnd")})
    picker = find_all(out, lambda c: getattr(c, "id", None) == "mote-picker")
    assert picker and "Välj nämnd" in text(picker[0])
    assert not find_all(out, lambda c: getattr(c, "id", None) == "meeting-items")
    links = hrefs(picker[0])
    typ = f"&typ={args['typ']}" if args.get("typ") else ""
    # the all-boards summary one click away; each board a link keeping the other filters
    assert links[0] == f"/mote?ar=2022&period=VB&namnd=alla{typ}"
    assert f"/mote?ar=2022&period=VB&namnd=norrby{typ}" in links
    assert f"Alla nämnder – sammanfattning ({n})" in text(picker[0])


def test_a_chosen_board_shows_its_agenda(comparison_db):
    out = render(ar="2022", period="VB", namnd="soderby")
    assert not find_all(out, lambda c: getattr(c, "id", None) == "mote-picker")
    summary = text(find_all(out, lambda c: getattr(c, "id", None) == "meeting-summary")[0])
    assert summary.startswith("8 punkter")  # Söderby's 6 and the stad's 2


def test_picker_offers_each_board_at_each_period_of_the_year(comparison_db):
    """One click from the picker to a board's agenda of another period of the year (T2 from
    a page opened at VB), with the number of items of that period."""
    from pagekit import data as component_data
    from pages.mote import data

    out = render(ar="2022", period="VB", namnd=None)
    picker = find_all(out, lambda c: getattr(c, "id", None) == "mote-picker")[0]
    ctx = component_data.period_context("2022", "VB")
    periods = [p for p in ("T1", "T2", "VB") if (2022, p) in set(ctx.available)]
    assert len(periods) >= 2
    links = hrefs(picker)
    for p in periods:
        assert f"/mote?ar=2022&period={p}&namnd=norrby" in links
        n = data.counts_by_period(ctx, {"mal": None, "typ": None})[p].get("norrby", 0)
        assert f"Norrby stadsdelsnämnd, {p} 2022: {n}" in " ".join(text(picker).split())
