"""Checks across files and against the database: references, parent chains, goal levels.

`known` holds what the database already has: for organisation and goals the columns id,
parent_id and level; for indicators the column id. A bundle row replaces the database row
with the same id.
"""

from __future__ import annotations

import polars as pl

from ils.interchange.errors import LINE, collect, quoted, row_errors
from ils.model import FILES, GOAL_LEVELS, GROUPS, ORG_LEVELS

NOUN = {"organisation": "organisationen", "goals": "målet", "indicators": "indikatorn"}
GRAPH = {"organisation": ORG_LEVELS, "goals": GOAL_LEVELS}


def empty_known() -> dict[str, pl.DataFrame]:
    tree = {"id": pl.String, "parent_id": pl.String, "level": pl.String}
    return {"organisation": pl.DataFrame(schema=tree), "goals": pl.DataFrame(schema=tree),
            "indicators": pl.DataFrame(schema={"id": pl.String})}


def _place(name: str, sheet: bool) -> str:
    return f"bladet {name}" if sheet else f"{name}.csv"


def all_ids(name: str, typed: dict, known: dict) -> pl.DataFrame:
    """Ids of `name` in the bundle or the database: one column `id`."""
    parts = [known[name].select(pl.col("id").cast(pl.String))]
    if typed.get(name) is not None:
        parts.append(typed[name].select(pl.col("id")))
    return pl.concat(parts).drop_nulls().unique()


def reference_errors(typed: dict, labels: dict, known: dict, broken: set[str],
                     sheet: bool) -> list:
    """Rows that refer to an id found neither in the bundle nor in the database."""
    out = []
    for name, df in typed.items():
        if df is None:
            continue
        frames = []
        for col in FILES[name].columns:
            if col.ref is None or col.ref[0] in broken:
                continue
            target = col.ref[0]
            ids = all_ids(target, typed, known).rename({"id": col.name})
            bad = df.filter(pl.col(col.name).is_not_null()).join(ids, on=col.name, how="anti")
            frames.append(row_errors(bad, pl.lit(True), col.name, pl.format(
                "{} {} finns varken i {} eller i databasen", pl.lit(NOUN[target]),
                quoted(pl.col(col.name)), pl.lit(_place(target, sheet)))))
        if name == "directives" and "organisation" not in broken:
            orgs = all_ids("organisation", typed, known).rename({"id": "recipient"})
            bad = (df.filter(pl.col("recipient").is_not_null()
                             & ~pl.col("recipient").is_in(GROUPS))
                   .join(orgs, on="recipient", how="anti"))
            frames.append(row_errors(bad, pl.lit(True), "recipient", pl.format(
                "mottagaren {} är varken {} eller en organisation i {} eller i databasen",
                quoted(pl.col("recipient")), pl.lit(", ".join(GROUPS)),
                pl.lit(_place("organisation", sheet)))))
        out.extend(collect(labels[name], frames))
    return out


def _nodes(name: str, typed: dict, known: dict) -> pl.DataFrame:
    """The merged tree: bundle rows (with their line) and database rows not in the bundle."""
    mine = typed[name].select("id", "parent_id", "level", pl.col(LINE).cast(pl.Int64))
    theirs = (known[name].select("id", "parent_id", "level")
              .join(mine.select("id"), on="id", how="anti")
              .with_columns(pl.lit(None, dtype=pl.Int64).alias(LINE)))
    return pl.concat([mine, theirs]).filter(pl.col("id").is_not_null()).unique("id", keep="first")


def cycle_errors(name: str, nodes: pl.DataFrame, label: str) -> list:
    """Bundle rows that lie on a cycle of parent_id."""
    parent = dict(zip(nodes["id"].to_list(), nodes["parent_id"].to_list(), strict=False))
    lines = dict(zip(nodes["id"].to_list(), nodes[LINE].to_list(), strict=False))
    on_cycle: dict[str, list[str]] = {}
    done: set[str] = set()
    for start in parent:  # each node is walked once: linear in the number of rows
        path: list[str] = []
        index: dict[str, int] = {}
        node = start
        while node in parent and node not in done and node not in index:
            index[node] = len(path)
            path.append(node)
            node = parent[node]
        if node in index:  # the walk came back to itself: the tail from `node` is a cycle
            cycle = path[index[node]:]
            for i, member in enumerate(cycle):
                on_cycle[member] = _chain(cycle, i)
        done.update(path)
    shown = [(lines[m], c) for m, c in on_cycle.items() if lines[m] is not None]
    if not shown:
        return []
    df = pl.DataFrame(shown, schema={LINE: pl.Int64, "chain": pl.String}, orient="row")
    return collect(label, [row_errors(df, pl.lit(True), "parent_id", pl.format(
        "kedjan av överordnade går runt i en cirkel: {}", pl.col("chain")))])


def _chain(cycle: list[str], i: int) -> str:
    """The cycle as seen from its i-th member, 'a → b → c → a' (a long one shortened)."""
    seq = cycle[i:] + cycle[:i]
    if len(seq) > 8:
        return " → ".join(seq[:6]) + f" → … ({len(seq)} led) → {seq[0]}"
    return " → ".join([*seq, seq[0]])


def level_errors(name: str, nodes: pl.DataFrame, label: str) -> list:
    """Organisation: the parent's level is above. Goals: the parent is exactly one level up."""
    levels = GRAPH[name]
    rank = {lvl: i for i, lvl in enumerate(levels)}
    n = nodes.with_columns(rank=pl.col("level").replace_strict(rank, default=None,
                                                               return_dtype=pl.Int64))
    parents = n.select(pl.col("id").alias("parent_id"), pl.col("level").alias("p_level"),
                       pl.col("rank").alias("p_rank"), pl.col(LINE).alias("p_line"))
    edges = n.join(parents, on="parent_id", how="inner").filter(
        pl.col("rank").is_not_null() & pl.col("p_rank").is_not_null())
    noun = NOUN[name]
    if name == "organisation":
        wrong = pl.col("p_rank") >= pl.col("rank")
        text = pl.format("{} {} har nivån {}, som inte ligger över {}", pl.lit(noun),
                         quoted(pl.col("parent_id")), pl.col("p_level"), pl.col("level"))
    else:
        wrong = (pl.col("p_rank") != pl.col("rank") - 1) & (pl.col("rank") > 0)
        expected = pl.col("rank").sub(1).replace_strict(dict(enumerate(levels)), default="")
        text = pl.format("{} {} är ett {}; ett {} ska ligga direkt under ett {}", pl.lit(noun),
                         quoted(pl.col("parent_id")), pl.col("p_level"), pl.col("level"),
                         expected)
    bad = edges.filter(wrong)
    frames = [row_errors(bad.filter(pl.col(LINE).is_not_null()), pl.lit(True), "parent_id", text)]
    # A changed level in the bundle may break rows that stay in the database below it.
    below = bad.filter(pl.col(LINE).is_null() & pl.col("p_line").is_not_null()).group_by(
        "parent_id").agg(pl.col("id").min(), pl.col("p_line").first().alias(LINE))
    frames.append(row_errors(below, pl.lit(True), "level", pl.format(
        "med den nivån passar inte {} {} i databasen in under den", pl.lit(noun),
        quoted(pl.col("id")))))
    if name == "goals":
        top = n.filter(pl.col(LINE).is_not_null())
        frames.append(row_errors(top, (pl.col("rank") == 0) & pl.col("parent_id").is_not_null(),
                                 "parent_id", pl.lit("ett inriktningsmal har inget överordnat mål")))
        frames.append(row_errors(top, (pl.col("rank") > 0) & pl.col("parent_id").is_null(),
                                 "parent_id", pl.format(
                                     "värde saknas: ett {} ska ligga under ett {}",
                                     pl.col("level"), pl.col("rank").sub(1).replace_strict(
                                         dict(enumerate(levels)), default=""))))
    return collect(label, frames)


def tree_errors(typed: dict, labels: dict, known: dict) -> list:
    out = []
    for name in GRAPH:
        if typed.get(name) is None:
            continue
        nodes = _nodes(name, typed, known)
        out.extend(cycle_errors(name, nodes, labels[name]))
        out.extend(level_errors(name, nodes, labels[name]))
    return out


def schedule_errors(typed: dict, labels: dict, known: dict) -> list:
    """A deadline row naming an org that is not a board (§3.10: deadlines are the boards')."""
    df = typed.get("schedule")
    if df is None:
        return []
    levels = [known["organisation"].select("id", "level")]
    if typed.get("organisation") is not None:
        levels.insert(0, typed["organisation"].select("id", "level"))
    orgs = pl.concat(levels).filter(pl.col("id").is_not_null()).unique("id", keep="first")
    bad = (df.filter(pl.col("org_id").is_not_null())
           .join(orgs.rename({"id": "org_id"}), on="org_id", how="inner")
           .filter(pl.col("level").is_null() | (pl.col("level") != "namnd")))
    return collect(labels["schedule"], [row_errors(bad, pl.lit(True), "org_id", pl.format(
        "organisationen {} har nivån {}; en tidsplan gäller en nämnd (nivån namnd), "
        "eller alla nämnder när org_id är tomt", quoted(pl.col("org_id")),
        pl.col("level").fill_null("?")))])
