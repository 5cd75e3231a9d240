"""`kontrollrum kolada enheter`: the municipality's units in Kolada (`/ou?municipality=…`)
matched to the enheter by name and kind (a CSV to review), and `--apply FIL` that writes the
reviewed `kolada_id`s, all or nothing (`ils.kolada_units`)."""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from pathlib import Path

import polars as pl

from cli.common import KOLADA_URL_ENV, count_text, say
from cli.errors import UserError
from ils import kolada


def cmd_units(args: argparse.Namespace) -> int:
    """`kontrollrum kolada enheter [--out FIL]` and `… --apply FIL`."""
    from cli.errors import require_existing_database
    from cli.kolada_client import KoladaClient, KoladaError
    from ils import kolada_units
    from queries.db import get_engine
    from queries.write.kolada_store import apply_unit_ids, enheter, organisation_levels

    require_existing_database()
    engine = get_engine()
    if args.apply:
        path = Path(args.apply)
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as exc:
            raise UserError(f"kan inte läsa {path}: {getattr(exc, 'strerror', None) or exc}"
                            ) from None
        sep = ";" if text.split("\n", 1)[0].count(";") > text.split("\n", 1)[0].count(",") \
            else ","
        try:
            rows = pl.read_csv(io.StringIO(text), separator=sep, infer_schema=False)
        except Exception:  # polars' many parse errors: one Swedish line
            raise UserError(f"{path} är ingen läsbar CSV-fil") from None
        changes, errors = kolada_units.check_apply(rows, organisation_levels(engine))
        if errors:
            for e in errors:
                say(f"{path}: {e}")
            say(f"kontrollrum kolada enheter: {len(errors)} fel i {path}. Inget skrevs.")
            return 1
        n = apply_unit_ids(engine, changes)
        print(f"Kolada: skrev kolada_id för {count_text(n)} enheter"
              + ("" if n else " (inget ändrat)") + ".")
        return 0
    orgs = organisation_levels(engine)
    city = ([args.kommun] if args.kommun else
            orgs.filter(pl.col("level") == "stad")["kolada_id"].drop_nulls().to_list())
    if not city:
        raise UserError("staden har inget kolada_id: ange kommunen med --kommun (t.ex. "
                        "--kommun 0180)")
    if not re.fullmatch(kolada.MUNICIPALITY, city[0]):
        raise UserError(f'--kommun: "{city[0]}" är inget Kolada-kommun-id (fyra siffror)')
    base = args.base_url or os.environ.get(KOLADA_URL_ENV) or kolada.DEFAULT_URL
    try:
        client = KoladaClient(base, timeout=args.timeout, retries=args.retries, progress=say)
        say(f"Kolada: hämtar ou?municipality={city[0]}")
        units = [u for u in client.get_all(f"ou?municipality={city[0]}") if isinstance(u, dict)]
    except KoladaError as exc:
        say(f"kontrollrum kolada enheter: {exc}. Inget skrevs.")
        return 1
    got = kolada_units.propose(enheter(engine), units)
    csv = got.write_csv()
    if args.out:
        Path(args.out).write_text(csv, encoding="utf-8")
    else:
        sys.stdout.write(csv)
    n = {k: got.filter(pl.col("bedomning") == k).height
         for k in ("säker", "osäker", "ingen", "ingen typ", "redan kopplad")}
    say(f"Kolada: {count_text(len(units))} enheter i Kolada, {count_text(got.height)} enheter "
        f"i Kontrollrum: {count_text(n['säker'])} säkra förslag (ifyllda i kolada_id), "
        f"{count_text(n['osäker'])} osäkra (att avgöra), {count_text(n['redan kopplad'])} "
        f"redan kopplade, {count_text(n['ingen'])} utan förslag, {count_text(n['ingen typ'])} "
        "av en typ som Kolada inte har enhetsdata för. Granska filen och skriv med --apply "
        "FIL; inget skrevs nu.")
    return 0
