"""The generic hostile-request run (bench/hostile_requests.py) over the in-app write
callbacks, signed in as the roles that get past their first check (a board's user, SLK, an
admin): every input and state with values of the wrong type and size, every pattern id with
hostile keys. Signed out, these callbacks refuse at once (tests/test_hostile_requests.py);
signed in, a forged value travels on to the writers. None may answer 5xx, show the catch-all
"Något gick fel" (an unexpected error) or store anything a plausible body would not."""

from __future__ import annotations

import json

import pytest

from bench.hostile_requests import SHORT_VALUES, bodies
from tests.attack_support import ADA, NORA, SIV, client_as, fresh_city

WRITE_CALLBACKS = ("kr-assess-", "mote-note-", "namnd-q-", "admin-")


@pytest.fixture
def city(tmp_path, monkeypatch):
    return fresh_city(f"sqlite:///{tmp_path / 'k.db'}", monkeypatch)


@pytest.mark.parametrize("viewer", [NORA, SIV, ADA], ids=["namnd", "slk", "admin"])
def test_hostile_bodies_to_the_write_callbacks_signed_in(city, viewer):
    client = client_as(viewer)
    deps = [d for d in client.get("/_dash-dependencies").json
            if any(w in d["output"] for w in WRITE_CALLBACKS)]
    assert len(deps) >= 9
    results = []
    for label, body in bodies(deps, SHORT_VALUES):
        got = client.post("/_dash-update-component", data=json.dumps(body),
                          content_type="application/json")
        text = got.get_data(as_text=True)
        try:
            text = json.dumps(json.loads(text), ensure_ascii=False)
        except ValueError:
            pass
        results.append((label, got.status_code, "Något gick fel" in text))
    assert len(results) > 300
    assert [r for r in results if r[1] >= 500] == []
    assert [r for r in results if r[2]] == []


def _valid_bodies() -> list[tuple[object, dict]]:
    """A body of each write callback that its role's save would store."""
    from tests.attack_support import CTX, assess_state, body, note_key

    return [
        (NORA, body("kr-assess-save", {"goal": "vom11"}, assess_state())),
        (NORA, body("kr-assess-publish", None, {"kr-assess-ctx": CTX})),
        (NORA, body("kr-assess-publish-now", None, {"kr-assess-ctx": CTX})),
        (SIV, body("mote-note-save", {"key": note_key()}, {
            "mote-note-note": "Anteckning", "mote-note-decision": "Beslut",
            "mote-note-state": "oppen", "mote-note-question": "Fråga",
            "mote-note-version": 0})),
        (NORA, body("namnd-q-save", {"key": note_key()}, {"namnd-q-text": "Svar",
                                                          "namnd-q-version": 1})),
        (ADA, body("kr-assess-to-draft", None, {"kr-assess-ctx": {**CTX, "period": "VB"},
                                                "kr-assess-reason": "Rättelse"})),
        (ADA, body("admin-confirm", None, {"admin-pending": {
            "year": 2022, "period": "VB", "action": "lock"}, "admin-done": {"n": 0}})),
    ]


def test_each_value_of_a_valid_write_forged_in_turn(city):
    """From a body that would be stored, each state value replaced by each hostile value
    (the others stay valid, so the forged one reaches the writer's own checks)."""
    from tests.attack_support import dump, save_note

    save_note(client_as(SIV))  # a question to answer (version 1)
    before = dump()
    bad = []
    for viewer, valid in _valid_bodies():
        client = client_as(viewer)
        for i, slot in enumerate(valid["state"]):
            for j, value in enumerate(SHORT_VALUES + ["", "\x00", "x" * 20_001]):
                forged = json.loads(json.dumps(valid))
                forged["state"][i] = {**slot, "value": value}
                got = client.post("/_dash-update-component", json=forged)
                text = got.get_data(as_text=True)
                if got.status_code >= 500 or "N\\u00e5got gick fel" in text \
                        or "Något gick fel" in text:
                    bad.append((valid["output"][:40], slot["id"], j, got.status_code))
    assert bad == []
    after = "\n".join(row for rows in dump().values() for row in rows)
    # a forged value is stored only where it is a valid one (e.g. a note "abc"): never a
    # text over the limits, a NUL, or a write of another role
    assert "9" * 4001 not in after and "\\x00" not in after and "x" * 4001 not in after
    assert dump()["assessment"] != before["assessment"]  # the valid bodies did get through
