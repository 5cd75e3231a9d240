"""A small HTTP client for Kolada's v3 API (standard library only).

`get_all(path)` fetches a path below the base URL and follows `next_url` (v2: `next_page`)
until the last page. Every request has a timeout; HTTP 429 and 5xx answers, timeouts and
broken connections are retried a bounded number of times with growing pauses (a
`Retry-After` header is honoured up to a cap). Whatever still fails raises `KoladaError`
with one Swedish sentence that says what failed.
"""

from __future__ import annotations

import http.client
import json
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_PAGES = 1000
MAX_PAUSE = 30.0


class KoladaError(Exception):
    """Fetching from Kolada failed (network, HTTP status, not JSON): one Swedish sentence."""


class KoladaClient:
    def __init__(self, base_url: str, timeout: float = 30.0, retries: int = 4,
                 backoff: float = 1.0, progress: Callable[[str], None] | None = None,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.base_url = base_url.rstrip("/")
        parts = urllib.parse.urlsplit(self.base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise KoladaError(f'"{base_url}" är ingen http(s)-adress till Koladas API')
        self.origin = (parts.scheme, parts.netloc)
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self.progress = progress or (lambda _msg: None)
        self.sleep = sleep
        self.requests = 0

    def get_all(self, path: str) -> list:
        """Every item of `values` over all pages of `path` (relative to the base URL)."""
        url = f"{self.base_url}/{path.lstrip('/')}"
        items: list = []
        seen: set[str] = set()
        while url:
            if url in seen or len(seen) >= MAX_PAGES:
                raise KoladaError(f"Kolada gav en sidkedja som inte tar slut ({_short(url)})")
            seen.add(url)
            page = self.get_json(url)
            if not isinstance(page, dict) or not isinstance(page.get("values"), list):
                raise KoladaError(f"svaret från {_short(url)} saknar listan values")
            items.extend(page["values"])
            url = page.get("next_url") or page.get("next_page") or None
            if url is not None:
                url = self._same_origin(str(url))
        return items

    def get_json(self, url: str):
        """One GET with retries; the decoded JSON body."""
        attempt = 0
        while True:
            attempt += 1
            self.requests += 1
            try:
                req = urllib.request.Request(url, headers={"Accept": "application/json",
                                                           "User-Agent": "kontrollrum"})
                with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                    body = resp.read()
                break
            except urllib.error.HTTPError as exc:
                exc.close()
                if exc.code not in RETRY_STATUS or attempt > self.retries:
                    raise KoladaError(f"Kolada svarade HTTP {exc.code} på {_short(url)}"
                                      + (f" (efter {attempt} försök)" if attempt > 1 else "")
                                      ) from None
                pause = _retry_after(exc.headers.get("Retry-After"))
                why = f"HTTP {exc.code}"
            except (TimeoutError, socket.timeout, urllib.error.URLError, ConnectionError,
                    OSError, http.client.HTTPException) as exc:  # incl. a cut-off answer
                reason = getattr(exc, "reason", exc)
                if attempt > self.retries:
                    raise KoladaError(f"ingen kontakt med Kolada ({_describe(reason)}) på "
                                      f"{_short(url)} efter {attempt} försök") from None
                pause = None
                why = _describe(reason)
            wait = min(MAX_PAUSE, pause if pause is not None
                       else self.backoff * 2 ** (attempt - 1))
            self.progress(f"Kolada: {why}, försöker igen om {wait:g} s "
                          f"({attempt}/{self.retries})")
            self.sleep(wait)
        try:
            return json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            raise KoladaError(f"svaret från {_short(url)} är inte JSON") from None

    def _same_origin(self, url: str) -> str:
        parts = urllib.parse.urlsplit(urllib.parse.urljoin(self.base_url + "/", url))
        if (parts.scheme, parts.netloc) != self.origin:
            raise KoladaError(f"Kolada pekade nästa sida till en annan server ({parts.netloc})")
        return urllib.parse.urlunsplit(parts)


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


def _describe(reason) -> str:
    if isinstance(reason, (TimeoutError, socket.timeout)) or "timed out" in str(reason):
        return "tidsgränsen nåddes"
    if isinstance(reason, ConnectionRefusedError):
        return "anslutningen nekades"
    if isinstance(reason, http.client.HTTPException):
        return "svaret bröts av"
    return str(reason) or type(reason).__name__


def _short(url: str) -> str:
    """The URL without its query, shortened for a one-line message."""
    text = url.split("?")[0]
    return text if len(text) <= 120 else text[:117] + "…"
