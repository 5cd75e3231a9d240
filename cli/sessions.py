"""`kontrollrum sessions`: list the signed-in sessions of the web app; `--end ID` ends one,
`--all` ends every one (the browser is signed out on its next request). The sessions live
in the database (`queries.sessions`)."""

from __future__ import annotations

import argparse
import sys

from ils import clock
from ils.access import ROLE_LABEL


def add_parser(sub, add_db) -> None:
    p = sub.add_parser(
        "sessions", help="lista inloggade sessioner i webbappen, eller avsluta dem",
        description="Lista de inloggade sessionerna: id, vem, roll, hur och när inloggningen "
                    "gjordes och när den går ut (12 timmar efter inloggningen). Med --end ID "
                    "avslutas en session (ange minst 8 tecken av id:t), med --all alla: "
                    "webbläsaren är utloggad vid nästa begäran.")
    what = p.add_mutually_exclusive_group()
    what.add_argument("--end", metavar="ID", help="avsluta sessionen med detta id")
    what.add_argument("--all", action="store_true", help="avsluta alla inloggade sessioner")
    add_db(p)


def cmd_sessions(args: argparse.Namespace) -> int:
    from cli.errors import UserError, require_existing_database
    from queries import sessions
    from queries.db import get_engine

    require_existing_database()
    engine = get_engine()
    if args.all or args.end is not None:
        try:
            n = sessions.end(engine, None if args.all else args.end)
        except ValueError as exc:
            raise UserError(str(exc)) from None
        if args.end is not None and not n:
            raise UserError(f"ingen inloggad session har id:t {args.end.strip()[:40]}")
        print(f"Avslutade {n} {'session' if n == 1 else 'sessioner'}.")
        return 0
    rows = sessions.active(engine, clock.epoch())
    if not rows:
        print("Inga inloggade sessioner.", file=sys.stderr)
        return 0
    for r in rows:
        who = r["name"] or r["subject"]
        print(f"{r['id']}\t{who}\t{ROLE_LABEL.get(r['role'], r['role'])}\t{r['via']}\t"
              f"inloggad {r['started']}\tgår ut {r['ends']}")
    return 0
