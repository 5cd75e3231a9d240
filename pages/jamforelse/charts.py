"""The chart of /jamforelse as a plain plotly figure dict (like `components.charts`: building
`go.Figure`s costs tens of milliseconds): the optimism index per board over the years, one
small panel each. The page puts the same numbers in a table beside it."""

from __future__ import annotations

import math

from components.charts import _layout

LINE = "#0a58ca"


def _short(name: str, n: int = 30) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def chart_series(series: dict[str, tuple], limit: int, year: int) -> dict[str, tuple]:
    """The series the small multiples draw: the first (all boards together) and, of more than
    `limit` boards, the `limit` with the highest optimism index in `year` (no index that
    year: last), the most positive self-assessments being what the audit asks to look at; in
    the order of `series`."""
    first, *boards = series
    if len(boards) <= limit:
        return dict(series)

    def rank(name: str):
        value = dict(series[name]).get(year)
        return (value is None, -(value or 0.0))

    keep = set(sorted(boards, key=rank)[:limit])
    return {first: series[first], **{b: series[b] for b in boards if b in keep}}


PHONE_COLS, PHONE_CHARS = 2, 24  # on a phone: two panels a row, names cut shorter


def optimism_multiples(series: dict[str, list[tuple[int, float | None]]],
                       years: list[int], cols: int = 5, chars: int = 30) -> dict:
    """Small multiples: one panel per board with its optimism index per year and a dashed
    zero line (agrees with the indicators); the y axis −2 … +2 is the same for all."""
    names = list(series)
    cols = max(1, min(cols, len(names)))
    rows = max(1, math.ceil(len(names) / cols))
    gap_x, gap_y = 0.03, 0.5 / max(rows, 1) * 0.6
    w = (1 - gap_x * (cols - 1)) / cols
    h = (1 - gap_y * (rows - 1)) / rows
    xs = [str(y) for y in years]
    data, layout_axes, notes, shapes = [], {}, [], []
    for i, name in enumerate(names):
        r, c = divmod(i, cols)
        n = "" if i == 0 else str(i + 1)
        x0 = c * (w + gap_x)
        y1 = 1 - r * (h + gap_y)
        pts = dict(series[name])
        data.append({"type": "scatter", "x": xs, "y": [pts.get(y) for y in years],
                     "mode": "lines+markers", "name": name, "xaxis": f"x{n}",
                     "yaxis": f"y{n}", "line": {"color": LINE, "width": 2},
                     "marker": {"size": 6}, "connectgaps": False,
                     "hovertemplate": name + " %{x}: %{y:+.2f}<extra></extra>"})
        layout_axes[f"xaxis{n}"] = {"domain": [x0, x0 + w], "anchor": f"y{n}",
                                    "type": "category", "tickfont": {"size": 10},
                                    "gridcolor": "#e9ecef", "categoryorder": "array",
                                    "categoryarray": xs}
        layout_axes[f"yaxis{n}"] = {"domain": [y1 - h, y1], "anchor": f"x{n}",
                                    "range": [-2.3, 2.3], "tickvals": [-2, 0, 2],
                                    "ticktext": ["−2", "0", "+2"], "gridcolor": "#e9ecef",
                                    "zeroline": False, "showticklabels": c == 0,
                                    "tickfont": {"size": 10}}
        shapes.append({"type": "line", "xref": f"x{n} domain", "yref": f"y{n}", "x0": 0,
                       "x1": 1, "y0": 0, "y1": 0,
                       "line": {"color": "#6c757d", "width": 1, "dash": "dash"}})
        notes.append({"text": _short(name, chars), "xref": "paper", "yref": "paper",
                      "x": x0 + w / 2, "y": y1, "yanchor": "bottom", "xanchor": "center",
                      "showarrow": False, "font": {"size": 11}})
    layout = _layout(height=max(190, 150 * rows), x_title=None, y_title=None,
                     showlegend=False, annotations=notes, shapes=shapes)
    layout.update(layout_axes)
    layout["margin"] = {"l": 30, "r": 10, "t": 25, "b": 25}
    return {"data": data, "layout": layout}
