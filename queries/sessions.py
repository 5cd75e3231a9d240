"""The server-side sessions and the users table (schema: `web_session`, `users`).

A session row is found by the SHA-256 of the cookie's token (`token_id`): the database never
holds a token that signs anyone in. Expired rows are removed whenever a row is written.
Everything here is plain SQL on one engine; what a session means is `web.sessions`'.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import Engine, delete, insert, select, update

from queries.schema import users, web_session

MIN_PREFIX = 8  # characters of a session's id an admin must give to end it


@dataclass(frozen=True)
class StoredSession:
    id: str
    created_at: float
    expires_at: float
    data: dict


def token_id(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8", "replace")).hexdigest()


def load(engine: Engine, sid: str, now: float) -> StoredSession | None:
    """The live session `sid` (None when there is none, or it has expired)."""
    with engine.connect() as conn:
        row = conn.execute(select(web_session.c.id, web_session.c.created_at,
                                  web_session.c.expires_at, web_session.c.data)
                           .where(web_session.c.id == sid)).first()
    if row is None or row.expires_at <= now:
        return None
    try:
        data = json.loads(row.data)
    except ValueError:
        return None
    return StoredSession(row.id, row.created_at, row.expires_at,
                         data if isinstance(data, dict) else {})


def _columns(data: dict) -> dict:
    viewer = data.get("viewer") if isinstance(data.get("viewer"), dict) else {}
    text = lambda v, n: v[:n] if isinstance(v, str) and v else None  # noqa: E731
    return {"via": text(data.get("via"), 8), "subject": text(viewer.get("subject"), 300),
            "name": text(viewer.get("name"), 300), "role": text(viewer.get("role"), 16),
            "role_version": text(data.get("role_version"), 64),
            "data": json.dumps(data, ensure_ascii=False, separators=(",", ":"))}


def create(engine: Engine, sid: str, data: dict, now: float, expires_at: float,
           replaces: str | None = None) -> None:
    """A new row (and `replaces` removed, in the same transaction); expired rows go too."""
    with engine.begin() as conn:  # write-unit: not data (a sign-in session)
        conn.execute(delete(web_session).where(web_session.c.expires_at <= now))
        if replaces:
            conn.execute(delete(web_session).where(web_session.c.id == replaces))
        conn.execute(insert(web_session).values(id=sid, created_at=now, expires_at=expires_at,
                                                **_columns(data)))


def save(engine: Engine, sid: str, data: dict) -> None:
    """New data for a row; its times never change."""
    with engine.begin() as conn:  # write-unit: not data (a sign-in session)
        conn.execute(update(web_session).where(web_session.c.id == sid)
                     .values(**_columns(data)))


def remove(engine: Engine, sid: str) -> None:
    with engine.begin() as conn:  # write-unit: not data (a sign-in session)
        conn.execute(delete(web_session).where(web_session.c.id == sid))


def active(engine: Engine, now: float) -> list[dict]:
    """The live signed-in sessions, newest first: id (the first 12 characters of the row's id),
    who, role, how, and when they started and end (local time, minutes)."""
    with engine.connect() as conn:
        rows = conn.execute(select(web_session).where(web_session.c.expires_at > now,
                                                      web_session.c.subject.is_not(None))
                            .order_by(web_session.c.created_at.desc())).all()
    return [{"id": r.id[:12], "subject": r.subject, "name": r.name or "", "role": r.role or "",
             "via": r.via or "", "started": _local(r.created_at), "ends": _local(r.expires_at)}
            for r in rows]


def _local(epoch: float) -> str:
    return dt.datetime.fromtimestamp(epoch).strftime("%Y-%m-%d %H:%M")


def end(engine: Engine, prefix: str | None) -> int:
    """End the signed-in sessions whose id starts with `prefix` (all of them for None);
    returns how many. A prefix shorter than MIN_PREFIX, or naming several, ends nothing
    (ValueError, Swedish)."""
    with engine.begin() as conn:  # write-unit: not data (a sign-in session)
        query = delete(web_session).where(web_session.c.subject.is_not(None))
        if prefix is None:
            return conn.execute(query).rowcount or 0
        prefix = prefix.strip().lower()
        if len(prefix) < MIN_PREFIX or not all(c in "0123456789abcdef" for c in prefix):
            raise ValueError(f"ange minst {MIN_PREFIX} tecken av sessionens id (0–9, a–f)")
        hits = conn.execute(select(web_session.c.id).where(
            web_session.c.id.startswith(prefix), web_session.c.subject.is_not(None))).all()
        if len(hits) > 1:
            raise ValueError(f"{prefix} passar {len(hits)} sessioner: ange fler tecken")
        if not hits:
            return 0
        return conn.execute(query.where(web_session.c.id == hits[0].id)).rowcount or 0


def record_user(engine: Engine, subject: str, name: str, email: str | None, roles: list[str],
                when: str) -> None:
    """Insert or update the user `subject` (name, e-mail, roles, last sign-in)."""
    values = {"name": name[:300] or None, "email": (email or "")[:300] or None,
              "roles": ",".join(roles) or None, "last_sign_in": when}
    with engine.begin() as conn:  # write-unit: not data (a sign-in session)
        done = conn.execute(update(users).where(users.c.subject == subject[:300])
                            .values(**values)).rowcount
        if not done:
            conn.execute(insert(users).values(subject=subject[:300], **values))


def org_names(engine: Engine) -> dict[str, str]:
    """id → name of every organisation (a sign-in keeps the names of the user's boards)."""
    from queries.schema import organisation

    with engine.connect() as conn:
        return dict(conn.execute(select(organisation.c.id, organisation.c.name)).all())
