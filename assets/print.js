/* Print view: folded sections (<details>) print open; an org page's running line on every page.

   - Any printing (Ctrl+P or the browser's menu): `beforeprint` opens every closed <details>
     and `afterprint` closes them again, so folded motivations and tables are on paper.
   - The "Skriv ut" button (components/export.py) calls `kontrollrumPrint()`: it first loads
     the sections that are filled only when opened (an organisation page's indicator tables and
     peer comparison, components/fold.py: a click on their summary asks the server), waits
     until they are there (at most 15 s), lays data grids out whole, then opens the dialog.
   `kontrollrumPrepare()` is the first step alone (a promise; the browser tests use it). */
(function () {
  "use strict";
  var PENDING = ".kr-fold-pending";
  var opened = [];

  // An org page's running line (org · period · date) into the root, where the @page margin
  // box of print.css reads it: so it is printed on every page.
  function runningLine() {
    var src = document.querySelector(".kr-org");
    var line = src && src.style.getPropertyValue("--kr-print-line");
    if (line) {
      document.documentElement.style.setProperty("--kr-print-line", line);
    } else {
      document.documentElement.style.removeProperty("--kr-print-line");
    }
  }

  // Long tables drawn as data grids (a department's indicators) show only the rows in view:
  // for print each is laid out whole (AG Grid's 'print' layout), and back afterwards.
  var grids = [];
  function gridsWhole(whole) {
    var api = window.dash_ag_grid && window.dash_ag_grid.getApi;
    if (!api) { return 0; }
    var els = whole ? document.querySelectorAll(".kr-print-grid[id]") : grids;
    Array.prototype.slice.call(els).forEach(function (el) {
      try {
        var grid = api(el.id);
        if (whole && grids.indexOf(el) < 0) {
          grids.push(el);
          el.dataset.krHeight = el.style.height;
          el.style.height = "";
          grid.setGridOption("domLayout", "print");
        } else if (!whole) {
          grid.setGridOption("domLayout", "normal");
          el.style.height = el.dataset.krHeight || "";
        }
      } catch (e) { /* a grid not drawn yet: printed as it is */ }
    });
    if (!whole) { grids = []; }
    return grids.length;
  }

  function openAll() {
    runningLine();
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      d.setAttribute("open", "");
      opened.push(d);
    });
  }

  function restore() {
    opened.forEach(function (d) { d.removeAttribute("open"); });
    opened = [];
    gridsWhole(false);
  }

  function loadLazy() {
    document.querySelectorAll("details:not([open])").forEach(function (d) {
      var summary = d.querySelector(":scope > summary");
      if (summary && d.querySelector(PENDING)) {
        summary.click(); // opens it, and its callback fills it
      }
    });
  }

  window.kontrollrumPrepare = function (timeoutMs) {
    var limit = Date.now() + (timeoutMs || 15000);
    loadLazy();
    openAll();
    return new Promise(function (resolve) {
      (function wait() {
        if (!document.querySelector(PENDING) || Date.now() > limit) {
          var done = !document.querySelector(PENDING);
          // a grid just loaded is drawn in the next frames, its rows after the layout
          // change: give each a moment
          var grid = document.querySelector(".kr-print-grid") ? 300 : 0;
          setTimeout(function () {
            setTimeout(function () { resolve(done); }, gridsWhole(true) ? 500 : 0);
          }, grid);
        } else {
          setTimeout(wait, 100);
        }
      })();
    });
  };

  window.kontrollrumPrint = function () {
    window.kontrollrumPrepare().then(function () { window.print(); });
  };

  window.addEventListener("beforeprint", function () { openAll(); gridsWhole(true); });
  window.addEventListener("afterprint", restore);
})();
