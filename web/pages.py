"""The sign-in routes' own small pages, in the app's style and Swedish: every failure of
signing in or out is one of these, never a traceback. Values are escaped here."""

from __future__ import annotations

from html import escape

import flask

from web.config import AuthConfig


def home() -> str:
    """The app's start page (its path prefix)."""
    return flask.url_for("auth.sign_in").rsplit("logga-in", 1)[0]


def page(title: str, body: str, status: int = 200) -> flask.Response:
    """A small page in the app's style; `body` is HTML built here (values escaped)."""
    base = escape(home())
    doc = f"""<!DOCTYPE html>
<html lang="sv"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)} – Kontrollrum</title>
<link rel="stylesheet" href="{base}assets/bootstrap.min.css"></head>
<body><header class="navbar navbar-dark bg-dark"><div class="container-fluid">
<a class="navbar-brand fw-bold" href="{base}">Kontrollrum</a></div></header>
<main class="container py-4" id="main" style="max-width: 44rem">
<h1 class="h3">{escape(title)}</h1>
{body}
</main></body></html>"""
    return flask.Response(doc, status=status, mimetype="text/html")


def links(retry: bool = False) -> str:
    out = f'<a class="btn btn-outline-dark" href="{escape(home())}">Till stadsöversikten</a>'
    if retry:
        out = (f'<a class="btn btn-primary me-2" href="{escape(flask.url_for("auth.sign_in"))}">'
               "Försök igen</a>" + out)
    return f'<p class="mt-3">{out}</p>'


def not_configured(config: AuthConfig) -> flask.Response:
    note = (" Demo-inloggning fungerar bara när databasen har demodata."
            if config.demo_login else "")
    return page("Inloggning finns inte här",
                "<p>Inloggning är inte konfigurerad: alla ser publicerade uppgifter utan att "
                f"logga in.{note}</p>" + links(), 404)


def provider_down(config: AuthConfig) -> flask.Response:
    return page("Inloggningen svarar inte",
                f"<p>Inloggningstjänsten {escape(config.issuer_host)} svarar inte just nu. "
                "Försök igen om en stund.</p>" + links(retry=True), 503)


def not_completed() -> flask.Response:
    return page("Inloggningen kunde inte slutföras",
                "<p>Inloggningen hade gått ut, startades i en annan flik eller webbläsare, "
                "eller så kunde svaret från inloggningstjänsten inte godtas. Försök igen.</p>"
                + links(retry=True), 400)
