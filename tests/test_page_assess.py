"""/namnd/<id> "Bedöm målen" (issue 13): only the board's own users get the form; its
callbacks (called directly, as a forged request would reach them) save drafts, show a
conflict with the other's version, publish — and refuse other roles on the server. Text comes back as text."""

from __future__ import annotations

import json

import pytest
from dash import no_update

from ils.access import PUBLIC, Viewer
from queries.scope import acting_as
from tests.dash_tree import find_all, find_by_id, text

NORA = Viewer(role="namnd", orgs=("norrby",), name="Nora Norrby")
NILS = Viewer(role="namnd", orgs=("norrby",), name="Nils Norrby")
SOFIA = Viewer(role="namnd", orgs=("soderby",), name="Sofia Söderby")
SIV = Viewer(role="slk", name="Siv Controller")
LASSE = Viewer(role="lasare", name="Lasse Läsare")
ADA = Viewer(role="admin", name="Ada Admin")
CTX = {"org": "norrby", "year": 2022, "period": "T2"}
LONG = "Prognosen bygger på höstens mätning och vi räknar med att den håller."


@pytest.fixture
def assess_db(tmp_path, monkeypatch) -> str:
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_city import city

    url = f"sqlite:///{tmp_path / 'assess.db'}"
    eng = make_engine(url)
    replace_dataset(eng, city(), {"demo": "1"})
    eng.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401

    return url


def data_mod():
    from pages.namnd import data
    return data


def mod():
    from pages.namnd import assess

    return assess


def triggered(component_id: dict):
    from dash._callback_context import context_value
    from dash._utils import AttributeDict

    return context_value.set(AttributeDict(triggered_inputs=[
        {"prop_id": json.dumps(component_id, separators=(",", ":")) + ".n_clicks",
         "value": 1}]))


def save(viewer, goal="vom11", value="uppfyllt", motivation=LONG, version=0, ctx=CTX):
    from dash._callback_context import context_value

    token = triggered({"goal": goal, "type": "kr-assess-save"})
    try:
        with acting_as(viewer):
            return mod().save(1, value, "indikatorer", ["aktiviteter"], motivation, version, ctx)
    finally:
        context_value.reset(token)


@pytest.mark.parametrize("viewer", [PUBLIC, LASSE, SOFIA, SIV],
                         ids=["publik", "lasare", "annan-namnd", "slk"])
def test_only_the_boards_users_get_the_form(assess_db, viewer):
    with acting_as(viewer):
        assert mod().section("norrby", 2022, "T2") == []


def test_the_form_shows_lights_indicators_and_why(assess_db):
    with acting_as(NORA):
        out = mod().section("norrby", 2022, "T2")
    body = text(out)
    assert "Bedöm målen" in body and "1.1 Barn lär sig" in body and "1.2 Äldre trivs" in body
    assert "Andel elever som läser" in body  # the indicator list stays in view
    assert "på utfall:" in body  # 1.1 rests on forecasts at T2: the outcome-only light too
    assert "Ännu inte bedömt" in body
    with acting_as(NORA):
        why = mod().why("delvis", "kort", {"light": "gron", "rests_on_forecast": True}, CTX)
    assert "Målets ljus vilar på prognoser – motivera med minst 40 tecken." in text(why)
    assert "Nu 4 tecken." in text(why)
    with acting_as(NORA):
        why = mod().why("ej", "", {"light": "gron", "rests_on_forecast": False}, CTX)
    assert "Motivering frivillig" in text(why)


def test_save_conflict_and_history(assess_db):
    msg, version, hist, state = save(NORA)
    assert "Sparat som utkast (version 1)." in text(msg) and version == 1
    assert state == "Utkast, version 1 (sparat nyss av dig)"
    assert "Skapad av Nora Norrby" in text(hist)
    msg, version, hist, state = save(NILS, value="delvis", version=0)
    assert "Bedömningen har ändrats av Nora Norrby" in text(msg)
    assert "Din ändring sparades inte" in text(msg) and LONG in text(msg)
    assert version == 1  # saving again replaces Nora's version knowingly
    msg, version, hist, _ = save(NILS, value="delvis", version=1)
    assert "version 2" in text(msg) and version == 2
    assert "Ändrad av Nils Norrby" in text(hist)
    assert "Bedömning: Uppfyllt → Delvis uppfyllt" in text(hist)
    with acting_as(NORA):
        out = mod().section("norrby", 2022, "T2")
    assert "Utkast, version 2" in text(out) and "Nils Norrby" in text(out)


def test_forged_saves_are_refused_on_the_server(assess_db):
    for viewer in (PUBLIC, LASSE, SOFIA, SIV):
        msg, version, _, _ = save(viewer)
        assert "Du får inte bedöma mål för Norrby stadsdelsnämnd" in text(msg)
    msg, _, _, _ = save(NORA, goal="nm-norr")
    assert "är inget verksamhetsområdesmål" in text(msg)
    msg, _, _, _ = save(NORA, motivation="för kort")
    assert "vilar på prognoser" in text(msg)


def test_publish(assess_db):
    save(NORA)
    save(NORA, goal="vom12", value="delvis", motivation=None)
    with acting_as(SOFIA):
        assert "Du får inte publicera" in text(mod().ask_publish(1, CTX))
        msg, _, again = mod().publish(1, CTX)
        assert "Du får inte bedöma" in text(msg) and again is no_update
    with acting_as(NORA):
        box = mod().ask_publish(1, CTX)
    assert "Det här blir publikt" in text(box) and "2 mål publiceras." in text(box)
    assert "0 av dem är mer positiva än indikatorerna." in text(box)
    assert find_by_id(box, "kr-assess-publish-now") is not None
    versions = find_by_id(box, "kr-assess-publish-versions").data
    with acting_as(NORA):
        blind, _, _ = mod().publish(1, CTX)  # no summary's versions: nothing published
        assert "Ingenting publicerades" in text(blind)
        done, confirm, again = mod().publish(1, CTX, versions)
    assert "Publicerat: 2 mål är nu synliga för alla." in text(done) and confirm is None
    with acting_as(NORA):
        assert "Det finns inga utkast att publicera." in text(mod().ask_publish(1, CTX))


def test_publishing_draws_the_page_again(assess_db):
    """Issue 21 item 11: after publishing, the board page is drawn again with the published
    assessments (new arguments for its callback), the message kept, no reload asked for."""
    from pages import namnd

    save(NORA)
    with acting_as(NORA):
        versions = find_by_id(mod().ask_publish(1, CTX), "kr-assess-publish-versions").data
        done, _, again = mod().publish(1, CTX, versions)
    assert "Ladda om" not in text(done)
    assert again["org_id"] == "norrby" and (again["ar"], again["period"]) == ("2022", "T2")
    with acting_as(NORA):
        out = text(namnd.render(again))
    assert "Publicerat: 1 mål är nu synliga för alla." in out
    assert "Publicerad " in out and "Utkast, version" not in out


def test_text_is_rendered_as_text(assess_db):
    evil = "<img src=x onerror=alert(1)> och en motivering som är lång nog"
    save(NORA, goal="vom12", value="ej", motivation=evil)
    with acting_as(NORA):
        out = mod().section("norrby", 2022, "T2")
    area = find_by_id(out, {"type": "kr-assess-text", "goal": "vom12"})
    assert area.value == evil  # a property value, never markup
    assert not find_all(out, lambda c: type(c).__name__ in ("Markdown", "Iframe"))


def test_the_board_page_includes_the_form_for_its_users(assess_db):
    from pages import namnd

    args = {"org_id": "norrby", "ar": "2022", "period": "T2", "sort": None, "mal": None}
    with acting_as(NORA):
        assert "Bedöm målen" in text(namnd.render(args))
    with acting_as(PUBLIC):
        assert "Bedöm målen" not in text(namnd.render(args))


def test_an_admin_returns_a_published_period_to_draft(assess_db):
    with acting_as(ADA):
        out = mod().section("norrby", 2022, "VB")  # norrby's VB 1.1 is published
    assert "Återför till utkast" in text(out) and "1 publicerade bedömningar" in text(out)
    with acting_as(ADA):
        assert mod().section("norrby", 2022, "T2") == []  # nothing published there
    vb = {**CTX, "period": "VB"}
    for viewer in (NORA, SIV, PUBLIC):
        with acting_as(viewer):
            assert "Bara en administratör" in text(mod().to_draft(1, "skäl", vb))
    with acting_as(ADA):
        assert "Ange varför" in text(mod().to_draft(1, " ", vb))
        done = mod().to_draft(1, "Fel underlag", vb)
    assert "1 bedömningar är utkast igen" in text(done)
    with acting_as(NORA):
        out = mod().section("norrby", 2022, "VB")
    assert "Återförd till utkast av Ada Admin · skäl: Fel underlag" in text(out)


def test_the_goal_page_shows_the_history_as_the_viewer_may_see_it(assess_db):
    from pages import mal

    args = {"goal_id": "vom11", "ar": "2022", "period": "T2", "sort": None, "mal": None}
    save(NORA)  # a draft
    with acting_as(PUBLIC):
        hist = find_by_id(mal.render(args), "goal-history")
    assert "Inga ändringar av självskattningarna för T2 2022" in text(hist)
    with acting_as(SIV):
        hist = find_by_id(mal.render(args), "goal-history")
    assert "Norrby stadsdelsnämnd (1 ändring)" in text(hist)
    assert "Skapad av Nora Norrby" in text(hist) and "Bedömning: Uppfyllt" in text(hist)
    assert LONG in text(hist)
    with acting_as(NORA):
        mod().publish(1, CTX, data_mod().preview("norrby", 2022, "T2")[2])
    with acting_as(PUBLIC):
        hist = find_by_id(mal.render(args), "goal-history")
    assert "Norrby stadsdelsnämnd (1 ändring)" in text(hist)
    assert "Publicerad av Nora Norrby" in text(hist) and "Status: publicerad" in text(hist)
    assert "Skapad" not in text(hist)
