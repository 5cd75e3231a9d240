"""Lines of the app's own code (not tests) that match a pattern: for the tests that keep an idea
in its one home (the periods, the clock)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ils", "queries", "components", "pagekit", "web", "pages", "cli")


def lines_matching(pattern: re.Pattern, home: str) -> list[str]:
    """"path:line: text" of every code line (comments left out) matching `pattern`, outside
    `home` (the module that may)."""
    bad = []
    for pkg in PACKAGES:
        for path in (ROOT / pkg).rglob("*.py"):
            if path == ROOT / home:
                continue
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if pattern.search(line.split("#", 1)[0]):
                    bad.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()}")
    return bad
