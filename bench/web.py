"""Benchmark as a user meets the app: through HTTP, gunicorn and the Dash endpoint, in Chromium.

    .venv/bin/python bench/web.py                      # scale 1 on SQLite, scale 10 on PostgreSQL
    .venv/bin/python bench/web.py --scales 1 --runs 10 --load-seconds 20

For each scale: fresh demo data, `gunicorn app:server` with 4 workers, then
1. **browser**: every route opened in headless Chromium `runs` times; time-to-drawn = from
   navigation until no Dash loading state remains; every callback request the page makes is
   recorded (the first render, then the folds a user opens) — those are the interactions;
2. **server**: each recorded callback replayed over HTTP `runs` times: p50/p95 per route and
   interaction (loopback, so this is server time plus a few tenths of a millisecond);
3. **load**: `users` concurrent clients for `load-seconds` replaying random routes (the page's
   HTML, then its callbacks), reporting throughput, errors, p50/p95/p99 and RSS per worker.
Prints figures; asserts nothing (targets are read off this output). Loopback only.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/kontrollrum_bench"
DRAWN_JS = """() => {
  const content = document.querySelector('.kr-page');
  if (!content || !content.children.length) return false;
  if (document.querySelector('[data-dash-is-loading="true"]')) return false;
  if (document.querySelector('details[open] .kr-fold-pending')) return false;
  return true;
}"""


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else float("nan")


def ms(x: float) -> str:
    return f"{1000 * x:,.0f}".replace(",", " ")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_db(scale: int, pg_url: str, tmp: Path) -> str:
    if scale == 1:
        url = f"sqlite:///{tmp / 'bench.db'}"
    else:
        from sqlalchemy import create_engine, make_url, text

        admin = create_engine(make_url(pg_url).set(database="postgres"),
                              isolation_level="AUTOCOMMIT")
        name = make_url(pg_url).database
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        admin.dispose()
        url = pg_url
    t0 = time.perf_counter()
    subprocess.run([str(BIN / "kontrollrum"), "demo", "--scale", str(scale), "--db", url],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    print(f"  demo data, scale {scale}: {time.perf_counter() - t0:.1f} s", flush=True)
    return url


def routes(url: str) -> list[str]:
    import polars as pl

    from queries.db import get_engine
    from queries.views import reference

    ref = reference(get_engine(url))
    org, goals = ref.organisation, ref.goals

    def first(df, **eq):
        for col, val in eq.items():
            df = df.filter(pl.col(col) == val)
        return df["id"][0] if len(df) else "x"

    kf = ref.indicators.filter(pl.col("decided_by") == "kf")["id"]
    return ["/", f"/mal/{first(goals, level='verksamhetsomradesmal')}",
            f"/namnd/{first(org, level='namnd', kind='stadsdelsnamnd')}",
            f"/avdelning/{first(org, level='avdelning')}", f"/enhet/{first(org, level='enhet')}",
            f"/indikator/{kf[0] if len(kf) else 'x'}", "/om", "/styrsignaler", "/jamforelse",
            "/prognoser", "/mote"]


def start_server(db_url: str, port: int, workers: int, redis_url: str | None) -> subprocess.Popen:
    env = {**os.environ, "KONTROLLRUM_DB": db_url, "POLARS_MAX_THREADS": "1"}
    if redis_url:
        env["KONTROLLRUM_REDIS_URL"] = redis_url
        env.setdefault("KONTROLLRUM_SECRET_KEY", "bench-" + "k" * 40)  # signs the cache entries
    proc = subprocess.Popen([str(BIN / "gunicorn"), "app:server", "-w", str(workers), "-b",
                             f"127.0.0.1:{port}", "--timeout", "120", "--log-level", "warning"],
                            cwd=ROOT, env=env, start_new_session=True)
    for _ in range(120):
        try:
            if requests.get(f"http://127.0.0.1:{port}/om", timeout=2).ok:
                return proc
        except requests.RequestException:
            time.sleep(0.5)
    raise SystemExit("gunicorn did not start")


def stop_server(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    proc.wait(timeout=30)


def worker_rss_mb(master: int) -> list[float]:
    out = []
    for pid in subprocess.run(["pgrep", "-P", str(master)], capture_output=True,
                              text=True).stdout.split():
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except OSError:
            continue
        kb = next(int(line.split()[1]) for line in status.splitlines()
                  if line.startswith("VmRSS"))
        out.append(kb / 1024)
    return out


def browse(base: str, paths: list[str], runs: int, folds: int) -> dict:
    """Time-to-drawn per route and the callback bodies each route sends."""
    from playwright.sync_api import sync_playwright

    found: dict[str, dict] = {}
    chromium = os.environ.get("KONTROLLRUM_CHROMIUM", "/usr/bin/chromium")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        for path in paths:
            times, bodies = [], []
            for i in range(runs + 1):  # the first visit warms the server's caches
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                seen: list[str] = []
                page.on("request", lambda r, seen=seen: seen.append(r.post_data)
                        if r.method == "POST" and "_dash-update-component" in r.url else None)
                t0 = time.perf_counter()
                page.goto(base + path)
                page.wait_for_function(DRAWN_JS, timeout=60_000, polling=50)
                if i:
                    times.append(time.perf_counter() - t0)
                if i == runs:
                    first = list(seen)
                    for summary in page.locator("details > summary").all()[:folds]:
                        summary.click()
                        page.wait_for_function(DRAWN_JS, timeout=60_000, polling=50)
                    bodies = [("first render", b) for b in first]
                    bodies += [("opened fold", b) for b in seen[len(first):]]
                page.close()
            found[path] = {"drawn": times, "calls": bodies}
        browser.close()
    return found


def output_name(body: str) -> str:
    try:
        out = json.loads(body).get("output", "?")
    except ValueError:
        return "?"
    return out if len(out) < 60 else out[:57] + "…"


def replay(base: str, found: dict, runs: int) -> list[tuple[str, str, float, float, int]]:
    rows = []
    with requests.Session() as s:
        for path, got in found.items():
            times = []
            for _ in range(runs):
                t0 = time.perf_counter()
                s.get(base + path, timeout=60)
                times.append(time.perf_counter() - t0)
            rows.append((path, "page HTML", pct(times, 0.5), pct(times, 0.95), 0))
            for kind, body in got["calls"]:
                times, size = [], 0
                for _ in range(runs):
                    t0 = time.perf_counter()
                    r = s.post(base + "/_dash-update-component", data=body, timeout=60,
                               headers={"Content-Type": "application/json"})
                    times.append(time.perf_counter() - t0)
                    size = len(r.content)
                rows.append((path, f"{kind}: {output_name(body)}", pct(times, 0.5),
                             pct(times, 0.95), size))
    return rows


def load(base: str, found: dict, users: int, seconds: float, master: int) -> dict:
    lat: list[float] = []
    errors = [0]
    rss: list[float] = []
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def user(seed: int):
        rnd = random.Random(seed)
        with requests.Session() as s:
            while time.monotonic() < stop:
                path = rnd.choice(list(found))
                reqs = [("GET", base + path, None)] + [
                    ("POST", base + "/_dash-update-component", b) for _, b in found[path]["calls"]]
                for method, url, body in reqs:
                    t0 = time.perf_counter()
                    try:
                        r = s.request(method, url, data=body, timeout=30,
                                      headers={"Content-Type": "application/json"} if body else {})
                        bad = r.status_code >= 400
                    except requests.RequestException:
                        bad = True
                    with lock:
                        lat.append(time.perf_counter() - t0)
                        errors[0] += bad

    threads = [threading.Thread(target=user, args=(i,)) for i in range(users)]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        rss.append(max(worker_rss_mb(master) or [0]))
        time.sleep(1)
    took = time.perf_counter() - t0
    return {"requests": len(lat), "rps": len(lat) / took, "errors": errors[0],
            "p50": pct(lat, 0.5), "p95": pct(lat, 0.95), "p99": pct(lat, 0.99),
            "rss_max_mb": max(rss or [0]), "workers_rss_mb": worker_rss_mb(master)}


def run_scale(scale: int, args, tmp: Path) -> None:
    print(f"\n== scale {scale} ({'SQLite' if scale == 1 else 'PostgreSQL'})", flush=True)
    db_url = prepare_db(scale, args.pg, tmp)
    redis_url = args.redis or None
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    port = free_port()
    server = start_server(db_url, port, args.workers, redis_url)
    base = f"http://127.0.0.1:{port}"
    try:
        found = browse(base, routes(db_url), args.runs, args.folds)
        print("\n  browser time-to-drawn (s)          p50     p95   callbacks")
        for path, got in found.items():
            print(f"  {path:34} {pct(got['drawn'], .5):6.2f}  {pct(got['drawn'], .95):6.2f}"
                  f"   {len(got['calls'])}")
        print("\n  server time (ms)                                         p50     p95   bytes")
        for path, what, p50, p95, size in replay(base, found, args.runs):
            print(f"  {path[:22]:22} {what[:34]:34} {ms(p50):>7} {ms(p95):>7} {size:>7}")
        if args.load_seconds > 0:
            got = load(base, found, args.users, args.load_seconds, server.pid)
            print(f"\n  load: {args.users} users, {args.load_seconds:.0f} s, {args.workers} workers:"
                  f" {got['requests']} requests, {got['rps']:.1f}/s, {got['errors']} errors,"
                  f" p50 {ms(got['p50'])} ms, p95 {ms(got['p95'])} ms, p99 {ms(got['p99'])} ms,"
                  f" max RSS per worker {got['rss_max_mb']:.0f} MB")
    finally:
        stop_server(server)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10])
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--folds", type=int, default=3, help="folds opened per page")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--load-seconds", type=float, default=60)
    ap.add_argument("--pg", default=os.environ.get("KONTROLLRUM_BENCH_PG", PG_DEFAULT))
    ap.add_argument("--redis", default=os.environ.get("KONTROLLRUM_REDIS_URL",
                                                      "redis://127.0.0.1:6379/14"),
                    help="shared cache for the workers ('' for a per-process cache)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            run_scale(scale, args, Path(tmp))


if __name__ == "__main__":
    main()
