"""/namnd/<id> — the board presidium's page: each VOM with the board's computed light, its
KF-only light and its self-assessment; what changed since the previous period
(`changes`); its nämndmål and indicators (folded, loaded when
opened); its departments and units with their light counts; its KF indicators beside the
boards of the same kind (folded). Data: `data.load`; tables: `tables`."""

from __future__ import annotations

import dash
import polars as pl
from dash import Input, Output, callback, dcc, html

from components import fold, page, round_status
from ils.labels import fmt_number
from pagekit import data as page_data
from pagekit import guard
from pagekit.org import frame, goals
from pagekit.org.tables import unit_table
from pages.namnd import assess, changes, questions, tables
from pages.namnd.data import NamndData, kolada_rows, load

VIEW = tables.VIEW  # "namnd": its tables, data addresses, downloads and folds
PAGE = tables.PAGE  # the prefix of its element ids ("board-content")

dash.register_page(__name__, path_template="/namnd/<org_id>", name="Nämnd",
                   title="Nämnd – Kontrollrum")

KIND_LABEL = {"stadsdelsnamnd": "Stadsdelsnämnd", "facknamnd": "Facknämnd",
              "bolag": "Bolagsstyrelse"}


def layout(org_id=None, **kwargs):
    return page.frame(PAGE, org_id=org_id, **page.query_args(kwargs))


def body(d: NamndData, args: dict) -> list:
    got, ctx = d.got, d.ctx
    board = got.org
    n_kf = got.indicators([board["id"]]).filter(pl.col("decided_by") == "kf").height
    eargs = frame.export_args(got, ctx, args)
    peer_key = {"kind": "peer", "org": board["id"], "ar": ctx.year, "period": ctx.period}
    return [
        board_round(board["id"], ctx),
        optimism_line(d.place, ctx),
        *goals.goal_overview(VIEW.name, got, ctx, args.get("mal"), all_voms=True,
                             whole_subtree=False),
        changes.section(d.changes, board["id"], ctx.query()),
        *assess.section(board["id"], ctx.year, ctx.period,  # for the board's own users
                        args.get("published")),
        *questions.section(board["id"], ctx.year, ctx.period),
        html.H2("Avdelningar och enheter", className="h5 mt-4"),
        html.P("Hur många av varje avdelnings och enhets egna indikatorljus som är uppfyllda, "
               "delvis uppfyllda, ej uppfyllda eller saknar utfall.", className="text-muted small"),
        VIEW.downloads("units", eargs, "Avdelningar och enheter"),
        unit_table(d.units, ctx, f"/namnd/{board['id']}", args.get("sort"),
                   extra={"mal": args.get("mal")} if args.get("mal") else None),
        html.H2("Jämförelse med liknande nämnder", className="h5 mt-4"),
        VIEW.downloads("peers", eargs, "Jämförelse med liknande nämnder"),
        fold.fold(VIEW.name, peer_key, f"Visa jämförelsen – {n_kf} indikatorer beslutade av "
                  f"kommunfullmäktige, {len(got.peers)} nämnder av samma slag",
                  className="kr-peers"),
        kolada_section(got, ctx),
    ]


def board_round(org_id: str, ctx) -> html.Div:
    """The board's reporting status, deadline and lateness for the period (§3.10)."""
    engine = page_data.get_engine()
    status, _ = page_data.reporting_round(engine, page_data.reference(engine), ctx.year,
                                          ctx.period)
    rows = status.filter(pl.col("org_id") == org_id).to_dicts()
    link = dcc.Link("Nämndens rapport (utskrift och Word)",
                    href=f"/rapport{ctx.query(namnd=org_id)}", id="board-report-link")
    return html.Div([round_status.board_line(rows[0] if rows else None),
                     html.P(link, className="small d-print-none")])


def kolada_section(got, ctx):
    """The city's yearly values of the board's KF indicators beside Riket and its comparison
    group from Kolada (issue 23); nothing when none has comparison values."""
    from components.kolada_comparison import section

    kf = got.indicators([got.org["id"]]).filter(pl.col("decided_by") == "kf")
    ids = sorted(set(kf["indicator_id"].to_list()))
    if not ids:
        return None
    rows = kolada_rows(ids, ctx.year)
    city = got.trail[0]["name"] if got.trail else "Staden"
    return section(rows, ctx.year, city, ctx.query(),
                   "beslutade av kommunfullmäktige för nämnden", "board-kolada")


def optimism_line(place: dict | None, ctx) -> html.P | None:
    """'Plats 3 av 25 i optimism: …' — the board's place among the boards by optimism index
    (/jamforelse's ranking), or why it has none."""
    if place is None:
        return None
    link = dcc.Link("Alla nämnder i Självskattning mot utfall", href="/jamforelse" + ctx.query())
    if place["rank"] is None:
        return html.P(["Ingen plats i optimismrankningen för perioden: inget av nämndens "
                       "självskattade mål har ett beräknat ljus att jämföra med. ", link, "."],
                      id="board-optimism", className="small text-muted")
    x = place["optimism"]
    steps = fmt_number(abs(x), 2)
    how = ("nämndens självskattningar stämmer i snitt med indikatorerna" if x == 0 else
           f"nämnden bedömer i snitt sina mål {steps} steg mer "
           f"{'positivt' if x > 0 else 'negativt'} än indikatorerna")
    n = place["n_compared"]
    return html.P([html.Strong(f"Plats {place['rank']} av {place['n_ranked']} i optimism"),
                   f" (1 = mest positiv självskattning mot indikatorerna): {how}, över {n} "
                   f"{'jämförbart' if n == 1 else 'jämförbara'} mål. ", link, "."],
                  id="board-optimism", className="small")


@callback(Output(f"{PAGE}-content", "children"), Input(f"{PAGE}-args", "data"))
@guard.safe
def render(args):
    d = load(args)
    return frame.org_page(
        "namnd", VIEW.name, PAGE, d.ctx, d.org, d.got, args,
        lambda: f"{KIND_LABEL.get(d.org['kind'] or '', 'Nämnd')} · måluppfyllelse",
        lambda: body(d, args))


def build_fold(key: dict):
    """A folded section of the page, when opened: a VOM's indicators or the peer comparison."""
    peers = key.get("kind") == "peer"
    args = goals.fold_args(key)
    if args is None:
        return html.P(goals.GONE, className="text-muted")
    d = load({**args, "peers": peers})
    if d.got is None:
        return html.P("Organisationen finns inte längre.", className="text-muted")
    if peers:
        return tables.peer_section(d)
    return goals.fold_body(d.got, key, False, d.ctx.query())


VIEW.fold(build_fold)
