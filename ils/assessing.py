"""A board's assessment of a goal, entered in Kontrollrum (DOMAIN.md §3.4, §3.9). Pure.

An entry is the assessment (`uppfyllt` / `delvis` / `ej`), its basis (`indikatorer` or
`samlad bedömning`, with what else it rests on: aktiviteter, uppdrag, annat) and a motivation.
`motivation_required` says, exactly as §3.9, when the motivation must hold at least
`MIN_MOTIVATION` characters and why (the reason the form shows before the user saves);
`check_entry` turns raw form input into a clean `Entry` or raises `EntryError` with a Swedish
message. `publish_summary` says what publishing a board's period would make public.

Text is kept as the user wrote it (no HTML escaping here: rendering it as text is the UI's
job); only its length is limited.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from ils.periods import FORECAST_PERIODS, PERIODS
from ils.rules_periods import RANK, SCORED

ASSESSMENTS = ("uppfyllt", "delvis", "ej")
ASSESSMENT_WORDS = {"uppfyllt": "Uppfyllt", "delvis": "Delvis uppfyllt", "ej": "Ej uppfyllt"}
LIGHT_WORDS = {"gron": "Uppfyllt", "gul": "Delvis uppfyllt", "rod": "Ej uppfyllt"}
BASES = ("indikatorer", "samlad bedömning")
BASIS_WORDS = {"indikatorer": "Indikatorer", "samlad bedömning": "Samlad bedömning"}
ALSO = ("aktiviteter", "uppdrag", "annat")  # what else a basis may rest on, in this order
ALSO_WORDS = {"aktiviteter": "Aktiviteter", "uppdrag": "Uppdrag", "annat": "Annat"}
MIN_MOTIVATION = 40
MAX_MOTIVATION = 4000
BASIS_SEP = ": "


class EntryError(ValueError):
    """An entry that cannot be saved; the message is Swedish and says what to change."""


@dataclass(frozen=True)
class Entry:
    assessment: str
    basis: str  # as stored: "indikatorer" or "samlad bedömning: aktiviteter, annat"
    motivation: str | None  # None when empty


def format_basis(main: str, also: Iterable[str] = ()) -> str:
    """("samlad bedömning", ["annat", "aktiviteter"]) → "samlad bedömning: aktiviteter, annat"."""
    chosen = [a for a in ALSO if a in set(also)]
    return main + (BASIS_SEP + ", ".join(chosen) if chosen else "")


def parse_basis(text: str | None) -> tuple[str | None, tuple[str, ...]]:
    """The stored basis as (main, also); an unknown or empty basis gives (None, ())."""
    if not text:
        return None, ()
    main, _, rest = text.partition(BASIS_SEP)
    main = main.strip()
    if main not in BASES:
        return None, ()
    also = {a.strip() for a in rest.split(",")}
    return main, tuple(a for a in ALSO if a in also)


def motivation_length(text: str | None) -> int:
    """Characters of the motivation that count: runs of whitespace count as one space and
    leading or trailing whitespace not at all (so padding never fills the requirement)."""
    return len(" ".join((text or "").split()))


def gap(assessment: str | None, light: str | None) -> int | None:
    """§3.4: the assessment's rank minus the goal light's (None when either is missing or
    the light is grey)."""
    if assessment not in ASSESSMENTS or light not in SCORED:
        return None
    return RANK[assessment] - RANK[light]


def motivation_required(assessment: str | None, goal_light: Mapping | None,
                        period: str) -> str | None:
    """Why a motivation of at least `MIN_MOTIVATION` characters is required, or None (§3.9):
    the assessment is more positive than the goal light (gap > 0), or at T1/T2 the goal
    light rests on forecasts. `goal_light` is the stored goal light row (keys `light` and
    `rests_on_forecast`), None when the goal has no light."""
    row = goal_light or {}
    light = row.get("light")
    g = gap(assessment, light)
    if g is not None and g > 0:
        return (f"Bedömningen är mer positiv än indikatorerna ({LIGHT_WORDS[light]}) – "
                f"motivera med minst {MIN_MOTIVATION} tecken.")
    if period in FORECAST_PERIODS and bool(row.get("rests_on_forecast")):
        return (f"Målets ljus vilar på prognoser – motivera med minst {MIN_MOTIVATION} "
                "tecken.")
    return None


def motivation_missing(reason: str | None, motivation: str | None) -> bool:
    """Whether a required motivation is missing or too short."""
    return reason is not None and motivation_length(motivation) < MIN_MOTIVATION


def check_entry(assessment: object, basis: object, also: object, motivation: object,
                goal_light: Mapping | None, period: str) -> Entry:
    """A clean entry from form input, or `EntryError` naming every problem at once."""
    problems: list[str] = []
    if assessment not in ASSESSMENTS:
        problems.append("Välj en bedömning: Uppfyllt, Delvis uppfyllt eller Ej uppfyllt.")
    if basis not in BASES:
        problems.append("Välj vad bedömningen grundar sig på: indikatorer eller samlad "
                        "bedömning.")
    also_list = [] if also is None else list(also) if isinstance(also, (list, tuple)) else None
    if also_list is None or any(a not in ALSO for a in also_list):
        problems.append("Okänt val av vad bedömningen också vilar på (aktiviteter, uppdrag, "
                        "annat).")
    if motivation is not None and not isinstance(motivation, str):
        problems.append("Motiveringen måste vara text.")
        motivation = None
    text = motivation if motivation and motivation.strip() else None
    if text is not None and len(text) > MAX_MOTIVATION:
        problems.append(f"Motiveringen är för lång ({len(text)} tecken, högst "
                        f"{MAX_MOTIVATION}).")
    if text is not None and "\x00" in text:
        problems.append("Motiveringen innehåller ett otillåtet tecken (NUL).")
    if period not in PERIODS:
        problems.append(f"Okänd period {period!r}: använd T1, T2 eller VB.")
    if not problems:
        reason = motivation_required(assessment, goal_light, period)  # type: ignore[arg-type]
        if motivation_missing(reason, text):
            problems.append(f"{reason} Motiveringen har nu {motivation_length(text)} tecken.")
    if problems:
        raise EntryError(" ".join(problems))
    return Entry(assessment, format_basis(basis, also_list or ()), text)  # type: ignore[arg-type]


@dataclass(frozen=True)
class PublishSummary:
    """What publishing a board's period makes public."""

    n_goals: int  # assessments about to be published
    n_more_positive: int  # of them, more positive than the indicators (gap > 0)
    missing_motivation: tuple[str, ...] = field(default=())  # goal ids lacking a required one
    not_assessed: tuple[str, ...] = field(default=())  # VOMs of the year without assessment

    def sentences(self) -> list[str]:
        """The summary in Swedish, one sentence per fact."""
        out = [f"{self.n_goals} mål publiceras.",
               f"{self.n_more_positive} av dem är mer positiva än indikatorerna."]
        if self.missing_motivation:
            out.append(f"{len(self.missing_motivation)} saknar en motivering som krävs.")
        if self.not_assessed:
            out.append(f"{len(self.not_assessed)} mål är inte bedömda.")
        return out


def publish_summary(drafts: Iterable[Mapping], lights: Mapping[str, Mapping],
                    period: str, voms: Iterable[str] = ()) -> PublishSummary:
    """Summary of publishing `drafts` (rows with goal_id, assessment, motivation); `lights`
    maps goal_id to its goal light row; `voms` are the goals the board should assess that
    have no published assessment (those without a draft either are counted as not assessed)."""
    rows = list(drafts)
    more, missing = 0, []
    for row in rows:
        light = lights.get(row["goal_id"])
        g = gap(row.get("assessment"), (light or {}).get("light"))
        more += bool(g is not None and g > 0)
        reason = motivation_required(row.get("assessment"), light, period)
        if motivation_missing(reason, row.get("motivation")):
            missing.append(row["goal_id"])
    assessed = {r["goal_id"] for r in rows}
    return PublishSummary(len(rows), more, tuple(sorted(missing)),
                          tuple(v for v in voms if v not in assessed))


FIELD_WORDS = {"assessment": "Bedömning", "basis": "Grund", "motivation": "Motivering",
               "status": "Status"}
STATUS_WORDS = {"utkast": "utkast", "publicerad": "publicerad"}


def _value_words(name: str, value: object) -> str:
    if value is None or value == "":
        return "–"
    if name == "assessment":
        return ASSESSMENT_WORDS.get(str(value), str(value))
    if name == "status":
        return STATUS_WORDS.get(str(value), str(value))
    return f"”{value}”" if name == "motivation" else str(value)


def describe_change(old: Mapping | None, new: Mapping | None) -> list[str]:
    """A history entry's change in Swedish, one line per field: 'Bedömning: Uppfyllt →
    Delvis uppfyllt'. `old`/`new` are the JSON objects of the fields that changed (`old`
    None when not known or not to be shown: then only the new value)."""
    old, new = old or {}, new or {}
    out = []
    for name in [n for n in FIELD_WORDS if n in new or n in old]:
        after = _value_words(name, new.get(name))
        label = FIELD_WORDS[name]
        out.append(f"{label}: {_value_words(name, old.get(name))} → {after}" if name in old
                   else f"{label}: {after}")
    return out
