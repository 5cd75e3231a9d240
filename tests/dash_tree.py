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
