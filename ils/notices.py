"""E-mail notices of the reporting round, in plain Swedish with a link (issue 22).

Pure: each function takes what a notice is about and returns `Notice`s (one per recipient
group); `queries.write.notices` finds what is due, who gets it, sends and records. A notice's `key`
names the event, so the same event is never sent twice to the same address. No notice
carries a draft's text: only a goal's name, SLK's question, the board's answer, a reason
given by an admin, counts of the board's own goals, and a link.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass

from ils.reporting_round import days

SIGNATURE = ("\n\n-- \nDetta meddelande skickades av Kontrollrum, stadens uppföljning av "
             "mål och indikatorer. Svara inte på det: använd länken.")


@dataclass(frozen=True)
class Notice:
    key: str  # the event: the same key is sent once to each address
    to: tuple[str, ...]
    subject: str
    body: str


def digest(text: str | None) -> str:
    return hashlib.sha256((text or "").encode("utf-8")).hexdigest()[:12]


def _period(year: int, period: str) -> str:
    return f"{period} {year}"


def question(to, board: str, goal: str, text: str, year: int, period: str, link: str,
             key: str) -> Notice:
    return Notice(f"fraga|{key}|{digest(text)}", tuple(to),
                  f"Fråga från SLK om {goal} ({_period(year, period)})",
                  f"Hej!\n\nSLK har ställt en fråga till {board} om målet {goal} inför "
                  f"målbedömningen {_period(year, period)}:\n\n”{text}”\n\nSvara i "
                  f"Kontrollrum:\n{link}" + SIGNATURE)


def answer(to, board: str, goal: str, text: str, year: int, period: str, link: str,
           key: str, answered_at: str) -> Notice:
    return Notice(f"svar|{key}|{answered_at}", tuple(to),
                  f"{board} har svarat om {goal} ({_period(year, period)})",
                  f"Hej!\n\n{board} har svarat på SLK:s fråga om målet {goal} "
                  f"({_period(year, period)}):\n\n”{text}”\n\nSe svaret och anteckna "
                  f"beslutet i underlaget för målbedömningsmötet:\n{link}" + SIGNATURE)


def returned(to, board: str, reason: str, by: str, year: int, period: str, link: str,
             at: str) -> Notice:
    return Notice(f"aterford|{board}|{year}|{period}|{at}", tuple(to),
                  f"{_period(year, period)} har återförts till utkast för {board}",
                  f"Hej!\n\n{by or 'En administratör'} har återfört {board}s självskattningar "
                  f"för {_period(year, period)} till utkast. Skäl:\n\n”{reason}”\n\nSe över "
                  f"bedömningarna och publicera dem igen:\n{link}" + SIGNATURE)


def reminder(to, board: str, org_id: str, deadline: dt.date, today: dt.date, n_published: int,
             n_goals: int, year: int, period: str, link: str) -> Notice:
    left = (deadline - today).days
    when = "i dag" if left == 0 else f"om {days(left)}"
    return Notice(f"paminnelse|{org_id}|{year}|{period}|{deadline.isoformat()}", tuple(to),
                  f"Påminnelse: sista dag för {_period(year, period)} är "
                  f"{deadline.isoformat()}",
                  f"Hej!\n\nSista dag för {board}s självskattningar för "
                  f"{_period(year, period)} är {deadline.isoformat()} ({when}). "
                  f"{n_published} av {n_goals} mål är publicerade.\n\nBedöm och publicera "
                  f"i Kontrollrum:\n{link}" + SIGNATURE)


def locked(to, year: int, period: str, at: str, by: str, link: str) -> Notice:
    return Notice(f"last|{year}|{period}|{at}", tuple(to),
                  f"{_period(year, period)} är låst",
                  f"Hej!\n\n{_period(year, period)} låstes {at[:10]} av {by}. Periodens ljus "
                  f"och bedömningar visas nu som de var då och kan inte ändras.\n\n"
                  f"Se perioden:\n{link}" + SIGNATURE)


def due_for_reminder(deadline: dt.date | None, today: dt.date, remind_days: int) -> bool:
    """A reminder is due from `remind_days` before the deadline up to the deadline itself."""
    return deadline is not None and 0 <= (deadline - today).days <= remind_days
