"""The report book on screen and on paper: `ils.report_book` blocks as HTML (A4 print:
assets/print.css rules under `.kr-book`; page numbers and the running header come from its
@page rules)."""

from __future__ import annotations

from dash import html

from ils.report_book import Book


def book_html(book: Book) -> html.Div:
    out: list = [html.Section([
        html.H1(book.title, className="h2"), html.P(book.subtitle, className="lead"),
    ], className="kr-book-cover"),
        html.Section([html.H2("Innehåll", className="h4"),  # not a <nav>: it is printed
                      html.Ol([html.Li(html.A(text, href=f"#{anchor}"))
                               for anchor, text in book.contents])],
                     className="kr-book-contents", **{"aria-label": "Innehåll"})]
    for b in book.blocks:
        if b.kind == "heading":
            tag = {2: html.H2, 3: html.H3}.get(b.level, html.H4)
            out.append(tag(b.text, id=b.anchor or None,
                           className={2: "h4 mt-4", 3: "h5 mt-3"}.get(b.level, "h6")))
        elif b.kind == "para":
            out.append(html.P(b.text, className="mb-1"))
        elif b.kind == "pagebreak":
            out.append(html.Div(className="kr-page-break"))
        elif b.kind == "table":
            out.append(html.Div(html.Table([
                html.Thead(html.Tr([html.Th(h, scope="col") for h in b.headers])),
                html.Tbody([html.Tr([html.Td(c) for c in r],
                                    className="kr-draft" if "(utkast)" in r[3] else None)
                            for r in b.rows])], className="table table-sm kr-table"),
                className="table-responsive", tabIndex="0", role="region",
                **{"aria-label": "Mål, ljus och bedömningar"}))
    return html.Div(out, className="kr-book")
