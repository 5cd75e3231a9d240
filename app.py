"""The Kontrollrum Dash app. `create_app()` builds it; `server` is for `gunicorn app:server`.

Building the app does no I/O: the database is reached on the first request. Every view is a
package `pages/<feature>/` (its `__init__` registers the page); the app imports them all
after the Dash app exists (Dash's own folder scan skips `__init__.py`).
"""

from __future__ import annotations

import importlib
import os
import pkgutil
import sys
from pathlib import Path

import dash
import dash_bootstrap_components as dbc  # noqa: F401  (registers the components' assets)

HERE = Path(__file__).resolve().parent


def import_pages() -> list[str]:
    """Import every view under `pages/` (each registers itself); returns their module names."""
    import pages

    names = [f"pages.{m.name}" for m in pkgutil.iter_modules(pages.__path__)]
    for name in names:
        module = importlib.import_module(name)
        entry = dash.page_registry.get(name)
        if entry is not None and not entry.get("supplied_layout"):
            entry["layout"] = module.layout  # as Dash does for the pages its scan finds
    return names


def create_app() -> dash.Dash:
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder="",
        assets_folder=str(HERE / "assets"),
        title="Kontrollrum",
        update_title=None,
        serve_locally=True,
        assets_path_ignore=["vendor"],  # served on demand (plotly.js), not put in every page
    )
    import_pages()
    import pagekit.explain  # noqa: F401  (the shell's callbacks: 'Varför denna färg?',
    import pagekit.folds  # noqa: F401  folded sections, the menu's search and the data label)
    import pagekit.search  # noqa: F401
    import pagekit.shell  # noqa: F401
    from components.shell import layout
    from queries import scope
    from queries.cache import check_settings

    check_settings(os.environ)  # a shared cache (Redis) signs its entries with the secret key

    from web import auth, bundles, routes, server

    app.layout = lambda: layout(scope.viewer(), user_menu=auth.user_menu())
    app.index_string = app.index_string.replace("<html>", '<html lang="sv">')
    prefix = app.config.routes_pathname_prefix
    bundles.init_bundles(app)  # first: its compression then runs after every other response hook
    auth.init_app(app.server, prefix)  # sessions, cross-site check, the viewer per request
    routes.init_app(app.server, prefix)  # sign-in and sign-out
    server.init_app(app)  # security headers, no-store, request limits, 404s, /halsa
    from web import data_urls

    data_urls.init_app(app.server, prefix)  # /data/<view>/<table>.csv|xlsx|json
    return app


def _create_or_exit() -> dash.Dash:
    """The app; a setting that makes it unusable (sign-in) stops the start with one Swedish
    line and exit code 4, which gunicorn takes as "the app failed to load" (no restarts)."""
    from ils.config import SettingError

    try:
        return create_app()
    except SettingError as exc:
        print(f"kontrollrum: {exc}", file=sys.stderr, flush=True)
        raise SystemExit(4) from None


app = _create_or_exit()
server = app.server
