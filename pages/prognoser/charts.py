"""The charts of /prognoser as plain plotly figure dicts (like `components.charts`: building
`go.Figure`s costs tens of milliseconds): the T2 → VB flows, the failed share per board, the
shares over the years. The page puts a text alternative (a table or a sentence) beside each."""

from __future__ import annotations

from components.charts import COLOUR, FONT, PATTERN, _layout
from ils.labels import LIGHT_LABEL

T2_STATE_LABEL = {}
for _k, _v in LIGHT_LABEL.items():
    T2_STATE_LABEL[_k] = _v
    T2_STATE_LABEL[f"{_k}_prognos"] = f"{_v} (prognos)"
LINE = "#0a58ca"


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
