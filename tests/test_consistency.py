"""The same truth on every page and in every file (issue 21, "What to build"): for the fixture
city (VB 2022) and the demo (T2 2022), each number that appears in more than one place is read
from each place — the page as drawn (its callback's text), the page's download (the data URL's
table) and `kontrollrum export` — and compared: the same number, in the same words.

- the city's goal counts: the overview's headline ↔ the goals export (the city's rows);
- the boards more positive than their indicators: the overview's headline and its list ↔
  /jamforelse's ranking ↔ the ranking's download;
- the optimism ranking: /jamforelse's table ↔ its download ↔ each board page's "Plats r av n";
- each goal's board counts: /mal/<goal>'s sentence ↔ the goals export (the boards' rows);
- the agenda's counts (all boards, and one board): /mote's summary ↔ its two downloads.

Pages are drawn for an admin: the CLI reads everything, the demo's T2 drafts too, and so does
an admin's page (a reader's page and its downloads leave drafts out alike: tests/test_drafts).
"""

from __future__ import annotations

import csv
import io
import re

import polars as pl
import pytest

from tests.dash_tree import find_by_id, text

CASES = {"city": ("2022", "VB"), "demo": ("2022", "T2")}
LIGHT_WORD = {"gron": "uppfyllt", "gul": "delvis uppfyllt", "rod": "ej uppfyllt",
              "saknas": "utfall saknas"}


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    from cli.main import main

    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.db'}"
    assert main(["demo", "--db", url]) == 0
    return url


@pytest.fixture(params=list(CASES))
def town(request, monkeypatch, city_url):
    """(year, period) of the case, with the app reading its database as an admin: the CLI
    reads everything, drafts too (the demo's T2 has drafts), and so does an admin's page."""
    from ils.access import Viewer
    from queries.scope import acting_as

    url = city_url if request.param == "city" else request.getfixturevalue("demo_url")
    monkeypatch.setenv("KONTROLLRUM_DB", url)
    import app  # noqa: F401  (page modules register once the app exists)

    with acting_as(Viewer(role="admin", name="Ada Admin")):
        yield CASES[request.param]


def cli_export(what: str, year: str, period: str, capsys) -> list[dict]:
    from cli.main import main

    capsys.readouterr()
    assert main(["export", what, "--year", year, "--period", period]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def orgs() -> pl.DataFrame:
    from queries.db import get_engine
    from queries.read.dataset import load_dataset

    return load_dataset(get_engine(), files=("organisation",)).organisation


def _start(year, period):
    from pages.start.data import load

    return load({"ar": year, "period": period, "sort": None, "mal": None})


def overview_text(year: str, period: str) -> tuple[str, object]:
    from pages import start

    out = start.render({"ar": year, "period": period, "sort": None, "mal": None})
    return text(out), out


def test_the_citys_goal_counts_are_the_exports(town, capsys):
    year, period = town
    said, out = overview_text(year, period)
    headline = text(find_by_id(out, "overview-headline"))
    m = re.match(r"(\d+) mål: (\d+) uppfyll(?:t|da), (\d+) delvis, (\d+) ej uppfyll(?:t|da)"
                 r"(?:, (\d+) utan utfall)?", headline)
    assert m, headline
    n_goals, green, yellow, red, missing = (int(x or 0) for x in m.groups())
    rested = re.search(r"varav (\d+) vilar på prognos", headline)
    stad = orgs().filter(pl.col("level") == "stad")["id"][0]
    voms = set(_start(year, period).voms["id"].to_list())
    rows = [r for r in cli_export("goals", year, period, capsys)
            if r["org_id"] == stad and r["goal_id"] in voms]
    lights = [r["light"] for r in rows]
    assert n_goals == len(voms)
    assert (green, yellow, red, missing) == (lights.count("gron"), lights.count("gul"),
                                             lights.count("rod"), lights.count("saknas"))
    assert (int(rested[1]) if rested else 0) == sum(r["rests_on_forecast"] == "ja" for r in rows)


def test_the_more_positive_boards_are_the_same_everywhere(town):
    from pagekit.downloads import build
    from pages.jamforelse import data as cmp_data
    from pages.jamforelse import tables as cmp_tables

    year, period = town
    _, out = overview_text(year, period)
    head = text(find_by_id(out, "overview-boards-headline"))
    m = re.match(r"(\d+) av (\d+) nämnder bedömer sig mer positivt", head)
    assert m, head
    listing = find_by_id(out, "overview-positive-boards")
    named = dict(re.findall(r"([^,:]+?) \((\d+) mål\)", text(listing).replace(" ,", ","))) \
        if listing is not None else {}
    named = {k.strip(): int(v) for k, v in named.items()}

    args = {"ar": year, "period": period}
    ranking = cmp_tables.board_rows(cmp_data.load(args))
    positive = {r["name"]: r["n_positive"] for r in ranking if r["n_positive"]}
    compared = [r for r in ranking if r["rank"] is not None]
    assert int(m[1]) == len(positive) and int(m[2]) == len(compared)
    assert named == positive

    sheet = build("jamforelse", "boards", args).frame
    assert {r["Nämnd"]: r["Mer positiv"] for r in sheet.iter_rows(named=True)
            if r["Mer positiv"]} == positive


def test_the_optimism_ranking_is_the_same_on_every_page(town):
    from pagekit.data import get_engine, reference
    from pagekit.downloads import build
    from pages.jamforelse import data as cmp_data
    from pages.jamforelse import tables as cmp_tables
    from pages.jamforelse.parts import MINUS, signed
    from pages.namnd import optimism_line
    from pages.namnd.data import optimism_place

    year, period = town
    args = {"ar": year, "period": period}
    d = cmp_data.load(args)
    ranking = cmp_tables.board_rows(d)
    sheet = {r["Nämnd"]: r for r in build("jamforelse", "boards", args).frame.iter_rows(
        named=True)}
    n_ranked = sum(r["rank"] is not None for r in ranking)
    engine = get_engine()
    ref = reference(engine)
    for r in ranking:
        assert sheet[r["name"]]["Plats"] == r["rank"], r["name"]
        index = sheet[r["name"]]["Optimismindex"]
        if r["optimism"] is None:
            assert index is None, r["name"]
        else:
            shown = signed(r["optimism"]).replace("+", "").replace(MINUS, "-").replace(",", ".")
            assert index == pytest.approx(float(shown)), r["name"]  # the number the page shows
        place = optimism_place(engine, ref, r["org_id"], int(year), period)
        said = text(optimism_line(place, d.ctx))
        if r["rank"] is None:
            assert said.startswith("Ingen plats i optimismrankningen"), r["name"]
        else:
            assert f"Plats {r['rank']} av {n_ranked} i optimism" in said, r["name"]


def test_each_goals_board_counts_are_the_exports(town, capsys):
    from pages import mal

    year, period = town
    boards = set(orgs().filter(pl.col("level") == "namnd")["id"].to_list())
    rows = [r for r in cli_export("goals", year, period, capsys) if r["org_id"] in boards]
    voms = sorted(set(_start(year, period).voms["id"].to_list()))
    assert voms
    for vom in voms:
        said = text(mal.render({"goal_id": vom, "ar": year, "period": period, "sort": None,
                                "mal": None}))
        mine = [r for r in rows if r["goal_id"] == vom]
        # the export marks a board with only a self-assessment by four zero counts (light
        # `saknas`); the page names those boards apart (§3.8), as it does `ej_malsatt`
        none = [r for r in mine if r["light"] == "saknas" and not any(
            int(r[k]) for k in ("n_green", "n_yellow", "n_red", "n_missing"))]
        lit = [r for r in mine if r not in none]
        if lit:
            assert (f"{len(lit)} {'nämnd har' if len(lit) == 1 else 'nämnder har'} ljus för "
                    "målet: ") in said, vom
        for light, word in LIGHT_WORD.items():
            n = sum(r["light"] == light for r in lit)
            if n:
                assert f"{n} {'nämnd' if n == 1 else 'nämnder'}: {word}" in said, (vom, light)
        # the export's `saknas` with four zero counts is either (DOMAIN §3.8, one vocabulary)
        apart = 0
        for words in ("har inga indikatorer för målet",
                      "saknar målvärden för alla sina indikatorer"):
            m = re.search(rf"(\d+) nämnde?r? {words}", said)
            apart += int(m[1]) if m else 0
        assert apart == len(none), vom
        positive = sum(bool(r["gap"]) and float(r["gap"]) > 0 for r in mine)
        assert (f"{positive} {'nämnd' if positive == 1 else 'nämnder'} bedömer målet mer "
                "positivt") in said, vom


@pytest.mark.parametrize("board", ["alla", "one"])
def test_the_agendas_counts_are_its_files(town, board):
    """/mote: "N punkter: rött eller gult ljus a, …" and the per-board table ↔ the agenda's
    download (one row per item, its kind in words) and the per-board download."""
    from pagekit.downloads import build
    from pages import mote
    from pages.mote.items import KIND_LABEL

    year, period = town
    if board == "one":  # the board with most items on the all-boards agenda
        every = build("mote", "agenda", {"ar": year, "period": period, "namnd": "alla"})
        names = orgs().filter(pl.col("level") == "namnd").select("name", "id").rows()
        counts = every.frame.group_by("Nämnd").len().filter(
            pl.col("Nämnd").is_in([n for n, _ in names])).sort("len", descending=True)
        board = dict(names)[counts.row(0)[0]]  # ("Hela staden": the city's own items)
    args = {"ar": year, "period": period, "namnd": board}
    out = mote.render({**args, "sort": None, "mal": None, "typ": None})
    said = text(find_by_id(out, "meeting-summary"))
    m = re.match(r"(\d+) punkter: (.*)\.$", said)
    assert m, said
    agenda = build("mote", "agenda", dict(args)).frame
    assert int(m[1]) == agenda.height
    kinds = dict(agenda.group_by("Avvikelse").len().iter_rows())
    for label in KIND_LABEL.values():
        n = re.search(rf"{re.escape(label.lower())} (\d+)", m[2])
        assert (int(n[1]) if n else 0) == kinds.get(label, 0), label
    summary = build("mote", "summary", dict(args)).frame
    assert summary["Totalt"].sum() == agenda.height
    per_board = dict(agenda.group_by("Nämnd").len().iter_rows())
    assert dict(zip(summary["Nämnd"], summary["Totalt"], strict=True)) == per_board


def test_each_boards_goal_coverage_on_its_page_is_the_exports(town, capsys):
    """The board page's words on each goal light ("7 av 9 på prognos", "2 av 9 utan utfall")
    and its indicator counts are the goals export's n_* columns for that board and goal."""
    from pages import namnd

    year, period = town
    rows = cli_export("goals", year, period, capsys)
    boards = sorted(orgs().filter(pl.col("level") == "namnd")["id"].to_list())[:4]
    checked = 0
    for board in boards:
        out = namnd.render({"org_id": board, "ar": year, "period": period, "sort": None,
                            "mal": None})
        for r in (r for r in rows if r["org_id"] == board):
            node = find_by_id(out, f"mal-{r['goal_id']}")
            if node is None:  # a goal the board page does not show (not one of its VOMs)
                continue
            g, y, red, miss, fc = (int(r[k] or 0) for k in ("n_green", "n_yellow", "n_red",
                                                            "n_missing", "n_forecast"))
            section = text(node)
            total = g + y + red + miss
            if fc:
                assert f"{fc} av {total} på prognos" in section, (board, r["goal_id"])
            if miss:
                assert f"{miss} av {total} utan utfall" in section, (board, r["goal_id"])
            if total:
                counted = re.search(r"(\d+) indikator(?:er)?: (\d+) uppfyll", section)
                assert counted and int(counted[2]) == g, (board, r["goal_id"], section[:300])
            checked += 1
    assert checked >= 4
