"""Excel, CSV and JSON of any table in the app: the table's shape (`ExportTable`), its address
and the download and print buttons. UI only: the files are built on the server by
`pagekit.downloads` from the table a view registered, and served by `web.data_urls`.

Every registered table has an address, `/data/<view>/<table>.csv|.xlsx|.json?<arguments>`
(`data_path`, as datasette serves its tables), and the page places `download_buttons(view,
name, args, what)` beside the table: plain links to that address.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

import polars as pl
from dash import MATCH, Input, Output, clientside_callback, html

FORMATS = ("xlsx", "csv")
FORMATS_BY_URL = ("csv", "xlsx", "json")


@dataclass(frozen=True)
class ExportTable:
    title: str
    frame: pl.DataFrame  # Swedish column headings; numbers as numbers
    filters: dict[str, str] = field(default_factory=dict)  # shown above the table
    formats: dict[str, str] = field(default_factory=dict)  # column → percent/decimal/integer
    kolada: bool = False  # some values come from Kolada: credit it


# A table's name in a URL (Swedish; a table not listed here is reached by its registered
# name). The view part of the URL is the view's own name (its package, `pagekit.view`).
URL_NAMES = {"goals": "mal", "matrix": "matris", "indicators": "indikatorer",
             "units": "enheter", "peers": "liknande", "boards": "namnder",
             "kf": "kf-indikatorer", "values": "varden", "agenda": "dagordning",
             "summary": "avvikelser", "groups": "mottagargrupper", "list": "lista",
             "years": "per-ar", "years_assessments": "per-ar-bedomningar",
             "assessments": "bedomningar", "ks": "kommunstyrelsen", "reported": "rapporterat"}
DATA_PREFIX = "/data/"


def data_path(view: str, name: str, args: dict | None, fmt: str) -> str:
    """The table's address, `/data/<view>/<table>.<fmt>?<arguments>` (empty ones left out)."""
    query = urlencode([(k, str(v)) for k, v in (args or {}).items() if v not in (None, "")])
    return f"{DATA_PREFIX}{view}/{URL_NAMES.get(name, name)}.{fmt}" + (f"?{query}" if query
                                                                        else "")


def download_buttons(view: str, name: str, args: dict, what: str,
                     csv: bool = False) -> html.Div:
    """'Ladda ner Excel' (and 'Ladda ner CSV') for one table: plain links to the table's
    address (`data_path`, served by `web.data_urls`); `what` names the table for screen
    readers ("Ladda ner Excel: Nämnder per mål")."""
    from dash import get_relative_path

    parts = []
    for fmt in FORMATS if csv else ("xlsx",):
        word = "Excel" if fmt == "xlsx" else "CSV"
        parts.append(html.A([f"Ladda ner {word}",
                             html.Span(f": {what}", className="visually-hidden")],
                            href=get_relative_path(data_path(view, name, args, fmt)),
                            className="btn btn-sm btn-outline-secondary kr-export-btn"))
    return html.Div(parts, className="kr-export d-flex gap-2 mb-2 d-print-none")


def print_button(page: str) -> html.Div:
    """'Skriv ut': the browser's print dialog (the print style sheet does the layout), after
    assets/print.js has loaded and opened the page's folded sections."""
    return html.Div([
        html.Button("Skriv ut", id={"type": "print-btn", "page": page}, n_clicks=0,
                    type="button", className="btn btn-sm btn-outline-secondary"),
        html.Span(id={"type": "print-done", "page": page}, hidden=True),
    ], className="kr-print-btn d-print-none")


clientside_callback(
    "function(n) { if (n) { if (window.kontrollrumPrint) { window.kontrollrumPrint(); } "
    "else { window.print(); } } return ''; }",
    Output({"type": "print-done", "page": MATCH}, "children"),
    Input({"type": "print-btn", "page": MATCH}, "n_clicks"),
    prevent_initial_call=True,
)
