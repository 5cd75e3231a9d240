"""Write screenshots of the app's pages to docs/screenshots/<name>.png (1400 px wide, full page).

    .venv/bin/python docs/screenshots.py                      # serve the app on $KONTROLLRUM_DB
    .venv/bin/python docs/screenshots.py --base-url http://127.0.0.1:8050   # a running app
    .venv/bin/python docs/screenshots.py --only start

Without --base-url the app (`app.app`) is started here on the current
$KONTROLLRUM_DB (default sqlite:///kontrollrum.db), e.g. after `kontrollrum demo`.
Chromium: $KONTROLLRUM_CHROMIUM, else /usr/bin/chromium. Extend ROUTES as pages are added.
"""

from __future__ import annotations

import argparse
import sys
from contextlib import nullcontext
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.support import (  # noqa: E402
    SCREEN_WIDTH,
    LiveServer,
    chromium_executable,
    launch_chromium,
    new_page,
    screenshot,
)

# (file name without .png, path in the app). The app engineer extends this list.
ROUTES: list[tuple[str, str]] = [
    ("start", "/?ar=2022&period=VB"),
    ("mal", "/mal/vom-1.3?ar=2022&period=VB"),
    ("namnd", "/namnd/sdn-bromma?ar=2022&period=VB&mal=vom-1.5"),
    ("avdelning", "/avdelning/avd-bromma-forskola?ar=2022&period=VB&mal=vom-1.3"),  # its grid
    ("enhet", "/enhet/enh-bromma-hemtjanst-01?ar=2022&period=VB"),
    ("indikator", "/indikator/kf-1.5-01?ar=2022&period=VB"),
    ("om", "/om"),
    ("jamforelse", "/jamforelse?ar=2022&period=VB"),
    ("prognoser", "/prognoser?ar=2022"),
    ("styrsignaler", "/styrsignaler?ar=2022"),
    ("mote", "/mote?ar=2022&period=VB"),
]
OUT_DIR = ROOT / "docs" / "screenshots"


def _local_app() -> LiveServer:
    from app import app  # the one app of the process, as gunicorn serves it

    server = LiveServer(app)
    server.warm_up()
    return server


def take(base_url: str, routes, out_dir: Path, width: int = SCREEN_WIDTH) -> list[Path]:
    """Screenshot every (name, path) of `routes` on the app at `base_url`; the PNGs written."""
    from playwright.sync_api import sync_playwright

    executable = chromium_executable()
    if executable is None:
        raise SystemExit("screenshots: no Chromium found; install it (Debian: apt-get install "
                         "chromium) or set KONTROLLRUM_CHROMIUM")
    written = []
    with sync_playwright() as pw:
        browser = launch_chromium(pw, executable)
        try:
            page = new_page(browser, width=width)
            for name, path in routes:
                written.append(screenshot(page, base_url.rstrip("/") + path,
                                          out_dir / f"{name}.png", width))
                print(f"wrote {written[-1]}")
        finally:
            browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="screenshot a running app instead of starting one")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help=f"folder (default {OUT_DIR})")
    parser.add_argument("--only", nargs="+", metavar="NAME",
                        help="only these routes: " + ", ".join(n for n, _ in ROUTES))
    parser.add_argument("--width", type=int, default=SCREEN_WIDTH, help="viewport width in px")
    args = parser.parse_args(argv)
    routes = [r for r in ROUTES if not args.only or r[0] in args.only]
    unknown = set(args.only or ()) - {n for n, _ in ROUTES}
    if unknown:
        parser.error(f"unknown route name(s): {', '.join(sorted(unknown))}")
    with (nullcontext() if args.base_url else _local_app()) as server:
        take(args.base_url or server.url, routes, args.out, args.width)
    return 0


if __name__ == "__main__":
    sys.exit(main())
