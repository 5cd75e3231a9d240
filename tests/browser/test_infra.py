"""Self-test of the browser infrastructure on a tiny inline Dash Pages app (not app.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import dash
import pytest
from dash import Dash, Input, Output, dcc, html

from tests.browser.support import (
    assert_no_axe_violations,
    format_violations,
    run_axe,
    screenshot,
    wait_for_dash,
)

pytestmark = pytest.mark.browser

INDEX = """<!DOCTYPE html>
<html lang="sv">
<head>{%metas%}<title>{%title%}</title>{%favicon%}{%css%}</head>
<body>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer></body>
</html>"""


def _home(**_kwargs):
    return html.Div([
        html.H1("Startsidan"),
        html.P(os.environ["KONTROLLRUM_DB"], id="db"),  # read per request, as the app does
        dcc.Link("Till andra sidan", href="/andra", id="to-other"),
    ])


def _other(**_kwargs):
    return html.Div([
        html.H1("Andra sidan"),
        html.Button("Krascha", id="crash"),
        html.Div(id="crash-out"),
    ])


def _broken(**_kwargs):
    pixel = "data:image/gif;base64,R0lGODlhAQABAAAAACw="
    return html.Div([html.H1("Trasig sida"), html.Img(src=pixel)])  # planted: no alt text


def _slow(**_kwargs):
    return html.Div([html.H1("Långsam sida"), dcc.Store(id="slow-start", data=1),
                     dcc.Store(id="slow-mid"), html.P(id="slow-out")])


BUSY_THEN_PASS_ON = """function (x) {  // the main thread busy for 1.5 s, as a big layout makes it
    const end = Date.now() + 1500; while (Date.now() < end) {} return x;
}"""


def tiny_app() -> Dash:
    """A Dash Pages app whose pages and callback are registered anew on every build."""
    app = Dash(__name__, use_pages=True, pages_folder="", title="Test")
    app.index_string = INDEX
    dash.register_page("home", path="/", name="Start", layout=_home)
    dash.register_page("other", path="/andra", name="Andra", layout=_other)
    dash.register_page("broken", path="/trasig", name="Trasig", layout=_broken)

    dash.register_page("slow", path="/langsam", name="Långsam", layout=_slow)
    dash.clientside_callback(BUSY_THEN_PASS_ON, Output("slow-mid", "data"),
                             Input("slow-start", "data"))

    @dash.callback(Output("slow-out", "children"), Input("slow-mid", "data"),
                   prevent_initial_call=True)
    def slow(_data):
        time.sleep(0.3)
        return "klar"

    @dash.callback(Output("crash-out", "children"), Input("crash", "n_clicks"),
                   prevent_initial_call=True)
    def crash(_n):
        raise RuntimeError("planned server error")

    app.layout = html.Main(dash.page_container)
    return app


@pytest.fixture(scope="module")
def sqlite_urls(tmp_path_factory):
    folder = tmp_path_factory.mktemp("infra")
    return [f"sqlite:///{folder / 'a.db'}", f"sqlite:///{folder / 'b.db'}"]


def test_page_renders_and_link_navigates(live_server, page, sqlite_urls):
    base = live_server(sqlite_urls[0], tiny_app)
    page.goto(base + "/")
    wait_for_dash(page)
    assert page.inner_text("h1") == "Startsidan"
    assert page.inner_text("#db") == sqlite_urls[0]
    page.click("#to-other")
    page.wait_for_url(base + "/andra")
    wait_for_dash(page)
    assert page.inner_text("h1") == "Andra sidan"


def test_wait_for_dash_waits_for_a_busy_renderer_and_late_callbacks(live_server, page,
                                                                     sqlite_urls):
    page.goto(live_server(sqlite_urls[0], tiny_app) + "/langsam")
    wait_for_dash(page)
    assert page.inner_text("#slow-out") == "klar"


def test_rebuild_for_another_database_reregisters_pages(live_server, page, sqlite_urls):
    first = live_server(sqlite_urls[0], tiny_app)
    assert live_server(sqlite_urls[0], tiny_app) == first  # same database: same server
    second = live_server(sqlite_urls[1], tiny_app)
    assert second != first
    page.goto(second + "/andra")
    wait_for_dash(page)
    assert page.inner_text("h1") == "Andra sidan"
    page.goto(second + "/")
    wait_for_dash(page)
    assert page.inner_text("#db") == sqlite_urls[1]
    assert os.environ["KONTROLLRUM_DB"] == sqlite_urls[1]


def test_server_error_in_callback_is_recorded(live_server, page, sqlite_urls):
    base = live_server(sqlite_urls[0], tiny_app)
    page.goto(base + "/andra")
    wait_for_dash(page)
    page.click("#crash")
    errors = live_server.current.errors
    deadline = time.monotonic() + 10
    while not errors and time.monotonic() < deadline:
        page.wait_for_timeout(50)
    assert [str(e) for e in errors] == ["planned server error"]
    errors.clear()  # planned: do not let the autouse check fail this test


def test_axe_finds_no_violation_on_clean_page(live_server, page, sqlite_urls):
    page.goto(live_server(sqlite_urls[0], tiny_app) + "/")
    wait_for_dash(page)
    assert_no_axe_violations(page)


def test_axe_finds_planted_image_without_alt(live_server, page, sqlite_urls):
    page.goto(live_server(sqlite_urls[0], tiny_app) + "/trasig")
    wait_for_dash(page)
    violations = run_axe(page)
    assert [v["id"] for v in violations] == ["image-alt"]
    report = format_violations(violations)
    assert "image-alt (critical)" in report and "img" in report
    with pytest.raises(pytest.fail.Exception, match="image-alt"):
        assert_no_axe_violations(page)


def test_screenshot_is_full_page_png_at_1400px(live_server, page, sqlite_urls, tmp_path):
    out = screenshot(page, live_server(sqlite_urls[0], tiny_app) + "/", tmp_path / "x" / "s.png")
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width = int.from_bytes(data[16:20], "big")
    assert width == 1400


def test_screenshots_script_writes_one_png_per_route(live_server, sqlite_urls, tmp_path,
                                                     chromium_path):
    base = live_server(sqlite_urls[0], tiny_app)
    script = Path(__file__).resolve().parents[2] / "docs" / "screenshots.py"
    done = subprocess.run([sys.executable, str(script), "--base-url", base, "--out",
                           str(tmp_path), "--only", "start"],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["start.png"]
    assert (tmp_path / "start.png").read_bytes()[:4] == b"\x89PNG"


def test_real_app_keeps_its_pages_after_an_inline_app(live_server, page, sqlite_urls,
                                                      browser_db_url):
    live_server(sqlite_urls[0], tiny_app)  # the inline app's pages replace the registry ...
    base = live_server(browser_db_url)  # ... and are gone again when the real app is served
    assert live_server(sqlite_urls[1]) == base  # another database: same app, same server
    assert os.environ["KONTROLLRUM_DB"] == sqlite_urls[1]
    base = live_server(browser_db_url)
    paths = {p["path"] for p in dash.page_registry.values()}
    assert "/" in paths and "/andra" not in paths and "/trasig" not in paths
    page.goto(base + "/finns-inte")  # the real app's light 'hittades inte' page
    wait_for_dash(page)
    assert page.title() == "Sidan hittades inte – Kontrollrum"
    assert page.locator("html").get_attribute("lang") == "sv"
