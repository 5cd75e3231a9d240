""""Att göra": what waits for a user in the period of the round (DOMAIN.md §3.10), as items
that each link to where the work is done. Pure: rows in, items out; no Dash, no SQL.

A board user: goals still to assess or publish (with the deadline), SLK's questions to
answer, a period returned to draft, and drafts left unpublished in other open periods. SLK and admins: answers received, late boards, agenda
items without a note. No item carries draft text: only what a goal or a question is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ils.periods import key as period_key
from ils.periods import text as period_text
from ils.reporting_round import days

MAX_QUOTE = 140


@dataclass(frozen=True)
class Item:
    kind: str  # bedom, publicera, fraga, aterford, annan_period, svar, sen, anteckning
    text: str
    href: str
    urgent: bool = False  # past the deadline (shown in red, and said in words)


def quote(text: str | None) -> str:
    t = " ".join((text or "").split())
    return f"”{t[:MAX_QUOTE - 1]}…”" if len(t) > MAX_QUOTE else f"”{t}”"


def due_phrase(deadline: dt.date | None, today: dt.date) -> tuple[str, bool]:
    """(" – sista dag 2023-01-31" / " – sen, 9 dagar (sista dag …)", late?)."""
    if deadline is None:
        return "", False
    if today > deadline:
        return f" – sen, {days((today - deadline).days)} (sista dag {deadline.isoformat()})", True
    return f" – sista dag {deadline.isoformat()}", False


def goal_name(g: dict) -> str:
    return " ".join(x for x in (g.get("code"), g.get("title")) if x)


def board_items(org_id: str, query: str, goals: list[dict], questions: list[dict],
                returned: list[dict], deadline: dt.date | None, today: dt.date) -> list[Item]:
    """`goals`: the board's goals to assess (goal_id, code, title, status: None = not
    assessed, utkast, publicerad); `questions`: SLK's questions without an answer (goal_id,
    code, title, question); `returned`: returns to draft (changed_at, changed_by, reason)."""
    base = f"/namnd/{org_id}{query}"
    due, late = due_phrase(deadline, today)
    out = [Item("aterford", f"Perioden återfördes till utkast {r['changed_at'][:10]} av "
                f"{r['changed_by'] or 'en administratör'}: {quote(r['reason'])}. Se över och "
                "publicera igen.", f"{base}#kr-assess", True) for r in returned]
    for g in goals:
        if g.get("status") == "publicerad":
            continue
        if g.get("status") is None:
            out.append(Item("bedom", f"Bedöm och publicera {goal_name(g)}{due}",
                            f"{base}#mal-{g['goal_id']}", late))
        else:
            out.append(Item("publicera", f"Publicera utkastet för {goal_name(g)}{due}",
                            f"{base}#mal-{g['goal_id']}", late))
    out += [Item("fraga", f"Svara på SLK:s fråga om {goal_name(q)}: {quote(q['question'])}",
                 f"{base}#namnd-questions") for q in questions]
    return out


def elsewhere_items(org_id: str, drafts: list[tuple[int, str, int, dt.date | None]],
                    today: dt.date) -> list[Item]:
    """Drafts the board left unpublished in other open (unlocked) periods than the one shown:
    `drafts` as (year, period, goals, deadline), one item per period, latest first."""
    out = []
    for year, period, n, deadline in sorted(drafts, key=lambda d: period_key(d[0], d[1]),
                                             reverse=True):
        due, late = due_phrase(deadline, today)
        goals = "1 mål" if n == 1 else f"{n} mål"
        out.append(Item("annan_period", f"{goals} har utkast som inte är publicerade i "
                        f"{period_text(year, period)}{due}",
                        f"/namnd/{org_id}?ar={year}&period={period}#kr-assess", late))
    return out


def round_items(query: str, status: list[dict], names: dict[str, str], answers: list[dict],
                unnoted: dict[str, int]) -> list[Item]:
    """For SLK: `status` rows (org_id, late, days_late, status), `answers` received on open
    items (org_id, code, title, answer), `unnoted`: agenda items without a note per board."""
    amp = query + ("&" if query else "?")
    out = [Item("svar", f"{names.get(a['org_id'], a['org_id'])} har svarat om "
                f"{goal_name(a)}: {quote(a['answer'])}", f"/mote{amp}namnd={a['org_id']}")
           for a in answers]
    out += [Item("sen", f"{names.get(r['org_id'], r['org_id'])} är sen med rapporteringen: "
                 f"{days(r['days_late'])} efter sista dagen ({_status_word(r['status'])})",
                 f"/namnd/{r['org_id']}{query}", True)
            for r in status if r.get("late") == "ja"]
    out += [Item("anteckning", f"{n} {'punkt' if n == 1 else 'punkter'} utan anteckning: "
                 f"{names.get(org, org)}", f"/mote{amp}namnd={org}")
            for org, n in sorted(unnoted.items(), key=lambda x: names.get(x[0], x[0])) if n]
    return out


def _status_word(status: str) -> str:
    return {"utkast": "utkast", "ej_paborjad": "ej påbörjad"}.get(status, status)
