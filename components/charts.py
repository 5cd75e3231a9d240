"""Small plotly helpers shared by the pages: Swedish axis titles, light colours with a pattern
per light (so bars differ without colour too), targets drawn visibly, no mode bar.

Each function returns a plotly figure as a plain dict (building `go.Figure`s validates every
property and costs tens of milliseconds per chart); `graph(fig, id, label)` wraps one in a
`dcc.Graph`.
Every chart needs a text alternative beside it (a table or a sentence): the pages add it.
The browser draws them with the app's own plotly.js bundle (`web.bundles`): bar, pie,
sankey and scatter traces only; `graph` refuses any other type.
"""

from __future__ import annotations

from collections.abc import Sequence

from dash import dcc, html

from ils.labels import LIGHT_LABEL, fmt_number

# A chart with one bar or panel per board draws at most this many: more are not read, only
# scrolled past (the 147 boards of ten times Stockholm made a bar chart 3 600 px tall, and 148
# small panels that took the browser 1.5 s to draw). The pages say which boards a cut chart
# shows; the table beside it has every board.
BOARDS_MAX = 40

# The trace types the app's own plotly.js bundle carries (tools/plotly_bundle/entry.js, served by
# web/bundles.py); `graph` refuses others.
PLOTLY_TRACES = frozenset({"bar", "pie", "sankey", "scatter"})

COLOUR = {"gron": "#1a7f37", "gul": "#d4a72c", "rod": "#c62828", "saknas": "#8c959f",
          "ej_malsatt": "#c4c9ce"}
PATTERN = {"gron": "", "gul": "/", "rod": "x", "saknas": ".", "ej_malsatt": "-"}
FONT = dict(family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size=13,
            color="#212529")
TARGET_COLOUR = "#212529"
OWN_MARKER = {"symbol": "diamond", "size": 12, "color": TARGET_COLOUR,
              "line": {"color": "#fff", "width": 1.5}}
LOWER_MARKER = {"symbol": "triangle-left", "size": 15, "color": "#6f42c1",
                "line": {"color": "#fff", "width": 1.5}}
# a comparison value (Riket from Kolada): not a light — blue-grey, cross-hatched, its own name
REFERENCE_MARKER = {"color": "#4a6fa5", "pattern": {"shape": "+", "fgcolor": "#fff",
                                                    "solidity": 0.3, "fillmode": "overlay"}}


def _axis(title: str | None, **extra) -> dict:
    return {"title": {"text": title} if title else None, "gridcolor": "#e9ecef",
            "zerolinecolor": "#adb5bd", "automargin": True, **extra}


def _layout(*, height: int, x_title: str | None, y_title: str | None, xaxis: dict | None = None,
            yaxis: dict | None = None, **extra) -> dict:
    return {
        "height": height, "margin": {"l": 10, "r": 10, "t": 30, "b": 10}, "font": FONT,
        "plot_bgcolor": "#fff", "paper_bgcolor": "#fff", "separators": ", ",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left",
                   "x": 0},
        "hoverlabel": {"font": FONT},
        "xaxis": _axis(x_title, **(xaxis or {})), "yaxis": _axis(y_title, **(yaxis or {})),
        **extra,
    }


def style(fig, *, height: int, x_title: str | None, y_title: str | None,
          legend: bool = True):
    """Apply the house style to a `go.Figure` (for pages that build their own figures)."""
    fig.update_layout(**_layout(height=height, x_title=x_title, y_title=y_title),
                      showlegend=legend)
    return fig


_base = style  # the name other modules import


def graph(fig, graph_id: str | dict, label: str) -> html.Figure:
    """A `dcc.Graph` (dict or `go.Figure`) without the mode bar, in a <figure> whose caption
    names it."""
    traces = fig.get("data", []) if isinstance(fig, dict) else fig.data
    for trace in traces:
        kind = trace.get("type", "scatter") if isinstance(trace, dict) else trace.type
        if kind not in PLOTLY_TRACES:
            raise ValueError(f"trace type {kind!r} is not in the plotly.js bundle the app "
                             f"serves ({', '.join(sorted(PLOTLY_TRACES))})")
    return html.Figure([
        dcc.Graph(id=graph_id, figure=fig, config={"displayModeBar": False, "locale": "sv",
                                                   "responsive": True},
                  className="kr-graph"),
        html.Figcaption(label, className="visually-hidden"),
    ], className="mb-2")


def _bar_marker(light: str) -> dict:
    return {"color": COLOUR[light], "pattern": {"shape": PATTERN[light], "fgcolor": "#fff",
                                                "solidity": 0.3, "fillmode": "overlay"}}


def fitted_range(numbers: Sequence[float | None], pad: float = 0.1) -> list[float] | None:
    """An axis range from a little below the lowest to a little above the highest number
    (`pad` of the span on each side; not below 0 when no number is), or None without numbers."""
    xs = [x for x in numbers if x is not None]
    if not xs:
        return None
    lo, hi = min(xs), max(xs)
    margin = (hi - lo) * pad or abs(hi) * pad or 1.0
    low = lo - margin
    return [0.0 if lo >= 0 > low else low, hi + margin]


DOT_SYMBOL = {"gron": "circle", "gul": "triangle-up", "rod": "square", "saknas": "circle-open",
              "ej_malsatt": "line-ew-open"}


def zero_squeezes(numbers: Sequence[float | None]) -> bool:
    """§3.8 honest charts: whether an axis from zero would squeeze the differences (all the
    numbers on one side of zero and their spread less than half the largest magnitude); then
    dots on a fitted axis are drawn instead of bars."""
    xs = [x for x in numbers if x is not None]
    if not xs:
        return False
    lo, hi = min(xs), max(xs)
    if lo > 0:
        return hi - lo < hi / 2
    if hi < 0:
        return hi - lo < -lo / 2
    return False


def zero_range(numbers: Sequence[float | None], pad: float = 0.1) -> list[float] | None:
    """An axis that includes zero (a bar's length shows its value), a little past the
    numbers; None without numbers."""
    r = fitted_range(numbers, pad)
    return None if r is None else [min(0.0, r[0]), max(0.0, r[1])]


def bar_with_targets(names: Sequence[str], values: Sequence[float | None],
                     lights: Sequence[str], *, own_targets: Sequence[float | None] | None = None,
                     kf_target: float | None = None, value_title: str = "Värde",
                     unit: str | None = None, forecast: Sequence[bool] | None = None,
                     target_label: str = "KF:s målvärde",
                     lower: Sequence[bool] | None = None,
                     reference: tuple[str, float, str | None, str] | None = None) -> dict:
    """Horizontal bars, one per org (top to bottom in the given order), coloured and patterned
    by light, on an axis fitted to the values and targets; the KF target as a vertical dashed
    line and own targets as diamond markers (`lower`: own targets less ambitious than KF's,
    drawn as a distinct marker with a legend entry of their own). `reference` = (name, value,
    beside, legend): a comparison bar (e.g. Riket from Kolada) right below the bar named
    `beside` (last when absent), drawn apart from the lights, its legend entry `legend`.
    §3.8 honest charts: the bars start at zero; where zero would squeeze the differences
    (`zero_squeezes`) the values are dots (shaped by light) on a fitted axis instead. Orgs
    without a value are left out of the chart (the page lists them as "Utfall saknas").
    Returns a plotly figure as a plain dict (no validation cost)."""
    keep = [i for i, v in enumerate(values) if v is not None]
    names, values, lights = ([list(x)[i] for i in keep] for x in (names, values, lights))
    if forecast is not None:
        forecast = [list(forecast)[i] for i in keep]
    if own_targets is not None:
        own_targets = [list(own_targets)[i] for i in keep]
    if lower is not None:
        lower = [list(lower)[i] for i in keep]
    dots = zero_squeezes([*values, *(own_targets or []), kf_target,
                          *([reference[1]] if reference is not None else [])])
    suffix = f" {unit}" if unit else ""
    data = []
    fc = list(forecast) if forecast is not None else [False] * len(names)
    ref_values = []
    if reference is not None:
        ref_name, ref_value, beside, legend = reference
        at = names.index(beside) + 1 if beside in names else len(names)
        names.insert(at, ref_name)
        values, lights, fc = list(values), list(lights), list(fc)
        values.insert(at, None)  # the light traces skip it: drawn as its own trace below
        lights.insert(at, None)
        fc.insert(at, False)
        if own_targets is not None:
            own_targets = [*own_targets[:at], None, *own_targets[at:]]
        if lower is not None:
            lower = [*lower[:at], False, *lower[at:]]
        ref_values = [ref_value]
    for light in LIGHT_LABEL:
        for on_forecast in (False, True):
            idx = [i for i, lt in enumerate(lights) if lt == light and fc[i] == on_forecast]
            if not idx:
                continue
            label = LIGHT_LABEL[light] + (" (prognos)" if on_forecast else "")
            marker = _bar_marker(light)
            if on_forecast:  # hollow-looking, as the forecast lights: pale fill, strong edge
                marker = {**marker, "opacity": 0.45, "line": {"color": COLOUR[light],
                                                              "width": 2}}
            trace = {"type": "bar", "orientation": "h"}
            if dots:  # a dot per org, shaped as its light (hollow on a forecast)
                symbol = DOT_SYMBOL.get(light, "circle")
                trace = {"type": "scatter", "mode": "markers"}
                marker = {"symbol": symbol + ("-open" if on_forecast and "open" not in symbol
                                              else ""),
                          "size": 14, "color": COLOUR[light],
                          "line": {"color": COLOUR[light], "width": 2}}
            data.append({**trace, "name": label,
                         "y": [names[i] for i in idx], "x": [values[i] for i in idx],
                         "marker": marker,
                         "hovertemplate": "%{y}: %{x}" + suffix + "<extra>" + label
                         + "</extra>"})
    if reference is not None:  # after the lights: the legend reads lights first
        data.append({**({"type": "scatter", "mode": "markers"} if dots else
                        {"type": "bar", "orientation": "h"}), "name": legend, "y": [ref_name],
                     "x": [ref_value],
                     "marker": {"symbol": "x", "size": 14, "color": REFERENCE_MARKER["color"]}
                     if dots else REFERENCE_MARKER,
                     "hovertemplate": "%{y}: %{x}" + suffix + "<extra>" + legend
                     + "</extra>"})
    own_targets = list(own_targets) if own_targets is not None else [None] * len(names)
    low = list(lower) if lower is not None else [False] * len(names)
    for is_low, name, marker in ((False, "Eget målvärde", OWN_MARKER),
                                 (True, "Eget målvärde lägre än KF:s", LOWER_MARKER)):
        idx = [i for i, t in enumerate(own_targets) if t is not None and bool(low[i]) == is_low]
        if idx:
            data.append({"type": "scatter", "mode": "markers", "name": name,
                         "y": [names[i] for i in idx], "x": [own_targets[i] for i in idx],
                         "marker": marker, "hovertemplate": "%{y}: " + name.lower() + " %{x}"
                         + suffix + "<extra></extra>"})
    shapes, notes = [], []
    if kf_target is not None:
        shapes.append({"type": "line", "xref": "x", "yref": "paper", "x0": kf_target,
                       "x1": kf_target, "y0": 0, "y1": 1,
                       "line": {"color": TARGET_COLOUR, "width": 2, "dash": "dash"}})
    numbers = [*values, *own_targets, kf_target, *ref_values]
    r = fitted_range(numbers) if dots else zero_range(numbers)
    if kf_target is not None:
        # the label ends at the line in the right half of the axis: it is never cut off there
        right = r is not None and kf_target > (r[0] + r[1]) / 2
        notes.append({"xref": "x", "yref": "paper", "x": kf_target, "y": 1, "yanchor": "bottom",
                      "xanchor": "right" if right else "center", "showarrow": False,
                      "font": FONT, "text": f"{target_label} {fmt_number(kf_target)}{suffix}"})
    height = max(220, 60 + 28 * len(names))
    return {"data": data, "layout": _layout(
        height=height, x_title=value_title, y_title=None, barmode="overlay", bargap=0.25,
        xaxis={"range": r} if r else None,
        yaxis={"type": "category", "categoryorder": "array", "categoryarray": names[::-1]},
        shapes=shapes, annotations=notes)}


PHONE_ROW = 50  # px per org on a phone: its name on a line of its own, the bar below it


def labels_above(fig: dict) -> dict:
    """A horizontal bar chart (`bar_with_targets`) for a phone: each org's name above its bar
    instead of beside it, so the bars get the screen's whole width (beside them, the names
    left the bars about 70 of 390 px)."""
    layout = dict(fig["layout"])
    names = list(layout["yaxis"]["categoryarray"])
    layout["yaxis"] = {**layout["yaxis"], "showticklabels": False, "automargin": False}
    layout["margin"] = {**layout["margin"], "l": 4, "r": 4}
    layout["bargap"] = 0.55
    layout["height"] = max(220, 90 + PHONE_ROW * len(names))
    above = [{"xref": "paper", "yref": "y", "x": 0, "y": name, "xanchor": "left",
              "yanchor": "bottom", "yshift": PHONE_ROW * 0.45 / 2, "showarrow": False,
              "align": "left", "font": {**FONT, "size": 13}, "text": name} for name in names]
    layout["annotations"] = [*layout.get("annotations", []), *above]
    return {"data": fig["data"], "layout": layout}


def trend_lines(x_labels: Sequence[str], series: dict[str, Sequence[float | None]], *,
                target: Sequence[float | None] | None = None,
                limit: Sequence[float | None] | None = None, y_title: str = "Värde",
                x_title: str = "Period", hlines: dict[str, float] | None = None,
                y_range: tuple[float, float] | None = None) -> dict:
    """Lines over periods ("VB 2021", ...): one per series, the target as a dashed step line,
    the yellow limit dotted, and fixed horizontal reference lines (`hlines`: label → y)."""
    x = list(x_labels)
    palette = ("#0a58ca", "#6f42c1", "#d63384", "#fd7e14")
    data = [{"type": "scatter", "mode": "lines+markers", "name": name, "x": x, "y": list(ys),
             "line": {"color": palette[i % len(palette)], "width": 3}, "marker": {"size": 8},
             "connectgaps": False} for i, (name, ys) in enumerate(series.items())]
    if target is not None:
        data.append({"type": "scatter", "mode": "lines+markers", "name": "Målvärde", "x": x,
                     "marker": {"symbol": "line-ew-open", "size": 14, "color": TARGET_COLOUR},
                     "y": list(target), "line": {"color": TARGET_COLOUR, "width": 2,
                                                 "dash": "dash", "shape": "hv"}})
    if limit is not None:
        data.append({"type": "scatter", "mode": "lines", "name": "Gul gräns", "x": x,
                     "y": list(limit), "line": {"color": COLOUR["gul"], "width": 2,
                                                "dash": "dot", "shape": "hv"}})
    shapes, notes = [], []
    for label, y in (hlines or {}).items():
        shapes.append({"type": "line", "xref": "paper", "yref": "y", "x0": 0, "x1": 1,
                       "y0": y, "y1": y, "line": {"color": "#6c757d", "width": 1,
                                                  "dash": "dash"}})
        notes.append({"xref": "paper", "yref": "y", "x": 1, "y": y, "xanchor": "right",
                      "yanchor": "bottom", "showarrow": False, "text": label,
                      "font": {"size": 11, "color": "#495057"}})
    yaxis = {"range": list(y_range)} if y_range else {}
    return {"data": data, "layout": _layout(height=320, x_title=x_title, y_title=y_title,
                                            xaxis={"type": "category"}, yaxis=yaxis,
                                            shapes=shapes, annotations=notes)}


def light_counts_bars(x_labels: Sequence[str], counts: dict[str, Sequence[int]], *,
                      y_title: str = "Antal nämnder", x_title: str = "Period") -> dict:
    """Stacked bars: per period (x) how many orgs have each light (`counts`: light → counts)."""
    data = [{"type": "bar", "name": LIGHT_LABEL[light], "x": list(x_labels), "y": list(ys),
             "marker": _bar_marker(light),
             "hovertemplate": "%{x}: %{y}<extra>" + LIGHT_LABEL[light] + "</extra>"}
            for light in LIGHT_LABEL if (ys := counts.get(light)) is not None and any(ys)]
    top = max((sum(c) for c in zip(*counts.values(), strict=False)), default=0)
    step = max(1, -(-top // 6))  # whole numbers only: counts have no halves
    return {"data": data, "layout": _layout(height=320, x_title=x_title, y_title=y_title,
                                            xaxis={"type": "category"},
                                            yaxis={"dtick": step, "rangemode": "tozero"},
                                            barmode="stack", bargap=0.3)}


def period_label(year: int, period: str) -> str:
    """The x-axis label of one report: 'T1 2021', 'VB 2021'."""
    return f"{period} {year}"
