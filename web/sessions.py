"""Server-side sessions: the cookie carries only a random token; the session lives in the
database (`queries.sessions`, table `web_session`).

- A sign-in (`start_new()`, called by `web.auth.sign_in_session`) always makes a new row and a
  new token (the token of any earlier session of the browser is dropped with its row), valid
  for `SIGNED_IN` from that moment. Nothing extends it: the cookie's expiry and the row's are
  set once, at creation, and later writes change only the row's data.
- A sign-in under way (authlib's state, the page to return to) gets a row valid `PENDING`.
- *Logga ut* (`flask.session.clear()`) deletes the row: a copy of the cookie is worth nothing
  afterwards. An admin ends sessions the same way (`kontrollrum sessions --end`, /admin).
- Static files never read the database; a database that does not answer is a session of
  nobody (the public), logged.
"""

from __future__ import annotations

import datetime as dt
import logging
import secrets

import flask
from flask.sessions import SessionInterface, SessionMixin
from werkzeug.datastructures import CallbackDict

from ils import clock

log = logging.getLogger("kontrollrum")

SIGNED_IN = 12 * 3600  # seconds: a sign-in lasts at most this long from the moment it was made
PENDING = 3600  # seconds: a sign-in under way (authlib keeps its state an hour too)
COOKIE, SECURE_COOKIE = "kontrollrum", "__Host-kontrollrum"
MAX_TOKEN = 100


class ServerSession(CallbackDict, SessionMixin):
    """The session's data; `sid` is the row's id (None: not stored yet)."""

    def __init__(self, data: dict | None = None, sid: str | None = None,
                 expires_at: float | None = None):
        def changed(_self):
            self.modified = True

        super().__init__(data or {}, changed)
        self.sid = sid
        self.expires_at = expires_at
        self.renew = False  # a new row and token on saving (a sign-in)
        self.unreadable = False  # a token came, but the database could not be asked about it
        self.modified = False

    def start_new(self) -> None:
        """Make the next save a new row with a new token, valid `SIGNED_IN` from now."""
        self.renew = True
        self.modified = True


class ServerSessions(SessionInterface):
    """Flask's session interface over the database; `enabled()` and `https()` are read on each
    request (the settings are), `static` are path prefixes that never need a session."""

    def __init__(self, enabled, https, static: tuple[str, ...] = ()):
        self.enabled, self.https, self.static = enabled, https, static

    def get_cookie_name(self, app: flask.Flask) -> str:
        return SECURE_COOKIE if self.https() else COOKIE

    def open_session(self, app: flask.Flask, request: flask.Request) -> ServerSession | None:
        if not self.enabled():
            return None  # Flask's null session: nobody can sign in
        if request.path.startswith(self.static):
            return ServerSession()
        token = request.cookies.get(self.get_cookie_name(app), "")
        if not token or len(token) > MAX_TOKEN:
            return ServerSession()
        from queries import sessions
        from queries.db import get_engine

        sid = sessions.token_id(token)
        try:
            stored = sessions.load(get_engine(), sid, clock.epoch())
        except Exception:  # noqa: BLE001 - database down: nobody is signed in this request
            log.warning("session not read: database not reachable", exc_info=True)
            lost = ServerSession()
            lost.unreadable = True
            return lost
        if stored is None:
            return ServerSession()  # unknown, ended or expired: the cookie is worth nothing
        return ServerSession(stored.data, sid=stored.id, expires_at=stored.expires_at)

    def save_session(self, app: flask.Flask, session: ServerSession,
                     response: flask.Response) -> None:
        if not isinstance(session, ServerSession) or not session.modified or session.unreadable:
            return
        try:
            self._save(app, session, response)
        except Exception:  # noqa: BLE001 - database down or locked: the change is not kept
            log.warning("session not saved: database not reachable", exc_info=True)

    def _save(self, app: flask.Flask, session: ServerSession, response: flask.Response) -> None:
        from queries import sessions
        from queries.db import get_engine

        name = self.get_cookie_name(app)
        engine = get_engine()
        if not session:  # cleared: signed out (or a sign-in abandoned)
            if session.sid:
                sessions.remove(engine, session.sid)
                response.delete_cookie(name, path="/", secure=self.https(), httponly=True,
                                       samesite="Lax")
            return
        if session.sid and not session.renew:
            sessions.save(engine, session.sid, dict(session))
            return
        token = secrets.token_urlsafe(32)
        start = clock.epoch()
        expires_at = start + (SIGNED_IN if session.get("via") else PENDING)
        sessions.create(engine, sessions.token_id(token), dict(session), start, expires_at,
                        replaces=session.sid)
        response.set_cookie(name, token, expires=dt.datetime.fromtimestamp(expires_at, dt.UTC),
                            path="/", secure=self.https(), httponly=True, samesite="Lax")
        response.vary.add("Cookie")
