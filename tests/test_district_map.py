"""The district map (components/district_map.py): 13 areas, each a link with its light in
words, patterns as well as colours, and the shipped shapes equal to a fresh build."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from components import district_map as dm

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "stockholm"
DEMO_BOARDS = ["Rinkeby-Kista", "Spånga-Tensta", "Hässelby-Vällingby", "Bromma", "Kungsholmen",
               "Norrmalm", "Östermalm", "Södermalm", "Enskede-Årsta-Vantör", "Skarpnäck",
               "Farsta", "Hägersten-Älvsjö", "Skärholmen"]


def areas(light="gul", basis=None):
    return [dm.Area(n, light, basis, f"/namnd/b{i}", f"{n} stadsdelsnämnd")
            for i, n in enumerate(dm.district_names())]


def test_thirteen_districts_each_with_rings():
    assert sorted(dm.district_names()) == sorted(DEMO_BOARDS)
    assert all(d["rings"] and len(d["rings"][0]) >= 4 for d in dm.shapes()["districts"])


def test_boards_match_their_districts_by_name():
    boards = {f"id{i}": f"{n} stadsdelsnämnd" for i, n in enumerate(DEMO_BOARDS)}
    boards["x"] = "Kulturnämnden"
    got = {d: dm.match_board(d, boards) for d in dm.district_names()}
    assert all(got.values()) and len(set(got.values())) == 13
    assert dm.match_board("Bromma", {"a": "Kulturnämnden"}) is None


def _walk(c):
    yield c
    kids = getattr(c, "children", None)
    for k in (kids if isinstance(kids, list) else [kids]):
        if k is not None and not isinstance(k, str):
            yield from _walk(k)


@pytest.mark.parametrize("light, basis, text", [
    ("gul", None, "Delvis uppfyllt"), ("rod", "prognos", "Ej uppfyllt (prognos)"),
    ("saknas", None, "Utfall saknas"), (None, None, "Inga indikatorer")])
def test_every_area_is_a_link_named_with_board_and_light(light, basis, text):
    fig = dm.district_map(areas(light, basis), "m1", "Ljus för 1.3, VB 2022")
    links = [c for c in _walk(fig) if type(c).__name__ == "Area"]
    assert len(links) >= 13
    assert all(a.href.startswith("/namnd/") and a.alt.endswith(text) for a in links)
    img = next(c for c in _walk(fig) if type(c).__name__ == "Img")
    assert img.useMap == "#m1" and img.alt == "Ljus för 1.3, VB 2022"
    assert img.src.startswith("data:image/svg+xml;base64,")


def test_lights_differ_in_pattern_not_only_colour():
    svgs = {lt: dm.svg(areas(lt)) for lt in ("gron", "gul", "rod", "saknas")}
    assert 'fill="url(#stripes)"' in svgs["gul"] and 'fill="url(#cross)"' in svgs["rod"]
    assert 'fill="url(#dots)"' in svgs["saknas"] and "url(#" not in svgs["gron"].split("</defs>")[1]
    assert "stroke-dasharray" in dm.svg(areas("gron", "prognos"))
    assert "stroke-dasharray" not in svgs["gron"]


def test_district_without_board_is_drawn_but_not_linked():
    one = [a for a in areas() if a.district == "Bromma"]
    fig = dm.district_map(one, "m2", "t")
    links = [c for c in _walk(fig) if type(c).__name__ == "Area"]
    assert {a.href for a in links} == {one[0].href}
    assert dm.svg(one).count("<polygon") >= 13


@pytest.mark.skipif(not SHARED.exists(), reason="../shared/data/stockholm is not beside the "
                    "repository (the shipped shapes are used; CI has it)")
def test_shipped_shapes_equal_a_fresh_build():
    pytest.importorskip("shapely")
    from tools.build_district_map import build

    assert build(SHARED) == json.loads(dm.SHAPES.read_text(encoding="utf-8"))
