"""The words and number formats users read (DOMAIN.md §3.7), in Swedish. Pure."""

from __future__ import annotations

import math

from babel import Locale
from babel.numbers import format_decimal, format_percent

from ils import periods

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
PERIOD_LABEL = periods.LABEL
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


def coverage_parts(n_green: int | None, n_yellow: int | None, n_red: int | None,
                   n_missing: int | None, n_forecast: int | None) -> list[str]:
    """§3.8 coverage of a goal light: ['7 av 9 på prognos', '2 av 9 utan utfall'] of the
    indicators that count (the ones without a target left out); [] when every light rests on
    an outcome."""
    n_fc, n_miss = int(n_forecast or 0), int(n_missing or 0)
    total = int(n_green or 0) + int(n_yellow or 0) + int(n_red or 0) + n_miss
    out = []
    if n_fc >= 1:
        out.append(f"{n_fc} av {total} på prognos")
    if n_miss >= 1:
        out.append(f"{n_miss} av {total} utan utfall")
    return out


def coverage_text(row: dict | None) -> str | None:
    """`coverage_parts` of a goal-light row (its n_* counts) joined with ', '; None when
    there is nothing to say."""
    if not row:
        return None
    parts = coverage_parts(row.get("n_green"), row.get("n_yellow"), row.get("n_red"),
                           row.get("n_missing"), row.get("n_forecast"))
    return ", ".join(parts) or None


def count_words(n: int, one: str, many: str) -> str:
    """'1 uppfylld', '4 uppfyllda': the number with the word in singular or plural."""
    return f"{n} {one if n == 1 else many}"


def indicator_counts(row: dict) -> str:
    """What a goal light's indicators count, saying that indicators are counted (§3.8):
    '4 indikatorer uppfyllda, 6 delvis uppfyllda, 1 ej uppfylld, 2 utan utfall; 7 av 13 på
    prognos'. 'utan utfall' only when there are such; the forecasts always when there are."""
    g, y, r = (int(row.get(k) or 0) for k in ("n_green", "n_yellow", "n_red"))
    miss, fc = int(row.get("n_missing") or 0), int(row.get("n_forecast") or 0)
    n_ind = "indikator" if g == 1 else "indikatorer"
    text = (f"{g} {n_ind} {'uppfylld' if g == 1 else 'uppfyllda'}, "
            f"{count_words(y, 'delvis uppfylld', 'delvis uppfyllda')}, "
            f"{count_words(r, 'ej uppfylld', 'ej uppfyllda')}")
    if miss:
        text += f", {miss} utan utfall"
    if fc:
        text += f"; {fc} av {g + y + r + miss} på prognos"
    return text
