"""/rapport – the report book on the fixture city with deadlines and Söderby's draft: cover,
contents, each VOM with the city's light, coverage and KS's assessment, the boards'
distribution and who is more positive; each board's section; the one-board version; the
.docx download; published data only for the public, drafts marked for SLK."""

from __future__ import annotations

import base64
import io

import pytest

from ils.access import Viewer
from queries import scope
from tests.dash_tree import find_by_id, text

SLK = Viewer(role="slk", name="Sara SLK", subject="k1")
DRAFT_WORD = "Delvis uppfyllt (utkast)"  # Söderby's draft on 1.2


def book(viewer, **args):
    from pages import rapport

    with scope.acting_as(viewer):
        return rapport.render({"ar": "2022", "period": "VB", **args})


def test_the_city_book_has_cover_contents_goals_and_boards(round_db):
    out = text(book(Viewer()))
    assert "Exempelstad – periodrapport" in out and "VB 2022 · utskriven" in out
    assert "Innehåll" in out
    assert "1.1 Barn lär sig" in out and "Stadens ljus: Uppfyllt" in out
    assert "Kommunstyrelsens bedömning: Delvis uppfyllt" in out
    assert "Nämndernas bedömning: 3 uppfyllt, 0 delvis uppfyllt, 0 ej uppfyllt." in out
    assert "Mer positiva än indikatorerna: Norrby stadsdelsnämnd, Söderby stadsdelsnämnd." in out
    assert "Rapportering: Utkast, 1 av 2 mål publicerade, sista dag 2023-02-15" in out
    assert "1.2 Äldre trivs" in out


def test_drafts_only_for_those_who_may_see_them_and_marked(round_db):
    assert DRAFT_WORD not in text(book(Viewer()))
    assert DRAFT_WORD not in text(book(Viewer(role="namnd", orgs=("norrby",))))
    assert DRAFT_WORD in text(book(SLK))
    assert DRAFT_WORD in text(book(Viewer(role="namnd", orgs=("soderby",))))


def test_one_board_version(round_db):
    out = text(book(Viewer(), namnd="kultur"))
    assert "Kulturnämnden – periodrapport" in out
    assert "Norrby stadsdelsnämnd" not in out and "Kommunstyrelsens bedömning" not in out


def test_the_docx_download_is_the_same_book(round_db):
    from docx import Document

    from pages import rapport

    with scope.acting_as(Viewer()):
        got = rapport.download(1, {"ar": "2022", "period": "VB"})
    assert got["filename"] == "kontrollrum_rapport_2022_VB.docx"
    doc = Document(io.BytesIO(base64.b64decode(got["content"])))
    body = "\n".join(p.text for p in doc.paragraphs)
    cells = " ".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "Exempelstad – periodrapport" in body and "Stadens ljus: Uppfyllt" in body
    assert "Söderby stadsdelsnämnd" in body and "Uppfyllt" in cells
    assert DRAFT_WORD not in cells  # the public's book: no draft


def test_the_board_page_links_to_its_report(round_db):
    from pages import namnd

    out = namnd.render({"ar": "2022", "period": "VB", "org_id": "norrby"})
    link = find_by_id(out, "board-report-link")
    assert link.href == "/rapport?ar=2022&period=VB&namnd=norrby"


@pytest.mark.parametrize("args", [{"ar": "1800"}, {"period": "Q9"}, {"namnd": "<script>"}])
def test_odd_arguments_never_crash(round_db, args):
    out = text(book(Viewer(), **args))
    assert "Traceback" not in out
