"""The URL filters of /jamforelse (typ, mal, avvikelser, sort): validation with a Swedish
notice for every value that cannot be used, and the filter links (shareable URLs)."""

from __future__ import annotations

import polars as pl
from dash import html

from components.comparison_parts import choice_links
from components.context import VOM_NOTICE, Choice, parse_choices
from ils.labels import KIND_GROUP_LABEL

KIND_ORDER = ("stadsdelsnamnd", "facknamnd", "bolag")
KEYS = ("typ", "mal", "avvikelser", "sort")


def board_kinds(boards: pl.DataFrame) -> list[str]:
    present = boards["kind"].to_list()
    return [k for k in KIND_ORDER if k in present]


def parse(args: dict, boards: pl.DataFrame, voms: pl.DataFrame) -> tuple[dict, list[str]]:
    """The valid filter values of the URL arguments, and a notice for each invalid one."""
    return parse_choices(args, (
        Choice("typ", board_kinds(boards), "Nämndtypen ”{value}” finns inte. Visar alla nämnder."),
        Choice("mal", voms["id"].to_list(), VOM_NOTICE),
        Choice("avvikelser", ("1", "0"),
               "Värdet ”{value}” för avvikelser förstås inte. Visar alla nämnder.",
               lambda v: "1" if v == "1" else None),
        Choice("sort", ("namn",), "Sorteringen ”{value}” finns inte. Sorterar efter optimismindex."),
    ))


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
