"""Fixtures for browser tests: headless Chromium, live Dash apps per database, page checks.

Every test in this folder is marked `browser`. Chromium missing → skipped, unless
KONTROLLRUM_REQUIRE_BROWSER=1 (then failed). Typical use:

    def test_start(demo_db_url, live_server, page):
        page.goto(live_server(demo_db_url) + "/")
        wait_for_dash(page)
        assert_no_axe_violations(page)

`live_server(db_url)` sets $KONTROLLRUM_DB = db_url and serves the app (`app.app`, built once
per process as under gunicorn) on a free localhost port; `live_server(db_url, factory)` serves
a test's own small Dash app instead (see `LiveApps`). A test during which a request crashed on
the server fails, even if the page looked fine: see `_no_server_errors`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text

from queries.schema import metadata
from tests.browser.support import (
    OIDC_ROLES,
    OIDC_USERS,
    LiveServer,
    chromium_executable,
    isolated_dash_state,
    launch_chromium,
    new_page,
    require,
)

HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.browser)


# --- Chromium -------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def chromium_path() -> str:
    path = chromium_executable()
    if path is None:
        require("KONTROLLRUM_REQUIRE_BROWSER",
                "no Chromium found (looked at $KONTROLLRUM_CHROMIUM, /usr/bin/chromium and PATH; "
                "on Debian: apt-get install chromium)")
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        try:
            chromium = launch_chromium(pw, chromium_path)
        except Exception as exc:  # a broken or incompatible browser: say which and why
            require("KONTROLLRUM_REQUIRE_BROWSER",
                    f"Chromium at {chromium_path} did not start: {str(exc)[:300]}")
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh 1400×900 page (sv-SE); fails the test on uncaught JavaScript errors."""
    pg = new_page(browser)
    js_errors: list[str] = []
    pg.on("pageerror", lambda exc: js_errors.append(str(exc)))
    yield pg
    pg.context.close()
    if js_errors:
        pytest.fail("JavaScript error(s) in the page:\n" + "\n".join(js_errors), pytrace=False)


# --- Databases ------------------------------------------------------------------------------

@pytest.fixture(scope="package",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def browser_db_url(request, tmp_path_factory) -> str:
    """A database with the tables, SQLite and PostgreSQL, shared by this folder's tests.

    Emptied once; `demo_db_url` then fills this same database with the demo data.
    """
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('browser-db') / 'browser.db'}"
    else:
        url = request.getfixturevalue("pg_url")
    engine = create_engine(url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    engine.dispose()
    return url


@pytest.fixture(scope="package")
def demo_db_url(browser_db_url) -> str:
    """`browser_db_url` filled with the fictitious demo data, by `kontrollrum demo` itself."""
    from cli.main import main

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KONTROLLRUM_DB", browser_db_url)
        code = main(["demo"])
    assert code == 0, f"kontrollrum demo failed with exit code {code}"
    return browser_db_url


# --- The live app ---------------------------------------------------------------------------

def the_app():
    """The app as `gunicorn app:server` runs it: `app.app`, built once per process."""
    return importlib.import_module("app").app


class LiveApps:
    """Serves one Dash app at a time.

    The real app (`factory=None`) is built once per process, as in production, and serves any
    database: it reads $KONTROLLRUM_DB on each request (`queries.db.get_engine`), so changing
    the database only sets the variable. A test's own `factory` builds an app per database,
    with Dash's process-global pages and callback state saved before and restored after it
    (`isolated_dash_state`), so the real app's pages stay registered.
    """

    def __init__(self, monkeypatch: pytest.MonkeyPatch):
        self._mp = monkeypatch
        self.current: LiveServer | None = None
        self._factory: Callable | None = None
        self._db: str | None = None
        self._restore: Callable[[], None] | None = None

    def __call__(self, db_url: str, factory: Callable | None = None) -> str:
        """Base URL (no trailing slash) of the app on database `db_url`."""
        self._mp.setenv("KONTROLLRUM_DB", db_url)
        same_app = self.current and self._factory is factory
        if same_app and (factory is None or self._db == db_url):
            self._db = db_url
            return self.current.url
        self.stop()
        if factory is None:
            dash_app = the_app()
        else:
            self._restore = isolated_dash_state()
            dash_app = factory()
        self.current, self._factory, self._db = LiveServer(dash_app), factory, db_url
        self.current.warm_up()
        return self.current.url

    def stop(self) -> None:
        if self.current:
            self.current.stop()
        if self._restore:
            self._restore()
        self.current, self._factory, self._db, self._restore = None, None, None, None


@pytest.fixture(scope="package")
def live_server():
    """`live_server(db_url, factory=None) -> base URL`; see `LiveApps`."""
    with pytest.MonkeyPatch.context() as mp:
        apps = LiveApps(mp)
        yield apps
        apps.stop()


@pytest.fixture(autouse=True)
def _no_server_errors(request):
    """Fail a test during which the live app raised an unhandled exception on the server."""
    if "live_server" not in request.fixturenames:
        yield
        return
    apps: LiveApps = request.getfixturevalue("live_server")
    before = apps.current
    seen = len(before.errors) if before else 0
    yield
    if apps.current is None:
        return
    errors = apps.current.errors[seen if apps.current is before else 0:]
    if errors:
        pytest.fail("the live app raised on the server:\n"
                    + "\n".join(f"  {type(e).__name__}: {e}" for e in errors), pytrace=False)


# --- A database of a test's own, and signing in through a real OpenID Connect provider --------

@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def own_demo_db_url(request, tmp_path_factory) -> str:
    """A demo database of the test module's own, SQLite and PostgreSQL (a database of its own
    on the test server, dropped afterwards), for a test that changes the demo data (publishes,
    writes notes) and must leave `demo_db_url`, shared by the other tests, as it was."""
    from cli.main import main

    admin = None
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('own-demo') / 'demo.db'}"
    else:
        base = make_url(request.getfixturevalue("pg_url"))
        name = f"{base.database}_{request.module.__name__.rsplit('.', 1)[-1]}"[:60]
        admin = create_engine(base, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        url = base.set(database=name).render_as_string(hide_password=False)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KONTROLLRUM_DB", url)
        assert main(["demo"]) == 0, "kontrollrum demo failed"
    yield url
    if admin is not None:
        with admin.connect() as conn:  # FORCE closes what the app's pooled engines still hold
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="package")
def oidc_provider() -> str:
    """A real OpenID Connect provider (oidc-provider-mock) on a free localhost port, with the
    users of `support.OIDC_USERS` one click away on its authorisation page; its base URL."""
    from oidc_provider_mock import User, run_server_in_thread

    with run_server_in_thread(user_claims=[User(sub=s, claims=c) for s, c in OIDC_USERS]) as srv:
        yield f"http://localhost:{srv.server_port}"


@pytest.fixture
def oidc_env(monkeypatch, tmp_path, oidc_provider) -> str:
    """The app configured for `oidc_provider`, with a role file mapping its groups to lasare,
    namnd:sdn-skarpnack (the demo's Skarpnäck), slk and admin; the demo sign-in off. Sign a
    page in with `support.oidc_sign_in`. Returns the session key (never to be in a page)."""
    key = "browser-oidc-session-key-" + "z" * 20
    roles = tmp_path / "roles.toml"
    roles.write_text("[groups]\n" + OIDC_ROLES, encoding="utf-8")
    for name, value in (("OIDC_ISSUER", oidc_provider), ("OIDC_CLIENT_ID", "kontrollrum-test"),
                        ("OIDC_CLIENT_SECRET", "browser-client-secret"), ("SECRET_KEY", key),
                        ("ROLES", str(roles))):
        monkeypatch.setenv(f"KONTROLLRUM_{name}", value)
    monkeypatch.delenv("KONTROLLRUM_DEMO_LOGIN", raising=False)
    return key


@pytest.fixture
def pages(browser):
    """`pages() -> a fresh page` in a context of its own (own cookies: one user each); every
    one fails the test on uncaught JavaScript errors, as `page` does."""
    made, js_errors = [], []

    def make():
        pg = new_page(browser)
        pg.on("pageerror", lambda exc: js_errors.append(f"{pg.url}: {exc}"))
        made.append(pg)
        return pg

    yield make
    for pg in made:
        pg.context.close()
    if js_errors:
        pytest.fail("JavaScript error(s) in the page:\n" + "\n".join(js_errors), pytrace=False)


@pytest.fixture(scope="module")
def cmp_city_url(tmp_path_factory) -> str:
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_comparison import comparison_city

    url = f"sqlite:///{tmp_path_factory.mktemp('cmp-city') / 'cmp.db'}"
    engine = make_engine(url)
    replace_dataset(engine, comparison_city(), {"demo": "1"})
    engine.dispose()
    return url


@pytest.fixture(scope="module")
def org_city_url(tmp_path_factory) -> str:
    """A SQLite file with the org pages' city (tests/test_page_board.py: org_city)."""
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_org import org_city

    url = f"sqlite:///{tmp_path_factory.mktemp('org-city') / 'city.db'}"
    engine = make_engine(url)
    replace_dataset(engine, org_city(), {"demo": "1"})
    engine.dispose()
    return url
