"""A local stand-in for Kolada's v3 API: a real HTTP server on 127.0.0.1 in a thread.

It serves real Kolada values (tests/data/kolada, Källa: Kolada) in the shape of v3 responses:
`{"values": [...], "count": n, "next_url": ...}`, paged (small pages, so paging is exercised),
with `"status": "Missing"` records for years a KPI lacks, unit data under `/oudata`, and
municipality names under `/municipality/{ids}`. A script of faults makes chosen requests
answer 429, 500, stall past the client's timeout, break off mid-answer, or return
broken JSON. It refuses (HTTP
400) a path parameter with more than 25 ids, as Kolada does, and logs every request.
"""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import polars as pl

DATA = Path(__file__).parent / "data" / "kolada"
BASE_DATE = "2024-01-01"
# operating areas of the KPIs the tests use (as in Kolada's catalogue, /v3/kpi)
KPI_AREAS = {"U21468": "Äldre och funktionshinder", "U23471": "Äldre och funktionshinder",
             "U23401": "Äldre och funktionshinder", "N00945": "Arbetsmarknad",
             "N11102": "Förskoleverksamhet", "N11808": "Förskoleverksamhet",
             "N15419": "Grundskola åk 0-9 inkl förskoleklass", "N01951": "Befolkning"}


def real_groups() -> list:
    """Kolada's comparison groups that include Stockholm (real, /v3/municipality_groups)."""
    return json.loads((DATA / "rkolada_municipality_groups_containing_0180.json")
                      .read_text(encoding="utf-8"))
NAMES = {"0180": "Stockholm", "0000": "Riket", "1480": "Göteborg", "1280": "Malmö"}
# Invented unit figures for the tests (not Kolada's): (kpi, unit id, year) → value or None.
UNIT_VALUES = {("U21468", "V21E018000101", 2022): 91.0, ("U21468", "V21E018000101", 2020): 88.0,
               ("U21468", "V21E018000102", 2022): None,  # Missing
               ("U23471", "V23E018000201", 2022): 74.0}


def municipality_values() -> dict[tuple[str, str, int], float | None]:
    """(kpi, municipality, year) → value, from the two real files."""
    small = pl.read_csv(DATA / "fixture_small_0180_riket_7kpis.csv",
                        schema_overrides={"municipality_id": pl.String, "value": pl.Float64})
    n945 = pl.read_csv(DATA / "rkolada_values_n00945.csv",
                       schema_overrides={"municipality_id": pl.String, "value": pl.Float64})
    out = {}
    for df in (small, n945):
        for kpi, m, y, v in df.select("kpi", "municipality_id", "year", "value").iter_rows():
            out[(kpi, m, y)] = v
    return out


@dataclass
class Replay:
    page_size: int = 4
    faults: list[tuple[str, str]] = field(default_factory=list)  # (path substring, fault)
    stall: float = 2.0  # seconds a "timeout" fault waits before answering
    log: list[str] = field(default_factory=list)
    too_many_ids: list[str] = field(default_factory=list)
    municipal: dict = field(default_factory=municipality_values)
    units: dict = field(default_factory=lambda: dict(UNIT_VALUES))
    # issue 23: when each record last changed (key → "YYYY-MM-DD"; `?from_date=` returns only
    # records changed on or after it; unlisted records changed on BASE_DATE), the records
    # Kolada marked deleted (served with "isdeleted": true), the KPI catalogue entries
    # (/kpi/{ids}), the comparison groups (/municipality_groups[/{ids}]) and the units
    # (/ou?municipality=…)
    changed: dict = field(default_factory=dict)
    deleted: set = field(default_factory=set)
    kpis: dict = field(default_factory=lambda: dict(KPI_AREAS))
    groups: list = field(default_factory=real_groups)
    ous: list = field(default_factory=list)

    def fault_for(self, path: str) -> str | None:
        for i, (needle, fault) in enumerate(self.faults):
            if needle in path:
                if not fault.startswith("always-"):
                    del self.faults[i]
                return fault.removeprefix("always-")
        return None

    def records(self, kind: str, kpis: list[str], ids: list[str], years: list[int],
                since: str | None = None) -> list:
        table = self.municipal if kind == "municipality" else self.units
        out = []
        for k in kpis:
            for i in ids:
                known = any(key[0] == k and key[1] == i for key in table)
                for y in years:
                    if (k, i, y) not in table and not known and (k, i, y) not in self.deleted:
                        continue
                    if since and self.changed.get((k, i, y), BASE_DATE) < since:
                        continue
                    if (k, i, y) in self.deleted:
                        out.append({"kpi": k, kind: i, "period": y, "isdeleted": True,
                                    "values": []})
                        continue
                    v = table.get((k, i, y))
                    status = "Missing" if v is None else ""
                    values = [{"gender": "T", "count": 1, "status": status, "value": v}]
                    if v is not None:  # Kolada adds the genders for many KPIs
                        values += [{"gender": "K", "count": 1, "status": "", "value": v + 1},
                                   {"gender": "M", "count": 1, "status": "", "value": v - 1}]
                    out.append({"kpi": k, kind: i, "period": y, "values": values})
        return out


class _Handler(BaseHTTPRequestHandler):
    replay: Replay

    def log_message(self, *_args) -> None:  # keep the test output quiet
        pass

    def _send(self, status: int, body: bytes, headers: dict | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 (the http.server name)
        r = self.server.replay
        url = urllib.parse.urlsplit(self.path)
        r.log.append(self.path)
        fault = r.fault_for(self.path)
        if fault == "429":
            return self._send(429, b'{"error": "too many requests"}', {"Retry-After": "0"})
        if fault == "500":
            return self._send(500, b'{"error": "internal"}')
        if fault == "timeout":
            time.sleep(r.stall)
        if fault == "cut":  # promises more than it sends, then hangs up
            self.send_response(200)
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(b'{"values": [')
            self.close_connection = True
            return None
        if fault == "garbage":
            return self._send(200, b"<html>not json</html>")
        if fault == "shape":
            return self._send(200, json.dumps({"values": [{"kpi": "U21468"}]}).encode())
        parts = url.path.strip("/").split("/")
        if parts and parts[0] == "v3":
            parts = parts[1:]
        items, status = self._route(r, parts, urllib.parse.parse_qs(url.query))
        if status != 200:
            return self._send(status, b'{"error": "bad request"}')
        query = urllib.parse.parse_qs(url.query)
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * r.page_size: page * r.page_size]
        more = page * r.page_size < len(items)
        host = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
        rest = {k: v[0] for k, v in query.items() if k != "page"}
        nxt = urllib.parse.urlencode({**rest, "page": page + 1})
        body = {"values": chunk, "count": len(chunk),
                "next_url": f"{host}{url.path}?{nxt}" if more else None}
        self._send(200, json.dumps(body).encode("utf-8"))

    def _route(self, r: Replay, parts: list[str], query: dict) -> tuple[list, int]:
        for p in parts:
            if p.count(",") >= 25:
                r.too_many_ids.append("/".join(parts))
                return [], 400
        if len(parts) == 2 and parts[0] == "municipality":
            ids = parts[1].split(",")
            return [{"id": i, "title": NAMES.get(i, i), "type": "K"} for i in ids], 200
        if len(parts) == 2 and parts[0] == "kpi":
            return [{"id": k, "title": k, "operating_area": r.kpis[k]}
                    for k in parts[1].split(",") if k in r.kpis], 200
        if parts == ["municipality_groups"]:
            return [{"id": g["id"], "title": g["title"], "members": g["members"]}
                    for g in r.groups], 200
        if len(parts) == 2 and parts[0] == "municipality_groups":
            ids = set(parts[1].split(","))
            return [g for g in r.groups if g["id"] in ids], 200
        if parts == ["ou"]:
            m = query.get("municipality", [None])[0]
            return [u for u in r.ous if u.get("municipality") == m], 200
        shapes = {("data", "kpi", "municipality", "year"): "municipality",
                  ("oudata", "kpi", "ou", "year"): "ou"}
        key = tuple(parts[0:1] + parts[1:7:2]) if len(parts) == 7 else None
        kind = shapes.get(key)
        if kind is None:
            return [], 404
        years = [int(y) for y in parts[6].split(",")]
        since = query.get("from_date", [None])[0]
        return r.records(kind, parts[2].split(","), parts[4].split(","), years, since), 200


class ReplayServer:
    """`with ReplayServer(Replay()) as srv:` → srv.url is the base URL (…/v3)."""

    def __init__(self, replay: Replay) -> None:
        self.replay = replay
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.replay = replay
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/v3"

    def __enter__(self) -> ReplayServer:
        self.thread.start()
        return self

    def __exit__(self, *_exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)
