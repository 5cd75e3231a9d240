"""Attack the shared view cache as whoever can write to the app's Redis would (issue 18).

    .venv/bin/python bench/attack_cache.py                     # 3 workers, 10 rounds
    .venv/bin/python bench/attack_cache.py --rounds 50 --redis redis://127.0.0.1:6379/14

Demo data (scale 1, SQLite), `gunicorn app:server` with the workers sharing the cache in Redis
(the Redis database given is EMPTIED first: use one of its own). Every round overwrites every
cache entry with one kind of forgery — a pickle that would run `touch MARKER`, garbage, an
entry cut short, an entry with one byte flipped, an entry moved under another key, an entry
with a zero signature — and asks each page's data again from every worker. Prints how many
entries were forged, how many answers were identical to the clean ones, 5xx answers, whether
the marker file appeared and how many "refused an entry" lines the workers logged. Asserts
nothing (the short version is tests/test_cache_entry.py). Loopback only.
"""

from __future__ import annotations

import argparse
import os
import pickle
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
PAGES = {  # the page callback's output → its arguments (the goal filled in below)
    "overview-content.children": {},
    "about-content.children": {},
    "goal-content.children": {"goal_id": None},
    "board-content.children": {"org_id": None},
}


class Boom:
    def __init__(self, marker: Path):
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def forgeries(marker: Path, keys: list[bytes], good: dict[bytes, bytes]) -> dict:
    """kind → {key: the value written over it}."""
    def flip(raw: bytes) -> bytes:
        i = len(raw) // 2
        return raw[:i] + bytes([raw[i] ^ 1]) + raw[i + 1:]
    shifted = keys[1:] + keys[:1]
    return {
        "pickle": {k: pickle.dumps(Boom(marker)) for k in keys},
        "garbage": {k: secrets.token_bytes(200) for k in keys},
        "truncated": {k: good[k][: len(good[k]) // 2] for k in keys},
        "flipped": {k: flip(good[k]) for k in keys},
        "moved": {k: good[o] for k, o in zip(keys, shifted, strict=True)},
        "unsigned": {k: good[k][:4] + bytes(32) + good[k][36:] for k in keys},
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    ap.add_argument("--workers", type=int, default=3)
    ap.add_argument("--rounds", type=int, default=10)
    args = ap.parse_args()

    import redis

    from bench.hostile_requests import base_body

    client = redis.Redis.from_url(args.redis)
    client.flushdb()
    tmp = Path(tempfile.mkdtemp(prefix="kr-attack-cache-"))
    marker, log = tmp / "owned", tmp / "workers.log"
    db = f"sqlite:///{tmp / 'demo.db'}"
    subprocess.run([str(BIN / "kontrollrum"), "demo", "--db", db], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL)
    port = free_port()
    env = {**os.environ, "KONTROLLRUM_DB": db, "KONTROLLRUM_REDIS_URL": args.redis,
           "KONTROLLRUM_SECRET_KEY": secrets.token_urlsafe(32), "POLARS_MAX_THREADS": "1"}
    with log.open("w") as out:
        server = subprocess.Popen([str(BIN / "gunicorn"), "app:server", "-w", str(args.workers),
                                   "-b", f"127.0.0.1:{port}", "--log-level", "warning"],
                                  cwd=ROOT, env=env, stdout=out, stderr=out,
                                  start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if requests.get(base + "/halsa", timeout=2).ok:
                    break
            except requests.RequestException:
                time.sleep(0.5)
        from queries.db import get_engine
        from queries.read.views import reference

        ref = reference(get_engine(db))
        goal = ref.goals.filter(ref.goals["level"] == "verksamhetsomradesmal")["id"][0]
        board = ref.organisation.filter(ref.organisation["level"] == "namnd")["id"][0]
        deps = {d["output"]: d for d in requests.get(base + "/_dash-dependencies").json()}
        bodies = {}
        for output, page_args in PAGES.items():
            body = base_body(deps[output])
            filled = {k: (goal if k == "goal_id" else board) for k in page_args}
            body["inputs"][0]["value"] = filled
            bodies[output] = body

        def ask(output: str) -> tuple[int, str]:
            got = requests.post(base + "/_dash-update-component", json=bodies[output],
                                headers={"Origin": base, "Sec-Fetch-Site": "same-origin"},
                                timeout=60)
            return got.status_code, got.text

        clean = {o: ask(o) for o in PAGES}
        broken = [o for o, (status, text) in clean.items()
                  if status != 200 or "Något gick fel" in text]
        if broken:
            raise SystemExit(f"the clean pages do not show: {broken}")
        for o in PAGES:  # every worker has read every page once
            for _ in range(args.workers * 2):
                ask(o)
        keys = sorted(client.keys("kontrollrum:*"))
        good = {k: client.get(k) for k in keys}
        print(f"clean: {len(PAGES)} pages, {len(keys)} cache entries in Redis, "
              f"{args.workers} workers", flush=True)
        figures: dict[str, Counter] = {}
        t0 = time.perf_counter()
        for r in range(args.rounds):
            for kind, values in forgeries(marker, keys, good).items():
                c = figures.setdefault(kind, Counter())
                for k, v in values.items():
                    client.set(k, v)
                c["forged"] += len(values)
                for o in PAGES:
                    for _ in range(args.workers):
                        status, text = ask(o)
                        c["asked"] += 1
                        c["identical"] += (status, text) == clean[o]
                        c["5xx"] += status >= 500
                good = {k: client.get(k) for k in keys}  # rewritten, signed, by the workers
            print(f"  round {r + 1}/{args.rounds}", flush=True)
        took = time.perf_counter() - t0
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    refused = sum("refused an entry" in line for line in log.read_text().splitlines())
    print(f"\n{'forgery':<10} {'forged':>7} {'asked':>6} {'identical':>9} {'5xx':>4}")
    for kind, c in figures.items():
        print(f"{kind:<10} {c['forged']:>7} {c['asked']:>6} {c['identical']:>9} {c['5xx']:>4}")
    total = sum((c for c in figures.values()), Counter())
    print(f"{'all':<10} {total['forged']:>7} {total['asked']:>6} {total['identical']:>9} "
          f"{total['5xx']:>4}")
    print(f"\nmarker file created (code ran): {'JA' if marker.exists() else 'nej'}")
    print(f"'refused an entry' log lines: {refused} (for {total['asked']} requests; once per "
          f"view, reason and worker)")
    print(f"time: {took:.1f} s")


if __name__ == "__main__":
    main()
