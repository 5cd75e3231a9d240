"""Matching the city's enheter to Kolada's units (`kontrollrum kolada enheter`; pure).

Kolada lists a municipality's units at `/ou?municipality=0180` (`{"id": "V15E018000101",
"municipality": "0180", "title": "Abrahamsbergsskolan"}`); the id's prefix is the kind of
unit (V11 förskola, V15 grundskola F-9, V17 gymnasieskola, V21 hemtjänst äldre, V23 särskilt
boende äldre, …). A proposal is made per enhet from the units of its kind, by name; it is
only filled in as the `kolada_id` to write when it is sure (same kind, near-identical name,
no rival): everything else is left for a person to decide in the CSV. `check_apply` reads
the reviewed CSV back and refuses it whole on any error.
"""

from __future__ import annotations

import difflib
import re
import unicodedata

import polars as pl

# the enhet kinds (organisation.kind) that have a Kolada unit type
KIND_PREFIX = {"forskola": "V11", "grundskola": "V15", "gymnasium": "V17",
               "hemtjanst": "V21", "sarskilt_boende": "V23"}
SURE, UNSURE = 0.9, 0.6
UNIT_ID = r"^V\d{2}E\d{4}\w+$"

COLUMNS = ["enhet_id", "enhet", "typ", "nuvarande_kolada_id", "forslag_kolada_id",
           "forslag_namn", "likhet", "bedomning", "kolada_id"]


# words that say the kind of unit, not which one (left out when names are compared)
GENERIC = {"förskolan", "förskola", "förskolor", "skolan", "skola", "grundskola",
           "hemtjänsten", "hemtjänst", "vård", "och", "omsorgsboende", "äldreboende",
           "gymnasiet", "gymnasium", "gymnasieskola", "enhet", "enheten"}


def _norm(name: str) -> str:
    text = unicodedata.normalize("NFC", name or "").lower()
    words = re.sub(r"[^\wåäöéü]+", " ", text).split()
    return " ".join(w for w in words if w not in GENERIC) or " ".join(words)


def similarity(a: str, b: str) -> float:
    """0–1: how alike two unit names are (case, punctuation, spacing and the words that only
    name the kind of unit — "Förskolan", "vård- och omsorgsboende" — ignored)."""
    x, y = _norm(a), _norm(b)
    if not x or not y:
        return 0.0
    return 1.0 if x == y else difflib.SequenceMatcher(None, x, y).ratio()


def propose(enheter: pl.DataFrame, units: list[dict]) -> pl.DataFrame:
    """One row per enhet (id, name, kind, kolada_id) with the best Kolada unit of its kind:
    `bedomning` "säker" (filled in as `kolada_id`), "osäker" (to decide), "ingen" (no unit of
    its kind is alike), "ingen typ" (its kind has no Kolada unit type), "redan kopplad" (it
    already carries the proposed id). A unit is "säker" only for the enhet that matches it
    clearly best: two enheter that match one unit about equally are both "osäker" (never a
    silent pick between them)."""
    by_prefix: dict[str, list[tuple[str, str]]] = {}
    for u in units:
        uid, title = str(u.get("id", "")), str(u.get("title", ""))
        by_prefix.setdefault(uid[:3], []).append((uid, title))
    rows = []
    for r in enheter.sort("id").iter_rows(named=True):
        prefix = KIND_PREFIX.get(r["kind"] or "")
        base = {"enhet_id": r["id"], "enhet": r["name"], "typ": r["kind"],
                "nuvarande_kolada_id": r["kolada_id"], "forslag_kolada_id": None,
                "forslag_namn": None, "likhet": None, "bedomning": "ingen typ",
                "kolada_id": r["kolada_id"]}
        if prefix is None:
            rows.append(base)
            continue
        scored = sorted(((similarity(r["name"], t), uid, t) for uid, t in
                         by_prefix.get(prefix, [])), key=lambda s: (-s[0], s[1]))
        if not scored or scored[0][0] < UNSURE:
            rows.append({**base, "bedomning": "ingen"})
            continue
        score, uid, title = scored[0]
        rival = len(scored) > 1 and scored[1][0] >= score - 0.05
        sure = score >= SURE and not rival
        rows.append({**base, "forslag_kolada_id": uid, "forslag_namn": title,
                     "likhet": round(score, 2),
                     "bedomning": ("redan kopplad" if r["kolada_id"] == uid else
                                   "säker" if sure else "osäker")})
    df = pl.DataFrame(rows, schema={c: (pl.Float64 if c == "likhet" else pl.String)
                                    for c in COLUMNS})
    # a unit is a sure match only for the enhet that matches it clearly best: another enhet
    # within 0.05 of it makes both unsure
    ranked = (df.filter(pl.col("forslag_kolada_id").is_not_null())
              .with_columns(_n=pl.col("likhet").rank("ordinal", descending=True)
                            .over("forslag_kolada_id"),
                            _best=pl.col("likhet").max().over("forslag_kolada_id"))
              .with_columns(_second=pl.when(pl.col("_n") == 2).then(pl.col("likhet"))
                            .max().over("forslag_kolada_id")))
    contested = ranked.filter((pl.col("likhet") < pl.col("_best"))
                              | (pl.col("_second").is_not_null()
                                 & (pl.col("_second") >= pl.col("_best") - 0.05)))
    df = df.with_columns(bedomning=pl.when(pl.col("enhet_id").is_in(
        contested["enhet_id"].implode()) & (pl.col("bedomning") == "säker"))
        .then(pl.lit("osäker")).otherwise(pl.col("bedomning")))
    return df.with_columns(kolada_id=pl.when(pl.col("bedomning") == "säker")
                           .then(pl.col("forslag_kolada_id"))
                           .otherwise(pl.col("nuvarande_kolada_id"))).select(COLUMNS)


def check_apply(rows: pl.DataFrame, organisation: pl.DataFrame
                ) -> tuple[dict[str, str], list[str]]:
    """The reviewed CSV (enhet_id, kolada_id; other columns ignored) against the orgs (id,
    level, kolada_id): ({enhet: new kolada_id} to write, errors). An empty kolada_id leaves
    the enhet as it is; errors name the CSV line (the header is line 1)."""
    errors = []
    missing = [c for c in ("enhet_id", "kolada_id") if c not in rows.columns]
    if missing:
        return {}, [f"kolumnen {missing[0]} saknas"]
    level = dict(organisation.select("id", "level").iter_rows())
    current = {o: k for o, k in organisation.select("id", "kolada_id").iter_rows() if k}
    want: dict[str, str] = {}
    lines: dict[str, int] = {}
    for n, (org, kid) in enumerate(rows.select("enhet_id", "kolada_id").iter_rows(), start=2):
        org, kid = (org or "").strip(), (kid or "").strip()
        if not org:
            errors.append(f"rad {n}: enhet_id saknas")
            continue
        if org in lines:
            errors.append(f"rad {n}: enheten {org} finns redan på rad {lines[org]}")
            continue
        lines[org] = n
        if level.get(org) is None:
            errors.append(f"rad {n}: enheten {org} finns inte")
        elif level[org] != "enhet":
            errors.append(f"rad {n}: {org} är ingen enhet (nivå {level[org]})")
        elif kid and not re.fullmatch(UNIT_ID, kid):
            errors.append(f'rad {n}: "{kid}" är inget Kolada-enhets-id (t.ex. V15E018000101)')
        elif kid:
            want[org] = kid
    after = {**current, **want}
    owners: dict[str, list[str]] = {}
    for org, kid in after.items():
        if level.get(org) == "enhet":
            owners.setdefault(kid, []).append(org)
    for kid, orgs in sorted(owners.items()):
        if len(orgs) > 1:
            errors.append(f"Kolada-enheten {kid} skulle kopplas till flera enheter: "
                          + ", ".join(sorted(orgs)))
    changes = {o: k for o, k in want.items() if current.get(o) != k}
    return (changes if not errors else {}), errors
