// Links that re-sort a table in place (class "kr-keep-scroll", e.g. the org pages' unit
// table): the page is rendered again for the new URL, which would put the reader back at
// the top. The position is remembered on click and given back once the new table is there
// (its active sort heading links to the URL that was clicked), for a few seconds at most.
(function () {
  var KEY = "kr-keep-scroll";
  var WINDOW_MS = 8000;

  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a.kr-keep-scroll") : null;
    if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) {
      return;
    }
    var state = { href: link.getAttribute("href"), y: window.scrollY, at: Date.now() };
    sessionStorage.setItem(KEY, JSON.stringify(state));
  }, true);

  function restore() {
    var raw = sessionStorage.getItem(KEY);
    if (!raw) {
      return;
    }
    var state;
    try {
      state = JSON.parse(raw);
    } catch (err) {
      sessionStorage.removeItem(KEY);
      return;
    }
    if (Date.now() - state.at > WINDOW_MS) {
      sessionStorage.removeItem(KEY);
      return;
    }
    if (window.location.pathname + window.location.search !== state.href) {
      return;
    }
    var active = document.querySelectorAll("th[aria-sort] a.kr-keep-scroll");
    var ready = Array.prototype.some.call(active, function (a) {
      return a.getAttribute("href") === state.href;
    });
    if (!ready) {
      return;  // still the old table, or the new one is not rendered yet
    }
    var room = document.documentElement.scrollHeight - window.innerHeight;
    window.scrollTo(0, Math.min(state.y, Math.max(room, 0)));
    if (room >= state.y) {
      sessionStorage.removeItem(KEY);
    }
  }

  new MutationObserver(restore).observe(document.documentElement,
                                        { childList: true, subtree: true });
})();
