"""Data by URL, as datasette serves its tables: `GET /data/<view>/<table>.csv|.xlsx|.json`.

Every table a view declares and registers (`pagekit.downloads.register_table`, from each
`pages/<view>/tables.py`) has an address; its query string is the page's arguments (the
same ones the page's download links carry), e.g. `/data/start/mal.csv?ar=2022&period=VB`.
The rows are built by the same builder, from the same loader, as the page's table, with the
viewer of the request (`queries.scope`, set from the session as for the pages): published
data without sign-in, drafts only for those who may see them.

- unknown view, table or format → 404; the page would say "hittades inte" or "inga data" → 404
- a bad argument (a year that is no year, an unknown period, a year or period without data,
  control characters, a missing argument) → 400; every message in Swedish, as plain text
- CSV and Excel come as attachments with the file name the page's button gave; JSON inline
"""

from __future__ import annotations

import hashlib
import logging
import re

import flask

from components.export import FORMATS_BY_URL
from ils.periods import PERIODS
from pagekit.downloads import export_file, table_at
from queries import scope

log = logging.getLogger("kontrollrum")

MIME = {"csv": "text/csv; charset=utf-8",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "json": "application/json; charset=utf-8"}
KEY_RE = re.compile(r"[a-z_]{1,40}")
MAX_VALUE = 4000  # a grid's filter model travels as JSON
MAX_ARGS = 20
CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class BadArguments(ValueError):
    """A query string the table cannot be built from; the message is Swedish."""


def init_app(server: flask.Flask, prefix: str = "/") -> None:
    """Register the route on the Flask server under Dash (`create_app`)."""
    server.add_url_rule(f"{prefix}data/<view>/<filename>", "data_table", data_table,
                        methods=["GET"])


def _plain(status: int, message: str) -> flask.Response:
    return flask.Response(message + "\n", status=status, mimetype="text/plain")


def checked_args(raw) -> dict[str, str]:
    """The query string as the table's arguments; BadArguments when something is off."""
    if len(raw) > MAX_ARGS:
        raise BadArguments(f"för många argument ({len(raw)}, högst {MAX_ARGS})")
    args: dict[str, str] = {}
    for key in raw:
        values = raw.getlist(key)
        if not KEY_RE.fullmatch(key):
            raise BadArguments(f"okänt argument {key[:40]!r}")
        if len(values) > 1:
            raise BadArguments(f"argumentet {key} är angivet {len(values)} gånger")
        value = values[0]
        if len(value) > MAX_VALUE or CONTROL.search(value):
            raise BadArguments(f"argumentet {key} har ett ogiltigt värde")
        args[key] = value
    year = args.get("ar")
    if year is not None and not re.fullmatch(r"\d{4}", year):
        raise BadArguments(f"ogiltigt år {year[:20]!r}: ange fyra siffror, t.ex. ar=2022")
    period = args.get("period")
    if period is not None:
        if period.upper() not in PERIODS:
            raise BadArguments(f"okänd period {period[:20]!r}: använd T1, T2 eller VB")
        args["period"] = period.upper()
    return args


def data_table(view: str, filename: str) -> flask.Response:
    stem, _, fmt = filename.rpartition(".")
    found = table_at(view, stem) if fmt in FORMATS_BY_URL else None
    if found is None:
        return _plain(404, f"Tabellen finns inte: /data/{view[:60]}/{filename[:80]}. "
                           "Adressen är /data/<vy>/<tabell>.csv, .xlsx eller .json.")
    try:
        args = checked_args(flask.request.args)
    except BadArguments as exc:
        return _plain(400, f"Ogiltiga argument: {exc}.")
    page, name = found
    try:
        got = export_file(page, name, args, fmt)
    except KeyError as exc:  # the builder needs an argument the query string lacks
        return _plain(400, f"Ogiltiga argument: argumentet {exc.args[0]} saknas.")
    except (ValueError, TypeError):
        log.info("data URL %s refused its arguments", flask.request.full_path, exc_info=True)
        return _plain(400, "Ogiltiga argument: tabellen kan inte byggas av dem.")
    if got is None:
        return _plain(404, "Det finns ingen sådan tabell för de här argumenten (sidan visar "
                           "”hittades inte” eller saknar data).")
    for key, word in (("ar", "året"), ("period", "perioden")):
        asked, shown = args.get(key), got.args.get(key)
        if asked is not None and shown is not None and str(shown) != asked:
            return _plain(400, f"Ogiltiga argument: det finns inga data för {word} {asked} "
                               f"(sidan skulle visa {got.args.get('period') or ''} "
                               f"{got.args.get('ar') or ''} i stället).".replace("  ", " "))
    response = flask.Response(got.body, mimetype=MIME[fmt].split(";")[0])
    response.headers["Content-Type"] = MIME[fmt]
    disposition = "inline" if fmt == "json" else "attachment"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{got.filename}"'
    if scope.viewer().signed_in:  # may hold drafts: never in a shared cache
        response.headers["Cache-Control"] = "private, no-store"
    else:
        response.headers["Cache-Control"] = "no-cache"
        response.set_etag(hashlib.sha256(got.body).hexdigest()[:32])
        response.make_conditional(flask.request)
    return response
