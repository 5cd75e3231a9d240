"""Data by URL (issue 19 item 6): every registered table at /data/<view>/<table>.csv|.xlsx|.json
with the page's arguments, the same rows as the page's table (the same builder and loader),
the same access rules, Swedish 400/404 answers."""

from __future__ import annotations

import io
import json
from urllib.parse import parse_qsl, urlsplit

import openpyxl
import pytest

from components.export import data_path
from ils.access import Viewer
from ils.xlsx import to_csv
from pagekit.downloads import absolute_links, table_at
from queries.scope import acting_as
from tests.crawl import Crawler

URLS = ("/", "/?ar=2022&period=T2&sort=varst", "/mal/vom11", "/namnd/norrby",
        "/avdelning/norrby-aldre", "/enhet/norrby-hem", "/indikator/ind-las", "/jamforelse",
        "/prognoser", "/styrsignaler", "/mote?ar=2022&period=T2&namnd=alla",
        "/mote?ar=2022&period=VB&namnd=norrby")
SLK = Viewer(role="slk", name="Cecilia Controller", subject="u4")


@pytest.fixture
def client(city_db, monkeypatch):
    monkeypatch.setenv("KONTROLLRUM_DEMO_LOGIN", "1")
    monkeypatch.setenv("KONTROLLRUM_SECRET_KEY", "test-secret-key-for-the-data-urls-0123")
    import app

    return app.app.server.test_client()


def _signed_in(client, viewer: Viewer):
    with client.session_transaction() as session:
        session.update({"viewer": viewer.as_dict(), "via": "demo", "iss": ""})


def _linked(client) -> list[str]:
    crawler = Crawler(client)
    for url in URLS:
        crawler.page(url)
    return sorted(k.removeprefix("DATA ") for k in crawler.answers if k.startswith("DATA "))


@pytest.mark.parametrize("viewer", [None, SLK], ids=["publik", "slk"])
def test_every_linked_table_is_the_pages_table(client, viewer):
    """Every download link on the pages, as CSV and JSON, gives exactly the table the page's
    builder makes for the page's arguments and the same viewer."""
    from pagekit.downloads import build

    if viewer is not None:
        _signed_in(client, viewer)
    links = _linked(client)
    views = {urlsplit(h).path.split("/")[2] for h in links}
    assert views == {"start", "mal", "namnd", "avdelning", "enhet", "indikator", "jamforelse",
                     "prognoser", "styrsignaler", "mote"}
    tables = set()
    for href in links:
        parts = urlsplit(href)
        _, _, view, filename = parts.path.split("/")
        stem = filename.rsplit(".", 1)[0]
        page, name = table_at(view, stem)
        tables.add((page, name))
        args = dict(parse_qsl(parts.query))
        with acting_as(viewer or Viewer()):
            expected = build(page, name, dict(args))
        assert expected is not None, href
        csv = client.get(f"{parts.path.rsplit('.', 1)[0]}.csv?{parts.query}")
        assert csv.status_code == 200 and csv.mimetype == "text/csv", href
        # the same rows; a file's links are absolute (from the request's address without
        # KONTROLLRUM_BASE_URL), so that they open from Excel or Power BI
        assert csv.get_data() == to_csv(absolute_links(expected.frame, "http://localhost/")), \
            href
        got = client.get(f"{parts.path.rsplit('.', 1)[0]}.json?{parts.query}").get_json()
        assert got["kolumner"] == expected.frame.columns and got["titel"] == expected.title
        linked = absolute_links(expected.frame, "http://localhost/")
        assert got["rader"] == json.loads(json.dumps(linked.to_dicts(), default=str))
    assert len(tables) >= 24  # nearly every registered table is linked from these pages


def test_the_issue_example(client):
    """curl <base>/data/start/mal.csv?ar=2022&period=VB: the page's 'Stadens mål'."""
    from pagekit.downloads import build

    got = client.get("/data/start/mal.csv?ar=2022&period=VB")
    assert got.status_code == 200
    assert got.headers["Content-Disposition"] == (
        'attachment; filename="kontrollrum_Stadens-mal-VB-2022.csv"')
    lines = got.get_data().decode("utf-8-sig").splitlines()
    table = build("start", "goals", {"ar": "2022", "period": "VB"})
    assert lines[0].split(";")[:3] == ["Mål", "Verksamhetsområdesmål", "Ljus"]
    assert [line.split(";")[0] for line in lines[1:]] == table.frame["Mål"].to_list()
    xlsx = client.get("/data/start/mal.xlsx?ar=2022&period=VB")
    ws = openpyxl.load_workbook(io.BytesIO(xlsx.get_data())).active
    assert ws["A1"].value == "Stadens mål VB 2022"
    assert xlsx.headers["Cache-Control"] == "no-cache" and xlsx.headers.get("ETag")
    again = client.get("/data/start/mal.xlsx?ar=2022&period=VB",
                       headers={"If-None-Match": xlsx.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize("path, status, words", [
    ("/data/start/mal.csv?ar=20x2", 400, "ogiltigt år"),
    ("/data/start/mal.csv?period=T4", 400, "okänd period"),
    ("/data/start/mal.csv?ar=1999", 400, "det finns inga data för året 1999"),
    ("/data/start/mal.csv?ar=2022&ar=2021", 400, "angivet 2 gånger"),
    ("/data/start/mal.csv?ar=2022%00", 400, "ogiltigt"),
    ("/data/start/mal.csv?X-Y=1", 400, "okänt argument"),
    ("/data/start/finns-inte.csv", 404, "Tabellen finns inte"),
    ("/data/okand/mal.csv", 404, "Tabellen finns inte"),
    ("/data/start/mal.pdf", 404, "Tabellen finns inte"),
    ("/data/namnd/mal.csv?org_id=finns-inte", 404, "ingen sådan tabell"),
])
def test_bad_addresses_get_a_swedish_answer(client, path, status, words):
    got = client.get(path)
    assert got.status_code == status, got.get_data()
    text = got.get_data(as_text=True)
    assert words in text and "Traceback" not in text and got.mimetype == "text/plain"


def test_drafts_only_for_those_who_may_see_them(client, tmp_path, monkeypatch):
    """A board's draft self-assessment is in its own users' and SLK's file, never in the
    public's or another board's (tests/test_role_matrix.py crawls every role)."""
    from tests.conftest import load_sqlite
    from tests.draft_support import SECRET, with_drafts

    # a database of its own: the session's known-lights city stays as other tests expect it
    monkeypatch.setenv("KONTROLLRUM_DB", load_sqlite(tmp_path, with_drafts(), {"demo": "1"}))
    path = data_path("namnd", "goals", {"org_id": "norrby", "ar": 2022, "period": "T2"}, "csv")
    assert SECRET not in client.get(path).get_data(as_text=True)
    assert client.get(path).headers["Cache-Control"] == "no-cache"
    _signed_in(client, Viewer(role="namnd", orgs=("soderby",), name="Sam", subject="u3"))
    assert SECRET not in client.get(path).get_data(as_text=True)
    _signed_in(client, Viewer(role="namnd", orgs=("norrby",), name="Nora", subject="u2"))
    mine = client.get(path)
    assert SECRET in mine.get_data(as_text=True) and "no-store" in mine.headers["Cache-Control"]


def test_every_registered_table_has_an_address(client):
    """Every table is registered under its view's own name – the package it lives in – and
    its address names that view: /data/namnd/… is pages/namnd/ (issue 19)."""
    from pathlib import Path

    from pagekit.downloads import REGISTRY

    views = {v for v, _ in REGISTRY if not v.startswith("test")}
    packages = {p.parent.name for p in (Path(__file__).parents[1] / "pages").glob("*/tables.py")}
    assert views == {"start", "mal", "namnd", "avdelning", "enhet", "indikator", "mote",
                     "jamforelse", "prognoser", "styrsignaler"}
    assert views <= packages
    for view, name in REGISTRY:
        if view in views:
            path = data_path(view, name, {}, "csv")
            assert path.split("/")[2] == view
            assert table_at(path.split("/")[2], path.split("/")[3][:-4]) == (view, name)
