"""The agenda of a målbedömningsmöte: the deviations of one period, from the rules. Pure.

Built on `ils.rules`: goal lights (§3.3, with the self-assessment gap of §3.4), indicator
lights (§3.2) and the T2 → VB pairs of §3.5. Only boards (nämnder) are on the agenda.

Kinds of item (`KINDS`, in this order on the page):
- `rod_gul`            the board's computed goal light is red or yellow (reason the light; a
                       yellow the self-assessment agrees with — gap 0 — has reason
                       `gul_samstammig` and ranks after the real deviations);
- `nedgradering`       the goal light is lower than in the previous period (gron → gul,
                       gron → rod, gul → rod); both lights scored (`ils.periods.previous`);
- `oenighet`           the self-assessment is more positive than the light (gap > 0);
- `prognos`            a yellow or red indicator light resting on a forecast (T1/T2, reason
                       `vilar`), and
                       at VB an indicator whose T2 light was a *forecast-based* green and ended
                       yellow or red (reason `brast`);
- `prognos_gron`       "Grönt på prognos": a green indicator light resting on a forecast (T1/T2,
                       reason `vilar`), kept apart from the yellow/red forecasts;
- `saknas`             an indicator without an outcome (reason `utfall`) or without a target
                       (reason `mal`);
- `motivering_saknas`  a deviation (goal light red/yellow or gap > 0) where the board gave no
                       motivation text (no assessment, or an empty motivation).

Severity (`severity`, higher = more serious; the order of the items and of the boards):
  rod_gul red 100 · rod_gul yellow 90 · nedgradering 80 + steps (gron → rod 82) ·
  oenighet 70 + gap (+2 → 72) · motivering_saknas 60 · prognos brast 50 (+1 if it ended
  red) · prognos vilar 40 · rod_gul agreed yellow 35 · saknas utfall 30 · prognos_gron 25 ·
  saknas mal 20.
Order: VOMs in code order; within a VOM the boards by their most serious item, then by
how many items, then by name; within a board the items by severity, then indicator name.
"""

from __future__ import annotations

import polars as pl

from ils import agenda_city, rules_periods

KINDS = ("rod_gul", "nedgradering", "oenighet", "prognos", "prognos_gron", "saknas",
         "motivering_saknas")

ITEM_SCHEMA = {
    "vom_id": pl.String, "org_id": pl.String, "kind": pl.String, "reason": pl.String,
    "severity": pl.Int64, "indicator_id": pl.String, "light": pl.String, "basis": pl.String,
    "light_prev": pl.String, "self_assessment": pl.String, "gap": pl.Int64,
    "assessment_basis": pl.String, "motivation": pl.String, "value": pl.Float64,
    "target": pl.Float64, "yellow_limit": pl.Float64, "light_t2": pl.String,
    "value_t2": pl.Float64, "score": pl.Float64, "n_green": pl.Int64, "n_yellow": pl.Int64,
    "n_red": pl.Int64, "n_missing": pl.Int64, "n_forecast": pl.Int64,
}


def _conform(df: pl.DataFrame) -> pl.DataFrame:
    return df.select([(pl.col(c) if c in df.columns else pl.lit(None)).cast(t).alias(c)
                      for c, t in ITEM_SCHEMA.items()])


def _rank(light: pl.Expr) -> pl.Expr:
    return pl.when(light.is_in(rules_periods.SCORED)).then(
        light.replace_strict(rules_periods.RANK, default=None, return_dtype=pl.Int64))


def _goal_items(goals: pl.DataFrame, prev: pl.DataFrame | None,
                motivations: pl.DataFrame) -> list[pl.DataFrame]:
    g = goals.rename({"goal_id": "vom_id"}).join(motivations, on=["vom_id", "org_id"],
                                                 how="left")
    p = (prev.select(pl.col("goal_id").alias("vom_id"), "org_id",
                     pl.col("light").alias("light_prev"))
         if prev is not None else
         pl.DataFrame(schema={"vom_id": pl.String, "org_id": pl.String, "light_prev": pl.String}))
    g = g.join(p, on=["vom_id", "org_id"], how="left")
    agreed = (pl.col("light") == "gul") & (pl.col("gap") == 0).fill_null(False)
    red_yellow = g.filter(pl.col("light").is_in(["rod", "gul"])).with_columns(
        kind=pl.lit("rod_gul"),
        reason=pl.when(agreed).then(pl.lit("gul_samstammig")).otherwise(pl.col("light")),
        severity=pl.when(pl.col("light") == "rod").then(100).when(agreed).then(35)
        .otherwise(90))
    steps = _rank(pl.col("light_prev")) - _rank(pl.col("light"))
    down = g.filter((steps > 0).fill_null(False)).with_columns(
        kind=pl.lit("nedgradering"), reason=pl.col("light_prev") + "→" + pl.col("light"),
        severity=80 + steps)
    gap = g.filter((pl.col("gap") > 0).fill_null(False)).with_columns(
        kind=pl.lit("oenighet"), reason=pl.lit("positivare"), severity=70 + pl.col("gap"))
    deviation = pl.col("light").is_in(["rod", "gul"]) | (pl.col("gap") > 0).fill_null(False)
    blank = pl.col("motivation").str.strip_chars().replace("", None).is_null()
    nomot = g.filter(deviation & blank).with_columns(
        kind=pl.lit("motivering_saknas"),
        reason=pl.when(pl.col("self_assessment").is_null()).then(pl.lit("ingen_skattning"))
        .otherwise(pl.lit("tom")), severity=pl.lit(60))
    return [red_yellow, down, gap, nomot]


def _indicator_items(ind: pl.DataFrame, vom_links: pl.DataFrame,
                     t2: pl.DataFrame | None, period: str) -> list[pl.DataFrame]:
    i = ind.join(vom_links, on="goal_id", how="inner")
    on_forecast = (pl.col("basis") == "prognos") & pl.col("light").is_in(rules_periods.SCORED)
    green = pl.col("light") == "gron"
    resting = i.filter(on_forecast).with_columns(
        kind=pl.when(green).then(pl.lit("prognos_gron")).otherwise(pl.lit("prognos")),
        reason=pl.lit("vilar"), severity=pl.when(green).then(25).otherwise(40))
    missing = i.filter(pl.col("light").is_in(["saknas", "ej_malsatt"])).with_columns(
        kind=pl.lit("saknas"),
        reason=pl.when(pl.col("light") == "saknas").then(pl.lit("utfall")).otherwise(
            pl.lit("mal")),
        severity=pl.when(pl.col("light") == "saknas").then(30).otherwise(20))
    out = [resting, missing]
    if period == "VB" and t2 is not None:
        keys = ["indicator_id", "org_id"]
        t2p = t2.select(*keys, pl.col("light").alias("light_t2"), pl.col("basis").alias("b2"),
                        pl.col("value").alias("value_t2"))
        failed = (i.join(t2p, on=keys, how="inner")
                  .filter((pl.col("light_t2") == "gron") & (pl.col("b2") == "prognos")
                          & pl.col("light").is_in(["gul", "rod"]))
                  .with_columns(kind=pl.lit("prognos"), reason=pl.lit("brast"),
                                severity=50 + (pl.col("light") == "rod").cast(pl.Int64)))
        out.append(failed)
    return out


def agenda(goals: pl.DataFrame, indicators: pl.DataFrame, boards: pl.DataFrame,
           voms: pl.DataFrame, vom_links: pl.DataFrame, *, period: str,
           prev_goals: pl.DataFrame | None = None, t2_indicators: pl.DataFrame | None = None,
           assessments: pl.DataFrame | None = None,
           indicator_names: dict | None = None, city: str | None = None,
           kf_indicators=None) -> pl.DataFrame:
    """The items of one period, ordered (see the module doc), columns `ITEM_SCHEMA`.

    goals / indicators: `rules.goal_lights` / `rules.indicator_lights` of the period;
    boards: id, name (the nämnder); voms: id, code (the VOMs in force, the agenda's groups);
    vom_links: `ils.voms.vom_of_goal`; prev_goals: the goal lights of `ils.periods.previous`;
    t2_indicators: the T2 indicator lights of the same year (used at VB); assessments: the
    period's assessment rows (goal_id, org_id, assessment, basis, motivation); city: the stad
    org (its own lights and assessments give items too, listed first, and the city-wide items
    of `ils.agenda_city` are folded onto it); kf_indicators: the ids decided by KF."""
    ids = pl.Series(boards["id"].to_list() + ([city] if city else []),
                    dtype=pl.String).implode()
    vom_ids = voms["id"].implode()
    goals = goals.filter(pl.col("org_id").is_in(ids) & pl.col("goal_id").is_in(vom_ids))
    ind = indicators.filter(pl.col("org_id").is_in(ids))
    links = vom_links.filter(pl.col("vom_id").is_in(vom_ids))
    a = assessments if assessments is not None else pl.DataFrame(
        schema={"goal_id": pl.String, "org_id": pl.String, "basis": pl.String,
                "motivation": pl.String})
    mot = a.select(pl.col("goal_id").alias("vom_id"), "org_id",
                   pl.col("basis").alias("assessment_basis"), "motivation")
    parts = _goal_items(goals, prev_goals, mot) + _indicator_items(ind, links, t2_indicators,
                                                                   period)
    items = agenda_city.fold(pl.concat([_conform(p) for p in parts]),
                             ind.join(links, on="goal_id", how="inner"), city, kf_indicators)
    return order(items, boards, voms, indicator_names or {}, city)


def order(items: pl.DataFrame, boards: pl.DataFrame, voms: pl.DataFrame,
          indicator_names: dict, city: str | None = None) -> pl.DataFrame:
    vom_pos = {v: i for i, v in enumerate(voms.sort("code", "id")["id"].to_list())}
    names = dict(boards.select("id", "name").iter_rows())
    per_board = items.group_by("vom_id", "org_id").agg(
        _top=pl.col("severity").max(), _n=pl.len())
    return (items.join(per_board, on=["vom_id", "org_id"], how="left").with_columns(
        _c=(pl.col("org_id") != (city or "")),  # the city (Hela staden) first in its VOM
        _v=pl.col("vom_id").replace_strict(vom_pos, default=999, return_dtype=pl.Int64),
        _b=pl.col("org_id").replace_strict(names, default=None, return_dtype=pl.String),
        _i=pl.col("indicator_id").replace_strict(indicator_names, default=None,
                                                 return_dtype=pl.String))
        .sort(["_v", "_c", "_top", "_n", "_b", "org_id", "severity", "kind", "_i",
               "indicator_id"],
              descending=[False, False, True, True, False, False, True, False, False, False],
              nulls_last=True)
        .drop("_top", "_n", "_v", "_c", "_b", "_i"))


def select(items: pl.DataFrame, org_id: str | None = None, vom_id: str | None = None,
           kind: str | None = None, org_ids=None, city: str | None = None) -> pl.DataFrame:
    """The items of one board / VOM / kind (None: all); `org_ids` keeps a set of boards; with
    a board chosen, the `city`'s items (they concern every board) are kept too."""
    if org_id:
        items = items.filter((pl.col("org_id") == org_id) | (pl.col("org_id") == (city or "")))
    if org_ids is not None:
        items = items.filter(pl.col("org_id").is_in(list(org_ids)))
    if vom_id:
        items = items.filter(pl.col("vom_id") == vom_id)
    if kind:
        items = items.filter(pl.col("kind") == kind)
    return items


def kind_counts(items: pl.DataFrame) -> dict[str, int]:
    """How many items of each kind (every kind present, zero when none)."""
    got = dict(items.group_by("kind").agg(n=pl.len()).iter_rows())
    return {k: int(got.get(k, 0)) for k in KINDS}


def board_counts(items: pl.DataFrame, boards: pl.DataFrame) -> pl.DataFrame:
    """Per board with an item: org_id, name, one count column per kind, `total`; most
    items first (then by name)."""
    wide = (items.group_by("org_id").agg(
        [(pl.col("kind") == k).sum().cast(pl.Int64).alias(k) for k in KINDS]
        + [pl.len().cast(pl.Int64).alias("total")])
        .join(boards.select(pl.col("id").alias("org_id"), "name"), on="org_id", how="left"))
    return wide.select("org_id", "name", *KINDS, "total").sort(
        ["total", "name"], descending=[True, False])
