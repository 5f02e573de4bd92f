/* kambook web edition — the page's behaviour, written for kambook (no library).
 *
 * - the table of contents opens as a drawer on phones (menu button, Escape, focus kept inside);
 * - glossary tooltips stay inside the screen and can be dismissed with Escape (WCAG 1.4.13);
 * - the outline on wide screens follows the section being read;
 * - a page opened from a search result highlights the searched words and shows the first one
 *   after the section it was opened at.
 * Everything works without this script too: the sidebar then follows the text on phones, and
 * tooltips show by CSS alone.
 */
(function () {
  "use strict";

  /* Text folding shared with search.js: kambookFold (static/fold.js, loaded first), the twin of the
   * fold kambook uses in Python — lower case, no accents, ligatures spelt out, every kind of space a plain
   * space. `map[i]` is the index in the original text of folded character i, so that a match in folded
   * text can be highlighted in the original. */
  function fold(text, withMap) {
    return withMap ? kambookFold.mapped(text) : { text: kambookFold(text), map: null };
  }
  function terms(query) {
    return fold(query).text.split(/[^\p{L}\p{N}]+/u).filter(function (t) { return t.length > 1; });
  }
  window.kambookText = { fold: fold, terms: terms };

  var doc = document;
  var phone = window.matchMedia("(max-width: 860px)");

  /* ---- The contents drawer on phones --------------------------------------------------------- */
  var sidebar = doc.getElementById("sommaire");
  var menuButton = doc.querySelector(".menu-button");
  var closeButton = doc.querySelector(".sidebar-close");
  var backdrop = doc.querySelector(".sidebar-backdrop");

  function navOpen() { return sidebar.classList.contains("is-open"); }
  function openNav() {
    sidebar.classList.add("is-open");
    backdrop.hidden = false;
    menuButton.setAttribute("aria-expanded", "true");
    var current = sidebar.querySelector('[aria-current="page"]');
    revealCurrent();
    (current || closeButton).focus({ preventScroll: true });
  }
  function closeNav(returnFocus) {
    if (!navOpen()) return;
    sidebar.classList.remove("is-open");
    backdrop.hidden = true;
    menuButton.setAttribute("aria-expanded", "false");
    if (returnFocus) menuButton.focus();
  }
  function revealCurrent() {
    var current = sidebar.querySelector('[aria-current="page"]');
    if (!current) return;
    var box = sidebar.getBoundingClientRect(), link = current.getBoundingClientRect();
    if (link.top < box.top || link.bottom > box.bottom) {
      sidebar.scrollTop += link.top - box.top - box.height / 3;
    }
  }
  if (sidebar && menuButton) {
    menuButton.addEventListener("click", function () { navOpen() ? closeNav(true) : openNav(); });
    closeButton.addEventListener("click", function () { closeNav(true); });
    backdrop.addEventListener("click", function () { closeNav(true); });
    sidebar.addEventListener("keydown", function (event) {
      if (!navOpen()) return;
      if (event.key === "Escape") { closeNav(true); return; }
      if (event.key !== "Tab") return;
      var focusable = Array.prototype.filter.call(
        sidebar.querySelectorAll("a[href], button, summary"), function (el) { return el.offsetParent !== null; });
      var first = focusable[0], last = focusable[focusable.length - 1];
      if (event.shiftKey && doc.activeElement === first) { last.focus(); event.preventDefault(); }
      else if (!event.shiftKey && doc.activeElement === last) { first.focus(); event.preventDefault(); }
    });
    phone.addEventListener("change", function () { closeNav(false); });
    if (!phone.matches) revealCurrent();
  }

  /* ---- Search field on phones, and the "/" shortcut ------------------------------------------ */
  var header = doc.querySelector(".site-header");
  var searchToggle = doc.querySelector(".search-toggle");
  var searchInput = doc.getElementById("search-input");
  function openSearch() {
    header.classList.add("search-open");
    searchToggle.setAttribute("aria-expanded", "true");
    searchInput.focus();
  }
  if (searchToggle && searchInput) {
    searchToggle.addEventListener("click", function () {
      if (header.classList.contains("search-open")) {
        header.classList.remove("search-open");
        searchToggle.setAttribute("aria-expanded", "false");
      } else {
        openSearch();
      }
    });
    doc.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        openSearch();
      }
    });
  }

  /* ---- Glossary tooltips --------------------------------------------------------------------- */
  function placeTip(term) {
    var tip = term.querySelector(".gloss-tip");
    if (!tip) return;
    term.classList.remove("tip-dismissed");
    term.style.setProperty("--tip-shift", "0px");
    var rect = tip.getBoundingClientRect();
    var room = doc.documentElement.clientWidth - 8;
    var shift = 0;
    if (rect.right > room) shift = room - rect.right;
    if (rect.left + shift < 8) shift = 8 - rect.left;
    term.style.setProperty("--tip-shift", shift + "px");
  }
  Array.prototype.forEach.call(doc.querySelectorAll(".gloss"), function (term) {
    term.addEventListener("mouseenter", function () { placeTip(term); });
    term.addEventListener("focus", function () { placeTip(term); });
    term.addEventListener("keydown", function (event) {
      if (event.key === "Escape") term.classList.add("tip-dismissed");
    });
    term.addEventListener("mouseleave", function () { term.classList.remove("tip-dismissed"); });
  });
  doc.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    Array.prototype.forEach.call(doc.querySelectorAll(".gloss:hover, .gloss.tip-open"), function (t) {
      t.classList.add("tip-dismissed");
      t.classList.remove("tip-open");
    });
  });
  /* A touch screen has no hover: the first tap on a term shows its definition and stays in the chapter;
   * a second tap (on the term or the definition) opens the glossary; a tap elsewhere closes it. */
  var touch = window.matchMedia("(hover: none)");
  function closeTips(except) {
    Array.prototype.forEach.call(doc.querySelectorAll(".gloss.tip-open"), function (t) {
      if (t !== except) t.classList.remove("tip-open");
    });
  }
  doc.addEventListener("click", function (event) {
    var term = event.target.closest ? event.target.closest(".gloss") : null;
    if (!touch.matches) return;
    closeTips(term);
    if (term && !term.classList.contains("tip-open")) {
      event.preventDefault();
      term.classList.add("tip-open");
      placeTip(term);
    }
  });

  /* ---- The outline follows the reading ------------------------------------------------------- */
  var tocLinks = Array.prototype.slice.call(doc.querySelectorAll(".page-toc a[href^='#']"));
  var headings = tocLinks.map(function (a) { return doc.getElementById(decodeURIComponent(a.hash.slice(1))); });
  var spyQueued = false;
  function spy() {
    spyQueued = false;
    // A section is being read once its heading is within a few pixels of where a link lands it (the
    // page's scroll padding, under the sticky header): a click on the outline highlights what it opened.
    var padding = parseFloat(getComputedStyle(doc.documentElement).scrollPaddingTop) || 0;
    var limit = Math.max(padding, header ? header.offsetHeight : 0) + 8, current = -1;
    for (var i = 0; i < headings.length; i++) {
      if (headings[i] && headings[i].getBoundingClientRect().top <= limit) current = i;
    }
    // At the end of the page the last sections cannot scroll up to the header: the one a link opened wins.
    if (window.innerHeight + window.scrollY >= doc.documentElement.scrollHeight - 2) {
      var opened = tocLinks.findIndex(function (a) { return a.hash === location.hash; });
      if (opened > current) current = opened;
    }
    tocLinks.forEach(function (a, i) {
      a.classList.toggle("is-current", i === current);
      if (i === current) a.setAttribute("aria-current", "location"); else a.removeAttribute("aria-current");
    });
  }
  if (tocLinks.length) {
    window.addEventListener("scroll", function () { if (!spyQueued) { spyQueued = true; requestAnimationFrame(spy); } },
                            { passive: true });
    window.addEventListener("hashchange", spy);
    spy();
  }

  /* ---- Highlight the searched words ---------------------------------------------------------- */
  function highlight(query) {
    var wanted = terms(query);
    var scope = doc.querySelector("main article") || doc.querySelector("main");
    if (!wanted.length || !scope) return [];
    var walker = doc.createTreeWalker(scope, NodeFilter.SHOW_TEXT, {
      acceptNode: function (node) {
        var parent = node.parentElement;
        if (!parent || parent.closest(".gloss-tip, .permalink, script, style, .outline-inline, mark")) return NodeFilter.FILTER_REJECT;
        return node.nodeValue.trim() ? NodeFilter.FILTER_ACCEPT : NodeFilter.FILTER_REJECT;
      }
    });
    var nodes = [];
    while (walker.nextNode()) nodes.push(walker.currentNode);
    var marks = [];
    nodes.forEach(function (node) {
      var text = node.nodeValue, folded = fold(text, true), ranges = [];
      wanted.forEach(function (term) {
        var at = folded.text.indexOf(term);
        while (at !== -1) {
          // At the start of a word only, as search matches; a text node may start mid-word, rarely.
          if (at === 0 || !/[\p{L}\p{N}]/u.test(folded.text[at - 1])) {
            ranges.push([folded.map[at], folded.map[at + term.length - 1] + 1]);
          }
          at = folded.text.indexOf(term, at + term.length);
        }
      });
      if (!ranges.length) return;
      ranges.sort(function (a, b) { return a[0] - b[0]; });
      var fragment = doc.createDocumentFragment(), last = 0;
      ranges.forEach(function (r) {
        if (r[0] < last) return;
        fragment.appendChild(doc.createTextNode(text.slice(last, r[0])));
        var mark = doc.createElement("mark");
        mark.className = "search-term";
        mark.textContent = text.slice(r[0], r[1]);
        fragment.appendChild(mark);
        marks.push(mark);
        last = r[1];
      });
      fragment.appendChild(doc.createTextNode(text.slice(last)));
      node.parentNode.replaceChild(fragment, node);
    });
    return marks;
  }
  function showFirstMark(marks) {
    if (!marks.length) return;
    var target = location.hash ? doc.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var first = marks[0];
    if (target) {
      for (var i = 0; i < marks.length; i++) {
        if (target.contains(marks[i]) ||
            (target.compareDocumentPosition(marks[i]) & Node.DOCUMENT_POSITION_FOLLOWING)) { first = marks[i]; break; }
      }
    }
    first.classList.add("search-term-first");
    first.scrollIntoView({ block: "center" });
  }
  var query = new URLSearchParams(location.search).get("q");
  if (query && !doc.body.classList.contains("page-search")) {
    var marks = highlight(query);
    // After the browser's own jump to the anchor, move on to the word itself.
    requestAnimationFrame(function () { showFirstMark(marks); });
    window.addEventListener("hashchange", function () { showFirstMark(marks); });
  }
})();
