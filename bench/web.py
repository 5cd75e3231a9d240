"""Benchmark as a user meets the app: through HTTP, gunicorn and the Dash endpoint, in Chromium.

    .venv/bin/python bench/web.py                      # scale 1 on SQLite, scale 10 on PostgreSQL
    .venv/bin/python bench/web.py --scales 1 --runs 10 --load-seconds 20
    .venv/bin/python bench/web.py --quick              # 1 run, 5 s load, scale 1: does it work?

For each scale: fresh demo data, `gunicorn app:server` with 4 workers, then
1. **browser**: every route opened in headless Chromium: cold (a new browser profile, 3 times)
   and warm (`runs` times in one profile whose HTTP cache holds the bundles); time-to-drawn =
   from navigation to the page's last change (DOM mutation or callback answer) before it
   rests: no Dash loading state, no callback request on its way, QUIET_MS without change; bytes transferred as on the wire
   (compressed); where the time until drawn went (the main thread's JavaScript, style and
   layout, from Chromium's performance metrics; the rest is waiting for network and server);
   every callback request the page makes is recorded (the first render, then the folds a
   user opens) — those are the interactions;
2. **server**: the page and each recorded callback replayed over HTTP `runs` times: wall
   p50/p95 (loopback), the workers' CPU per request (mean of the runs), bytes sent
   (compressed) and bytes of data;
3. **after a save**: a board's draft saved through the app's write path
   (`save_assessment`, in this process, on the same database), then the first callback of the
   start page and of /mote for the same period and for another one: wall and workers' CPU,
   as the public (sees no drafts) and as a demo SLK controller (sees every draft);
4. **mixed load**: `users` concurrent clients for `load-seconds`, `savers` of them saving
   drafts (each its own assessment, through the write path) while the others replay random
   routes (the page's HTML, then its callbacks): errors (by kind), read and save p50/p95,
   RSS per worker;
5. **cost growth**: time until drawn (warm p50) and the server's CPU per page (its callbacks
   summed) over data sizes (`--growth`: scale 1, 3, 10, and scale 1 with `--years` of
   history), with the ratio long history / four years: the slope of each page's cost.
Prints figures; asserts nothing (targets are read off this output). Loopback only.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import signal
import socket
import statistics
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
# Drawn = the page's content is there, nothing is loading, no callback request is on its way,
# and the page has not changed for QUIET_MS. Without the last two, a page whose callbacks come
# in a chain (/jamforelse: the content, then the trend and the periods) counted as drawn in the
# moment between one answer and the next request (1 load in 5 at scale 10, 1.3 s instead of
# 2.5 s). The time until drawn is the page's last change: its last DOM mutation or callback
# answer, in ms since the navigation began (`performance.now()`).
QUIET_MS = 400
WATCH_JS = """(() => {
  const w = window.__krWatch = {inflight: 0, last: 0};
  const seen = () => { w.last = performance.now(); };
  const fetch0 = window.fetch;
  window.fetch = function (input, init) {
    const url = String(input && input.url || input);
    if (!url.includes('_dash-update-component')) return fetch0.apply(this, arguments);
    w.inflight += 1;
    seen();
    return fetch0.apply(this, arguments).finally(() => { w.inflight -= 1; seen(); });
  };
  new MutationObserver(seen).observe(document, {subtree: true, childList: true,
                                                attributes: true, characterData: true});
})();"""
DRAWN_JS = """() => {
  const content = document.querySelector('.kr-page');
  if (!content || !content.children.length) return false;
  if (document.querySelector('[data-dash-is-loading="true"]')) return false;
  if (document.querySelector('details[open] .kr-fold-pending')) return false;
  const w = window.__krWatch;
  return w.inflight === 0 && performance.now() - w.last >= %d;
}""" % QUIET_MS


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, int(round(q * (len(s) - 1))))] if s else float("nan")


def ms(x: float) -> str:
    return "–" if x != x else f"{1000 * x:,.0f}".replace(",", " ")


def table(head: list[str], rows: list[list], first: int = 30, left: int = 1) -> str:
    """A plain-text table: the first `left` columns left-aligned (the first cut to `first`
    characters with …), the others right-aligned; each as wide as its widest cell."""
    def cut(text: str) -> str:
        return text if len(text) <= first else text[:first - 1] + "…"

    cells = [[cut(str(r[0]))] + [str(c) for c in r[1:]] for r in [head, *rows]]
    widths = [max(len(r[i]) for r in cells) for i in range(len(head))]
    return "\n".join("  " + "  ".join(
        c.ljust(w) if i < left else c.rjust(w) for i, (c, w) in enumerate(
            zip(r, widths, strict=True))).rstrip() for r in cells)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def prepare_db(scale: int, pg_url: str, tmp: Path, years: int = 4) -> str:
    if scale == 1:
        url = f"sqlite:///{tmp / f'bench-{years}.db'}"
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
    subprocess.run([str(BIN / "kontrollrum"), "demo", "--scale", str(scale), "--years",
                    str(years), "--db", url], check=True, cwd=ROOT, stdout=subprocess.DEVNULL)
    print(f"  demo data, scale {scale}, {years} years: {time.perf_counter() - t0:.1f} s",
          flush=True)
    return url


def routes(url: str) -> list[str]:
    import polars as pl

    from queries.db import get_engine
    from queries.read.views import reference

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
    env = {**os.environ, "KONTROLLRUM_DB": db_url, "POLARS_MAX_THREADS": "1",
           "KONTROLLRUM_DEMO_LOGIN": "1"}  # the demo SLK controller of the after-save figures
    env.setdefault("KONTROLLRUM_SECRET_KEY", "bench-" + "k" * 40)  # sessions, cache entries
    if redis_url:
        env["KONTROLLRUM_REDIS_URL"] = redis_url
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

        def visit(context, path: str, seen: list | None = None) -> tuple[float, int, dict]:
            page = context.new_page()
            cdp = context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Performance.enable")
            wire = [0]
            cdp.on("Network.loadingFinished",
                   lambda e: wire.__setitem__(0, wire[0] + int(e["encodedDataLength"])))
            if seen is not None:
                page.on("request", lambda r: seen.append(r.post_data)
                        if r.method == "POST" and "_dash-update-component" in r.url else None)
            page.add_init_script(WATCH_JS)
            page.goto(base + path, timeout=180_000)
            try:
                page.wait_for_function(DRAWN_JS, timeout=180_000, polling=50)
            except Exception as exc:  # noqa: BLE001 - say which page, then stop
                raise SystemExit(f"{path} was not drawn within 180 s: {exc}") from None
            took = page.evaluate("() => window.__krWatch.last") / 1000
            # where the browser's main thread spent the time until drawn (seconds)
            metrics = {m["name"]: m["value"]
                       for m in cdp.send("Performance.getMetrics")["metrics"]}
            spent = {"task": metrics.get("TaskDuration", 0.0),
                     "script": metrics.get("ScriptDuration", 0.0),
                     "layout": metrics.get("LayoutDuration", 0.0)
                     + metrics.get("RecalcStyleDuration", 0.0)}
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
            return took, wire[0], spent

        for path in paths:
            visit(warm, path)  # warms the server's caches and this profile's HTTP cache
            cold, cold_bytes = [], 0
            for _ in range(min(3, runs)):
                context = browser.new_context(viewport=viewport)
                took, cold_bytes, _ = visit(context, path)
                cold.append(took)
                context.close()
            times, warm_bytes, spent = [], 0, []
            for _ in range(runs):
                took, warm_bytes, where = visit(warm, path)
                times.append(took)
                spent.append(where)
            bodies: list = []
            visit(warm, path, bodies)
            found[path] = {"drawn": times, "cold": cold, "cold_bytes": cold_bytes,
                           "warm_bytes": warm_bytes, "calls": bodies,
                           "main_thread": {k: statistics.median(w[k] for w in spent)
                                           for k in ("task", "script", "layout")}}
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


def timed(s: requests.Session, method: str, url: str, body: str | None, master: int,
          headers: dict | None = None) -> tuple[float, float, requests.Response]:
    """One request, alone on the server: (wall, the workers' CPU, response). CPU comes from
    /proc in 10 ms ticks, so one request's figure is coarse; percentiles over runs are not."""
    cpu0 = workers_cpu(master)
    t0 = time.perf_counter()
    r = s.request(method, url, data=body, timeout=60, headers={
        "Accept-Encoding": "gzip, deflate, br", **(headers or {}),
        **({"Content-Type": "application/json"} if body else {})})
    wall = time.perf_counter() - t0
    return wall, workers_cpu(master) - cpu0, r


def replay(base: str, found: dict, runs: int, master: int) -> list[tuple]:
    """Each recorded request `runs` times, one at a time: wall p50/p95, the workers' CPU per
    request p50/p95, bytes compressed and uncompressed."""
    rows = []
    with requests.Session() as s:
        for path, got in found.items():
            reqs = [("page HTML", "GET", base + path, None)] + [
                (f"{kind}: {output_name(body)}", "POST", base + "/_dash-update-component", body)
                for kind, body in got["calls"]]
            for what, method, url, body in reqs:
                times, cpus, wire, size = [], [], 0, 0
                for _ in range(runs):
                    wall, cpu, r = timed(s, method, url, body, master)
                    times.append(wall)
                    cpus.append(cpu)
                    size = len(r.content)
                    wire = int(r.headers.get("Content-Length", size))
                rows.append((path, what, pct(times, 0.5), pct(times, 0.95), pct(cpus, 0.5),
                             pct(cpus, 0.95), wire, size))
    return rows


# --- a board's draft, saved through the app's write path -----------------------------------

def draft_rows(db_url: str, n: int) -> list[dict]:
    """`n` draft assessments of the demo (different boards first), to save again."""
    from sqlalchemy import select

    from queries.db import get_engine
    from queries.schema import assessment as a

    with get_engine(db_url).connect() as conn:
        rows = [dict(r) for r in conn.execute(select(a).where(a.c.status == "utkast")
                                              .order_by(a.c.year.desc(), a.c.org_id, a.c.goal_id)
                                              ).mappings()]
    seen, first, rest = set(), [], []
    for r in rows:
        (rest if r["org_id"] in seen else first).append(r)
        seen.add(r["org_id"])
    return (first + rest)[:n]


def save_draft(db_url: str, row: dict, token: str) -> float:
    """Save `row` again as its board's user, with a new motivation; returns the wall time."""
    from sqlalchemy import select

    from ils.access import Viewer
    from queries.db import get_engine
    from queries.schema import assessment as a
    from queries.write.assessments_write import save_assessment

    engine = get_engine(db_url)
    key = ((a.c.goal_id == row["goal_id"]) & (a.c.org_id == row["org_id"])
           & (a.c.year == row["year"]) & (a.c.period == row["period"]))
    t0 = time.perf_counter()
    with engine.connect() as conn:
        version = conn.execute(select(a.c.version).where(key)).scalar() or 0
    save_assessment(engine, Viewer(role="namnd", orgs=(row["org_id"],), name="Bänk"),
                    row["goal_id"], row["org_id"], row["year"], row["period"],
                    row["assessment"], row["basis"],
                    f"Bänkens utkast {token}: prognosen bygger på höstens mätning.", version)
    return time.perf_counter() - t0


def with_period(body: str, year: int, period: str) -> str | None:
    """A recorded first-render body with its page arguments set to (year, period); None when
    its first input is not the page's arguments."""
    got = json.loads(body)
    first = (got.get("inputs") or [None])[0]
    if not isinstance(first, dict) or not isinstance(first.get("value"), dict) \
            or not str(first.get("id", "")).endswith("-args"):
        return None
    first["value"] = {**first["value"], "ar": str(year), "period": period}
    return json.dumps(got)


def demo_session(base: str, user: str) -> requests.Session:
    """A session signed in as a demo user (`KONTROLLRUM_DEMO_LOGIN`)."""
    s = requests.Session()
    s.headers["Origin"] = base
    r = s.post(base + "/logga-in/demo", data={"anvandare": user}, timeout=30)
    if not r.ok or not s.cookies:
        raise SystemExit(f"demo sign-in as {user} failed: {r.status_code}")
    return s


def after_save(base: str, found: dict, db_url: str, runs: int, master: int) -> list[tuple]:
    """The first callback after a draft is saved: the start page's and /mote's, for the
    saved period and for another, as the public and as the demo SLK controller."""
    row = draft_rows(db_url, 1)
    if not row:
        return []
    row = row[0]
    year, period = row["year"], row["period"]
    other = (year, "VB" if period != "VB" else "T2")
    out = []
    viewers = [("publik", requests.Session()), ("slk", demo_session(base, "slk"))]
    for path in ("/", "/mote"):
        first = [b for kind, b in found.get(path, {}).get("calls", [])
                 if kind == "first render" and with_period(b, year, period)]
        if not first:
            continue
        for who, s in viewers:
            for label, (y, p) in (("same", (year, period)), ("other", other)):
                body = with_period(first[0], y, p)
                url = base + "/_dash-update-component"
                timed(s, "POST", url, body, master)  # cached before the save
                walls, cpus, saves = [], [], []
                for i in range(runs):
                    saves.append(save_draft(db_url, row, f"{path}-{who}-{label}-{i}"))
                    wall, cpu, r = timed(s, "POST", url, body, master)
                    if r.status_code >= 400:
                        raise SystemExit(f"after a save, {path} answered {r.status_code}")
                    walls.append(wall)
                    cpus.append(cpu)
                out.append((path, who, f"{label} {p} {y}", pct(walls, .5), pct(walls, .95),
                            pct(cpus, .5), pct(cpus, .95), pct(saves, .95)))
    for _, s in viewers:
        s.close()
    return out


def load(base: str, found: dict, users: int, seconds: float, master: int, db_url: str,
         savers: int = 0) -> dict:
    """`users` clients for `seconds`: `savers` of them save drafts (each its own), the others
    replay random routes. Reads and saves timed apart; errors of both counted."""
    lat: list[float] = []
    saved: list[float] = []
    errors = [0]
    kinds: collections.Counter = collections.Counter()  # what went wrong, by kind
    rss: list[float] = []
    stop = time.monotonic() + seconds
    lock = threading.Lock()
    rows = draft_rows(db_url, savers)

    def saver(row: dict, seed: int):
        i = 0
        while time.monotonic() < stop:
            i += 1
            kind = None
            try:
                took = save_draft(db_url, row, f"last-{seed}-{i}")
            except Exception as exc:  # noqa: BLE001 - counted by kind, the run goes on
                took, kind = float("nan"), f"save: {type(exc).__name__}: {str(exc)[:70]}"
            with lock:
                if kind is None:
                    saved.append(took)
                else:
                    errors[0] += 1
                    kinds[kind] += 1

    def user(seed: int):
        rnd = random.Random(seed)
        with requests.Session() as s:
            while time.monotonic() < stop:
                path = rnd.choice(list(found))
                reqs = [("GET", base + path, None)] + [
                    ("POST", base + "/_dash-update-component", b) for _, b in found[path]["calls"]]
                for method, url, body in reqs:
                    t0 = time.perf_counter()
                    kind = None
                    try:
                        r = s.request(method, url, data=body, timeout=30,
                                      headers={"Content-Type": "application/json"} if body else {})
                        if r.status_code >= 400:
                            kind = f"read: HTTP {r.status_code}"
                    except requests.RequestException as exc:
                        kind = f"read: {type(exc).__name__}"
                    with lock:
                        lat.append(time.perf_counter() - t0)
                        if kind is not None:
                            errors[0] += 1
                            kinds[kind] += 1

    threads = [threading.Thread(target=saver, args=(row, i)) for i, row in enumerate(rows)]
    threads += [threading.Thread(target=user, args=(i,)) for i in range(users - len(threads))]
    t0 = time.perf_counter()
    for t in threads:
        t.start()
    while any(t.is_alive() for t in threads):
        rss.append(max(worker_rss_mb(master) or [0]))
        time.sleep(1)
    took = time.perf_counter() - t0
    return {"requests": len(lat), "rps": len(lat) / took, "errors": errors[0],
            "error_kinds": dict(kinds),
            "p50": pct(lat, 0.5), "p95": pct(lat, 0.95), "p99": pct(lat, 0.99),
            "saves": len(saved), "savers": len(rows), "save_p50": pct(saved, 0.5),
            "save_p95": pct(saved, 0.95),
            "rss_max_mb": max(rss or [0]), "workers_rss_mb": worker_rss_mb(master)}


def per_page(found: dict, rows: list[tuple]) -> dict[str, tuple[float, float]]:
    """Page → (time until drawn warm p50, the server's CPU for the page: its HTML and
    callbacks, p50 each, summed): one cell of the cost-growth table."""
    cpu: dict[str, float] = {}
    for path, _what, _p50, _p95, cpu50, _cpu95, _wire, _size in rows:
        cpu[path] = cpu.get(path, 0.0) + cpu50
    return {path: (pct(got["drawn"], .5), cpu.get(path, float("nan")))
            for path, got in found.items()}


def page_name(path: str) -> str:
    """/mal/<id> → /mal/…: the same page at every size (ids differ between data sets)."""
    parts = path.split("/")
    return "/".join(parts[:2]) + ("/…" if len(parts) > 2 else "")


def run_size(scale: int, years: int, args, tmp: Path, full: bool) -> dict:
    """One data size on a fresh server: the browser and the callbacks (and with `full` the
    after-save figures and the mixed load). Returns the size's cost-growth cells."""
    where = "SQLite" if scale == 1 else "PostgreSQL"
    print(f"\n== scale {scale}, {years} years ({where})", flush=True)
    db_url = prepare_db(scale, args.pg, tmp, years)
    redis_url = args.redis or None
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()
    port = free_port()
    server = start_server(db_url, port, args.workers, redis_url)
    base = f"http://127.0.0.1:{port}"
    try:
        found = browse(base, routes(db_url), args.runs, args.folds)
        print("\n  time until drawn (s), bytes transferred (kB, compressed)")
        print(table(["page", "cold p50", "cold p95", "warm p50", "warm p95", "first visit kB",
                     "again kB", "callbacks"],
                    [[path, f"{pct(g['cold'], .5):.2f}", f"{pct(g['cold'], .95):.2f}",
                      f"{pct(g['drawn'], .5):.2f}", f"{pct(g['drawn'], .95):.2f}",
                      kb(g["cold_bytes"]), kb(g["warm_bytes"]), len(g["calls"])]
                     for path, g in found.items()]))
        print("\n  where the time until drawn goes (warm, median s): the browser's main thread "
              "busy (of it running JavaScript, and style and layout); the rest is waiting for "
              "the network and the server")
        print(table(["page", "drawn", "main thread", "script", "style+layout", "waiting"],
                    [[path, f"{pct(g['drawn'], .5):.2f}", f"{g['main_thread']['task']:.2f}",
                      f"{g['main_thread']['script']:.2f}", f"{g['main_thread']['layout']:.2f}",
                      f"{max(0.0, pct(g['drawn'], .5) - g['main_thread']['task']):.2f}"]
                     for path, g in found.items()]))
        rows = replay(base, found, args.runs, server.pid)
        print("\n  server, one request at a time (ms; CPU = the workers' CPU per request)")
        print(table(["page", "request", "wall p50", "wall p95", "CPU p50", "CPU p95",
                     "kB sent", "kB data"],
                    [[path, what[:40], ms(p50), ms(p95), ms(c50), ms(c95), kb(wire), kb(size)]
                     for path, what, p50, p95, c50, c95, wire, size in rows], first=22,
                    left=2))
        if full:
            got = after_save(base, found, db_url, args.runs, server.pid)
            if got:
                print("\n  the first callback after a draft is saved (ms)")
                print(table(["page", "viewer", "period", "wall p50", "wall p95", "CPU p50",
                             "CPU p95", "save p95"],
                            [[path, who, per, ms(w50), ms(w95), ms(c50), ms(c95), ms(sv)]
                             for path, who, per, w50, w95, c50, c95, sv in got], left=3))
            if args.load_seconds > 0:
                got = load(base, found, args.users, args.load_seconds, server.pid, db_url,
                           args.savers)
                print(f"\n  mixed load: {args.users} users ({got['savers']} saving drafts), "
                      f"{args.load_seconds:.0f} s, {args.workers} workers")
                print(table(["", "count", "p50 ms", "p95 ms", "p99 ms"], [
                    ["reads", got["requests"], ms(got["p50"]), ms(got["p95"]), ms(got["p99"])],
                    ["saves", got["saves"], ms(got["save_p50"]), ms(got["save_p95"]), ""]]))
                print(f"  {got['rps']:.1f} reads/s, {got['errors']} errors, RSS per worker: max "
                      f"{got['rss_max_mb']:.0f} MB, at the end "
                      + ", ".join(f"{m:.0f}" for m in got["workers_rss_mb"]) + " MB")
                for kind, n in sorted(got.get("error_kinds", {}).items(), key=lambda kv: -kv[1]):
                    print(f"    {n:>5} × {kind}")
        return {page_name(p): v for p, v in per_page(found, rows).items()}
    finally:
        stop_server(server)


def kb(n: float) -> str:
    return f"{n / 1000:,.0f}".replace(",", " ")


def growth_table(cells: dict[tuple[int, int], dict], long_years: int) -> str:
    """Each page's time until drawn and server CPU per data size, and long/4 years."""
    sizes = sorted(cells)
    pages = list(dict.fromkeys(p for size in sizes for p in cells[size]))
    head = ["page"]
    for i, what in enumerate(("drawn", "CPU")):
        head += [f"{what} s{sc}" + (f"/{y}y" if y != 4 else "") + (" ms" if i else " s")
                 for sc, y in sizes]
    ratio = (1, 4) in cells and (1, long_years) in cells and long_years != 4
    if ratio:
        head += [f"drawn {long_years}y/4y", f"CPU {long_years}y/4y"]
    rows = []
    for page in pages:
        got = [cells[size].get(page, (float("nan"), float("nan"))) for size in sizes]
        row = [page] + ["–" if d != d else f"{d:.2f}" for d, _ in got] + [ms(c) for _, c in got]
        if ratio:
            short = cells[(1, 4)].get(page, (float("nan"),) * 2)
            long = cells[(1, long_years)].get(page, (float("nan"),) * 2)
            row += [ratio_text(long[0], short[0]), ratio_text(long[1], short[1])]
        rows.append(row)
    return table(head, rows, first=16)


def ratio_text(a: float, b: float) -> str:
    return "–" if not b or a != a or b != b else f"{a / b:.2f}×"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scales", type=int, nargs="+", default=[1, 10],
                    help="full runs (browser, callbacks, after a save, mixed load)")
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--folds", type=int, default=3, help="folds opened per page")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--users", type=int, default=50)
    ap.add_argument("--savers", type=int, default=10, help="of the users, how many save drafts")
    ap.add_argument("--load-seconds", type=float, default=60)
    ap.add_argument("--growth", type=int, nargs="*", default=[1, 3, 10],
                    help="scales of the cost-growth table (none: no table)")
    ap.add_argument("--years", type=int, default=15,
                    help="the long history of the cost-growth table, at scale 1")
    ap.add_argument("--growth-runs", type=int, default=3,
                    help="runs per page at the growth table's sizes without a full run")
    ap.add_argument("--quick", action="store_true",
                    help="does it work: 1 run, 5 s load, scale 1 (4 and --years years)")
    ap.add_argument("--pg", default=os.environ.get("KONTROLLRUM_BENCH_PG", PG_DEFAULT))
    ap.add_argument("--redis", default=os.environ.get("KONTROLLRUM_REDIS_URL",
                                                      "redis://127.0.0.1:6379/14"),
                    help="shared cache for the workers ('' for a per-process cache)")
    args = ap.parse_args()
    if args.quick:
        args.runs, args.load_seconds, args.scales, args.growth_runs = 1, 5, [1], 1
        args.growth = [1] if args.growth else []
    print(f"bench/web.py {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} cores, "
          f"{args.workers} workers, runs {args.runs}", flush=True)
    cells: dict[tuple[int, int], dict] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for scale in args.scales:
            cells[(scale, 4)] = run_size(scale, 4, args, Path(tmp), full=True)
        sizes = [(sc, 4) for sc in args.growth] + ([(1, args.years)] if args.growth else [])
        full_runs = args.runs
        args.runs = args.growth_runs
        for size in sizes:
            if size not in cells:
                cells[size] = run_size(*size, args, Path(tmp), full=False)
        args.runs = full_runs
    if args.growth:
        print("\n== cost growth: time until drawn (warm p50) and server CPU per page "
              "(p50, its requests summed) per size (s = scale, y = years of history)")
        print(growth_table({k: v for k, v in cells.items() if k in sizes}, args.years))


if __name__ == "__main__":
    main()
