// The menu's search box as a WAI-ARIA 1.2 combobox with a listbox popup (components/search.py).
// The server fills the listbox with links (role "option"); this file gives the input its ARIA
// state and the keyboard: ArrowDown/ArrowUp move the active option (aria-activedescendant),
// Enter opens it (the first hit when none is active), Escape closes the popup, Tab leaves it.
// A hit opens as a dcc.Link does: in the page, without loading the app again.
(function () {
  var INPUT = "shell-search-input";
  var LIST = "shell-search-list";
  var POPUP = "shell-search-popup";
  var NOTE = "shell-search-note";

  function parts() {
    var input = document.getElementById(INPUT);
    var list = document.getElementById(LIST);
    var popup = document.getElementById(POPUP);
    if (!input || !list || !popup) {
      return null;
    }
    if (input.getAttribute("role") !== "combobox") {
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-controls", LIST);
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("aria-describedby", NOTE);
    }
    return { input: input, list: list, popup: popup };
  }

  function options(p) {
    return Array.prototype.slice.call(p.list.querySelectorAll("[role=option]"));
  }

  function activeIndex(p) {
    var id = p.input.getAttribute("aria-activedescendant");
    return options(p).findIndex(function (o) { return o.id === id; });
  }

  function setActive(p, index) {
    var opts = options(p);
    opts.forEach(function (o, i) {
      var on = i === index;
      o.setAttribute("aria-selected", on ? "true" : "false");
      o.classList.toggle("active", on);
    });
    if (index >= 0 && index < opts.length) {
      p.input.setAttribute("aria-activedescendant", opts[index].id);
      opts[index].scrollIntoView({ block: "nearest" });
    } else {
      p.input.removeAttribute("aria-activedescendant");
    }
  }

  function isOpen(p) {
    return !p.popup.hidden;
  }

  function open(p) {
    var text = p.input.value.trim();
    var note = document.getElementById(NOTE);
    var hasNote = note && note.textContent.trim() !== "";
    var opts = options(p);
    p.popup.hidden = !(text && (opts.length || hasNote));
    align(p);
    p.input.setAttribute("aria-expanded", !p.popup.hidden && opts.length ? "true" : "false");
  }

  // From 1200 px the popup is wider than the box: it ends at the box's right edge when it
  // would not fit on the screen going right (the page never gets wider than the screen).
  function align(p) {
    p.popup.removeAttribute("data-align");
    if (p.popup.hidden || !window.matchMedia("(min-width: 1200px)").matches) {
      return;
    }
    var box = p.input.getBoundingClientRect();
    var room = document.documentElement.clientWidth;
    if (box.left + p.popup.getBoundingClientRect().width > room - 8) {
      p.popup.setAttribute("data-align", "end");
    }
  }

  function close(p) {
    p.popup.hidden = true;
    p.input.setAttribute("aria-expanded", "false");
    setActive(p, -1);
  }

  function go(p, option) {
    var href = option.getAttribute("href");
    close(p);
    p.input.blur();
    // the folded menu (phones) closes by itself on the new address (components/shell.py)
    window.history.pushState({}, "", href);
    window.dispatchEvent(new CustomEvent("_dashprivate_pushstate"));
    window.scrollTo(0, 0);
  }

  document.addEventListener("keydown", function (event) {
    if (!event.target || event.target.id !== INPUT) {
      return;
    }
    var p = parts();
    if (!p) {
      return;
    }
    var opts = options(p);
    var at = activeIndex(p);
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      if (!isOpen(p)) {
        open(p);
      }
      if (!opts.length) {
        return;
      }
      var down = event.key === "ArrowDown";
      var next = at < 0 ? (down ? 0 : opts.length - 1)
        : (at + (down ? 1 : opts.length - 1)) % opts.length;
      setActive(p, next);
    } else if (event.key === "Enter") {
      if (isOpen(p) && opts.length) {
        event.preventDefault();
        go(p, opts[at >= 0 ? at : 0]);
      }
    } else if (event.key === "Escape") {
      if (isOpen(p)) {
        event.preventDefault();
        close(p);
      }
    } else if (event.key === "Tab") {
      close(p);
    }
  });

  document.addEventListener("input", function (event) {
    if (event.target && event.target.id === INPUT) {
      var p = parts();
      if (p) {
        setActive(p, -1);
        if (!p.input.value.trim()) {
          close(p);
        }
      }
    }
  });

  document.addEventListener("focusin", function (event) {
    if (event.target && event.target.id === INPUT) {
      var p = parts();
      if (p) {
        open(p);
      }
    }
  });

  document.addEventListener("focusout", function (event) {
    if (event.target && event.target.id === INPUT) {
      var p = parts();
      if (p) {
        close(p);
      }
    }
  });

  // A click on a hit: keep the focus in the box (no blur closing the popup first), then open.
  document.addEventListener("mousedown", function (event) {
    var p = parts();
    if (p && p.popup.contains(event.target)) {
      event.preventDefault();
    }
  });
  document.addEventListener("click", function (event) {
    var option = event.target.closest ? event.target.closest("#" + LIST + " [role=option]") : null;
    if (!option || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey ||
        event.altKey) {
      return; // a new tab or window: the browser's own way with the link
    }
    event.preventDefault();
    var p = parts();
    if (p) {
      go(p, option);
    }
  });

  // The server's answer arrived (new options or note): a fresh list, nothing active yet.
  function watch() {
    var p = parts();
    if (!p) {
      return false;
    }
    var refresh = function () {
      setActive(p, -1);
      if (document.activeElement === p.input) {
        open(p);
      } else {
        close(p);
      }
    };
    new MutationObserver(refresh).observe(p.popup, { childList: true, subtree: true,
                                                     characterData: true });
    return true;
  }

  function start() {
    if (watch()) {
      return;
    }
    var waiting = new MutationObserver(function () {
      if (watch()) {
        waiting.disconnect();
      }
    });
    waiting.observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
