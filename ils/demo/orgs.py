"""The organisation tree: one `stad`, district boards (× scale), specialist boards, companies,
departments and several hundred units, among them units no indicator measures (a purchasing
unit, a secretariat)."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import polars as pl

from ils.demo.catalogue import (
    COMPANIES,
    DISTRICTS,
    NAME_FIRST,
    NAME_LAST,
    SPECIALISTS,
    STAD_ID,
    STAD_NAME,
)

SCHOOL_STEMS = ("backe", "dals", "hags", "lunds", "ängs", "bergs", "viks", "torps", "udds", "sjö")

# District departments: (kind, name, [(unit kind, how many per size step, fixed count)]).
DISTRICT_DEPARTMENTS = (
    ("forskola", "Förskola", [("forskola", 3, 4)]),
    ("aldreomsorg", "Äldreomsorg", [("hemtjanst", 1, 1), ("sarskilt_boende", 1, 0)]),
    ("ifo", "Individ- och familjeomsorg",
     [("barn_unga", 0, 1), ("vuxen", 0, 1), ("ekonomiskt_bistand", 0, 1)]),
    ("fritid", "Kultur och fritid", [("fritidsgard", 1, 0)]),
    ("administration", "Administration", [("inkop", 0, 1), ("kansli", 0, 1)]),
)

# Kinds of unit that no indicator measures (DOMAIN.md §2.6).
UNMEASURED_KINDS = ("inkop", "kansli", "kontaktcenter", "projekt")


@dataclass
class Board:
    id: str
    kind: str  # stadsdelsnamnd, facknamnd, bolag
    slug: str
    name: str
    copy: int = 1  # 1 = the Stockholm-like original; 2.. = scaled copies


@dataclass
class Unit:
    id: str
    board_id: str
    kind: str
    name: str


@dataclass
class Orgs:
    frame: pl.DataFrame
    boards: list[Board] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)

    def by_kind(self, kind: str) -> list[Board]:
        return [b for b in self.boards if b.kind == kind]


def _short(board_name: str) -> str:
    """'Kungsholmens stadsdelsnämnd' -> 'Kungsholmen'."""
    short = board_name.replace(" stadsdelsnämnd", "")
    return short[:-1] if short.endswith("s") else short


def _names(rng: random.Random, n: int, make) -> list[str]:
    pairs = [(a, b) for a in NAME_FIRST for b in range(len(NAME_LAST))]
    rng.shuffle(pairs)
    return [make(a, NAME_LAST[b], SCHOOL_STEMS[b % len(SCHOOL_STEMS)]) for a, b in pairs[:n]]


UNIT_NAME = {
    "forskola": lambda a, b, s, area, i: f"Förskolan {a}{b}",
    "hemtjanst": lambda a, b, s, area, i: f"Hemtjänsten {area} {'ABCDEF'[i]}",
    "sarskilt_boende": lambda a, b, s, area, i: f"{a}{b}s vård- och omsorgsboende",
    "barn_unga": lambda a, b, s, area, i: "Enheten för barn och unga",
    "vuxen": lambda a, b, s, area, i: "Vuxenenheten",
    "ekonomiskt_bistand": lambda a, b, s, area, i: "Enheten för försörjningsstöd",
    "fritidsgard": lambda a, b, s, area, i: f"Fritidsgården {a}{b}",
    "inkop": lambda a, b, s, area, i: "Inköpsenheten",
    "kansli": lambda a, b, s, area, i: "Kansliet",
    "grundskola": lambda a, b, s, area, i: f"{a}{s}skolan",
    "gymnasium": lambda a, b, s, area, i: f"{a}{s}gymnasiet",
    "bibliotek": lambda a, b, s, area, i: f"{a}{b}s bibliotek",
    "idrottsanlaggning": lambda a, b, s, area, i: f"{a}{b}s idrottsplats",
}


def build_orgs(rng: random.Random, scale: int) -> Orgs:
    rows = [{"id": STAD_ID, "parent_id": None, "level": "stad", "kind": "stad", "name": STAD_NAME}]
    out = Orgs(frame=pl.DataFrame())

    def add(id_, parent, level, kind, name):
        rows.append({"id": id_, "parent_id": parent, "level": level, "kind": kind, "name": name})

    def add_unit(board: Board, dept_id: str, kind: str, n: int, area: str, label: str = ""):
        names = _names(rng, n, lambda a, b, s: (a, b, s))
        for i, (a, b, s) in enumerate(names):
            make = UNIT_NAME.get(kind)
            name = (make(a, b, s, area, i) if make
                    else " ".join(p for p in (label, area, str(i + 1)) if p))
            uid = f"enh-{board.slug}-{kind.replace('_', '')}-{i + 1:02d}"
            add(uid, dept_id, "enhet", kind, name)
            out.units.append(Unit(uid, board.id, kind, name))

    for copy in range(1, scale + 1):
        for slug, name, size in DISTRICTS:
            slug_c = slug if copy == 1 else f"{slug}-{copy}"
            name_c = name if copy == 1 else f"{name} {copy}"
            board = Board(f"sdn-{slug_c}", "stadsdelsnamnd", slug_c, name_c, copy)
            out.boards.append(board)
            add(board.id, STAD_ID, "namnd", board.kind, board.name)
            area = _short(name) + ("" if copy == 1 else f" {copy}")
            for dkind, dname, unit_kinds in DISTRICT_DEPARTMENTS:
                dept_id = f"avd-{slug_c}-{dkind}"
                add(dept_id, board.id, "avdelning", dkind, dname)
                for ukind, per_size, fixed in unit_kinds:
                    add_unit(board, dept_id, ukind, per_size * size + fixed, area)
    for slug, name, departments in SPECIALISTS:
        board = Board(f"fn-{slug}", "facknamnd", slug, name)
        out.boards.append(board)
        add(board.id, STAD_ID, "namnd", board.kind, board.name)
        for dkind, dname, ukind, label, n in departments:
            dept_id = f"avd-{slug}-{dkind}"
            add(dept_id, board.id, "avdelning", dkind, dname)
            add_unit(board, dept_id, ukind, n, "", label)
    for slug, name in COMPANIES:
        board = Board(f"bolag-{slug}", "bolag", slug, name)
        out.boards.append(board)
        add(board.id, STAD_ID, "namnd", board.kind, board.name)
    out.frame = pl.DataFrame(rows, schema={"id": pl.String, "parent_id": pl.String,
                                           "level": pl.String, "kind": pl.String,
                                           "name": pl.String})
    return out
