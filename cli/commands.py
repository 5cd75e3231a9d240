"""The subcommands' bodies. Each returns the process exit code."""

from __future__ import annotations

import argparse
import os
import sys

from cli.common import checked_params
from cli.errors import UserError, require_existing_database, require_folder_for
from ils.config import SettingError, import_limits

__all__ = ["UserError"]
SHOWN_ERRORS = 50  # the first errors of a refused import; the rest are counted
TABLE_NOUNS = {"organisation": "organisationer", "goal": "mål", "indicator": "indikatorer",
               "target": "målvärden", "indicator_value": "utfall och prognoser",
               "assessment": "självskattningar", "activity": "aktiviteter",
               "directive": "direktiv och uppdrag", "schedules": "sista dagar"}
FILE_NOUNS = {"organisation": "organisationer", "goals": "mål", "indicators": "indikatorer",
              "targets": "målvärden", "values": "utfall och prognoser",
              "assessments": "självskattningar", "activities": "aktiviteter",
              "directives": "direktiv och uppdrag", "schedule": "sista dagar"}


def _engine():
    from queries.db import get_engine

    return get_engine()


def _write_backup(target):
    from queries.read.backup import BackupError, write_backup

    if target.suffix.lower() == ".zip":
        require_folder_for(target)
    try:
        return write_backup(_engine(), target)
    except BackupError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"{target} kan inte skrivas ({exc.strerror or exc})") from None


def cmd_backup(args: argparse.Namespace) -> int:
    require_existing_database()
    kind, tables, rows = _write_backup(args.target)
    what = {"folder": "en mapp", "zip": "en zip-fil"}[kind]
    print(f"Skrev en säkerhetskopia av hela databasen ({_n(rows)} rader i {tables} tabeller) "
          f"som {what}: {args.target}", file=sys.stderr)
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from queries.read.backup import BackupError
    from queries.write.restore import read_backup, restore

    try:
        backup = read_backup(args.source)  # every file checked before the database is touched
        rows = restore(_engine(), backup, replace=bool(args.replace))
    except BackupError as exc:
        raise UserError(f"{exc}; databasen är oförändrad") from None
    print(f"Återställde {_n(rows)} rader i {len(backup.tables)} tabeller från {args.source}",
          file=sys.stderr)
    return 0


def _restore_into_empty(bundle) -> int | None:
    """`import` of a bundle that carries the app's tables (from `backup` or `export bundle`)
    into an empty database restores all of it; None when this is not such a case."""
    from queries.read.backup import BackupError
    from queries.write.restore import has_app_tables, held_rows, read_backup, restore

    if not has_app_tables(bundle):
        return None
    engine = _engine()
    with engine.connect() as conn:
        if held_rows(conn):
            print("Obs: paketets mapp app/ (appens egna tabeller) lästes inte eftersom "
                  "databasen inte är tom; bara utbytesformatets filer importeras. Använd "
                  "'kontrollrum restore --replace' för att återställa allt.", file=sys.stderr)
            return None
    try:
        backup = read_backup(bundle)
        rows = restore(engine, backup)
    except BackupError as exc:
        raise UserError(f"{exc}; databasen är oförändrad") from None
    print(f"Databasen var tom: läste in hela paketet, {_n(rows)} rader i {len(backup.tables)} "
          "tabeller (med appens egna tabeller)")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from queries.write.importer import import_bundle

    if not args.bundle.exists():
        raise UserError(f"filen eller mappen finns inte: {args.bundle}")
    if not args.source and not getattr(args, "overwrite", False):
        restored = _restore_into_empty(args.bundle)
        if restored is not None:
            return restored
    try:
        limits = import_limits(os.environ)
    except SettingError as exc:
        raise UserError(str(exc)) from None
    source = (args.source or "").strip() or None
    if source and len(source) > 200:
        raise UserError(f"--source är för lång ({len(source)} tecken, högst 200)")
    from queries.write.locks import PeriodLocked

    try:
        report = import_bundle(_engine(), args.bundle, source=source, limits=limits,
                               overwrite=bool(getattr(args, "overwrite", False)))
    except PeriodLocked as exc:  # the bundle would change a locked period: nothing written
        print(f"kontrollrum: {exc}", file=sys.stderr)
        return 1
    for notice in report.notices:
        print(f"Obs: {notice}", file=sys.stderr)
    if report.errors:
        total = report.error_count
        print(f"Importen avbröts: {_n(total)} fel, databasen är oförändrad.", file=sys.stderr)
        shown = report.errors[:SHOWN_ERRORS]
        for err in shown:
            print(f"  {err}", file=sys.stderr)
        rest = total - sum(e.more or 1 for e in shown)
        if rest > 0:
            print(f"  … och {_n(rest)} fel till", file=sys.stderr)
        return 1
    for line in import_summary(report.counts, report.changes):
        print(line)
    return 0


def import_summary(counts: dict[str, int], changes: dict[str, tuple[int, int, int]]) -> list[str]:
    """What an import read, and what of it was new, changed or already so in the database:
    "Läste 217 rader: …" / "Av dem 0 nya, 3 ändrade (utfall och prognoser 3), 214 oförändrade."
    (a re-import of an unchanged bundle says that nothing changed)."""
    def nouns(i: int) -> str:
        parts = [f"{FILE_NOUNS.get(name, name)} {_n(c[i])}" for name, c in changes.items()
                 if c[i]]
        return f" ({', '.join(parts)})" if parts else ""

    total = sum(counts.values())
    lines = [f"Läste {_n(total)} rader: " + ", ".join(
        f"{FILE_NOUNS.get(name, name)} {_n(n)}" for name, n in counts.items() if n)]
    new, changed, same = (sum(c[i] for c in changes.values()) for i in range(3))
    if not new and not changed:
        lines.append(f"Inget ändrades: alla {_n(same)} rader fanns redan så i databasen.")
    else:
        lines.append(f"Av dem {_n(new)} nya{nouns(0)}, {_n(changed)} ändrade{nouns(1)} och "
                     f"{_n(same)} oförändrade.")
    return lines


def _n(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")


def cmd_delete(args: argparse.Namespace) -> int:
    from queries.write.locks import PeriodLocked

    if args.year is None and args.org is None and args.indicator is None:
        raise UserError("ange vad som ska tas bort: --year, --org och/eller --indicator")
    require_existing_database()
    try:
        removed = _delete(args)
    except PeriodLocked as exc:  # it would change a locked period: nothing removed
        print(f"kontrollrum: {exc}", file=sys.stderr)
        return 1
    if not removed:
        print("Inget att ta bort: inga rader matchar, databasen är oförändrad.", file=sys.stderr)
        return 1
    print(f"Tog bort {_n(sum(removed.values()))} rader: "
          + ", ".join(f"{TABLE_NOUNS.get(t, t)} {_n(n)}" for t, n in removed.items()))
    return 0


def _delete(args: argparse.Namespace) -> dict[str, int]:
    from sqlalchemy import select

    from queries.schema import TABLES
    from queries.write.removal import remove
    from queries.write.write_unit import ALL, write_unit

    # One write unit: the write lock first, every locked period watched, the stored lights
    # and the data version renewed in the same transaction.
    with write_unit(_engine(), "borttagningen", watch=ALL) as unit:
        conn = unit.conn
        for value, table, noun in ((args.org, "organisation", "organisationen"),
                                   (args.indicator, "indicator", "indikatorn")):
            t = TABLES[table]
            if value is not None and conn.execute(
                    select(t.c.id).where(t.c.id == value)).first() is None:
                raise UserError(f"{noun} {value!r} finns inte i databasen; inget togs bort")
        removed = remove(conn, args.year, args.org, args.indicator)
        if removed:
            unit.base_changed(params=checked_params())
    return removed


def cmd_export(args: argparse.Namespace) -> int:
    from ils.interchange import to_csv
    from queries.read import exports

    require_existing_database()
    if args.out is not None:
        require_folder_for(args.out)
    if args.what == "bundle":
        if args.target is None:
            raise UserError("'export bundle' behöver OUT: en mapp, eller en .zip- eller .xlsx-fil")
        from ils.interchange.bundle_write import bundle_format

        if bundle_format(args.target) == "xlsx":  # a workbook carries the eight files only
            kind, rows = exports.export_bundle(_engine(), args.target)
            print("Obs: en .xlsx-arbetsbok bär bara utbytesformatets filer; appens egna "
                  "tabeller (historik, anteckningar, lås …) följer med i en mapp eller .zip "
                  "('kontrollrum backup')", file=sys.stderr)
        else:  # a folder or .zip: the interchange files and every table of the app (app/)
            kind, _tables, rows = _write_backup(args.target)
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
    elif args.what == "status":
        if not args.period:
            raise UserError("'export status' behöver --period (T1, T2 eller VB)")
        from queries.read.schedules import export_status

        df = export_status(_engine(), args.year, args.period, _date(args), checked_params())
    else:
        if not args.period:
            raise UserError(f"'export {args.what}' behöver --period (T1, T2 eller VB)")
        fn = exports.export_goals if args.what == "goals" else exports.export_indicators
        df = fn(_engine(), args.year, args.period, checked_params())
    nothing = df.is_empty() or (args.what == "signals" and not df["total"].sum())
    if nothing:  # signals has a row per recipient group even without data: all zero
        when = f"år {args.year}" + (f" period {args.period}" if args.what != "signals" else "")
        print(f"kontrollrum: inga data att exportera för {when}; ingen fil skrevs",
              file=sys.stderr)
        return 1
    if getattr(args, "date", None) and args.what != "status":
        raise UserError("--date gäller bara 'export status'")
    text = to_csv(df)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"Skrev {_n(len(df))} rader till {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _date(args: argparse.Namespace):
    """--date as a date (default: today, the app's clock)."""
    import datetime as dt

    if not getattr(args, "date", None):
        return None
    try:
        return dt.date.fromisoformat(args.date)
    except ValueError:
        raise UserError(f"--date {args.date!r} är inget datum på formen ÅÅÅÅ-MM-DD") from None


def cmd_paminn(args: argparse.Namespace) -> int:
    """Send the e-mail notices that are due, each once (`queries.write.notices`)."""
    from ils.clock import today
    from ils.config import mail_config
    from queries.write.notices import send_due

    require_existing_database()
    try:
        cfg = mail_config(os.environ)
    except SettingError as exc:
        raise UserError(str(exc)) from None
    if cfg is None:
        raise UserError("e-post är avstängt: sätt KONTROLLRUM_SMTP_URL (och "
                        "KONTROLLRUM_MAIL_FROM, KONTROLLRUM_BASE_URL)")
    try:
        sent, skipped = send_due(_engine(), cfg, _date(args) or today())
    except OSError as exc:  # smtplib's errors are OSErrors: one Swedish line
        raise UserError(f"e-postservern {cfg.host}:{cfg.port} tog inte emot meddelandet "
                        f"({type(exc).__name__}); det som redan skickats är antecknat") from None
    print(f"Skickade {_n(sent)} meddelanden ({_n(skipped)} var redan skickade).",
          file=sys.stderr)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from ils.demo import DEMO_INFO, demo_peers, generate
    from queries.write.kolada_store import store_demo_peers
    from queries.write.store import replace_dataset

    if args.scale < 1:
        raise UserError("--scale ska vara 1 eller mer")
    if args.years < 4:
        raise UserError("--years ska vara 4 eller mer")
    engine = _engine()  # a database error before the minutes of generating
    ds = generate(scale=args.scale, seed=args.seed, years=args.years)
    counts = replace_dataset(engine, ds, {**DEMO_INFO, "seed": str(args.seed),
                                             "scale": str(args.scale)})
    store_demo_peers(engine, demo_peers(ds))
    lock_demo(engine)
    print(f"Laddade fiktiva demodata (skala {args.scale}, frö {args.seed}): "
          + ", ".join(f"{FILE_NOUNS.get(name, name)} {_n(n)}" for name, n in counts.items()))
    return 0


# The demo shows a locked period (§3.9), locked when its story says: VB 2021 went to the council
# in spring 2022. Not "now": a lock made today would be news, e-mailed by `paminn` to every board.
DEMO_LOCK = (2021, "VB", "Demo-administratör", "2022-04-20T10:00:00+02:00")


def lock_demo(engine) -> None:
    """Lock the demo's VB 2021, as an admin would (its lights are the ones just stored)."""
    from queries.read.snapshots import lock_of
    from queries.write.lock_writes import lock_period

    year, period, who, at = DEMO_LOCK
    if lock_of(engine, year, period) is None:
        lock_period(engine, year, period, who, at=at)


def cmd_lock(args: argparse.Namespace) -> int:
    from cli.locks import cmd_lock as run

    return run(args)


def cmd_unlock(args: argparse.Namespace) -> int:
    from cli.locks import cmd_unlock as run

    return run(args)


def cmd_locks(args: argparse.Namespace) -> int:
    from cli.locks import cmd_locks as run

    return run(args)


def cmd_sessions(args: argparse.Namespace) -> int:
    from cli.sessions import cmd_sessions as run

    return run(args)


def cmd_kolada(args: argparse.Namespace) -> int:
    from cli.kolada import cmd_kolada as run

    return run(args)


def cmd_serve(args: argparse.Namespace) -> int:
    checked_params()  # fail early on a bad setting
    from app import app

    print(f"Kontrollrum: http://{args.host}:{args.port}/", file=sys.stderr)
    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0
