"""§3.8 'Inga indikatorer' / 'Ej målsatt' / 'Utfall saknas' where a goal light is shown for
an org (the org pages and /mal), and the empty-state sentences of the pages.

The data is the org pages' city (tests/test_page_board.py `org_city`) plus, ADDED here only
(VB 2022):
- Idrottsnämnden (facknämnd): no indicator of its own. ind-nojd (KF, applies to alla, target
  75) counts for it without a value → 1.1 'Utfall saknas'; 1.2 has no counting indicator
  (ind-vant is for stadsdelsnämnder) but a self-assessment 'uppfyllt' → 'Inga indikatorer'.
- Kulturnämnden: an own indicator under 1.2 with a value (5) and no target → 1.2
  'Ej målsatt'; its self-assessment of 1.2 'delvis'.
- Norrbyskolan (a unit of Norrby, under no department): ind-las 60 against KF's 80 → rod.
- ind-bolag: a KF indicator under 1.2 for the bolag, of which there are none, without any
  target or value: it counts for no organisation.
"""

from __future__ import annotations

import polars as pl
import pytest

from ils.model import Dataset
from tests.dash_tree import aria_labels, find_by_id, text, texts
from tests.fixture_org import BASE, states_city


@pytest.fixture
def states_db(db_url, monkeypatch) -> str:
    from queries.db import make_engine
    from queries.write.store import replace_dataset

    engine = make_engine(db_url)
    replace_dataset(engine, states_city(), {"demo": "1"})
    engine.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", db_url)
    import app  # noqa: F401

    return db_url


def board(org_id: str, **args):
    from pages import namnd

    return namnd.render({**BASE, "org_id": org_id, "ar": "2022", "period": "VB", **args})


def goal(goal_id: str, **args):
    from pages import mal

    return mal.render({**BASE, "goal_id": goal_id, "ar": "2022", "period": "VB", **args})


def test_board_without_indicator_for_a_goal_says_so_not_a_grey_light(states_db):
    block = find_by_id(board("idrott"), "mal-vom12")
    assert "Inga indikatorer" in texts(block)
    labels = aria_labels(block)
    assert "Utfall saknas" not in labels and "Inga indikatorer" not in labels  # not a light
    assert not any(lbl.startswith("Varför denna färg?") for lbl in labels)
    assert "Självskattning: Uppfyllt" in labels
    # its 1.1: a KF target and no value — only this is 'Utfall saknas'
    assert aria_labels(find_by_id(board("idrott"), "mal-vom11"))[1] == "Utfall saknas"


def test_board_goal_whose_indicators_lack_targets_is_ej_malsatt(states_db):
    block = find_by_id(board("kultur"), "mal-vom12")
    labels = aria_labels(block)
    assert labels[1] == "Ej målsatt"
    assert "Utfall saknas" not in labels  # nor its roll-up: the same one indicator, unset
    assert "Bara KF:s indikatorer: " not in texts(block)  # no light: no KF-only light either
    assert "Varför denna färg? 1.2 Äldre trivs, Kulturnämnden" in labels


def test_goal_sheet_names_the_state(states_db):
    from pagekit.downloads import build

    sheet = build("namnd", "goals", {"org_id": "idrott", "ar": "2022", "period": "VB"})
    rows = dict(sheet.frame.select("Mål (kod)", "Beräknat ljus").iter_rows())
    assert rows == {"1.1": "Utfall saknas", "1.2": "Inga indikatorer"}
    sheet = build("namnd", "goals", {"org_id": "kultur", "ar": "2022", "period": "VB"})
    row = sheet.frame.filter(pl.col("Mål (kod)") == "1.2").row(0, named=True)
    assert row["Beräknat ljus"] == "Ej målsatt" and row["Bara KF:s indikatorer"] is None


def test_goal_page_board_table_separates_the_grey_states(states_db):
    out = goal("vom12")
    rows = {text(tr).split(" ")[0]: tr for tr in find_by_id(out, "goal-boards")
            .children[-1].children}
    assert "Inga indikatorer" in texts(rows["Idrottsnämnden"])
    assert not any(lbl.startswith("Varför") for lbl in aria_labels(rows["Idrottsnämnden"]))
    assert aria_labels(rows["Kulturnämnden"])[0] == "Ej målsatt"
    summary = text(find_by_id(out, "goal-boards-section"))
    assert ("3 nämnder har ljus för målet: 1 nämnd: ej uppfyllt, 1 nämnd: delvis uppfyllt, "
            "1 nämnd: uppfyllt.") \
        in summary
    assert "1 nämnd har inga indikatorer för målet." in summary
    assert "1 nämnd saknar målvärden för alla sina indikatorer." in summary


def test_goal_page_sorted_by_light_puts_no_light_last(states_db):
    body = find_by_id(goal("vom12", sort="ljus"), "goal-boards").children[-1].children
    names = [text(tr).split(" ")[0] for tr in body]
    assert names[-2:] == ["Kulturnämnden", "Idrottsnämnden"]


def test_goal_sheet_of_boards_names_the_state(states_db):
    from pagekit.downloads import build

    sheet = build("mal", "boards", {"goal_id": "vom12", "ar": "2022", "period": "VB"})
    rows = dict(sheet.frame.select("Nämnd", "Beräknat ljus").iter_rows())
    assert rows["Idrottsnämnden"] == "Inga indikatorer"
    assert rows["Kulturnämnden"] == "Ej målsatt"
    assert rows["Norrby stadsdelsnämnd"] == "Ej uppfyllt"


# --- empty states: every table, list and chart that can be empty says why (issue 10) --------

def city_only() -> Dataset:
    """The known-lights city with the city alone: its goals, KF indicators, targets, values
    and kommunstyrelsen's assessment; no board, department or unit (a real bundle's case)."""
    frames = states_city().frames()
    frames["organisation"] = frames["organisation"].filter(pl.col("level") == "stad")
    for name in ("goals", "indicators", "targets", "values", "assessments"):
        frames[name] = frames[name].filter(pl.col("org_id") == "stad")
    return Dataset.from_frames(frames)


@pytest.fixture(params=["city_only", "states"])
def sparse_db(request, sqlite_url, monkeypatch) -> str:
    from queries.db import make_engine
    from queries.write.store import replace_dataset

    engine = make_engine(sqlite_url)
    replace_dataset(engine, city_only() if request.param == "city_only" else states_city(),
                    {"demo": "1"})
    engine.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", sqlite_url)
    import app  # noqa: F401

    return request.param


VB = {**BASE, "ar": "2022", "period": "VB"}


def _views():
    """Every page callback that fills content, with arguments, on the sparse cities."""
    from pages import (
        avdelning,
        enhet,
        indikator,
        jamforelse,
        mal,
        mote,
        namnd,
        prognoser,
        start,
        styrsignaler,
    )

    cmp_args = {**VB, "typ": None, "avvikelser": None}
    views = {
        "start": lambda: start.render(VB),
        "start worst first": lambda: start.render({**VB, "sort": "varst"}),
        "mal im1": lambda: mal.render({**VB, "goal_id": "im1"}),
        "mal vom12": lambda: mal.render({**VB, "goal_id": "vom12"}),
        "mal vom11 T2": lambda: mal.render({**VB, "goal_id": "vom11", "period": "T2"}),
        "indikator": lambda: indikator.render({**VB, "indicator_id": "ind-las", "org": None}),
        "indikator nobody": lambda: indikator.render({**VB, "indicator_id": "ind-bolag",
                                                      "org": None}),
        "jamforelse": lambda: jamforelse.render(cmp_args),
        "jamforelse lower": lambda: (lambda sub: [jamforelse.render_trend(sub),
                                                  jamforelse.render_periods(sub)])(
            jamforelse.render(cmp_args)[2]),
        "mote": lambda: mote.render({**VB, "namnd": "alla", "typ": None}),
        "prognoser": lambda: prognoser.render({**VB, "namnd": None}),
        "prognoser years": lambda: prognoser.render_years(
            prognoser.render({**VB, "namnd": None})[1]),
        "styrsignaler": lambda: styrsignaler.render(VB),
    }
    for org_id, view in (("idrott", namnd), ("kultur", namnd), ("norrby-aldre", avdelning),
                         ("norrby-inkop", enhet)):
        views[f"{view.__name__} {org_id}"] = lambda v=view, o=org_id: v.render({**VB,
                                                                               "org_id": o})
    return views


VIEWS = ["start", "start worst first", "mal im1", "mal vom12", "mal vom11 T2", "indikator",
         "indikator nobody", "jamforelse", "jamforelse lower", "mote", "prognoser",
         "prognoser years", "styrsignaler", "pages.namnd idrott", "pages.namnd kultur",
         "pages.avdelning norrby-aldre", "pages.enhet norrby-inkop"]


@pytest.mark.parametrize("view", VIEWS)
def test_nothing_is_shown_empty_without_a_sentence(sparse_db, view):
    from tests.empties import empties

    views = _views()
    assert sorted(views) == sorted(VIEWS)
    out = views[view]()
    assert empties(out) == []
    assert "Något gick fel" not in text(out)


@pytest.mark.parametrize("view, sentence", [
    ("start", "Dataunderlaget har inga nämnder, bara staden: det finns inga nämndljus att "
              "visa per mål."),
    ("mal vom12", "Ingen nämnd har ett ljus för målet i någon period: dataunderlaget har inga "
                  "nämnder."),
    ("jamforelse", "Ingen nämnd har självskattat ett mål som har ett beräknat ljus i perioden: "
                   "det finns inget optimismindex att rangordna."),
    ("jamforelse lower", "Ingen nämnd har ett optimismindex i VB något år"),
    ("prognoser", "Ingen nämnd hade gröna indikatorljus i T2 detta år: det finns inget att "
                  "följa till VB."),
    ("prognoser", "Ingen indikator (alla nämnder) har ljus i både T2 och VB 2022"),
    ("prognoser years", "Inget år har indikatorljus eller självskattningar i både T2 och VB"),
    ("styrsignaler", "Dataunderlaget har inga nämnder: det finns inga styrsignaler att räkna "
                     "per nämnd."),
])
@pytest.mark.parametrize("sparse_db", ["city_only"], indirect=True)
def test_city_only_says_what_is_missing(sparse_db, view, sentence):
    assert sentence in text(_views()[view]())


@pytest.mark.parametrize("sparse_db", ["states"], indirect=True)
def test_board_without_indicators_in_a_goal_says_so_in_the_fold(sparse_db):
    block = find_by_id(board("idrott"), "mal-vom12")
    assert "Nämnden har inga indikatorer som räknas för mål 1.2 i VB 2022." in text(block)
    assert "0 indikatorer" not in text(block)


# --- the org views' §3.8 figures come from the cached loader; the render only formats -------

def test_rollup_and_lower_ambition_are_computed_by_the_loader(states_db):
    from pages.avdelning.data import load as load_department
    from pages.namnd.data import load as load_board

    got = load_board({"org_id": "norrby", "ar": "2022", "period": "VB"}).got
    # Norrby's subtree at VB 2022: 1.1 las gron, nojd gul, egen rod, Hemtjänst nojd rod,
    # högläsningar unset, Norrbyskolan las rod → (1 + .5 + 0 + 0 + 0) / 5 = .3 rod;
    # 1.2 vant rod, Hemtjänst gron → .5 gul
    assert got.rollup == {"vom11": "rod", "vom12": "gul"}
    lower = got.lower_rows(["norrby"]).select("indicator_id", "kf_target", "lower_ambition")
    assert lower.rows() == [("ind-las", 80.0, True)]
    dept = load_department({"org_id": "norrby-aldre", "ar": "2022", "period": "VB"}).got
    assert dept.rollup == {"vom11": "rod", "vom12": "gron"}
    assert dept.lower_rows(dept.ids)["lower_ambition"].to_list() == [False]  # 19,5 < 20 days
    # a board with no units: its roll-up over its own unset indicator is 'Ej målsatt'
    assert load_board({"org_id": "kultur", "ar": "2022", "period": "VB"}).got.rollup[
        "vom12"] == "ej_malsatt"


def test_org_render_only_formats(states_db, monkeypatch):
    """Once the view's data is loaded (and cached), rendering again computes no roll-up and no
    lower ambition: the render only formats what the loader gave."""
    import sys

    first = text(board("norrby"))

    def boom(*a, **k):
        raise AssertionError("computed in the render")

    # wherever the rules are imported (by name too), they may not run again
    for module in [m for n, m in list(sys.modules.items())
                   if n.startswith(("ils.", "queries.", "components.", "pagekit.", "pages."))]:
        for name in ("rollup_lights", "lower_ambition", "lower_rows", "goal_state"):
            if callable(getattr(module, name, None)):
                monkeypatch.setattr(module, name, boom)
    again = board("norrby")
    assert text(again) == first
    assert "Enheternas samlade ljus: " in texts(find_by_id(again, "mal-vom11"))
    assert "1 av 1 egna målvärden för kommunfullmäktiges indikatorer 2022 är mindre " \
           "ambitiösa än KF:s (markerade i indikatortabellerna)." in first


# --- units' total light, worst first ---------------------------------------------------------

def unit_table_rows(out) -> list[list[str]]:
    from dash import html

    from tests.dash_tree import find_all

    table = find_all(out, lambda c: "kr-units" in str(getattr(c, "className", "")))[0]
    return [texts(tr) for tr in find_all(table, lambda c: isinstance(c, html.Tr))][1:]


def test_units_total_light_and_worst_first(states_db):
    rows = unit_table_rows(board("norrby", sort="samlat"))
    # Norrbyskolan rod (0); Hemtjänst gron + rod (.5 gul); no indicator last, by name
    assert [r[0] for r in rows] == ["Norrbyskolan", "Hemtjänst Norrby", "Inköpsenheten Norrby",
                                    "Äldreomsorg Norrby"]
    assert rows[0][2:4] == ["■", "Ej uppfyllt"] and rows[1][2:4] == ["▲", "Delvis uppfyllt"]
    assert rows[2][2] == "Ingen indikator"


def test_unit_sort_links_keep_the_scroll_position(states_db):
    from dash import dcc, html

    from tests.dash_tree import find_all

    out = board("norrby", sort="samlat")
    links = [c for c in find_all(out, lambda c: isinstance(c, dcc.Link))
             if "kr-sort" in str(getattr(c, "className", ""))]
    hrefs = {c.href for c in links}
    assert "/namnd/norrby?ar=2022&period=VB&sort=samlat" in hrefs
    assert all("kr-keep-scroll" in c.className for c in links)  # assets/keep_scroll.js
    heading = find_all(out, lambda c: isinstance(c, html.Th)
                       and "aria-sort" in (c.to_plotly_json()["props"]))
    assert [text(th) for th in heading] == ["Samlat ljus  (sämst först)  (sorterat)"]


def test_units_sheet_keeps_the_worst_first_order(states_db):
    from pagekit.downloads import build

    sheet = build("namnd", "units", {"org_id": "norrby", "ar": "2022", "period": "VB",
                                     "sort": "samlat"}).frame
    assert sheet["Namn"].to_list()[:2] == ["Norrbyskolan", "Hemtjänst Norrby"]
    assert sheet["Samlat ljus"].to_list()[:2] == ["Ej uppfyllt", "Delvis uppfyllt"]
    assert sheet["Poäng, samlat"].to_list()[:2] == [0.0, 0.5]


# --- the board's place in the optimism ranking ----------------------------------------------

@pytest.mark.parametrize("org_id, sentence", [
    # VB 2022 gaps over the VOMs in force: Norrby 1.1 +1 → +1; Söderby 1.1 +2, 1.2 −1 → +0,5;
    # Kulturnämnden 1.1 0 (its 1.2 is Ej målsatt: not comparable) → 0; Idrottsnämnden only
    # 'Inga indikatorer' → no index; Västerby no self-assessment → no index
    ("norrby", "Plats 1 av 3 i optimism (1 = mest positiv självskattning mot indikatorerna): "
               "nämnden bedömer i snitt sina mål 1 steg mer positivt än indikatorerna, över 1 "
               "jämförbart mål."),
    ("soderby", "Plats 2 av 3 i optimism (1 = mest positiv självskattning mot indikatorerna): "
                "nämnden bedömer i snitt sina mål 0,5 steg mer positivt än indikatorerna, över "
                "2 jämförbara mål."),
    ("kultur", "Plats 3 av 3 i optimism (1 = mest positiv självskattning mot indikatorerna): "
               "nämndens självskattningar stämmer i snitt med indikatorerna, över 1 jämförbart "
               "mål."),
    ("idrott", "Ingen plats i optimismrankningen för perioden: inget av nämndens självskattade "
               "mål har ett beräknat ljus att jämföra med."),
])
def test_board_place_in_the_optimism_ranking(states_db, org_id, sentence):
    line = find_by_id(board(org_id), "board-optimism")
    assert sentence in text(line).replace("  ", " ")
    assert "/jamforelse?ar=2022&period=VB" in [c.href for c in line.children
                                               if hasattr(c, "href")]


def test_board_places_agree_with_the_comparison_page(states_db):
    from pages.jamforelse import data as comparison
    from pages.namnd.data import load

    ranking = comparison.load({"ar": "2022", "period": "VB"}).ranking
    for r in ranking:
        place = load({"org_id": r["org_id"], "ar": "2022", "period": "VB"}).place
        assert place["rank"] == r["rank"], r["org_id"]
        assert place["n_ranked"] == sum(x["rank"] is not None for x in ranking)


def test_goal_trend_counts_no_board_without_indicators_as_missing(states_db):
    from dash import html

    from tests.dash_tree import find_all

    table = find_by_id(goal("vom12"), "goal-trend-table")
    rows = [texts(tr) for tr in find_all(table, lambda c: isinstance(c, html.Tr))]
    head, vb = rows[0], next(r for r in rows if r[0] == "VB 2022")
    # Norrby rod, Västerby gul, Söderby gron; Kulturnämnden (Ej målsatt) and
    # Idrottsnämnden (Inga indikatorer) are not 'utfall saknas'
    counts = dict(zip(head[-4:], vb[-4:], strict=False))
    assert counts == {"Nämnder: ej uppfyllt": "1", "Nämnder: delvis uppfyllt": "1",
                      "Nämnder: uppfyllt": "1", "Nämnder: utfall saknas": "0"}


def test_start_page_matrix_separates_the_grey_states(states_db):
    from pages import start
    from tests.dash_tree import grid_cells, light_label_of

    cells = grid_cells(start.render(VB), "overview-matrix")
    lit = [c["light"] is not None and c["light"][0] != "inga_indikatorer" for c in cells.values()]
    said = [light_label_of(name, c) for (name, _), c in cells.items()]
    labels = [x for x, light in zip(said, lit, strict=True) if light]  # a light's name
    titles = [x for x, light in zip(said, lit, strict=True) if not light]  # a "–" with a title
    assert "Kulturnämnden, mål 1.2: Ej målsatt – 0 indikatorer uppfyllda, 0 delvis uppfyllda, " \
           "0 ej uppfyllda" \
        in labels
    assert not any(lbl.startswith("Idrottsnämnden, mål 1.2") for lbl in labels)  # not a light
    assert "Idrottsnämnden, mål 1.2: Inga indikatorer" in titles
    assert "Idrottsnämnden, mål 1.1: Utfall saknas – 0 indikatorer uppfyllda, 0 delvis " \
           "uppfyllda, 0 ej uppfyllda, 1 utan utfall" in labels  # a KF target and no value: the only real 'Utfall saknas'


def test_start_page_sheet_names_the_states(states_db):
    from pagekit.downloads import build

    rows = {r["Nämnd"]: r for r in build("start", "matrix", dict(VB)).frame.to_dicts()}
    vom12 = next(c for c in rows["Kulturnämnden"] if c.startswith("1.2"))
    assert rows["Kulturnämnden"][vom12] == "Ej målsatt"
    assert rows["Idrottsnämnden"][vom12] == "Inga indikatorer"
