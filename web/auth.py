"""Who is asking: the viewer of each request, and the web rules of a signed-in app.

`init_app(server, prefix)` (called by `app.create_app()`) registers on Flask:

- the session: server-side (`web.sessions`): the cookie holds only a random token, `HttpOnly`,
  `SameSite=Lax`, `Secure` and named `__Host-kontrollrum` with `KONTROLLRUM_HTTPS=1`; a
  sign-in lasts at most `SESSION_HOURS` from the moment it was made. Without sign-in
  configured there is no session at all;
- against cross-site requests: every state-changing request (POST, the Dash callback
  endpoint and /logga-ut included) whose `Sec-Fetch-Site` is another site's, or whose
  `Origin` is not the app's own (`KONTROLLRUM_BASE_URL` when set), is refused with 403; one
  that carries the session cookie must say where it comes from (`Origin` or
  `Sec-Fetch-Site`), as every browser does;
- before each request the viewer is set (`queries.scope.set_viewer`) from the session, and
  reset after it: every layout, callback and download reads `scope.access()`. A session made
  by another issuer, or by demo sign-in when demo sign-in is no longer allowed, is the public.
  When the role file has changed since the session's role was derived, the role is derived
  again from the groups the sign-in carried (a removed group loses its role at once).

The sign-in routes are `web.routes` (registered by its own `init_app`).
"""

from __future__ import annotations

import datetime as dt
import logging
from urllib.parse import urlsplit

import flask

from ils import clock
from ils.access import PUBLIC, Viewer, viewer_from_claims
from ils.config import SettingError
from queries import scope
from web.config import OFF, AuthConfig, auth_config, check, role_mapping, role_version
from web.sessions import COOKIE, SECURE_COOKIE, SIGNED_IN, ServerSession, ServerSessions

log = logging.getLogger("kontrollrum")

SESSION_HOURS = SIGNED_IN // 3600
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
OTHER_SITE = ("cross-site", "same-site")  # Sec-Fetch-Site values of a request from elsewhere
CROSS_SITE = "Begäran avvisades: den kom från en annan webbplats än Kontrollrum."
NO_ORIGIN = ("Begäran avvisades: webbläsaren sa inte varifrån den kom (Origin eller "
             "Sec-Fetch-Site saknas). Ladda om sidan och försök igen.")
STATIC = ("_dash-component-suites/", "assets/", "_favicon", "_reload-hash")


def config_or_off() -> AuthConfig:
    """The sign-in settings; a setting broken after the start turns sign-in off (logged)."""
    try:
        return auth_config()
    except SettingError as exc:
        log.error("sign-in is off: %s", exc)
        return OFF


def init_app(server: flask.Flask, prefix: str = "/") -> AuthConfig:
    """Register sessions, the cross-site check and the viewer per request.
    Returns the settings; raises SettingError (Swedish) when they cannot be used."""
    config = check()
    static = tuple(prefix + s for s in STATIC)
    server.session_interface = ServerSessions(
        enabled=lambda: config_or_off().sign_in, https=lambda: config_or_off().https,
        static=static)
    server.config["PERMANENT_SESSION_LIFETIME"] = dt.timedelta(hours=SESSION_HOURS)
    server.config["SESSION_COOKIE_PATH"] = "/"

    @server.before_request
    def _refuse_cross_site():
        if flask.request.method in SAFE_METHODS:
            return None
        config = config_or_off()
        if not same_origin_request(config):
            log.warning("refused a cross-site %s %s", flask.request.method, flask.request.path)
            return flask.Response(CROSS_SITE + "\n", status=403, mimetype="text/plain")
        if unsourced_with_cookie(server):
            log.warning("refused a %s %s with the session cookie but neither Origin nor "
                        "Sec-Fetch-Site", flask.request.method, flask.request.path)
            return flask.Response(NO_ORIGIN + "\n", status=403, mimetype="text/plain")
        return None

    @server.before_request
    def _set_viewer():
        if flask.request.path.startswith(static):
            return
        flask.g.kontrollrum_viewer = scope.set_viewer(session_viewer(config_or_off()))
        if getattr(flask.session, "unreadable", False):
            flask.g.kontrollrum_unreadable = scope.set_session_unreadable()

    @server.teardown_request
    def _reset_viewer(_exc):
        for name, reset in (("kontrollrum_viewer", scope.reset_viewer),
                            ("kontrollrum_unreadable", scope.reset_session_unreadable)):
            token = flask.g.pop(name, None)
            if token is not None:
                try:
                    reset(token)
                except ValueError:  # set in another context: nothing of ours to undo here
                    pass

    return config


def unsourced_with_cookie(server: flask.Flask) -> bool:
    """A request that carries the session cookie but says nothing of where it comes from
    (no `Origin`, no `Sec-Fetch-Site`): no browser sends a POST so; refused."""
    headers = flask.request.headers
    if headers.get("Origin") or headers.get("Sec-Fetch-Site"):
        return False
    return any(name in flask.request.cookies for name in (COOKIE, SECURE_COOKIE))


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
    from queries.db import get_engine
    from queries.read.dataset import load_info

    try:
        return load_info(get_engine()).get("demo") == "1"
    except Exception:  # noqa: BLE001 - database down: no demo sign-in
        log.warning("demo sign-in: database not read", exc_info=True)
        return False


def session_viewer(config: AuthConfig) -> Viewer:
    """The viewer the request's session holds, if that sign-in is still valid; its role is
    derived again when the role file has changed since."""
    if not config.sign_in:
        return PUBLIC
    session = flask.session
    via = session.get("via")
    valid = ((via == "oidc" and config.oidc and session.get("iss") == config.issuer)
             or (via == "demo" and demo_available(config)))
    if not valid:
        return PUBLIC
    try:
        viewer = Viewer.from_dict(session.get("viewer"))
    except TypeError:  # a value of an odd type in the session
        return PUBLIC
    if via == "oidc" and viewer.signed_in:
        viewer = current_role(viewer, config)
    return viewer


def current_role(viewer: Viewer, config: AuthConfig) -> Viewer:
    """`viewer` as the role file reads now: unchanged while the file is the one the role was
    derived with, else derived again from the groups of the sign-in (stored in the session);
    the public when the role file cannot be used (never an old role by mistake)."""
    session = flask.session
    try:
        version = role_version(config)
        if session.get("role_version") == version:
            return viewer
        groups = session.get("groups")
        groups = [g for g in groups if isinstance(g, str)] if isinstance(groups, list) else []
        names = org_names()
        fresh = viewer_from_claims({"sub": viewer.subject, "name": viewer.name,
                                    "groups": groups}, role_mapping(config), known_orgs=names)
    except SettingError as exc:
        log.error("role file not usable, signed-in users read as the public: %s", exc)
        return PUBLIC
    except Exception:  # noqa: BLE001 - database down: the role cannot be checked now
        log.warning("role not derived again: database not read", exc_info=True)
        return PUBLIC
    if fresh.role != viewer.role or fresh.orgs != viewer.orgs:
        log.info("role of %s changed with the role file: %s → %s", viewer.subject[:80],
                 viewer.role, fresh.role)
    session.update({"viewer": fresh.as_dict(), "role_version": version,
                    "org_names": [names[o] for o in fresh.orgs if o in names][:20]})
    return fresh


def org_names() -> dict[str, str]:
    from queries.db import get_engine
    from queries.sessions import org_names as read

    return read(get_engine())


def sign_in_session(viewer: Viewer, via: str, issuer: str, org_names: list[str],
                    email: str | None = None, role_file: str = "") -> None:
    """Start a signed-in session: a new server-side session and a new cookie (whatever the
    browser's session held before is dropped with it), lasting SESSION_HOURS from now."""
    session = flask.session
    session.clear()
    if isinstance(session, ServerSession):
        session.start_new()
    session.update({"viewer": viewer.as_dict(), "via": via, "iss": issuer,
                    "org_names": org_names[:20], "groups": list(viewer.groups)[:200],
                    "email": email, "role_version": role_file,
                    "signed_in_at": clock.now()})


def current_viewer() -> Viewer:
    """The viewer of the current request (the public outside one)."""
    return scope.viewer()


def role_text(viewer: Viewer) -> str:
    """"Skarpnäcks stadsdelsnämnd" for a board's user, else the role ("SLK-controller")."""
    if viewer.of_org and flask.has_request_context():
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
    """The navigation bar's sign-in part for the current request (`components.user_menu`)."""
    from components.user_menu import user_menu as build

    viewer = current_viewer()
    offer = flask.has_request_context() and config_or_off().sign_in
    return build(viewer.name, role_text(viewer) if viewer.signed_in else "", viewer.signed_in,
                 bool(offer))
