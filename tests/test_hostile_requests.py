"""Hostile callback requests (issue 14): every callback in /_dash-dependencies, every input
and state with values of the wrong type and size, and bodies of the wrong shape. None may
answer 5xx or take over a second. The long run is `python -m bench.hostile_requests URL`."""

from __future__ import annotations

import json
import time

import pytest

from bench.hostile_requests import SHORT_VALUES, base_body, bodies

LIMIT_S = 1.0  # CPU seconds: generous, a callback on the small test city needs ~0.1 s
WALL_LIMIT_S = 3.0  # wall seconds, on a machine shared with other work


@pytest.fixture
def client(city_db):
    import app

    return app.app.server.test_client()


def _post(client):
    def post(data: bytes) -> int:
        return client.post("/_dash-update-component", data=data,
                           content_type="application/json").status_code
    return post


def _text(got) -> str:
    """A callback's answer as text, Swedish letters unescaped."""
    return json.dumps(got.json, ensure_ascii=False) if got.is_json else got.get_data(as_text=True)


def _server_callbacks(client) -> list[dict]:
    deps = client.get("/_dash-dependencies").json
    return [d for d in deps if not d.get("clientside_function")]


def test_every_callback_accepts_a_plausible_body(client):
    """The run below reaches the callbacks: a body as the renderer sends it is not refused."""
    deps = _server_callbacks(client)
    assert len(deps) >= 20
    refused = {}
    for cb in deps:
        status = _post(client)(json.dumps(base_body(cb)).encode())
        if status >= 400:
            refused[cb["output"]] = status
    assert refused == {}


def test_no_hostile_body_gets_5xx_or_takes_over_a_second(client, capsys):
    """Work is measured as this thread's CPU time (the test client runs the callback here),
    so other processes on a busy machine do not count; wall time has a looser bound."""
    deps = client.get("/_dash-dependencies").json
    post = _post(client)
    for cb in _server_callbacks(client):  # warm up: first use builds caches and engines
        post(json.dumps(base_body(cb)).encode())
    results = []
    for label, body in bodies(deps, SHORT_VALUES):
        data = json.dumps(body).encode()
        wall, cpu = time.perf_counter(), time.thread_time()
        status = post(data)
        results.append((label, status, time.thread_time() - cpu, time.perf_counter() - wall))
    assert len(results) > 500
    assert [r for r in results if r[1] >= 500] == []
    slowest_cpu = max(results, key=lambda r: r[2])
    slowest_wall = max(results, key=lambda r: r[3])
    with capsys.disabled():
        print(f"\nhostile requests: {len(results)}, 5xx: 0, most work "
              f"{slowest_cpu[2] * 1000:.0f} ms CPU ({slowest_cpu[0]}), slowest "
              f"{slowest_wall[3] * 1000:.0f} ms wall ({slowest_wall[0]})")
    assert [r[:3] for r in results if r[2] > LIMIT_S] == []
    assert [r for r in results if r[3] > WALL_LIMIT_S] == []


@pytest.mark.parametrize("dep_id, prop, value", [
    ('"type":"why', "n_clicks", "abc"),  # the why-dialog
    ("signals-f-year", "value", "abc"),  # the signal list's filters
    ("signals-f-type", "value", -1),
    ("overview-args", "data", {"ar": "9" * 5000}),
])
def test_issue_examples_never_500(client, dep_id, prop, value):
    """Bodies like those that gave HTTP 500 in the issue: the why-dialog, the signal list,
    the exports with arguments of the wrong type, a year of 5,000 digits."""
    hits = [(cb, key, i) for cb in _server_callbacks(client) for key in ("inputs", "state")
            for i, dep in enumerate(cb[key]) if dep_id in dep["id"] and dep["property"] == prop]
    assert hits, f"no callback reads {dep_id} {prop}"
    for cb, key, index in hits:
        body = base_body(cb)
        slot = body[key][index]
        for one in (slot if isinstance(slot, list) else [slot]):
            one["value"] = value
        t0 = time.thread_time()
        status = _post(client)(json.dumps(body).encode())
        assert status < 500 and time.thread_time() - t0 < LIMIT_S, cb["output"]


def test_a_year_of_5000_digits_gives_the_period_notice_not_an_error(client):
    cb = next(d for d in _server_callbacks(client) if d["output"] == "overview-content.children")
    body = base_body(cb)
    body["inputs"][0]["value"] = {"ar": "9" * 5000, "period": None, "sort": None, "mal": None}
    got = client.post("/_dash-update-component", json=body)
    assert got.status_code == 200
    text = _text(got)
    assert "Året ”999" in text and "finns inte" in text and "Något gick fel" not in text


# Pages whose callbacks still need their own check (see /work/team/hostile_findings.md);
# when a page is fixed, this test fails until its entry is removed here.
KNOWN_UNCHECKED: set[str] = set()


def test_bad_years_in_the_url_give_a_notice_on_every_page(client):
    """?ar= with 5,000 digits, letters or a minus sign: every page's own notice, never
    'Något gick fel'."""
    failing = set()
    for cb in _server_callbacks(client):
        slots = [i for i, d in enumerate(cb["inputs"])
                 if d["id"].endswith("-args") and d["property"] == "data"]
        for index in slots:
            for year in ("9" * 5000, "abc", "-1", "0", "99999"):
                body = base_body(cb)
                body["inputs"][index]["value"] = {"ar": year, "period": "VB"}
                got = client.post("/_dash-update-component", json=body)
                assert got.status_code < 500
                if "Något gick fel" in _text(got):
                    failing.add(cb["output"])
    assert failing == KNOWN_UNCHECKED
