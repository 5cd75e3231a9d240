"""`kontrollrum`: load data, export the rules' results, generate demo data, serve the app."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from cli.help import SwedishParser
from ils.periods import PERIODS


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL",
                   help="databasens URL (standard: $KONTROLLRUM_DB, annars sqlite:///kontrollrum.db "
                        "i arbetskatalogen), t.ex. postgresql+psycopg://användare@värd/db")


def build_parser() -> argparse.ArgumentParser:
    parser = SwedishParser(
        prog="kontrollrum",
        description="Kontrollrum – den sanna bilden av måluppfyllelsen i en svensk kommun. "
                    "Läs in ett datapaket eller demodata i en databas, exportera mål- och "
                    "indikatorljus som CSV och starta webbappen.",
    )
    sub = parser.add_subparsers(dest="command", metavar="KOMMANDO", required=True,
                                parser_class=SwedishParser)

    p = sub.add_parser("import", help="läs in ett datapaket (mapp, .zip eller .xlsx) i databasen",
                       description="Läs in ett datapaket i utbytesformatet (en mapp med CSV-filer, "
                                   "en .zip av mappen eller en .xlsx-arbetsbok med ett blad per "
                                   "fil). Allt eller inget: är någon rad fel ändras ingenting och "
                                   "varje fel visas med fil, rad och kolumn. Rader vars id redan "
                                   "finns uppdateras.")
    p.add_argument("bundle", type=Path, metavar="PAKET", help="mapp, .zip eller .xlsx")
    p.add_argument("--source", metavar="TEXT",
                   help='datamängdens namn, t.ex. "ILS-export 2022-08-31": ges till varje värde '
                        "och målvärde i paketet som inte anger en egen källa")
    p.add_argument("--overwrite", action="store_true",
                   help="skriv över självskattningar som har ändrats i Kontrollrum (utkast "
                        "eller publicerade) med paketets; utan flaggan avbryts importen och "
                        "raderna visas. Låsta perioder ändras aldrig")
    _add_db(p)

    p = sub.add_parser("export", help="exportera målljus, indikatorljus eller styrsignaler som "
                                      "CSV, eller hela datamängden som ett datapaket",
                       description="Skriv reglernas resultat som CSV (kommatecken som avgränsare, "
                                   "decimalpunkt, UTF-8) i det dokumenterade utbytesformatet. "
                                   "'goals', 'indicators' och 'status' kräver --year och --period; "
                                   "'signals' kräver --year. 'bundle UT' skriver hela datamängden som ett "
                                   "datapaket som 'kontrollrum import' läser: en mapp, UT.zip "
                                   "eller UT.xlsx; en mapp och en .zip bär också appens egna "
                                   "tabeller (mappen app/, som 'kontrollrum backup').")
    p.add_argument("what", choices=["goals", "indicators", "signals", "status", "bundle"],
                   help="goals = målljus, indicators = indikatorljus, signals = styrsignaler, "
                        "status = nämndernas rapporteringsstatus, bundle = hela datamängden")
    p.add_argument("target", nargs="?", type=Path, metavar="UT",
                   help="bara bundle: mapp, .zip eller .xlsx att skriva")
    p.add_argument("--year", type=int, metavar="ÅR",
                   help="året, t.ex. 2022 (goals, indicators, signals)")
    p.add_argument("--period", choices=PERIODS, help="T1, T2 eller VB (goals och indicators)")
    p.add_argument("--out", type=Path, metavar="FIL",
                   help="filen att skriva (standard: standardutmatningen)")
    p.add_argument("--date", metavar="ÅÅÅÅ-MM-DD",
                   help="bara status: dagen då sen rapportering bedöms (standard: i dag)")
    _add_db(p)

    p = sub.add_parser("backup", help="säkerhetskopiera hela databasen (alla tabeller) till en "
                                      "mapp eller .zip",
                       description="Skriv allt databasen håller – datamängden, självskattningar "
                                   "med status och version, historiken, dagordningens "
                                   "anteckningar, beslut, frågor och svar, låsta perioder med "
                                   "sina ögonblicksbilder och Kolada-värden – som en mapp eller "
                                   "en .zip: utbytesformatets CSV-filer plus mappen app/ med en "
                                   "fil per tabell. Läses tillbaka med 'kontrollrum restore'. "
                                   "Inloggningar (sessioner) sparas inte.")
    p.add_argument("target", type=Path, metavar="UT", help="mapp eller .zip att skriva")
    _add_db(p)

    p = sub.add_parser("restore", help="återställ en säkerhetskopia till en tom databas",
                       description="Läs tillbaka en säkerhetskopia från 'kontrollrum backup' "
                                   "(mapp eller .zip), allt eller inget i en transaktion. "
                                   "Databasen ska vara tom; med --replace ersätts allt den "
                                   "håller. Fungerar mellan SQLite och PostgreSQL.")
    p.add_argument("source", type=Path, metavar="IN", help="mapp eller .zip från 'backup'")
    p.add_argument("--replace", action="store_true",
                   help="ersätt allt databasen håller med säkerhetskopians innehåll")
    _add_db(p)

    p = sub.add_parser("demo", help="ersätt databasens innehåll med påhittade demodata",
                       description="Skapa påhittade, Stockholmslika demodata (tydligt märkta som "
                                   "sådana i appen) och ersätt databasens innehåll med dem. Samma "
                                   "frö ger samma data.")
    p.add_argument("--scale", type=int, default=1, metavar="FAKTOR",
                   help="storlek: 1 = som Stockholm (standard), 10 = tio gånger så många "
                        "nämnder, enheter och värden")
    p.add_argument("--seed", type=int, default=2022, metavar="FRÖ",
                   help="slumpfrö (standard 2022)")
    p.add_argument("--years", type=int, default=4, metavar="ÅR",
                   help="antal års historik som slutar 2022 (standard 4: 2019–2022); fler år "
                        "kopierar de fyra bakåt, för att mäta hur kostnaden växer med historiken")
    _add_db(p)

    p = sub.add_parser("delete", help="ta bort data: ett år, en organisation eller en indikator",
                       description="Ta bort data, allt eller inget i en transaktion. --year ensamt: "
                                   "årets målvärden, utfall, självskattningar, aktiviteter och "
                                   "direktiv. --org utan --year: organisationen, dess underliggande "
                                   "enheter och allt som hör till dem. --indicator utan --year: "
                                   "indikatorn med målvärden och utfall. Med --year tas bara det "
                                   "årets rader bort för den organisationen eller indikatorn.")
    p.add_argument("--year", type=int, metavar="ÅR", help="året, t.ex. 2022")
    p.add_argument("--org", metavar="ID", help="organisationens id")
    p.add_argument("--indicator", metavar="ID", help="indikatorns id")
    _add_db(p)

    from cli.kolada import add_parser as add_kolada

    add_kolada(sub, _add_db)

    from cli.locks import add_parsers as add_locks

    add_locks(sub, _add_db)

    from cli.sessions import add_parser as add_sessions

    add_sessions(sub, _add_db)

    p = sub.add_parser("paminn", help="skicka e-postmeddelanden som är på tur (för cron)",
                       description="Skicka det som är på tur: SLK:s frågor till nämnderna, "
                                   "nämndernas svar till SLK, perioder som återförts till "
                                   "utkast, påminnelser före sista dagen "
                                   "(KONTROLLRUM_REMIND_DAYS) och låsta perioder. Samma "
                                   "meddelande skickas aldrig två gånger till samma adress. "
                                   "Kräver KONTROLLRUM_SMTP_URL, KONTROLLRUM_MAIL_FROM och "
                                   "KONTROLLRUM_BASE_URL.")
    p.add_argument("--date", metavar="ÅÅÅÅ-MM-DD",
                   help="dagen att räkna påminnelser från (standard: i dag)")
    _add_db(p)

    p = sub.add_parser("serve", help="starta webbappen",
                       description="Starta Kontrollrums webbapp (utvecklingsserver). I produktion: "
                                   "gunicorn app:server")
    p.add_argument("--host", default="127.0.0.1", metavar="ADRESS",
                   help="adressen att lyssna på (standard 127.0.0.1)")
    p.add_argument("--port", type=int, default=8050, metavar="PORT",
                   help="porten (standard 8050)")
    p.add_argument("--debug", action="store_true",
                   help="Dash felsökningsläge, laddar om vid ändrad kod")
    _add_db(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.db is not None and not args.db.strip():
        print("kontrollrum: --db är tom: ange databasens URL, t.ex. sqlite:///kontrollrum.db "
              "eller postgresql+psycopg://ANVÄNDARE@VÄRD/DB", file=sys.stderr)
        return 2
    if args.db:
        os.environ["KONTROLLRUM_DB"] = args.db
    from cli import commands
    from cli.errors import check_database_url, database_url, describe
    from queries.scope import as_operator

    try:
        check_database_url(database_url())
        if args.command == "serve":  # the web app sets each request's viewer itself
            return commands.cmd_serve(args)
        with as_operator():  # the CLI is run by someone with the database in hand
            return getattr(commands, f"cmd_{args.command}")(args)
    except KeyboardInterrupt:
        print("kontrollrum: avbrutet", file=sys.stderr)
        return 130
    except Exception as exc:  # every failure as one Swedish line, never a traceback
        line = describe(exc, database_url())
        if line is None:
            line = f"oväntat fel ({type(exc).__name__}: {str(exc)[:300]})"
            code = 3
        else:
            code = 2
        print(f"kontrollrum: {line}", file=sys.stderr)
        return code


if __name__ == "__main__":
    sys.exit(main())
