"""The URL filters of /mote (namnd, mal, typ): validation with a Swedish notice for each value
that cannot be used, and the filter links (every choice a shareable URL)."""

from __future__ import annotations

import polars as pl
from dash import html

from components.comparison_parts import choice_links
from components.context import VOM_NOTICE, Choice, parse_choices
from pages.mote.items import KIND_SHORT
from ils.agenda import KINDS

KEYS = ("namnd", "mal", "typ")
ALL = "alla"  # namnd=alla: every board (the all-boards summary); no namnd: pick a board first


def parse(args: dict, boards: pl.DataFrame, voms: pl.DataFrame) -> tuple[dict, list[str]]:
    """The valid filter values of the URL arguments, and a notice for each invalid one."""
    return parse_choices(args, (
        Choice("namnd", [ALL, *boards["id"].to_list()],
               "Nämnden ”{value}” finns inte. Välj en nämnd."),
        Choice("mal", voms["id"].to_list(), VOM_NOTICE),
        Choice("typ", KINDS, "Avvikelsetypen ”{value}” finns inte. Visar alla typer."),
    ))


def bar(path: str, ctx, f: dict, boards: pl.DataFrame, voms: pl.DataFrame,
        counts: dict[str, int]) -> html.Div:
    def href(**change):
        return path + ctx.query(**{**f, **change})

    board_opts = [("Alla", ALL)] + [(b["name"], b["id"]) for b in boards.iter_rows(named=True)]
    return html.Div([
        choice_links("Typ:", [("Alla", None)] + [(f"{KIND_SHORT[k]} ({counts.get(k, 0)})", k)
                                                 for k in KINDS],
                     f["typ"], lambda v: href(typ=v), "mote-typ-label"),
        choice_links("Mål:", [("Alla", None)] + [(v["code"] or v["id"], v["id"])
                                                 for v in voms.iter_rows(named=True)],
                     f["mal"], lambda v: href(mal=v), "mote-mal-label"),
        html.Details([
            html.Summary("Nämnd: " + next((n for n, i in board_opts if i == f["namnd"]),
                                          "Alla")),
            choice_links("Välj nämnd:", board_opts, f["namnd"], lambda v: href(namnd=v),
                         "mote-namnd-label"),
        ], className="w-100 mt-1", open=f["namnd"] not in (None, ALL)),
    ], className="d-flex flex-wrap mb-3 d-print-none", id="mote-filters")


def described(f: dict, names: dict, voms: pl.DataFrame) -> dict[str, str]:
    """The chosen filters in words (for the exported sheet and the printout)."""
    codes = dict(voms.select("id", "code").iter_rows())
    board = f["namnd"] not in (None, ALL)
    return {"Nämnd": names.get(f["namnd"], "") if board else "Alla",
            "Mål": codes.get(f["mal"]) or f["mal"] or "Alla",
            "Typ": KIND_SHORT.get(f["typ"], "Alla") if f["typ"] else "Alla"}


def picker(path: str, ctx, f: dict, orgs: pl.DataFrame, per_board: dict[str, int]) -> html.Nav:
    """The first question of the page: which board? Each board a link with its number of
    items; the all-boards summary one click away (namnd=alla)."""
    def href(v):
        return path + ctx.query(**{**f, "namnd": v})
    links = [html.Li(html.A(f"Alla nämnder – sammanfattning ({sum(per_board.values())})",
                            href=href(ALL), className="fw-semibold"))]
    links += [html.Li(html.A(f"{r['name']} ({per_board.get(r['id'], 0)})", href=href(r["id"])))
              for r in orgs.iter_rows(named=True)]
    return html.Nav([html.H2("Välj nämnd", className="h5", id="mote-picker-label"),
                     html.Ul(links, className="list-unstyled")],
                    id="mote-picker", **{"aria-labelledby": "mote-picker-label"})
