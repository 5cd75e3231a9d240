// The board × goal matrices as data grids (components/matrix_grid.py): /jamforelse's pair
// (self-assessment, computed light, gap) and the start page's light per board and goal.
// The rows carry codes only; every word comes from the grid's context (`context.words`, once
// per grid), which Python fills from ils.labels (one vocabulary); a goal column's
// cellRendererParams say its goal (`vom`, `code`) and the page's query. Plain React elements,
// no HTML strings.
//
// Keyboard: the grid is one tab stop. Arrow keys move between cells (AG Grid), Enter follows
// the cell's link, Tab leaves the grid (the links inside cells have tabIndex -1).
(function () {
  var comps = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
  var funcs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});
  // the shapes and the in-app navigation of assets/grid_cells.js (read when a cell is drawn)
  var cells = function () { return window.krGridCells; };
  var h = function () { return React.createElement.apply(React, arguments); };

  function link(href, className, children) {
    return h("a", { href: href, className: className, tabIndex: -1,
                    onClick: function (e) { cells().navigate(e, href); } }, children);
  }

  // A light drawn as components/lights.py's light_badge(compact=True): the shape, its words
  // as the accessible name and the tooltip.
  function compactLight(light, forecast, label, extra, key) {
    var SHAPE = cells().SHAPE, HOLLOW = cells().HOLLOW;
    light = SHAPE[light] ? light : "saknas";
    forecast = forecast && !!HOLLOW[light];
    var cls = "kr-light kr-light-" + light + (forecast ? " kr-forecast" : "") + " kr-compact" +
      (extra || "");
    return h("span", { className: cls, role: "img", title: label, "aria-label": label, key: key },
             forecast ? HOLLOW[light] : SHAPE[light]);
  }

  function dash(text, key) {  // "–" that says `text` to screen readers
    return h("span", { className: "text-muted", title: text, key: key }, [
      h("span", { "aria-hidden": "true", key: "d" }, "–"),
      h("span", { className: "visually-hidden", key: "t" }, text),
    ]);
  }

  function goalHref(p, id) {
    var q = p.query || "";
    return "/namnd/" + id + q + (q ? "&" : "?") + "mal=" + p.vom + "#mal-" + p.vom;
  }

  function plural(n, forms) { return n + " " + (n === 1 ? forms[0] : forms[1]); }

  // ils.labels.indicator_counts, with its word forms from Python (words.counts).
  function counts(w, x) {
    var g = x[3], y = x[4], r = x[5], miss = x[6], fc = x[7];
    var text = g + " " + (g === 1 ? w.ind[0] : w.ind[1]) + " " + (g === 1 ? w.g[0] : w.g[1]) +
      ", " + plural(y, w.y) + ", " + plural(r, w.r);
    if (miss) { text += ", " + miss + " " + w.miss; }
    if (fc) { text += w.fc.replace("{n}", fc).replace("{total}", g + y + r + miss); }
    return text;
  }

  // The board's name, linked to its page (with the page's ?ar=&period=); the summary row's
  // label as plain text.
  comps.KrMatrixBoard = function (props) {
    var row = props.data || {};
    if (!row.id) { return h("span", { className: "fw-semibold small" }, row.n); }
    return link("/namnd/" + row.id + (props.query || ""), "kr-board-link", row.n);
  };

  // /jamforelse: the row holds `<field>p` = [self-assessment, light] (none: no goal row) and
  // `<field>` = the gap; words: a, l, gap, gapName, gapText, gapClass, none, empty.
  comps.KrPair = function (props) {
    var f = props.colDef.field;
    var row = props.data || {};
    var pair = row[f + "p"];
    var w = props.context.words;
    if (!pair) { return dash(w.empty); }
    var gap = props.value === null || props.value === undefined ? "none" : String(props.value);
    var parts = [];
    if (pair[0]) {
      parts.push(compactLight({ uppfyllt: "gron", delvis: "gul", ej: "rod" }[pair[0]], false,
                              w.a[pair[0]], " kr-assessment", "a"));
    } else {
      parts.push(h("span", { className: "text-muted px-1", title: w.none, key: "a" }, [
        h("span", { "aria-hidden": "true", key: "d" }, "–"),
        h("span", { className: "visually-hidden", key: "t" }, w.none)]));
    }
    parts.push(compactLight(pair[1], false, w.l[pair[1] || "saknas"], "", "l"));
    parts.push(h("span", { className: w.gapClass[gap], role: "img", title: w.gap[gap],
                           "aria-label": w.gapName[gap], key: "g" }, w.gapText[gap]));
    return link(goalHref(props, row.id), "kr-cell-link d-inline-flex gap-1 align-items-center",
                parts);
  };

  // Start page: the row holds `<field>x` = [state, forecast, more positive, n_green, n_yellow,
  // n_red, n_missing, n_forecast] (none: no goal row); the summary row `<field>s` = [text,
  // title]. words: cell, dash, state, stateForecast, none, positive, counts; params.code.
  comps.KrGoalLight = function (props) {
    var f = props.colDef.field;
    var row = props.data || {};
    var w = props.context.words;
    if (row[f + "s"]) {
      return h("span", { className: "small", title: row[f + "s"][1] }, row[f + "s"][0]);
    }
    var x = row[f + "x"];
    var who = w.cell.replace("{name}", row.n).replace("{code}", props.code);
    if (!x || x[0] === "inga_indikatorer") {
      return h("span", { className: "text-muted", title: who + w.none }, "–");
    }
    var label = who + (x[1] ? w.stateForecast : w.state)[x[0]] + w.dash + counts(w.counts, x) +
      (x[2] ? w.positive : "");
    var parts = [compactLight(x[0], !!x[1], label, "", "l")];
    if (x[2]) {
      parts.push(h("span", { className: "kr-positive-mark", "aria-hidden": "true", key: "p" },
                   "+"));
    }
    return link(goalHref(props, row.id), "kr-cell-link", parts);
  };

  // Enter on a focused cell follows its link (the link itself is not a tab stop).
  funcs.KrFollowLink = function (params) {
    var e = params.event;
    if (e.type !== "keydown" || e.key !== "Enter" || params.editing) { return false; }
    var cell = e.target && e.target.closest ? e.target.closest(".ag-cell") : null;
    var a = cell ? cell.querySelector("a[href]") : null;
    if (!a) { return false; }
    a.click();
    return true;
  };

  // Tab and Shift+Tab leave the grid: the browser moves focus on (one tab stop).
  funcs.KrTabOut = function () { return false; };

  // On a phone (a grid narrower than 560 px) the pinned names get narrower, the kind column
  // goes and a board's numbers move after the goals, so that the lights are in view beside
  // the names.
  var NARROW = 560, NAME_PX = { narrow: 148, wide: 210 }, NUMBERS = ["s", "r", "p"];
  function fit(el) {
    var narrow = el.clientWidth > 0 && el.clientWidth < NARROW;
    if (!el.id || el.getAttribute("data-kr-narrow") === String(narrow) || !window.dash_ag_grid) {
      return;
    }
    el.setAttribute("data-kr-narrow", String(narrow));
    window.dash_ag_grid.getApiAsync(el.id).then(function (api) {
      api.setColumnsVisible(["k"], !narrow);
      api.setColumnWidths([{ key: "n", newWidth: narrow ? NAME_PX.narrow : NAME_PX.wide }]);
      var numbers = NUMBERS.filter(function (k) { return api.getColumn(k); });
      if (numbers.length) {
        api.moveColumns(numbers, narrow ? api.getColumns().length - numbers.length : 2);
      }
    });
  }
  function fitAll() { document.querySelectorAll(".kr-matrix-grid[id]").forEach(fit); }

  // On paper every row and column, without the grid's own scrolling (AG Grid's print layout).
  function layout(value) {
    if (!window.dash_ag_grid) { return; }
    document.querySelectorAll(".kr-matrix-grid[id]").forEach(function (el) {
      var api = window.dash_ag_grid.getApi(el.id);
      if (!api) { return; }
      if (value === "print") {  // the print layout wants the grid's height from its rows
        el.setAttribute("data-kr-height", el.style.height);
        el.style.height = "";
      } else if (el.hasAttribute("data-kr-height")) {
        el.style.height = el.getAttribute("data-kr-height");
      }
      api.setGridOption("domLayout", value);
    });
  }

  function start() {
    fitAll();
    new MutationObserver(fitAll).observe(document.body, { childList: true, subtree: true });
    window.addEventListener("resize", fitAll);
    window.addEventListener("beforeprint", function () { layout("print"); });
    window.addEventListener("afterprint", function () { layout("normal"); });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
