"""The web server's own rules, on the Flask app under Dash (registered by `init_app(app)`, from `app.create_app()`).

- Every response: a Content-Security-Policy Dash works with (its inline scripts by hash),
  no framing, `nosniff`, `Referrer-Policy: same-origin`; HSTS with `KONTROLLRUM_HTTPS=1`.
  (Sessions, the cross-site check and sign-in: `web.auth`, `web.sessions`, `web.routes`.)
- Request bodies over 1 MB are refused (413); a callback request must have the shape Dash's
  renderer sends, for a callback this app has (`web.body_check.check_body`), else 400.
- Every response to a signed-in user (pages, `/_dash-layout`, callback answers, downloads:
  they may carry drafts), and every response that sets or clears the session cookie:
  `Cache-Control: no-store`, so no browser or proxy cache keeps them.
- A callback that fails anyway answers "no update" (204), logged, never a 500.
- Addresses: a path no page has, or a page address whose id is not in the database, answers
  404 (the browser still shows the Swedish "hittades inte" page); a bad path under
  `/_dash-component-suites/` answers 404.
- `/halsa` for load balancers: 200 when the database answers, else 503 with a Swedish message.
"""

from __future__ import annotations

import logging

import dash
import flask
from dash import html
from dash._pages import _path_to_page  # the same path → page rule Dash Pages uses
from dash.exceptions import DependencyException
from sqlalchemy import select, text
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from components import page
from components.outage import TITLE as OUTAGE_TITLE
from queries import scope
from queries.db import get_engine
from queries.outage import database_unreachable
from queries.schema import goal, indicator, organisation
from web.auth import config_or_off
from web.body_check import check_body

log = logging.getLogger("kontrollrum")

MAX_BODY = 1_000_000  # bytes; Dash's callback bodies are a few kB
NOT_FOUND_PAGE = "/404"
# A page address's variable → the table its value must be an id of (a cheap lookup).
ID_TABLES = {"org_id": organisation, "goal_id": goal, "indicator_id": indicator}
DB_DOWN = f"{OUTAGE_TITLE}. Försök igen om en stund."


def content_security_policy(app: dash.Dash) -> str:
    scripts = " ".join(["'self'", *app.csp_hashes()])
    config = config_or_off()
    forms = " ".join(["'self'", *([config.issuer_origin] if config.oidc and config.provider_logout
                                  else [])])  # "Logga ut" goes on to the provider
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self' 'unsafe-inline'",  # React style attributes and plotly's own styles
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        f"form-action {forms}",
        "frame-ancestors 'none'",
    ])


def init_app(app: dash.Dash) -> None:
    """Register the hooks above on `app.server`."""
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_BODY
    prefix = app.config.routes_pathname_prefix
    callback_path = prefix + "_dash-update-component"

    @server.before_request
    def _check_later_ids():
        """Once, after Dash has built the layout it checks callbacks against (its own first
        request hook, registered before this one): add the components callbacks draw later."""
        if not app.validation_layout or getattr(app, "_kr_later_added", False):
            return
        app._kr_later_added = True
        app.validation_layout = html.Div([app.validation_layout, *page.FILLED_LATER])

    @server.before_request
    def _check_callback():
        if flask.request.path == callback_path and flask.request.method == "POST":
            problem = check_body(flask.request.get_json(silent=True), app.callback_map)
            if problem:
                return _plain(400, f"Ogiltig begäran: {problem}")
        return None

    @server.after_request
    def _finish(response: flask.Response) -> flask.Response:
        response.headers["Content-Security-Policy"] = content_security_policy(app)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers.pop("Server", None)
        if config_or_off().https:
            response.headers["Strict-Transport-Security"] = "max-age=31536000"
        if scope.viewer().signed_in or "Set-Cookie" in response.headers:
            response.headers["Cache-Control"] = "no-store"
            response.headers.pop("Expires", None)
            response.headers.pop("ETag", None)
        if (response.status_code == 200 and flask.request.method in ("GET", "HEAD")
                and response.mimetype == "text/html" and not _is_dash_route(prefix)
                and flask.request.blueprint != "auth"):  # the sign-in pages are no Dash page
            path = flask.request.path[len(prefix) - 1:] if prefix != "/" else flask.request.path
            if not known_address(path):
                response.status_code = 404
        return response

    @server.errorhandler(DependencyException)
    def _no_such_asset(_exc):
        return _plain(404, "Filen finns inte.")

    @server.errorhandler(RequestEntityTooLarge)
    def _too_large(_exc):
        return _plain(413, "Begäran är för stor.")

    @server.errorhandler(Exception)
    def _failed(exc: Exception):
        if isinstance(exc, HTTPException):
            return exc
        # still seen by whoever listens for crashes (the tests, error trackers)
        flask.got_request_exception.send(server, _async_wrapper=server.ensure_sync,
                                         exception=exc)
        log.exception("request %s %s failed", flask.request.method, flask.request.path)
        if flask.request.path == callback_path:
            return flask.Response(status=204)  # Dash's "no update"
        return _plain(500, "Något gick fel. Felet har loggats.")

    server.add_url_rule(prefix + "halsa", "halsa", health)


def _plain(status: int, message: str) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def _is_dash_route(prefix: str) -> bool:
    return flask.request.path.startswith((prefix + "_dash-", prefix + "_reload-hash",
                                          prefix + "assets/", prefix + "_favicon"))


def known_address(path: str) -> bool:
    """Does `path` name a page (and, for a page of one item, an item that exists)?"""
    page, variables = _path_to_page(path.strip("/"))
    if not page or page.get("path") == NOT_FOUND_PAGE or page.get("module", "").endswith(
            "not_found_404"):
        return False
    for name, value in (variables or {}).items():
        table = ID_TABLES.get(name)
        if table is not None and not _exists(table, value):
            return False
    return True


def _exists(table, value: str) -> bool:
    if (not value or "/" in value or len(value) > table.c.id.type.length
            or not value.isprintable()):  # NUL, control characters, lone surrogates: no id
        return False
    try:
        with get_engine().connect() as conn:
            return conn.execute(select(table.c.id).where(table.c.id == value)
                                .limit(1)).first() is not None
    except Exception as exc:  # noqa: BLE001
        if not database_unreachable(exc):  # the database refused the id itself: no such item
            return False
        log.warning("could not check whether %s %r exists", table.name, value)
        return True  # database down: the page itself says so


def health() -> flask.Response:
    """200 {"status": "ok"} when the database answers a query, else 503 and why, in Swedish."""
    try:
        with get_engine().connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:  # noqa: BLE001 - any failure means: not healthy
        log.warning("health check: database not reachable", exc_info=True)
        return flask.jsonify(status="fel", meddelande=DB_DOWN), 503
    return flask.jsonify(status="ok")
