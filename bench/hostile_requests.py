#!/usr/bin/env python3
"""Hostile callback requests: every callback in `/_dash-dependencies`, every input and state
given values of the wrong type and size, plus bodies of the wrong shape. Prints how many
answers were 5xx and the slowest answer. The short run is tests/test_hostile_requests.py.

    python -m bench.hostile_requests http://127.0.0.1:8050 [--long] [--max-requests N]
                                     [--max-seconds S]

Loopback addresses only (it is an attack); bounded by count and by time.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from urllib.parse import urlparse

WILD = ("MATCH", "ALL", "ALLSMALLER")
SHORT_VALUES: list = [
    "abc", "9" * 5000, -1, 1e308, True, None, {}, {"a": {"b": {"c": [[1]]}}}, ["x"] * 3000,
    list(range(2000, 5000)), {"ar": "abc", "period": "X", "sort": 7},
    {"ar": "9" * 5000, "period": "VB"}, {"years": list(range(1000, 4000)), "year": "abc"},
    {"years": [2022, "x", None], "year": 10**40}, "x", 10**30,
]
LONG_VALUES: list = SHORT_VALUES + [
    "", " ", "-1", "0", "2022", "<script>alert(1)</script>", "../../etc/passwd", "%00", "\x00",
    "å" * 2000, 0, 2**63, -(2**63) - 1, float("inf"), float("nan"), 3.5, False, [], [None],
    [[[[[]]]]], [{"a": 1}] * 200, list(range(16)), list(range(2000, 2016)), ["2022"] * 200,
    {"ar": None, "period": None}, {"ar": "2022", "period": "T2", "mal": "x" * 2000},
    {"ar": ["2022"], "period": {"x": 1}}, {"years": list(range(2000, 2016)), "year": 2015},
    {"years": "abc"}, {"years": None, "year": None, "org": "x"}, {"offset": "x"},
    {"": ""}, {str(i): i for i in range(500)}, {"ar": -1}, {"ar": 1e308},
]


def spec_outputs(output: str) -> list[tuple[str, str]]:
    """(id, property) of each output of a callback's output key."""
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [tuple(p.rsplit(".", 1)) for p in parts]


def concrete(ident: str):
    """A concrete component id for a declared one (wildcards → "x")."""
    if not ident.startswith("{"):
        return ident
    return {k: ("x" if isinstance(v, list) and v and v[0] in WILD else v)
            for k, v in json.loads(ident).items()}


def is_all(ident: str) -> bool:
    return ident.startswith("{") and any(isinstance(v, list) and v and v[0] in ("ALL",
                                                                               "ALLSMALLER")
                                         for v in json.loads(ident).values())


ID_VALUES = ["abc", "9" * 5000, -1, 10**30, 1e308, None, True, [], {"a": 1}, "", "x" * 5000]


def hostile_ids(ident: str) -> Iterator[tuple[str, dict]]:
    """A pattern id with each wildcard key given each hostile value (e.g. year "abc")."""
    if not ident.startswith("{"):
        return
    base = concrete(ident)
    for key, declared in json.loads(ident).items():
        if isinstance(declared, list):
            for j, value in enumerate(ID_VALUES):
                yield f"{key}#{j}", {**base, key: value}


def plausible(dep: dict):
    prop, ident = dep["property"], dep["id"]
    if prop == "n_clicks":
        return 1
    if prop in ("pathname",):
        return "/"
    if prop == "search":
        return ""
    if prop == "id":
        return concrete(ident)
    kind = json.loads(ident).get("type", "") if ident.startswith("{") else ident
    if prop == "data" and str(kind).endswith("-args"):
        return {}  # a page's URL arguments: the layout always fills the store
    return None


def item(dep: dict, value) -> dict | list:
    one = {"id": concrete(dep["id"]), "property": dep["property"], "value": value}
    return [one] if is_all(dep["id"]) else one


def base_body(cb: dict) -> dict:
    outs = [{"id": concrete(i), "property": p} for i, p in spec_outputs(cb["output"])]
    outputs = outs[0] if len(outs) == 1 and not cb["output"].startswith("..") else outs
    first = cb["inputs"][0]
    changed = json.dumps(concrete(first["id"]), separators=(",", ":"), sort_keys=True) \
        if first["id"].startswith("{") else first["id"]
    return {"output": cb["output"], "outputs": outputs,
            "inputs": [item(d, plausible(d)) for d in cb["inputs"]],
            "state": [item(d, plausible(d)) for d in cb["state"]],
            "changedPropIds": [f"{changed}.{first['property']}"]}


def bodies(deps: list[dict], values: list) -> Iterator[tuple[str, object]]:
    """(label, body) for every server callback: each input/state with each hostile value,
    then bodies of the wrong shape."""
    for cb in deps:
        if cb.get("clientside_function"):
            continue
        name = cb["output"][:50]
        base = base_body(cb)
        for key in ("inputs", "state"):
            for i, dep in enumerate(cb[key]):
                for j, value in enumerate(values):
                    body = json.loads(json.dumps(base))
                    body[key][i] = item(dep, value)
                    yield f"{name} {key}[{i}] {dep['property']} value#{j}", body
                for label, ident in hostile_ids(dep["id"]):
                    body = json.loads(json.dumps(base))
                    one = {"id": ident, "property": dep["property"], "value": plausible(dep)}
                    if dep["property"] == "id":
                        one["value"] = ident
                    body[key][i] = [one] if is_all(dep["id"]) else one
                    yield f"{name} {key}[{i}] id {label}", body
        for label, change in (("inputs not a list", {"inputs": "x"}),
                              ("inputs missing", {"inputs": []}),
                              ("outputs a string", {"outputs": "x"}),
                              ("changedPropIds a dict", {"changedPropIds": {"a": 1}}),
                              ("inputs of another id", {"inputs": [
                                  {"id": "nope", "property": "x", "value": 1}
                                  for _ in cb["inputs"]]}),
                              ("inputs thousands of items", {"inputs": [
                                  [{"id": concrete(d["id"]), "property": d["property"],
                                    "value": 1}] * 3000 for d in cb["inputs"]]})):
            yield f"{name} {label}", {**base, **change}
    for label, body in (("a list", [1, 2]), ("a string", "x"), ("null", None),
                        ("unknown output", {"output": "nope.children", "outputs": {},
                                            "inputs": [], "state": []})):
        yield label, body


def run(post: Callable[[bytes], int], deps: list[dict], values: list, *,
        max_requests: int, max_seconds: float) -> dict:
    """Send the bodies through `post` (bytes → HTTP status); the figures of the run."""
    started = time.monotonic()
    baseline = {}  # a plausible body per callback, warm: what a normal render costs here
    for cb in deps:
        if not cb.get("clientside_function"):
            data = json.dumps(base_body(cb)).encode()
            post(data)
            t0 = time.perf_counter()
            post(data)
            baseline[cb["output"][:50]] = time.perf_counter() - t0
    results = []
    for label, body in bodies(deps, values):
        if len(results) >= max_requests or time.monotonic() - started > max_seconds:
            break
        data = json.dumps(body).encode()
        t0 = time.perf_counter()
        status = post(data)
        results.append((label, status, time.perf_counter() - t0))
    slowest = max(results, key=lambda r: r[2]) if results else ("", 0, 0.0)
    return {"requests": len(results), "errors": [r for r in results if r[1] >= 500],
            "slowest": slowest, "over_1s": [r for r in results if r[2] > 1.0],
            "over_baseline_1s": [r for r in results
                                 if r[2] > baseline.get(r[0][:50], 0.0) + 1.0],
            "baseline_max": max(baseline.items(), key=lambda kv: kv[1], default=("", 0.0)),
            "seconds": time.monotonic() - started}


def _http_post(base: str) -> Callable[[bytes], int]:
    def post(data: bytes) -> int:
        req = urllib.request.Request(base + "/_dash-update-component", data=data,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                resp.read()
                return resp.status
        except urllib.error.HTTPError as err:
            return err.code
        except (TimeoutError, urllib.error.URLError):
            return 599  # no answer in 30 s counts as a server error
    return post


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("url", help="base URL of a running Kontrollrum, e.g. http://127.0.0.1:8050")
    ap.add_argument("--long", action="store_true", help="the long list of hostile values")
    ap.add_argument("--max-requests", type=int, default=5000)
    ap.add_argument("--max-seconds", type=float, default=600)
    args = ap.parse_args(argv)
    host = urlparse(args.url).hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        print("hostile_requests: only loopback addresses (127.0.0.1, localhost, ::1)",
              file=sys.stderr)
        return 2
    base = args.url.rstrip("/")
    with urllib.request.urlopen(base + "/_dash-dependencies", timeout=30) as resp:
        deps = json.load(resp)
    figures = run(_http_post(base), deps, LONG_VALUES if args.long else SHORT_VALUES,
                  max_requests=args.max_requests, max_seconds=args.max_seconds)
    label, status, secs = figures["slowest"]
    print(f"callbacks: {sum(1 for d in deps if not d.get('clientside_function'))}, "
          f"requests: {figures['requests']} in {figures['seconds']:.1f} s")
    print(f"5xx: {len(figures['errors'])}, over 1 s: {len(figures['over_1s'])}, "
          f"slowest: {secs * 1000:.0f} ms ({label}, HTTP {status})")
    name, secs = figures["baseline_max"]
    print(f"slowest plausible request (a normal render): {secs * 1000:.0f} ms ({name}); "
          f"hostile requests over that callback's normal time + 1 s: "
          f"{len(figures['over_baseline_1s'])}")
    for label, status, secs in (figures["errors"][:20] + figures["over_baseline_1s"][:20]
                                + figures["over_1s"][:20]):
        print(f"  HTTP {status} {secs * 1000:.0f} ms  {label}")
    return 1 if figures["errors"] or figures["over_1s"] else 0


if __name__ == "__main__":
    sys.exit(main())
