"""`pip install .` into a fresh virtualenv, then `gunicorn app:server` from another directory
serves the page and every asset it links (CSS, print CSS, scripts) from the installed copy.

Slow (a wheel build and a venv: about a minute); marked `packaging` (deselect with
`-m "not packaging"`). The wheel is built with pip's usual isolated build; the fresh venv gets
the project's dependencies from this environment's site-packages (a .pth line), so nothing but
the build backend is downloaded, and only when pip has not cached it.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.packaging


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def _site_packages(python: Path) -> Path:
    code = "import sysconfig; print(sysconfig.get_paths()['purelib'])"
    out = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return Path(out.stdout.strip())


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The python of a fresh venv with the project installed from a wheel (not editable)."""
    tmp = tmp_path_factory.mktemp("pkg")
    # A clean copy: an in-tree build would reuse build/lib, stale files and all.
    src = tmp / "src"
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "*.egg-info", "node_modules", "__pycache__", "*.db*",
        ".pytest_cache", "tests", "bench", "docs"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "--disable-pip-version-check", "-w", str(tmp / "dist"), str(src)],
                   check=True, timeout=600)
    wheel = next((tmp / "dist").glob("kontrollrum-*.whl"))
    subprocess.run([sys.executable, "-m", "venv", str(tmp / "venv")], check=True, timeout=300)
    python = tmp / "venv" / "bin" / "python"
    # Dependencies from this environment; as a plain path entry, so that its .pth files (the
    # editable install of the work tree) are not processed and `app` comes from the wheel.
    (_site_packages(python) / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", "-q",
                    "--disable-pip-version-check", str(wheel)], check=True, timeout=300)
    return python


def test_the_wheel_carries_the_assets(installed):
    site = _site_packages(installed)
    for name in ("kontrollrum.css", "print.css", "print.js", "bootstrap.min.css"):
        assert (site / "assets" / name).read_bytes() == (ROOT / "assets" / name).read_bytes()
    where = subprocess.run([str(installed), "-c", "import app; print(app.__file__)"],
                           capture_output=True, text=True, cwd="/", check=True,
                           env={**os.environ, "KONTROLLRUM_DB": "sqlite:////nonexistent.db"})
    assert where.stdout.strip().startswith(str(site)), where.stdout


def test_gunicorn_from_another_directory_serves_page_and_assets(installed, tmp_path):
    port = _free_port()
    env = {**os.environ, "KONTROLLRUM_DB": f"sqlite:///{tmp_path / 'k.db'}",
           "PYTHONPATH": ""}
    log = (tmp_path / "gunicorn.log").open("wb")
    proc = subprocess.Popen([str(installed), "-m", "gunicorn", "app:server", "-b",
                             f"127.0.0.1:{port}", "-w", "1", "--timeout", "120"],
                            cwd=tmp_path, env=env, stdout=log, stderr=log)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 120
        status, page = 0, b""
        while time.time() < deadline:
            try:
                status, page = _get(base + "/")
                break
            except OSError:
                time.sleep(0.5)
        assert status == 200, (tmp_path / "gunicorn.log").read_text(errors="replace")[-2000:]
        html = page.decode()
        links = re.findall(r'(?:href|src)="(/assets/[^"?]+)', html)
        names = {link.rsplit("/", 1)[1] for link in links}
        assert {"kontrollrum.css", "print.css", "print.js"} <= names, names
        for link in links:
            status, body = _get(base + link)
            assert status == 200, link
            assert body == (ROOT / link.lstrip("/")).read_bytes(), link
    finally:
        proc.terminate()
        proc.wait(timeout=30)
        log.close()
