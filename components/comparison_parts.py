"""Parts shared by the views that set self-assessments against lights (/jamforelse, /mote):
the gap marker, the link to a board's goal, filter links and folded user texts."""

from __future__ import annotations

from dash import dcc, html

from ils.labels import gap_label

MINUS = "−"
FOLD_AT = 160


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


def goal_href(org_id: str, vom_id: str, query: str) -> str:
    sep = "&" if query else "?"
    return f"/namnd/{org_id}{query}{sep}mal={vom_id}#mal-{vom_id}"


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
