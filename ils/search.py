"""The menu's search (issue 22 item 5): boards, departments, units, goals and indicators by
name or code. Pure: `build_index` turns the reference tables into one small frame (once per
data version, cached by the caller) and `search` matches a query against it.

Only names, titles and codes are indexed: they are public in this app (every page shows them
to the signed-out public); no assessment, motivation or other draft text is read.

Matching is case-insensitive and keeps å, ä and ö as the letters they are ("sköndal" finds
Sköndal; "skondal" finds it too, after the exact spellings). Codes are the goals' codes
("1.1") and the Kolada codes; the ids in the pages' addresses count when the query is one
or starts one (rank 0 or 3). Every word of the query must
be found; the hits are ranked

    0  the code or the name is the query                 ("1.1", "Skarpnäck")
    1  a code starts with the query, at a code part      ("1.1" → 1.1.2, not 1.10)
    2  the name starts with the query                    ("skarp" → Skarpnäcks …)
    3  every word starts a word of the name (or of the   ("förskolan skarp": Skarpnäck's
       org it belongs to, when one word is in the name),  preschools), or a code starts
       or a code starts with the query                    with it ("U2" → U21468, 1.10)
    4  every word occurs inside the name                 ("näck")
    +5 the same, found only with the accents left out    ("skarpnack")

then by kind (Nämnd, Avdelning, Enhet, Mål, Indikator) and by name. A one-letter query
finds only starts of names, words and codes (ranks 0–3), not letters inside words.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import polars as pl

from ils.model import Dataset

KINDS = ("namnd", "avdelning", "enhet", "mal", "indikator")
KIND_LABEL = {"namnd": "Nämnd", "avdelning": "Avdelning", "enhet": "Enhet", "mal": "Mål",
              "indikator": "Indikator"}
LIMIT = 12
MAX_QUERY = 100  # characters; a longer query is cut (no name is that long)
LOOSE = 5  # rank offset of a hit found only without accents

INDEX_SCHEMA = {"kind": pl.String, "id": pl.String, "name": pl.String, "code": pl.String,
                "codes": pl.String, "context": pl.String, "year_from": pl.Int64,
                "year_to": pl.Int64, "id_f": pl.String, "name_f": pl.String, "name_l": pl.String,
                "context_f": pl.String, "context_l": pl.String, "hay": pl.String}

_WORD = re.compile(r"\w[\w.]*")


def fold(text: str | None) -> str:
    """Lower case for matching (å, ä, ö kept); NFC first, so a decomposed "ä" is one letter."""
    return unicodedata.normalize("NFC", text or "").casefold().strip()


def loose(text: str | None) -> str:
    """`fold` without accents: "skarpnäck" → "skarpnack", "é" → "e"."""
    decomposed = unicodedata.normalize("NFD", fold(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Hit:
    kind: str  # one of KINDS
    id: str
    name: str
    code: str | None
    context: str | None  # the org a goal or indicator belongs to, a unit's board


@dataclass(frozen=True)
class Result:
    query: str  # the query as matched (trimmed, cut at MAX_QUERY)
    hits: tuple[Hit, ...]  # at most `limit`, best first
    total: int  # how many entries matched


def build_index(ds: Dataset) -> pl.DataFrame:
    """One row per searchable entry: kind, id, name, the code shown (a goal's), the codes
    matched (`codes`: the goal's code or the Kolada code; `id_f`: the id), the context (the board of a
    department or unit, the org of a goal or indicator), the years a goal is in force, and the
    folded texts matched (`name_f`/`name_l`, `codes_f`, `context_f`/`context_l`, `hay`: all
    of them without accents, for a first cut)."""
    org = ds.organisation
    names = dict(org.select("id", "name").iter_rows())
    parents = dict(org.select("id", "parent_id").iter_rows())
    levels = dict(org.select("id", "level").iter_rows())

    def where(org_id: str | None) -> str | None:
        """A goal's or indicator's org, with its board when it is below one."""
        board = board_of(org_id) if levels.get(org_id) in ("avdelning", "enhet") else None
        return ", ".join(n for n in (names.get(org_id), board) if n) or None

    def board_of(org_id: str | None) -> str | None:
        seen = set()
        while org_id and org_id not in seen and levels.get(org_id) not in ("namnd", None):
            seen.add(org_id)
            org_id = parents.get(org_id)
        return names.get(org_id) if levels.get(org_id) == "namnd" else None

    rows: list[dict] = []
    for r in org.filter(pl.col("level").is_in(["namnd", "avdelning", "enhet"])).iter_rows(
            named=True):
        context = board_of(r["parent_id"]) if r["level"] != "namnd" else None
        rows.append({"kind": r["level"], "id": r["id"], "name": r["name"], "code": None,
                     "codes": (r["kolada_id"],), "context": context,
                     "year_from": None, "year_to": None})
    for r in ds.goals.iter_rows(named=True):
        rows.append({"kind": "mal", "id": r["id"], "name": r["title"], "code": r["code"],
                     "codes": (r["code"],), "context": where(r["org_id"]),
                     "year_from": r["year_from"], "year_to": r["year_to"]})
    for r in ds.indicators.iter_rows(named=True):
        rows.append({"kind": "indikator", "id": r["id"], "name": r["name"], "code": None,
                     "codes": (r["kolada_kpi"],), "context": where(r["org_id"]),
                     "year_from": None, "year_to": None})
    for row in rows:
        row["codes"] = " ".join(fold(c) for c in row["codes"] if c and c.strip())
        row["id_f"] = fold(row["id"])
        row.update(name_f=fold(row["name"]), name_l=loose(row["name"]),
                   context_f=fold(row["context"]), context_l=loose(row["context"]),
                   hay=loose(f"{row['name']} {row['codes']} {row['id']} {row['context'] or ''}"))
    frame = pl.DataFrame(rows or None, schema=INDEX_SCHEMA, orient="row")
    return frame


def _starts_code(q: str, code: str) -> bool:
    """`code` starts with `q` where a code part ends: "1.1" starts 1.1 and 1.1.2, not 1.10."""
    return code.startswith(q) and code[len(q):len(q) + 1] in ("", ".", "-")


def _rank(q: str, name: str, context: str, codes: list[str], id_: str,
          one_letter: bool) -> int | None:
    """The rank (0–4) of one entry for the folded query `q`, or None when it does not match.
    The id (as in the page's address) counts only when it is the query or starts with it."""
    if q == name or q in codes or q == id_:
        return 0
    if any(_starts_code(q, c) for c in codes):
        return 1
    if name.startswith(q):
        return 2
    words = q.split()
    name_words, context_words = _WORD.findall(name), _WORD.findall(context)
    in_name = [any(w.startswith(t) for w in name_words) for t in words]
    if any(in_name) and all(hit or any(w.startswith(t) for w in context_words)
                            for hit, t in zip(in_name, words, strict=True)):
        return 3
    if id_.startswith(q) or any(c.startswith(q) for c in codes):
        return 3
    if not one_letter and all(t in name for t in words):
        return 4
    return None


def _code_key(code: str | None) -> tuple:
    """Goal codes in their natural order: 1.2 before 1.10, 1.1 before 1.1.1; none last."""
    if not code:
        return (1,)
    return (0, *((0, int(p), "") if p.isdigit() else (1, 0, p) for p in code.split(".")))


def search(index: pl.DataFrame, query: str | None, year: int | None = None,
           limit: int = LIMIT) -> Result:
    """The best `limit` entries for `query` (ranked as the module says); goals only those in
    force in `year` when it is given. An empty query finds nothing."""
    q = " ".join((query or "").split())[:MAX_QUERY].strip()
    strict_q, loose_q = fold(q), loose(q)
    if not strict_q:
        return Result(q, (), 0)
    candidates = index
    if year is not None:
        candidates = candidates.filter(pl.col("year_from").is_null()
                                       | ((pl.col("year_from") <= year)
                                          & (pl.col("year_to") >= year)))
    for word in loose_q.split():  # a cheap first cut: every word somewhere, accents aside
        candidates = candidates.filter(pl.col("hay").str.contains(word, literal=True))
    one_letter = len(strict_q) == 1
    order = {k: i for i, k in enumerate(KINDS)}
    ranked = []
    for row in candidates.iter_rows(named=True):
        codes = row["codes"].split()
        rank = _rank(strict_q, row["name_f"], row["context_f"], codes, row["id_f"], one_letter)
        if rank is None:
            rank = _rank(loose_q, row["name_l"], row["context_l"], codes, row["id_f"],
                         one_letter)
            rank = None if rank is None else rank + LOOSE
        if rank is not None:
            ranked.append(((rank, order.get(row["kind"], len(order)), _code_key(row["code"]),
                            row["name_f"], row["id"]), row))
    ranked.sort(key=lambda pair: pair[0])
    hits = tuple(Hit(r["kind"], r["id"], r["name"], r["code"], r["context"])
                 for _, r in ranked[:limit])
    return Result(q, hits, len(ranked))
