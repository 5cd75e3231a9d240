"""Small parts of the comparison pages: the gap marker, a matrix cell with the
self-assessment beside the computed light, signed numbers, filter links, folded texts."""

from __future__ import annotations

from dash import dcc, html

from components.lights import assessment_badge, light_badge
from ils.labels import ASSESSMENT_LABEL, fmt_number, fmt_percent, gap_label, light_label

MINUS = "−"
BASIS_WORDS = {"indikatorer": "Indikatorer", "samlad bedömning": "Samlad bedömning",
               "ej angivet": "Ej angivet"}
FOLD_AT = 160


def signed(x: float | None, decimals: int = 2) -> str:
    """'+0,5', '−1,25', '0'; '–' when missing."""
    if x is None:
        return "–"
    if x == 0:
        return "0"
    return ("+" if x > 0 else MINUS) + fmt_number(abs(x), decimals)


def gap_text(gap: int | None) -> str:
    if gap is None:
        return "·"
    return "±0" if gap == 0 else (f"+{gap}" if gap > 0 else f"{MINUS}{-gap}")


def gap_marker(gap: int | None) -> html.Span:
    """The gap of DOMAIN.md §3.4 as a sign ("+1", "±0", "−2") whose accessible name says it
    in words. Positive gaps (more positive than the indicators) stand out."""
    words = gap_label(gap)
    text = gap_text(gap)
    cls = ("kr-gap badge " + ("text-bg-warning" if gap and gap > 0 else
                              "text-bg-info" if gap and gap < 0 else
                              "text-bg-light border" if gap == 0 else "text-muted"))
    return html.Span(text, className=cls, role="img", title=words,
                     **{"aria-label": words + ("" if gap is None else f" ({text})")})


def no_assessment() -> html.Span:
    return html.Span([html.Span("–", **{"aria-hidden": "true"}),
                      html.Span("Ingen självskattning", className="visually-hidden")],
                     className="text-muted px-1", title="Ingen självskattning")


def pair(row: dict | None, compact: bool = True) -> list:
    """Self-assessment badge, computed light badge and the gap marker for one goal row."""
    if row is None:
        return [no_assessment()]
    assessed = row.get("self_assessment")
    return [
        assessment_badge(assessed, compact=compact) if assessed else no_assessment(),
        light_badge(row.get("light"), compact=compact,
                    label=f"Beräknat: {light_label(row.get('light'))}"),
        gap_marker(row.get("gap")),
    ]


def goal_href(org_id: str, vom_id: str, query: str) -> str:
    sep = "&" if query else "?"
    return f"/namnd/{org_id}{query}{sep}mal={vom_id}#mal-{vom_id}"


def cell(row: dict | None, org_id: str, vom_id: str, query: str) -> html.Td:
    """A matrix cell: the pair, linked to the board's goal view (where the motivation is)."""
    if row is None:
        return html.Td(html.Span([html.Span("–", **{"aria-hidden": "true"}),
                                  html.Span("Inga indikatorer och ingen självskattning",
                                            className="visually-hidden")],
                                 className="text-muted"), className="text-center kr-cell")
    link = dcc.Link(pair(row), href=goal_href(org_id, vom_id, query),
                    className="kr-cell-link d-inline-flex gap-1 align-items-center")
    return html.Td(link, className="text-center kr-cell")


def basis_word(basis: str | None) -> str:
    return BASIS_WORDS.get(basis or "ej angivet", (basis or "").capitalize())


def assessment_words(a: str | None) -> str:
    return ASSESSMENT_LABEL.get(a or "", "Ingen bedömning")


def share(num: int, den: int) -> str:
    """'2 av 3 (66,7 %)', or '–' when there is nothing to share."""
    if not den:
        return "–"
    return f"{num} av {den} ({fmt_percent(num / den)})"


def choice_links(label: str, options: list[tuple[str, str | None]], current: str | None,
                 href, label_id: str) -> html.Div:
    """A labelled group of filter links (each a shareable URL); the current one marked."""
    links = []
    for text, value in options:
        on = value == current
        links.append(dcc.Link([text, html.Span(" (vald)", className="visually-hidden")]
                              if on else text, href=href(value),
                              className="btn btn-sm " + ("btn-dark" if on else
                                                         "btn-outline-dark")))
    return html.Div([html.Span(label, className="me-2 fw-semibold", id=label_id),
                     html.Div(links, className="btn-group flex-wrap", role="group",
                              **{"aria-labelledby": label_id})],
                    className="d-flex flex-wrap align-items-center gap-1 me-3 mb-1")


def folded(text: str | None, summary: str = "Visa hela motiveringen") -> html.Span | None:
    """User text as plain text; long texts folded (html.Details) after a short start."""
    if not text:
        return None
    if len(text) <= FOLD_AT:
        return html.Span(text, className="kr-usertext")
    cut = text[:FOLD_AT].rsplit(" ", 1)[0] + " …"
    return html.Details([html.Summary([cut, " ", html.Span(summary, className="small")]),
                         html.P(text, className="kr-usertext mb-0 mt-1")])
