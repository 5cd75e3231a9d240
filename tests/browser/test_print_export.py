"""A board's page (/namnd/norrby, the known-lights city) in headless Chromium: an Excel file
downloaded from it and read back, and the print view printed to an A4 PDF."""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import openpyxl

from tests.browser.support import assert_no_axe_violations, require, wait_for_dash

Q = "?ar=2022&period=VB"
LINE = r"Norrby stadsdelsnämnd · VB 2022 · utskrivet \d{4}-\d\d-\d\d"


def open_board(page, base: str) -> None:
    page.goto(base + "/namnd/norrby" + Q)
    wait_for_dash(page)
    page.wait_for_selector("#mal-vom11")


def test_excel_download_of_the_indicators_reads_back(live_server, page, city_url):
    open_board(page, live_server(city_url))
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile(r"^Ladda ner Excel.*Alla indikatorer")).click()
    dl = info.value
    assert dl.suggested_filename == "kontrollrum_Indikatorer-Norrby-stadsdelsnamnd-VB-2022.xlsx"
    ws = openpyxl.load_workbook(io.BytesIO(open(dl.path(), "rb").read())).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0] == "Indikatorer Norrby stadsdelsnämnd VB 2022"
    assert rows[1][0].startswith("Fiktiva demodata")
    assert ("Nämnd:", "Norrby stadsdelsnämnd") in [r[:2] for r in rows]
    h = next(i for i, r in enumerate(rows) if r[0] == "Mål (kod)")
    data = [dict(zip(rows[h], r, strict=False)) for r in rows[h + 1:]]
    by = {r["Indikator"]: r for r in data}
    assert set(by) == {"Andel elever som läser", "Andel nöjda föräldrar", "Antal lästimmar",
                       "Väntetid till boende"}
    las = by["Andel elever som läser"]
    assert (las["Värde"], las["Målvärde"], las["Ljus"]) == (85, 80, "Uppfyllt")
    assert isinstance(by["Väntetid till boende"]["Värde"], (int, float))
    assert by["Väntetid till boende"]["Ljus"] == "Ej uppfyllt"
    assert by["Antal lästimmar"]["Beslutad av"] == "Egen"


def test_buttons_are_accessible(live_server, page, city_url):
    open_board(page, live_server(city_url))
    assert page.get_by_role("button", name="Skriv ut").is_visible()
    assert page.locator(".kr-export-btn").count() >= 4
    assert_no_axe_violations(page)


def test_print_pdf_of_the_board_page(live_server, page, city_url, tmp_path):
    open_board(page, live_server(city_url))
    # what the "Skriv ut" button does before the dialog: load and open the folded sections
    assert page.evaluate("() => window.kontrollrumPrepare()") is True
    wait_for_dash(page)
    assert page.locator(".kr-fold-pending").count() == 0
    assert page.locator("details:not([open])").count() == 0
    assert page.locator("#mal-vom12 table").count() == 1  # its indicators, loaded lazily
    page.emulate_media(media="print")
    for hidden in ("nav.navbar", ".kr-org-toolbar", ".kr-period", ".breadcrumb"):
        assert page.locator(hidden).first.is_hidden(), hidden
    brk = page.eval_on_selector("#mal-vom12", "e => getComputedStyle(e).breakBefore")
    assert brk == "page"  # each VOM block after the first starts a page
    running = page.evaluate(
        "() => document.documentElement.style.getPropertyValue('--kr-print-line')")
    assert re.fullmatch(LINE, running.strip('"'))  # what the page margin prints
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pages >= 2
    if shutil.which("pdftotext") is None:
        require("KONTROLLRUM_REQUIRE_BROWSER",
                "pdftotext (poppler-utils) is not installed: the PDF's page texts not checked")
    path = tmp_path / "namnd.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout
    per_page = [t for t in text.split("\f") if t.strip()]
    assert len(per_page) == pages
    for i, t in enumerate(per_page, 1):  # the period and the date on every page, numbered
        assert re.search(LINE, t), f"page {i} lacks the running line"
        assert f"Sida {i} av {pages}" in t
    assert "Ladda ner" not in text and "Skriv ut" not in text
    assert "Barn lär sig" in per_page[0] and "Äldre trivs" not in per_page[0]
    # VOM 1.2 with its (lazily loaded) indicator starts a new page
    assert "Äldre trivs" in per_page[1] and "Väntetid till boende" in per_page[1]
