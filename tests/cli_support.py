"""What the CLI tests share (test_cli, test_export_contract): the CLI run in this process and
a database loaded with the valid bundle through it."""

from __future__ import annotations

from pathlib import Path

import pytest

from cli.main import main

ROOT = Path(__file__).resolve().parents[1]


VALID = ROOT / "tests" / "bundles" / "valid"


@pytest.fixture
def run(monkeypatch, capsys):
    """Run the CLI in this process: (exit code, stdout, stderr); $KONTROLLRUM_DB restored."""
    monkeypatch.setenv("KONTROLLRUM_DB", "sqlite:///unused-by-these-tests.db")

    def _run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv))
        out, err = capsys.readouterr()
        return code, out, err

    return _run


@pytest.fixture
def loaded(engine, db_url, run):
    code, out, _ = run("import", str(VALID), "--db", db_url)
    assert code == 0
    assert out.startswith("Läste 43 rader: organisationer 7, mål 5, indikatorer 5")
    assert "Av dem 43 nya (" in out and "0 ändrade och 0 oförändrade." in out
    return db_url
