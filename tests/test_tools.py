"""The maintainer tools (tools/): the source folder is a required argument (nothing outside
the repository is read by default), and a missing or unexpected source is one Swedish line,
exit code 1, and the shipped file unchanged."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = {"build_district_map": ROOT / "components" / "district_shapes.json",
         "build_stockholm_example": ROOT / "examples" / "stockholm-kolada" / "values.csv"}


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(ROOT / "tools" / f"{name}.py"), *args],
                          capture_output=True, text=True, cwd=ROOT.parent, timeout=120)


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_the_source_folder_must_be_named(name):
    got = run_tool(name)
    assert got.returncode == 2 and "argument saknas: KÄLLMAPP" in got.stderr
    assert "Traceback" not in got.stderr


@pytest.mark.parametrize("name", sorted(TOOLS))
def test_a_folder_without_the_sources_is_one_swedish_line(name, tmp_path):
    before = TOOLS[name].read_bytes()
    got = run_tool(name, str(tmp_path))
    assert got.returncode == 1 and got.stderr.startswith(f"fel: {tmp_path} saknar ")
    assert got.stderr.count("\n") == 1 and "Traceback" not in got.stderr
    assert TOOLS[name].read_bytes() == before


def test_a_stadsdel_missing_from_the_mapping_is_named(tmp_path):
    pytest.importorskip("shapely")
    square = {"type": "Polygon", "coordinates": [[[18, 59], [18.1, 59], [18.1, 59.1], [18, 59]]]}
    (tmp_path / "stadsdelar_simplified.geo.json").write_text(json.dumps(
        {"type": "FeatureCollection", "features": [
            {"type": "Feature", "properties": {"name": "BROMMA KYRKA"}, "geometry": square}]}),
        encoding="utf-8")
    (tmp_path / "stadsdel_to_stadsdelsomrade_2020.csv").write_text(
        "stadsdel,stadsdelsomrade\nALVIK,Bromma\n", encoding="utf-8")
    got = run_tool("build_district_map", str(tmp_path))
    assert got.returncode == 1 and "Traceback" not in got.stderr
    assert "saknar stadsdelen 'BROMMA KYRKA'" in got.stderr
