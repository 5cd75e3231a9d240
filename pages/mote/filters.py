"""The URL filters of /mote (namnd, mal, typ): validation with a Swedish notice for each value
that cannot be used, and the filter links (every choice a shareable URL)."""

from __future__ import annotations

import polars as pl
from dash import html

from components.comparison_parts import choice_links
from components.context import VOM_NOTICE, Choice, PeriodContext, parse_choices
from ils.agenda import KINDS
from pages.mote.items import KIND_SHORT

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


def picker(path: str, ctx, f: dict, orgs: pl.DataFrame,
           counts: dict[str, dict[str, int]]) -> html.Nav:
    """The first question of the page: which board, and which period of the year? Each board
    a link to its agenda of the chosen period with its number of items, and one link per
    other period of the year (`counts`: period → board → items); the all-boards summary one
    click away (namnd=alla)."""
    def href(v, period):
        return path + PeriodContext(ctx.year, period, None, ()).query(**{**f, "namnd": v})

    def cells(name: str, v: str, per_period: dict) -> list:
        return [html.Td(html.A([html.Span(f"{name}, {p} {ctx.year}: ",
                                          className="visually-hidden"),
                                str(n.get(v, 0) if v != ALL else sum(n.values()))],
                               href=href(v, p), className="d-block"), className="text-end"
                        + (" fw-semibold" if p == ctx.period else ""))
                for p, n in per_period.items()]

    now = counts.get(ctx.period, {})
    rows = [html.Tr([html.Th(html.A(f"Alla nämnder – sammanfattning ({sum(now.values())})",
                                    href=href(ALL, ctx.period), className="fw-semibold"),
                             scope="row"), *cells("Alla nämnder", ALL, counts)])]
    rows += [html.Tr([html.Th(html.A(f"{r['name']} ({now.get(r['id'], 0)})",
                                     href=href(r["id"], ctx.period)), scope="row",
                              className="fw-normal"),
                      *cells(r["name"], r["id"], counts)]) for r in orgs.iter_rows(named=True)]
    head = html.Tr([html.Th("Nämnd", scope="col")]
                   + [html.Th([p, html.Span(f" {ctx.year}" + (" (vald)" if p == ctx.period
                                                               else ""),
                                            className="visually-hidden")],
                              scope="col", className="text-end") for p in counts])
    return html.Nav([
        html.H2("Välj nämnd", className="h5", id="mote-picker-label"),
        html.P(f"Nämndens namn öppnar underlaget för {ctx.period} {ctx.year}; siffrorna under "
               "varje period är antalet punkter och öppnar underlaget för den perioden.",
               className="small text-muted mb-1"),
        html.Div(html.Table([html.Thead(head), html.Tbody(rows)],
                            className="table table-sm w-auto mb-0"),
                 className="table-responsive", tabIndex="0", role="region",
                 **{"aria-label": "Nämnderna och antalet punkter per period"}),
    ], id="mote-picker", **{"aria-labelledby": "mote-picker-label"})
