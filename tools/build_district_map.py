"""Build the district map shipped with Kontrollrum (components/district_shapes.json).

    .venv/bin/python tools/build_district_map.py KÄLLMAPP

KÄLLMAPP holds `stadsdelar_simplified.geo.json` (the polygons) and
`stadsdel_to_stadsdelsomrade_2020.csv` (stadsdel → district); in this project's development
set-up, the stockholm/ folder of the data folder kept beside the clone.

Reads the 117 neighbourhood (stadsdel) polygons and their mapping to the 13 district boards
(stadsdelsområden, the division of 2020–2023), dissolves the polygons per district with
shapely, simplifies them, projects them to a flat picture (x east, y south, in pixels) and
writes one small JSON file. The app only reads that file; shapely is needed here alone.

Sources: the polygons are KTHHealthData/stockholm-stadsdelar (CC0); the stadsdel → district
mapping was compiled by hand from the city's district pages, one source address per row.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from pathlib import Path

from shapely.geometry import MultiPolygon, Polygon, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tools import SourceError, need, run, source_parser  # noqa: E402

OUT = ROOT / "components" / "district_shapes.json"
POLYGONS = "stadsdelar_simplified.geo.json"
MAPPING = "stadsdel_to_stadsdelsomrade_2020.csv"
WIDTH = 640  # pixels; the height follows the area's shape
SIMPLIFY = 0.0008  # degrees (~50–90 m): borders stay recognisable, the file stays small


def build(folder: Path) -> dict:
    need(folder, POLYGONS, MAPPING)
    geo = json.loads((folder / POLYGONS).read_text(encoding="utf-8"))
    with (folder / MAPPING).open(encoding="utf-8") as f:
        district_of = {r["stadsdel"]: r["stadsdelsomrade"] for r in csv.DictReader(f)}
    parts: dict[str, list] = {}
    for feat in geo["features"]:
        name = feat["properties"]["name"]
        if name not in district_of:
            raise SourceError(f"{MAPPING} saknar stadsdelen {name!r} ur {POLYGONS}")
        parts.setdefault(district_of[name], []).append(shape(feat["geometry"]).buffer(0))
    merged = {d: unary_union(p).simplify(SIMPLIFY, preserve_topology=True)
              for d, p in sorted(parts.items())}
    minx = min(g.bounds[0] for g in merged.values())
    miny = min(g.bounds[1] for g in merged.values())
    maxx = max(g.bounds[2] for g in merged.values())
    maxy = max(g.bounds[3] for g in merged.values())
    kx = math.cos(math.radians((miny + maxy) / 2))  # a degree east is shorter than north
    scale = WIDTH / ((maxx - minx) * kx)
    height = round((maxy - miny) * scale)

    def xy(lon: float, lat: float) -> list[float]:
        return [round((lon - minx) * kx * scale, 1), round((maxy - lat) * scale, 1)]

    districts = []
    for name, geom in merged.items():
        polys = geom.geoms if isinstance(geom, MultiPolygon) else [geom]
        rings = [[xy(*pt) for pt in p.exterior.coords] for p in polys
                 if isinstance(p, Polygon) and p.area > 1e-7]
        c = geom.representative_point()
        districts.append({"name": name, "rings": rings, "label": xy(c.x, c.y)})
    if len(districts) != 13:
        raise SourceError(f"{MAPPING} ger {len(districts)} stadsdelsområden, inte 13")
    return {"width": WIDTH, "height": height, "districts": districts,
            "source": "Stadsdelsgränser: KTHHealthData/stockholm-stadsdelar (CC0), "
                      "sammanslagna per stadsdelsområde (indelningen 2020–2023).",}


def main() -> None:
    ap = source_parser("Bygger om kartan över stadsdelsområdena (components/district_shapes.json).",
                       f"mappen med {POLYGONS} och {MAPPING}")
    data = build(ap.parse_args().source)
    OUT.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n",
                   encoding="utf-8")
    print(f"skrev {OUT.relative_to(ROOT)}: {len(data['districts'])} stadsdelsområden, "
          f"{OUT.stat().st_size // 1024} kB")


if __name__ == "__main__":
    sys.exit(run(main))
