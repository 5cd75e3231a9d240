#!/usr/bin/env python3
"""Two commands to start Kontrollrum from a fresh clone (standard library only).

    python3 dev.py demo   # set up, load fictitious demo data, serve http://127.0.0.1:8050
    python3 dev.py test   # set up and run the whole test suite

Set-up = a virtual environment in .venv with the project installed editable with its test
extras. It is repeated only when pyproject.toml changes (a stamp file in .venv holds its hash),
so later runs start at once. Works on Linux, macOS and Windows with Python 3.11 or newer.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import secrets
import shutil
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".kontrollrum-install-stamp"
BROWSER_DIR = ROOT / "tests" / "browser"
AXE_JS = BROWSER_DIR / "node_modules" / "axe-core" / "axe.min.js"
NPM_STAMP = BROWSER_DIR / "node_modules" / ".kontrollrum-npm-stamp"
MIN_PYTHON = (3, 11)
NO_TESTS_COLLECTED = 5


class DevError(Exception):
    """A problem with the developer's machine: printed as one clear message, no traceback."""


def say(msg: str) -> None:
    print(f"dev.py: {msg}", flush=True)


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def run(cmd: list[str], what: str) -> int:
    """Run a command from the repository root and return its exit code.

    A missing program is a DevError, not a traceback. Ctrl+C reaches the child too (same
    process group), so we only wait for it; SIGTERM to dev.py is passed on to the child.
    """
    try:
        child = subprocess.Popen(cmd, cwd=ROOT)
    except FileNotFoundError:
        raise DevError(f"cannot run {what}: {cmd[0]} not found") from None
    previous = signal.signal(signal.SIGTERM, lambda *_: child.terminate())
    try:
        while True:
            try:
                return child.wait()
            except KeyboardInterrupt:
                continue  # the child got the Ctrl+C as well: let it finish
    finally:
        signal.signal(signal.SIGTERM, previous)


def _hash(*paths: Path) -> str:
    h = hashlib.sha256()
    for p in paths:
        h.update(p.read_bytes() if p.exists() else b"-")
    return h.hexdigest()


def ensure_venv() -> Path:
    """Create .venv if missing and install the project (editable, with test extras) if stale."""
    if sys.version_info < MIN_PYTHON:
        raise DevError(f"Python {'.'.join(map(str, MIN_PYTHON))} or newer is needed, this is "
                       f"{sys.version.split()[0]} ({sys.executable})")
    py = venv_python()
    if not py.exists():
        say(f"creating virtual environment {VENV.relative_to(ROOT)} ...")
        if run([sys.executable, "-m", "venv", str(VENV)], "python -m venv") != 0 or not py.exists():
            raise DevError("could not create the virtual environment. On Debian/Ubuntu install "
                           "the venv module first: sudo apt-get install python3-venv "
                           f"(then delete the half-made {VENV.name} folder)")
    digest = _hash(ROOT / "pyproject.toml") + f" {sys.platform}"
    if STAMP.exists() and STAMP.read_text(encoding="utf-8").strip() == digest:
        return py
    say('installing the project and its dependencies (pip install -e ".[test]") ...')
    code = run([str(py), "-m", "pip", "install", "--disable-pip-version-check", "-q",
                "-e", ".[test]"], "pip")
    if code != 0:
        STAMP.unlink(missing_ok=True)
        raise DevError("pip install failed (see above); is PyPI reachable? "
                       "Fix it and run the command again")
    STAMP.write_text(digest + "\n", encoding="utf-8")
    return py


def ensure_axe() -> None:
    """Install axe-core for the accessibility checks with npm, when npm is available."""
    npm = shutil.which("npm")
    if not npm:
        say("note: npm not found, so axe-core is not installed and the accessibility checks "
            "will be skipped (install Node.js/npm to run them)")
        return
    lock = BROWSER_DIR / "package-lock.json"
    digest = _hash(BROWSER_DIR / "package.json", lock)
    if AXE_JS.exists() and NPM_STAMP.exists() and NPM_STAMP.read_text().strip() == digest:
        return
    verb = "ci" if lock.exists() else "install"
    say(f"installing axe-core (npm {verb}) into {BROWSER_DIR.relative_to(ROOT)}/node_modules ...")
    code = run([npm, verb, "--no-audit", "--no-fund", "--prefix", str(BROWSER_DIR)], "npm")
    if code != 0 or not AXE_JS.exists():
        say("warning: npm could not install axe-core (see above); the accessibility checks "
            "will be skipped, or fail when KONTROLLRUM_REQUIRE_AXE=1")
        return
    NPM_STAMP.write_text(digest + "\n", encoding="utf-8")


_HAS_DATA = """
import sys
from sqlalchemy import create_engine, inspect, text
from queries.db import database_url
url = database_url()
try:
    engine = create_engine(url)
    with engine.connect() as conn:
        empty = (not inspect(conn).has_table("organisation")
                 or not conn.execute(text("select count(*) from organisation")).scalar())
except Exception as exc:
    print(f"cannot open the database {url}: {type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(2)
sys.exit(3 if empty else 0)
"""


def cmd_demo(args: argparse.Namespace, serve_args: list[str]) -> int:
    py = ensure_venv()
    if args.db:
        os.environ["KONTROLLRUM_DB"] = args.db
    load = args.fresh
    if not load:
        code = run([str(py), "-c", _HAS_DATA], "the database check")
        if code == 2:
            raise DevError("the database cannot be opened (see above); check --db / KONTROLLRUM_DB")
        load = code == 3
        if not load:
            say("the database already has data: keeping it (use --fresh to replace it with "
                "the demo data)")
    if load:
        code = run([str(py), "-m", "cli.main", "demo"], "kontrollrum demo")
        if code != 0:
            return code
    # The demo's sign-in: fictitious users to pick (it works only on demo data), with a
    # session key of this run's own unless one is set.
    os.environ["KONTROLLRUM_DEMO_LOGIN"] = "1"
    os.environ.setdefault("KONTROLLRUM_SECRET_KEY", secrets.token_urlsafe(32))
    say("starting the app (demo sign-in on: 'Logga in'); stop it with Ctrl+C")
    return run([str(py), "-m", "cli.main", "serve", *serve_args], "kontrollrum serve")


def cmd_test(pytest_args: list[str]) -> int:
    py = ensure_venv()
    ensure_axe()
    say("running pytest " + " ".join(pytest_args))
    code = run([str(py), "-m", "pytest", *pytest_args], "pytest")
    if code == NO_TESTS_COLLECTED:
        say("no tests were collected: that counts as a failure")
        return 1 if os.environ.get("CI") else code
    return code


def cmd_setup() -> int:
    ensure_venv()
    ensure_axe()
    say(f"ready: {venv_python().relative_to(ROOT)}")
    return 0


TEST_HELP = """usage: python3 dev.py test [PYTEST_ARGS ...]

Set up (.venv, editable install with test extras, axe-core via npm when npm exists) and run
pytest with the arguments given, e.g. `python3 dev.py test tests/browser -q` or
`python3 dev.py test -k lights -x`. Exits with pytest's exit code; "no tests collected"
(pytest's code 5) counts as a failure (exit code 1 when $CI is set).

Environment: KONTROLLRUM_TEST_PG (PostgreSQL URL for the tests), KONTROLLRUM_REQUIRE_PG=1,
KONTROLLRUM_REQUIRE_BROWSER=1, KONTROLLRUM_REQUIRE_AXE=1 (fail instead of skip when PostgreSQL,
Chromium or axe-core is missing), KONTROLLRUM_CHROMIUM (browser executable, default
/usr/bin/chromium). For pytest's own options: .venv/bin/python -m pytest --help
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python3 dev.py",
        description="Set up and start Kontrollrum, or run its tests. The first run creates "
                    ".venv and installs the project; later runs reuse it.")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    demo = sub.add_parser(
        "demo", help="set up, load fictitious demo data, serve http://127.0.0.1:8050",
        description="Set up, then load the fictitious demo data (`kontrollrum demo`) when the "
                    "database has no data yet - a new SQLite file, or one without "
                    "organisations - or when --fresh is given, and serve the app "
                    "(`kontrollrum serve`). Loading the demo REPLACES the database content, "
                    "so an existing database is kept unless you ask for --fresh. Other "
                    "arguments go to `kontrollrum serve`, e.g. --port 8060 or --host 0.0.0.0.")
    demo.add_argument("--fresh", action="store_true",
                      help="replace the database content with new demo data even if it has data")
    demo.add_argument("--db", metavar="URL",
                      help="database URL (default: $KONTROLLRUM_DB, else sqlite:///kontrollrum.db "
                           "in the repository folder)")
    sub.add_parser("test", help="set up and run the test suite (arguments go to pytest)",
                   add_help=False)
    sub.add_parser("setup", help="only set up (.venv, project install, axe-core)")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        if argv[:1] == ["test"]:
            if argv[1:2] in (["-h"], ["--help"]):
                print(TEST_HELP)
                return 0
            return cmd_test(argv[1:])
        args, extra = build_parser().parse_known_args(argv)
        if args.command == "demo":
            return cmd_demo(args, extra)
        if extra:
            build_parser().error(f"unrecognized arguments: {' '.join(extra)}")
        return cmd_setup()
    except DevError as exc:
        print(f"dev.py: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
