"""The downloads of /styrsignaler (Excel; the list also CSV): each table's `export` of the same
rows the page shows, from the same cached loaders (`data.py`)."""

from __future__ import annotations

from components import grid
from components.export import ExportTable
from ils.signal_lists import NO_GOAL
from pagekit import view
from pages.styrsignaler import data
from pages.styrsignaler.listing import TYPE_OPTION
from pages.styrsignaler.tables import (
    BOARD_SORTS,
    BOARD_TABLE,
    GOAL_TABLE,
    GROUP_TABLE,
    LIST_TABLE,
    board_rows,
    board_sort,
    group_rows,
    list_rows,
    recipient_label,
)

VIEW = view.of(__name__)  # its tables' name: /data/styrsignaler/…

GRID_KEY = "tabell"  # the grid's column filters (its filterModel as JSON) in a download's args


def _year(args: dict) -> data.SignalsData | None:
    got = data.load(args)
    if got is not None:
        args.update(ar=got.ctx.year, period=None)  # the page shows a budget year, no period
    return got


def groups_table(args: dict) -> ExportTable | None:
    d = _year(args)
    return None if d is None else GROUP_TABLE.export(
        group_rows(d.counts), f"Budgetens styrsignaler per mottagargrupp {d.ctx.year}")


def boards_table(args: dict) -> ExportTable | None:
    d = _year(args)
    if d is None:
        return None
    key = board_sort(args.get("sort"))
    return BOARD_TABLE.export(board_rows(d.boards, key), f"Styrsignaler per nämnd {d.ctx.year}",
                              {"Sorterat efter": BOARD_SORTS[key]})


def goals_table(args: dict) -> ExportTable | None:
    d = _year(args)
    return None if d is None else GOAL_TABLE.export(
        d.density, f"Styrsignaler per verksamhetsområdesmål {d.ctx.year}")


def shown_rows(found: data.SignalList, model) -> tuple[list[dict], int]:
    """The list's rows under the grid's column filters, and how many there were before."""
    rows = list_rows(found.rows, found.base.names, found.base.codes)
    return grid.keep(LIST_TABLE, rows, model), len(rows)


def list_table(args: dict) -> ExportTable | None:
    found = data.load_list(args)
    if found is None:
        return None
    args.update(ar=found.year, period=None)
    f, names, codes = found.filters, found.base.names, found.base.codes
    words = {
        "År": "Alla år" if found.year is None else "",
        "Typ": TYPE_OPTION.get(f["typ"] or "", ""),
        "Mottagare": recipient_label(f["mottagare"], names) or "",
        "Mål": "Ej kopplade till mål" if f["mal"] == NO_GOAL else codes.get(f["mal"], "")
        if f["mal"] else "",
        "Sökt text": (f["sok"] or "").strip(),
        "Filter i tabellen": grid.describe(LIST_TABLE, args.get(GRID_KEY)),
    }
    title = "Styrsignalerna" + (" alla år" if found.year is None else f" {found.year}")
    rows, _ = shown_rows(found, args.get(GRID_KEY))
    return LIST_TABLE.export(rows, title, words)


VIEW.table(GROUP_TABLE.name, groups_table)
VIEW.table(BOARD_TABLE.name, boards_table)
VIEW.table(GOAL_TABLE.name, goals_table)
VIEW.table(LIST_TABLE.name, list_table)
