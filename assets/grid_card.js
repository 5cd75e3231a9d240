// Data grids on a phone (components/grid.py `phone_card`): each row drawn as a small card in
// one column, and the clientside function that swaps a grid's columns for that card column
// below 576 px (the grid's desktop columns stay as the layout gave them on wider screens).
//   KrCard: the `head` fields' values on one line joined by " · ", then the cell's own value
//           (the main text), then each of `rest` as "Label: value" (empty values left out).
(function () {
  var funcs = (window.dashAgGridComponentFunctions = window.dashAgGridComponentFunctions || {});
  var PHONE = "(max-width: 575.98px)";

  function present(v) {
    return v !== null && v !== undefined && v !== "";
  }

  funcs.KrCard = function (props) {
    var row = props.data || {};
    var head = (props.head || []).map(function (f) { return row[f]; }).filter(present);
    var parts = [];
    if (head.length) {
      parts.push(React.createElement("span", { className: "kr-card-head", key: "h" },
                                     head.join(" · ")));
    }
    parts.push(React.createElement("span", { className: "kr-card-main", key: "m" },
                                   present(props.value) ? String(props.value) : "–"));
    (props.rest || []).forEach(function (r) {
      if (present(row[r.field])) {
        parts.push(React.createElement("span", { className: "kr-card-line", key: r.field },
                                       r.label + ": " + row[r.field]));
      }
    });
    return React.createElement("span", { className: "kr-card" }, parts);
  };

  var clientside = (window.dash_clientside = window.dash_clientside || {});
  clientside.kr_grid = {
    phoneColumns: function (columns) {
      if (columns && window.matchMedia(PHONE).matches) {
        return columns;
      }
      return window.dash_clientside.no_update;
    },
  };
})();
