"""The charts of /jamforelse and /prognoser, as plain plotly figure dicts (like
`components.charts`: building `go.Figure`s costs tens of milliseconds). Each page puts a
text alternative (a table or a sentence) beside every chart."""

from __future__ import annotations

import math

from components.charts import COLOUR, FONT, PATTERN, _layout
from ils.labels import LIGHT_LABEL

T2_STATE_LABEL = {}
for _k, _v in LIGHT_LABEL.items():
    T2_STATE_LABEL[_k] = _v
    T2_STATE_LABEL[f"{_k}_prognos"] = f"{_v} (prognos)"
LINE = "#0a58ca"


def _short(name: str, n: int = 30) -> str:
    return name if len(name) <= n else name[: n - 1] + "…"


def optimism_multiples(series: dict[str, list[tuple[int, float | None]]],
                       years: list[int], cols: int = 5) -> dict:
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
        notes.append({"text": _short(name), "xref": "paper", "yref": "paper",
                      "x": x0 + w / 2, "y": y1, "yanchor": "bottom", "xanchor": "center",
                      "showarrow": False, "font": {"size": 11}})
    layout = _layout(height=max(190, 150 * rows), x_title=None, y_title=None,
                     showlegend=False, annotations=notes, shapes=shapes)
    layout.update(layout_axes)
    layout["margin"] = {"l": 30, "r": 10, "t": 25, "b": 25}
    return {"data": data, "layout": layout}


def sankey(flows: list[dict]) -> dict:
    """T2 light → VB light (flows: t2_state, light_vb, n); green → yellow/red links red."""
    left = [s for s in T2_STATE_LABEL if any(f["t2_state"] == s for f in flows)]
    right = [s for s in LIGHT_LABEL if any(f["light_vb"] == s for f in flows)]
    labels = ([f"T2: {T2_STATE_LABEL[s]}" for s in left]
              + [f"VB: {LIGHT_LABEL[s]}" for s in right])
    colours = [COLOUR[s.replace("_prognos", "")] for s in left] + [COLOUR[s] for s in right]
    idx_l = {s: i for i, s in enumerate(left)}
    idx_r = {s: len(left) + i for i, s in enumerate(right)}
    failed = [f["t2_state"].startswith("gron") and f["light_vb"] in ("gul", "rod")
              for f in flows]
    return {"data": [{
        "type": "sankey", "arrangement": "fixed", "valueformat": "d",
        "node": {"label": labels, "color": colours, "pad": 18, "thickness": 18,
                 "line": {"color": "#212529", "width": 0.5},
                 "hovertemplate": "%{label}: %{value}<extra></extra>"},
        "link": {"source": [idx_l[f["t2_state"]] for f in flows],
                 "target": [idx_r[f["light_vb"]] for f in flows],
                 "value": [f["n"] for f in flows],
                 "color": ["rgba(198,40,40,.45)" if x else "rgba(140,149,159,.3)"
                           for x in failed],
                 "hovertemplate": "%{source.label} → %{target.label}: %{value}"
                                  "<extra></extra>"},
    }], "layout": {"height": 380, "margin": {"l": 10, "r": 10, "t": 10, "b": 10},
                   "font": FONT, "paper_bgcolor": "#fff"}}


def failed_share_bars(names: list[str], shares: list[float | None],
                      texts: list[str]) -> dict:
    """Per board the share of T2 greens that ended yellow or red at VB (horizontal bars,
    in the given order top to bottom), labelled "2 av 3"."""
    bar = {"type": "bar", "orientation": "h", "y": names,
           "x": [0 if s is None else round(s * 100, 1) for s in shares],
           "text": texts, "textposition": "outside", "cliponaxis": False,
           "marker": {"color": COLOUR["rod"], "pattern": {"shape": PATTERN["rod"],
                                                          "fgcolor": "#fff",
                                                          "fillmode": "overlay",
                                                          "solidity": 0.25}},
           "hovertemplate": "%{y}: %{text}<extra></extra>"}
    layout = _layout(height=max(220, 70 + 26 * len(names)),
                     x_title="Andel gröna i T2 som blev gula eller röda i VB", y_title=None,
                     xaxis={"range": [0, 115], "ticksuffix": " %",
                            "tickvals": [0, 20, 40, 60, 80, 100]},
                     yaxis={"categoryorder": "array", "categoryarray": names[::-1],
                            "type": "category"}, showlegend=False)
    return {"data": [bar], "layout": layout}


def shares_over_years(years: list[int], series: dict[str, list[float | None]]) -> dict:
    """Lines of shares (0..1) per year, drawn in percent; told apart by colour and dash."""
    palette = (COLOUR["rod"], "#6f42c1", LINE)
    dashes = ("solid", "dash", "dot")
    data = [{"type": "scatter", "x": [str(y) for y in years],
             "y": [None if v is None else round(v * 100, 1) for v in ys], "name": name,
             "mode": "lines+markers", "connectgaps": False,
             "line": {"color": palette[i % 3], "width": 3, "dash": dashes[i % 3]},
             "marker": {"size": 8}, "hovertemplate": name + " %{x}: %{y} %<extra></extra>"}
            for i, (name, ys) in enumerate(series.items())]
    layout = _layout(height=300, x_title="År", y_title="Andel som inte höll",
                     xaxis={"type": "category"}, yaxis={"range": [0, 105], "ticksuffix": " %"})
    return {"data": data, "layout": layout}
