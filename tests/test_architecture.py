"""The shape of the code: a pure domain package, small modules, pages without app imports."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ils", "queries", "components", "pages", "cli")
MAX_LINES = 320  # "no module over ~300 lines"


def py_files():
    for pkg in PACKAGES:
        yield from sorted((ROOT / pkg).rglob("*.py"))
    yield ROOT / "app.py"


def test_domain_package_imports_neither_dash_nor_sqlalchemy():
    modules = sorted("ils." + ".".join(p.relative_to(ROOT / "ils").with_suffix("").parts)
                     for p in (ROOT / "ils").rglob("*.py") if p.name != "__init__.py")
    code = ("import importlib, sys\n"
            f"for m in {modules!r}: importlib.import_module(m)\n"
            "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('dash', 'sqlalchemy', 'flask'))\n"
            "print(','.join(bad))\n")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "", f"ils imports {out.stdout.strip()}"


@pytest.mark.parametrize("path", list(py_files()), ids=lambda p: str(p.relative_to(ROOT)))
def test_module_is_small(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(ROOT)} has {lines} lines"


@pytest.mark.parametrize("path", sorted((ROOT / "pages").glob("*.py")),
                         ids=lambda p: p.name)
def test_pages_never_import_the_app(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            assert node.module != "app", f"{path.name} imports from app"
        if isinstance(node, ast.Import):
            assert all(a.name != "app" for a in node.names), f"{path.name} imports app"


def test_no_cdn_in_assets_or_app():
    for path in [*ROOT.joinpath("assets").glob("*"), ROOT / "app.py"]:
        if path.suffix in (".css", ".js", ".py"):
            body = path.read_text(encoding="utf-8")
            assert "cdn." not in body and "googleapis" not in body, path.name
