"""Demo sign-in: the fictitious users and the page that offers them (`web.routes` serves it).
Only with `KONTROLLRUM_DEMO_LOGIN=1` and demo data in the database (`web.auth.demo_available`)."""

from __future__ import annotations

from html import escape
from urllib.parse import urlencode

import flask

from ils.access import ADMIN, LASARE, NAMND, ROLES, SLK, Viewer
from web.auth import org_names
from web.config import AuthConfig
from web.pages import links, page

SKARPNACK = "Skarpnäcks stadsdelsnämnd"
DEMO_USERS = (  # key, what the demo page says, role, the user's (fictitious) name
    ("lasare", "Kommunstyrelsen – läsare", LASARE, "Kim Berg (demo)"),
    ("namnd", "Skarpnäcks nämnd", NAMND, "Alex Holm (demo)"),
    ("slk", "SLK-controller", SLK, "Sara Lind (demo)"),
    ("admin", "Administratör", ADMIN, "Jonas Ek (demo)"),
)


def demo_users(names: dict[str, str]) -> dict[str, tuple[str, Viewer]]:
    """The demo users (Skarpnäck's only when the demo data has that board)."""
    skarpnack = sorted(i for i, n in names.items() if n == SKARPNACK)
    out = {}
    for key, label, role, name in DEMO_USERS:
        if ROLES[role].of_org and not skarpnack:
            continue
        orgs = (skarpnack[0],) if ROLES[role].of_org else ()
        out[key] = (label, Viewer(role=role, orgs=orgs, name=name, subject=f"demo-{key}"))
    return out


def demo_role(viewer: Viewer, names: dict[str, str]) -> str:
    return ", ".join(names.get(o, o) for o in viewer.orgs) or viewer.label()


def demo_page(config: AuthConfig, target: str) -> flask.Response:
    names = org_names()
    users = demo_users(names)
    action = escape(flask.url_for("auth.demo_sign_in"))
    buttons = "".join(
        f'<button type="submit" name="anvandare" value="{escape(key)}" '
        f'class="btn btn-outline-primary text-start" id="demo-{escape(key)}">'
        f'<span class="fw-semibold">{escape(label)}</span><br>'
        f'<span class="small">{escape(viewer.name)} · {escape(demo_role(viewer, names))}'
        "</span></button>"
        for key, (label, viewer) in users.items())
    oidc = ""
    if config.oidc:
        href = flask.url_for("auth.sign_in") + "?" + urlencode({"via": "oidc", "next": target})
        oidc = (f'<p class="mt-4"><a href="{escape(href)}">Logga in via '
                f"{escape(config.issuer_host)} i stället</a></p>")
    body = (
        '<p class="alert alert-warning">Det här är en demo med <strong>fiktiva användare och '
        "fiktiva data</strong>. Ingen riktig inloggning görs: välj vem du vill vara för att se "
        "vad den rollen ser.</p>"
        f'<form method="post" action="{action}" class="d-grid gap-2">'
        f'<input type="hidden" name="next" value="{escape(target)}">{buttons}</form>'
        + oidc + links())
    return page("Demo-inloggning (fiktiva användare)", body)
