"""Issue 18's small ones, each as it was broken:

- an `ALL` callback input given a single object (not a list) raised TypeError (a logged
  traceback, 204): now no change and nothing logged;
- `/mal/vom11%00` answered 200 on PostgreSQL (the not-found check failed open when the
  database refused the id): now 404 on every `/<view>/<id>` route, on both databases;
- `publish` skipped its version check when the body carried no versions: now refused;
- a board user wrote and published drafts for the units below the board by forging the
  form's org: only the board's own org is assessed in the app (docs/RULES.md §9);
- `--db mysql://…` was "oväntat fel (ModuleNotFoundError …)" with exit 3, `--db ''` used
  ./kontrollrum.db: now one Swedish line naming SQLite and PostgreSQL, exit 2.
"""

from __future__ import annotations

import logging

import pytest

from tests.attack_support import (
    CTX,
    NORA,
    call,
    clean,
    client_as,
    dump,
    fresh_city,
    save_assessment,
)


@pytest.fixture
def city(db_url, monkeypatch):
    return fresh_city(db_url, monkeypatch)


# --- ALL inputs given one object -------------------------------------------------------------


def _all_callbacks(client) -> list[dict]:
    return [d for d in client.get("/_dash-dependencies").json
            if not d.get("clientside_function")
            and any('"ALL"' in i["id"] for i in d["inputs"] + d["state"])]


@pytest.mark.parametrize("shape", ["object", "number", "string"])
def test_an_all_input_given_a_single_object_changes_nothing_and_logs_nothing(
        city, caplog, shape):
    from bench.hostile_requests import base_body

    client = client_as(None)
    found = _all_callbacks(client)
    assert len(found) >= 2  # the why-dialog and the admin's lock buttons
    for cb in found:
        body = base_body(cb)
        for key in ("inputs", "state"):
            for i, slot in enumerate(body[key]):
                if isinstance(slot, list):  # a wildcard: the renderer sends a list
                    one = slot[0] if slot else {"id": {}, "property": "n_clicks", "value": 1}
                    body[key][i] = {"object": one, "number": 1, "string": "x"}[shape]
        with caplog.at_level(logging.WARNING):
            got = client.post("/_dash-update-component", json=body)
        assert got.status_code in (200, 204, 400), (cb["output"], got.status_code)
        if got.status_code == 200:
            assert "Något gick fel" not in got.get_data(as_text=True)
    tracebacks = [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]
    assert tracebacks == [], [r.getMessage() for r in tracebacks]


# --- ids the database cannot take ------------------------------------------------------------


@pytest.mark.parametrize("path", ["/mal/vom11", "/namnd/norrby", "/avdelning/norrby-aldre",
                                  "/enhet/norrby-hem", "/indikator/ind-las"])
def test_an_id_the_database_cannot_take_is_not_found(city, path):
    client = client_as(None)
    assert client.get(path).status_code == 200
    for bad in ("%00", "%00x", "%01", "%ED%A0%80"):
        got = client.get(path + bad)
        assert got.status_code == 404, (path + bad, got.status_code)


# --- publish without the summary's versions --------------------------------------------------


def test_publish_without_versions_is_refused_and_publishes_nothing(city):
    assert "Sparat som utkast" in save_assessment(client_as(NORA)).said
    before = dump()
    for versions in (None, "x", [1], {"vom11": "1"}, {"vom11": True}):
        state = {"kr-assess-ctx": CTX}
        if versions is not None:
            state["kr-assess-publish-versions"] = versions
        got = call(client_as(NORA), "kr-assess-publish-now", state=state)
        assert got.status == 200 and clean(got), got.text[:300]
        assert "Publicerat" not in got.said and "sammanfattningen" in got.said, got.said[:300]
        assert dump() == before, versions
    got = call(client_as(NORA), "kr-assess-publish-now",
               state={"kr-assess-ctx": CTX, "kr-assess-publish-versions": {"vom11": 1}})
    assert "Publicerat: 1 mål" in got.said  # the versions the summary showed: published


# --- the board's own org only ----------------------------------------------------------------


BELOW = ("norrby-aldre", "norrby-hem", "norrby-inkop")  # a department and units of Norrby


def test_a_board_user_cannot_assess_or_publish_for_an_org_below_the_board(city):
    from ils.access import Viewer
    from queries.db import get_engine
    from queries.write.assessments_write import save_assessment as store

    for org in BELOW:  # drafts below the board exist (saved by the org's own users)
        own = Viewer(role="namnd", orgs=(org,), name="Enhetens användare", subject=f"u-{org}")
        store(get_engine(), own, "vom11", org, 2022, "T2", "uppfyllt", "indikatorer",
              "Prognosen bygger på höstens mätning och håller hela året ut, tror vi.", 0, ())
    before = dump()
    for org in BELOW:
        ctx = {**CTX, "org": org}
        got = save_assessment(client_as(NORA), ctx=ctx, version=1)
        assert got.status == 200 and clean(got) and "Sparat" not in got.said
        assert "bara nämndens egna mål" in got.said, got.said[:300]
        got = call(client_as(NORA), "kr-assess-publish", state={"kr-assess-ctx": ctx})
        assert "Det här blir publikt" not in got.said and "inte publicera" in got.said
        got = call(client_as(NORA), "kr-assess-publish-now", state={
            "kr-assess-ctx": ctx, "kr-assess-publish-versions": {"vom11": 1}})
        assert "Publicerat" not in got.said and "bara nämndens egna mål" in got.said
    assert dump() == before
    assert "Sparat som utkast" in save_assessment(client_as(NORA)).said  # its own: as before


def test_the_page_offers_the_form_only_on_the_boards_own_page(city):
    from ils.access import Viewer

    city_user = Viewer(role="namnd", orgs=("stad",), name="Kim Stad", subject="kim")
    assert NORA.may_assess("norrby")
    assert not any(NORA.may_assess(o) for o in (*BELOW, "soderby", "stad"))
    assert not city_user.may_assess("norrby")  # above the board is no more the board
    assert not Viewer(role="slk").may_assess("norrby")
    assert not Viewer(role="admin").may_assess("norrby")


# --- the CLI's database URL ------------------------------------------------------------------


@pytest.mark.parametrize("url, words", [
    ("mysql://u@h/db", ("mysql", "SQLite", "PostgreSQL")),
    ("mysql+pymysql://u:hemligt@h/db", ("mysql", "SQLite", "PostgreSQL")),
    ("oracle://h/db", ("oracle", "SQLite", "PostgreSQL")),
    ("", ("--db är tom",)),
    ("   ", ("--db är tom",)),
])
def test_a_database_the_app_cannot_use_is_one_swedish_line_and_exit_2(
        url, words, capsys, tmp_path, monkeypatch):
    from cli.main import main

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("KONTROLLRUM_DB", raising=False)
    code = main(["export", "signals", "--year", "2022", "--db", url])
    err = capsys.readouterr().err
    assert code == 2, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("kontrollrum: "), err
    assert "oväntat fel" not in err and "Error" not in err and "hemligt" not in err
    for w in words:
        assert w in err, (w, err)
    assert not (tmp_path / "kontrollrum.db").exists()


def test_a_bad_database_in_the_environment_is_refused_the_same_way(capsys, monkeypatch):
    from cli.main import main

    monkeypatch.setenv("KONTROLLRUM_DB", "mysql://u@h/db")
    assert main(["export", "signals", "--year", "2022"]) == 2
    assert "PostgreSQL" in capsys.readouterr().err


