"""The README documents every setting and environment variable, and opens with the two commands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ils.config import SETTINGS

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
ENV_NAME = re.compile(r"\bKONTROLLRUM_[A-Z0-9_]*[A-Z0-9]\b")
SOURCE_DIRS = ("ils", "queries", "cli", "components", "pages", "tests", "docs", "bench")


def _sources() -> list[Path]:
    files = [ROOT / "dev.py", ROOT / "app.py", ROOT / ".ci" / "run"]
    for folder in SOURCE_DIRS:
        files += [p for p in (ROOT / folder).rglob("*.py") if "node_modules" not in p.parts]
    return [f for f in files if f.exists()]


def _env_names_in_code() -> set[str]:
    return {name for f in _sources() for name in ENV_NAME.findall(f.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.env)
def test_every_setting_is_in_the_configuration_table(setting):
    section = README.split("## Konfiguration", 1)[1].split("\n## ", 1)[0]
    row = next((line for line in section.splitlines() if f"`{setting.env}`" in line), None)
    assert row is not None, f"{setting.env} is missing from README's Konfiguration table"
    shown = f"`{setting.default}`" if setting.default else "(tom)"
    assert shown in row, f"README gives another default for {setting.env}"


def test_every_environment_variable_used_in_code_is_documented():
    used = _env_names_in_code()
    assert {"KONTROLLRUM_DB", "KONTROLLRUM_REQUIRE_PG"} <= used  # the scan itself works
    missing = sorted(name for name in used if name not in README)
    assert not missing, f"README.md does not mention: {', '.join(missing)}"


def test_readme_opens_with_the_two_commands():
    lines = [line for line in README.splitlines() if line.strip()]
    assert lines[0] == "# Kontrollrum"
    assert lines[2] == "```"
    assert lines[3].startswith("python3 dev.py demo")
    assert lines[4].startswith("python3 dev.py test")


def test_readme_credits_kolada_and_says_demo_data_is_fictitious():
    section = README.split("## Data och källor", 1)[1]
    assert "Källa: Kolada" in section
    assert "bearbetning av data från Kolada" in section
    assert "fiktiva" in section
