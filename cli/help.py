"""argparse in Swedish: the help's own words ("usage:", section titles, -h) and its error
messages, each error as one line. argparse has no public hook for these strings, so the parser
and its help formatter are subclassed; nothing global is changed."""

from __future__ import annotations

import argparse
import re

USAGE = "användning: "
POSITIONALS = "argument"
OPTIONALS = "flaggor"
HELP = "visa den här hjälpen och avsluta"

_TYPES = {"int": "inget heltal", "float": "inget tal"}

# argparse's own messages (Python 3.11–3.13) in Swedish. "argument X: …" becomes "X…": the
# inner text says whether a colon follows the argument's name.
INNER_SV = (
    (r"invalid (\w+) value: (.*)", lambda m: f": {m[2]} är {_TYPES.get(m[1], 'inget giltigt värde')}"),
    (r"invalid choice: (.*?) \(choose from (.*)\)",
     lambda m: f": {m[1]} är inget tillåtet val (välj bland {m[2]})"),
    (r"expected one argument", lambda m: " behöver ett värde"),
    (r"expected at most one argument", lambda m: " tar högst ett värde"),
    (r"expected at least one argument", lambda m: " behöver minst ett värde"),
    (r"expected (\d+) arguments?", lambda m: f" behöver {m[1]} värden"),
    (r"not allowed with argument (.*)", lambda m: f" kan inte användas tillsammans med {m[1]}"),
    (r"ignored explicit argument (.*)", lambda m: f" tar inget värde (fick {m[1]})"),
)
WHOLE_SV = (
    (r"the following arguments are required: (.*)", lambda m: f"argument saknas: {m[1]}"),
    (r"unrecognized arguments: (.*)", lambda m: f"okända argument: {m[1]}"),
    (r"one of the arguments (.*) is required", lambda m: f"ett av argumenten {m[1]} krävs"),
    (r"ambiguous option: (\S+) could match (.*)",
     lambda m: f"{m[1]} är tvetydigt: kan vara {m[2]}"),
    (r"unexpected option string: (.*)", lambda m: f"oväntad flagga: {m[1]}"),
    (r"cannot have multiple subparser arguments", lambda m: "bara ett kommando åt gången"),
)


def swedish(message: str) -> str:
    """argparse's English error message in Swedish, on one line (an unknown one is marked as
    an argument error and kept, not dropped)."""
    found = re.fullmatch(r"argument (\S+): (.*)", message, flags=re.S)
    head, inner, table = (found[1], found[2], INNER_SV) if found else ("", message, WHOLE_SV)
    for pattern, say in table:
        m = re.fullmatch(pattern, inner, flags=re.S)
        if m:
            return " ".join(f"{head}{say(m)}".split())
    return " ".join(f"ogiltiga argument: {message}".split())


class SwedishHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with a Swedish "användning:"."""

    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


class SwedishParser(argparse.ArgumentParser):
    """An ArgumentParser whose help is Swedish throughout and whose argument errors are one
    Swedish line (exit 2), not argparse's English usage block. Subcommands made with
    `add_subparsers(parser_class=SwedishParser)` are Swedish too."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", SwedishHelpFormatter)
        add_help = kwargs.pop("add_help", True)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = POSITIONALS
        self._optionals.title = OPTIONALS
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help=HELP)

    def error(self, message: str):
        self.exit(2, f"kontrollrum: {swedish(message)} (se {self.prog} --help)\n")
