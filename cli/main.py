"""`kontrollrum`: load data, export the rules' results, generate demo data, serve the app."""

from __future__ import annotations

import argparse
import os
import re
import sys
from pathlib import Path

from ils.model import PERIODS


def _add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument("--db", metavar="URL",
                   help="databasens URL (standard: $KONTROLLRUM_DB, annars sqlite:///kontrollrum.db "
                        "i arbetskatalogen), t.ex. postgresql+psycopg://användare@värd/db")


ARGPARSE_SV = (  # argparse's own messages, as one Swedish line
    (r"the following arguments are required: (.*)", r"argument saknas: \1"),
    (r"argument (\S+): invalid int value: (.*)", r"\1: \2 är inget heltal"),
    (r"argument (\S+): invalid choice: (.*?) \(choose from (.*)\)",
     r"\1: \2 är inget tillåtet val (välj bland \3)"),
    (r"argument (\S+): expected one argument", r"\1 behöver ett värde"),
    (r"unrecognized arguments: (.*)", r"okända argument: \1"),
)


class SwedishParser(argparse.ArgumentParser):
    """Argument errors as one Swedish line (exit 2), not argparse's English usage block."""

    def error(self, message: str):
        for pattern, swedish in ARGPARSE_SV:
            if re.fullmatch(pattern, message):
                message = re.sub(pattern, swedish, message)
                break
        self.exit(2, f"kontrollrum: {message} (se {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = SwedishParser(
        prog="kontrollrum",
        description="Kontrollrum – the true picture of goal fulfilment in a Swedish municipality. "
                    "Load a data bundle or demo data into a database, export goal and indicator "
                    "lights as CSV, and serve the web app.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True,
                                parser_class=SwedishParser)

    p = sub.add_parser("import", help="load a data bundle (folder, .zip or .xlsx) into the database",
                       description="Load a data bundle in the interchange format (a folder of CSV "
                                   "files, a .zip of that folder, or an .xlsx workbook with one sheet "
                                   "per file). All or nothing: if any row is wrong, nothing is "
                                   "changed and every error is listed with file, line and column. "
                                   "Rows whose ids already exist are updated.")
    p.add_argument("bundle", type=Path, help="folder, .zip or .xlsx")
    p.add_argument("--source", metavar="TEXT",
                   help='name of the data set, e.g. "ILS-export 2022-08-31": given to every '
                        "value and target of the bundle that names no source of its own")
    _add_db(p)

    p = sub.add_parser("export", help="export goal lights, indicator lights or steering signals "
                                      "as CSV, or the whole data set as a bundle",
                       description="Write the rules' results as CSV (comma separator, decimal point, "
                                   "UTF-8) in the documented interchange format. 'goals' and "
                                   "'indicators' need --year and --period; 'signals' needs --year. "
                                   "'bundle OUT' writes the whole data set as a bundle that "
                                   "'kontrollrum import' reads: a folder, or OUT.zip or OUT.xlsx.")
    p.add_argument("what", choices=["goals", "indicators", "signals", "bundle"])
    p.add_argument("target", nargs="?", type=Path, metavar="OUT",
                   help="bundle only: folder, .zip or .xlsx to write")
    p.add_argument("--year", type=int, help="the year, e.g. 2022 (goals, indicators, signals)")
    p.add_argument("--period", choices=PERIODS, help="T1, T2 or VB (goals and indicators)")
    p.add_argument("--out", type=Path, help="file to write (default: standard output)")
    _add_db(p)

    p = sub.add_parser("demo", help="replace the database content with fictitious demo data",
                       description="Generate fictitious, Stockholm-like demo data (clearly labelled "
                                   "as such in the app) and replace the database content with it. "
                                   "Deterministic for a given seed.")
    p.add_argument("--scale", type=int, default=1, help="size factor: 1 = Stockholm-like (default), "
                                                         "10 = ten times the boards, units and values")
    p.add_argument("--seed", type=int, default=2022, help="random seed (default 2022)")
    _add_db(p)

    p = sub.add_parser("delete", help="ta bort data: ett år, en organisation eller en indikator",
                       description="Ta bort data, allt eller inget i en transaktion. --year ensamt: "
                                   "årets målvärden, utfall, självskattningar, aktiviteter och "
                                   "direktiv. --org utan --year: organisationen, dess underliggande "
                                   "enheter och allt som hör till dem. --indicator utan --year: "
                                   "indikatorn med målvärden och utfall. Med --year tas bara det "
                                   "årets rader bort för den organisationen eller indikatorn.")
    p.add_argument("--year", type=int, help="året, t.ex. 2022")
    p.add_argument("--org", metavar="ID", help="organisationens id")
    p.add_argument("--indicator", metavar="ID", help="indikatorns id")
    _add_db(p)

    from cli.kolada import add_parser as add_kolada

    add_kolada(sub, _add_db)

    p = sub.add_parser("serve", help="start the web app",
                       description="Start the Kontrollrum web app (development server). For "
                                   "production use: gunicorn app:server")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8050, help="port (default 8050)")
    p.add_argument("--debug", action="store_true", help="Dash debug mode with hot reload")
    _add_db(p)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.db:
        os.environ["KONTROLLRUM_DB"] = args.db
    from cli import commands

    from cli.errors import database_url, describe

    try:
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
