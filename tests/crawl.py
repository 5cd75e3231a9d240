"""Crawl the app as a browser would, over raw HTTP (Flask's test client): for each URL the
routing callback's layout, then every server callback whose inputs are on the page, again
and again with what the answers add (folds, why-dialogs, downloads, dependent sections).

Returns every answer's raw body, keyed by the request, with downloads (the links to a
table's data, /data/…, followed: xlsx unzipped, csv) decoded to text, so a test can scan
exactly what left the server.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from collections.abc import Iterator

WILD = ("MATCH", "ALL", "ALLSMALLER")
MAX_MATCHES = 25  # per pattern callback and page: enough to reach every kind of section
MAX_CALLS = 400  # per URL


def components(node) -> Iterator[dict]:
    """Every component (its JSON form) with an id in an answer."""
    if isinstance(node, dict):
        if "props" in node and "type" in node:
            props = node.get("props") or {}
            if "id" in props:
                yield {"id": props["id"], "props": props}
            for value in props.values():
                yield from components(value)
        else:
            for value in node.values():
                yield from components(value)
    elif isinstance(node, list):
        for item in node:
            yield from components(item)


def spec_outputs(output: str) -> list[tuple[str, str]]:
    parts = output[2:-2].split("...") if output.startswith("..") else [output]
    return [tuple(p.split("@")[0].rsplit(".", 1)) for p in parts]


def _pattern(ident: str) -> dict | None:
    return json.loads(ident) if ident.startswith("{") else None


def _matches(pattern: dict, ident) -> bool:
    if not isinstance(ident, dict) or set(ident) != set(pattern):
        return False
    return all(isinstance(v, list) and v and v[0] in WILD or ident[k] == v
               for k, v in pattern.items())


def _key(ident) -> str:
    return json.dumps(ident, sort_keys=True, separators=(",", ":")) if isinstance(
        ident, dict) else ident


class Crawler:
    def __init__(self, client):
        self.client = client
        client.environ_base.setdefault("HTTP_SEC_FETCH_SITE", "same-origin")  # as a browser
        deps = client.get("/_dash-dependencies").get_json()
        self.deps = [d for d in deps if not d.get("clientside_function")]
        self.router = next(d for d in self.deps if "_pages_content" in d["output"])
        self.answers: dict[str, str] = {}

    def post(self, body: dict) -> str:
        got = self.client.post("/_dash-update-component", json=body)
        assert got.status_code in (200, 204), (got.status_code, body["output"][:80])
        text = got.get_data(as_text=True)
        full = json.dumps({"inputs": body["inputs"], "state": body["state"]}, sort_keys=True)
        label = f"{body['output'][:200]} {hashlib.sha256(full.encode()).hexdigest()[:16]}"
        readable = json.dumps(_without_file_bytes(json.loads(text)),
                              ensure_ascii=False) if text else ""
        self.answers[label] = readable + decoded_files(text)  # \u escapes as letters
        self._download(text)
        return text

    def _download(self, text: str) -> None:
        """Follow every link to a table's data (/data/…, the download links) in an answer:
        the file's text under "DATA <address>"."""
        if not text or "data" not in text:
            return
        for href in sorted(set(data_links(json.loads(text)))):
            key = f"DATA {href}"
            if key in self.answers:
                continue
            got = self.client.get(href)
            assert got.status_code == 200, (href, got.status_code, got.get_data()[:200])
            self.answers[key] = file_text(got.get_data())

    def page(self, url: str) -> None:
        """Load `url` and follow every callback its content makes reachable."""
        path, _, query = url.partition("?")
        page_html = self.client.get(url)
        assert page_html.status_code in (200, 404), url
        self.answers[f"GET {url}"] = page_html.get_data(as_text=True)
        pool: dict[str, dict] = {}
        for c in components(self.client.get("/_dash-layout").get_json()):
            pool[_key(c["id"])] = c
        layout = self.post(self._body(self.router, [
            {"id": "_pages_location", "property": "pathname", "value": path},
            {"id": "_pages_location", "property": "search", "value": f"?{query}" if query
             else ""}], [], "_pages_location.pathname"))
        self._add(pool, layout)
        done: set[str] = set()
        for _ in range(MAX_CALLS):
            todo = [b for b in self._reachable(pool, path) if self._sig(b) not in done]
            if not todo:
                break
            body = todo[0]
            done.add(self._sig(body))
            self._add(pool, self.post(body))

    @staticmethod
    def _sig(body: dict) -> str:
        return json.dumps([body["output"], body["inputs"], body["state"]], sort_keys=True)

    @staticmethod
    def _add(pool: dict, text: str) -> None:
        if not text:
            return
        for c in components(json.loads(text)):
            pool[_key(c["id"])] = c

    @staticmethod
    def _body(dep: dict, inputs: list, state: list, changed: str, target=None) -> dict:
        outs = []
        for ident, prop in spec_outputs(dep["output"]):
            pat = _pattern(ident)
            if pat is not None and isinstance(target, dict):  # MATCH: the trigger's values
                pat = {k: (target.get(k) if isinstance(v, list) else v) for k, v in pat.items()}
            outs.append({"id": pat or ident, "property": prop})
        return {"output": dep["output"], "outputs": outs if dep["output"].startswith("..")
                else outs[0], "inputs": inputs, "state": state, "changedPropIds": [changed]}

    def _value(self, pool: dict, ident, prop: str, path: str, trigger: bool):
        if prop == "pathname":
            return path
        if prop == "n_clicks":
            return 1 if trigger else None
        if prop == "id":
            return ident
        got = pool.get(_key(ident))
        return (got or {}).get("props", {}).get(prop)

    def _reachable(self, pool: dict, path: str) -> Iterator[dict]:
        for dep in self.deps:
            if dep is self.router:
                continue
            first = dep["inputs"][0]
            pat = _pattern(first["id"])
            if pat is None:
                if first["id"] not in pool:
                    continue
                targets = [first["id"]]
            else:
                targets = [c["id"] for c in pool.values() if _matches(pat, c["id"])]
                targets = targets[:MAX_MATCHES]
            for target in targets:
                body = self._fill(dep, pool, path, target)
                if body is not None:
                    yield body

    def _fill(self, dep: dict, pool: dict, path: str, target) -> dict | None:
        def one(spec: dict, is_trigger_input: bool):
            pat = _pattern(spec["id"])
            if pat is None:
                if spec["id"] not in pool and spec["property"] not in ("pathname",):
                    return False
                return {"id": spec["id"], "property": spec["property"],
                        "value": self._value(pool, spec["id"], spec["property"], path,
                                             is_trigger_input)}
            alls = any(isinstance(v, list) and v and v[0] in ("ALL", "ALLSMALLER")
                       for v in pat.values())
            if alls:
                return [{"id": c["id"], "property": spec["property"],
                         "value": self._value(pool, c["id"], spec["property"], path,
                                              is_trigger_input and c["id"] == target)}
                        for c in pool.values() if _matches(pat, c["id"])]
            # MATCH: the same values of the wildcard keys as the trigger
            ident = {k: (target[k] if isinstance(v, list) else v) for k, v in pat.items()}
            return {"id": ident, "property": spec["property"],
                    "value": self._value(pool, ident, spec["property"], path,
                                         is_trigger_input)}

        inputs = [one(s, i == 0) for i, s in enumerate(dep["inputs"])]
        state = [one(s, False) for s in dep["state"]]
        if any(x is False for x in inputs + state):
            return None
        return self._body(dep, inputs, state,
                          f"{_key(target)}.{dep['inputs'][0]['property']}", target)


def _without_file_bytes(node):
    """The answer with each sent file's bytes left out (they are decoded separately: the
    zip of an xlsx differs by its time stamps, not by what it says)."""
    if isinstance(node, dict):
        if node.get("base64") and isinstance(node.get("content"), str):
            return {**node, "content": "<fil>"}
        return {k: _without_file_bytes(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_without_file_bytes(v) for v in node]
    return node


def decoded_files(text: str) -> str:
    """The text of every file sent in an answer (dcc.Download's base64 content)."""
    if '"base64"' not in text:
        return ""
    out = []

    def walk(node):
        if isinstance(node, dict):
            if node.get("base64") and isinstance(node.get("content"), str):
                raw = base64.b64decode(node["content"])
                if raw[:2] == b"PK":
                    with zipfile.ZipFile(io.BytesIO(raw)) as z:
                        out.extend(z.read(n).decode("utf-8", "replace")
                                   for n in sorted(z.namelist()) if n.startswith("xl/"))
                else:
                    out.append(raw.decode("utf-8-sig", "replace"))
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(json.loads(text))
    return "\n".join(out)


def data_links(node) -> list[str]:
    """Every link to a table's data (href /data/…) in an answer."""
    if isinstance(node, dict):
        href = node.get("href")
        found = [href] if isinstance(href, str) and href.startswith("/data/") else []
        return found + [h for v in node.values() for h in data_links(v)]
    if isinstance(node, list):
        return [h for v in node for h in data_links(v)]
    return []


def file_text(raw: bytes) -> str:
    """A downloaded file as text (an xlsx: the XML of its sheets and strings)."""
    if raw[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(raw)) as z:
            return "\n".join(z.read(n).decode("utf-8", "replace")
                             for n in sorted(z.namelist()) if n.startswith("xl/"))
    return raw.decode("utf-8-sig", "replace")
