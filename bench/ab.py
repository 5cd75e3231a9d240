"""Time until drawn of a few pages, served from two checkouts one after the other (A/B).

    .venv/bin/python bench/ab.py --db sqlite:////tmp/demo.db --pages /jamforelse /styrsignaler \
        /path/to/checkout-a /path/to/checkout-b

Each checkout is served by `gunicorn app:server` (bench/web.py's server, 4 workers, Redis)
on the same database, with its own empty Redis cache; each page is loaded `--warm` times to warm the server's caches and then
`--runs` times in one browser profile, drawn as `bench/web.py` counts it (the page's last change
before it rests). Prints the times and the median per checkout and page. For a change's effect
on one page; the full figures are bench/web.py's."""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import web  # noqa: E402


def drawn_times(root: Path, db_url: str, pages: list[str], warm: int, runs: int,
                redis_url: str) -> dict[str, list[float]]:
    import redis
    from playwright.sync_api import sync_playwright

    redis.Redis.from_url(redis_url).flushdb()  # the other checkout's cached views
    web.ROOT = root
    port = web.free_port()
    proc = web.start_server(db_url, port, 4, redis_url)
    out: dict[str, list[float]] = {}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium",
                                         args=["--no-sandbox", "--disable-gpu"])
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            for path in pages:
                times = []
                for _ in range(warm + runs):
                    page = context.new_page()
                    page.add_init_script(web.WATCH_JS)
                    page.goto(f"http://127.0.0.1:{port}{path}", timeout=180_000)
                    page.wait_for_function(web.DRAWN_JS, timeout=180_000, polling=50)
                    times.append(page.evaluate("() => window.__krWatch.last") / 1000)
                    page.close()
                out[path] = times[warm:]
            browser.close()
    finally:
        web.stop_server(proc)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("roots", nargs="+", type=Path, help="checkouts to serve, in turn")
    ap.add_argument("--db", required=True, help="the database both serve (e.g. demo data)")
    ap.add_argument("--pages", nargs="+", default=["/jamforelse", "/styrsignaler"])
    ap.add_argument("--warm", type=int, default=4)
    ap.add_argument("--runs", type=int, default=6)
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/13")
    args = ap.parse_args()
    for root in args.roots:
        got = drawn_times(root.resolve(), args.db, args.pages, args.warm, args.runs, args.redis)
        for path, times in got.items():
            print(f"{root}  {path}  median {statistics.median(times):.2f} s  "
                  f"({' '.join(f'{t:.2f}' for t in times)})", flush=True)


if __name__ == "__main__":
    main()
