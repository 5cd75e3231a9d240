"""/mote, Målbedömningsmöte: the controllers' agenda of deviations for one period, grouped by VOM
and board, most serious first (the rules: `ils.agenda`), with a summary, filters, Excel/CSV
download and a print view (assets/print.css).

Each VOM is a folded section (`components.fold`) whose boards and items are built when it is
opened (the first one comes open when short), so a page never sends the whole city's items at once;
printing opens and loads them all first (assets/print.js).

Query: ?ar=&period= (as everywhere), namnd= (a board, or `alla`: every board; without it the
page asks for a board first), mal= (a VOM), typ= (a kind of item:
rod_gul, nedgradering, oenighet, prognos, prognos_gron, saknas, motivering_saknas).

The package: `data.py` (the cached agenda and the valid filters), `tables.py` (the tables,
declared once), `items.py` (an item's words, a section's body), `filters.py` (the URL
filters and their links)."""

from __future__ import annotations

import dash
import dash_bootstrap_components as dbc
from dash import Input, Output, callback, html

from components import fold, page, round_status
from components.export import ExportTable, print_button
from components.navigation import breadcrumbs, no_data, period_selector
from ils import agenda as ag
from ils import clock
from pagekit import data as page_data
from pagekit import guard, view
from pagekit.org.frame import css_string
from pages.mote import data, filters, notes
from pages.mote.items import KIND_LABEL, section_body
from pages.mote.tables import AGENDA_TABLE, SUMMARY_TABLE, agenda_rows

PATH = "/mote"
VIEW = view.of(__name__)  # its tables, data addresses, downloads and folds: "mote"
TITLE = "Underlag för målbedömningsmöte"
OPEN_MAX = 60  # items: the first section comes open when it is no longer (a few hundred
# components); a bigger one (a city ten times Stockholm) waits to be opened like the others
dash.register_page(__name__, path=PATH, name="Målbedömningsmöte",
                   title="Målbedömningsmöte – Kontrollrum", nav=True, order=40)


def layout(**kwargs):
    return page.frame("meeting", **{k: kwargs.get(k) for k in ("ar", "period")},
                      **{k: kwargs.get(k) for k in filters.KEYS})


@callback(Output("meeting-content", "children"), Input("meeting-args", "data"))
@guard.safe
def render(args):
    d = data.load(args or {})
    if d is None:
        return no_data()
    ctx, a, f = d.ctx, d.agenda, d.f
    query = ctx.query()
    today = clock.today()
    export_args = {"ar": ctx.year, "period": ctx.period, **f}
    counts_all = ag.kind_counts(ag.select(a.items, org_id=data.board(f), vom_id=f["mal"],
                                                 city=a.scope.stad_id))
    if f["namnd"] is None:  # pick a board first
        return html.Div([
            page.doc_title(f"{TITLE} {ctx.period} {ctx.year}"),
            breadcrumbs([("Stad", "/"), ("Målbedömningsmöte", None)], query),
            page.header(TITLE, f"Avvikelser och mål som inte nås – {ctx.period} {ctx.year}. "
                               "Välj den nämnd mötet gäller, eller alla nämnder."),
            period_selector(PATH, ctx, extra={k: v for k, v in f.items() if v}),
            *[dbc.Alert(n, color="warning", className="py-2") for n in d.notices],
            filters.picker(PATH, ctx, f, a.scope.boards, data.counts_by_period(ctx, f)),
            _round(ctx, None),
        ], className="kr-agenda")
    board = data.board(f)
    # the running line (board · period · date): printed in the top margin of every page
    # (assets/print.js, print.css), one header above items that run on compactly
    line = (f"{TITLE} · {a.names.get(board, board) if board else 'Alla nämnder'} · "
            f"{ctx.period} {ctx.year} · utskrivet {today.isoformat()}")
    return html.Div([
        page.doc_title(f"{TITLE} {ctx.period} {ctx.year}"),
        html.P(line, className="kr-print-header", **{"aria-hidden": "true"}),
        breadcrumbs([("Stad", "/"), ("Målbedömningsmöte", None)], query),
        page.header(TITLE, f"Avvikelser och mål som inte nås – {ctx.period} {ctx.year}, "
                           f"jämfört med {a.prev[1]} {a.prev[0]}. Allvarligast först."),
        period_selector(PATH, ctx, extra={k: v for k, v in f.items() if v}),
        *[dbc.Alert(n, color="warning", className="py-2") for n in d.notices],
        filters.bar(PATH, ctx, f, a.scope.boards, a.voms, counts_all),
        html.Div([print_button("meeting"),
                  VIEW.downloads("agenda", export_args, TITLE, csv=True)],
                 className="d-flex flex-wrap gap-2 d-print-none"),
        _summary(d, export_args),
        _round(ctx, board),
        _sections(d),
    ], className="kr-agenda kr-agenda-sheet", style={"--kr-print-line": css_string(line)})


def _round(ctx, board: str | None):
    """The round's status (§3.10): every board's, or the one board's line."""
    engine = page_data.get_engine()
    status, names = page_data.reporting_round(engine, page_data.reference(engine), ctx.year,
                                              ctx.period)
    if board is None:
        return round_status.section(status, names, f"Rapporteringen {ctx.period} {ctx.year}",
                                    query=ctx.query(), id_prefix="meeting")
    rows = status.filter(status["org_id"] == board).to_dicts()
    return round_status.board_line(rows[0] if rows else None)


def _summary(d: data.MeetingData, export_args: dict) -> html.Section:
    counts = ag.kind_counts(d.items)
    total = sum(counts.values())
    per = ag.board_counts(d.items, d.agenda.orgs)
    return html.Section([
        html.H2("Sammanfattning", className="h5"),
        html.P(f"{total} punkter: " + ", ".join(f"{KIND_LABEL[k].lower()} {n}"
                                                 for k, n in counts.items()) + ".",
               id="meeting-summary"),
        html.Details([
            html.Summary(f"Per nämnd ({len(per)} nämnder med punkter)"),
            VIEW.downloads("summary", export_args, "Avvikelser per nämnd"),
            SUMMARY_TABLE.html(per, table_id="meeting-boards"),
        ], open=True, className="kr-agenda-summary"),
    ], className="mb-3")


def _sections(d: data.MeetingData) -> html.Div:
    """One folded section per VOM with items; the first comes open when short (its body built
    here from the same agenda), the others are built when opened (`section`)."""
    if d.items.is_empty():
        return html.P("Inga avvikelser med de valda filtren.", id="meeting-empty",
                      className="alert alert-success")
    per_vom = dict(d.items.group_by("vom_id").len().iter_rows())
    base = {"ar": d.ctx.year, "period": d.ctx.period, "namnd": d.f["namnd"], "typ": d.f["typ"]}
    sections = []
    for v in d.agenda.voms.iter_rows(named=True):
        if v["id"] not in per_vom:
            continue
        title = f"{v['code'] or ''} {v['title']}".strip()
        n = per_vom[v["id"]]
        first = not sections and n <= OPEN_MAX
        body = _body(d, v["id"]) if first else None
        summary = [html.H2(title, className="h5 d-inline"),
                   html.Span(f" – {n} {'punkt' if n == 1 else 'punkter'}",
                             className="text-muted small")]
        sections.append(html.Section([
            fold.fold(VIEW.name, {**base, "vom": v["id"]}, summary, body, open_=first,
                      summary_class="mt-3 border-bottom pb-1")],
            className="kr-agenda-vom", id=f"mote-vom-{v['id']}", **{"aria-label": title}))
    return html.Div(sections, id="meeting-items")


def _body(d: data.MeetingData, vom_id: str) -> list:
    items = d.items.filter(d.items["vom_id"] == vom_id)
    return section_body(d.agenda, items, f"?ar={d.ctx.year}&period={d.ctx.period}",
                        notes.for_items(d.ctx.year, d.ctx.period))


def section(key: dict):
    """The boards and items of one VOM section (`key`: the page's year, period, namnd and typ,
    and the VOM; from the browser, so every value is checked as a URL argument is)."""
    d = data.load({k: key.get(k) for k in ("ar", "period", "namnd", "typ")})
    if d is None:
        return no_data()
    if key.get("vom") not in set(d.agenda.voms["id"].to_list()):
        return html.P("Avsnittet finns inte.", className="text-muted")
    return _body(d, key["vom"])


VIEW.fold(section)


def _sheet_args(args: dict, d: data.MeetingData) -> dict:
    args.update(ar=d.ctx.year, period=d.ctx.period)  # the period the sheet shows
    return filters.described(d.f, d.agenda.names, d.agenda.voms)


def agenda_table(args: dict) -> ExportTable | None:
    d = data.load(args)
    if d is None:
        return None
    words = _sheet_args(args, d)
    rows = agenda_rows(d, data.notes(d.ctx.year, d.ctx.period))
    return AGENDA_TABLE.export(rows, f"{TITLE} {_whose(d)} {d.ctx.period} {d.ctx.year}",
                               words)


def _whose(d: data.MeetingData) -> str:
    """Whose agenda a sheet is (its title and file name): the board's name, or all boards."""
    chosen = data.board(d.f)
    return d.agenda.names.get(chosen, chosen) if chosen else "Alla nämnder"


def summary_table(args: dict) -> ExportTable | None:
    d = data.load(args)
    if d is None:
        return None
    words = _sheet_args(args, d)
    return SUMMARY_TABLE.export(ag.board_counts(d.items, d.agenda.orgs),
                                f"Avvikelser per nämnd {_whose(d)} {d.ctx.period} {d.ctx.year}",
                                words)


VIEW.table(AGENDA_TABLE.name, agenda_table)
VIEW.table(SUMMARY_TABLE.name, summary_table)
