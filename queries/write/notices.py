"""`kontrollrum paminn`: find the notices that are due, send each once, record it.

Due: SLK's questions without an answer (to the board), answers (to SLK), returns to draft
(to the board), reminders `remind_days` before a deadline for boards that have not published
(to the board), locks (to the boards' users and SLK). Events older than `RECENT_DAYS` are not
sent (a first run on an old database does not flood anyone). Each (event, address) is
recorded in `notices_sent` after the server took it: run twice, nothing is sent twice.

Recipients: the users who signed in with the role (`recipients_from_users`, reading the
`users` table the sign-in writes: subject, name, email, roles, last_sign_in — the one place
to repoint if that table changes) and a board's own address from the role file.
"""

from __future__ import annotations

import datetime as dt
import os
import smtplib
import ssl
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import polars as pl
from sqlalchemy import Engine, column, insert, select, table
from sqlalchemy.exc import DBAPIError

from ils import notices as nt
from ils.access import ROLES, gets_notice, is_org_role, parse_board_addresses, roles_of_user
from ils.clock import now
from ils.config import MailConfig
from queries.db import fetch
from queries.read import schedules
from queries.schema import (
    agenda_note,
    assessment_history,
    goal,
    notices_sent,
    organisation,
    period_lock,
)

RECENT_DAYS = 14
USERS = table("users", column("subject"), column("name"), column("email"), column("roles"),
              column("last_sign_in"))


def recipients_from_users(engine: Engine) -> list[tuple[str, tuple]]:
    """(email, roles) of every user who signed in with an address; none without the table."""
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(USERS.c.email, USERS.c.roles)).all()
    except DBAPIError:
        return []
    return [(e.strip(), roles_of_user(r)) for e, r in rows if isinstance(e, str) and "@" in e]


def board_addresses(env=os.environ) -> dict[str, str]:
    path = env.get("KONTROLLRUM_ROLES", "").strip()
    if not path or not Path(path).is_file():
        return {}
    return parse_board_addresses(Path(path).read_text(encoding="utf-8"))


class Recipients:
    """Who gets a notice of a kind (`ils.notices`): the signed-in users whose role gets that
    kind (`ils.access.ROLES`), for a board's notice only its own users, and a board's own
    address from the role file for the kinds a board's users get."""

    def __init__(self, users: list[tuple[str, tuple]], addresses: dict[str, str]):
        self.users, self.addresses = users, addresses

    def board(self, kind: str, org_id: str) -> list[str]:
        """A board's notice of `kind`: its own users' addresses and the board's own."""
        got = [e for e, roles in self.users
               if any(o == org_id and is_org_role(r) and gets_notice(r, kind) for r, o in roles)]
        if org_id in self.addresses:
            got.append(self.addresses[org_id])
        return sorted(set(got))

    def everyone(self, kind: str) -> list[str]:
        """A city-wide notice of `kind`: every user whose role gets it, and for the kinds a
        board's users get, the boards' own addresses."""
        boards = any(r.of_org and kind in r.notices for r in ROLES.values())
        return sorted({e for e, roles in self.users if any(gets_notice(r, kind) for r, _ in roles)}
                      | (set(self.addresses.values()) if boards else set()))


def _recent(stamp: str | None, today: dt.date) -> bool:
    try:
        return stamp is not None and (today - dt.date.fromisoformat(stamp[:10])).days <= RECENT_DAYS
    except ValueError:
        return False


def due(engine: Engine, cfg: MailConfig, today: dt.date, who: Recipients) -> list[nt.Notice]:
    """Every notice that is due today (some may have been sent already)."""
    names = dict(fetch(engine, select(organisation.c.id, organisation.c.name)).iter_rows())
    goals = {r[0]: " ".join(x for x in r[1:] if x) for r in
             fetch(engine, select(goal.c.id, goal.c.code, goal.c.title)).iter_rows()}
    base = cfg.base_url
    out: list[nt.Notice] = []
    n = agenda_note.c
    notes = fetch(engine, select(agenda_note).where(n.question.is_not(None)))
    for r in notes.iter_rows(named=True):
        key = "|".join(str(r[k]) for k in ("year", "period", "kind", "goal_id", "org_id",
                                             "indicator_id"))
        q = f"?ar={r['year']}&period={r['period']}"
        board, g = names.get(r["org_id"], r["org_id"]), goals.get(r["goal_id"], r["goal_id"])
        if r["answer"] is None and _recent(r["updated_at"], today):
            out.append(nt.question(who.board("fraga", r["org_id"]), board, g, r["question"],
                                   r["year"], r["period"],
                                   f"{base}/namnd/{r['org_id']}{q}#namnd-questions", key))
        elif r["answer"] is not None and _recent(r["answered_at"], today):
            out.append(nt.answer(who.everyone("svar"), board, g, r["answer"], r["year"],
                                 r["period"], f"{base}/mote{q}&namnd={r['org_id']}", key,
                                 r["answered_at"]))
    h = assessment_history.c
    back = fetch(engine, select(h.org_id, h.year, h.period, h.changed_at, h.changed_by,
                                h.reason).where(h.action == "återförd till utkast").distinct())
    for r in back.unique(["org_id", "year", "period", "changed_at"]).iter_rows(named=True):
        if _recent(r["changed_at"], today):
            out.append(nt.returned(who.board("aterford", r["org_id"]),
                                   names.get(r["org_id"], r["org_id"]), r["reason"] or "", r["changed_by"], r["year"], r["period"],
                                   f"{base}/namnd/{r['org_id']}?ar={r['year']}&period="
                                   f"{r['period']}", r["changed_at"]))
    sched = schedules.read_schedule(engine)
    for year, period in sched.select("year", "period").unique().sort("year", "period").rows():
        status = schedules.round_status(engine, year, period, today)
        for r in status.iter_rows(named=True):
            if r["status"] != "publicerad" and nt.due_for_reminder(r["deadline"], today,
                                                                   cfg.remind_days):
                out.append(nt.reminder(who.board("paminnelse", r["org_id"]),
                                       names.get(r["org_id"], r["org_id"]), r["org_id"], r["deadline"], today, r["n_published"],
                                       r["n_goals"], year, period,
                                       f"{base}/namnd/{r['org_id']}?ar={year}&period={period}"))
    for r in fetch(engine, select(period_lock.c.year, period_lock.c.period,
                                  period_lock.c.locked_at, period_lock.c.locked_by)).iter_rows():
        if _recent(r[2], today):
            out.append(nt.locked(who.everyone("last"), r[0], r[1], r[2], r[3],
                                 f"{base}/?ar={r[0]}&period={r[1]}"))
    return [x for x in out if x.to]


def already_sent(engine: Engine) -> set[tuple[str, str]]:
    return set(fetch(engine, select(notices_sent.c.key, notices_sent.c.recipient)).iter_rows())


def smtp_sender(cfg: MailConfig) -> Callable[[EmailMessage], None]:
    """A function that sends one message through the configured server (a new connection
    per run: `send_due` opens it once)."""
    def connect() -> smtplib.SMTP:
        if cfg.tls == "ssl":
            server = smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=30,
                                      context=ssl.create_default_context())
        else:
            server = smtplib.SMTP(cfg.host, cfg.port, timeout=30)
            if cfg.tls == "starttls":
                server.starttls(context=ssl.create_default_context())
        if cfg.user:
            server.login(cfg.user, cfg.password)
        return server

    state: dict = {}

    def send(msg: EmailMessage) -> None:
        if "server" not in state:
            state["server"] = connect()
        state["server"].send_message(msg)

    send.close = lambda: state.pop("server").quit() if "server" in state else None  # type: ignore[attr-defined]
    return send


def send_due(engine: Engine, cfg: MailConfig, today: dt.date,
             send: Callable[[EmailMessage], None] | None = None,
             who: Recipients | None = None) -> tuple[int, int]:
    """Send every due notice not yet sent to each address; returns (sent, skipped)."""
    who = who or Recipients(recipients_from_users(engine), board_addresses())
    send = send or smtp_sender(cfg)
    done = already_sent(engine)
    sent = skipped = 0
    try:
        for notice in due(engine, cfg, today, who):
            for address in notice.to:
                if (notice.key, address) in done:
                    skipped += 1
                    continue
                msg = EmailMessage()
                msg["From"], msg["To"], msg["Subject"] = cfg.sender, address, notice.subject
                msg.set_content(notice.body)
                send(msg)
                with engine.begin() as conn:  # write-unit: not data (e-mail sent)
                    conn.execute(insert(notices_sent).values(
                        key=notice.key[:400], recipient=address, sent_at=now(),
                        subject=notice.subject))
                done.add((notice.key, address))
                sent += 1
    finally:
        close = getattr(send, "close", None)
        if close:
            close()
    return sent, skipped


def sent_log(engine: Engine) -> pl.DataFrame:
    return fetch(engine, select(notices_sent).order_by(notices_sent.c.sent_at))
