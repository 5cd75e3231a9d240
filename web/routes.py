"""The sign-in routes (Flask, under Dash): every failure is a small Swedish page, never a
traceback, and nothing secret is shown or logged.

- `GET /logga-in[?next=/sida]`: to the provider (authlib's Flask client, with PKCE and a
  nonce); with demo sign-in on and demo data in the database, first the demo page. `next`
  (else the page the user came from) must be a path of this app: no open redirect.
- `GET /auth/callback`: the code exchanged, the id token checked, its claims (`groups` or
  `roles`) mapped by the role file to a viewer, kept in the session.
- `POST /logga-in/demo`: sign in as one of the fictitious demo users.
- `POST /logga-ut`: sign out: the session is deleted on the server (with
  `KONTROLLRUM_OIDC_LOGOUT=1`, on to the provider too); `GET /logga-ut` shows the button (a
  link cannot sign out).

A sign-in under way keeps authlib's state in the server-side session, at most `MAX_PENDING`
of them (the newest): abandoned sign-ins never fill anything up or block the next one.
`init_app(server, prefix)` registers the routes and the app's one authlib `OAuth`.
"""

from __future__ import annotations

import logging
from html import escape
from urllib.parse import urlencode, urlsplit

import flask
from authlib.integrations.flask_client import OAuth, OAuthError
from requests import RequestException

from ils import clock
from ils.access import CLAIMS, Viewer, viewer_from_claims
from ils.config import SettingError
from web.auth import (
    config_or_off,
    current_viewer,
    demo_available,
    org_names,
    own_origins,
    role_text,
    sign_in_session,
)
from web.config import AuthConfig, role_mapping, role_version, trusted_scheme
from web.demo import demo_page, demo_users
from web.pages import home, links, not_completed, not_configured, page, provider_down

log = logging.getLogger("kontrollrum")
blueprint = flask.Blueprint("auth", __name__)

MAX_NEXT = 2_000
MAX_PENDING = 5  # sign-ins under way kept per browser (the newest); older ones are dropped
CLIENT = "kontrollrum"  # authlib's name of the provider (its state keys: _state_kontrollrum_…)
OWN_ROUTES = ("/logga-in", "/logga-ut", "/auth/")



# --- the routes -----------------------------------------------------------------------------

@blueprint.get("/logga-in")
def sign_in():
    config = config_or_off()
    target = next_path()
    if flask.request.args.get("via") != "oidc" and demo_available(config):
        return demo_page(config, target)
    if not config.oidc:
        return not_configured(config)
    flask.session["auth_next"] = target
    drop_old_states(flask.session)
    try:
        return oidc_client(flask.current_app._get_current_object(), config).authorize_redirect(
            external(flask.url_for("auth.callback"), config))
    except Exception as exc:  # noqa: BLE001 - provider unreachable or its metadata broken
        log.warning("sign-in: provider %s not usable: %s", config.issuer_host,
                    type(exc).__name__)
        return provider_down(config)


@blueprint.get("/auth/callback")
def callback():
    config = config_or_off()
    if not config.oidc:
        return not_configured(config)
    error = flask.request.args.get("error")
    if error:
        log.info("sign-in refused by the provider: %s", error[:80])
        title = ("Inloggningen avbröts" if error == "access_denied"
                 else "Inloggningstjänsten avvisade inloggningen")
        return page(title, "<p>Du är inte inloggad. Du kan fortsätta se publicerade "
                    "uppgifter, eller försöka logga in igen.</p>" + links(retry=True), 403)
    client = oidc_client(flask.current_app._get_current_object(), config)
    try:
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        if claims and not any(k in claims for k in CLAIMS):
            claims = with_userinfo(client, token, claims)
    except RequestException:
        log.warning("sign-in: provider %s did not answer the code exchange", config.issuer_host)
        return provider_down(config)
    except Exception as exc:  # noqa: BLE001 - bad state, bad code, a token that fails checks
        reason = exc.error if isinstance(exc, OAuthError) else type(exc).__name__
        log.warning("sign-in failed: %s", str(reason)[:120])
        return not_completed()
    if not isinstance(claims.get("sub"), str) or not claims["sub"]:
        log.warning("sign-in failed: the id token names no subject")
        return not_completed()
    try:
        mapping = role_mapping(config)
        version = role_version(config)
        names = org_names()
    except SettingError as exc:
        log.error("sign-in: %s", exc)
        return page("Inloggningen är felaktigt inställd",
                    "<p>Rollfilen kan inte användas, så ingen kan logga in just nu. Den som "
                    "driver Kontrollrum ser felet i loggen.</p>" + links(), 500)
    except Exception:  # noqa: BLE001 - database down
        log.warning("sign-in: organisations not read", exc_info=True)
        return page("Databasen svarar inte", "<p>Inloggningen kunde inte slutföras eftersom "
                    "databasen inte svarar. Försök igen om en stund.</p>" + links(retry=True), 503)
    viewer = viewer_from_claims(claims, mapping, known_orgs=names)
    target = landing(viewer, safe_next(flask.session.get("auth_next")) or home())
    email = claims.get("email") if isinstance(claims.get("email"), str) else None
    sign_in_session(viewer, "oidc", config.issuer, [names[o] for o in viewer.orgs], email,
                    version)
    remember_user(viewer, email)
    log.info("signed in: subject %s as %s", viewer.subject[:80], viewer.role)
    return flask.redirect(target, 303)


@blueprint.post("/logga-in/demo")
def demo_sign_in():
    config = config_or_off()
    if not demo_available(config):
        return not_configured(config)
    names = org_names()
    users = demo_users(names)
    chosen = users.get(flask.request.form.get("anvandare", ""))
    if chosen is None:
        return page("Okänd demoanvändare", "<p>Välj en av demoanvändarna.</p>"
                    + links(retry=True), 400)
    _label, viewer = chosen
    sign_in_session(viewer, "demo", "", [names[o] for o in viewer.orgs if o in names])
    remember_user(viewer, None)
    log.info("demo sign-in as %s", viewer.role)
    return flask.redirect(landing(viewer, safe_next(flask.request.form.get("next")) or home()),
                          303)


@blueprint.route("/logga-ut", methods=["GET", "POST"])
def sign_out():
    config = config_or_off()
    if flask.request.method == "POST":
        via = flask.session.get("via")
        if config.sign_in and flask.session:
            flask.session.clear()
        if via == "oidc" and config.oidc and config.provider_logout:
            return sign_out_at_provider(config)
        return flask.redirect(home(), 303)
    viewer = current_viewer()
    if not viewer.signed_in:
        return page("Du är inte inloggad", "<p>Du ser publicerade uppgifter.</p>" + links())
    who = escape(f"{viewer.name or 'okänd'} ({role_text(viewer)})")
    where = ""
    if flask.session.get("via") == "oidc" and config.oidc:
        host = escape(config.issuer_host)
        where = (f"<p>Du loggas ut både här och hos inloggningstjänsten {host}.</p>"
                 if config.provider_logout else
                 f"<p>Du loggas ut från Kontrollrum. Hos inloggningstjänsten {host} är du "
                 "fortfarande inloggad, så <em>Logga in</em> loggar in dig igen direkt; stäng "
                 "webbläsaren om datorn delas med andra.</p>")
    return page("Logga ut", f"<p>Du är inloggad som {who}.</p>{where}"
                f'<form method="post" action="{escape(flask.url_for("auth.sign_out"))}">'
                '<button type="submit" class="btn btn-primary">Logga ut</button></form>'
                + links())


def sign_out_at_provider(config: AuthConfig) -> flask.Response:
    """After the session here is cleared: on to the provider's end_session_endpoint
    (OpenID Connect RP-initiated logout), which sends the browser back to the start page."""
    try:
        metadata = oidc_client(flask.current_app._get_current_object(),
                               config).load_server_metadata()
        end = metadata.get("end_session_endpoint")
    except Exception as exc:  # noqa: BLE001 - provider unreachable or its metadata broken
        log.warning("sign-out: provider %s not usable: %s", config.issuer_host,
                    type(exc).__name__)
        end = None
    try:
        parts = urlsplit(end) if isinstance(end, str) else None
        usable = parts is not None and trusted_scheme(parts)
    except ValueError:  # not a URL at all
        usable = False
    if not usable:
        return page("Utloggad från Kontrollrum",
                    "<p>Du är utloggad från Kontrollrum, men inte hos inloggningstjänsten "
                    f"{escape(config.issuer_host)}: den svarar inte eller erbjuder ingen "
                    "utloggning. Stäng webbläsaren om datorn delas med andra.</p>" + links())
    query = urlencode({"client_id": config.client_id,
                       "post_logout_redirect_uri": external(home(), config)})
    url = f"{end}{'&' if parts.query else '?'}{query}"
    if f"{parts.scheme}://{parts.netloc}" == config.issuer_origin:
        return flask.redirect(url, 303)  # the page's CSP lets its form go on to the issuer only
    return page("Utloggad från Kontrollrum",
                "<p>Du är utloggad från Kontrollrum. Logga ut också hos inloggningstjänsten:</p>"
                f'<p><a class="btn btn-primary" href="{escape(url)}">Logga ut hos '
                f"{escape(parts.hostname)}</a></p>" + links())


# --- the provider ---------------------------------------------------------------------------

def init_app(server: flask.Flask, prefix: str = "/") -> None:
    """Register the sign-in routes under `prefix` and the app's authlib `OAuth`."""
    server.extensions["kontrollrum_oauth"] = OAuth(server)
    server.register_blueprint(blueprint, url_prefix=prefix.rstrip("/") or None)


def oidc_client(app: flask.Flask, config: AuthConfig):
    """authlib's Flask client for the configured provider (its metadata read on first use).
    The app's one `OAuth` holds it; it is registered again when the settings change."""
    oauth = app.extensions["kontrollrum_oauth"]
    registered = app.extensions.get("kontrollrum_oidc")
    if registered is not None and registered[0] == config:
        return registered[1]
    oauth._clients.pop(CLIENT, None)  # authlib keeps a registered client: make it anew
    client = oauth.register(
        CLIENT, client_id=config.client_id,
        client_secret=config.client_secret, server_metadata_url=config.metadata_url,
        client_kwargs={"scope": config.scope, "code_challenge_method": "S256",
                       "default_timeout": 10})
    app.extensions["kontrollrum_oidc"] = (config, client)
    return client


def forget_client(app: flask.Flask) -> None:
    """The provider's client is made again on next use (its metadata read again)."""
    app.extensions.pop("kontrollrum_oidc", None)


def drop_old_states(session) -> None:
    """Keep the newest MAX_PENDING - 1 sign-in states (authlib adds one now)."""
    prefix = f"_state_{CLIENT}_"
    states = sorted((k for k in session if k.startswith(prefix)),
                    key=lambda k: _expiry(session[k]))
    for key in states[:max(0, len(states) - (MAX_PENDING - 1))]:
        session.pop(key, None)


def _expiry(value) -> float:
    exp = value.get("exp") if isinstance(value, dict) else None
    return float(exp) if isinstance(exp, (int, float)) else 0.0


def remember_user(viewer: Viewer, email: str | None) -> None:
    """The users table: who signed in, their e-mail and roles (never a password)."""
    from queries.db import get_engine
    from queries.sessions import record_user

    roles = [viewer.role] + [f"{viewer.role}:{o}" for o in viewer.orgs]
    try:
        record_user(get_engine(), viewer.subject, viewer.name, email, roles,
                    clock.now())
    except Exception:  # noqa: BLE001 - the sign-in stands; the list is updated next time
        log.warning("sign-in: user %s not recorded", viewer.subject[:80], exc_info=True)


def with_userinfo(client, token: dict, claims: dict) -> dict:
    """The id token carried no groups: ask the provider's userinfo (same subject only)."""
    if not client.load_server_metadata().get("userinfo_endpoint"):
        return claims
    try:
        info = client.userinfo(token=token)
    except Exception:  # noqa: BLE001 - no userinfo: the id token's claims are what we have
        log.info("sign-in: userinfo not read")
        return claims
    return {**info, **claims} if info.get("sub") == claims.get("sub") else claims


# --- where to go ----------------------------------------------------------------------------

def external(path: str, config: AuthConfig) -> str:
    """The absolute address of `path` as the browser reaches it."""
    if config.base_url:
        return config.base_url + path
    scheme = "https" if config.https else flask.request.scheme
    return f"{scheme}://{flask.request.host}{path}"


def landing(viewer: Viewer, target: str) -> str:
    """Where a signed-in user lands: a board user who asked for no page of its own (the start
    page) lands on its board at the period of the open round (§3.10); others on `target`."""
    if target != home() or not viewer.home_board:
        return target
    try:
        from queries.db import get_engine
        from queries.read.schedules import open_round

        got = open_round(get_engine())
    except Exception:  # noqa: BLE001 - the database down: the board page says so itself
        got = None
    query = f"?{urlencode({'ar': got[0], 'period': got[1]})}" if got else ""
    return f"{home()}namnd/{viewer.home_board}{query}"


def safe_next(value: object) -> str | None:
    """`value` when it is a path of this app (not another site, not a sign-in route)."""
    if not isinstance(value, str) or not value.startswith("/") or len(value) > MAX_NEXT:
        return None
    if value.startswith("//") or any(c == "\\" or ord(c) < 32 or ord(c) == 127 for c in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    if parts.path.startswith(OWN_ROUTES):
        return None
    return value


def next_path() -> str:
    """Where to go after signing in: `next`, else the app page the user came from."""
    asked = safe_next(flask.request.args.get("next"))
    if asked:
        return asked
    referrer = urlsplit(flask.request.headers.get("Referer", ""))
    if f"{referrer.scheme}://{referrer.netloc}" in own_origins(config_or_off()):
        path = referrer.path + (f"?{referrer.query}" if referrer.query else "")
        return safe_next(path) or home()
    return home()
