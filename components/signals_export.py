"""What /styrsignaler computes (shared by the page and its downloads), and its tables as
exported tables: the auditors' table (types × recipient groups), the boards side by side, the
density per VOM, and the filtered signal list (every row matching the filters, not only the
page shown; Excel and CSV)."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from components import data
from ils.labels import sv_key
from components.signal_list import ALL_YEARS, ANY, KIND_LABEL, TYPE_OPTION, recipient_label
from components.signal_tables import BOARD_SORTS, GROUPS, TYPE_LABEL, sort_board_rows
from components.export import ExportTable, register_table
from ils.labels import GROUP_LABEL
from ils.model import Dataset
from ils.signal_lists import NO_GOAL, filter_signals, goal_density, signal_list
from ils.signals import SIGNAL_TYPES, board_signal_counts, signal_counts
from queries import signal_views
from queries.db import get_engine

# The list's filters in a download's arguments (the page's year stays in `ar`).
LIST_KEYS = ("typ", "mottagare", "mal", "lista_ar", "sok")


def named_boards(counts: pl.DataFrame, orgs: pl.DataFrame) -> pl.DataFrame:
    """board_signal_counts with each board's `name` (its id when it has none)."""
    return counts.join(orgs.select(pl.col("id").alias("org_id"), "name"), on="org_id",
                       how="left").with_columns(pl.col("name").fill_null(pl.col("org_id")))


def chosen(value: str | None) -> str | None:
    return None if value in (None, "", ANY) else value


@dataclass(frozen=True)
class Found:
    years: list[int]  # every year with signals or values
    year: int | None  # the list's year; None: all years
    ds: Dataset
    rows: pl.DataFrame  # every signal matching the filters, in the list's order
    names: dict  # org id → name
    codes: dict  # VOM id → code (title when it has none)
    voms: pl.DataFrame
    boards: pl.DataFrame  # sorted by name (Swedish order)


def found_signals(args: dict, sig_type: str | None, recipient: str | None, goal: str | None,
                  year: str | None, text: str | None) -> Found | None:
    """The list's year and the signals matching the filters; None on an empty database."""
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    engine = get_engine()
    years = sorted({y for y, _ in ctx.available} | set(signal_views.signal_years(engine)))
    if year == ALL_YEARS:
        pick = None
    else:
        pick = int(year) if year and year.isdigit() and int(year) in years else ctx.year
    ds = signal_views.year_signals(engine, pick)
    rows = filter_signals(signal_list(ds, years if pick is None else [pick]), ds,
                          signal_type=chosen(sig_type), recipient=chosen(recipient),
                          vom_id=chosen(goal), year=pick, text=text)
    orgs = ds.organisation
    names = dict(zip(orgs["id"].to_list(), orgs["name"].to_list()))
    voms = ds.goals.filter(pl.col("level") == "verksamhetsomradesmal").sort("code", "id")
    codes = dict(zip(voms["id"].to_list(), (voms["code"].fill_null(voms["title"])).to_list()))
    boards = orgs.filter(pl.col("level") == "namnd")
    boards = boards.with_columns(_k=pl.col("name").map_elements(sv_key, return_dtype=pl.String)
                                 ).sort("_k")
    return Found(years, pick, ds, rows, names, codes, voms, boards)


def groups_frame(counts: pl.DataFrame) -> pl.DataFrame:
    """The auditors' table: one row per signal type and the total, one column per group."""
    by = {r["recipient"]: r for r in counts.iter_rows(named=True)}
    out = [{"Styrsignal": TYPE_LABEL.get(t, "Totalt"),
            **{GROUP_LABEL[g]: int(by.get(g, {}).get(t) or 0) for g in GROUPS}}
           for t in (*SIGNAL_TYPES, "total")]
    schema = {"Styrsignal": pl.String, **{GROUP_LABEL[g]: pl.Int64 for g in GROUPS}}
    return pl.DataFrame(out, schema=schema)


BOARD_COLUMNS = (*((t, TYPE_LABEL[t]) for t in SIGNAL_TYPES), ("total", "Från budgeten, summa"),
                 ("own_namndmal", "Egna nämndmål"), ("own_indikator", "Egna indikatorer"),
                 ("own_aktivitet", "Egna aktiviteter"), ("own_total", "Egna, summa"),
                 ("grand", "Sammanlagt"))


def boards_frame(rows: pl.DataFrame, sort: str | None) -> pl.DataFrame:
    """Per board (named board_signal_counts) in the page's sort order."""
    rows = sort_board_rows(rows, sort if sort in BOARD_SORTS else "totalt")
    return rows.select(pl.col("name").alias("Nämnd"),
                       *(pl.col(c).fill_null(0).cast(pl.Int64).alias(h)
                         for c, h in BOARD_COLUMNS))


GOAL_COLUMNS = (("indikator_kf", "Indikatorer, KF"), ("indikator_egen", "Indikatorer, egna"),
                ("aktivitet_kf", "Aktiviteter, KF"), ("aktivitet_egen", "Aktiviteter, egna"),
                ("direktiv_och_uppdrag", "Direktiv och uppdrag"), ("total", "Totalt"))


def goals_frame(density: pl.DataFrame) -> pl.DataFrame:
    """Per VOM (goal_density's order); the signals tied to no VOM as 'Ej kopplade till mål'."""
    none = pl.col("vom_id").is_null()
    return density.select(
        pl.when(none).then(None).otherwise(pl.col("code")).alias("Mål (kod)"),
        pl.when(none).then(pl.lit("Ej kopplade till mål")).otherwise(pl.col("title"))
        .alias("Verksamhetsområdesmål"),
        *(pl.col(c).cast(pl.Int64).alias(h) for c, h in GOAL_COLUMNS))


def list_frame(rows: pl.DataFrame, names: dict, codes: dict) -> pl.DataFrame:
    """Every row of the filtered list, as the page shows it (text as text, the id apart)."""
    out = [{
        "Typ": KIND_LABEL.get(r["kind"] or "", r["kind"]), "År": r["year"],
        "Mottagare": recipient_label(r["recipient"], names) if r["recipient"] else None,
        "Beslutad av": "KF (budgeten)" if r["kf"] else names.get(r["issuer"], r["issuer"]),
        "Mål (kod)": codes.get(r["vom_id"]) if r["vom_id"] else None,
        "Text": r["text"], "Id": r["id"],
    } for r in rows.iter_rows(named=True)]
    schema = {"Typ": pl.String, "År": pl.Int64, "Mottagare": pl.String,
              "Beslutad av": pl.String, "Mål (kod)": pl.String, "Text": pl.String,
              "Id": pl.String}
    return pl.DataFrame(out, schema=schema)


def _year(args: dict) -> tuple[int, Dataset] | None:
    ctx = data.period_context(args.get("ar"), args.get("period"))
    if ctx.empty:
        return None
    args.update(ar=ctx.year, period=None)  # the page shows a budget year, no period
    return ctx.year, signal_views.year_signals(get_engine(), ctx.year)


def groups_table(args: dict) -> ExportTable | None:
    got = _year(args)
    if got is None:
        return None
    year, ds = got
    return ExportTable(f"Budgetens styrsignaler per mottagargrupp {year}",
                       groups_frame(signal_counts(ds, year)))


def boards_table(args: dict) -> ExportTable | None:
    got = _year(args)
    if got is None:
        return None
    year, ds = got
    key = args.get("sort") if args.get("sort") in BOARD_SORTS else "totalt"
    rows = named_boards(board_signal_counts(ds, year), ds.organisation)
    return ExportTable(f"Styrsignaler per nämnd {year}", boards_frame(rows, key),
                       {"Sorterat efter": BOARD_SORTS[key]})


def goals_table(args: dict) -> ExportTable | None:
    got = _year(args)
    if got is None:
        return None
    year, ds = got
    return ExportTable(f"Styrsignaler per verksamhetsområdesmål {year}",
                       goals_frame(goal_density(ds, year)))


def list_table(args: dict) -> ExportTable | None:
    f = found_signals(args, *(args.get(k) for k in LIST_KEYS))
    if f is None:
        return None
    args.update(ar=f.year, period=None)
    goal = chosen(args.get("mal"))
    words = {
        "År": "Alla år" if f.year is None else "",
        "Typ": TYPE_OPTION.get(chosen(args.get("typ")) or "", ""),
        "Mottagare": recipient_label(chosen(args.get("mottagare")), f.names)
        if chosen(args.get("mottagare")) else "",
        "Mål": "Ej kopplade till mål" if goal == NO_GOAL else f.codes.get(goal, "") if goal
        else "",
        "Sökt text": (args.get("sok") or "").strip(),
    }
    title = "Styrsignalerna" + (" alla år" if f.year is None else f" {f.year}")
    return ExportTable(title, list_frame(f.rows, f.names, f.codes), words)


def list_args(ar, sig_type, recipient, goal, year, text) -> dict:
    """The list download's arguments for the current filters."""
    return {"ar": ar, **dict(zip(LIST_KEYS, (sig_type, recipient, goal, year, text)))}


register_table("signals", "groups", groups_table)
register_table("signals", "boards", boards_table)
register_table("signals", "goals", goals_table)
register_table("signals", "list", list_table)
