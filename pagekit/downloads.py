"""The files of every table in the app (Excel, CSV, JSON), built on the server.

A view registers a table builder once, at import, under its own name (`pagekit.view`:
`VIEW.table(name, fn)`, which calls `register_table(view, name, fn)`), where
`fn(args: dict) -> ExportTable` re-derives the table from the page's URL arguments (the same ones
its render callback gets). `export_file` builds the file from that builder, with the data label
and what the page says above the table (drafts, locks); `web.data_urls` serves it at the table's
address (`components.export.data_path`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import re
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from components.export import URL_NAMES, ExportTable
from components.page import Show
from ils import clock
from ils.labels import PERIOD_LABEL
from ils.xlsx import cut_words, to_csv, to_xlsx
from queries import scope
from queries.db import get_engine
from queries.read.dataset import load_info
from queries.write.kolada_store import has_kolada_values

# (the view's own name, the table's name) → the table's builder
REGISTRY: dict[tuple[str, str], Callable[[dict], ExportTable | None]] = {}


def register_table(view: str, name: str, fn: Callable[[dict], ExportTable | None]) -> None:
    REGISTRY[(view, name)] = fn


def build(view: str, name: str, args: dict) -> ExportTable | None:
    fn = REGISTRY.get((view, name))
    return fn(dict(args or {})) if fn else None


def loaded(load: Callable[[dict], object], args: dict):
    """A view's data for a download: `load(args)`, or None where the page would show 'no
    data' or 'not found' instead (`page.Show`); fills in the year and period it resolved,
    so the sheet and file name carry them."""
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
    out.append(("Hämtad", (today or clock.today()).isoformat()))
    return out


_ASCII = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "A", "Ä": "A", "Ö": "O",
                        "é": "e", "É": "E", "–": "-", " ": "-"})
BASE_URL_ENV = "KONTROLLRUM_BASE_URL"
LINK_COLUMNS = ("Länk",)


def filename(view: str, name: str, args: dict, fmt: str, title: str | None = None) -> str:
    """The file's name: from the table's title when it has one (it names the board or goal and
    the period: "Skarpnacks-stadsdelsnamnd-mal-T2-2022.xlsx"), cut at a word boundary; else
    from the view, table, year and period."""
    if title:
        stem = cut_words(title, 80).translate(_ASCII)
        stem = re.sub(r"-{2,}", "-", re.sub(r"[^A-Za-z0-9_.-]", "-", stem)).strip("-.")
        if stem:
            return f"kontrollrum_{stem}.{fmt}"
    parts = ["kontrollrum", view, name, args.get("ar"), args.get("period")]
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


def export_file(view: str, name: str, args: dict, fmt: str) -> ExportFile | None:
    """The file of one table in `fmt` (xlsx, csv or json), None when there is no such table
    or the page would show 'no data' / 'not found' for these arguments."""
    args = dict(args or {})  # a builder may fill in the year and period it resolved
    fn = REGISTRY.get((view, name))
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
    fname = filename(view, name, args, fmt, table.title)
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


def file_bytes(view: str, name: str, args: dict, fmt: str) -> tuple[bytes, str] | None:
    """The file a download gives: (bytes, filename), None when there is no such table."""
    got = export_file(view, name, args, fmt)
    return None if got is None else (got.body, got.filename)


def table_at(view: str, url_name: str) -> tuple[str, str] | None:
    """(view, name) of the table at /data/<view>/<url_name>.…, None when there is none."""
    for (v, name) in REGISTRY:
        if v == view and url_name in (URL_NAMES.get(name), name):
            return v, name
    return None


