"""Rules of an assessment entered in Kontrollrum (ils/assessing.py, DOMAIN.md §3.4, §3.9)."""

from __future__ import annotations

import pytest

from ils import assessing as a

GAP_REASON = ("Bedömningen är mer positiv än indikatorerna (Delvis uppfyllt) – motivera med "
              "minst 40 tecken.")
FORECAST_REASON = "Målets ljus vilar på prognoser – motivera med minst 40 tecken."


def light(colour: str | None, forecast: bool = False) -> dict:
    return {"light": colour, "rests_on_forecast": forecast}


@pytest.mark.parametrize(("assessment", "colour", "expected"), [
    ("uppfyllt", "gul", 1), ("uppfyllt", "rod", 2), ("delvis", "rod", 1),
    ("delvis", "gul", 0), ("uppfyllt", "gron", 0), ("ej", "rod", 0),
    ("ej", "gron", -2), ("delvis", "gron", -1),
    ("uppfyllt", "saknas", None), ("uppfyllt", "ej_malsatt", None), ("uppfyllt", None, None),
    (None, "gron", None), ("kanske", "gron", None),
])
def test_gap(assessment, colour, expected):
    assert a.gap(assessment, colour) == expected


@pytest.mark.parametrize("period", ["T1", "T2", "VB"])
@pytest.mark.parametrize(("assessment", "colour", "forecast", "reason_at"), [
    # gap 1 (more positive): required in every period, the gap reason first
    ("uppfyllt", "gul", False, {"T1": GAP_REASON, "T2": GAP_REASON, "VB": GAP_REASON}),
    ("uppfyllt", "gul", True, {"T1": GAP_REASON, "T2": GAP_REASON, "VB": GAP_REASON}),
    # gap 0: only a forecast-resting light at T1/T2 asks for a motivation
    ("delvis", "gul", False, {}),
    ("delvis", "gul", True, {"T1": FORECAST_REASON, "T2": FORECAST_REASON}),
    # gap < 0 (more negative): as gap 0
    ("ej", "gron", False, {}),
    ("ej", "gron", True, {"T1": FORECAST_REASON, "T2": FORECAST_REASON}),
    # no scored light: no gap; a forecast flag still counts at T1/T2
    ("uppfyllt", "saknas", False, {}),
])
def test_motivation_required(period, assessment, colour, forecast, reason_at):
    assert a.motivation_required(assessment, light(colour, forecast), period) == \
        reason_at.get(period)


def test_motivation_required_names_the_light():
    assert a.motivation_required("uppfyllt", light("rod"), "VB") == (
        "Bedömningen är mer positiv än indikatorerna (Ej uppfyllt) – motivera med minst 40 "
        "tecken.")
    assert a.motivation_required("delvis", light("rod"), "T2").startswith(
        "Bedömningen är mer positiv än indikatorerna (Ej uppfyllt)")


def test_no_light_row_requires_nothing():
    assert a.motivation_required("uppfyllt", None, "T2") is None


@pytest.mark.parametrize(("text", "length"), [
    ("x" * 39, 39), ("x" * 40, 40), (" " * 60, 0), ("\n\t  ", 0), (None, 0), ("",  0),
    ("  " + "x" * 40 + "   ", 40), ("a" + " " * 50 + "b", 3),
])
def test_motivation_length(text, length):
    assert a.motivation_length(text) == length


@pytest.mark.parametrize(("text", "ok"), [
    ("x" * 39, False), ("x" * 40, True), ("x" * 41, True), (" " * 80, False),
    (" " * 30 + "x" * 39 + " " * 30, False),
    ("ord " * 10, False),  # "ord ord … ord": 10·3 letters + 9 spaces = 39 characters
    ("ord " * 10 + "o", True),  # 41
])
def test_required_motivation_boundary(text, ok):
    entry = dict(assessment="uppfyllt", basis="indikatorer", also=[], motivation=text,
                 goal_light=light("gul"), period="VB")
    if ok:
        assert a.check_entry(**entry).motivation == text
    else:
        with pytest.raises(a.EntryError) as err:
            a.check_entry(**entry)
        assert GAP_REASON in str(err.value)
        assert f"Motiveringen har nu {a.motivation_length(text)} tecken." in str(err.value)


def test_not_required_motivation_may_be_empty_and_whitespace_is_none():
    e = a.check_entry("delvis", "indikatorer", [], "   ", light("gul"), "VB")
    assert e == a.Entry("delvis", "indikatorer", None)
    e = a.check_entry("ej", "samlad bedömning", ["annat", "aktiviteter"], "kort", light("gul"),
                      "T2")
    assert e == a.Entry("ej", "samlad bedömning: aktiviteter, annat", "kort")


@pytest.mark.parametrize(("forecast", "period", "required"), [
    (True, "T1", True), (True, "T2", True), (True, "VB", False),
    (False, "T1", False), (False, "T2", False), (False, "VB", False),
])
def test_forecast_rule_on_entries(forecast, period, required):
    entry = dict(assessment="delvis", basis="indikatorer", also=[], motivation="för kort",
                 goal_light=light("gul", forecast), period=period)
    if required:
        with pytest.raises(a.EntryError, match="vilar på prognoser"):
            a.check_entry(**entry)
    else:
        assert a.check_entry(**entry).motivation == "för kort"


@pytest.mark.parametrize(("kwargs", "message"), [
    (dict(assessment="bra"), "Välj en bedömning: Uppfyllt, Delvis uppfyllt eller Ej uppfyllt."),
    (dict(assessment=None), "Välj en bedömning"),
    (dict(basis="magkänsla"), "Välj vad bedömningen grundar sig på"),
    (dict(also=["aktiviteter", "rykten"]), "Okänt val av vad bedömningen också vilar på"),
    (dict(also="aktiviteter"), "Okänt val"),
    (dict(motivation=42), "Motiveringen måste vara text."),
    (dict(motivation="x" * 4001), "Motiveringen är för lång (4001 tecken, högst 4000)."),
    (dict(motivation="a\x00b"), "otillåtet tecken"),
    (dict(period="T3"), "Okänd period 'T3'"),
])
def test_bad_entries_are_refused_in_swedish(kwargs, message):
    entry = dict(assessment="ej", basis="indikatorer", also=[], motivation=None,
                 goal_light=light("gul"), period="VB") | kwargs
    with pytest.raises(a.EntryError) as err:
        a.check_entry(**entry)
    assert message in str(err.value)


def test_every_problem_at_once():
    with pytest.raises(a.EntryError) as err:
        a.check_entry("bra", "magkänsla", [], "x" * 5000, None, "VB")
    text = str(err.value)
    assert "Välj en bedömning" in text and "grundar sig på" in text and "för lång" in text


@pytest.mark.parametrize("text", ["=cmd|' /C calc'!A0", "+1", "@x", "-2", "<b>fet</b>"])
def test_text_is_kept_as_given(text):
    e = a.check_entry("ej", "indikatorer", [], text, light("gul"), "VB")
    assert e.motivation == text


@pytest.mark.parametrize(("stored", "parsed"), [
    ("indikatorer", ("indikatorer", ())),
    ("samlad bedömning", ("samlad bedömning", ())),
    ("samlad bedömning: annat, aktiviteter", ("samlad bedömning", ("aktiviteter", "annat"))),
    ("indikatorer: uppdrag", ("indikatorer", ("uppdrag",))),
    ("något annat", (None, ())), (None, (None, ())), ("", (None, ())),
])
def test_parse_basis(stored, parsed):
    assert a.parse_basis(stored) == parsed
    if parsed[0]:
        assert a.parse_basis(a.format_basis(*parsed)) == parsed


def test_longest_basis_fits_the_column():
    assert len(a.format_basis("samlad bedömning", a.ALSO)) <= 60


def test_publish_summary():
    lights = {"v1": light("gul"), "v2": light("rod"), "v3": light("gron", True),
              "v4": light("saknas")}
    drafts = [
        {"goal_id": "v1", "assessment": "uppfyllt", "motivation": "x" * 40},  # +1, motivated
        {"goal_id": "v2", "assessment": "delvis", "motivation": "  kort  "},  # +1, missing
        {"goal_id": "v3", "assessment": "uppfyllt", "motivation": None},  # forecast, missing
        {"goal_id": "v4", "assessment": "uppfyllt", "motivation": None},  # no light: fine
    ]
    s = a.publish_summary(drafts, lights, "T2", voms=["v1", "v2", "v3", "v4", "v5"])
    assert (s.n_goals, s.n_more_positive) == (4, 2)
    assert s.missing_motivation == ("v2", "v3")
    assert s.not_assessed == ("v5",)
    assert s.sentences() == ["4 mål publiceras.", "2 av dem är mer positiva än indikatorerna.",
                             "2 saknar en motivering som krävs.", "1 mål är inte bedömda."]
    at_vb = a.publish_summary(drafts, lights, "VB")
    assert at_vb.missing_motivation == ("v2",)  # a forecast never counts at VB
    assert a.publish_summary([], lights, "VB").sentences() == [
        "0 mål publiceras.", "0 av dem är mer positiva än indikatorerna."]


def test_describe_change():
    assert a.describe_change({"assessment": "uppfyllt", "motivation": None},
                             {"assessment": "delvis", "motivation": "Nu med text."}) == [
        "Bedömning: Uppfyllt → Delvis uppfyllt", "Motivering: – → ”Nu med text.”"]
    assert a.describe_change(None, {"status": "publicerad"}) == ["Status: publicerad"]
    assert a.describe_change({}, {"assessment": "ej", "basis": "indikatorer"}) == [
        "Bedömning: Ej uppfyllt", "Grund: indikatorer"]
    assert a.describe_change(None, None) == []
