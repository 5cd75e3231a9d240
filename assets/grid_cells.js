// Cell renderers for data grids (dash-ag-grid looks them up by name in
// window.dashAgGridComponentFunctions). Plain React elements, no HTML strings.
//   KrLink: a link (an in-app navigation like dcc.Link); the row holds `<field>_href` and,
//           optionally, `<field>_text` (the link text) and `<field>_sr` (text for screen
//           readers only, e.g. " utveckling för Norrby").
//   KrLight: a light (shape + label, as components/lights.py draws it); the row holds
//           `<field>_light` (gron/gul/rod/saknas/ej_malsatt) and `<field>_forecast` (bool).
(function () {
  var funcs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
  var SHAPE = { gron: "●", gul: "▲", rod: "■", saknas: "○", ej_malsatt: "–" };
  var HOLLOW = { gron: "○", gul: "△", rod: "□" };

  function navigate(event, href) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    window.history.pushState({}, "", href);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    window.scrollTo(0, 0);
  }

  // shared with the matrix grids (assets/matrix_grid.js): one drawing of a light, one link
  window.krGridCells = { SHAPE: SHAPE, HOLLOW: HOLLOW, navigate: navigate };

  funcs.KrLink = function (props) {
    var f = props.colDef.field;
    var row = props.data || {};
    var href = row[f + "_href"];
    var text = row[f + "_text"] !== undefined ? row[f + "_text"] : props.value;
    if (!href) {
      return React.createElement("span", null, text);
    }
    var children = [text];
    if (row[f + "_sr"]) {
      children.push(React.createElement("span", { className: "visually-hidden", key: "sr" },
                                        row[f + "_sr"]));
    }
    return React.createElement("a", {
      href: href, onClick: function (e) { navigate(e, href); } }, children);
  };

  funcs.KrLight = function (props) {
    var f = props.colDef.field;
    var row = props.data || {};
    var light = SHAPE[row[f + "_light"]] ? row[f + "_light"] : "saknas";
    var forecast = !!row[f + "_forecast"] && !!HOLLOW[light];
    var label = props.value || "";
    var cls = "kr-light kr-light-" + light + (forecast ? " kr-forecast" : "");
    return React.createElement("span", { className: cls, role: "img", title: label,
                                         "aria-label": label }, [
      React.createElement("span", { className: "kr-shape", "aria-hidden": "true", key: "s" },
                          forecast ? HOLLOW[light] : SHAPE[light]),
      React.createElement("span", { className: "kr-label", "aria-hidden": "true", key: "l" },
                          label),
    ]);
  };
})();
