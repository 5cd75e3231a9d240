"""The list of /styrsignaler around its grid (filters, options, live counts) and the hint of
near-identical directives. The filters are static in the layout (labelled native controls);
the page's callbacks fill their options, the grid and the counts."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import polars as pl
from dash import html

from ils.labels import GROUP_LABEL, fmt_number, fmt_percent
from ils.signal_lists import LIST_TYPES, NO_GOAL
from pages.styrsignaler.data import ALL_YEARS, ANY
from pages.styrsignaler.tables import recipient_label

TYPE_OPTION = {"indikator": "Indikatorer", "aktivitet": "Aktiviteter",
               "direktiv_och_uppdrag": "Direktiv och övriga uppdrag"}
COUNT_WORDS = {"indikator": ("indikator", "indikatorer"), "aktivitet": ("aktivitet", "aktiviteter"),
               "direktiv_och_uppdrag": ("direktiv eller uppdrag", "direktiv och uppdrag")}


def _labelled(label: str, control, width: int) -> dbc.Col:
    return dbc.Col([dbc.Label(label, html_for=control.id, className="small fw-semibold mb-1"),
                    control], md=width, className="mb-2")


def filters(year: str | None) -> html.Div:
    """The filter controls (options of recipient, goal and year are filled by the callback)."""
    type_options = [{"label": "Alla typer", "value": ANY}] + [
        {"label": TYPE_OPTION[t], "value": t} for t in LIST_TYPES]
    return html.Div([
        dbc.Row([
            _labelled("Typ", dbc.Select(id="signals-f-type", options=type_options, value=ANY), 2),
            _labelled("Mottagare", dbc.Select(id="signals-f-recipient", options=[
                {"label": "Alla mottagare", "value": ANY}], value=ANY), 3),
            _labelled("Mål", dbc.Select(id="signals-f-goal", options=[
                {"label": "Alla mål", "value": ANY}], value=ANY), 3),
            _labelled("År", dbc.Select(id="signals-f-year", options=[
                {"label": year or "Sidans år", "value": year or ANY}], value=year or ANY), 1),
            _labelled("Sök i texten", dbc.Input(id="signals-f-text", type="search",
                                                debounce=300, placeholder="t.ex. hemtjänst",
                                                autocomplete="off"), 3),
        ], className="g-2"),
        html.P(["Sökningen hittar texter som innehåller det du skriver, oavsett stora eller små "
                "bokstäver (inga jokertecken). Mottagare: en grupp visar det som riktas till "
                "gruppen och till alla; en nämnd visar även det som riktas till den vid namn "
                "och det den själv har lagt till. ",
                # on a phone the list is a column of cards, without the columns' own filters
                html.Span("I tabellen kan du sortera på en kolumn och filtrera varje kolumn. ",
                          className="d-none d-sm-inline"),
                "Antalen och nedladdningen följer alla filter."],
               id="signals-f-help", className="small text-muted mb-2"),
    ], className="kr-filters d-print-none")


def recipient_options(boards: pl.DataFrame) -> list[dict]:
    """Groups first, then each board (boards: id, name; sorted by the caller)."""
    out = [{"label": "Alla mottagare", "value": ANY}]
    out += [{"label": GROUP_LABEL[g], "value": g} for g in
            ("stadsdelsnamnder", "facknamnder", "bolag", "alla")]
    out += [{"label": r["name"], "value": r["id"]} for r in boards.iter_rows(named=True)]
    return out


def goal_options(voms: pl.DataFrame) -> list[dict]:
    out = [{"label": "Alla mål", "value": ANY}]
    out += [{"label": f"{r['code'] or ''} {r['title']}".strip(), "value": r["id"]}
            for r in voms.iter_rows(named=True)]
    return out + [{"label": "Ej kopplade till mål", "value": NO_GOAL}]


def year_options(years: list[int]) -> list[dict]:
    return [{"label": str(y), "value": str(y)} for y in sorted(years, reverse=True)] + [
        {"label": "Alla år", "value": ALL_YEARS}]


def counts_text(counts: dict[str, int], before_grid: int) -> str:
    """The live counts of the rows the grid shows (`before_grid`: the rows before the grid's
    own column filters)."""
    total = counts["total"]
    if total == 0:
        return "Inga styrsignaler matchar filtren."
    parts = [f"{fmt_number(counts[t])} {COUNT_WORDS[t][counts[t] != 1]}" for t in LIST_TYPES]
    where = (f"Visar alla {fmt_number(total)}" if total == before_grid else
             f"Visar {fmt_number(total)} av {fmt_number(before_grid)}")
    return f"{where} styrsignaler: " + ", ".join(parts) + "."


OVERLAP_LIMIT = 15
MEMBER_LIMIT = 10


def overlap_view(groups: pl.DataFrame, year: int, names: dict[str, str]) -> html.Div:
    """The groups of near-identical directives that include a directive of `year`."""
    n_groups = groups["group"].n_unique() if len(groups) else 0
    in_year = groups.filter(pl.col("year") == year)
    intro = (f"{fmt_number(n_groups)} grupper av nästan likalydande direktiv berör {year}: "
             f"{fmt_number(len(in_year))} av årets direktiv har en nästan likalydande text "
             "ett annat år, till en annan mottagare eller i samma budget."
             if n_groups else f"Inga nästan likalydande direktiv hittades för {year}.")
    items = []
    for gid in groups["group"].unique(maintain_order=True).to_list()[:OVERLAP_LIMIT]:
        members = groups.filter(pl.col("group") == gid)
        years = sorted(set(members["year"].to_list()))
        recips = sorted({recipient_label(r, names) or "–" for r in members["recipient"].to_list()})
        low = members["similarity"].min()
        lines = [html.Li(f"{m['year']} · {recipient_label(m['recipient'], names) or '–'} · "
                         f"{fmt_percent(m['similarity'], 0)} lika: {m['text'] or ''} ({m['id']})")
                 for m in members.head(MEMBER_LIMIT).iter_rows(named=True)]
        more = len(members) - MEMBER_LIMIT
        if more > 0:
            lines.append(html.Li(f"… och {fmt_number(more)} till.", className="text-muted"))
        summary = (f"{fmt_number(len(members))} direktiv – år {', '.join(map(str, years))}; "
                   f"till {', '.join(recips)}; "
                   + ("samma ord i alla: " if low >= 1 else
                      f"minst {fmt_percent(low, 0)} lika gruppens första text: ")
                   + f"”{members['text'][0] or ''}”")
        items.append(html.Li(html.Details([html.Summary(summary),
                                           html.Ul(lines, className="small mt-1")],
                                          open=not items)))
    shown = min(n_groups, OVERLAP_LIMIT)
    return html.Div([
        html.P(intro),
        html.P(f"Visar {fmt_number(shown)} grupper av {fmt_number(n_groups)}: de mest lika "
               "först (samma ord i alla), och bland lika lika de största.",
               className="small text-muted") if n_groups > shown else None,
        html.Ol(items, className="kr-overlap", id="signals-overlap-list") if items else None,
    ])


def method_note(threshold: float) -> html.Details:
    """How the similarity is computed, in plain Swedish."""
    return html.Details([
        html.Summary("Så hittas nästan likalydande direktiv"),
        html.Ol([
            html.Li("Texten skrivs om till små bokstäver, och skiljetecken och siffror tas bort "
                    "(så ”2021” och ”2022” räknas inte som skillnad)."),
            html.Li("Varje text blir en mängd ord. Likheten mellan två texter är antalet "
                    "gemensamma ord delat med antalet olika ord i de två tillsammans "
                    f"(Jaccards index). Två direktiv räknas som nästan likalydande när likheten "
                    f"är minst {fmt_percent(threshold, 0)}; samma ord ger 100 %."),
            html.Li("Grupperna byggs från det äldsta direktivet: varje senare direktiv hamnar i "
                    "den grupp vars första direktiv det liknar mest."),
        ], className="small mb-1"),
        html.P("Metoden jämför ord, inte innebörd: två direktiv skrivna efter samma mall men "
               "om olika ämnen kan hamna i samma grupp, och samma uppdrag med helt andra ord "
               "hittas inte. Se listan som en ledtråd att granska, inte som ett facit.",
               className="small mb-0"),
    ], className="mb-3")
