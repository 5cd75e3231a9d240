"""The menu's search (issue 22 item 5): the pure matcher (`ils.search`) on its boundaries, the
links it renders (`components.search`) and the callback (`pagekit.search`) on the demo city."""

from __future__ import annotations

import polars as pl
import pytest

from ils.model import Dataset
from ils.search import LIMIT, MAX_QUERY, build_index, fold, loose, search


def _city() -> Dataset:
    org = pl.DataFrame([
        {"id": "stad", "parent_id": None, "level": "stad", "name": "Staden", "kolada_id": "0180"},
        {"id": "sdn-skarpnack", "parent_id": "stad", "level": "namnd",
         "name": "Skarpnäcks stadsdelsnämnd"},
        {"id": "sdn-sodermalm", "parent_id": "stad", "level": "namnd",
         "name": "Södermalms stadsdelsnämnd"},
        {"id": "kultur", "parent_id": "stad", "level": "namnd", "name": "Kulturnämnden"},
        {"id": "skarp-fsk", "parent_id": "sdn-skarpnack", "level": "avdelning",
         "name": "Förskola"},
        {"id": "skarp-fsk-1", "parent_id": "skarp-fsk", "level": "enhet",
         "name": "Förskolan Ängen", "kolada_id": "V12345"},
        {"id": "sod-fsk-1", "parent_id": "sdn-sodermalm", "level": "enhet",
         "name": "Förskolan Ängen"},
        {"id": "hem-1", "parent_id": "sdn-skarpnack", "level": "enhet",
         "name": "Hemtjänsten Skarpnäck A"},
        {"id": "cafe", "parent_id": "kultur", "level": "enhet", "name": "Café Crème"},
    ])
    goals = pl.DataFrame([
        {"id": "im-1", "parent_id": None, "level": "inriktningsmal", "org_id": "stad",
         "code": "1", "title": "En modern storstad", "year_from": 2019, "year_to": 2022},
        {"id": "vom-1.1", "parent_id": "im-1", "level": "verksamhetsomradesmal",
         "org_id": "stad", "code": "1.1", "title": "Människor är självförsörjande",
         "year_from": 2019, "year_to": 2022},
        {"id": "vom-1.10", "parent_id": "im-1", "level": "verksamhetsomradesmal",
         "org_id": "stad", "code": "1.10", "title": "Kulturen når alla",
         "year_from": 2019, "year_to": 2022},
        {"id": "vom-1.2", "parent_id": "im-1", "level": "verksamhetsomradesmal",
         "org_id": "stad", "code": "1.2", "title": "Stockholm är tryggt",
         "year_from": 2019, "year_to": 2022},
        {"id": "nm-skarp-1.1", "parent_id": "vom-1.1", "level": "namndmal",
         "org_id": "sdn-skarpnack", "code": "1.1.1", "title": "Fler i Skarpnäck arbetar",
         "year_from": 2019, "year_to": 2022},
        {"id": "old-1.1", "parent_id": None, "level": "verksamhetsomradesmal",
         "org_id": "stad", "code": "1.1", "title": "Ett gammalt mål",
         "year_from": 2015, "year_to": 2018},
        {"id": "em-fsk", "parent_id": "nm-skarp-1.1", "level": "enhetsmal",
         "org_id": "skarp-fsk-1", "code": None, "title": "Barnen på Ängen är trygga",
         "year_from": 2019, "year_to": 2022},
    ])
    indicators = pl.DataFrame([
        {"id": "kf-1.1-01", "goal_id": "vom-1.1", "name": "Andel hushåll med ekonomiskt bistånd",
         "unit": "%", "direction": "lagre", "decided_by": "kf", "org_id": "stad",
         "kolada_kpi": "N31807"},
        {"id": "ni-skarp-01", "goal_id": "nm-skarp-1.1", "name": "Antal ungdomar i feriejobb",
         "unit": "antal", "direction": "hogre", "decided_by": "namnd",
         "org_id": "sdn-skarpnack"},
    ])
    return Dataset.from_frames({"organisation": org, "goals": goals, "indicators": indicators})


@pytest.fixture(scope="module")
def index() -> pl.DataFrame:
    return build_index(_city())


def _names(result) -> list[str]:
    return [h.name for h in result.hits]


def _ids(result) -> list[str]:
    return [h.id for h in result.hits]


def test_an_empty_or_blank_query_finds_nothing(index):
    for q in (None, "", "   ", "\t\n"):
        got = search(index, q)
        assert got.hits == () and got.total == 0 and got.query == ""


def test_the_index_holds_boards_departments_units_goals_and_indicators_not_the_city(index):
    assert set(index["kind"]) == {"namnd", "avdelning", "enhet", "mal", "indikator"}
    assert "stad" not in index.filter(pl.col("kind") != "mal")["id"].to_list()
    # names, titles and codes only: the index has no column for any assessment text
    assert not {"motivation", "assessment", "basis", "status"} & set(index.columns)


def test_a_board_is_found_by_the_start_of_its_name_case_and_accents_as_typed(index):
    for q in ("skarp", "SKARP", "Skarpnäck", "skarpnäcks stadsdelsnämnd"):
        assert search(index, q).hits[0].id == "sdn-skarpnack", q


def test_swedish_letters_match_themselves_first_and_without_accents_after(index):
    assert _ids(search(index, "söder"))[0] == "sdn-sodermalm"
    assert _ids(search(index, "ängen"))[:2] == ["skarp-fsk-1", "sod-fsk-1"]
    # typed without the dots: still found, but an exact spelling ranks first
    assert "sdn-skarpnack" in _ids(search(index, "skarpnack"))
    assert _ids(search(index, "soder"))[0] == "sdn-sodermalm"
    assert _ids(search(index, "creme")) == ["cafe"] and _ids(search(index, "CRÈME")) == ["cafe"]
    # a decomposed ä (as some keyboards send it) is the same letter
    assert fold("A\u0308ngen") == "ängen" and loose("Ängen") == "angen"


def test_one_letter_finds_starts_of_words_and_codes_only(index):
    got = search(index, "k")
    assert "kultur" in _ids(got)  # Kulturnämnden
    assert "sdn-skarpnack" not in _ids(got)  # a "k" inside "Skarpnäck" is no hit
    assert _ids(search(index, "1"))[0] == "im-1"  # the code "1" itself first
    assert search(index, "x").total == 0


def test_a_goal_code_finds_that_goal_first_then_its_parts_never_1_10_before_them(index):
    got = search(index, "1.1", year=2022)
    ids = _ids(got)
    assert ids[0] == "vom-1.1"  # exactly 1.1
    assert ids.index("nm-skarp-1.1") < ids.index("vom-1.10")  # 1.1.1 is a part of 1.1
    assert "old-1.1" not in ids  # not in force in 2022
    assert "old-1.1" in _ids(search(index, "1.1", year=2016))
    assert "vom-1.1" not in _ids(search(index, "1.1", year=2016))
    assert {"old-1.1", "vom-1.1"} <= set(_ids(search(index, "1.1")))  # no year: all
    assert got.hits[0].code == "1.1"


def test_codes_are_natural_ordered_within_a_rank(index):
    ids = _ids(search(index, "1", year=2022))
    goals = [i for i in ids if i.startswith(("vom", "nm", "im"))]
    assert goals[:5] == ["im-1", "vom-1.1", "nm-skarp-1.1", "vom-1.2", "vom-1.10"]


def test_an_indicator_is_found_by_name_id_or_kolada_code(index):
    assert _ids(search(index, "ekonomiskt bistånd")) == ["kf-1.1-01"]
    assert _ids(search(index, "kf-1.1-01")) == ["kf-1.1-01"]
    assert _ids(search(index, "n318")) == ["kf-1.1-01"]
    assert search(index, "feriejobb").hits[0].kind == "indikator"


def test_prefix_and_word_matches_rank_before_matches_inside_words(index):
    got = _names(search(index, "näck"))  # only inside words
    assert got and all("näck" in n.lower() for n in got)
    ranked = _ids(search(index, "förskola"))
    assert ranked[0] == "skarp-fsk"  # the name is the query
    both = _ids(search(index, "ängen skarp"))  # a word of the name and one of its board
    assert both[0] == "skarp-fsk-1" and "sod-fsk-1" not in both


def test_every_word_must_be_found(index):
    assert search(index, "skarpnäck zzz").total == 0
    assert search(index, "zzz").total == 0


def test_at_most_limit_hits_and_the_total_counted(index):
    many = search(index, "a", limit=3)
    assert len(many.hits) == 3 and many.total > 3
    big = pl.concat([index] * 5)
    got = search(big, "ängen")
    assert len(got.hits) == LIMIT and got.total == 15


def test_a_long_query_is_cut_and_odd_characters_are_text(index):
    assert len(search(index, "x" * 500).query) == MAX_QUERY
    for q in (".*", "(", "[", "\\", "%", "'; drop table"):
        assert search(index, q).total == 0, q


def test_a_unit_and_a_goal_say_where_they_belong(index):
    unit = search(index, "hemtjänsten").hits[0]
    assert unit.context == "Skarpnäcks stadsdelsnämnd"
    goal = search(index, "barnen på ängen").hits[0]
    assert goal.kind == "mal" and goal.context == "Förskolan Ängen, Skarpnäcks stadsdelsnämnd"


def test_an_empty_data_set_has_an_empty_index():
    empty = build_index(Dataset.from_frames({}))
    assert empty.is_empty() and search(empty, "skarp").total == 0


# --- the links and the note ---------------------------------------------------------------


def test_every_hit_is_an_option_link_to_its_page_with_the_period(index):
    from components.search import LIST_ID, options

    got = options(search(index, "skarp"), "?ar=2022&period=T2")
    assert got[0].role == "option" and got[0].id == f"{LIST_ID}-0"
    assert got[0].href == "/namnd/sdn-skarpnack?ar=2022&period=T2"
    link = {o.href.split("?")[0] for o in options(search(index, "ängen"), "")}
    assert link == {"/enhet/skarp-fsk-1", "/enhet/sod-fsk-1", "/mal/em-fsk"}
    assert options(search(index, "kf-1.1-01"))[0].href == "/indikator/kf-1.1-01"
    assert options(search(index, "förskola"))[0].href == "/avdelning/skarp-fsk"


def test_the_note_says_no_hits_and_more_hits_in_swedish(index):
    from components.search import note

    assert note(search(index, "zzz")) == "Inga träffar för ”zzz”."
    assert note(search(index, "a", limit=2)).startswith("Visar 2 av ")
    assert note(search(index, "kf-1.1-01")) == "1 träff."
    assert note(search(index, "")) == ""


# --- the callback on the demo city ----------------------------------------------------------


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    from ils.demo import demo_info, generate
    from tests.conftest import load_sqlite

    return load_sqlite(tmp_path_factory.mktemp("search-demo"), generate(), demo_info())


@pytest.fixture
def demo_app(demo_url, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DB", demo_url)
    import app  # noqa: F401  (the callback is registered)

    return demo_url


def test_the_callback_lists_links_that_keep_the_period(demo_app):
    from pagekit.search import find
    from tests.dash_tree import text

    links, note = find("skarp", "?ar=2021&period=T2")
    assert links[0].href == "/namnd/sdn-skarpnack?ar=2021&period=T2"
    assert "Skarpnäcks stadsdelsnämnd" in text(links[0]) and "Nämnd" in text(links[0])
    assert note.endswith("träffar.") or note.startswith("Visar")
    # no period in the address: the links carry the latest, as the pages' own links do
    latest, _ = find("skarp", "")
    assert "?ar=" in latest[0].href and "&period=" in latest[0].href
    # a bad period in the address is not copied into the links
    odd, _ = find("skarp", "?ar=1066&period=<b>")
    assert "1066" not in odd[0].href and "<b>" not in odd[0].href


def test_the_callback_says_when_nothing_matches_and_is_quiet_on_empty(demo_app):
    from pagekit.search import find

    assert find("", "") == ([], "")
    assert find(None, None) == ([], "")
    for odd in (5, ["skarp"], {"a": 1}):  # not what the box sends: nothing, no error
        assert find(odd, "") == ([], "")
    assert find("skarp", ["?ar=2022"])[0]  # an odd address part is left out
    links, note = find("qqqxyz", "")
    assert links == [] and note == "Inga träffar för ”qqqxyz”."


def test_the_callback_says_so_when_the_database_is_down(demo_app, monkeypatch):
    from pagekit import search as web_search

    def down(_engine):
        raise OSError("database down")

    monkeypatch.setattr(web_search, "search_index", down)
    assert web_search.find("skarp", "") == ([], web_search.UNAVAILABLE)


def test_the_menu_has_the_labelled_search_box(demo_app):
    from components.search import INPUT_ID, LABEL, LIST_ID
    from components.shell import layout
    from ils.access import PUBLIC
    from tests.dash_tree import find_all, find_by_id

    shell = layout(PUBLIC)
    labels = find_all(shell, lambda c: getattr(c, "htmlFor", None) == INPUT_ID)
    assert len(labels) == 1 and labels[0].children == LABEL
    assert find_by_id(shell, INPUT_ID) is not None
    assert find_by_id(shell, LIST_ID).role == "listbox"
