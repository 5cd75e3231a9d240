"""The report book (issue 22): the city's period report as one document model, which the page
(/rapport, printable A4) and the .docx download both render. Pure: rows in, blocks out.

Contents: a cover, the contents, for each inriktningsmål and VOM the city's light with its
coverage and rests-on-forecast marking beside KS's own assessment, the boards' distribution
and which boards are more positive than the indicators; then each board's section (its goals,
lights, self-assessments with motivations, SLK's decisions). Rows are what the viewer may see:
a draft the viewer may see is marked "(utkast)".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ils.labels import ASSESSMENT_LABEL, LIGHT_LABEL, light_label
from ils.reporting_round import STATUS_WORDS


@dataclass
class Block:
    kind: str  # heading, para, table, pagebreak
    text: str = ""
    level: int = 1
    anchor: str = ""
    headers: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    marked: bool = False  # a draft (shown as such)


@dataclass
class Book:
    title: str
    subtitle: str
    contents: list[tuple[str, str]]  # (anchor, text)
    blocks: list[Block]


def light_words(row: dict | None) -> str:
    """'Delvis uppfyllt', 'Uppfyllt (prognos); på utfall: Utfall saknas', 'Inga indikatorer'."""
    if not row or row.get("light") is None:
        return "Inga indikatorer"
    if row.get("rests_on_forecast"):
        return (f"{light_label(row['light'], 'prognos')}; på utfall: "
                f"{light_label(row.get('light_outcome_only') or 'saknas')}")
    return light_label(row["light"])


def coverage(row: dict | None) -> str:
    """'7 av 9 på prognos, 2 av 9 utan utfall' (§3.8), or '' when every light has an outcome."""
    if not row:
        return ""
    n = sum(row.get(k) or 0 for k in ("n_green", "n_yellow", "n_red", "n_missing"))
    parts = []
    if row.get("n_forecast"):
        parts.append(f"{row['n_forecast']} av {n} på prognos")
    if row.get("n_missing"):
        parts.append(f"{row['n_missing']} av {n} utan utfall")
    return ", ".join(parts)


def assessment_words(value: str | None, status: str | None) -> str:
    if value not in ASSESSMENT_LABEL:
        return "Ingen självskattning"
    return ASSESSMENT_LABEL[value] + (" (utkast)" if status == "utkast" else "")


def build(year: int, period: str, city_name: str, ims: list[dict], voms: list[dict],
          city: dict[str, dict], im_lights: dict[str, str], boards: list[tuple[str, str]],
          lights: dict[tuple[str, str], dict], assessments: dict[tuple[str, str], dict],
          decisions: dict[tuple[str, str], list[str]], status: dict[str, dict],
          printed: str, one_board: str | None = None) -> Book:
    """The book of (year, period); `one_board`: that board's section only."""
    names = dict(boards)
    title = (f"{names.get(one_board, one_board)} – periodrapport" if one_board
             else f"{city_name} – periodrapport")
    blocks: list[Block] = []
    contents: list[tuple[str, str]] = []
    if not one_board:
        for im in ims:
            anchor = f"rapport-{im['id']}"
            head = f"{im.get('code') or ''} {im['title']}".strip()
            contents.append((anchor, head))
            blocks.append(Block("heading", head, 2, anchor))
            blocks.append(Block("para", "Stadens ljus: " + LIGHT_LABEL.get(
                im_lights.get(im["id"]) or "saknas", "Utfall saknas")))
            for v in (v for v in voms if v["parent_id"] == im["id"]):
                blocks += _vom_blocks(v, city.get(v["id"]), boards, lights, assessments)
        blocks.append(Block("pagebreak"))
    shown = [(o, n) for o, n in boards if one_board in (None, o)]
    for org_id, name in shown:
        anchor = f"rapport-namnd-{org_id}"
        contents.append((anchor, name))
        blocks.append(Block("heading", name, 2, anchor))
        st = status.get(org_id)
        if st:
            line = (f"Rapportering: {STATUS_WORDS.get(st['status'], st['status'])}, "
                    f"{st['n_published']} av {st['n_goals']} mål publicerade")
            if st.get("deadline"):
                line += f", sista dag {st['deadline']}"
            if st.get("late") == "ja":
                line += f" – sen, {st['days_late']} dagar"
            blocks.append(Block("para", line))
        rows, marked = [], False
        for v in voms:
            lt = lights.get((v["id"], org_id))
            a = assessments.get((v["id"], org_id), {})
            if lt is None and not a:
                continue
            draft = a.get("status") == "utkast"
            marked = marked or draft
            rows.append([f"{v.get('code') or ''} {v['title']}".strip(), light_words(lt),
                         coverage(lt), assessment_words(a.get("assessment"), a.get("status")),
                         a.get("motivation") or "",
                         "; ".join(decisions.get((v["id"], org_id), []))])
        if rows:
            blocks.append(Block("table", headers=["Mål", "Beräknat ljus", "Täckning",
                                                  "Självskattning", "Motivering",
                                                  "SLK:s beslut"], rows=rows, marked=marked))
        else:
            blocks.append(Block("para", "Nämnden har inga mål att bedöma i perioden."))
    return Book(title, f"{period} {year} · utskriven {printed}", contents, blocks)


def _vom_blocks(v: dict, row: dict | None, boards: list[tuple[str, str]],
                lights: dict, assessments: dict) -> list[Block]:
    head = f"{v.get('code') or ''} {v['title']}".strip()
    out = [Block("heading", head, 3, f"rapport-{v['id']}")]
    cov = coverage(row)
    out.append(Block("para", f"Stadens ljus: {light_words(row)}" + (f" ({cov})" if cov else "")))
    ks = (row or {}).get("self_assessment")
    out.append(Block("para", "Kommunstyrelsens bedömning: "
                     + (ASSESSMENT_LABEL.get(ks, "ingen") if ks else "ingen")))
    counts = {k: 0 for k in ASSESSMENT_LABEL}
    none, positive = [], []
    for org_id, name in boards:
        a = assessments.get((v["id"], org_id), {})
        lt = lights.get((v["id"], org_id))
        if lt is None and not a:
            continue
        if a.get("assessment") in counts:
            counts[a["assessment"]] += 1
        else:
            none.append(name)
        if lt and (lt.get("gap") or 0) > 0:
            positive.append(name)
    dist = ", ".join(f"{n} {ASSESSMENT_LABEL[k].lower()}" for k, n in counts.items())
    out.append(Block("para", f"Nämndernas bedömning: {dist}"
                     + (f"; utan bedömning: {', '.join(none)}" if none else "") + "."))
    out.append(Block("para", ("Mer positiva än indikatorerna: " + ", ".join(positive) + ".")
                     if positive else "Ingen nämnd bedömer målet mer positivt än indikatorerna."))
    return out


def docx_bytes(book: Book) -> bytes:
    """The book as an editable Word document (python-docx)."""
    import io

    from docx import Document
    from docx.enum.text import WD_BREAK

    doc = Document()
    doc.core_properties.title = book.title
    doc.add_heading(book.title, 0)
    doc.add_paragraph(book.subtitle)
    doc.add_heading("Innehåll", 1)
    for _, text in book.contents:
        doc.add_paragraph(text, style="List Number")
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    for b in book.blocks:
        if b.kind == "heading":
            doc.add_heading(b.text, min(b.level - 1, 9) or 1)
        elif b.kind == "para":
            doc.add_paragraph(b.text)
        elif b.kind == "pagebreak":
            doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        elif b.kind == "table":
            if b.marked:
                doc.add_paragraph("Innehåller utkast: bedömningar märkta (utkast) är inte "
                                  "publicerade.")
            t = doc.add_table(rows=1, cols=len(b.headers))
            t.style = "Table Grid"
            for cell, text in zip(t.rows[0].cells, b.headers, strict=False):
                cell.text = text
            for r in b.rows:
                for cell, text in zip(t.add_row().cells, r, strict=False):
                    cell.text = text
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()
