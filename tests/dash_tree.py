"""Walk a Dash component tree in app-level tests (callbacks called directly)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from dash.development.base_component import Component


def walk(node) -> Iterator:
    """Every component and plain value in the tree, depth first."""
    yield node
    if isinstance(node, Component):
        children = getattr(node, "children", None)
        if children is not None:
            yield from walk(children)
    elif isinstance(node, (list, tuple)):
        for child in node:
            yield from walk(child)


def texts(node) -> list[str]:
    """All text in the tree: strings and numbers among the children, in order."""
    return [str(n) for n in walk(node) if isinstance(n, (str, int, float))
            and not isinstance(n, bool)]


def text(node) -> str:
    return " ".join(texts(node))


def find_all(node, predicate: Callable[[Component], bool]) -> list[Component]:
    return [n for n in walk(node) if isinstance(n, Component) and predicate(n)]


def find_by_id(node, component_id) -> Component | None:
    hits = find_all(node, lambda c: getattr(c, "id", None) == component_id)
    return hits[0] if hits else None


def aria_labels(node) -> list[str]:
    """The accessible names given with aria-label (e.g. every light's Swedish label)."""
    return [getattr(c, "aria-label") for c in
            find_all(node, lambda c: getattr(c, "aria-label", None) is not None)]


def hrefs(node) -> list[str]:
    return [c.href for c in find_all(node, lambda c: getattr(c, "href", None) is not None)]


def grid_cells(node, wrap_id: str) -> dict[tuple[str, str], dict]:
    """A board × goal matrix grid (components/matrix_grid.py) read from its rowData,
    columnDefs and context: (board name, goal code) → the cell's `value`, its codes (`pair` on
    /jamforelse, `light` on the start page), the grid's `words` and the `href` the cell links
    to (as assets/matrix_grid.js builds it)."""
    wrap = find_by_id(node, wrap_id)
    assert wrap is not None, wrap_id
    ag = wrap.children
    return cells_of(ag.rowData, ag.columnDefs, ag.dashGridOptions["context"]["words"])


def cells_of(rows: list[dict], defs: list[dict], words: dict) -> dict[tuple[str, str], dict]:
    """`grid_cells` of a grid's rowData, columnDefs and words (also as read in a browser)."""
    out = {}
    for row in rows:
        for d in defs:
            p = d.get("cellRendererParams") or {}
            if "vom" not in p:
                continue
            f, q = d["field"], p["query"]
            out[(row["n"], d["headerName"])] = {
                "value": row.get(f), "pair": row.get(f + "p"), "light": row.get(f + "x"),
                "words": words, "code": p.get("code"),
                "href": f"/namnd/{row['id']}{q}{'&' if q else '?'}mal={p['vom']}#mal-{p['vom']}"}
    return out


def grid_board_names(node, wrap_id: str) -> list[str]:
    """The board names of a matrix grid's rows, in order."""
    return [r["n"] for r in find_by_id(node, wrap_id).children.rowData]


def pair_labels(cells: dict) -> list[str]:
    """The accessible names of /jamforelse's cells (self-assessment, computed light, gap)."""
    out = []
    for c in cells.values():
        if c["pair"] is None:
            out.append(c["words"]["empty"])
            continue
        w, (a, light) = c["words"], c["pair"]
        gap = "none" if c["value"] is None else str(c["value"])
        out += [w["a"][a] if a else w["none"], w["l"][light or "saknas"], w["gapName"][gap]]
    return out


def light_label_of(name: str, cell: dict) -> str:
    """The accessible name of a start-page cell, as assets/matrix_grid.js composes it, with
    the counts in words by `ils.labels.indicator_counts`."""
    from ils.labels import indicator_counts

    w, x = cell["words"], cell["light"]
    who = w["cell"].replace("{name}", name).replace("{code}", cell["code"])
    if x is None or x[0] == "inga_indikatorer":
        return who + w["none"]
    counts = indicator_counts(dict(zip(("n_green", "n_yellow", "n_red", "n_missing",
                                        "n_forecast"), x[3:], strict=True)))
    return (who + (w["stateForecast"] if x[1] else w["state"])[x[0]] + w["dash"] + counts
            + (w["positive"] if x[2] else ""))
