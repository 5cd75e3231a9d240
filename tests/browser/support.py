"""Browser-test helpers: Chromium, a Dash app served in a thread, axe checks, screenshots.

Used by `tests/browser/conftest.py` (fixtures) and `docs/screenshots.py`. No fixtures here:
plain functions and one small class, so a script can use them too.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
import urllib.error
import urllib.request
import weakref
from collections.abc import Callable
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
AXE_JS = HERE / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")
DEFAULT_CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                 "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync")
SCREEN_WIDTH = 1400
SCREEN_HEIGHT = 900


def require(env: str, reason: str) -> None:
    """Skip the test for `reason`, or fail it when `env`=1 makes the missing thing required."""
    if os.environ.get(env) == "1":
        pytest.fail(f"{env}=1 but {reason}", pytrace=False)
    pytest.skip(f"{reason} (set {env}=1 to make this a failure)")


# --- Chromium -------------------------------------------------------------------------------

def chromium_executable() -> str | None:
    """$KONTROLLRUM_CHROMIUM, else Debian's /usr/bin/chromium, else a chromium/chrome on PATH."""
    configured = os.environ.get("KONTROLLRUM_CHROMIUM")
    if configured:
        return configured if Path(configured).exists() else None
    if Path(DEFAULT_CHROMIUM).exists():
        return DEFAULT_CHROMIUM
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def launch_chromium(playwright, executable: str):
    """A headless Chromium `Browser` from the system executable (no Playwright download)."""
    return playwright.chromium.launch(executable_path=executable, headless=True,
                                      args=list(CHROMIUM_ARGS))


def new_page(browser, width: int = SCREEN_WIDTH, height: int = SCREEN_HEIGHT):
    """A page in a fresh context (own cookies/storage), Swedish locale, desktop size."""
    context = browser.new_context(viewport={"width": width, "height": height},
                                  locale="sv-SE", timezone_id="Europe/Stockholm")
    page = context.new_page()
    _tracker(page)
    return page


class _DashRequests:
    """The page's Dash callback requests in flight, and when the last one started or ended."""

    def __init__(self, page):
        self.inflight: set = set()
        self.last = time.monotonic()
        page.on("request", self._start)
        page.on("requestfinished", self._end)
        page.on("requestfailed", self._end)

    def _start(self, request) -> None:
        if "/_dash-update-component" in request.url:
            self.inflight.add(request)
            self.last = time.monotonic()

    def _end(self, request) -> None:
        if request in self.inflight:
            self.inflight.discard(request)
            self.last = time.monotonic()


_TRACKERS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _tracker(page) -> _DashRequests:
    if page not in _TRACKERS:
        _TRACKERS[page] = _DashRequests(page)
    return _TRACKERS[page]


_RENDERED = """() => {
    const root = document.querySelector('#react-entry-point');
    // an AG Grid draws its rows after Dash is done: until then it is an empty, scrollable
    // grid (which axe rightly reports), so every visible grid must show rows or "no rows"
    const grids = [...document.querySelectorAll('.ag-root-wrapper')]
        .filter(g => g.offsetParent !== null);
    return !!root && root.children.length > 0 && !document.querySelector('._dash-loading')
        && !document.querySelector('[data-dash-is-loading="true"]')
        && grids.every(g => g.querySelector('.ag-row') || g.querySelector('.ag-overlay-no-rows-center'));
}"""
_NEXT_FRAME = "() => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)))"
# An AG Grid keeps drawing after its rows arrive (columns fitted to the width, the header and
# cells of the columns in view drawn again): wait until no grid has changed for 300 ms
# (at most 5 s), so that axe never sees a header row between two drawings.
_GRIDS_QUIET = """() => new Promise(resolve => {
    const grids = [...document.querySelectorAll('.ag-root-wrapper')];
    if (!grids.length) { resolve(true); return; }
    const start = Date.now();
    let timer;
    const obs = new MutationObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(done, Date.now() - start > 5000 ? 0 : 300);
    });
    function done() { obs.disconnect(); resolve(true); }
    grids.forEach(g => obs.observe(g, {subtree: true, childList: true}));
    timer = setTimeout(done, 300);
})"""


def wait_for_dash(page, timeout_ms: int = 30_000, quiet_ms: int = 300) -> None:
    """Wait until Dash has drawn the page and is idle: no callback in flight or started for
    `quiet_ms`, and the browser's main thread free (the renderer's own work done, which on a
    big layout can take seconds before it sends the next callback)."""
    requests = _tracker(page)
    deadline = time.monotonic() + timeout_ms / 1000
    page.wait_for_function(_RENDERED, timeout=timeout_ms)
    while True:
        started = time.monotonic()
        page.evaluate(_NEXT_FRAME)  # returns only when the main thread is free
        busy = time.monotonic() - started > 0.1
        page.wait_for_timeout(50)  # lets Playwright deliver pending request events
        quiet = (time.monotonic() - requests.last) * 1000 >= quiet_ms
        if not busy and quiet and not requests.inflight and page.evaluate(_RENDERED):
            page.evaluate(_GRIDS_QUIET)
            return
        if time.monotonic() > deadline:
            raise TimeoutError(f"Dash did not settle within {timeout_ms} ms on {page.url} "
                               f"({len(requests.inflight)} callback request(s) in flight)")


_DIALOG_SHOWN = """() => {
  const m = document.querySelector('.modal.show');
  const b = document.querySelector('.modal-backdrop.show');
  return !!m && !!b && getComputedStyle(m).opacity === '1'
      && getComputedStyle(b).opacity === getComputedStyle(b).getPropertyValue('--bs-backdrop-opacity').trim();
}"""


def wait_for_open_dialog(page, timeout_ms: int = 10_000) -> None:
    """Wait until a Bootstrap dialog has finished fading in: until then its text is drawn
    half-transparent, and axe would (rightly) measure too low a contrast."""
    page.wait_for_function(_DIALOG_SHOWN, timeout=timeout_ms)


def screenshot(page, url: str, path: Path, width: int = SCREEN_WIDTH,
               max_height: int = 3200) -> Path:
    """Open `url` at `width` px and write a PNG of the page's top (at most `max_height` px,
    the whole page when shorter) to `path` (folders created)."""
    page.set_viewport_size({"width": width, "height": SCREEN_HEIGHT})
    page.goto(url)
    wait_for_dash(page)
    path.parent.mkdir(parents=True, exist_ok=True)
    height = min(max_height, page.evaluate("() => document.documentElement.scrollHeight"))
    page.screenshot(path=str(path), full_page=True,
                    clip={"x": 0, "y": 0, "width": width, "height": height})
    return path


# --- Serving a Dash app ---------------------------------------------------------------------

class LiveServer:
    """A WSGI app (a Dash app's Flask server) served on a free localhost port in a thread.

    `errors` collects every unhandled exception a request raised, so a test can fail on a
    callback that crashed on the server though the page looked fine.
    """

    def __init__(self, dash_app, host: str = "127.0.0.1", port: int = 0):
        from flask import got_request_exception
        from werkzeug.serving import WSGIRequestHandler, make_server

        class QuietHandler(WSGIRequestHandler):
            def log_request(self, *args, **kwargs):  # no access log in test output
                pass

        self.app = dash_app
        self.errors: list[BaseException] = []
        got_request_exception.connect(self._record, dash_app.server, weak=False)
        self._server = make_server(host, port, dash_app.server, threaded=True,
                                   request_handler=QuietHandler)
        self.url = f"http://{host}:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever,
                                        name=f"dash-live-{self._server.server_port}", daemon=True)
        self._thread.start()

    def _record(self, _sender, exception, **_extra) -> None:
        self.errors.append(exception)

    def warm_up(self) -> None:
        """Request the index page once, so Dash binds its callbacks now; raise if it fails."""
        try:
            with urllib.request.urlopen(self.url + "/", timeout=30) as resp:
                resp.read()
        except urllib.error.HTTPError as exc:
            body = exc.read().decode("utf-8", "replace")[:2000]
            raise RuntimeError(f"GET {self.url}/ answered {exc.code}: {body}") from None
        if self.errors:
            raise RuntimeError(f"GET {self.url}/ raised on the server: {self.errors[0]!r}")

    def stop(self) -> None:
        from flask import got_request_exception

        got_request_exception.disconnect(self._record, self.app.server)
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=10)

    def __enter__(self) -> LiveServer:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def isolated_dash_state() -> Callable[[], None]:
    """Save and clear Dash's process-global app state; returns the function that restores it.

    Dash Pages' registry and the `dash.callback` lists are process-global (plotly/dash's own
    tests clear them: `tests/conftest.py`, `init_pages_state`), so a second app built in the
    same process would see the first one's pages and callbacks. Build a test's own app between
    this call and the restore, and the real app's state is left as it was.
    """
    import dash._callback as cb
    import dash._get_app as get_app
    import dash._pages as pages

    containers = (pages.PAGE_REGISTRY, pages.CONFIG, pages.CONFIG.__dict__,
                  cb.GLOBAL_CALLBACK_LIST, cb.GLOBAL_CALLBACK_MAP, cb.GLOBAL_INLINE_SCRIPTS,
                  cb.GLOBAL_API_PATHS)
    saved = [c.copy() for c in containers]
    saved_app = get_app.APP
    for c in containers:
        c.clear()

    def restore() -> None:
        for c, content in zip(containers, saved, strict=False):
            c.clear()
            if isinstance(c, list):
                c.extend(content)
            else:
                c.update(content)
        get_app.APP = saved_app

    return restore


# --- Accessibility (axe-core) ---------------------------------------------------------------

def axe_installed() -> bool:
    return AXE_JS.exists()


def require_axe() -> None:
    if not axe_installed():
        require("KONTROLLRUM_REQUIRE_AXE",
                f"axe-core is not installed ({AXE_JS} missing; `python3 dev.py test` installs it "
                "with npm)")


# Waits (at most 2 s) for the page's running transitions and animations that end: a button's
# hover colours fade in over 0.15 s, and axe measuring the contrast halfway finds text too pale.
# Endless ones (a spinner) are not waited for.
SETTLE_JS = """async () => {
  const ending = document.getAnimations().filter(a => {
    const t = a.effect && a.effect.getComputedTiming();
    return t && Number.isFinite(t.endTime);
  });
  await Promise.race([
    Promise.all(ending.map(a => a.finished.catch(() => null))),
    new Promise(r => setTimeout(r, 2000)),
  ]);
  return ending.length;
}"""


def run_axe(page, tags=WCAG_TAGS, context=None) -> list[dict]:
    """Axe's violations on the page as it is now, for the WCAG 2.1 A/AA rules by default.

    `context` is axe's context argument, e.g. {"exclude": [["#map"]]}; default: the whole page.
    """
    require_axe()
    # Evaluated through the DevTools protocol, which the app's Content-Security-Policy does not
    # govern (an injected <script> tag would be blocked by it, as it should be).
    page.evaluate(AXE_JS.read_text(encoding="utf-8") + "\n;true")
    page.evaluate(SETTLE_JS)  # colours measured at rest, not halfway through a hover's fade
    options = {"runOnly": {"type": "tag", "values": list(tags)}, "resultTypes": ["violations"]}
    result = page.evaluate("([ctx, opts]) => axe.run(ctx || document, opts)", [context, options])
    return result["violations"]


def format_violations(violations: list[dict]) -> str:
    """One readable block per violated rule: id, impact, help text and the offending nodes."""
    lines = []
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact') or 'no impact'}): {v['help']} "
                     f"[{len(v['nodes'])} element(s)] {v.get('helpUrl', '')}")
        for node in v["nodes"][:10]:
            target = " ".join(str(t) for t in node.get("target", []))
            lines.append(f"    {target}  {node.get('html', '')[:150]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    ... and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def assert_no_axe_violations(page, tags=WCAG_TAGS, context=None) -> None:
    """Fail with a readable list when axe finds WCAG 2.1 A/AA violations on the page."""
    violations = run_axe(page, tags, context)
    if violations:
        pytest.fail(f"axe found {len(violations)} accessibility violation(s) on {page.url}:\n"
                    + format_violations(violations), pytrace=False)


# --- Signing in -----------------------------------------------------------------------------

OIDC_USERS = (  # sub → the claims the test provider (conftest's `oidc_provider`) gives
    ("kerstin", {"name": "Kerstin Ks", "groups": ["ks-ledamoter"]}),
    ("sven", {"name": "Sven Skarpnäck", "roles": ["skarpnack-presidium"]}),
    ("siv", {"name": "Siv Slk", "groups": ["slk-controllers"]}),
    ("adam", {"name": "Adam Admin", "groups": ["kontrollrum-admin", "slk-controllers"]}),
)
OIDC_ROLES = (  # the role file `oidc_env` writes: the groups above → the roles
    '"kontrollrum-admin" = "admin"\n"slk-controllers" = "slk"\n'
    '"skarpnack-presidium" = "namnd:sdn-skarpnack"\n"ks-ledamoter" = "lasare"\n')


def oidc_sign_in(page, base: str, sub: str, target: str = "/om") -> None:
    """Sign `page` in as `sub` through the test OpenID Connect provider's own authorisation
    page (conftest's `oidc_provider`/`oidc_env`), and wait until the app shows `target`."""
    from urllib.parse import quote

    page.goto(f"{base}/logga-in?next={quote(target, safe='/')}")
    page.wait_for_url("http://localhost:*/oauth2/authorize*")  # the provider's page
    page.click(f"button[name=sub][value={sub}]")
    page.wait_for_url(lambda url: url == base + target)
    wait_for_dash(page)


# --- what the browser test modules share (their pages, sign-in, the fixture cities) ------

def make_city_url(folder) -> str:
    """A SQLite file with the known-lights city (tests/fixture_city.py)."""
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_city import city

    url = f"sqlite:///{folder / 'city.db'}"
    engine = make_engine(url)
    replace_dataset(engine, city(), {"demo": "1", "source": "Testdata: Exempelstad"})
    engine.dispose()
    return url


def flat(page, selector: str) -> str:
    """The element's text with tabs and line breaks as single spaces."""
    page.locator(selector).first.wait_for(timeout=15_000)
    return " ".join(page.inner_text(selector).split())


def sign_in_as(page, base: str, who: str, target: str = "/admin") -> None:
    page.goto(f"{base}/logga-in?next={target}")
    page.click(f"#demo-{who}")
    page.wait_for_url(f"**{target}")
    wait_for_dash(page)


def load_all(page) -> None:
    """Opens and loads every folded section, as the print button does (assets/print.js)."""
    assert page.evaluate("window.kontrollrumPrepare(20000)") is True
    wait_for_dash(page)


def wait_h1(page, expected: str | None = None) -> None:
    """After a client-side navigation: wait for the new page's h1 (wait_for_dash alone may
    return before the page callback has started)."""
    page.wait_for_function(
        "([want]) => { const h = document.querySelector('main h1');"
        " return h && h.innerText.trim() && (!want || h.innerText.trim() === want); }",
        arg=[expected], timeout=30_000)
    wait_for_dash(page)


def labels(page, selector: str) -> list[str]:
    return page.eval_on_selector_all(selector + " [role=img]",
                                     "els => els.map(e => e.getAttribute('aria-label'))")


def first_org(db_url: str, level: str, kind: str | None = None) -> str:
    """The id of the first org (by name) of a level (and kind) in a database."""
    import polars as pl

    from queries.db import make_engine
    from queries.read.views import reference

    engine = make_engine(db_url)
    orgs = reference(engine).organisation.filter(pl.col("level") == level)
    engine.dispose()
    if kind:
        orgs = orgs.filter(pl.col("kind") == kind)
    return orgs.sort("name")["id"][0]


def open_page(page, base: str, path: str, heading: str | None = None) -> None:
    """Go to `path` and wait until Dash is idle and the page's h1 is drawn."""
    from playwright.sync_api import expect

    page.goto(base + path)
    wait_for_dash(page)
    expect(page.locator("h1")).to_have_text(heading or re.compile(".+"), timeout=15_000)
    wait_for_dash(page)


def goto_page(page, base: str, path: str) -> None:
    page.goto(base + path)
    wait_for_dash(page)


SECRET = "test-secret-key-for-the-admin-browser-test-0123456789"
