"""The Kontrollrum Dash app. `create_app()` builds it; `server` is for `gunicorn app:server`.

Building the app does no I/O: the database is reached on the first request.
"""

from __future__ import annotations

from pathlib import Path

import dash
import dash_bootstrap_components as dbc  # noqa: F401  (registers the components' assets)

HERE = Path(__file__).resolve().parent


def create_app() -> dash.Dash:
    app = dash.Dash(
        __name__,
        use_pages=True,
        pages_folder=str(HERE / "pages"),
        assets_folder=str(HERE / "assets"),
        title="Kontrollrum",
        update_title=None,
        serve_locally=True,
    )
    from components.shell import layout

    app.layout = layout
    app.index_string = app.index_string.replace("<html>", '<html lang="sv">')
    return app


app = create_app()
server = app.server
