"""The district map: Stockholm's 13 district boards' areas coloured by one VOM's light.

Shape as well as colour: each light has its own fill pattern (solid, stripes, cross-hatch,
dots), a forecast-based light a dashed border, and the legend says so in words. The picture
is an SVG (made here, no map tiles, no network) shown as an image with an HTML image map:
every area is a link to that board's goal page, reachable by keyboard, with the board's name
and light as its text. The shapes are built once by tools/build_district_map.py and shipped in
district_shapes.json (polygons CC0, credited under the map).
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from dash import dcc, html

from components.lights import light_badge
from ils.labels import light_label

SHAPES = Path(__file__).with_name("district_shapes.json")
SIZE = 360  # drawn width in pixels: fits a 390 px phone; image-map coordinates are in these
FILL = {"gron": ("#1a7f37", "solid"), "gul": ("#d4a017", "stripes"), "rod": ("#c62828", "cross"),
        "saknas": ("#8a9096", "dots"), "ej_malsatt": ("#8a9096", "dots"),
        "inga_indikatorer": ("#c8ccd0", "none")}
PATTERNS = """<defs>
<pattern id="stripes" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">
<rect width="8" height="8" fill="#f5e3a8"/><rect width="4" height="8" fill="#d4a017"/></pattern>
<pattern id="cross" width="8" height="8" patternUnits="userSpaceOnUse">
<rect width="8" height="8" fill="#f3c3c3"/><path d="M0 0L8 8M8 0L0 8" stroke="#c62828" stroke-width="2.2"/></pattern>
<pattern id="dots" width="7" height="7" patternUnits="userSpaceOnUse">
<rect width="7" height="7" fill="#e6e8ea"/><circle cx="3.5" cy="3.5" r="1.6" fill="#5c636a"/></pattern>
</defs>"""


@dataclass(frozen=True)
class Area:
    """One district on the map: its name as in the shapes file, the light, basis, the link."""

    district: str
    light: str | None
    basis: str | None
    href: str
    board: str


@cache
def shapes() -> dict:
    """The shipped district shapes (read once per process; a constant file of the package)."""
    return json.loads(SHAPES.read_text(encoding="utf-8"))


def district_names() -> list[str]:
    return [d["name"] for d in shapes()["districts"]]


def match_board(district: str, boards: dict[str, str]) -> str | None:
    """The board (id) of a district from the boards' names ("Bromma stadsdelsnämnd" →
    Bromma): the board whose name starts with the district's name, case-insensitively."""
    key = district.lower()
    for board_id, name in boards.items():
        if (name or "").lower().startswith(key):
            return board_id
    return None


def board_areas(districts: dict[str, str], rows: dict[str, dict], href) -> list[Area]:
    """The map's areas for one VOM: `districts` the district boards (id → name), `rows` their
    goal lights of the VOM by board id (with the §3.8 `state` when known), `href(board_id)`
    the link of an area. A board's 'Inga indikatorer' (or no row) is an area without light."""
    areas = []
    for name in district_names():
        board = match_board(name, districts)
        if board is None:
            continue
        row = rows.get(board)
        state = row.get("state", row["light"]) if row else None
        areas.append(Area(name, state if state != "inga_indikatorer" else None,
                          "prognos" if row and row.get("rests_on_forecast") else None,
                          href(board), districts[board]))
    return areas


def _scale() -> float:
    return SIZE / shapes()["width"]


def _points(ring: list[list[float]]) -> list[tuple[float, float]]:
    k = _scale()
    return [(round(x * k, 1), round(y * k, 1)) for x, y in ring]


def svg(areas: list[Area]) -> str:
    """The map as SVG text."""
    by_name = {a.district: a for a in areas}
    k = _scale()
    h = round(shapes()["height"] * k)
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{SIZE}" height="{h}" '
             f'viewBox="0 0 {SIZE} {h}">', PATTERNS]
    for d in shapes()["districts"]:
        area = by_name.get(d["name"])
        light = area.light if area and area.light in FILL else "inga_indikatorer"
        colour, pattern = FILL[light]
        fill = colour if pattern == "solid" else "#eef0f2" if pattern == "none" else f"url(#{pattern})"
        dash = ' stroke-dasharray="5 3"' if area and area.basis == "prognos" else ""
        for ring in d["rings"]:
            pts = " ".join(f"{x},{y}" for x, y in _points(ring))
            parts.append(f'<polygon points="{pts}" fill="{fill}" stroke="#212529" '
                         f'stroke-width="1.2"{dash}/>')
    for d in shapes()["districts"]:
        x, y = (round(v * k, 1) for v in d["label"])
        parts.append(f'<text x="{x}" y="{y}" font-family="sans-serif" font-size="9" '
                     f'text-anchor="middle" paint-order="stroke" stroke="#fff" stroke-width="3">'
                     f'{escape(d["name"])}</text>')
    parts.append("</svg>")
    return "".join(parts)


def area_text(area: Area | None, district: str) -> str:
    if area is None:
        return f"{district}: ingen nämnd i data"
    return f"{area.board}: {light_label(area.light, area.basis) if area.light else 'Inga indikatorer'}"


def district_map(areas: list[Area], map_id: str, title: str) -> html.Figure:
    """The map figure: picture + image map (links) + legend + credit. `title` names what is
    coloured ("Ljus för 1.3 … , T2 2022"); it is the picture's text alternative too."""
    by_name = {a.district: a for a in areas}
    links = []
    for d in shapes()["districts"]:
        area = by_name.get(d["name"])
        if area is None:
            continue
        for ring in d["rings"]:
            coords = ",".join(f"{round(x)},{round(y)}" for x, y in _points(ring))
            text = area_text(area, d["name"])
            links.append(html.Area(shape="poly", coords=coords, href=area.href, alt=text,
                                   title=text))
    src = "data:image/svg+xml;base64," + base64.b64encode(svg(areas).encode()).decode()
    listing = html.Ul([html.Li(dcc.Link(area_text(by_name[n], n), href=by_name[n].href))
                       for n in district_names() if n in by_name],
                      className="visually-hidden")
    return html.Figure([
        html.Div([html.Img(src=src, useMap=f"#{map_id}", alt=title, width=SIZE,
                           className="kr-map-img"),
                  html.MapEl(links, name=map_id, id=map_id)], className="kr-map"),
        listing,
        html.Figcaption([html.Div(title, className="fw-semibold"), legend(),
                         html.Div(shapes()["source"], className="small text-muted")]),
    ], className="kr-district-map")


def legend() -> html.Ul:
    items = [("gron", None, "helfyllt"), ("gul", None, "randigt"), ("rod", None, "rutigt"),
             ("saknas", None, "prickigt"), ("ej_malsatt", None, "prickigt"),
             ("gron", "prognos", "streckad kant")]
    return html.Ul([html.Li([light_badge(lt, b), html.Span(f" – {how}", className="small")])
                    for lt, b, how in items]
                   + [html.Li("Inga indikatorer – ljusgrått utan mönster", className="small")],
                   className="list-unstyled d-flex flex-wrap gap-2 small mb-1")
