// The tab title names what a page shows: a page's content carries <span class="kr-doc-title">
// (components/page.py doc_title) and this copies its text to document.title when it appears.
(function () {
  function sync() {
    var el = document.querySelector(".kr-doc-title");
    if (el && el.textContent && document.title !== el.textContent) {
      document.title = el.textContent;
    }
  }
  function start() {
    sync();
    new MutationObserver(sync).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
