"""Avdelning and Enhet pages, and the org helpers of `queries.read.org_views` (SQLite and
PostgreSQL). Data: `org_city()` of tests/test_page_board.py (its docstring has the lights)."""

from __future__ import annotations

import polars as pl
import pytest
from dash import html

from queries.read import org_views
from tests.dash_tree import aria_labels, find_all, find_by_id, hrefs, text, texts
from tests.fixture_org import BASE, folded, org_city, row_texts


def department(org_id: str, **args):
    from pages import avdelning as page

    return page.render({**BASE, "org_id": org_id, **args})


def unit(org_id: str, **args):
    from pages import enhet as page

    return page.render({**BASE, "org_id": org_id, **args})


def crumbs(out) -> list[str]:
    items = find_all(out, lambda c: "breadcrumb-item" in str(getattr(c, "className", "")))
    return [text(c) for c in items]


# --- pure helpers ----------------------------------------------------------------------------

def test_subtree_is_root_first_then_level_by_level():
    tree = org_views.subtree(org_city().organisation, "norrby")
    assert tree.select("id", "depth").rows() == [
        ("norrby", 0), ("norrby-inkop", 1), ("norrby-aldre", 1), ("norrby-hem", 2)]  # by name
    assert org_views.subtree(org_city().organisation, "nosuch").is_empty()


def test_subtree_survives_a_cycle():
    orgs = pl.DataFrame({"id": ["a", "b"], "parent_id": ["b", "a"], "level": ["namnd", "enhet"],
                         "kind": [None, None], "name": ["A", "B"]})
    assert org_views.subtree(orgs, "a").select("id", "depth").rows() == [("a", 0), ("b", 1)]
    assert org_views.subtree(orgs, "b").select("id", "depth").rows() == [("b", 0), ("a", 1)]


def test_light_counts_per_org():
    ind = pl.DataFrame({"org_id": ["a", "a", "a", "b"], "light": ["gron", "gron", "saknas", "rod"],
                        "basis": ["prognos", "utfall", None, "utfall"]})
    got = org_views.light_counts(ind).sort("org_id")
    assert got.select("org_id", "n_gron", "n_rod", "n_saknas", "n_prognos", "n_total").rows() == [
        ("a", 2, 0, 1, 1, 3), ("b", 0, 1, 0, 0, 1)]


def test_load_org_on_both_databases(engine):
    from ils.rules_periods import DEFAULT_PARAMS
    from queries.write.store import replace_dataset

    replace_dataset(engine, org_city(), {})
    got = org_views.load_org(engine, "norrby", 2022, "VB", DEFAULT_PARAMS, with_peers=True)
    assert sorted(got.peers) == ["norrby", "soderby", "vasterby"]
    assert [o["id"] for o in got.trail] == ["stad", "norrby"]
    assert got.city == "stad" and (got.year, got.period) == (2022, "VB")
    ranks = dict(got.peer_rows().select("indicator_id", "rank").iter_rows())
    assert ranks["ind-vant"] == 3  # 30 days, the longest wait of the three district boards
    lights = got.indicators(["norrby-hem"]).sort("indicator_id")
    assert lights.select("indicator_id", "light").rows() == [
        ("ind-hem-egen", "ej_malsatt"), ("ind-nojd", "rod"), ("ind-vant", "gron")]
    assert org_views.load_org(engine, "nosuch", 2022, "VB", DEFAULT_PARAMS) is None


# --- Avdelning -------------------------------------------------------------------------------

def test_department_layout_has_args(org_db):
    from pages import avdelning as page

    store = page.layout(org_id="norrby-aldre", period="T2").children[0]
    assert store.id == "department-args" and store.data["org_id"] == "norrby-aldre"


def test_department_page(org_db):
    out = department("norrby-aldre", ar="2022", period="VB")
    assert crumbs(out) == ["Stad", "Norrby stadsdelsnämnd", "Äldreomsorg Norrby"]
    assert "/namnd/norrby?ar=2022&period=VB" in hrefs(out)
    block = find_by_id(out, "mal-vom11")
    # the unit's åtagande under the board's nämndmål, each named with its owner
    assert "Norrbys barn läser mer" in texts(block) and "Hemtjänsten läser högt" in texts(block)
    assert "Enhetsmål/åtagande (Hemtjänst Norrby): " in texts(block)
    # the department has none itself: said in words, not drawn as a (grey) light (§3.8)
    assert "Inga egna indikatorer" in texts(block)
    assert "Inga egna indikatorer" not in aria_labels(block)
    # its units' indicators, with the org column, load when a VOM is opened
    assert "Visa indikatorerna – 2 indikatorer: 0 uppfyllda, 0 delvis, 1 ej uppfylld, " \
           "0 utan utfall, 1 ej målsatta" in texts(block)
    assert row_texts(folded("norrby-aldre", "ind", "vom11", view="avdelning"), "Antal högläsningar")[:3] == [
        "Antal högläsningar", "Hemtjänst Norrby", "Egen"]
    assert row_texts(folded("norrby-aldre", "ind", "vom12", view="avdelning"), "Väntetid till boende")[
        :4] == ["Väntetid till boende", "Hemtjänst Norrby", "KF", "19 dagar"]
    assert row_texts(out, "Hemtjänst Norrby")[-5:] == ["1", "0", "1", "0", "1"]
    assert "0 av 1 enheter har ingen indikator." in texts(out)


@pytest.mark.parametrize("org_id, what", [("nosuch", "Avdelningen ”nosuch” finns inte."),
                                          ("norrby", "Det är en nämnd: Norrby stadsdelsnämnd.")])
def test_department_not_found(org_db, org_id, what):
    out = department(org_id, ar="2022", period="VB")
    assert "Sidan hittades inte" in texts(out) and what in text(out)


# --- Enhet -----------------------------------------------------------------------------------

def test_unit_page_with_indicators(org_db):
    out = unit("norrby-hem", ar="2022", period="VB")
    assert crumbs(out) == ["Stad", "Norrby stadsdelsnämnd", "Äldreomsorg Norrby",
                           "Hemtjänst Norrby"]
    assert "/avdelning/norrby-aldre?ar=2022&period=VB" in hrefs(out)
    # 1.1: nojd rod + own ind-hem-egen ej_malsatt → rod; 1.2: vant gron → gron
    assert aria_labels(find_by_id(out, "mal-vom11"))[1:3] == [
        "Ej uppfyllt", "Varför denna färg? 1.1 Barn lär sig, Hemtjänst Norrby"]
    assert aria_labels(find_by_id(out, "mal-vom12"))[1] == "Uppfyllt"
    block = find_by_id(out, "mal-vom11")
    assert row_texts(block, "Antal högläsningar") == [
        "Antal högläsningar", "Egen", "3 st", "Utfall", "–", "–", "–", "Ej målsatt", "–"]
    assert "Nämndmål (Norrby stadsdelsnämnd): " in texts(block)
    assert "Enheten har ingen indikator" not in text(out)


def test_unit_without_indicator_says_so(org_db):
    out = unit("norrby-inkop", ar="2022", period="VB")
    assert crumbs(out) == ["Stad", "Norrby stadsdelsnämnd", "Inköpsenheten Norrby"]
    assert "Enheten har ingen indikator" in text(out)


def test_unit_selected_goal_first_and_all_unfolded(org_db):
    out = unit("norrby-hem", ar="2022", period="VB", mal="vom12")
    blocks = find_all(out, lambda c: str(getattr(c, "id", "")).startswith("mal-"))
    assert [b.id for b in blocks] == ["mal-vom12", "mal-vom11"]
    assert "kr-selected" in blocks[0].className and "kr-selected" not in blocks[1].className
    # a unit has few indicators: they are shown, not folded
    assert all(find_all(b, lambda c: isinstance(c, html.Details) and c.open) for b in blocks)


@pytest.mark.parametrize("org_id", ["nosuch", "norrby-aldre", ""])
def test_unit_not_found(org_db, org_id):
    out = unit(org_id, ar="2022", period="VB")
    assert "Sidan hittades inte" in texts(out)
    assert f"Enheten ”{org_id}” finns inte." in text(out)


def test_unit_bad_period_notice(org_db):
    assert "Perioden ”X” finns inte" in text(unit("norrby-hem", ar="2022", period="X"))


def test_unit_empty_database(empty_db):
    assert "Inga data ännu" in text(unit("norrby-hem"))


def test_department_long_indicator_table_is_a_named_grid(org_db, monkeypatch):
    """A long subtree table is a data grid (sortable, filterable) with the same columns and
    values as the table; GRID_FROM lowered so the fixture's two rows count as long."""
    import dash_ag_grid as dag

    from pagekit.org import grid

    monkeypatch.setattr(grid, "GRID_FROM", 1)
    out = folded("norrby-aldre", "ind", "vom11", view="avdelning")
    wrap = find_all(out, lambda c: "kr-grid-wrap" in str(getattr(c, "className", "")))[0]
    assert getattr(wrap, "data-grid-label") == "Indikatorer för 1.1 Barn lär sig"
    ag = find_all(out, lambda c: isinstance(c, dag.AgGrid))[0]
    # on paper the same rows as a table (shown only in print)
    printed = find_all(out, lambda c: "kr-print-only" in str(getattr(c, "className", "")))[0]
    assert len(find_all(printed, lambda c: isinstance(c, html.Tr))) == 1 + len(ag.rowData)
    heads = [d["headerName"] for d in ag.columnDefs]
    assert heads == ["Indikator", "Organisation", "Beslutad av", "Värde", "Underlag", "Målvärde",
                     "Gul gräns", "Ljus", "Rapporterat"]
    rows = {r["c0"]: r for r in ag.rowData}
    own = rows["Antal högläsningar"]
    assert (own["c1"], own["c2"], own["c3"], own["c3_t"], own["c7"], own["c7_light"]) == (
        "Hemtjänst Norrby", "Egen", 3.0, "3 st", "Ej målsatt", "ej_malsatt")
    assert own["c0_href"] == "/indikator/ind-hem-egen?ar=2022&period=VB"
    assert rows["Andel nöjda föräldrar"]["c7"] == "Ej uppfyllt"
    assert [d.get("cellRenderer") for d in ag.columnDefs][:1] == ["KrLink"]


def test_department_short_indicator_table_stays_a_table(org_db):
    out = folded("norrby-aldre", "ind", "vom11", view="avdelning")
    assert find_all(out, lambda c: isinstance(c, html.Table) or "kr-table" in str(
        getattr(c, "className", "")))
    assert not find_all(out, lambda c: "kr-grid-wrap" in str(getattr(c, "className", "")))


@pytest.mark.parametrize("vom, rolled", [
    ("vom11", ["Ej uppfyllt"]),  # Hemtjänst Norrby: nöjdhet 60 rod; own högläsningar unset
    ("vom12", ["Uppfyllt"]),     # Hemtjänst Norrby: väntetid 19 gron
])
def test_department_rollup_light_beside_no_own_light(org_db, vom, rolled):
    block = find_by_id(department("norrby-aldre", ar="2022", period="VB"), f"mal-{vom}")
    words = texts(block)
    assert "Inga egna indikatorer" in words  # its own state is not replaced (§3.8: no light)
    rollups = [lbl for r in find_all(block, lambda c: "kr-rollup" in
                                     str(getattr(c, "className", ""))) for lbl in aria_labels(r)]
    assert rollups == rolled
    assert words.index("Inga egna indikatorer") < words.index("Enheternas samlade ljus: ")


def test_unit_has_no_rollup_light(org_db):
    out = unit("norrby-hem", ar="2022", period="VB")
    assert "Enheternas samlade ljus" not in text(out)


def test_more_ambitious_own_target_counted_not_flagged(org_db):
    # Hemtjänst Norrby's own 19,5 days for ind-vant is below KF's 20 (lower is better):
    # more ambitious, so 0 of 1, on the unit's page and its department's
    for out in (unit("norrby-hem", ar="2022", period="VB"),
                department("norrby-aldre", ar="2022", period="VB")):
        assert ("0 av 1 egna målvärden för kommunfullmäktiges indikatorer 2022 är mindre "
                "ambitiösa än KF:s.") in texts(out)
    assert "Mindre ambitiöst" not in text(folded("norrby-aldre", "ind", "vom12",
                                                 view="avdelning"))
