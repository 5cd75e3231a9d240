"""`ruff check` is part of the test run (and of CI): pyflakes, bugbear and isort over the whole
tree, with the settings in pyproject.toml. A finding fails with ruff's own report."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_the_tree_is_clean_under_ruff():
    got = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "."], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert "No module named ruff" not in got.stderr, "ruff is missing: python3 dev.py setup"
    assert got.returncode == 0, got.stdout[-6000:] + got.stderr[-2000:]
