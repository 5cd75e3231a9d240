"""The CLI's help and argument errors are Swedish: argparse's own words ("usage:", section
titles, the -h line, its error messages) included, for every subcommand there is."""

from __future__ import annotations

import re

import pytest

from cli.help import swedish
from cli.main import build_parser, main

ARGPARSE_ENGLISH = ("usage:", "positional arguments", "optional arguments", "options:",
                    "show this help message", "error:", "unrecognized arguments",
                    "the following arguments are required", "invalid choice", "choose from",
                    "expected one argument", "invalid int value", "(default:")
# Words that would only be there if a help text were left in English.
ENGLISH_WORDS = re.compile(r"\b(the|and|of|to|with|from|default|every|into|is|are|only|when|"
                           r"this|that|which|file|write|load|fetch|start|value|values)\b", re.I)


def subcommands() -> list[str]:
    text = build_parser().format_help()
    block = text.split("KOMMANDO\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in block.splitlines() if re.match(r"^    \S", line)]


def help_of(capsys, *argv: str) -> str:
    with pytest.raises(SystemExit) as exc:
        main([*argv, "--help"])
    assert exc.value.code == 0
    out, err = capsys.readouterr()
    assert err == ""
    return out


def test_the_help_lists_every_subcommand():
    names = subcommands()
    assert {"import", "export", "demo", "delete", "kolada", "serve"} <= set(names)


@pytest.mark.parametrize("command", [None, *subcommands()])
def test_every_help_is_swedish(capsys, command):
    out = help_of(capsys, *([command] if command else []))
    assert out.startswith(f"användning: kontrollrum{' ' + command if command else ''} [-h]")
    assert "-h, --help" in out and "visa den här hjälpen och avsluta" in out
    assert "\nflaggor:\n" in out
    for phrase in ARGPARSE_ENGLISH:
        assert phrase not in out.lower(), (command, phrase)
    # Backquoted/quoted identifiers and commands may be English; the prose may not.
    prose = re.sub(r"'[^']*'|\{[^}]*\}|--[\w-]+|\S+://\S+|\$\w+|\bgunicorn app:server\b", "", out)
    assert not ENGLISH_WORDS.findall(prose), (command, ENGLISH_WORDS.findall(prose))


@pytest.mark.parametrize("argv, message", [
    (["nosuch"], "KOMMANDO: 'nosuch' är inget tillåtet val (välj bland 'import', 'export'"),
    (["export", "goals", "--year", "2022", "--period", "VB", "--bogus", "x"],
     "okända argument: --bogus x (se kontrollrum --help)"),
    (["serve", "--port", "80a"], "--port: '80a' är inget heltal (se kontrollrum serve --help)"),
    (["kolada", "--timeout", "soon"],
     "--timeout: 'soon' är inget tal (se kontrollrum kolada --help)"),
    (["export", "goals", "--period", "Q3"],
     "--period: 'Q3' är inget tillåtet val (välj bland 'T1', 'T2', 'VB')"),
    (["import"], "argument saknas: PAKET (se kontrollrum import --help)"),
    (["export", "goals", "--ye", "2022", "x", "y"], "okända argument: x y"),
    (["demo", "--s", "3"], "--s är tvetydigt: kan vara --scale, --seed"),
])
def test_argument_errors_are_one_swedish_line(capsys, argv, message):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("kontrollrum: ") and err.endswith("\n") and err.count("\n") == 1
    assert message in err
    for phrase in ARGPARSE_ENGLISH:
        assert phrase not in err.lower(), phrase


@pytest.mark.parametrize("english, said", [
    ("argument --n: expected at least one argument", "--n behöver minst ett värde"),
    ("argument --a: not allowed with argument --b", "--a kan inte användas tillsammans med --b"),
    ("one of the arguments --a --b is required", "ett av argumenten --a --b krävs"),
    ("argument --x: invalid Path value: 'q'", "--x: 'q' är inget giltigt värde"),
    ("something argparse may say one day", "ogiltiga argument: something argparse may say one day"),
])
def test_argparse_messages_translate(english, said):
    assert swedish(english) == said
