// Data grids (components/grid.py) get their accessible name: AG Grid has no option for it, so
// the wrapper's data-grid-label is copied to the element with role grid/treegrid once drawn.
(function () {
  function name() {
    document.querySelectorAll(".kr-grid-wrap[data-grid-label]").forEach(function (wrap) {
      var el = wrap.querySelector("[role=grid], [role=treegrid]");
      var label = wrap.getAttribute("data-grid-label");
      if (el && el.getAttribute("aria-label") !== label) {
        el.setAttribute("aria-label", label);
      }
    });
  }
  function start() {
    name();
    new MutationObserver(name).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
