/* Print view: folded sections (<details>) print open; an org page's running line on every page.

   - Any printing (Ctrl+P or the browser's menu): `beforeprint` opens every closed <details>
     and `afterprint` closes them again, so folded motivations and tables are on paper.
   - The "Skriv ut" button (components/export.py) calls `kontrollrumPrint()`: it first loads
     the sections that are filled only when opened (an organisation page's indicator tables and
     peer comparison, components/fold.py: a click on their summary asks the server), waits
     until they are there (at most 15 s), then opens the print dialog.
   `kontrollrumPrepare()` is the first step alone (a promise; the browser tests use it). */
(function () {
  "use strict";
  var PENDING = ".kr-fold-pending";
  var opened = [];

  // An org page's or the agenda's running line (org or board · period · date) into the root,
  // where the @page margin box of print.css reads it: so it is printed on every page.
  function runningLine() {
    var src = document.querySelector(".kr-org, .kr-agenda-sheet, .kr-report");
    var line = src && src.style.getPropertyValue("--kr-print-line");
    if (line) {
      document.documentElement.style.setProperty("--kr-print-line", line);
    } else {
      document.documentElement.style.removeProperty("--kr-print-line");
    }
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
          resolve(!document.querySelector(PENDING));
        } else {
          setTimeout(wait, 100);
        }
      })();
    });
  };

  window.kontrollrumPrint = function () {
    window.kontrollrumPrepare().then(function () { window.print(); });
  };

  window.addEventListener("beforeprint", openAll);
  window.addEventListener("afterprint", restore);
})();
