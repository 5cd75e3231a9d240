"""Kolada comparison values (issue 23; pure): comparison groups — "Liknande kommuner" per
operating area, and a group's value as Kolada computes it (the unweighted mean of its
members' values, with the member count) — and the city beside its peers on the pages
(order, labels, the city's rank among the peer municipalities)."""

from __future__ import annotations

import re

import polars as pl

RIKET = "0000"
GROUP = r"^G\d+$"


def peer_kind(peer_id: str) -> str:
    """'riket', 'grupp' (a Kolada comparison group, G…) or 'kommun'."""
    if peer_id == RIKET:
        return "riket"
    return "grupp" if re.fullmatch(GROUP, peer_id or "") else "kommun"


def peer_label(name: str | None, peer_id: str, n_members: int | None) -> str:
    """A peer's name as the pages show it; a group says what its value is: 'Storstäder
    (ovägt medel av 3 kommuner)'."""
    label = name or peer_id
    if peer_kind(peer_id) == "grupp":
        base = label.removesuffix(" (ovägt medel)")
        return f"{base} (ovägt medel av {n_members} kommuner)" if n_members else base
    return label


def order_peers(peers: pl.DataFrame) -> pl.DataFrame:
    """Municipalities first (Göteborg, Malmö, then by id), then groups, Riket last."""
    fixed = {"1480": 0, "1280": 1}
    kind = pl.col("municipality_id").map_elements(peer_kind, return_dtype=pl.String)
    return (peers.with_columns(
        _k=kind.replace_strict({"kommun": 0, "grupp": 1, "riket": 2}, return_dtype=pl.Int64),
        _f=pl.col("municipality_id").replace_strict(fixed, default=50, return_dtype=pl.Int64))
        .sort("_k", "_f", "municipality_id").drop("_k", "_f"))


def city_rank(city: float | None, peers: pl.DataFrame, direction: str
              ) -> tuple[int, int] | None:
    """The city's place among itself and the peer municipalities with a value (groups and
    Riket are not ranked), best first by the indicator's direction, ties sharing the best
    place: (rank, n ranked); None without a city value or without any peer municipality."""
    if city is None:
        return None
    others = [v for i, v in peers.select("municipality_id", "value").iter_rows()
              if v is not None and peer_kind(i) == "kommun"]
    if not others:
        return None
    better = sum((v > city) if direction != "lagre" else (v < city) for v in others)
    return better + 1, len(others) + 1


def latest_peers(peers: pl.DataFrame, year: int) -> pl.DataFrame:
    """Each peer's row for `year` or, when the stored values have none for that year (a
    group whose members' figures end earlier), its latest earlier one. The row keeps its own
    year, which the pages name beside the value: an older value is never shown as the year's."""
    got = peers.filter(pl.col("year") <= year)
    if got.is_empty():
        return got
    return (got.sort("year").group_by("kpi", "municipality_id", maintain_order=True).last()
            .select(peers.columns).sort("kpi", "municipality_id"))


def rank_year(peers: pl.DataFrame, year: int) -> int | None:
    """The year the city is ranked among its peer municipalities: `year` when one of them has
    a value for it, else the latest earlier year in which one has (None without any)."""
    years = {y for i, y, v in peers.select("municipality_id", "year", "value").iter_rows()
             if v is not None and y <= year and peer_kind(i) == "kommun"}
    if not years:
        return None
    return year if year in years else max(years)


def comparison_rows(indicators: pl.DataFrame, city: dict[str, float | None],
                    peers: pl.DataFrame, year: int | None = None,
                    city_years: dict[tuple[str, int], float | None] | None = None
                    ) -> pl.DataFrame:
    """One row per indicator with a Kolada KPI (id, name, unit, direction, kolada_kpi): the
    city's value, Riket's, the first comparison group's (name, value, member count) and the
    city's place among the peer municipalities. `peers`: `kolada_peer_value` rows; with
    `year`, each peer's value of that year or its latest earlier one, whose year is given
    (riket_year, group_year, rank_year; the city's value of an earlier ranking year from
    `city_years` {(indicator id, year): value}); without, the rows of one year."""
    rows = []
    for r in indicators.sort("name", "id").iter_rows(named=True):
        every = peers.filter(pl.col("kpi") == r["kolada_kpi"])
        mine = latest_peers(every, year) if year is not None else every
        if mine.is_empty():
            continue
        v = city.get(r["id"])
        riket = mine.filter(pl.col("municipality_id") == RIKET)
        groups = order_peers(mine.filter(pl.col("municipality_id").str.contains(GROUP)))
        g = groups.row(0, named=True) if groups.height else {}
        ry = rank_year(every, year) if year is not None else None
        if ry is not None and ry != year:
            v_rank = (city_years or {}).get((r["id"], ry))
            rank = city_rank(v_rank, every.filter(pl.col("year") == ry), r["direction"])
        else:
            rank = city_rank(v, mine if year is None else every.filter(pl.col("year") == year),
                             r["direction"])
        rows.append((r["id"], r["name"], r["unit"], v,
                     riket["value"][0] if riket.height else None,
                     riket["year"][0] if riket.height else None,
                     peer_label(g.get("municipality"), g["municipality_id"], g.get("n_members"))
                     if g else None, g.get("value"), g.get("year"),
                     rank[0] if rank else None, rank[1] if rank else None,
                     ry if rank else None))
    return pl.DataFrame(rows, orient="row", schema={
        "indicator_id": pl.String, "name": pl.String, "unit": pl.String, "city": pl.Float64,
        "riket": pl.Float64, "riket_year": pl.Int64, "group": pl.String,
        "group_value": pl.Float64, "group_year": pl.Int64, "rank": pl.Int64,
        "n_ranked": pl.Int64, "rank_year": pl.Int64})


# Kolada's operating areas → the word of its "Liknande kommuner <word>, <kommun>, <år>" groups
AREA_GROUP = {"Äldre och funktionshinder": "äldreomsorg", "Förskoleverksamhet": "förskola",
              "Grundskola": "grundskola", "Gymnasieskola": "gymnasieskola",
              "Individ- och familjeomsorg": "IFO", "Arbetsmarknad": "arbetsmarknad",
              "Fritidshem": "fritidshem", "LSS": "LSS", "Räddningstjänst": "räddningstjänst"}
SIMILAR_TITLE = re.compile(r"^Liknande kommuner,? (?P<area>[^,]+), (?P<city>[^,]+), "
                           r"(?P<year>\d{4})$")


def group_word(operating_area: str | None) -> str:
    for prefix, word in AREA_GROUP.items():
        if (operating_area or "").startswith(prefix):
            return word
    return "övergripande"


def similar_groups(kpi_areas: dict[str, str | None], groups: list[dict], city_name: str
                   ) -> dict[str, str]:
    """{kpi: group id}: for each KPI the newest "Liknande kommuner <area>, <city>, <year>"
    group of its operating area (falling back to the overall one); a KPI without one is
    absent. `groups`: /municipality_groups items (id, title)."""
    best: dict[str, tuple[int, str]] = {}
    for g in groups:
        m = SIMILAR_TITLE.match(str(g.get("title", "")))
        if m and m["city"].strip() == city_name:
            word, year = m["area"].strip(), int(m["year"])
            if word not in best or best[word][0] < year:
                best[word] = (year, str(g["id"]))
    out = {}
    for kpi, area in kpi_areas.items():
        got = best.get(group_word(area)) or best.get("övergripande")
        if got:
            out[kpi] = got[1]
    return out


def group_values(members: pl.DataFrame, group_members: dict[str, list[str]],
                 titles: dict[str, str], kpi_groups: dict[str, list[str]]) -> pl.DataFrame:
    """A comparison group's value as Kolada computes it: the unweighted mean of its members'
    values (members without a figure left out), with the member count. `members`: records
    (kpi, id, year, value, deleted); `kpi_groups`: kpi → the groups to compute for it."""
    rows = []
    have = members.filter(pl.col("value").is_not_null() & ~pl.col("deleted"))
    for kpi, gids in kpi_groups.items():
        for gid in gids:
            ids = group_members.get(gid, [])
            got = (have.filter(pl.col("kpi") == kpi, pl.col("id").is_in(ids))
                   .unique(["id", "year"]).group_by("year")
                   .agg(pl.col("value").mean(), pl.len().alias("n")))
            for year, value, n in got.sort("year").iter_rows():
                rows.append((kpi, gid, titles.get(gid, gid), year, value, None, n))
    return pl.DataFrame(rows, orient="row", schema={
        "kpi": pl.String, "municipality_id": pl.String, "municipality": pl.String,
        "year": pl.Int64, "value": pl.Float64, "status": pl.String, "n_members": pl.Int64})
