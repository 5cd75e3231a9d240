"""Where a value or target comes from, as the pages and downloads say it (pure).

- A target shows its source beside it: "85 % (KF budget 2022)", "83 % (Riket,
  jämförelsevärde)". Without a source it is called "KF:s målvärde" only when it is the city's
  row for a KF-decided indicator (DOMAIN.md §3.2); otherwise it carries no note.
- Kolada's terms: values taken as they are from Kolada carry "Källa: Kolada"; anything
  computed from them (lights, scores, tertial values) "bearbetning av data från Kolada". The
  credit follows the values' `source`, never a flag of the data set.
- Peer values read as one line: "Stockholm 84 %, Göteborg 81 %, Malmö 79 %, Riket 83 %".
"""

from __future__ import annotations

from collections.abc import Iterable

from ils.labels import fmt_value

KOLADA = "Kolada"
SOURCE_CREDIT = "Källa: Kolada"
DERIVED_CREDIT = "bearbetning av data från Kolada"
KF_TARGET = "KF:s målvärde"


def source_note(source: str | None) -> str | None:
    """A source as a note in parentheses reads it: 'Riket (jämförelsevärde)' → 'Riket,
    jämförelsevärde'; empty → None."""
    if not source or not source.strip():
        return None
    text = source.strip()
    if text.endswith(")") and " (" in text:
        head, _, tail = text[:-1].partition(" (")
        text = f"{head}, {tail}"
    return text


def target_note(source: str | None, kf_row: bool) -> str | None:
    """What to say beside a target: its source; else "KF:s målvärde" when it is the city's row
    of a KF indicator; else nothing."""
    return source_note(source) or (KF_TARGET if kf_row else None)


def target_text(target: float | None, unit: str | None, source: str | None,
                kf_row: bool) -> str:
    """'85 % (KF budget 2022)', '83 % (Riket, jämförelsevärde)', '79 % (KF:s målvärde)'."""
    note = target_note(source, kf_row)
    value = fmt_value(target, unit)
    return f"{value} ({note})" if note and target is not None else value


def kolada_credit(sources: Iterable[str | None], derived: bool = False) -> str | None:
    """The credit a view or table owes Kolada: None when no value's source is Kolada;
    "Källa: Kolada" for Kolada's values shown as they are; "bearbetning av data från Kolada"
    for figures computed from them (`derived`)."""
    if not any(s == KOLADA for s in sources):
        return None
    return DERIVED_CREDIT if derived else SOURCE_CREDIT


def peer_line(rows: Iterable[tuple], unit: str | None) -> str:
    """[(name, value), …] → 'Stockholm 84 %, Göteborg 81 %, Malmö 79 %, Riket 83 %'; a missing
    value reads 'uppgift saknas'. A row may carry a third item, the year of a value older than
    the comparison's: 'Storstäder 39,1 % (värde för 2020)'."""
    parts = []
    for name, v, *rest in rows:
        text = f"{name} {fmt_value(v, unit)}" if v is not None else f"{name} uppgift saknas"
        year = rest[0] if rest else None
        parts.append(f"{text} (värde för {year})" if year is not None and v is not None
                     else text)
    return ", ".join(parts)


def target_notes(targets, org_ids: Iterable[str], stad_id: str | None,
                 kf: bool) -> dict[str, str | None]:
    """{org: note beside its target} for one indicator and year. `targets`: a polars frame of
    that indicator's and year's target rows (org_id, source). An org's own row gives its
    source; an org without one uses KF's target when the indicator is KF's, so it gets the
    city row's source, or "KF:s målvärde" when that row names none."""
    rows = {o: s for o, s in targets.select("org_id", "source").iter_rows()}
    out: dict[str, str | None] = {}
    for org in org_ids:
        if org in rows:
            out[org] = target_note(rows[org], kf_row=kf and org == stad_id)
        elif kf and stad_id in rows:
            out[org] = target_note(rows[stad_id], kf_row=True)
        else:
            out[org] = None
    return out


def revision_text(old: float | None, new: float | None, when: str | None, kind: str) -> str:
    """Kolada's change of a value as the pages and exports say it: 'reviderat av Kolada
    2026-04-02: 84,0 → 83,5'; a row Kolada deleted: 'borttaget av Kolada 2026-04-02 (var
    84,0)'. `when`: ISO date or timestamp."""
    day = (when or "")[:10]

    def num(x):  # one decimal always: "84,0" (a revision is about the decimals)
        if x is None:
            return "uppgift saknas"
        return f"{x:,.1f}".replace(",", "\u00a0").replace(".", ",")
    if kind == "borttaget":
        return f"borttaget av Kolada {day} (var {num(old)})"
    return f"reviderat av Kolada {day}: {num(old)} → {num(new)}"
