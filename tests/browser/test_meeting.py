"""/mote in headless Chromium on the comparison city: the known items (the first VOM open, the
others loaded when opened), filters, the Excel download read back, the compact print PDF
(every section loaded first; the VOMs run on under one running line; one board of the demo
at T2 on at most 6 A4 pages), axe."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from tests.browser.support import assert_no_axe_violations, load_all, wait_for_dash

Q = "?ar=2022&period=VB&namnd=alla"  # every board (without namnd the page asks for one)


@pytest.fixture(scope="module")
def mote_url(tmp_path_factory) -> str:
    from queries.db import make_engine
    from queries.write.store import replace_dataset
    from tests.fixture_comparison import comparison_city

    url = f"sqlite:///{tmp_path_factory.mktemp('mote-b') / 'mote.db'}"
    eng = make_engine(url)
    replace_dataset(eng, comparison_city(), {"demo": "1"})
    eng.dispose()
    return url


def open_mote(page, base, query=Q):
    page.goto(base + "/mote" + query)
    wait_for_dash(page)
    page.wait_for_selector(".kr-agenda-item")
    wait_for_dash(page)




def test_agenda_shows_known_items(live_server, page, mote_url):
    open_mote(page, live_server(mote_url))
    assert page.inner_text("h1") == "Underlag för målbedömningsmöte"
    assert page.inner_text("#meeting-summary").startswith("15 punkter")
    assert page.title() == "Underlag för målbedömningsmöte VB 2022 – Kontrollrum"
    vom11 = page.inner_text("#mote-vom-vom11")
    assert vom11.index("Söderby") < vom11.index("Norrby")
    assert "<b>Bra</b> arbete." in vom11
    first = page.locator("#mote-vom-vom11 .kr-agenda-item").count()
    assert 0 < first < 15  # only the open section's items are in the page
    assert page.locator("#mote-vom-vom12 .kr-agenda-item").count() == 0
    page.locator("#mote-vom-vom12 summary").click()  # opening a section loads it
    page.wait_for_function("() => document.querySelectorAll('.kr-agenda-item').length === 15")
    assert page.inner_text("#mote-vom-vom12").index("Hela staden") < page.inner_text(
        "#mote-vom-vom12").index("Norrby")  # the stad's own items first in its VOM
    assert_no_axe_violations(page)


def test_filter_link(live_server, page, mote_url):
    open_mote(page, live_server(mote_url))
    page.locator("#mote-filters a", has_text=re.compile(r"^Oenighet")).first.click()
    page.wait_for_url(re.compile(r"typ=oenighet"))
    page.wait_for_function("() => ((document.querySelector('#meeting-summary') || {})"
                           ".innerText || '').startsWith('3 punkter')")
    load_all(page)
    assert page.locator(".kr-agenda-item").count() == 3


def test_excel_download_reads_back(live_server, page, mote_url):
    open_mote(page, live_server(mote_url))
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Ladda ner Excel.*Underlag för målbedömningsmöte")).click()
    dl = info.value
    # the file names whose agenda it is (issue 21 item 8)
    assert dl.suggested_filename == ("kontrollrum_Underlag-for-malbedomningsmote-Alla-namnder-"
                                     "VB-2022.xlsx")
    ws = openpyxl.load_workbook(io.BytesIO(open(dl.path(), "rb").read())).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Underlag för målbedömningsmöte Alla nämnder VB 2022"
    h = next(i for i, r in enumerate(rows) if r[0] == "Mål (kod)")
    head = rows[h]
    data = [dict(zip(head, r, strict=False)) for r in rows[h + 1:]]
    assert len(data) == 15
    vant = next(r for r in data if r["Indikator"] == "Väntetid till boende")
    assert (vant["Värde"], vant["Målvärde"], vant["Värde T2"]) == (30.0, 20.0, 19.0)


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page[^s]", pdf))


def running_line(page) -> str:
    """What the top margin of every printed page shows (print.js copies it to the root)."""
    return page.evaluate(
        "() => document.documentElement.style.getPropertyValue('--kr-print-line')").strip('"')


def test_print_pdf_is_compact_under_one_running_line(live_server, page, mote_url):
    open_mote(page, live_server(mote_url))
    load_all(page)
    assert page.locator(".kr-agenda-item").count() == 15
    page.emulate_media(media="print")
    assert page.locator("nav.navbar").is_hidden()
    assert page.locator("#mote-filters").is_hidden()
    assert page.locator(".kr-print-header").is_hidden()  # the margin line stands instead
    # the second VOM runs on after the first: several items to a page
    brk = page.eval_on_selector("#mote-vom-vom12", "e => getComputedStyle(e).breakBefore")
    assert brk != "page"
    assert re.fullmatch(r"Underlag för målbedömningsmöte · Alla nämnder · VB 2022 · utskrivet "
                        r"\d{4}-\d\d-\d\d", running_line(page))
    assert pdf_pages(page.pdf(format="A4", print_background=True)) == 1


def test_print_one_board_of_the_demo_on_at_most_six_pages(live_server, page, demo_db_url):
    """Skarpnäck's agenda at T2 2022 (its items and the city's, ~180) prints on ≤ 6 A4 pages;
    it is that board's sheet, not the all-boards one."""
    base = live_server(demo_db_url)
    page.goto(base + "/mote?ar=2022&period=T2")
    wait_for_dash(page)
    everyone = page.get_by_role("link", name=re.compile(r"^Alla nämnder – sammanfattning"))
    total_all = int(re.search(r"\((\d+)\)", everyone.inner_text()).group(1))
    open_mote(page, base, "?ar=2022&period=T2&namnd=sdn-skarpnack")
    n = int(re.match(r"(\d+) punkter", page.inner_text("#meeting-summary")).group(1))
    load_all(page)
    assert page.locator(".kr-agenda-item").count() == n and 100 < n < total_all
    blocks = page.locator(".kr-agenda-board").evaluate_all("els => els.map(e => e.id)")
    assert blocks and all(b.endswith(("-sdn-skarpnack", "-stad")) for b in blocks)
    page.emulate_media(media="print")
    assert running_line(page).startswith(
        "Underlag för målbedömningsmöte · Skarpnäcks stadsdelsnämnd · T2 2022 · utskrivet ")
    pages = pdf_pages(page.pdf(format="A4", print_background=True))
    assert 2 <= pages <= 6, f"{n} items on {pages} pages"


def test_opens_asking_for_a_board(live_server, page, mote_url):
    base = live_server(mote_url)
    page.goto(base + "/mote?ar=2022&period=VB")
    wait_for_dash(page)
    page.wait_for_selector("#mote-picker")
    assert page.locator(".kr-agenda-item").count() == 0
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Alla nämnder – sammanfattning (15)").click()
    page.wait_for_url(re.compile(r"namnd=alla"))
    page.wait_for_selector("#meeting-summary")
    page.wait_for_function(
        "() => document.querySelector('#meeting-summary').innerText.startsWith('15 punkter')")
    assert page.locator("#mote-picker").count() == 0
