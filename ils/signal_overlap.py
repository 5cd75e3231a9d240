"""Overlap hint (issue 5): directives whose texts are near-identical — across years, across
recipients, or repeated in one budget. A simple, explainable similarity:

1. Normalise each text: lower case; every character that is not a letter (punctuation,
   digits, underscores) becomes a space; whitespace collapsed. The words are what is left.
2. Two directives are near-identical when the Jaccard similarity of their word sets — the
   number of shared words divided by the number of distinct words in the two together — is at
   least the threshold (0.8 by default). Identical texts after normalisation score 1.
3. Groups, oldest first: the oldest directive leads a group; each later directive joins the
   group whose leader it is most like (if at least the threshold), else leads a new group.
   So every directive in a group is near-identical to the group's first directive (no chains
   of "a like b like c" that drift apart).

Efficient without comparing every pair: directives with the same word set are compared once,
and candidate leaders come from an index of each leader's rarest words ("prefix filtering":
two sets with Jaccard ≥ t must share one of their first |A| − ⌈t·|A|⌉ + 1 words in a common
rarest-first order), then the exact Jaccard decides. Pure Python and polars, no I/O.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict

import polars as pl

DEFAULT_THRESHOLD = 0.8
_NOT_LETTER = re.compile(r"[\W\d_]+")
OVERLAP_SCHEMA = {"group": pl.Int64, "id": pl.String, "year": pl.Int64, "recipient": pl.String,
                  "text": pl.String, "similarity": pl.Float64, "size": pl.Int64}


def normalise(text: str | None) -> str:
    """Lower case, non-letters (punctuation, digits, _) to spaces, whitespace collapsed."""
    return " ".join(_NOT_LETTER.sub(" ", (text or "").lower()).split())


def words(text: str | None) -> frozenset[str]:
    return frozenset(normalise(text).split())


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|A ∩ B| / |A ∪ B|; 0 when both are empty."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def leader_groups(sets: list[frozenset[str]], threshold: float = DEFAULT_THRESHOLD
                  ) -> list[tuple[int, float]]:
    """For each set in the given order: (index of its group's leader, similarity to it).

    A set joins the most similar earlier leader with Jaccard ≥ `threshold` (ties: the earliest
    leader); otherwise it leads a group of its own (similarity 1). Empty sets lead alone.
    Candidate leaders come from an index of each leader's rarest words (prefix filtering)."""
    if not 0 < threshold <= 1:
        raise ValueError("threshold must be in (0, 1]")
    freq = Counter(w for s in sets for w in s)
    index: dict[str, list[int]] = defaultdict(list)
    out: list[tuple[int, float]] = []
    for i, words_i in enumerate(sets):
        size = len(words_i)
        if size == 0:
            out.append((i, 1.0))
            continue
        prefix = sorted(words_i, key=lambda w: (freq[w], w))
        prefix = prefix[:size - math.ceil(threshold * size - 1e-9) + 1]
        low, high = threshold * size - 1e-9, size / threshold + 1e-9  # sizes that can match
        best, best_sim = i, 0.0
        for leader in sorted({j for w in prefix for j in index[w]}):
            if not low <= len(sets[leader]) <= high:
                continue
            sim = jaccard(words_i, sets[leader])
            if sim >= threshold - 1e-12 and sim > best_sim:
                best, best_sim = leader, sim
        if best == i:
            for w in prefix:
                index[w].append(i)
            best_sim = 1.0
        out.append((best, best_sim))
    return out


def overlap_groups(directives: pl.DataFrame, threshold: float = DEFAULT_THRESHOLD
                   ) -> pl.DataFrame:
    """Groups of near-identical directives (columns id, year, recipient, text in).

    Directives are taken oldest first (year, id); each group is led by its oldest directive and
    holds the later ones at least `threshold` like it (each joins the leader it is most like).
    One row per directive in a group of two or more: `group` (0, 1, …: the most alike first —
    by the group's lowest similarity, then the largest), the
    directive's id/year/recipient/text, `similarity` to the group's first directive (1.0 =
    identical after normalisation; the leader itself 1.0) and the group's `size`.
    """
    rows = (directives.select("id", "year", "recipient", "text").unique("id", keep="first")
            .sort("year", "id"))
    sets_of = [words(t) for t in rows["text"].to_list()]
    distinct: dict[frozenset[str], int] = {}
    node = [distinct.setdefault(s, len(distinct)) for s in sets_of]
    led = leader_groups(list(distinct), threshold)
    comp = [led[n][0] if sets_of[k] else -1 for k, n in enumerate(node)]
    sim = [led[n][1] for n in node]
    df = (rows.with_columns(comp=pl.Series(comp, dtype=pl.Int64),
                            similarity=pl.Series(sim, dtype=pl.Float64))
          .filter(pl.col("comp") >= 0)
          .with_columns(size=pl.len().over("comp").cast(pl.Int64))
          .filter(pl.col("size") >= 2))
    if df.is_empty():
        return pl.DataFrame(schema=OVERLAP_SCHEMA)
    order = (df.group_by("comp").agg(pl.col("size").first(), pl.col("year").min().alias("y0"),
                                     pl.col("id").min().alias("i0"),
                                     pl.col("similarity").min().alias("low"))
             .sort(["low", "size", "y0", "i0"], descending=[True, True, False, False])
             .with_row_index("group").select(pl.col("group").cast(pl.Int64), "comp"))
    return (df.join(order, on="comp").sort("group", "year", "id")
            .select(list(OVERLAP_SCHEMA)).cast(OVERLAP_SCHEMA))


def groups_touching(groups: pl.DataFrame, year: int) -> pl.DataFrame:
    """The overlap groups with at least one directive of `year` (all their members kept)."""
    hit = groups.filter(pl.col("year") == year)["group"].unique().implode()
    return groups.filter(pl.col("group").is_in(hit))
