/* kambook web edition — full-text search over the index that the build writes to search-index.js.
 *
 * The index is a script (not JSON fetched over HTTP) so that search also works from file://; it is
 * loaded the first time the reader uses the search field. Every word of the query must occur in a
 * section (accents and case ignored; the last word may be the start of a word); results are grouped
 * by chapter, each with a snippet whose matches are highlighted, and link to the section with the
 * query, so that the page opened highlights the words (see site.js).
 */
(function () {
  "use strict";
  var doc = document;
  var text = window.kambookText;
  var script = doc.currentScript;
  // The index sits at the site's root, beside the pages (static/ holds the files copied as they are).
  var searchPage = (doc.querySelector("form.search") || {}).action || "rechercher.html";
  var indexUrl = script ? new URL("../search-index.js", script.src).href : "search-index.js";
  var index = null, folded = null, waiting = [];

  function loadIndex(then) {
    if (folded) { then(); return; }
    waiting.push(then);
    if (waiting.length > 1) return;
    function ready() {
      index = window.KAMBOOK_SEARCH || { pages: [], entries: [] };
      folded = index.entries.map(function (e) { return { title: text.fold(e[2]).text, body: text.fold(e[3]).text }; });
      var callbacks = waiting; waiting = [];
      callbacks.forEach(function (f) { f(); });
    }
    if (window.KAMBOOK_SEARCH) { ready(); return; }
    var tag = doc.createElement("script");
    tag.src = indexUrl;
    tag.onload = ready;
    tag.onerror = ready;
    doc.head.appendChild(tag);
  }

  /* Words match at the start of a word of the text (« plan » finds « planifier », not « aplanir »). */
  var LETTER = /[\p{L}\p{N}]/u;
  function wordStarts(haystack, needle, limit) {
    var out = [], at = haystack.indexOf(needle);
    while (at !== -1 && out.length < limit) {
      if (at === 0 || !LETTER.test(haystack[at - 1])) out.push(at);
      at = haystack.indexOf(needle, at + 1);
    }
    return out;
  }
  function wholeWord(haystack, needle) {
    return wordStarts(haystack, needle, 50).some(function (at) {
      var next = haystack[at + needle.length];
      return next === undefined || !LETTER.test(next);
    });
  }

  /* One typo forgiven: a word of four letters or more that the book never uses is read as the words of
   * the book one edit away (a letter missing, added, changed, or two swapped), « ojaslo » as « ojasalo ». */
  var vocabulary = null;
  function wordsOfBook() {
    if (!vocabulary) {
      vocabulary = new Set();
      folded.forEach(function (f) {
        (f.title + " " + f.body).split(/[^\p{L}\p{N}]+/u).forEach(function (w) { if (w.length > 2) vocabulary.add(w); });
      });
    }
    return vocabulary;
  }
  function oneEditApart(a, b) {
    if (Math.abs(a.length - b.length) > 1 || a === b) return false;
    var i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    if (a.length === b.length) {
      return a.slice(i + 1) === b.slice(i + 1) ||
             (a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2));
    }
    return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }
  function known(word) {
    var found = false;
    folded.some(function (f) { found = wordStarts(f.title, word, 1).length || wordStarts(f.body, word, 1).length; return found; });
    return found;
  }
  /* For each word of the query, the words looked for: itself, or (a typo) the book's words one edit away. */
  function readings(words) {
    return words.map(function (word) {
      if (word.length < 4 || known(word)) return { typed: word, forms: [word], corrected: false };
      var near = [];
      wordsOfBook().forEach(function (w) { if (oneEditApart(word, w)) near.push(w); });
      return { typed: word, forms: near.length ? near : [word], corrected: near.length > 0 };
    });
  }

  /* Results grouped by page. First the pages whose title has every word (whole words, then word starts),
   * in reading order: the chapter that introduces a notion before the ones that come back to it; then the
   * pages with a heading that has them, then the others, best section first. At each level the book's own
   * text (parts, chapters, foreword) comes before its appendices and back matter. Little words (« de »,
   * « la ») need not be in a title. Within a page, best section first. A match at the start of a word
   * counts, a whole word more; a corrected word counts less. */
  var KIND_RANK = { text: 0, appendix: 1, back: 2 };
  var LITTLE = new Set(["a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les", "ou",
                        "un", "une", "the", "of", "and"]);
  function titleTier(title, wanted) {
    var tier = 0;
    for (var i = 0; i < wanted.length; i++) {
      if (LITTLE.has(wanted[i].typed)) continue;
      var match = matchIn(title, wanted[i].forms);
      if (!match) return 3;
      if (match === 1) tier = 1;
    }
    return tier;
  }
  function matchIn(haystack, forms) {
    var best = 0;
    forms.forEach(function (form) {
      if (wordStarts(haystack, form, 1).length) best = Math.max(best, wholeWord(haystack, form) ? 2 : 1);
    });
    return best;
  }
  function search(query) {
    var words = text.terms(query);
    if (!words.length) return { words: words, groups: [], total: 0, corrections: [] };
    var wanted = readings(words);
    var byPage = new Map(), total = 0;
    index.entries.forEach(function (entry, i) {
      var f = folded[i], page = index.pages[entry[0]], score = 0;
      for (var w = 0; w < wanted.length; w++) {
        var forms = wanted[w].forms, title = matchIn(f.title, forms), hits = 0, whole = false;
        forms.forEach(function (form) {
          var at = wordStarts(f.body, form, 8);
          hits += at.length;
          whole = whole || (at.length > 0 && wholeWord(f.body, form));
        });
        if (!title && !hits) return;
        var points = Math.min(hits, 8) + (title ? 12 + (title === 2 ? 8 : 0) : 0) + (whole ? 3 : 0);
        score += wanted[w].corrected ? points / 2 : points;
      }
      total++;
      var group = byPage.get(entry[0]);
      if (!group) {
        var tier = titleTier(text.fold(page.t).text, wanted);
        group = { page: page, order: entry[0], best: 0, hits: [], tier: tier,
                  kind: KIND_RANK[page.k] === undefined ? 0 : KIND_RANK[page.k] };
        byPage.set(entry[0], group);
      }
      if (group.tier === 3 && titleTier(f.title, wanted) < 3) group.tier = 2;  // a heading of the page has them
      group.hits.push({ entry: entry, score: score });
      group.best = Math.max(group.best, score);
    });
    var groups = Array.from(byPage.values());
    groups.forEach(function (g) { g.hits.sort(function (a, b) { return b.score - a.score; }); });
    groups.sort(function (a, b) {
      var coarse = Math.max(a.tier, 1) - Math.max(b.tier, 1);  // any title match, then headings, then text
      return coarse || a.kind - b.kind || a.tier - b.tier || (a.tier < 2 ? 0 : b.best - a.best) || a.order - b.order;
    });
    var shown = [];
    wanted.forEach(function (r) { shown = shown.concat(r.forms); });
    return { words: shown, groups: groups, total: total,
             corrections: wanted.filter(function (r) { return r.corrected; }) };
  }

  function escapeHtml(s) {
    return s.replace(/[&<>"]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" }[c]; });
  }
  /* `source` with every occurrence of the words wrapped in <mark>, escaped for HTML. */
  function marked(source, words) {
    var f = text.fold(source, true), ranges = [];
    words.forEach(function (word) {
      wordStarts(f.text, word, 1000).forEach(function (at) { ranges.push([f.map[at], f.map[at + word.length - 1] + 1]); });
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var out = "", last = 0;
    ranges.forEach(function (r) {
      if (r[0] < last) return;
      out += escapeHtml(source.slice(last, r[0])) + "<mark>" + escapeHtml(source.slice(r[0], r[1])) + "</mark>";
      last = r[1];
    });
    return out + escapeHtml(source.slice(last));
  }
  /* About 160 characters of the section around its first match, cut at spaces. */
  function snippet(body, words) {
    var f = text.fold(body, true), first = -1;
    words.forEach(function (word) {
      var at = wordStarts(f.text, word, 1)[0];
      if (at !== undefined && (first === -1 || at < first)) first = at;
    });
    var center = first === -1 ? 0 : f.map[first];
    var start = Math.max(0, center - 60), end = Math.min(body.length, start + 170);
    if (start > 0) { var space = body.indexOf(" ", start); if (space !== -1 && space < center) start = space + 1; }
    if (end < body.length) { var back = body.lastIndexOf(" ", end); if (back > center) end = back; }
    return (start > 0 ? "… " : "") + marked(body.slice(start, end), words) + (end < body.length ? " …" : "");
  }
  function hitUrl(entry, query) {
    var page = index.pages[entry[0]];
    return page.u + "?q=" + encodeURIComponent(query) + (entry[1] ? "#" + encodeURIComponent(entry[1]) : "");
  }

  /* Results as HTML: one group per page, `perGroup` sections at most (0: all). */
  function renderResults(result, query, maxGroups, perGroup, idPrefix) {
    var html = "";
    if (result.corrections.length) query = result.words.join(" ");  // the page opened highlights what was found
    result.groups.slice(0, maxGroups || result.groups.length).forEach(function (group, g) {
      var label = group.page.l ? '<span class="search-group-label">' + escapeHtml(group.page.l) + " · </span>" : "";
      var headId = idPrefix + "-g" + g;
      html += '<section class="search-group" aria-labelledby="' + headId + '">' +
              '<h2 class="search-group-title" id="' + headId + '">' + label + escapeHtml(group.page.t) + "</h2>" +
              '<ul class="search-results-list">';
      group.hits.slice(0, perGroup || group.hits.length).forEach(function (hit) {
        var e = hit.entry;
        html += '<li><a class="search-hit" href="' + escapeHtml(hitUrl(e, query)) + '">' +
                '<span class="search-hit-title">' + marked(e[2], result.words) + "</span>" +
                '<span class="search-hit-text">' + snippet(e[3], result.words) + "</span></a></li>";
      });
      html += "</ul></section>";
    });
    return html;
  }
  function statusText(result) {
    if (!result.total) return "Aucun résultat";
    var corrected = result.corrections.map(function (r) {
      return "«\u202f" + escapeHtml(r.typed) + "\u202f» lu «\u202f" + escapeHtml(r.forms.join(" ou ")) + "\u202f»";
    });
    return (corrected.length ? corrected.join(", ") + "\u00a0: " : "") +
           result.total + " résultat" + (result.total > 1 ? "s" : "") + " dans " + result.groups.length +
           (result.groups.length > 1 ? " pages" : " page");
  }

  /* Arrow keys move through the result links; Up from the first goes back to the field. */
  function keyboard(container, input, close) {
    container.addEventListener("keydown", function (event) {
      var links = Array.prototype.slice.call(container.querySelectorAll("a"));
      var i = links.indexOf(doc.activeElement);
      if (event.key === "ArrowDown") { event.preventDefault(); (links[i + 1] || links[i] || links[0]).focus(); }
      else if (event.key === "ArrowUp") { event.preventDefault(); (i > 0 ? links[i - 1] : input).focus(); }
      else if (event.key === "Escape" && close) { event.preventDefault(); close(); input.focus(); }
      else if (event.key === "Home" && i !== -1) { event.preventDefault(); links[0].focus(); }
      else if (event.key === "End" && i !== -1) { event.preventDefault(); links[links.length - 1].focus(); }
    });
  }
  function firstLink(container) { return container.querySelector("a.search-hit"); }

  /* ---- The field in the header: results in a panel while typing ------------------------------ */
  var input = doc.getElementById("search-input");
  var panel = doc.getElementById("search-panel");
  var form = input && input.form;
  if (input && panel && form) {
    var timer = 0;
    var open = function () { panel.hidden = false; };
    var close = function () { panel.hidden = true; };
    var update = function () {
      var query = input.value.trim();
      if (text.terms(query).length === 0) { close(); panel.innerHTML = ""; return; }
      loadIndex(function () {
        if (input.value.trim() !== query) return;
        var result = search(query);
        panel.innerHTML = '<p class="search-status" role="status">' + statusText(result) + "</p>" +
          renderResults(result, query, 8, 3, "sp") +
          (result.total ? '<a class="search-all" href="' + escapeHtml(searchPage) + '?q=' + encodeURIComponent(query) +
                          '">Tous les résultats sur la page de recherche →</a>' : "");
        open();
      });
    };
    input.addEventListener("focus", function () { loadIndex(function () {}); if (panel.innerHTML) open(); });
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(update, 90); });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown" && !panel.hidden) {
        var link = firstLink(panel);
        if (link) { event.preventDefault(); link.focus(); }
      } else if (event.key === "Escape") {
        if (!panel.hidden) { event.preventDefault(); close(); }
        else if (input.value) { event.preventDefault(); input.value = ""; }
      }
    });
    form.addEventListener("submit", function (event) {
      var link = !panel.hidden && firstLink(panel);
      if (link) { event.preventDefault(); location.href = link.href; }
    });
    keyboard(panel, input, close);
    doc.addEventListener("click", function (event) { if (!form.contains(event.target)) close(); });
    form.addEventListener("focusout", function (event) {
      if (event.relatedTarget && !form.contains(event.relatedTarget)) close();
    });
  }

  /* ---- The search page: every result for ?q= ------------------------------------------------- */
  var pageInput = doc.getElementById("search-page-input");
  var pageResults = doc.getElementById("search-page-results");
  if (pageInput && pageResults) {
    var show = function (query, push) {
      loadIndex(function () {
        var result = search(query);
        pageResults.innerHTML = query ? '<p class="search-status">' + statusText(result) + " pour «\u202f" + escapeHtml(query) +
          "\u202f»</p>" + renderResults(result, query, 0, 0, "rp") : "";
        if (push) history.replaceState(null, "", location.pathname + (query ? "?q=" + encodeURIComponent(query) : ""));
      });
    };
    var initial = new URLSearchParams(location.search).get("q") || "";
    pageInput.value = initial;
    if (initial) show(initial, false);
    var pageTimer = 0;
    pageInput.addEventListener("input", function () {
      clearTimeout(pageTimer);
      pageTimer = setTimeout(function () { show(pageInput.value.trim(), true); }, 150);
    });
    pageInput.form.addEventListener("submit", function (event) { event.preventDefault(); show(pageInput.value.trim(), true); });
    pageInput.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { var link = firstLink(pageResults); if (link) { event.preventDefault(); link.focus(); } }
    });
    keyboard(pageResults, pageInput, null);
  }
})();
