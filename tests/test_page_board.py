"""Nämnd page: layout and callback called directly, on SQLite and PostgreSQL.

The data: `tests/fixture_org.py` (the known-lights city with rows for the organisation pages,
hand-computed there, VB 2022 unless said).
"""

from __future__ import annotations

import json

import polars as pl
import pytest
from dash import html

from pagekit import folds
from tests.dash_tree import aria_labels, find_all, find_by_id, hrefs, text, texts
from tests.fixture_org import BASE, LONG, folded, lazy_keys, row_texts


def render(org_id: str, **args):
    from pages import namnd

    return namnd.render({**BASE, "org_id": org_id, **args})


def test_layout_does_no_io_and_keeps_args(org_db):
    from pages import namnd

    store = namnd.layout(org_id="norrby", ar="2022", mal="vom11", other="x").children[0]
    assert store.id == "board-args"
    assert store.data == {"org_id": "norrby", "ar": "2022", "period": None, "sort": None,
                          "mal": "vom11"}


def test_breadcrumb_and_title(org_db):
    out = render("norrby", ar="2022", period="VB")
    crumbs = find_all(out, lambda c: getattr(c, "className", "") and "breadcrumb-item"
                      in c.className)
    assert [text(c) for c in crumbs] == ["Stad", "Norrby stadsdelsnämnd"]
    assert "/?ar=2022&period=VB" in hrefs(crumbs[0])
    assert "Stadsdelsnämnd · måluppfyllelse – VB 2022" in text(out)
    # the tab title names the board (assets/title.js copies it)
    title = find_all(out, lambda c: "kr-doc-title" in str(getattr(c, "className", "")))
    assert [text(t) for t in title] == ["Norrby stadsdelsnämnd – Kontrollrum"]


@pytest.mark.parametrize("vom, expected", [
    # computed light, its why-button, KF-only light, roll-up light, self-assessment
    ("vom11", ["Delvis uppfyllt", "Varför denna färg? 1.1 Barn lär sig, Norrby stadsdelsnämnd",
               "Uppfyllt", "Ej uppfyllt", "Självskattning: Uppfyllt"]),
    ("vom12", ["Ej uppfyllt", "Varför denna färg? 1.2 Äldre trivs, Norrby stadsdelsnämnd",
               "Ej uppfyllt", "Delvis uppfyllt"]),
])
def test_vom_block_lights(org_db, vom, expected):
    block = find_by_id(render("norrby", ar="2022", period="VB"), f"mal-{vom}")
    assert aria_labels(block)[1:1 + len(expected)] == expected
    if vom == "vom12":
        assert "Ingen självskattning" in text(block)


def test_motivation_is_plain_text_with_basis(org_db):
    block = find_by_id(render("norrby", ar="2022", period="VB"), "mal-vom11")
    assert "<b>Bra</b> arbete." in texts(block)  # the markup is shown, not interpreted
    assert "Grund: indikatorer" in text(block)


def test_long_motivation_is_folded(org_db):
    block = find_by_id(render("soderby", ar="2022", period="VB"), "mal-vom12")
    details = [d for d in find_all(block, lambda c: isinstance(c, html.Details))
               if LONG in texts(d)]
    assert details and "(visa hela)" in text(details[0].children[0])


def test_namndmal_under_its_vom(org_db):
    out = render("norrby", ar="2022", period="VB")
    assert "Norrbys barn läser mer" in texts(find_by_id(out, "mal-vom11"))
    assert "Norrbys barn läser mer" not in texts(find_by_id(out, "mal-vom12"))
    assert "Hemtjänsten läser högt" not in texts(out)  # a unit's åtagande: on its own page


def test_indicator_tables_fold_and_load_when_opened(org_db):
    out = render("norrby", ar="2022", period="T2")
    keys = lazy_keys(out)
    assert {k["vom"] for k in keys if k["kind"] == "ind"} == {"vom11", "vom12"}
    assert {"view": "namnd", "kind": "peer", "org": "norrby", "ar": 2022,
            "period": "T2"} in keys
    assert "Andel elever som läser" not in texts(find_by_id(out, "mal-vom11"))  # not sent yet
    assert "Laddar …" in texts(find_by_id(out, "mal-vom11"))
    # T2: ind-las on a forecast (gron); ind-nojd and the own indicator have no T2 value
    # singular for one; the summary counts the light on a forecast too (§3.8)
    assert "Visa indikatorerna – 3 indikatorer: 1 uppfylld, 0 delvis, 0 ej uppfyllda, " \
           "2 utan utfall, 1 på prognos" in texts(find_by_id(out, "mal-vom11"))


def test_loader_fills_only_a_pending_section(org_db):
    from components import fold

    key = {"type": "kr-fold", "view": "namnd", "key": json.dumps(
        {"kind": "ind", "org": "norrby", "vom": "vom11", "ar": 2022, "period": "VB"},
        sort_keys=True)}
    pending = html.P("Laddar …", className=fold.PENDING).to_plotly_json()
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    token = context_value.set(AttributeDict(triggered_inputs=[
        {"prop_id": json.dumps(key, separators=(",", ":")) + ".n_clicks", "value": 1}]))
    try:
        assert "Antal lästimmar" in texts(folds.load(1, pending))
        assert folds.load(1, {"props": {"children": "loaded"}}) is dash_no_update()
        assert folds.load(None, pending) is dash_no_update()
    finally:
        context_value.reset(token)


def dash_no_update():
    from dash import no_update

    return no_update


def test_indicators_of_the_board_only(org_db):
    block = folded("norrby", "ind", "vom11")
    assert row_texts(block, "Antal lästimmar") == [
        "Antal lästimmar", "Egen", "40 timmar", "Utfall", "50 timmar", "45 timmar", "■",
        "Ej uppfyllt", "–"]
    assert row_texts(block, "Andel nöjda föräldrar")[1:6] == ["KF", "74 %", "Utfall", "75 %",
                                                            "67,5 %"]
    assert "Antal högläsningar" not in texts(block)  # the unit's own indicator
    assert "/indikator/ind-las?ar=2022&period=VB" in hrefs(block)


def test_forecast_light_and_reported_without_outcome_at_t2(org_db):
    block = folded("norrby", "ind", "vom11", period="T2")
    row = row_texts(block, "Andel elever som läser")
    assert row[2:4] == ["90 %", "Prognos"]
    assert "Uppfyllt (prognos)" in aria_labels(block)
    assert row[-2:] == ["Uppfyllt", " – utan utfall"]


@pytest.mark.parametrize("mal, first", [("vom12", "mal-vom12"), ("vom11", "mal-vom11"),
                                        (None, "mal-vom11"), ("nosuch", "mal-vom11")])
def test_selected_goal_first_and_open(org_db, mal, first):
    out = render("norrby", ar="2022", period="VB", mal=mal)
    blocks = find_all(out, lambda c: str(getattr(c, "id", "")).startswith("mal-"))
    assert blocks[0].id == first
    opened = [b.id for b in blocks
              if find_all(b, lambda c: isinstance(c, html.Details) and c.open)]
    assert opened == ([f"mal-{mal}"] if mal in ("vom11", "vom12") else [])
    if mal in ("vom11", "vom12"):  # the selected goal's indicators are sent at once
        assert "Väntetid till boende" in texts(find_by_id(out, "mal-vom12")) or mal == "vom11"
        assert "Laddar …" not in texts(blocks[0])
    assert ("Valt mål" in texts(out)) == (mal in ("vom11", "vom12"))


def test_units_with_light_counts(org_db):
    out = render("norrby", ar="2022", period="VB")
    #   name, department, total light (§3.8: gron + rod, unset not counted → .5 gul),
    #   green, yellow, red, missing, not targeted
    assert row_texts(out, "Hemtjänst Norrby") == ["Hemtjänst Norrby", "Äldreomsorg Norrby",
                                                  "▲", "Delvis uppfyllt",
                                                  "1", "0", "1", "0", "1"]
    assert row_texts(out, "Inköpsenheten Norrby") == ["Inköpsenheten Norrby", "–",
                                                      "Ingen indikator"]
    assert row_texts(out, "Äldreomsorg Norrby")[-1] == "Inga egna indikatorer"
    assert "1 av 2 enheter har ingen indikator." in texts(out)
    links = hrefs(out)
    assert "/enhet/norrby-hem?ar=2022&period=VB" in links
    assert "/avdelning/norrby-aldre?ar=2022&period=VB" in links


@pytest.mark.parametrize("sort, order", [
    (None, ["Äldreomsorg Norrby", "Hemtjänst Norrby", "Inköpsenheten Norrby"]),
    ("namn", ["Äldreomsorg Norrby", "Hemtjänst Norrby", "Inköpsenheten Norrby"]),
    ("rod", ["Hemtjänst Norrby", "Inköpsenheten Norrby", "Äldreomsorg Norrby"]),
    ("bogus", ["Äldreomsorg Norrby", "Hemtjänst Norrby", "Inköpsenheten Norrby"]),
])
def test_unit_table_sort(org_db, sort, order):
    out = render("norrby", ar="2022", period="VB", sort=sort)
    table = find_all(out, lambda c: "kr-units" in str(getattr(c, "className", "")))[0]
    names = [texts(tr)[0] for tr in find_all(table, lambda c: isinstance(c, html.Tr))][1:]
    assert names == order
    assert "/namnd/norrby?ar=2022&period=VB&sort=rod" in hrefs(table)


@pytest.mark.parametrize("board, indicator, rank", [
    ("norrby", "Andel elever som läser", "1 av 3"),   # tie with Västerby: both first
    ("vasterby", "Andel elever som läser", "1 av 3"),
    ("soderby", "Andel elever som läser", "3 av 3"),
    ("norrby", "Väntetid till boende", "3 av 3"),     # lower is better: 30 is the highest
    ("soderby", "Väntetid till boende", "1 av 3"),
    ("vasterby", "Väntetid till boende", "2 av 3"),
    ("norrby", "Andel nöjda föräldrar", "1 av 1"),    # the only district board with a value
    ("soderby", "Andel nöjda föräldrar", "–"),
])
def test_peer_ranks(org_db, board, indicator, rank):
    assert row_texts(folded(board, "peer"), indicator)[-2] == rank


def test_peer_row_values(org_db):
    out = folded("norrby", "peer")
    tbody = find_all(out, lambda c: isinstance(c, html.Tbody))[-1]
    assert row_texts(tbody, "Väntetid till boende") == [
        "Väntetid till boende", "Lägst", "30 dagar", "20 dagar", "20 dagar", "3 av 3",
        "25 dagar"]
    assert "3 nämnder, den själv inräknad" in text(out)


def test_specialist_board_compared_with_its_own_kind(org_db):
    assert "1 nämnder av samma slag" in text(render("kultur", ar="2022", period="VB"))
    out = folded("kultur", "peer")
    tbody = find_all(out, lambda c: isinstance(c, html.Tbody))[-1]
    assert [texts(tr)[0] for tr in find_all(tbody, lambda c: isinstance(c, html.Tr))] == [
        "Andel nöjda föräldrar"]
    assert "1 nämnder, den själv inräknad" in text(out)


@pytest.mark.parametrize("org_id, link", [("nosuch", None),
                                          ("norrby-hem", "/enhet/norrby-hem?ar=2022&period=VB"),
                                          ("norrby-aldre", "/avdelning/norrby-aldre?ar=2022&"
                                                           "period=VB"),
                                          ("stad", "/?ar=2022&period=VB")])
def test_not_a_board_is_not_found(org_db, org_id, link):
    out = render(org_id, ar="2022", period="VB")
    assert "Sidan hittades inte" in texts(out)
    assert f"Nämnden ”{org_id}” finns inte." in text(out)
    if link:
        assert link in hrefs(out)


def test_bad_year_gives_notice(org_db):
    out = text(render("norrby", ar="1999", period="VB"))
    assert "Det finns inga data för 1999" in out and "VB 2022" in out


def test_empty_database(empty_db):
    assert "Inga data ännu" in text(render("norrby"))


@pytest.mark.parametrize("key", [
    {"kind": "ind", "org": ["norrby"], "vom": "vom11", "ar": 2022, "period": "VB"},
    {"kind": "ind", "org": "norrby", "vom": {"x": 1}, "ar": 2022, "period": "VB"},
    {"kind": "peer", "org": "norrby", "ar": [2022], "period": "VB"},
    {"kind": "ind", "org": "norrby", "vom": "vom11", "ar": 2022, "period": None},
])
@pytest.mark.parametrize("view", ["namnd", "avdelning", "enhet"])
def test_forged_fold_key_is_answered_calmly(org_db, view, key):

    assert text(folds.build(view, key)) == "Avsnittet finns inte."


# --- issue 10 item 2: the true picture on the board page (DOMAIN §3.8) ---------------------

@pytest.mark.parametrize("board, vom, gap, motivation", [
    ("norrby", "vom11", "+1 mer positiv än indikatorerna", "<b>Bra</b> arbete."),  # uppf./delvis
    ("soderby", "vom11", "+2 mer positiv än indikatorerna", None),  # uppfyllt vs ej uppfyllt
    ("soderby", "vom12", "−1 mer negativ än indikatorerna", LONG),  # delvis vs uppfyllt
])
def test_gap_badge_beside_the_assessment(org_db, board, vom, gap, motivation):
    block = find_by_id(render(board, ar="2022", period="VB"), f"mal-{vom}")
    badges = [text(b) for b in find_all(block, lambda c: "kr-gap" in
                                        str(getattr(c, "className", "")))]
    assert badges == [gap]
    assert ("Motivering" in text(block)) == (motivation is not None)
    if motivation:
        assert motivation in texts(block)


def test_no_gap_badge_without_assessment_or_when_agreeing(org_db):
    block = find_by_id(render("norrby", ar="2022", period="VB"), "mal-vom12")
    assert not find_all(block, lambda c: "kr-gap" in str(getattr(c, "className", "")))


def test_forecast_goal_light_with_outcome_only_light(org_db):
    # Norrby 1.1 at T2 is green on a forecast; on outcomes alone it has none
    block = find_by_id(render("norrby", ar="2022", period="T2"), "mal-vom11")
    assert "Uppfyllt (prognos)" in aria_labels(block)
    assert "på utfall: Utfall saknas" in texts(block)
    vb = find_by_id(render("norrby", ar="2022", period="VB"), "mal-vom11")
    assert "på utfall" not in text(vb)


def rollup_labels(block) -> list[str]:
    return [lbl for r in find_all(block, lambda c: "kr-rollup" in
                                  str(getattr(c, "className", ""))) for lbl in aria_labels(r)]


@pytest.mark.parametrize("vom, own, rolled", [
    # 1.1: Norrby gron+gul+rod (.5 gul) and its unit's nöjdhet 60 rod → 1.5/4 = .375 rod
    ("vom11", "Delvis uppfyllt", ["Ej uppfyllt"]),
    # 1.2: Norrby väntetid 30 rod and its unit's 19 gron → .5 gul
    ("vom12", "Ej uppfyllt", ["Delvis uppfyllt"]),
])
def test_rollup_light_beside_the_boards_own(org_db, vom, own, rolled):
    block = find_by_id(render("norrby", ar="2022", period="VB"), f"mal-{vom}")
    assert "Enheternas samlade ljus: " in texts(block)
    assert rollup_labels(block) == rolled
    assert aria_labels(block)[1] == own  # the board's own light stays first


def test_lower_ambition_count_and_flag(org_db):
    # Norrby's own 70 % for ind-las is below KF's 80 % (higher is better): 1 of its 1
    out = render("norrby", ar="2022", period="VB")
    assert ("1 av 1 egna målvärden för kommunfullmäktiges indikatorer 2022 är mindre "
            "ambitiösa än KF:s (markerade i indikatortabellerna).") in texts(out)
    row = row_texts(folded("norrby", "ind", "vom11"), "Andel elever som läser")
    assert row[4:7] == ["70 %", " Mindre ambitiöst än KF", " (KF:s målvärde 80 %)"]
    # its other indicators carry no flag; a board without own targets says nothing
    assert not [c for c in row_texts(folded("norrby", "ind", "vom12"), "Väntetid till boende")
                if "ambitiöst" in c]
    assert "egna målvärden" not in text(render("soderby", ar="2022", period="VB"))


# --- what changed since the previous period (T2 2022 → VB 2022 in the fixture city) ---------

def _changes(board: str, period: str = "VB"):
    out = render(board, ar="2022", period=period)
    sec = find_by_id(out, "board-changes")
    assert sec is not None, text(out)[:300]
    return sec


def test_changes_since_the_previous_period(org_db):
    sec = _changes("norrby")
    assert texts(sec)[0] == "Sedan T2 2022"
    # 1.1: T2 green (ind-las on forecast 90, nothing else scored) → VB yellow (gron+gul+rod)
    assert text(find_by_id(sec, "board-changes-down")) == (
        "↓ 1.1 Barn lär sig : Uppfyllt → Delvis uppfyllt")
    assert find_by_id(sec, "board-changes-up") is None
    # 1.2: no value at T2 → red at VB (ind-vant 30 days)
    assert text(find_by_id(sec, "board-changes-red")) == (
        "1.2 Äldre trivs : Ej uppfyllt (förra perioden: inget beräknat ljus)")
    arrived = find_by_id(sec, "board-changes-arrived")
    assert texts(arrived)[:2] == ["Andel elever som läser",
                                  ": utfall 85 %, Uppfyllt (förra perioden: prognos)"]
    assert "Antal lästimmar : utfall 40 timmar, Ej uppfyllt (förra perioden: inget utfall)" \
        in text(arrived)
    assert len(arrived.children) == 4  # the board's own rows only, not its units'
    assert hrefs(sec) == [
        "/mal/vom11?ar=2022&period=VB", "/mal/vom12?ar=2022&period=VB",
        "/indikator/ind-las?ar=2022&period=VB&org=norrby",
        "/indikator/ind-nojd?ar=2022&period=VB&org=norrby",
        "/indikator/ind-norr-egen?ar=2022&period=VB&org=norrby",
        "/indikator/ind-vant?ar=2022&period=VB&org=norrby"]


def test_a_forecast_green_that_ended_red_is_down_and_a_new_red(org_db):
    sec = _changes("soderby")
    assert text(find_by_id(sec, "board-changes-down")) == (
        "↓ 1.1 Barn lär sig : Uppfyllt → Ej uppfyllt")
    assert text(find_by_id(sec, "board-changes-red")) == (
        "1.1 Barn lär sig : Ej uppfyllt (förra perioden: Uppfyllt)")
    # 1.2 went from no light to green: not a change up (§3.8: a grey light is not compared)
    assert find_by_id(sec, "board-changes-up") is None


def test_first_period_of_the_data_says_so(org_db):
    sec = _changes("norrby", "T2")
    assert text(sec) == ("Sedan föregående period T2 2022 är den första perioden i data. "
                         "Det finns ingen tidigare period att jämföra med.")


def test_nothing_changed_is_said_plainly():
    from pages.namnd import changes
    from pages.namnd.data import Changes

    empty = Changes((2022, "VB"), (2022, "T2"), pl.DataFrame(
        schema={"goal_id": pl.String, "change": pl.String, "new_red": pl.Boolean}),
        pl.DataFrame(schema={"indicator_id": pl.String}))
    assert text(changes.section(empty, "norrby", "?ar=2022&period=VB")) == (
        "Sedan T2 2022 Inget av nämndens verksamhetsområdesmål har gått upp eller ner eller "
        "blivit rött. Inga av nämndens indikatorer har fått utfall.")


def test_a_long_list_is_folded():
    from pages.namnd import changes
    from pages.namnd.data import Changes

    rows = [{"indicator_id": f"i{n}", "name": f"Indikator {n}", "unit": "%", "value": 50.0,
             "light": "gron", "basis_previous": "prognos"} for n in range(6)]
    got = changes.section(Changes((2022, "VB"), (2022, "T2"), pl.DataFrame(
        schema={"goal_id": pl.String, "change": pl.String, "new_red": pl.Boolean}),
        pl.DataFrame(rows)), "n", "?ar=2022&period=VB")
    folds = find_all(got, lambda c: isinstance(c, html.Details))
    assert [texts(f)[0] for f in folds] == ["Nya utfall (6)"]
    assert len(find_by_id(folds[0], "board-changes-arrived").children) == 6
    assert texts(got)[1] == ("Inget av nämndens verksamhetsområdesmål har gått upp eller ner "
                             "eller blivit rött.")
