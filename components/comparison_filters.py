"""The URL filters of /jamforelse (typ, mal, avvikelser, sort): validation with a Swedish
notice for every value that cannot be used, and the filter links (shareable URLs)."""

from __future__ import annotations

import polars as pl
from dash import html

from components.comparison_parts import choice_links
from ils.labels import KIND_GROUP_LABEL

KIND_ORDER = ("stadsdelsnamnd", "facknamnd", "bolag")
KEYS = ("typ", "mal", "avvikelser", "sort")


def board_kinds(boards: pl.DataFrame) -> list[str]:
    present = boards["kind"].to_list()
    return [k for k in KIND_ORDER if k in present]


def parse(args: dict, boards: pl.DataFrame, voms: pl.DataFrame) -> tuple[dict, list[str]]:
    """The valid filter values of the URL arguments, and a notice for each invalid one."""
    notices, out = [], dict.fromkeys(KEYS)
    typ, mal, avv, sort = (args.get(k) or None for k in KEYS)
    if typ is not None:
        if typ in board_kinds(boards):
            out["typ"] = typ
        else:
            notices.append(f"Nämndtypen ”{typ}” finns inte. Visar alla nämnder.")
    if mal is not None:
        if mal in voms["id"].to_list():
            out["mal"] = mal
        else:
            notices.append(f"Målet ”{mal}” finns inte bland årets verksamhetsområdesmål. "
                           "Visar alla mål.")
    if avv is not None:
        if avv in ("1", "0"):
            out["avvikelser"] = "1" if avv == "1" else None
        else:
            notices.append(f"Värdet ”{avv}” för avvikelser förstås inte. Visar alla nämnder.")
    if sort is not None:
        if sort == "namn":
            out["sort"] = "namn"
        else:
            notices.append(f"Sorteringen ”{sort}” finns inte. Sorterar efter optimismindex.")
    return out, notices


def bar(path: str, ctx, f: dict, kinds: list[str], voms: pl.DataFrame) -> html.Div:
    """Filter links: board kind, goal, only disagreements (each keeps the other choices)."""
    def href(**change):
        return path + ctx.query(**{**f, **change})

    return html.Div([
        choice_links("Nämnder:", [("Alla", None)] + [(KIND_GROUP_LABEL.get(k, k), k)
                                                      for k in kinds],
                     f["typ"], lambda v: href(typ=v), "comparison-typ-label"),
        choice_links("Mål:", [("Alla", None)] + [(v["code"] or v["id"], v["id"])
                                                 for v in voms.iter_rows(named=True)],
                     f["mal"], lambda v: href(mal=v), "comparison-mal-label"),
        choice_links("Visa:", [("Alla", None), ("Bara avvikelser", "1")], f["avvikelser"],
                     lambda v: href(avvikelser=v), "comparison-avv-label"),
    ], className="d-flex flex-wrap mb-3 d-print-none", id="comparison-filters")
