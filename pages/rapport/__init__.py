"""/rapport – Rapportboken: the city's period report (`ils.report_book`): cover, contents,
each inriktningsmål and VOM with the city's light, coverage and KS's assessment, the boards'
distribution and who is more positive; then each board's section. `?namnd=<id>` gives one
board's version (linked from the board page). Printable A4; downloadable as .docx. Published
data only unless the viewer may see drafts (then marked)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, State, callback, dcc, html, no_update

from components import page
from components.export import print_button
from components.navigation import period_selector
from ils.report_book import docx_bytes
from pagekit import guard
from pagekit.org.frame import css_string
from pages.rapport import data
from pages.rapport.tables import book_html

PATH = "/rapport"
dash.register_page(__name__, path=PATH, name="Rapport", title="Rapport – Kontrollrum",
                   nav=True, order=45)


page.filled_later(dbc.Button(id="report-docx"))  # drawn with the report


def layout(**kwargs):
    args = page.query_args(kwargs)
    return html.Div([page.frame("report", **args, namnd=kwargs.get("namnd")),
                     dcc.Download(id="report-docx-file")])


@callback(Output("report-content", "children"), Input("report-args", "data"))
@guard.safe
def render(args):
    args = args or {}
    ctx, book = data.load(args)
    extra = {"namnd": args["namnd"]} if args.get("namnd") else {}
    return html.Div([
        page.doc_title(book.title),
        html.P(f"{book.title} · {ctx.period} {ctx.year}", className="kr-print-header",
               **{"aria-hidden": "true"}),
        period_selector(PATH, ctx, extra=extra),
        html.Div([print_button("report"),
                  dbc.Button("Ladda ner Word (.docx)", id="report-docx", n_clicks=0,
                             color="secondary", outline=True, size="sm")],
                 className="d-flex flex-wrap gap-2 d-print-none mb-3"),
        book_html(book),
    ], className="kr-report", style={"--kr-print-line": css_string(
        f"{book.title} · {ctx.period} {ctx.year}")})


@callback(Output("report-docx-file", "data"), Input("report-docx", "n_clicks"),
          State("report-args", "data"), prevent_initial_call=True)
def download(n_clicks, args):
    """The same book as an editable Word document (for the viewer: the same rows)."""
    if not n_clicks:
        return no_update
    args = args if isinstance(args, dict) else {}
    ctx, book = data.load(args)
    name = f"kontrollrum_rapport_{ctx.year}_{ctx.period}"
    if args.get("namnd"):
        name += f"_{args['namnd']}"
    return dcc.send_bytes(docx_bytes(book), f"{name}.docx")
