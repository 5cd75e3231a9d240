"""The tables of /jamforelse, each declared once (components/table.py): the same rows give the
screen table and the downloaded sheet. The board × VOM matrix is drawn as a matrix on screen
(parts.matrix) and downloaded as the long table MATRIX (one row per board and goal)."""

from __future__ import annotations

from dash import dcc, html

from components.comparison_parts import gap_marker
from components.explain import why_button
from components.lights import assessment_badge, light_badge
from components.table import Col, Table
from ils.labels import (
    ASSESSMENT_LABEL,
    KIND_GROUP_LABEL,
    fmt_percent,
    fmt_value,
    gap_label,
    light_label,
)
from pagekit import view
from pages.jamforelse import data
from pages.jamforelse.parts import basis_word, distribution_text, ks_note, matrix_groups, signed

VIEW = view.of(__name__)  # its tables' name: /data/jamforelse/…


def _light_word(key: str):
    return lambda r: light_label(r[key]) if r.get(key) else None


def _normal(content) -> html.Span:
    """A row header's content in normal weight (the row headers of these tables are names)."""
    return html.Span(content, className="fw-normal")


def _plain(key: str):
    return lambda r, env: _normal(r[key])


def _board_link(r: dict, env: dict):
    return _normal(dcc.Link(r["name"], href=f"/namnd/{r['org_id']}{env['query']}"))


MATRIX = Table("matrix", (
    Col("Nämnd", "name"), Col("Typ", "kind"), Col("Mål (kod)", "code"),
    Col("Verksamhetsområdesmål", "title"),
    Col("Självskattning", lambda r: ASSESSMENT_LABEL.get(r.get("self_assessment") or "")),
    Col("Beräknat ljus", _light_word("light")),
    Col("Skillnad (steg)", "gap", "integer"),
    Col("Självskattning mot indikatorerna",
        lambda r: gap_label(r.get("gap")) if r["has_row"] else None),
), empty="Inga nämnder att visa med dessa val.")


def matrix_rows(d: data.ComparisonData) -> list[dict]:
    """One row per board and VOM in the matrix's order (kinds, boards, goals)."""
    voms = list(d.voms.iter_rows(named=True))
    return [{**(c or {}), "has_row": c is not None, "name": b["name"], "kind": label,
             "code": v["code"], "title": v["title"]}
            for label, kept in matrix_groups(d, bool(d.f["avvikelser"]))
            for b, cells in kept for v, c in zip(voms, cells, strict=False)]


def _basis_cell(r: dict, env: dict) -> list:
    out = [basis_word(r.get("main_basis")) if r.get("main_basis") else "–"]
    if r.get("n_total"):
        out.append(html.Span(f" ({r['n_main']} av {r['n_total']})",
                             className="text-muted small"))
    if len(r.get("mix") or []) > 1:
        out.append(html.Div(_mix(r), className="small text-muted"))
    return out


def _mix(r: dict) -> str | None:
    return "; ".join(f"{basis_word(b)} {n}" for b, n in r.get("mix") or []) or None


BOARDS = Table("boards", (
    Col("Plats", "rank", "integer"),
    Col("Nämnd", "name", th=True, cell=_board_link),
    Col("Bedömda mål", "n_assessed", "integer"), Col("Stämmer", "n_agree", "integer"),
    Col("Mer positiv", "n_positive", "integer"), Col("Mer negativ", "n_negative", "integer"),
    Col("Kan inte jämföras", "n_not_comparable", "integer"),
    Col("Optimismindex", "optimism", "decimal", decimals=2,
        cell=lambda r, env: html.Strong(signed(r["optimism"]))),
    Col("Underlag för bedömningen",
        lambda r: basis_word(r["main_basis"]) if r.get("main_basis") else None,
        cell=_basis_cell),
    Col("Underlag, fördelning", _mix, screen=False),
), empty="Ingen nämnd har självskattat ett mål som har ett beräknat ljus i perioden: det finns "
         "inget optimismindex att rangordna.")


def board_rows(d: data.ComparisonData) -> list[dict]:
    return [dict(r, name=d.names.get(r["org_id"], r["org_id"])) for r in d.ranking]


BASIS = Table("basis", (
    Col("Underlag", lambda r: basis_word(r["basis"]), th=True,
        cell=lambda r, env: _normal(basis_word(r["basis"]))),
    Col("Nämnder", "n_boards", "integer"), Col("Jämförbara mål", "n_compared", "integer"),
    Col("Mer positiva än indikatorerna", "n_positive", "integer",
        cell=lambda r, env: f"{r['n_positive']} "
                            f"({fmt_percent(r['n_positive'] / r['n_compared'])})"),
    Col("Optimismindex", "optimism", "decimal", decimals=2,
        cell=lambda r, env: signed(r["optimism"])),
), empty="Inga jämförbara självskattningar.")


def _goal_cell(r: dict, env: dict) -> list:
    return _normal([html.Span(r["code"] or "", className="kr-code me-2"),
                    dcc.Link(r["title"], href=f"/mal/{r['goal_id']}{env['ctx'].query()}")])


def _city_cell(r: dict, env: dict) -> list:
    ctx, stad = env["ctx"], env["stad_id"]
    return [light_badge(r["city_light"] or "saknas"),
            why_button(r["goal_id"], stad, ctx.year, ctx.period,
                       f"{r['code'] or ''} {r['title']}, staden")
            if stad and r["city_light"] else None]


KS = Table("ks", (
    Col("Mål (kod)", "code", screen=False),
    Col("Mål", "title", th=True, cell=_goal_cell, sheet=False),
    Col("Verksamhetsområdesmål", "title", screen=False),
    Col("Nämndernas självskattning", distribution_text, sheet=False),
    *(Col(h, lambda r, k=k: r[k] or 0, "integer", screen=False)
      for h, k in (("Nämnder som bedömt", "n_boards"), ("Uppfyllt", "n_uppfyllt"),
                   ("Delvis uppfyllt", "n_delvis"), ("Ej uppfyllt", "n_ej"))),
    Col("Kommunstyrelsens bedömning", lambda r: ASSESSMENT_LABEL.get(r["ks_assessment"] or ""),
        cell=lambda r, env: assessment_badge(r["ks_assessment"], prefix="Kommunstyrelsen")),
    Col("Stadens beräknade ljus", _light_word("city_light"), cell=_city_cell),
    Col("Kommunstyrelsen mot flertalet nämnder (steg)", "ks_vs_boards", "integer",
        screen=False),
    Col("Jämförelse", ks_note, cell=lambda r, env: html.Span(ks_note(r), className="small")),
), empty="Inga verksamhetsområdesmål gäller i perioden (med valda filter): det finns inget att "
         "jämföra kommunstyrelsens bedömning med.")


def ks_rows(d: data.ComparisonData) -> list[dict]:
    vmap = {v["id"]: v for v in d.voms.iter_rows(named=True)}
    return [dict(r, code=vmap[r["goal_id"]]["code"], title=vmap[r["goal_id"]]["title"])
            for r in d.ks.iter_rows(named=True)]


REPORTED = Table("reported", (
    Col("Nämnd", "name", th=True, cell=_board_link),
    *(Col(h, k, "integer") for k, h in (
        ("n_reported", "Rapporterade"), ("n_uppfyllt", "Rapporterade uppfyllda"),
        ("n_upp_gron", "Uppfyllda, ljus uppfyllt"), ("n_upp_gul", "Uppfyllda, ljus delvis"),
        ("n_upp_rod", "Uppfyllda, ljus ej uppfyllt"), ("n_upp_grey", "Uppfyllda, utan ljus"))),
    Col("Rapporterad uppfylld utan utfall", "n_without_outcome", "integer",
        cell=lambda r, env: html.Strong(r["n_without_outcome"])),
), empty="Inga nämnder har rapporterat status för indikatorerna denna period.")


def _value(key: str):
    return lambda r: fmt_value(r[key], r["unit"])


REPORTED_LIST = Table("reported_list", (
    Col("Indikator", "name", th=True, cell=lambda r, env: _normal(dcc.Link(
        r["name"], href=f"/indikator/{r['indicator_id']}{env['query']}"))),
    Col("Rapporterat", "reported",
        cell=lambda r, env: assessment_badge(r["reported"], prefix="Rapporterat")),
    Col("Ljus enligt reglerna", "light", cell=lambda r, env: light_badge(r["light"], r["basis"])),
    Col("Skillnad", "gap", cell=lambda r, env: gap_marker(r["gap"])),
    Col("Värde", "value", "number", cell=lambda r, env: fmt_value(r["value"], r["unit"])),
    Col("Målvärde", "target", "number", cell=lambda r, env: fmt_value(r["target"], r["unit"])),
    Col("Uppfylld utan utfall", lambda r: "Ja" if r["fulfilled_without_outcome"] else "–"),
), empty="Inga.")


def periods_table(periods: tuple[str, ...]) -> Table:
    """Per board and period of the year: reported fulfilled without an outcome, and reported
    fulfilled while the light is yellow or red (one pair of columns per period)."""
    cols = [Col("Nämnd", "name", th=True, cell=_plain("name"))]
    for p in periods:
        cols += [Col(f"{p}: utan utfall", lambda r, p=p: r.get(f"{p}_without", 0), "integer"),
                 Col(f"{p}: ljus delvis/ej", lambda r, p=p: r.get(f"{p}_low", 0), "integer")]
    return Table("periods", tuple(cols), empty="Inga rapporterade statusar detta år.")


def periods_rows(pd: data.PeriodsData) -> list[dict]:
    rows: dict[str, dict] = {}
    for r in pd.summary.iter_rows(named=True):
        row = rows.setdefault(r["org_id"], {"name": r["name"]})
        row[f"{r['period']}_without"] = r["n_without_outcome"]
        row[f"{r['period']}_low"] = r["n_upp_gul"] + r["n_upp_rod"]
    return list(rows.values())


def trend_table(years: tuple[int, ...]) -> Table:
    """Optimism index per board (rows) and year (columns)."""
    return Table("trend", (Col("Nämnd", "name", th=True, cell=_plain("name")),
                           *(Col(str(y), lambda r, y=y: r["points"].get(y), "decimal",
                                 cell=lambda r, env, y=y: signed(r["points"].get(y)))
                             for y in years)),
                 empty="Ingen nämnd har ett optimismindex något år: inga självskattningar kan "
                       "jämföras med ett beräknat ljus.")


# --- downloads ------------------------------------------------------------------------------

def described(d: data.ComparisonData, with_goal: bool = True) -> dict[str, str]:
    """The filters in words, for the sheet (the ranking counts every VOM: no goal filter)."""
    vom = d.voms.row(0, named=True) if with_goal and d.f["mal"] and len(d.voms) else None
    return {"Nämnder": KIND_GROUP_LABEL.get(d.f["typ"], d.f["typ"]) if d.f["typ"] else "",
            "Mål": f"{vom['code'] or ''} {vom['title']}".strip() if vom else "",
            "Visar": "Bara nämnder med avvikelser" if d.f["avvikelser"] else ""}


def _download(table: Table, rows, title: str, with_goal: bool = True):
    def build(args: dict):
        d = data.load(args)
        if d is None:
            return None
        args.update(ar=d.ctx.year, period=d.ctx.period)
        return table.export(rows(d), f"{title} {d.ctx.period} {d.ctx.year}",
                            described(d, with_goal))
    return build


VIEW.table(MATRIX.name, _download(MATRIX, matrix_rows,
                                              "Självskattning och beräknat ljus"))
VIEW.table(BOARDS.name, _download(BOARDS, board_rows,
                                              "Nämnderna efter optimismindex", False))
VIEW.table(KS.name, _download(KS, ks_rows, "Kommunstyrelsen mot nämnderna"))
VIEW.table(REPORTED.name, _download(REPORTED, lambda d: d.reported_summary,
                                                "Indikatorer: rapporterad status mot ljuset"))
