"""The role matrix (issue 12): every route, every callback reachable from it and every
download (the links to /data/<view>/<table>…, followed as a browser would), for every role, on a city with drafts, over raw HTTP. A draft's motivation never
leaves the server for a role that may not see it and does for those that may; and for the
roles that see published data only, every answer is byte for byte what the same city
without any draft gives, so nothing derived from a draft (counts, gaps, charts, files, the
JSON of callbacks) can leak either."""

from __future__ import annotations

import polars as pl
import pytest

from ils.access import Viewer
from ils.model import Dataset
from tests.conftest import load_sqlite
from tests.crawl import Crawler
from tests.draft_support import SECRET, with_drafts

SODERBY_SECRET = "SÖDERBYS-HEMLIGA-UTKAST"
URLS = ("/", "/?ar=2022&period=T2", "/mal/vom11", "/mal/vom11?ar=2022&period=T2",
        "/namnd/norrby", "/namnd/norrby?ar=2022&period=T2", "/namnd/soderby",
        "/avdelning/norrby-aldre", "/enhet/norrby-hem", "/indikator/ind-las", "/om",
        "/jamforelse", "/jamforelse?ar=2022&period=T2", "/prognoser", "/styrsignaler",
        "/mote", "/mote?ar=2022&period=T2", "/mote?ar=2022&period=T2&namnd=norrby", "/admin",
        "/att-gora", "/att-gora?ar=2022&period=T2", "/rapport", "/rapport?ar=2022&period=T2",
        "/rapport?namnd=soderby")
ROLES = {
    "publik": None,
    "lasare": Viewer(role="lasare", name="Kim Läsare", subject="u1"),
    "norrby": Viewer(role="namnd", orgs=("norrby",), name="Nora Norrby", subject="u2"),
    "soderby": Viewer(role="namnd", orgs=("soderby",), name="Sam Söderby", subject="u3"),
    "slk": Viewer(role="slk", name="Cecilia Controller", subject="u4"),
    "admin": Viewer(role="admin", name="Ada Admin", subject="u5"),
}
SEES = {"publik": set(), "lasare": set(), "norrby": {SECRET}, "soderby": {SODERBY_SECRET},
        "slk": {SECRET, SODERBY_SECRET}, "admin": {SECRET, SODERBY_SECRET}}
MARK = "Innehåller utkast"


def drafted_city() -> Dataset:
    ds = with_drafts()
    a = ds.assessments.with_columns(motivation=pl.when(pl.col("org_id") == "soderby")
                                    .then(pl.lit(SODERBY_SECRET)).otherwise("motivation"))
    return Dataset(**{**ds.frames(), "assessments": a})


def published_city() -> Dataset:
    ds = drafted_city()
    return Dataset(**{**ds.frames(), "assessments": ds.assessments.filter(
        pl.col("status") != "utkast")})


def crawl(tmp_path, monkeypatch, ds: Dataset, viewer: Viewer | None, name: str) -> dict:
    folder = tmp_path / name
    folder.mkdir()
    url = load_sqlite(folder, ds, {"demo": "1"})
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    monkeypatch.setenv("KONTROLLRUM_DEMO_LOGIN", "1")
    monkeypatch.setenv("KONTROLLRUM_SECRET_KEY", "test-secret-key-for-the-role-matrix-0123")
    import app

    client = app.app.server.test_client()
    if viewer is not None:  # a demo sign-in's session, through the real cookie
        with client.session_transaction() as session:
            session.update({"viewer": viewer.as_dict(), "via": "demo", "iss": ""})
    crawler = Crawler(client)
    for page in URLS:
        crawler.page(page)
    return crawler.answers


@pytest.fixture(scope="module")
def answers(tmp_path_factory):
    mp = pytest.MonkeyPatch()
    try:
        tmp = tmp_path_factory.mktemp("roles")
        got = {role: crawl(tmp, mp, drafted_city(), viewer, role)
               for role, viewer in ROLES.items()}
        got["baseline"] = crawl(tmp, mp, published_city(), None, "baseline")
        return got
    finally:
        mp.undo()


def test_the_crawl_reaches_pages_sections_and_downloads(answers):
    got = answers["slk"]
    calls = [k for k in got if not k.startswith(("GET ", "DATA "))]
    for page in ("overview", "goal", "board", "department", "unit", "indicator", "about",
                 "comparison", "forecasts", "signals", "meeting", "admin"):
        assert any(f"{page}-content" in k for k in calls), page
    assert sum("kr-fold-body" in k for k in calls) >= 10  # folded sections were opened
    files = [k for k in got if k.startswith("DATA /data/")]
    assert len(files) >= 20  # the download links (/data/…) were followed
    assert {k.split("/")[2] for k in files} >= {
        "start", "mal", "namnd", "avdelning", "enhet", "indikator", "jamforelse", "prognoser",
        "styrsignaler", "mote"}
    assert sum("why-modal" in k for k in calls) >= 10  # why-dialogs were opened


@pytest.mark.parametrize("role", sorted(ROLES))
def test_draft_texts_reach_exactly_those_who_may_see_them(answers, role):
    body = "\n".join(answers[role].values())
    for secret in (SECRET, SODERBY_SECRET):
        assert (secret in body) == (secret in SEES[role]), (role, secret)
    assert (MARK in body) == bool(SEES[role])


@pytest.mark.parametrize("role", ["publik", "lasare"])
def test_published_only_roles_get_what_a_city_without_drafts_gives(answers, role):
    mine, base = answers[role], answers["baseline"]
    assert set(mine) == set(base)
    differ = [k for k in mine if mine[k] != base[k]]
    assert differ == [], differ[:3]
    # the comparison can fail: SLK, who sees the drafts, gets other answers than the baseline
    slk = answers["slk"]
    assert sum(slk[k] != base[k] for k in base if k in slk) >= 10


def test_draft_motivation_is_in_the_downloads_of_those_who_see_it(answers):
    files = [v for k, v in answers["slk"].items() if k.startswith("DATA ")]
    assert any(SECRET in f for f in files)
    assert any(MARK in f for f in files)  # the sheet says so, as the page does
    files = [v for k, v in answers["lasare"].items() if k.startswith("DATA ")]
    assert files and not any(SECRET in f or SODERBY_SECRET in f or MARK in f for f in files)
