"""The goal tree (inriktningsmål → VOM → nämndmål → enhetsmål) and the indicators on it."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

import polars as pl

from ils.demo import texts
from ils.demo.catalogue import (
    COMPANY_VOMS,
    DISTRICT_VOMS,
    INRIKTNINGSMAL,
    SPECIALIST_VOMS,
    STAD_ID,
    YEARS,
)
from ils.demo.kf_indicators import KF_INDICATORS
from ils.demo.orgs import UNMEASURED_KINDS, Board, Orgs
from ils.model import FILES, GROUP_KIND

Y0, Y1 = YEARS[0], YEARS[-1]

# Which KF indicators a unit of a kind reports values for (by name).
UNIT_KF = {
    "forskola": ("Andel heltidstjänster i förskolan med förskollärarlegitimation",
                 "Antal barn per barngrupp i förskolan",
                 "Andel vårdnadshavare som är nöjda med förskolan"),
    "hemtjanst": ("Andel nöjda omsorgstagare i hemtjänsten",
                  "Andel omsorgstagare i hemtjänsten som känner sig trygga",
                  "Antal personal som en hemtjänsttagare möter under 14 dagar"),
    "sarskilt_boende": ("Andel nöjda omsorgstagare på vård- och omsorgsboende",
                        "Andel boende på vård- och omsorgsboende som känner sig trygga",
                        "Andel boende som är nöjda med maten"),
    "grundskola": ("Andel elever i åk 9 som uppnått kunskapskraven i alla ämnen, kommunala skolor",
                   "Genomsnittligt meritvärde i åk 9, kommunala skolor",
                   "Andel elever som känner sig trygga i skolan"),
    "gymnasium": ("Andel gymnasieelever med examen inom fyra år",),
    "ekonomiskt_bistand": ("Väntetid i dagar från ansökan till beslut om försörjningsstöd",
                           "Andel hushåll med ekonomiskt bistånd som blivit självförsörjande"),
    "barn_unga": ("Andel barnavårdsutredningar som avslutats inom 120 dagar",),
    "jobbtorg": ("Andel deltagare som börjat arbeta eller studera vid avslut",),
}
UNIT_VOM = {"forskola": "1.3", "grundskola": "1.3", "gymnasium": "1.3", "hemtjanst": "1.5",
            "sarskilt_boende": "1.5", "barn_unga": "1.4", "vuxen": "1.4",
            "ekonomiskt_bistand": "1.4", "socialt_stod": "1.4", "fritidsgard": "2.4",
            "bibliotek": "2.4", "idrottsanlaggning": "2.4", "jobbtorg": "1.1", "sfi": "1.1",
            "inkop": "3.1", "kansli": "3.1"}


@dataclass
class Ind:
    """What value generation needs to know about one indicator."""

    id: str
    vom: str
    decided_by: str
    direction: str
    unit: str
    base: float
    reporters: list[str]  # orgs (nämnder or units) that report values for it
    kpi: str | None = None
    annual: bool = False
    kf_target: bool = True
    total: bool = False  # a count whose city value is the sum over the reporting boards


@dataclass
class Goals:
    goals: pl.DataFrame
    indicators: pl.DataFrame
    inds: list[Ind] = field(default_factory=list)
    heavy_boards: list[str] = field(default_factory=list)  # boards with many own indicators


def board_voms(board: Board) -> tuple[str, ...]:
    if board.kind == "stadsdelsnamnd":
        return DISTRICT_VOMS
    if board.kind == "facknamnd":
        return SPECIALIST_VOMS[board.slug]
    return COMPANY_VOMS


def _area(board: Board) -> str:
    if board.kind == "stadsdelsnamnd":
        short = board.name.replace(" stadsdelsnämnd", "")
        short = short[:-1] if short.endswith("s") else short
        return short + ("" if board.copy == 1 else f" {board.copy}")
    return board.name


def _is_total(kf) -> bool:
    return kf.unit == "antal" and " per " not in kf.name and " som " not in kf.name


def build_goals(rng: random.Random, orgs: Orgs) -> Goals:
    goals, indicators, inds = [], [], []

    def goal(id_, parent, level, org, code, title):
        goals.append({"id": id_, "parent_id": parent, "level": level, "org_id": org,
                      "code": code, "title": title, "year_from": Y0, "year_to": Y1})

    for im_code, im_title, voms in INRIKTNINGSMAL:
        goal(f"im-{im_code}", None, "inriktningsmal", STAD_ID, im_code, im_title)
        for code, title in voms:
            goal(f"vom-{code}", f"im-{im_code}", "verksamhetsomradesmal", STAD_ID, code, title)

    def indicator(id_, goal_id, name, unit, direction, decided_by, org, applies_to=None,
                  kpi=None):
        indicators.append({"id": id_, "goal_id": goal_id, "name": name, "unit": unit,
                           "direction": direction, "decided_by": decided_by, "org_id": org,
                           "applies_to": applies_to, "kolada_kpi": kpi})

    members = {"alla": [b.id for b in orgs.boards]}
    for group, kind in GROUP_KIND.items():
        members[group] = [b.id for b in orgs.boards if b.kind == kind]
    kf_by_name = {}
    per_vom: dict[str, int] = {}
    for kf in KF_INDICATORS:
        per_vom[kf.vom] = per_vom.get(kf.vom, 0) + 1
        id_ = f"kf-{kf.vom}-{per_vom[kf.vom]:02d}"
        group = kf.who if kf.who in members else None
        indicator(id_, f"vom-{kf.vom}", kf.name, kf.unit, kf.direction, "kf", STAD_ID, group,
                  kf.kpi)
        reporters = list(members[group]) if group else [kf.who]
        inds.append(Ind(id_, kf.vom, "kf", kf.direction, kf.unit, kf.base, reporters, kf.kpi,
                        kf.annual, kf.kf_target, bool(group) and _is_total(kf)))
        kf_by_name[kf.name] = inds[-1]

    # Boards' own goals and indicators; two district boards add very many of their own.
    districts = [b.id for b in orgs.boards if b.kind == "stadsdelsnamnd" and b.copy == 1]
    heavy_originals = set(rng.sample(districts, 2))
    heavy = [b.id for b in orgs.boards if b.kind == "stadsdelsnamnd"
             and f"sdn-{b.slug.rsplit('-', 1)[0] if b.copy > 1 else b.slug}" in heavy_originals]
    namndmal: dict[tuple[str, str], str] = {}
    for board in orgs.boards:
        voms = board_voms(board)
        for k, vom in enumerate(voms, start=1):
            gid = f"nm-{board.id}-{vom}"
            namndmal[(board.id, vom)] = gid
            goal(gid, f"vom-{vom}", "namndmal", board.id, f"{vom}.{k}",
                 texts.NAMNDMAL[vom].format(area=_area(board)))
        if board.kind == "bolag":
            continue
        n_own = rng.randint(24, 30) if board.id in heavy else rng.randint(1, 5)
        options = [(vom, name) for vom in voms for name in texts.OWN_INDICATORS[vom]]
        rng.shuffle(options)
        for j, (vom, name) in enumerate(options[:n_own], start=1):
            direction = "lagre" if name.startswith("Minskat") else "hogre"
            unit = "antal" if name.startswith("Antal") else "%"
            base = rng.choice((20, 40, 60)) if unit == "antal" else rng.uniform(55, 92)
            id_ = f"ni-{board.id}-{j:02d}"
            indicator(id_, namndmal[(board.id, vom)], name, unit, direction, "namnd", board.id)
            inds.append(Ind(id_, vom, "namnd", direction, unit, base, [board.id],
                            annual=rng.random() < 0.4, kf_target=False))

    # Units: one enhetsmål (åtagande) each under their board's nämndmål; values for the KF
    # indicators of their kind; a few with an indicator of their own.
    for unit in orgs.units:
        board_goals = [g for (b, v), g in namndmal.items() if b == unit.board_id]
        parent = namndmal.get((unit.board_id, UNIT_VOM.get(unit.kind, "")), board_goals[0])
        gid = f"em-{unit.id}"
        title = texts.ENHETSMAL.get(unit.kind, "{unit} bidrar till nämndens mål")
        goal(gid, parent, "enhetsmal", unit.id, None, title.format(unit=unit.name))
        if unit.kind in UNMEASURED_KINDS:
            continue
        for name in UNIT_KF.get(unit.kind, ()):
            kf_by_name[name].reporters.append(unit.id)
        own = texts.UNIT_INDICATORS.get(unit.kind)
        if own and rng.random() < 0.15:
            id_ = f"ei-{unit.id}"
            indicator(id_, gid, own, "%", "hogre", "enhet", unit.id)
            inds.append(Ind(id_, UNIT_VOM[unit.kind], "enhet", "hogre", "%",
                            rng.uniform(70, 95), [unit.id], kf_target=False))
    return Goals(goals=pl.DataFrame(goals, schema=FILES["goals"].polars_schema),
                 indicators=pl.DataFrame(indicators, schema=FILES["indicators"].polars_schema),
                 inds=inds, heavy_boards=heavy)
