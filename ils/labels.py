"""The words and number formats users read (DOMAIN.md §3.7), in Swedish. Pure."""

from __future__ import annotations

import math

from babel import Locale
from babel.numbers import format_decimal, format_percent

LOCALE = Locale.parse("sv_SE")  # parsed once: babel would parse a string on every call

LIGHT_LABEL = {
    "gron": "Uppfyllt",
    "gul": "Delvis uppfyllt",
    "rod": "Ej uppfyllt",
    "saknas": "Utfall saknas",
    "ej_malsatt": "Ej målsatt",
}
# §3.8 what a (VOM, org) shows (`ils.progress.goal_state`): its light, or one of the grey
# states; "Inga indikatorer" is not a light at all
STATE_LABEL = {**LIGHT_LABEL, "inga_indikatorer": "Inga indikatorer"}
ASSESSMENT_LABEL = {"uppfyllt": "Uppfyllt", "delvis": "Delvis uppfyllt", "ej": "Ej uppfyllt"}
PERIOD_LABEL = {"T1": "Tertial 1", "T2": "Tertial 2", "VB": "Verksamhetsberättelse"}
BASIS_LABEL = {"utfall": "Utfall", "prognos": "Prognos"}
DIRECTION_LABEL = {"hogre": "Högre är bättre", "lagre": "Lägre är bättre"}
DECIDER_LABEL = {"kf": "Kommunfullmäktige", "namnd": "Nämnden", "enhet": "Enheten"}
GROUP_LABEL = {
    "alla": "Alla nämnder och bolag",
    "stadsdelsnamnder": "Stadsdelsnämnderna",
    "facknamnder": "Facknämnderna",
    "bolag": "Bolagen",
}
KIND_GROUP_LABEL = {"stadsdelsnamnd": "Stadsdelsnämnder", "facknamnd": "Facknämnder",
                    "bolag": "Bolag"}
LEVEL_LABEL = {
    "stad": "Stad", "namnd": "Nämnd", "avdelning": "Avdelning", "enhet": "Enhet",
    "inriktningsmal": "Inriktningsmål", "verksamhetsomradesmal": "Verksamhetsområdesmål",
    "namndmal": "Nämndmål", "enhetsmal": "Enhetsmål/åtagande",
}
GAP_LABEL = {1: "Mer positiv än indikatorerna", 0: "Stämmer med indikatorerna",
             -1: "Mer negativ än indikatorerna"}


BARE_UNITS = ("antal",)
_SV = str.maketrans({"å": "{", "ä": "|", "ö": "}", "Å": "[", "Ä": "\\", "Ö": "]"})


def sv_key(name: str | None) -> str:
    """A sort key that puts å, ä, ö after z, as Swedish does."""
    return (name or "").lower().translate(_SV)


def light_label(light: str | None, basis: str | None = None) -> str:
    """'Uppfyllt', or 'Uppfyllt (prognos)' when the light rests on a forecast."""
    text = LIGHT_LABEL.get(light or "saknas", LIGHT_LABEL["saknas"])
    if basis == "prognos" and light in ("gron", "gul", "rod"):
        text += " (prognos)"
    return text


def state_label(state: str | None, basis: str | None = None) -> str:
    """A goal's §3.8 state in words: 'Inga indikatorer', 'Ej målsatt' or its light's label
    (`light_label`); no state at all (no row) is 'Inga indikatorer'."""
    if state is None or state == "inga_indikatorer":
        return STATE_LABEL["inga_indikatorer"]
    return light_label(state, basis)


def gap_label(gap: int | None) -> str:
    if gap is None:
        return "Kan inte jämföras"
    return GAP_LABEL[(gap > 0) - (gap < 0)]


def _missing(x) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def fmt_number(x: float | int | None, decimals: int = 1) -> str:
    """Swedish number: '1 234', '79,5'; '–' when missing. Trailing ',0' is dropped."""
    if _missing(x):
        return "–"
    if float(x).is_integer():
        return format_decimal(int(x), locale=LOCALE)
    pattern = "#,##0." + "#" * decimals
    return format_decimal(x, format=pattern, locale=LOCALE)


def fmt_percent(share: float | None, decimals: int = 1) -> str:
    """A share 0..1 as '79,5 %'."""
    if _missing(share):
        return "–"
    pattern = "#,##0." + "#" * decimals + " %" if decimals else "#,##0 %"
    return format_percent(share, format=pattern, locale=LOCALE)


def fmt_value(x: float | None, unit: str | None) -> str:
    """A measured value with its unit: '79,5 %', '1 234 kr', '12 dagar'."""
    if _missing(x):
        return "–"
    text = fmt_number(x)
    if not unit or unit in BARE_UNITS:  # "15 antal" reads oddly: a count is just a number
        return text
    return f"{text} %" if unit in ("%", "procent") else f"{text} {unit}"
