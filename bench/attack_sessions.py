#!/usr/bin/env python3
"""Session replay after sign-out and after role removal, over HTTP against gunicorn (issue 18).

Starts an OpenID Connect test provider (oidc-provider-mock, the `test` extra) and
`gunicorn app:server` with two workers on 127.0.0.1, an empty SQLite database and a role file
that makes the group `admins` administrators. Each round:

1. signs in as a member of `admins` (the provider's real code flow), copies the cookie, signs
   out, and replays the copy: on the other worker too, as a page and as a callback POST;
2. signs in again, removes `admins` from the role file, and asks once more with the same
   cookie: the next request must already be a reader;
3. starts 30 sign-ins it never finishes, then one it finishes: it must work.

Prints how many replays signed someone in, how many requests kept a removed role, how many
sign-ins were blocked (all three must be 0) and the time per request.

    python -m bench.attack_sessions [--rounds N] [--max-seconds S]

Loopback only; bounded by rounds (default 20) and time (default 300 s).
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
ROLES = '[groups]\n"admins" = "admin"\n"ks" = ["lasare"]\n'
ORIGIN_HEADERS = {"Sec-Fetch-Site": "same-origin"}
ADMIN_MARK, READER_MARK = "Administratör", "Läsare"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_app(env: dict, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([str(BIN / "gunicorn"), "app:server", "-w", "2", "-b",
                             f"127.0.0.1:{port}", "--log-level", "warning"],
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    for _ in range(300):
        try:
            if requests.get(f"http://127.0.0.1:{port}/halsa", timeout=2).ok:
                return proc
        except requests.RequestException:
            pass
        time.sleep(0.2)
    proc.kill()
    raise SystemExit("gunicorn did not start")


class Browser:
    """A browser: a cookie jar, and the headers a browser sends."""

    def __init__(self, base: str):
        self.base, self.http = base, requests.Session()
        self.http.headers.update(ORIGIN_HEADERS)
        self.times: list[float] = []

    def get(self, path: str, **kw) -> requests.Response:
        t0 = time.perf_counter()
        got = self.http.get(self.base + path, allow_redirects=False, timeout=30, **kw)
        self.times.append(time.perf_counter() - t0)
        return got

    def post(self, path: str, **kw) -> requests.Response:
        t0 = time.perf_counter()
        got = self.http.post(self.base + path, allow_redirects=False, timeout=30, **kw)
        self.times.append(time.perf_counter() - t0)
        return got

    def sign_in(self, sub: str) -> bool:
        start = self.get("/logga-in")
        if start.status_code != 302:
            return False
        back = requests.post(start.headers["Location"], data={"sub": sub},
                             allow_redirects=False, timeout=30)
        parts = urlsplit(back.headers.get("Location", ""))
        done = self.get(parts.path, params=parts.query)
        return done.status_code == 303

    def role(self) -> str:
        """Who the app says this browser is: the shell's role text, or "" for the public."""
        layout = json.dumps(self.get("/_dash-layout").json(), ensure_ascii=False)
        if "Logga ut" not in layout:
            return ""
        return ADMIN_MARK if ADMIN_MARK in layout else READER_MARK

    def cookie(self) -> str:
        return self.http.cookies.get("kontrollrum", "")


def replay(base: str, cookie: str) -> tuple[bool, bool]:
    """(signed in as a page, accepted as a signed-in POST) for a copy of `cookie`."""
    thief = Browser(base)
    thief.http.cookies.set("kontrollrum", cookie)
    page = thief.role() != ""
    got = thief.post("/logga-ut")  # a signed-in POST would sign out: 303 either way
    return page, got.status_code == 303 and "Set-Cookie" in got.headers


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--max-seconds", type=float, default=300)
    args = ap.parse_args(argv)
    import logging

    from oidc_provider_mock import User, run_server_in_thread

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # the provider's request log

    users = [User(sub="anna", claims={"name": "Anna Admin", "groups": ["admins", "ks"]})]
    tmp = Path(tempfile.mkdtemp(prefix="kr-sessions-"))
    roles = tmp / "roles.toml"
    roles.write_text(ROLES, encoding="utf-8")
    with run_server_in_thread(user_claims=users) as provider:
        env = {**os.environ, "KONTROLLRUM_DB": f"sqlite:///{tmp / 'k.db'}",
               "KONTROLLRUM_OIDC_ISSUER": f"http://localhost:{provider.server_port}",
               "KONTROLLRUM_OIDC_CLIENT_ID": "kontrollrum",
               "KONTROLLRUM_OIDC_CLIENT_SECRET": "bench-secret",
               "KONTROLLRUM_SECRET_KEY": "bench-" + "k" * 40, "KONTROLLRUM_ROLES": str(roles)}
        for name in ("KONTROLLRUM_REDIS", "KONTROLLRUM_BASE_URL", "KONTROLLRUM_HTTPS",
                     "KONTROLLRUM_DEMO_LOGIN", "KONTROLLRUM_OIDC_LOGOUT"):
            env.pop(name, None)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        app = start_app(env, port)
        figures = {"rounds": 0, "sign_ins": 0, "replays": 0, "replays_signed_in": 0,
                   "kept_removed_role": 0, "blocked_sign_ins": 0}
        times: list[float] = []
        deadline = time.monotonic() + args.max_seconds
        try:
            for _ in range(args.rounds):
                if time.monotonic() > deadline:
                    break
                roles.write_text(ROLES, encoding="utf-8")
                anna = Browser(base)
                ok = anna.sign_in("anna") and anna.role() == ADMIN_MARK
                figures["sign_ins"] += 1
                figures["blocked_sign_ins"] += not ok
                copy = anna.cookie()
                anna.post("/logga-ut")
                for _ in range(4):  # gunicorn's two workers both get some of them
                    page, post = replay(base, copy)
                    figures["replays"] += 2
                    figures["replays_signed_in"] += page + post
                again = Browser(base)
                again.sign_in("anna")
                roles.write_text(ROLES.replace('"admins" = "admin"\n', ""), encoding="utf-8")
                os.utime(roles, ns=(time.time_ns(), time.time_ns()))
                figures["kept_removed_role"] += again.role() == ADMIN_MARK
                late = Browser(base)
                for _ in range(30):
                    late.get("/logga-in")
                figures["blocked_sign_ins"] += not late.sign_in("anna")
                figures["sign_ins"] += 1
                times += anna.times + again.times + late.times
                figures["rounds"] += 1
        finally:
            app.terminate()
            app.wait(10)
    print(f"rounds {figures['rounds']}, sign-ins {figures['sign_ins']}, "
          f"replayed cookies after sign-out {figures['replays']}")
    print(f"  replays that signed someone in: {figures['replays_signed_in']}")
    print(f"  requests that kept a role removed from the role file: "
          f"{figures['kept_removed_role']}")
    print(f"  sign-ins blocked (30 abandoned before each): {figures['blocked_sign_ins']}")
    if times:
        print(f"  per request: median {statistics.median(times) * 1000:.0f} ms, "
              f"max {max(times) * 1000:.0f} ms ({len(times)} requests)")
    bad = (figures["replays_signed_in"] + figures["kept_removed_role"]
           + figures["blocked_sign_ins"])
    return 1 if bad or not figures["rounds"] else 0


if __name__ == "__main__":
    sys.exit(main())
