#!/usr/bin/env python3
"""Fault runs: the database unreachable (and back), SIGKILL in the middle of an import, pages
read while an import runs. The app runs in this process (Flask test client) on the database
given; imports run as `kontrollrum import` subprocesses. Short versions: tests/test_faults.py.

    python -m bench.faults --db sqlite:////tmp/k.db           # SQLite file with demo data
    python -m bench.faults --db postgresql+psycopg://postgres@127.0.0.1:5432/test

The database is filled with the demo data first (it is replaced!; --keep uses its data). For PostgreSQL the outage
goes through a TCP proxy on loopback that this script stops and starts (same URL throughout);
for SQLite the database file's folder disappears and comes back.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from sqlalchemy import create_engine, func, make_url, select

OUTAGE_TEXT = "Databasen svarar inte just nu"


class Proxy:
    """A loopback TCP proxy to `target`; `stop()` refuses new connections and cuts open ones."""

    def __init__(self, target: tuple[str, int], port: int = 0):
        self.target, self.port = target, port
        self._listener: socket.socket | None = None
        self._conns: list[socket.socket] = []
        self._lock = threading.Lock()

    def start(self) -> Proxy:
        ls = socket.socket()
        ls.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        ls.bind(("127.0.0.1", self.port))
        self.port = ls.getsockname()[1]
        ls.listen(64)
        self._listener = ls
        threading.Thread(target=self._accept, args=(ls,), daemon=True).start()
        return self

    def _accept(self, ls: socket.socket) -> None:
        while True:
            try:
                client, _ = ls.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def stop(self) -> None:
        if self._listener:
            try:  # wakes the thread blocked in accept() (close alone leaves it listening)
                self._listener.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            self._listener.close()
            self._listener = None
        with self._lock:
            conns, self._conns = self._conns, []
        for s in conns:
            try:
                s.shutdown(socket.SHUT_RDWR)
                s.close()
            except OSError:
                pass


def fingerprint(url: str) -> dict[str, int]:
    """Rows per table: equal before and after means the database is unchanged."""
    from queries.schema import metadata

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                    for t in metadata.sorted_tables}
    finally:
        engine.dispose()


def kontrollrum(*args: str, env: dict | None = None) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "cli.main", *args],
                            cwd=Path(__file__).resolve().parents[1], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def page_text(client, output: str = "overview-content.children") -> tuple[int, str]:
    """One render of a page's content callback (as the browser asks for it)."""
    ident, prop = output.rsplit(".", 1)
    args_id = ident.replace("-content", "-args")
    body = {"output": output, "outputs": {"id": ident, "property": prop},
            "inputs": [{"id": args_id, "property": "data", "value": {}}], "state": [],
            "changedPropIds": [f"{args_id}.data"]}
    got = client.post("/_dash-update-component", json=body)
    if got.is_json:  # the callback's answer, its Swedish letters unescaped
        return got.status_code, json.dumps(got.json, ensure_ascii=False)
    return got.status_code, got.get_data(as_text=True)


def outage_run(client, down, up) -> dict:
    """Page, shell and /halsa while the database is up, down, and up again."""
    def state() -> dict:
        status, text = page_text(client)
        shell = client.post("/_dash-update-component", json={
            "output": "..shell-banner.children...shell-source.children..",
            "outputs": [{"id": "shell-banner", "property": "children"},
                        {"id": "shell-source", "property": "children"}],
            "inputs": [{"id": "shell-url", "property": "pathname", "value": "/"}],
            "state": [], "changedPropIds": ["shell-url.pathname"]}).status_code
        t0 = time.perf_counter()
        health = client.get("/halsa").status_code
        return {"page": status, "outage_message": OUTAGE_TEXT in text,
                "error_message": "Något gick fel" in text, "shell": shell, "halsa": health,
                "halsa_ms": round((time.perf_counter() - t0) * 1000)}
    before = state()
    down()
    during = state()
    up()
    after = state()
    return {"before": before, "during": during, "after": after}


def empty(url: str) -> None:
    """Drop and create the tables: an empty database with the schema."""
    from queries.schema import metadata

    engine = create_engine(url)
    metadata.drop_all(engine)
    metadata.create_all(engine)
    engine.dispose()


def timed_import(url: str, bundle: str) -> float:
    """Seconds a whole import of `bundle` takes (into an emptied database)."""
    empty(url)
    t0 = time.perf_counter()
    proc = kontrollrum("import", bundle, "--db", url)
    _, err = proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"import failed: {err[-500:]}")
    return time.perf_counter() - t0


def sigkill_run(url: str, bundle: str, kills: int) -> dict:
    """Kill imports into an empty database at points spread over a whole import's time;
    each time the database must be empty or complete, never partial."""
    whole = timed_import(url, bundle)
    complete = fingerprint(url)
    runs = []
    for i in range(kills):
        delay = whole * (i + 1) / (kills + 1)
        empty(url)
        before = fingerprint(url)
        proc = kontrollrum("import", bundle, "--db", url)
        time.sleep(delay)
        finished = proc.poll() is not None
        if not finished:
            proc.send_signal(signal.SIGKILL)
        proc.communicate()
        after = fingerprint(url)
        # killed after its commit (while exiting) the import is complete: also all or nothing
        state = "unchanged" if after == before else "complete" if after == complete else "partial"
        runs.append({"delay_s": round(delay, 2), "finished_first": finished, "state": state})
    return {"whole_import_s": round(whole, 2), "runs": runs}


def reads_during_import(client, url: str, bundle: str) -> dict:
    """Render a page again and again while an import runs; count what the reader saw."""
    seen = {"renders": 0, "5xx": 0, "error_message": 0, "data_changing_note": 0,
            "outage_message": 0}
    proc = kontrollrum("import", bundle, "--db", url)
    while proc.poll() is None:
        status, text = page_text(client)
        seen["renders"] += 1
        seen["5xx"] += status >= 500
        seen["error_message"] += "Något gick fel" in text
        seen["data_changing_note"] += "Data uppdateras" in text
        seen["outage_message"] += OUTAGE_TEXT in text
    seen["import_exit"] = proc.returncode
    return seen


def _outage_switch(url: str, workdir: Path):
    """(url the app uses, down(), up()) for this database."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "postgresql":
        proxy = Proxy((parsed.host or "127.0.0.1", parsed.port or 5432)).start()
        via = parsed.set(host="127.0.0.1", port=proxy.port)
        return via.render_as_string(hide_password=False), proxy.stop, proxy.start
    folder = workdir / "db"
    folder.mkdir()
    shutil.copy(parsed.database, folder / "k.db")
    hidden = workdir / "db-away"
    return (f"sqlite:///{folder / 'k.db'}", lambda: _swap(folder, hidden, dispose=True),
            lambda: _swap(hidden, folder))


def _swap(src: Path, dst: Path, dispose: bool = False) -> None:
    if dispose:  # SQLite keeps open files readable: the app's pool must reconnect
        from queries.db import get_engine

        get_engine().dispose()
    src.rename(dst)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True, help="database URL (its content is replaced)")
    ap.add_argument("--kills", type=int, default=5,
                    help="SIGKILL runs, spread over the time of a whole import")
    ap.add_argument("--keep", action="store_true",
                    help="use the data already in --db instead of loading the demo data")
    args = ap.parse_args(argv)
    env = {**os.environ, "KONTROLLRUM_DB": args.db}
    if not args.keep:
        demo = kontrollrum("demo", "--db", args.db, env=env)
        if demo.wait() != 0:
            print(demo.stderr.read(), file=sys.stderr)
            return 1
    with tempfile.TemporaryDirectory() as tmp:
        bundle = str(Path(tmp) / "bundle.zip")
        if kontrollrum("export", "bundle", bundle, "--db", args.db).wait() != 0:
            print("could not export the demo data as a bundle", file=sys.stderr)
            return 1
        app_url, down, up = _outage_switch(args.db, Path(tmp))
        os.environ["KONTROLLRUM_DB"] = app_url
        from app import app

        client = app.server.test_client()
        report = {"outage": outage_run(client, down, up),
                  "sigkill": sigkill_run(app_url, bundle, args.kills)}
        timed_import(app_url, bundle)  # the data again, then the same import while reading
        report["reads_during_import"] = reads_during_import(client, app_url, bundle)
        down()  # close the proxy (PostgreSQL) before the folder goes
    for name, value in report.items():
        print(f"{name}: {value}")
    ok = (report["outage"]["during"]["outage_message"] and report["outage"]["during"]["halsa"]
          == 503 and report["outage"]["after"]["halsa"] == 200
          and all(r["state"] != "partial" for r in report["sigkill"]["runs"])
          and report["reads_during_import"]["5xx"] == 0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
