"""Excel, CSV and JSON of any table in the app, and the print button.

A page registers a table builder once, at import: `register_table(page, name, fn)`, where
`fn(args: dict) -> ExportTable` re-derives the table from the page's URL arguments (the
same ones its render callback gets). Every registered table has an address,
`/data/<view>/<table>.csv|.xlsx|.json?<arguments>` (`data_path`; served by `web.data_urls`,
as datasette serves its tables), and the page places `download_buttons(page, name, args,
what)` beside the table: plain links to that address. The file is built on the server from
the same builder (`export_file`), with the data label and what the page says above the table
(drafts, locks).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

import polars as pl
from dash import MATCH, Input, Output, clientside_callback, html

from ils.labels import PERIOD_LABEL
from ils.xlsx import cut_words, to_csv, to_xlsx
from queries import scope
from queries.dataset import load_info
from queries.db import get_engine
from queries.kolada_store import has_kolada_values


@dataclass(frozen=True)
class ExportTable:
    title: str
    frame: pl.DataFrame  # Swedish column headings; numbers as numbers
    filters: dict[str, str] = field(default_factory=dict)  # shown above the table
    formats: dict[str, str] = field(default_factory=dict)  # column → percent/decimal/integer
    kolada: bool = False  # some values come from Kolada: credit it


REGISTRY: dict[tuple[str, str], Callable[[dict], ExportTable | None]] = {}
FORMATS = ("xlsx", "csv")


def register_table(page: str, name: str, fn: Callable[[dict], ExportTable | None]) -> None:
    REGISTRY[(page, name)] = fn


def build(page: str, name: str, args: dict) -> ExportTable | None:
    fn = REGISTRY.get((page, name))
    return fn(dict(args or {})) if fn else None


def loaded(load: Callable[[dict], object], args: dict):
    """A view's data for a download: `load(args)`, or None where the page would show 'no
    data' or 'not found' instead (`page.Show`); fills in the year and period it resolved,
    so the sheet and file name carry them."""
    from components.page import Show

    try:
        d = load(args)
    except Show:
        return None
    ctx = getattr(d, "ctx", None)
    if ctx is not None:
        args.update(ar=ctx.year, period=ctx.period)
    return d


def data_label(info: dict, kolada: bool = False) -> str:
    """The label every exported sheet carries: the data set's source text (as in the app's
    footer), "Fiktiva demodata" first on demo data, and the Kolada credit when the table
    holds values whose source is Kolada (`kolada`: the caller derives it from the values'
    `source`, see `file_bytes`) and the source text does not say so already."""
    text = info.get("source") or "Källa: kommunens uppföljningssystem (importerat underlag)."
    if info.get("demo") == "1" and "Fiktiva demodata" not in text:
        text = "Fiktiva demodata. " + text
    if kolada and "Kolada" not in text:
        text += (" Värden med källan Kolada: Källa: Kolada; ljus och andra tal beräknade på "
                 "dem: bearbetning av data från Kolada.")
    return text


def facts(table: ExportTable, args: dict, today: dt.date | None = None) -> list[tuple[str, str]]:
    out = []
    if args.get("ar"):
        out.append(("År", str(args["ar"])))
    if args.get("period"):
        p = str(args["period"])
        out.append(("Period", f"{p} ({PERIOD_LABEL[p]})" if p in PERIOD_LABEL else p))
    out += [(k, v) for k, v in table.filters.items() if v]
    out.append(("Hämtad", (today or dt.date.today()).isoformat()))
    return out


_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O",
                        "é": "e", "É": "E", "–": "-", " ": "-"})
BASE_URL_ENV = "KONTROLLRUM_BASE_URL"
LINK_COLUMNS = ("Länk",)


def filename(page: str, name: str, args: dict, fmt: str, title: str | None = None) -> str:
    """The file's name: from the table's title when it has one (it names the board or goal and
    the period: "Skarpnacks-stadsdelsnamnd-mal-T2-2022.xlsx"), cut at a word boundary; else
    from the page, table, year and period."""
    if title:
        stem = cut_words(title, 80).translate(_ASCII)
        stem = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9_.-]", "-", stem)).strip("-.")
        if stem:
            return f"kontrollrum_{stem}.{fmt}"
    parts = ["kontrollrum", page, name, args.get("ar"), args.get("period")]
    stem = "_".join(str(p) for p in parts if p)
    return re.sub(r"[^A-Za-z0-9_.-]", "-", stem) + "." + fmt


def absolute_links(frame: pl.DataFrame, base_url: str | None) -> pl.DataFrame:
    """Links in a sheet ("Länk" columns, app paths like /namnd/…) made absolute with the
    configured base URL (`KONTROLLRUM_BASE_URL`), so they work from a mailed file."""
    if not base_url:
        return frame
    base = base_url.rstrip("/")
    return frame.with_columns([
        pl.when(pl.col(c).str.starts_with("/")).then(pl.lit(base) + pl.col(c))
        .otherwise(pl.col(c)).alias(c)
        for c in LINK_COLUMNS if c in frame.columns and frame.schema[c] == pl.String])


def _request_base() -> str | None:
    """The address the user reached the app at (scheme and host of the request), so that a
    sheet's links open from Excel when `KONTROLLRUM_BASE_URL` is not set; None outside a
    request."""
    try:
        from flask import has_request_context, request
    except ImportError:  # pragma: no cover - flask comes with dash
        return None
    if not has_request_context():
        return None
    return request.url_root


@dataclass(frozen=True)
class ExportFile:
    body: bytes
    filename: str
    args: dict  # the arguments as the table resolved them (the year and period it showed)


def export_file(page: str, name: str, args: dict, fmt: str) -> ExportFile | None:
    """The file of one table in `fmt` (xlsx, csv or json), None when there is no such table
    or the page would show 'no data' / 'not found' for these arguments."""
    args = dict(args or {})  # a builder may fill in the year and period it resolved
    fn = REGISTRY.get((page, name))
    with scope.focusing() as focus, scope.recording() as seen:
        table = fn(args) if fn else None
    if table is None:
        return None
    drafts, locks = seen.has_drafts(focus[0]), seen.locks_of(focus[0])
    if drafts or locks:  # the sheet says what the page says above the table (its period's)
        notes = {"Innehåller utkast": "ja – ej publicerade bedömningar som bara din roll ser"}
        if not drafts:
            notes = {}
        for (year, period), (when, who) in sorted(locks.items()):
            notes[f"Låst {period} {year}"] = f"{when} av {who} (visas som när perioden låstes)"
        table = dataclasses.replace(table, filters={**table.filters, **notes})
    frame = absolute_links(table.frame, os.environ.get(BASE_URL_ENV) or _request_base())
    fname = filename(page, name, args, fmt, table.title)
    if fmt == "csv":
        return ExportFile(to_csv(frame), fname, args)
    engine = get_engine()  # the Kolada credit follows the values' source (not a data-set flag)
    label = data_label(load_info(engine), table.kolada and has_kolada_values(engine))
    if fmt == "json":
        return ExportFile(json_bytes(frame, table, label, facts(table, args)), fname, args)
    return ExportFile(to_xlsx(frame, table.title, label, facts(table, args), table.formats),
                      fname, args)


def json_bytes(frame: pl.DataFrame, table: ExportTable, label: str,
               fact_list: list[tuple[str, str]]) -> bytes:
    """The table as JSON: its title, facts (year, period, filters, drafts, locks), the data
    label, the columns in order and one object per row (numbers as numbers, empty = null)."""
    body = {"titel": table.title, "fakta": dict(fact_list), "källa": label,
            "kolumner": frame.columns, "rader": frame.to_dicts()}
    return json.dumps(body, ensure_ascii=False, default=str).encode("utf-8")


def file_bytes(page: str, name: str, args: dict, fmt: str) -> tuple[bytes, str] | None:
    """The file a download gives: (bytes, filename), None when there is no such table."""
    got = export_file(page, name, args, fmt)
    return None if got is None else (got.body, got.filename)


# The view's address (/namnd/…) → its tables' page key in REGISTRY, and a table's name in a
# URL (Swedish; a table not listed here is reached by its registered name).
VIEWS = {"start": "overview", "mal": "goal", "namnd": "board", "avdelning": "department",
         "enhet": "unit", "indikator": "indicator", "mote": "meeting",
         "jamforelse": "comparison", "prognoser": "forecasts", "styrsignaler": "signals"}
URL_NAMES = {"goals": "mal", "matrix": "matris", "indicators": "indikatorer",
             "units": "enheter", "peers": "liknande", "boards": "namnder",
             "kf": "kf-indikatorer", "values": "varden", "agenda": "dagordning",
             "summary": "avvikelser", "groups": "mottagargrupper", "list": "lista",
             "years": "per-ar", "years_assessments": "per-ar-bedomningar",
             "assessments": "bedomningar", "ks": "kommunstyrelsen", "reported": "rapporterat"}
DATA_PREFIX = "/data/"
FORMATS_BY_URL = ("csv", "xlsx", "json")


def data_path(page: str, name: str, args: dict | None, fmt: str) -> str:
    """The table's address, `/data/<view>/<table>.<fmt>?<arguments>` (empty ones left out)."""
    view = next((v for v, p in VIEWS.items() if p == page), page)
    query = urlencode([(k, str(v)) for k, v in (args or {}).items() if v not in (None, "")])
    return f"{DATA_PREFIX}{view}/{URL_NAMES.get(name, name)}.{fmt}" + (f"?{query}" if query
                                                                        else "")


def table_at(view: str, url_name: str) -> tuple[str, str] | None:
    """(page, name) of the table at /data/<view>/<url_name>.…, None when there is none."""
    page = VIEWS.get(view)
    if page is None:
        return None
    for (p, name) in REGISTRY:
        if p == page and url_name in (URL_NAMES.get(name), name):
            return p, name
    return None


def download_buttons(page: str, name: str, args: dict, what: str,
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
                            href=get_relative_path(data_path(page, name, args, fmt)),
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
