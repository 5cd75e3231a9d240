"""What the browser downloads (web/bundles.py, issue 20): compressed answers, bundles
cacheable for a year, the app's own plotly.js bundle only on demand, no retired bundle."""

from __future__ import annotations

import gzip
import json
import re

import brotli
import pytest

from ils.access import Viewer
from tests.auth_support import sign_in_as, sign_in_env

BR = {"Accept-Encoding": "gzip, deflate, br, zstd"}  # what Chromium sends
GZIP = {"Accept-Encoding": "gzip"}
PLOTLY = "/_dash-component-suites/plotly/package_data/plotly.min.js"


@pytest.fixture
def client(city_db):
    import app

    return app.app.server.test_client()


def page_files(client, path: str = "/om") -> list[str]:
    html = client.get(path).get_data(as_text=True)
    return (re.findall(r'<script src="([^"]+)"', html)
            + re.findall(r'<link rel="stylesheet" href="([^"]+)"', html))


def test_pages_layout_and_callbacks_are_compressed(client):
    page = client.get("/om", headers=BR)
    assert page.headers["Content-Encoding"] == "br"
    assert b"_dash-renderer" in brotli.decompress(page.data)
    assert "Accept-Encoding" in page.headers["Vary"]
    layout = client.get("/_dash-layout", headers=GZIP)
    assert layout.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(layout.data))["type"]
    plain = client.get("/_dash-layout")  # a client that asks for nothing gets plain bytes
    assert "Content-Encoding" not in plain.headers and json.loads(plain.data)


def test_every_bundle_and_asset_is_compressed_and_cacheable_for_a_year(client):
    files = page_files(client)
    assert len(files) > 10
    for url in files:
        got = client.get(url, headers=BR)
        assert got.status_code == 200, url
        assert got.headers["Cache-Control"] == "public, max-age=31536000, immutable", url
        if len(brotli.decompress(got.data) if "Content-Encoding" in got.headers
               else got.data) > 1000:
            assert got.headers["Content-Encoding"] == "br", url


def test_compressed_bytes_are_the_file(client):
    url = next(u for u in page_files(client) if "dash_ag_grid" in u)
    plain = client.get(url).data
    assert len(plain) > 1_000_000
    for _ in range(2):  # the second answer comes from the kept compressed bytes
        got = client.get(url, headers=BR)
        assert brotli.decompress(got.data) == plain
        assert len(got.data) < len(plain) / 3
    assert gzip.decompress(client.get(url, headers=GZIP).data) == plain


def test_an_unversioned_address_is_not_cached_for_a_year(client):
    got = client.get("/assets/kontrollrum.css")
    assert got.status_code == 200
    assert "immutable" not in got.headers.get("Cache-Control", "")


def test_the_retired_table_bundle_is_not_in_the_page(client):
    files = page_files(client)
    assert not [u for u in files if "dash_table" in u]
    assert any("dash_ag_grid" in u for u in files)  # the filter removed only dash_table


def test_plotly_is_not_in_the_page_and_its_address_gives_the_own_bundle(client):
    assert not [u for u in page_files(client, "/prognoser") if "plotly" in u.lower()]
    moved = client.get(PLOTLY)
    assert moved.status_code == 302 and moved.headers["Cache-Control"] == "no-cache"
    target = moved.headers["Location"]
    assert re.fullmatch(r"/assets/vendor/plotly-kontrollrum\.min\.js\?m=[0-9a-f]{12}", target)
    got = client.get(target, headers=BR)
    body = brotli.decompress(got.data)
    assert body.startswith(b"/*! plotly.js 4.1.1 (bar, pie, scatter, sankey") and b"window.Plotly" in body
    assert got.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert len(got.data) < 480_000  # 4.8 MB for the full plotly.js before


def test_charts_refuse_a_trace_type_outside_the_bundle():
    from components.charts import graph

    graph({"data": [{"type": "bar"}, {"type": "scatter"}, {}]}, "g", "Stapel")
    with pytest.raises(ValueError, match="heatmap"):
        graph({"data": [{"type": "heatmap"}]}, "g", "Värmekarta")


def test_signed_in_the_bundles_stay_cacheable(city_db, monkeypatch):
    sign_in_env(monkeypatch)
    import app

    client = app.app.server.test_client()
    sign_in_as(client, Viewer(role="slk", name="Siv", subject="siv"))
    files = page_files(client)
    assert files
    for url in files:
        assert client.get(url).headers["Cache-Control"] == "public, max-age=31536000, immutable"
