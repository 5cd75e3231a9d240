"""`kontrollrum lock`, `unlock` and `locks`: lock a period so that nothing changes it, unlock
it, list the locked periods (DOMAIN.md §3.9, `queries.write.locks`)."""

from __future__ import annotations

import argparse
import getpass
import sys

from ils.periods import PERIODS

DEFAULT_WHO = "kontrollrum (kommandoraden)"


def add_parsers(sub, add_db) -> None:
    p = sub.add_parser(
        "lock", help="lås en period (år och period) så att ingen import eller ändring rör den",
        description="Lås en period: periodens ljus, beräknade nu med de regelparametrar som "
                    "gäller, sparas som en ögonblicksbild som vyerna visar från och med nu, "
                    "märkt \"Låst <datum> av <vem>\". En import, borttagning eller ändring som "
                    "skulle ändra perioden avvisas och ändrar ingenting.")
    _period_args(p)
    p.add_argument("--who", metavar="NAMN",
                   help="vem som låser (standard: användarnamnet på datorn)")
    add_db(p)

    p = sub.add_parser(
        "unlock", help="lås upp en låst period",
        description="Lås upp en period: ögonblicksbilden tas bort och vyerna visar periodens "
                    "ljus beräknade med de regelparametrar som gäller nu. Perioden kan åter "
                    "ändras av import och borttagning.")
    _period_args(p)
    p.add_argument("--who", metavar="NAMN",
                   help="vem som låser upp (standard: användarnamnet på datorn)")
    add_db(p)

    p = sub.add_parser("locks", help="lista de låsta perioderna",
                       description="Lista de låsta perioderna: när och av vem de låstes och "
                                   "regelparametrarna som gällde då.")
    add_db(p)


def _period_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--year", type=int, required=True, metavar="ÅR", help="året, t.ex. 2021")
    p.add_argument("--period", required=True, choices=PERIODS, metavar="PERIOD",
                   help="T1, T2 eller VB")


def _who(args: argparse.Namespace) -> str:
    if args.who is not None:
        return args.who
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no user name on this machine
        return DEFAULT_WHO


def _engine():
    from cli.errors import require_existing_database
    from queries.db import get_engine

    require_existing_database()
    return get_engine()


def cmd_lock(args: argparse.Namespace) -> int:
    from queries.write.lock_writes import lock_period

    info = lock_period(_engine(), args.year, args.period, _who(args))
    print(f"Låste {info.name} ({info.date} av {info.locked_by}): periodens ljus visas nu från "
          "ögonblicksbilden och perioden kan inte ändras.")
    return 0


def cmd_unlock(args: argparse.Namespace) -> int:
    from queries.write.lock_writes import unlock_period

    info = unlock_period(_engine(), args.year, args.period, _who(args))
    print(f"Låste upp {info.name} (låst {info.date} av {info.locked_by}): perioden kan åter "
          "ändras.")
    return 0


def cmd_locks(args: argparse.Namespace) -> int:
    from ils.labels import fmt_percent
    from queries.write.locks import locks

    df = locks(_engine())
    if df.is_empty():
        print("Inga låsta perioder.", file=sys.stderr)
        return 0
    for r in df.iter_rows(named=True):
        print(f"{r['period']} {r['year']}\tlåst {r['locked_at'][:16].replace('T', ' ')} av "
              f"{r['locked_by']}\t(tolerans {fmt_percent(r['tolerance'], 1)}, grönt från "
              f"{fmt_percent(r['green_threshold'], 0)}, gult från "
              f"{fmt_percent(r['yellow_threshold'], 0)})")
    return 0
