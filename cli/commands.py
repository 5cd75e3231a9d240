"""The subcommands' bodies. Each returns the process exit code."""

from __future__ import annotations

import argparse
import os
import sys

from ils.config import SettingError, rule_params


class UserError(Exception):
    """A problem the user can fix (bad argument, bad setting): printed without a traceback."""


def _params():
    try:
        return rule_params(os.environ)
    except SettingError as exc:
        raise UserError(str(exc)) from None


def _engine():
    from queries.db import get_engine

    return get_engine()


def cmd_import(args: argparse.Namespace) -> int:
    from queries.importer import import_bundle

    if not args.bundle.exists():
        raise UserError(f"no such file or folder: {args.bundle}")
    source = (args.source or "").strip() or None
    if source and len(source) > 200:
        raise UserError(f"--source är för lång ({len(source)} tecken, högst 200)")
    report = import_bundle(_engine(), args.bundle, source=source)
    for notice in report.notices:
        print(f"Obs: {notice}", file=sys.stderr)
    if report.errors:
        print(f"Importen avbröts: {len(report.errors)} fel, databasen är oförändrad.",
              file=sys.stderr)
        for err in report.errors:
            print(f"  {err}", file=sys.stderr)
        return 1
    total = sum(report.counts.values())
    print(f"Imported {total} rows: "
          + ", ".join(f"{name} {n}" for name, n in report.counts.items() if n))
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from ils.interchange import to_csv
    from queries import exports

    if args.what == "bundle":
        if args.target is None:
            raise UserError("'export bundle' behöver OUT: en mapp, eller en .zip- eller .xlsx-fil")
        kind, rows = exports.export_bundle(_engine(), args.target)
        what = {"folder": "en mapp", "zip": "en zip-fil", "xlsx": "en Excel-arbetsbok"}[kind]
        print(f"Skrev hela datamängden ({rows} rader) som {what}: {args.target}",
              file=sys.stderr)
        return 0
    if args.target is not None:
        raise UserError(f"'export {args.what}' tar inget OUT-argument (ange --out FIL)")
    if args.year is None:
        raise UserError(f"'export {args.what}' behöver --year")
    if args.what == "signals":
        df = exports.export_signals(_engine(), args.year)
    else:
        if not args.period:
            raise UserError(f"'export {args.what}' needs --period (T1, T2 or VB)")
        fn = exports.export_goals if args.what == "goals" else exports.export_indicators
        df = fn(_engine(), args.year, args.period, _params())
    text = to_csv(df)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"Wrote {len(df)} rows to {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ils.demo import DEMO_INFO, generate
    from queries.store import replace_dataset

    if args.scale < 1:
        raise UserError("--scale must be 1 or more")
    ds = generate(scale=args.scale, seed=args.seed)
    counts = replace_dataset(_engine(), ds, {**DEMO_INFO, "seed": str(args.seed),
                                             "scale": str(args.scale)})
    print(f"Loaded fictitious demo data (scale {args.scale}, seed {args.seed}): "
          + ", ".join(f"{name} {n}" for name, n in counts.items()))
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    _params()  # fail early on a bad setting
    from app import app

    print(f"Kontrollrum: http://{args.host}:{args.port}/", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0
