"""Self-assessment against indicators (DOMAIN.md §3.4), per board and per goal. Pure.

Built on `ils.rules`: the gap of a (VOM, org) is `rules.goal_lights`' `gap` column
(self-assessment rank − goal-light rank, null unless both exist and the light is scored);
the per-indicator reported status comes from `rules.reported_against_light`.

Definitions used by the /jamforelse page (and shown on it):
- a board *assessed* a VOM when it gave a self-assessment for it in the period;
- the goal is *comparable* when its gap is defined (the computed light is not grey);
- the **optimism index** of a board in a period = the mean gap over its comparable goals,
  from −2 (always more negative than the indicators) to +2 (always more positive);
  0 means that on average the board's self-assessments agree with the indicators. A board
  with no comparable goal has no index (null), and ranks last.
"""

from __future__ import annotations

import polars as pl

from ils import rules, rules_periods

ASSESSMENT_ORDER = ("uppfyllt", "delvis", "ej")
BASIS_MISSING = "ej angivet"


def board_gaps(goal_lights: pl.DataFrame, board_ids) -> pl.DataFrame:
    """The boards' (VOM, org) rows of `rules.goal_lights` with `gap_kind` (positivare,
    samstammig, negativare; null when not comparable)."""
    return (goal_lights.filter(pl.col("org_id").is_in(list(board_ids)))
            .with_columns(gap_kind=rules.gap_label(pl.col("gap"))))


def gap_counts(gaps: pl.DataFrame) -> pl.DataFrame:
    """Per (org, year, period) over the goals the board assessed: how many, how many
    comparable, agreeing, more positive, more negative, and the optimism index (mean gap)."""
    assessed = gaps.filter(pl.col("self_assessment").is_not_null())
    return (assessed.group_by("org_id", "year", "period").agg(
        n_assessed=pl.len().cast(pl.Int64),
        n_compared=pl.col("gap").count().cast(pl.Int64),
        n_agree=(pl.col("gap") == 0).sum().cast(pl.Int64),
        n_positive=(pl.col("gap") > 0).sum().cast(pl.Int64),
        n_negative=(pl.col("gap") < 0).sum().cast(pl.Int64),
        optimism=pl.col("gap").cast(pl.Float64).mean(),
    ).with_columns(n_not_comparable=pl.col("n_assessed") - pl.col("n_compared"))
        .sort("org_id", "year", "period"))


def rank_boards(counts: pl.DataFrame) -> pl.DataFrame:
    """`counts` of one period ranked by optimism index, most optimistic first; ties share
    the best rank; boards without an index last (rank null)."""
    return (counts.with_columns(
        rank=pl.col("optimism").rank("min", descending=True).cast(pl.Int64))
        .sort(pl.col("optimism").is_null(), pl.col("optimism"), "org_id",
              descending=[False, True, False]))


def optimism_trend(counts: pl.DataFrame, period: str) -> pl.DataFrame:
    """The optimism index per board and year, for one period (VB: the annual reports)."""
    return (counts.filter(pl.col("period") == period)
            .select("org_id", "year", "optimism", "n_compared").sort("org_id", "year"))


def city_optimism(gaps: pl.DataFrame) -> pl.DataFrame:
    """All boards together per (year, period): the mean gap over every comparable goal."""
    return (gaps.filter(pl.col("gap").is_not_null()).group_by("year", "period")
            .agg(optimism=pl.col("gap").cast(pl.Float64).mean(),
                 n_compared=pl.len().cast(pl.Int64),
                 n_positive=(pl.col("gap") > 0).sum().cast(pl.Int64))
            .sort("year", "period"))


# --- assessment basis ---------------------------------------------------------------------

def _basis(assessments: pl.DataFrame, board_ids, year: int, period: str) -> pl.DataFrame:
    return (assessments.filter((pl.col("year") == year) & (pl.col("period") == period)
                               & pl.col("org_id").is_in(list(board_ids)))
            .with_columns(basis=pl.col("basis").str.strip_chars().str.to_lowercase()
                          .replace("", None).fill_null(BASIS_MISSING)))


def basis_mix(assessments: pl.DataFrame, board_ids, year: int, period: str) -> pl.DataFrame:
    """Per board the bases it gave for its self-assessments in the period: org_id, basis
    (normalised: trimmed, lower case; `ej angivet` when empty), n, share, most common first
    (on a tie a given basis before `ej angivet`, then alphabetical) — so the first row per
    board is its main basis."""
    df = _basis(assessments, board_ids, year, period)
    return (df.group_by("org_id", "basis").agg(n=pl.len().cast(pl.Int64))
            .with_columns(share=pl.col("n") / pl.col("n").sum().over("org_id"),
                          _missing=pl.col("basis") == BASIS_MISSING)
            .sort(["org_id", "n", "_missing", "basis"], descending=[False, True, False, False])
            .drop("_missing"))


def main_basis(mix: pl.DataFrame) -> pl.DataFrame:
    """From `basis_mix`: per board its most common basis, how often, and of how many."""
    return mix.group_by("org_id", maintain_order=True).agg(
        main_basis=pl.col("basis").first(), n_main=pl.col("n").first(),
        n_total=pl.col("n").sum().cast(pl.Int64), n_bases=pl.len().cast(pl.Int64))


def gap_by_basis(gaps: pl.DataFrame, assessments: pl.DataFrame, board_ids, year: int,
                 period: str) -> pl.DataFrame:
    """The auditors' point: per basis given, over all boards' comparable goals, the mean gap
    and how many goals were rated more positively than the indicators."""
    b = _basis(assessments, board_ids, year, period).select(
        pl.col("goal_id"), "org_id", "basis")
    df = (gaps.filter((pl.col("year") == year) & (pl.col("period") == period)
                      & pl.col("gap").is_not_null())
          .join(b, on=["goal_id", "org_id"], how="inner"))
    return (df.group_by("basis").agg(
        n_compared=pl.len().cast(pl.Int64),
        n_positive=(pl.col("gap") > 0).sum().cast(pl.Int64),
        n_boards=pl.col("org_id").n_unique().cast(pl.Int64),
        optimism=pl.col("gap").cast(pl.Float64).mean())
        .sort(["n_compared", "basis"], descending=[True, False]))


# --- kommunstyrelsen against the boards ---------------------------------------------------

def ks_against_boards(goal_lights: pl.DataFrame, board_ids, stad_id: str | None,
                      goal_ids) -> pl.DataFrame:
    """Per VOM (of `goal_ids`, in that order): how many boards assessed it and how many
    rated it uppfyllt / delvis / ej, the boards' most common assessment (ties: the more
    positive), kommunstyrelsen's assessment for the city, the city's computed light, and
    `ks_vs_boards` = KS rank − the boards' most common rank (< 0: KS is stricter)."""
    goals = pl.DataFrame({"goal_id": list(goal_ids)}, schema={"goal_id": pl.String})
    boards = goal_lights.filter(pl.col("org_id").is_in(list(board_ids))
                                & pl.col("self_assessment").is_not_null())
    dist = boards.group_by("goal_id").agg(
        n_boards=pl.len().cast(pl.Int64),
        **{f"n_{a}": (pl.col("self_assessment") == a).sum().cast(pl.Int64)
           for a in ASSESSMENT_ORDER})
    rank = {a: rules_periods.RANK[a] for a in ASSESSMENT_ORDER}
    mode = (boards.group_by("goal_id", "self_assessment").agg(n=pl.len())
            .with_columns(r=pl.col("self_assessment").replace_strict(rank,
                                                                      return_dtype=pl.Int64))
            .sort(["goal_id", "n", "r"], descending=[False, True, True])
            .group_by("goal_id", maintain_order=True)
            .agg(boards_mode=pl.col("self_assessment").first()))
    city = goal_lights.filter(pl.col("org_id") == stad_id).select(
        "goal_id", pl.col("self_assessment").alias("ks_assessment"),
        pl.col("light").alias("city_light"))
    counts = ["n_boards"] + [f"n_{a}" for a in ASSESSMENT_ORDER]
    ks_rank = pl.col("ks_assessment").replace_strict(rank, default=None, return_dtype=pl.Int64)
    # how many boards rated the goal above, like or below kommunstyrelsen (null without KS)
    above = pl.sum_horizontal(*[pl.when(ks_rank < r).then(pl.col(f"n_{a}")).otherwise(0)
                                for a, r in rank.items()])
    below = pl.sum_horizontal(*[pl.when(ks_rank > r).then(pl.col(f"n_{a}")).otherwise(0)
                                for a, r in rank.items()])
    known = ks_rank.is_not_null()
    return (goals.join(dist, on="goal_id", how="left").join(mode, on="goal_id", how="left")
            .join(city, on="goal_id", how="left")
            .with_columns([pl.col(c).fill_null(0) for c in counts])
            .with_columns(ks_vs_boards=ks_rank
                          - pl.col("boards_mode").replace_strict(rank, default=None,
                                                                 return_dtype=pl.Int64),
                          n_above_ks=pl.when(known).then(above).cast(pl.Int64),
                          n_below_ks=pl.when(known).then(below).cast(pl.Int64)))


def ks_words(r: dict) -> str:
    """KS's assessment against the boards', in words that are true: 'flertalet' only when
    more than half of the boards that assessed the goal rated it above (or below, or like)
    kommunstyrelsen; else how the boards are divided."""
    n, above, below = r.get("n_boards") or 0, r.get("n_above_ks"), r.get("n_below_ks")
    if not n or above is None or below is None:
        return "–"
    same = n - above - below
    if 2 * above > n:
        return f"Kommunstyrelsen är strängare än flertalet nämnder ({above} av {n})"
    if 2 * below > n:
        return f"Kommunstyrelsen är mer positiv än flertalet nämnder ({below} av {n})"
    if 2 * same > n:
        return f"Samma som flertalet nämnder ({same} av {n})"
    return (f"Nämnderna är delade: {above} av {n} mer positiva än kommunstyrelsen, {same} "
            f"samma, {below} mer negativa")


# --- indicator level: what the boards reported ---------------------------------------------

def reported_rows(ind_lights: pl.DataFrame, board_ids) -> pl.DataFrame:
    """Every indicator a board reported a status for, beside the light the rules give
    (`rules.reported_against_light`: gap, fulfilled_without_outcome) and `gap_kind`."""
    rows = ind_lights.filter(pl.col("org_id").is_in(list(board_ids)))
    return (rules.reported_against_light(rows)
            .with_columns(gap_kind=rules.gap_label(pl.col("gap")))
            .sort("org_id", "year", "period", "indicator_id"))


def reported_summary(reported: pl.DataFrame) -> pl.DataFrame:
    """Per (org, year, period): indicators reported, reported uppfyllt, of those how many the
    rules light green / yellow / red / grey, and reported uppfyllt without an outcome."""
    upp = pl.col("reported") == "uppfyllt"
    grey = ~pl.col("light").is_in(list(rules_periods.SCORED))
    return (reported.group_by("org_id", "year", "period").agg(
        n_reported=pl.len().cast(pl.Int64),
        n_uppfyllt=upp.sum().cast(pl.Int64),
        n_upp_gron=(upp & (pl.col("light") == "gron")).sum().cast(pl.Int64),
        n_upp_gul=(upp & (pl.col("light") == "gul")).sum().cast(pl.Int64),
        n_upp_rod=(upp & (pl.col("light") == "rod")).sum().cast(pl.Int64),
        n_upp_grey=(upp & grey).sum().cast(pl.Int64),
        n_without_outcome=pl.col("fulfilled_without_outcome").sum().cast(pl.Int64),
        n_positive=(pl.col("gap") > 0).sum().cast(pl.Int64),
    ).sort("org_id", "year", "period"))


def worth_a_look(reported: pl.DataFrame) -> pl.DataFrame:
    """Rows of `reported_rows` a controller should look at: reported more positively than
    the light, reported fulfilled without an outcome, or reported fulfilled with no light."""
    upp = pl.col("reported") == "uppfyllt"
    return reported.filter(((pl.col("gap") > 0).fill_null(False))
                           | pl.col("fulfilled_without_outcome")
                           | (upp & pl.col("gap").is_null()))


# --- peers: a board beside the boards of its kind ----------------------------------------

def peer_comparison(ind_lights: pl.DataFrame, targets: pl.DataFrame, board_id: str,
                    peer_ids: list[str], stad_id: str | None, year: int) -> pl.DataFrame:
    """Per KF indicator counting for `board_id`: its value and effective target, the city
    target, its rank among `peer_ids` (which include the board) with a value — best first,
    respecting the direction, ties share the best rank — and the peers' median."""
    kf = ind_lights.filter((pl.col("decided_by") == "kf") & pl.col("org_id").is_in(peer_ids))
    own = kf.filter(pl.col("org_id") == board_id).select("indicator_id")
    peers = (kf.join(own, on="indicator_id", how="semi")
             .with_columns(key=pl.when(pl.col("direction") == "lagre").then(pl.col("value"))
                           .otherwise(-pl.col("value")))
             .with_columns(rank=pl.col("key").rank("min").over("indicator_id").cast(pl.Int64),
                           n_ranked=pl.col("value").count().over("indicator_id").cast(pl.Int64),
                           n_peers=pl.len().over("indicator_id").cast(pl.Int64),
                           median=pl.col("value").median().over("indicator_id")))
    city = targets.filter((pl.col("year") == year) & (pl.col("org_id") == stad_id)).select(
        "indicator_id", pl.col("target").alias("city_target"))
    return (peers.filter(pl.col("org_id") == board_id)
            .join(city, on="indicator_id", how="left")
            .select("indicator_id", "goal_id", "direction", "light", "basis", "value", "target",
                    "city_target", "rank", "n_ranked", "n_peers", "median"))
