"""Maintainer tools that rebuild files shipped in the repository (the district map, the
real-data example) from the public source data they were made from. The app, the demo and
the tests use the shipped files only; a tool is run by hand, with the source folder named.

`run(main)` gives every tool the same face: a problem is one Swedish line and exit code 1."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path


class SourceError(Exception):
    """A source file missing or not as expected: one line for the terminal."""


def need(folder: Path, *names: str) -> None:
    """SourceError unless every file `names` is in `folder`."""
    missing = [n for n in names if not (folder / n).is_file()]
    if missing:
        raise SourceError(f"{folder} saknar {', '.join(missing)}: ange mappen med källdata "
                          "(se verktygets hjälp, --help)")


def run(main: Callable[[], None]) -> int:
    try:
        main()
    except SourceError as exc:
        print(f"fel: {exc}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as exc:  # a source file that cannot be read as expected
        print(f"fel: källdata kunde inte läsas ({type(exc).__name__}: {exc})", file=sys.stderr)
        return 1
    return 0


def source_parser(description: str, what: str):
    """The tool's (Swedish) argument parser: one required argument, the source folder."""
    from cli.help import SwedishParser

    parser = SwedishParser(description=description)
    parser.add_argument("source", type=Path, metavar="KÄLLMAPP", help=what)
    return parser
