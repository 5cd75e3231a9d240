"""What the browser downloads, and how often (registered by `create_app()` with `init_bundles`).

- **Compressed**: every text response (HTML, JSON callback answers, JavaScript, CSS) goes out
  brotli- or gzip-compressed, as the browser's `Accept-Encoding` allows (flask-compress).
  A static file's compressed bytes are kept per worker process (its address names its
  version, so they never go stale): a 1 MB bundle is compressed once, not on every visit.
- **Cached for a year**: Dash's fingerprinted bundles (`…/x.v4_1_0m123.min.js`) and the
  app's own assets addressed with their version (`/assets/x.css?m=<mtime>`) answer
  `Cache-Control: public, max-age=31536000, immutable`; a new release has new addresses.
- **plotly.js only where a chart is, and only the traces the app draws**: Dash's `dcc.Graph`
  fetches plotly.js itself when the first chart is drawn (pages without charts never load
  it) from an address without a version; that address sends the browser on (302) to our
  own plotly.js bundle under an address with its version: the bar, pie, scatter and sankey
  traces (what the pages draw; `components.charts.graph` refuses others) and the Swedish
  locale, 1.3 MB (420 kB compressed) instead of 4.8 MB. Built from plotly.js 4.1.1 (MIT,
  `assets/vendor/plotly-LICENSE.txt`) by `tools/plotly_bundle` (`npm install && npm run build`).
- **No retired bundle**: the `dash_table` bundle (no page uses DataTable) is left out.
"""

from __future__ import annotations

import hashlib
import re
import threading
from pathlib import Path

import dash
import flask
from flask_compress import Compress

YEAR = "public, max-age=31536000, immutable"
VENDOR = "vendor"  # under assets/: served, never put in a page by Dash's assets scan
PLOTLY_BUNDLE = "plotly-kontrollrum.min.js"
FINGERPRINTED = re.compile(r"\.v[\w-]+m[0-9a-fA-F]+\.[^/]+$")  # dash.fingerprint's rule
RETIRED = re.compile(r'<script src="[^"]*_dash-component-suites/dash/dash_table/[^"]*"></script>'
                     r"\s*")
STATIC_CACHE_BYTES = 64_000_000  # compressed static files kept per worker (all of ours: ~3 MB)


class StaticCompressed:
    """flask-compress's cache: keeps only keys `bundle_key` gave (static, versioned files),
    up to `STATIC_CACHE_BYTES`; every other response is compressed afresh."""

    def __init__(self) -> None:
        self._data: dict[str, bytes] = {}
        self._size = 0
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        return self._data.get(key)

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(";"):  # not a static file (bundle_key gave "")
            return
        with self._lock:
            if key not in self._data and self._size + len(value) <= STATIC_CACHE_BYTES:
                self._data[key] = value
                self._size += len(value)


def immutable(path: str, prefix: str) -> bool:
    """True for an address whose content never changes: a fingerprinted Dash bundle, or an
    asset addressed with its modification time."""
    if path.startswith(prefix + "_dash-component-suites/"):
        return bool(FINGERPRINTED.search(path))
    if path.startswith(prefix + "assets/"):
        return "m" in flask.request.args
    return False


def init_bundles(app: dash.Dash) -> None:
    server = app.server
    prefix = app.config.routes_pathname_prefix
    assets = Path(app.config.assets_folder)
    server.config.update(
        COMPRESS_ALGORITHM=["br", "gzip"],
        COMPRESS_BR_LEVEL=5,  # 1.3 MB of JavaScript: 420 kB in about 0.25 s, once per worker
        COMPRESS_LEVEL=6,
        COMPRESS_MIN_SIZE=500,
        COMPRESS_CACHE_BACKEND=StaticCompressed,
        COMPRESS_CACHE_KEY=lambda request: (request.full_path
                                            if immutable(request.path, prefix) else ""),
    )
    Compress(server)

    bundle = assets / VENDOR / PLOTLY_BUNDLE
    plotly_path = prefix + "_dash-component-suites/plotly/package_data/plotly.min.js"
    version: list[str] = []  # the bundle's content hash, read on the first chart

    @server.before_request
    def _plotly_bundle():
        if flask.request.path != plotly_path:
            return None
        if not version:
            version.append(hashlib.sha256(bundle.read_bytes()).hexdigest()[:12])
        target = f"{prefix}assets/{VENDOR}/{PLOTLY_BUNDLE}?m={version[0]}"
        response = flask.redirect(target, code=302)
        response.headers["Cache-Control"] = "no-cache"
        return response

    @server.after_request
    def _cache(response: flask.Response) -> flask.Response:
        if (response.status_code == 200 and flask.request.method in ("GET", "HEAD")
                and immutable(flask.request.path, prefix)):
            response.headers["Cache-Control"] = YEAR
            if response.is_streamed:  # Flask's file streaming: read it, so that its
                response.direct_passthrough = False  # compressed bytes can be kept
                response.make_sequence()
        return response

    original = app.interpolate_index

    def interpolate_index(**kwargs):
        kwargs["scripts"] = RETIRED.sub("", kwargs["scripts"])
        return original(**kwargs)

    app.interpolate_index = interpolate_index
