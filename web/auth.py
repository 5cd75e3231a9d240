"""Who is asking: the viewer of each request, and the web rules of a signed-in app.

`init_auth(server)` (called by `create_app()`, before `web.server.harden`) registers on Flask:

- the session: a signed cookie (key `KONTROLLRUM_SECRET_KEY`), `HttpOnly`, `SameSite=Lax`,
  `Secure` and named `__Host-kontrollrum` with `KONTROLLRUM_HTTPS=1`; a sign-in lasts at most
  `SESSION_HOURS`. Without sign-in configured there is no session at all;
- against cross-site requests: every state-changing request (POST, the Dash callback
  endpoint and /logga-ut included) whose `Sec-Fetch-Site` is another site's, or whose
  `Origin` is not the app's own (`KONTROLLRUM_BASE_URL` when set), is refused with 403;
- before each request the viewer is set (`queries.scope.set_viewer`) from the session, and
  reset after it: every layout, callback and download reads `scope.access()`. A session made
  by another issuer, or by demo sign-in when demo sign-in is no longer allowed, is the public;
- the sign-in routes (`web.routes`).
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

import flask
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer

from web.config import OFF, AuthConfig, auth_config
from ils.access import NAMND, PUBLIC, Viewer
from ils.config import SettingError
from queries import scope

log = logging.getLogger("kontrollrum")

SESSION_HOURS = 12
COOKIE, SECURE_COOKIE = "kontrollrum", "__Host-kontrollrum"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
OTHER_SITE = ("cross-site", "same-site")  # Sec-Fetch-Site values of a request from elsewhere
CROSS_SITE = "Begäran avvisades: den kom från en annan webbplats än Kontrollrum."
STATIC = ("_dash-component-suites/", "assets/", "_favicon", "_reload-hash")


def config_or_off() -> AuthConfig:
    """The sign-in settings; a setting broken after the start turns sign-in off (logged)."""
    try:
        return auth_config()
    except SettingError as exc:
        log.error("sign-in is off: %s", exc)
        return OFF


class Sessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the key and flags read from the settings."""

    def get_signing_serializer(self, app: flask.Flask) -> URLSafeTimedSerializer | None:
        config = config_or_off()
        if not config.sign_in or not config.secret_key:
            return None  # no session: nobody can sign in
        return URLSafeTimedSerializer(config.secret_key, salt=self.salt,
                                      serializer=self.serializer,
                                      signer_kwargs={"key_derivation": self.key_derivation,
                                                     "digest_method": self.digest_method})

    def get_cookie_name(self, app: flask.Flask) -> str:
        return SECURE_COOKIE if config_or_off().https else COOKIE

    def get_cookie_secure(self, app: flask.Flask) -> bool:
        return config_or_off().https

    def get_cookie_samesite(self, app: flask.Flask) -> str:
        return "Lax"

    def get_cookie_httponly(self, app: flask.Flask) -> bool:
        return True

    def get_cookie_domain(self, app: flask.Flask) -> None:
        return None  # this host only (and required by the __Host- prefix)


def init_auth(server: flask.Flask, prefix: str = "/") -> AuthConfig:
    """Register sessions, the cross-site check, the viewer per request and the routes.
    Returns the settings; raises SettingError (Swedish) when they cannot be used."""
    from web.config import check
    from web.routes import blueprint

    config = check()
    server.session_interface = Sessions()
    server.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=SESSION_HOURS)
    server.config["SESSION_COOKIE_PATH"] = "/"
    static = tuple(prefix + s for s in STATIC)

    @server.before_request
    def _refuse_cross_site():
        if flask.request.method in SAFE_METHODS:
            return None
        if not same_origin_request(config_or_off()):
            log.warning("refused a cross-site %s %s", flask.request.method, flask.request.path)
            return flask.Response(CROSS_SITE + "\n", status=403, mimetype="text/plain")
        return None

    @server.before_request
    def _set_viewer():
        if flask.request.path.startswith(static):
            return
        flask.g.kontrollrum_viewer = scope.set_viewer(session_viewer(config_or_off()))

    @server.teardown_request
    def _reset_viewer(_exc):
        token = flask.g.pop("kontrollrum_viewer", None)
        if token is not None:
            try:
                scope.reset_viewer(token)
            except ValueError:  # set in another context: nothing of ours to undo here
                pass

    server.register_blueprint(blueprint, url_prefix=prefix.rstrip("/") or None)
    return config


def own_origins(config: AuthConfig) -> set[str]:
    """The origins the app's own pages post from."""
    if config.base_url:
        parts = urlsplit(config.base_url)
        return {f"{parts.scheme}://{parts.netloc}"}
    host = flask.request.host
    out = {f"{flask.request.scheme}://{host}"}
    if config.https:  # behind a proxy that ends TLS, Flask sees http
        out.add(f"https://{host}")
    return out


def same_origin_request(config: AuthConfig) -> bool:
    """False for a request a browser sent from another site (Sec-Fetch-Site or Origin)."""
    if flask.request.headers.get("Sec-Fetch-Site", "").lower() in OTHER_SITE:
        return False
    origin = flask.request.headers.get("Origin")
    return origin is None or origin.rstrip("/") in own_origins(config)


def demo_available(config: AuthConfig) -> bool:
    """Demo sign-in: only with KONTROLLRUM_DEMO_LOGIN=1 and demo data in the database."""
    if not config.demo_login:
        return False
    from queries.dataset import load_info
    from queries.db import get_engine

    try:
        return load_info(get_engine()).get("demo") == "1"
    except Exception:  # noqa: BLE001 - database down: no demo sign-in
        log.warning("demo sign-in: database not read", exc_info=True)
        return False


def session_viewer(config: AuthConfig) -> Viewer:
    """The viewer the request's session holds, if that sign-in is still valid."""
    if not config.sign_in:
        return PUBLIC
    session = flask.session
    via = session.get("via")
    valid = ((via == "oidc" and config.oidc and session.get("iss") == config.issuer)
             or (via == "demo" and demo_available(config)))
    try:
        return Viewer.from_dict(session.get("viewer")) if valid else PUBLIC
    except TypeError:  # a value of an odd type in the session (it is signed, but still)
        return PUBLIC


def sign_in_session(viewer: Viewer, via: str, issuer: str, org_names: list[str]) -> None:
    """Start a signed-in session (whatever the session held before is dropped)."""
    session = flask.session
    session.clear()
    session.update({"viewer": viewer.as_dict(), "via": via, "iss": issuer,
                    "org_names": org_names[:20]})


def current_viewer() -> Viewer:
    """The viewer of the current request (the public outside one)."""
    return scope.viewer()


def role_text(viewer: Viewer) -> str:
    """"Skarpnäcks stadsdelsnämnd" for a board's user, else the role ("SLK-controller")."""
    if viewer.role == NAMND and flask.has_request_context():
        names = flask.session.get("org_names")
        if isinstance(names, list) and names and all(isinstance(n, str) for n in names):
            return ", ".join(names)
    return viewer.label()


def sign_in_status_text() -> str:
    """One Swedish sentence for /om: how (and whether) people sign in here."""
    try:
        config = auth_config()
    except SettingError:
        return "Inloggningen är felaktigt inställd: alla ser publicerade uppgifter."
    parts = []
    if config.oidc:
        parts.append(f"Inloggning via {config.issuer_host}. Den som inte är inloggad ser "
                     "publicerade uppgifter.")
    if config.demo_login:
        parts.append("Demo-inloggning är på (fiktiva användare).")
    return " ".join(parts) or "Inloggning är inte konfigurerad: alla ser publicerade uppgifter."


def user_menu():
    """The navigation bar's sign-in part: "Logga in", or the user's name and role and a
    "Logga ut" button (a form POST). Built with the layout, from the request: no I/O."""
    from dash import get_relative_path, html

    viewer = current_viewer()
    if viewer.signed_in:
        return html.Div([
            html.Div([html.Div(viewer.name or "Inloggad", className="fw-semibold"),
                      html.Span(", ", className="visually-hidden"),
                      html.Div(role_text(viewer), id="shell-user-role")],
                     id="shell-user", className="text-white small lh-sm"),
            html.Form(html.Button("Logga ut", type="submit", id="shell-signout",
                                  className="btn btn-outline-light btn-sm text-nowrap"),
                      method="POST", action=get_relative_path("/logga-ut"), className="m-0"),
        ], className="d-flex align-items-center gap-2 ms-xl-3 mt-2 mt-xl-0")
    if flask.has_request_context() and config_or_off().sign_in:
        return html.A("Logga in", href=get_relative_path("/logga-in"), id="shell-signin",
                      className="btn btn-outline-light btn-sm text-nowrap ms-xl-2 mt-2 mt-xl-0")
    return None
