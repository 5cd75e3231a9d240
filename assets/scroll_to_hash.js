// A link to a section of another page (/jamforelse?…#optimism): the page's content is drawn
// by a callback after the address changes, so the browser finds no element to scroll to.
// Once the element named by the hash is drawn, it is scrolled into view; while the page is
// still being drawn (content above it may grow) it is kept there, for a few seconds at most
// and only until the reader scrolls on.
(function () {
  var WINDOW_MS = 8000;
  var href = null;
  var since = 0;
  var placed = null;  // the scroll position we set; another one means the reader scrolled

  function check() {
    if (window.location.href !== href) {
      href = window.location.href;
      since = Date.now();
      placed = null;
    }
    var hash = window.location.hash;
    if (!hash || hash.length < 2 || Date.now() - since > WINDOW_MS) {
      return;
    }
    if (placed !== null && Math.abs(window.scrollY - placed) > 2) {
      since = 0;  // the reader scrolled: leave the page where they put it
      return;
    }
    var el = document.getElementById(decodeURIComponent(hash.slice(1)));
    if (!el || el.offsetParent === null) {
      return;
    }
    var top = el.getBoundingClientRect().top;
    if (Math.abs(top) > 2) {
      el.scrollIntoView();
    }
    placed = window.scrollY;
  }

  setInterval(check, 150);
})();
