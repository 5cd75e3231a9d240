"""How many A4 pages the printed agenda (/mote) takes, per board, on fresh demo data.

    .venv/bin/python bench/print_pages.py                       # Skarpnäck and all boards, T2 2022
    .venv/bin/python bench/print_pages.py --period T1 --boards sdn-sodermalm,sdn-norrmalm
    .venv/bin/python bench/print_pages.py --every-board          # every board of the period

Fresh demo data (scale 1) in a temporary SQLite file, `kontrollrum serve` on a free port, then
headless Chromium opens /mote for each board, loads every folded section as the "Skriv ut"
button does (`kontrollrumPrepare`, assets/print.js) and prints with `page.pdf(format="A4")`.
Prints the items and pages per board; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(db_url: str) -> tuple[subprocess.Popen, str]:
    port = free_port()
    proc = subprocess.Popen([str(BIN / "kontrollrum"), "serve", "--port", str(port)],
                            env={**os.environ, "KONTROLLRUM_DB": db_url},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            urllib.request.urlopen(base + "/", timeout=5).read()
            return proc, base
        except OSError:
            time.sleep(0.5)
    proc.terminate()
    raise SystemExit("kontrollrum serve did not answer")


def measure(page, base: str, year: int, period: str, board: str) -> tuple[int, int]:
    from tests.browser.support import wait_for_dash

    page.goto(f"{base}/mote?ar={year}&period={period}&namnd={board}")
    wait_for_dash(page)
    page.wait_for_selector("#meeting-summary")
    wait_for_dash(page)
    page.evaluate("window.kontrollrumPrepare(120000)")
    wait_for_dash(page)
    items = page.locator(".kr-agenda-item").count()
    pdf = page.pdf(format="A4", print_background=True)
    return items, len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--year", type=int, default=2022)
    ap.add_argument("--period", default="T2")
    ap.add_argument("--boards", default="sdn-skarpnack,alla",
                    help="board ids, comma-separated ('alla': the all-boards agenda)")
    ap.add_argument("--every-board", action="store_true", help="every board of the agenda")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    from tests.browser.support import chromium_executable, launch_chromium, new_page

    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{tmp}/demo.db"
        subprocess.run([str(BIN / "kontrollrum"), "demo", "--db", db_url], check=True,
                       stdout=subprocess.DEVNULL)
        proc, base = serve(db_url)
        try:
            with sync_playwright() as pw:
                browser = launch_chromium(pw, chromium_executable())
                page = new_page(browser)
                boards = args.boards.split(",")
                if args.every_board:
                    page.goto(f"{base}/mote?ar={args.year}&period={args.period}")
                    page.wait_for_selector("#mote-picker")
                    boards = [re.search(r"namnd=([^&]+)", h).group(1) for h in page.locator(
                        "#mote-picker a").evaluate_all("els => els.map(e => e.href)")]
                print(f"/mote {args.period} {args.year}: board, items, A4 pages")
                for board in boards:
                    items, pages = measure(page, base, args.year, args.period, board)
                    print(f"{board:32} {items:5} {pages:4}", flush=True)
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)


if __name__ == "__main__":
    main()
