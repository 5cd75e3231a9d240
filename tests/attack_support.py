"""Attacking the in-app writes over raw HTTP (issues 12–14): a city database of the test's own
(SQLite or PostgreSQL), a Flask test client signed in as any role, callback bodies as Dash's
renderer sends them (with any value forged), and a dump of every table a write may touch, to
compare before and after.

    db = fresh_city(db_url, monkeypatch)      # the app reads it, sign-in on
    c = client_as(NORA)                       # a signed-in browser
    got = call(c, "kr-assess-save", {"goal": "vom11"}, state={...})
    assert got.status == 200 and "Sparat" in got.text
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from sqlalchemy import select

from ils.access import Viewer
from tests.auth_support import sign_in_as, sign_in_env

NORA = Viewer(role="namnd", orgs=("norrby",), name="Nora Norrby", subject="nora")
NILS = Viewer(role="namnd", orgs=("norrby",), name="Nils Norrby", subject="nils")
SOFIA = Viewer(role="namnd", orgs=("soderby",), name="Sofia Söderby", subject="sofia")
LASSE = Viewer(role="lasare", name="Lasse Läsare", subject="lasse")
SIV = Viewer(role="slk", name="Siv Controller", subject="siv")
SAM = Viewer(role="slk", name="Sam Controller", subject="sam")
ADA = Viewer(role="admin", name="Ada Admin", subject="ada")
ROLES = {"publik": None, "lasare": LASSE, "annan-namnd": SOFIA, "namnd": NORA, "slk": SIV,
         "admin": ADA}
CTX = {"org": "norrby", "year": 2022, "period": "T2"}
LONG = "Prognosen bygger på höstens mätning och vi räknar med att den håller hela året ut."
WRITTEN = ("assessment", "assessment_history", "agenda_note", "agenda_note_history",
           "period_lock", "goal_light_snapshot", "indicator_light_snapshot")
# What must never reach a user: Python's own words, or the catch-all of an unexpected error.
NEVER = ("Traceback", "Något gick fel", "Exception", "sqlalchemy", "psycopg", "sqlite3")


def fresh_city(db_url: str, monkeypatch: pytest.MonkeyPatch, dataset=None) -> str:
    """The small known-lights city (or `dataset`) in `db_url`; the app reads it, sign-in on."""
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_city import city

    eng = make_engine(db_url)
    replace_dataset(eng, dataset if dataset is not None else city(), {"demo": "1"})
    eng.dispose()
    monkeypatch.setenv("KONTROLLRUM_DB", db_url)
    sign_in_env(monkeypatch)
    import app  # noqa: F401

    return db_url


def client_as(viewer: Viewer | None):
    import app

    client = app.app.server.test_client()
    if viewer is not None:
        sign_in_as(client, viewer)
    return client


def dump(tables=WRITTEN) -> dict[str, list]:
    """Every row of the tables a write may touch, sorted (as text, to compare)."""
    from queries.db import get_engine
    from queries.schema import metadata

    with get_engine().connect() as conn:
        return {name: sorted(repr(tuple(row)) for row in
                             conn.execute(select(metadata.tables[name])))
                for name in tables}


_DEPS: dict[str, dict] = {}


def deps() -> dict[str, dict]:
    """The app's server callbacks by their first input's id type (or id)."""
    if not _DEPS:
        import app

        for dep in app.app.server.test_client().get("/_dash-dependencies").json:
            if dep.get("clientside_function"):
                continue
            first = dep["inputs"][0]["id"]
            name = json.loads(first)["type"] if first.startswith("{") else first
            _DEPS.setdefault(name, dep)
    return _DEPS


def _name(ident: str) -> str:
    return json.loads(ident)["type"] if ident.startswith("{") else ident


def _concrete(ident: str, match: dict):
    if not ident.startswith("{"):
        return ident
    return {k: (match.get(k) if isinstance(v, list) else v)
            for k, v in json.loads(ident).items()}


def body(trigger: str, match: dict | None = None, state: dict | None = None,
         inputs: dict | None = None) -> dict:
    """The body the renderer sends when `trigger` (the first input's id type) is clicked:
    the MATCH keys from `match`, states and other inputs by id type (`None` when not given)."""
    dep, match = deps()[trigger], match or {}
    outs = []
    for part in (dep["output"][2:-2].split("...") if dep["output"].startswith("..")
                 else [dep["output"]]):
        ident, prop = part.split("@")[0].rsplit(".", 1)
        outs.append({"id": _concrete(ident, match), "property": prop})
    given = {**(inputs or {}), **(state or {})}

    def item(d, first=False):
        value = 1 if first and d["property"] == "n_clicks" else given.get(_name(d["id"]))
        one = {"id": _concrete(d["id"], match), "property": d["property"], "value": value}
        return [one] if '"ALL"' in d["id"] else one

    first = _concrete(dep["inputs"][0]["id"], match)
    changed = json.dumps(first, separators=(",", ":"), sort_keys=True) if isinstance(
        first, dict) else first
    return {"output": dep["output"], "outputs": outs if dep["output"].startswith("..")
            else outs[0], "inputs": [item(d, i == 0) for i, d in enumerate(dep["inputs"])],
            "state": [item(d) for d in dep["state"]],
            "changedPropIds": [f"{changed}.{dep['inputs'][0]['property']}"]}


@dataclass
class Answer:
    status: int
    text: str  # the raw body with Swedish letters unescaped

    @property
    def said(self) -> str:
        """What a user reads: every text among the answer's components' children."""
        try:
            data = json.loads(self.text)
        except ValueError:
            return self.text
        out: list[str] = []

        def walk(node):
            if isinstance(node, dict):
                if "props" in node and "type" in node:
                    walk((node.get("props") or {}).get("children"))
                else:
                    for value in node.values():
                        walk(value)
            elif isinstance(node, list):
                for value in node:
                    walk(value)
            elif isinstance(node, (str, int)) and not isinstance(node, bool):
                out.append(str(node))

        walk(data.get("response", data) if isinstance(data, dict) else data)
        return " ".join(out)


def post(client, data: dict, headers: dict | None = None) -> Answer:
    got = client.post("/_dash-update-component", json=data, headers=headers or {})
    raw = got.get_data(as_text=True)
    try:
        raw = json.dumps(json.loads(raw), ensure_ascii=False)
    except ValueError:
        pass
    return Answer(got.status_code, raw)


def call(client, trigger: str, match: dict | None = None, state: dict | None = None,
         inputs: dict | None = None, headers: dict | None = None) -> Answer:
    return post(client, body(trigger, match, state, inputs), headers)


def assess_state(value="uppfyllt", basis="indikatorer", also=("aktiviteter",), text=LONG,
                 version=0, ctx=None) -> dict:
    return {"kr-assess-value": value, "kr-assess-basis": basis,
            "kr-assess-also": list(also) if isinstance(also, tuple) else also,
            "kr-assess-text": text, "kr-assess-version": version,
            "kr-assess-ctx": CTX if ctx is None else ctx}


def save_assessment(client, goal="vom11", headers: dict | None = None, **state) -> Answer:
    return call(client, "kr-assess-save", {"goal": goal}, assess_state(**state),
                headers=headers)


def note_key(year=2022, period="T2", kind="prognos_gron", goal="vom11", org="norrby",
             ind="") -> str:
    return json.dumps({"ar": year, "period": period, "kind": kind, "goal": goal, "org": org,
                       "ind": ind}, sort_keys=True)


def save_note(client, key: str | None = None, note="Ring nämnden", decision="Följ upp",
              state="oppen", question="Varför grönt?", version=0,
              headers: dict | None = None) -> Answer:
    return call(client, "mote-note-save", {"key": key or note_key()}, {
        "mote-note-note": note, "mote-note-decision": decision, "mote-note-state": state,
        "mote-note-question": question, "mote-note-version": version}, headers=headers)


def answer(client, key: str | None = None, text="Vi svarar så här.", version=1,
           headers: dict | None = None) -> Answer:
    return call(client, "namnd-q-save", {"key": key or note_key()},
                {"namnd-q-text": text, "namnd-q-version": version}, headers=headers)


def clean(got: Answer) -> bool:
    """No server error and nothing of Python's in the answer."""
    return got.status < 500 and not any(word in got.text for word in NEVER)
