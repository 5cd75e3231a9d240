"""Benchmark as a user meets the app: through HTTP, gunicorn and the Dash endpoint, in Chromium.

    .venv/bin/python bench/web.py                      # scale 1 on SQLite, scale 10 on PostgreSQL
    .venv/bin/python bench/web.py --scales 1 --runs 10 --load-seconds 20

For each scale: fresh demo data, `gunicorn app:server` with 4 workers, then
1. **browser**: every route opened in headless Chromium: cold (a new browser profile, 3 times)
   and warm (`runs` times in one profile whose HTTP cache holds the bundles); time-to-drawn =
   from navigation until no Dash loading state remains; bytes transferred as on the wire
   (compressed); every callback request the page makes is recorded (the first render, then
   the folds a user opens) — those are the interactions;
2. **server**: the page and each recorded callback replayed over HTTP `runs` times: wall
   p50/p95 (loopback), the workers' CPU per request (mean of the runs), bytes sent
   (compressed) and bytes of data;
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
    """Time-to-drawn per route, cold (a new browser profile: empty HTTP cache) and warm (one
    profile whose cache holds the bundles), the bytes each transfers (compressed, as on the
    wire), and the callback bodies each route sends."""
    from playwright.sync_api import sync_playwright

    found: dict[str, dict] = {}
    chromium = os.environ.get("KONTROLLRUM_CHROMIUM", "/usr/bin/chromium")
    viewport = {"width": 1280, "height": 900}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        warm = browser.new_context(viewport=viewport)

        def visit(context, path: str, seen: list | None = None) -> tuple[float, int]:
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            wire = [0]
            cdp.on("Network.loadingFinished",
                   lambda e: wire.__setitem__(0, wire[0] + int(e["encodedDataLength"])))
            if seen is not None:
                page.on("request", lambda r: seen.append(r.post_data)
                        if r.method == "POST" and "_dash-update-component" in r.url else None)
            t0 = time.perf_counter()
            page.goto(base + path, timeout=180_000)
            try:
                page.wait_for_function(DRAWN_JS, timeout=180_000, polling=50)
            except Exception as exc:  # noqa: BLE001 - say which page, then stop
                raise SystemExit(f"{path} was not drawn within 180 s: {exc}") from None
            took = time.perf_counter() - t0
            # the bytes: charts fetch plotly.js after the first drawing; wait until all came
            page.wait_for_function("() => !document.querySelector('.dash-graph--pending')",
                                   timeout=180_000, polling=50)
            for _ in range(50):
                before = wire[0]
                page.wait_for_timeout(300)
                if wire[0] == before:
                    break
            if seen is not None:
                first = list(seen)
                for summary in page.locator("details > summary").all()[:folds]:
                    summary.click()
                    page.wait_for_function(DRAWN_JS, timeout=180_000, polling=50)
                seen[:] = [("first render", b) for b in first] + [
                    ("opened fold", b) for b in seen[len(first):]]
            page.close()
            return took, wire[0]

        for path in paths:
            visit(warm, path)  # warms the server's caches and this profile's HTTP cache
            cold, cold_bytes = [], 0
            for _ in range(min(3, runs)):
                context = browser.new_context(viewport=viewport)
                took, cold_bytes = visit(context, path)
                cold.append(took)
                context.close()
            times, warm_bytes = [], 0
            for _ in range(runs):
                took, warm_bytes = visit(warm, path)
                times.append(took)
            bodies: list = []
            visit(warm, path, bodies)
            found[path] = {"drawn": times, "cold": cold, "cold_bytes": cold_bytes,
                           "warm_bytes": warm_bytes, "calls": bodies}
        warm.close()
        browser.close()
    return found


def workers_cpu(master: int) -> float:
    """CPU seconds the server's workers have used (user + system)."""
    total = 0
    for pid in subprocess.run(["pgrep", "-P", str(master)], capture_output=True,
                              text=True).stdout.split():
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def output_name(body: str) -> str:
    try:
        out = json.loads(body).get("output", "?")
    except ValueError:
        return "?"
    return out if len(out) < 60 else out[:57] + "…"


def replay(base: str, found: dict, runs: int, master: int) -> list[tuple]:
    """Each recorded request `runs` times, one at a time: wall p50/p95, the workers' CPU per
    request (mean: /proc counts in 10 ms ticks), bytes compressed and uncompressed."""
    rows = []
    headers = {"Accept-Encoding": "gzip, deflate, br"}
    with requests.Session() as s:
        for path, got in found.items():
            reqs = [("page HTML", "GET", base + path, None)] + [
                (f"{kind}: {output_name(body)}", "POST", base + "/_dash-update-component", body)
                for kind, body in got["calls"]]
            for what, method, url, body in reqs:
                times, wire, size = [], 0, 0
                cpu0 = workers_cpu(master)
                for _ in range(runs):
                    t0 = time.perf_counter()
                    r = s.request(method, url, data=body, timeout=60, headers={
                        **headers, **({"Content-Type": "application/json"} if body else {})})
                    times.append(time.perf_counter() - t0)
                    size = len(r.content)
                    wire = int(r.headers.get("Content-Length", size))
                cpu = (workers_cpu(master) - cpu0) / runs
                rows.append((path, what, pct(times, 0.5), pct(times, 0.95), cpu, wire, size))
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
        print("\n  time until drawn (s)        cold p50  cold p95  warm p50  warm p95"
              "   first visit kB  again kB  callbacks")
        for path, got in found.items():
            print(f"  {path[:28]:28} {pct(got['cold'], .5):8.2f}  {pct(got['cold'], .95):8.2f}"
                  f"  {pct(got['drawn'], .5):8.2f}  {pct(got['drawn'], .95):8.2f}"
                  f"   {got['cold_bytes'] / 1000:14,.0f}  {got['warm_bytes'] / 1000:8,.0f}"
                  f"  {len(got['calls']):9}".replace(",", " "))
        print("\n  server (ms; CPU = workers' CPU per request, mean)          wall p50  wall p95"
              "  CPU   kB sent  kB data")
        for path, what, p50, p95, cpu, wire, size in replay(base, found, args.runs, server.pid):
            print(f"  {path[:22]:22} {what[:34]:34} {ms(p50):>8} {ms(p95):>8} {ms(cpu):>5}"
                  f" {wire / 1000:8.0f} {size / 1000:8.0f}")
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
