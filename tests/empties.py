"""Find what a page shows empty without a word: a table without rows, a chart without data,
an empty list or grid, the generic 'Inga rader att visa.' (issue 10: every table, list and
chart that can be empty says what is missing and why)."""

from __future__ import annotations

from dash import dcc, html

from tests.dash_tree import text, walk

GENERIC = "Inga rader att visa."


def _kids(node) -> list:
    ch = getattr(node, "children", None)
    if ch is None:
        return []
    return [c for c in (ch if isinstance(ch, (list, tuple)) else [ch]) if c is not None]


def _name(node) -> str:
    return f"{type(node).__name__}#{getattr(node, 'id', None) or ''}"


def _trace_empty(trace) -> bool:
    """No number to draw: category labels alone (bars whose values are all None) draw nothing."""
    t = trace if isinstance(trace, dict) else trace.to_plotly_json()
    if t.get("type") == "sankey":
        return not (t.get("link") or {}).get("value")
    return not any(_has_number(t.get(k)) for k in ("x", "y", "values", "z", "value"))


def _has_number(values) -> bool:
    if isinstance(values, bool) or values is None or isinstance(values, str):
        return False
    if isinstance(values, (int, float)):
        return True
    try:
        return any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values)
    except TypeError:
        return False


def _figure_empty(fig) -> bool:
    if fig is None:
        return False  # filled by a callback
    data = fig.get("data") if isinstance(fig, dict) else list(fig.data)
    return not data or all(_trace_empty(t) for t in data)


def empties(tree) -> list[str]:
    """What is shown empty: each as 'Table#id', 'Graph#id', 'Ul#', 'AgGrid#id' or the
    generic text; [] when everything that is shown has content or says why it has none."""
    found = []
    for node in walk(tree):
        if isinstance(node, html.Table):
            bodies = [c for c in _kids(node) if isinstance(c, html.Tbody)]
            if bodies and not any(_kids(b) for b in bodies):
                found.append(_name(node))
        elif isinstance(node, dcc.Graph) and _figure_empty(node.figure):
            found.append(_name(node))
        elif isinstance(node, (html.Ul, html.Ol)) and not _kids(node):
            found.append(_name(node))
        elif type(node).__name__ == "AgGrid" and getattr(node, "rowData", None) == []:
            found.append(_name(node))
        elif isinstance(node, str) and node.strip() == GENERIC:
            found.append(GENERIC)
    return found


def says(tree, sentence: str) -> bool:
    return sentence in text(tree)
