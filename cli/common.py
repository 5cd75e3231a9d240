"""Small helpers every command shares: the rule parameters (a bad setting is a `UserError`),
progress lines on stderr and Swedish counts. Imported by the commands, never importing them."""

from __future__ import annotations

import os
import sys

from cli.errors import UserError
from ils.config import SettingError, rule_params

KOLADA_URL_ENV = "KONTROLLRUM_KOLADA_URL"


def checked_params():
    """The rule parameters from the environment; a bad setting is a usage error."""
    try:
        return rule_params(os.environ)
    except SettingError as exc:
        raise UserError(str(exc)) from None


def say(msg: str) -> None:
    """A progress or error line on stderr, shown at once."""
    print(msg, file=sys.stderr, flush=True)


def count_text(n: int) -> str:
    """A count with Swedish thousands spaces: 12 345."""
    return f"{n:,}".replace(",", "\u00a0")
