/* kambook flipbook viewer: spreads and page turns, lazy images, zoom, text layer, search, navigation.
   Plain JavaScript, no dependency; reads window.FLIPBOOK (book.js) and works from file://. */
(function () {
  "use strict";
  var B = window.FLIPBOOK, d = document, root = d.documentElement;
  root.classList.remove("no-js");
  if (B && B.page_width) root.style.setProperty("--aspect", B.page_width + " / " + B.page_height);
  var $ = function (id) { return d.getElementById(id); };
  var stage = $("stage"), camera = $("camera"), book = $("book"), live = $("live"), gotoIn = $("goto");
  if (!B || !B.pages || !B.pages.length) {
    stage.insertAdjacentHTML("beforeend", '<p class="noscript">Le livret n’a pas pu être chargé.</p>');
    return;
  }
  var P = B.pages, N = P.length, ASPECT = (B.page_width || 148) / (B.page_height || 210);
  var reduced = window.matchMedia ? matchMedia("(prefers-reduced-motion: reduce)") : { matches: false };
  var S = { cur: 0, mode: "spread", view: [], pw: 0, ph: 0, z: 1, tx: 0, ty: 0, anim: null, hit: null };
  var pages = [];

  function el(tag, cls, text) {
    var e = d.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function clamp(v, a, b) { return v < a ? a : v > b ? b : v; }
  function label(i) { return String(P[i].label || i + 1); }
  /* French guillemets hold their words with no-break spaces, so that a line never starts with « ». */
  function quoted(q) { return "«\u00a0" + String(q).trim() + "\u00a0»"; }
  var norm = window.kambookFold;  // fold.js, loaded first: kambook's own fold (case, accents, ligatures, spaces)

  /* ---- spreads ---- */
  var BACK = B.back_cover ? N - 1 : -1;  // the back cover: alone, never facing the excerpt's last page
  function spreadOf(i, mode) {
    if ((mode || S.mode) === "single" || i === 0 || i === BACK) return [i];
    var a = i % 2 ? i : i - 1;
    return a + 1 < N && a + 1 !== BACK ? [a, a + 1] : [a];
  }
  function slotOf(i) { return S.mode === "single" ? "c" : (i % 2 || i === BACK ? "l" : "r"); }
  function shiftOf(v) {
    if (S.mode === "single" || v.length === 2) return 0;
    return slotOf(v[0]) === "r" ? -S.pw / 2 : S.pw / 2;
  }
  function viewName(v) { return v.map(function (i) { return i + 1; }).join("-"); }

  /* ---- pages ---- */
  function makePage(i) {
    var e = el("div", "page"), sheet = el("div", "sheet"), shade = el("div", "shade");
    e.dataset.n = i + 1;
    e.setAttribute("role", "group");
    e.setAttribute("aria-label", "Page " + label(i));
    e.appendChild(sheet);
    e.appendChild(shade);
    /* The page's whole text, for screen readers only (the image has no alt and the text layer is hidden
       from them): a hidden page is not read, so they read the pages in view, each once. */
    e.appendChild(el("div", "sr", index[i].read));
    book.appendChild(e);
    return { el: e, sheet: sheet, size: "", pic: null, text: null, links: null, near: false };
  }
  function placeholder(pg, i) {
    var t = P[i].images && P[i].images.thumb;
    if (!t || pg.sheet.style.backgroundImage) return;
    pg.sheet.style.backgroundImage = 'url("' + t.webp + '")';
  }
  /* A page image that cannot be loaded says so, instead of leaving a white page. */
  function missing(pg, i) {
    if (pg.sheet.querySelector(".missing")) return;
    pg.sheet.style.backgroundImage = "none";
    pg.sheet.appendChild(el("p", "missing", "Image de la page " + label(i) + " introuvable"));
  }
  function picture(im, alt, cls) {
    var pic = el("picture", cls), img = el("img");
    img.src = im.webp;
    img.alt = alt;
    img.draggable = false;
    img.decoding = "async";
    pic.appendChild(img);
    return pic;
  }
  function wantSize() {
    var dpr = window.devicePixelRatio || 1, read = P[0].images && P[0].images.read;
    return S.z > 1.05 || (read && S.pw * dpr > read.width * 1.15) ? "zoom" : "read";
  }
  function loadImage(i, size) {
    var pg = pages[i], ims = P[i].images || {};
    if (!ims[size]) size = "read";
    if (!ims[size] || pg.size === size || (pg.size === "zoom" && size === "read")) return Promise.resolve();
    placeholder(pg, i);
    pg.size = size;
    var pic = picture(ims[size], "", "img"), img = pic.lastChild, old = pg.pic;
    pg.pic = pic;
    pg.sheet.appendChild(pic);
    return new Promise(function (done) {
      function ready() {
        pic.classList.add("ok");
        if (old) old.remove();
        done();
      }
      if (img.complete && img.naturalWidth) ready();
      else {
        img.addEventListener("load", ready);
        img.addEventListener("error", function () { missing(pg, i); done(); });
      }
    });
  }
  function loadAround() {
    var v = S.view, size = wantSize();
    var first = Promise.all(v.map(function (i) { buildText(i); return loadImage(i, size); }));
    var lo = Math.max(0, v[0] - 2), hi = Math.min(N - 1, v[v.length - 1] + 2);
    var later = function () {
      for (var i = lo; i <= hi; i++) { buildText(i); loadImage(i, "read"); }
    };
    /* Far pages give their images back (the thumbnail stays as placeholder): long booklets stay light. */
    pages.forEach(function (pg, i) {
      if (pg.pic && (i < lo - 4 || i > hi + 4)) { pg.pic.remove(); pg.pic = null; pg.size = ""; }
    });
    Promise.race([first, new Promise(function (r) { setTimeout(r, 600); })]).then(later);
  }

  /* ---- text layer and links ---- */
  var measure = d.createElement("canvas").getContext("2d"), FONT = "Arial, Helvetica, \"Liberation Sans\", sans-serif";
  function buildText(i) {
    var pg = pages[i];
    if (pg.text) return;
    var layer = el("div", "text"), links = el("div", "links"), runs = P[i].text || [];
    layer.setAttribute("aria-hidden", "true");
    measure.font = "100px " + FONT;
    pg.spans = runs.map(function (r, j) {
      var nx = runs[j + 1], tail = !nx ? "" : Math.abs(nx.y - r.y) > r.h / 2 ? "\n" : " ";
      var s = el("span", null, r.s + tail), m = measure.measureText(r.s).width / 100 || 1;
      s.tail = tail;
      var st = s.style;
      st.left = r.x * 100 + "%";
      st.top = r.y * 100 + "%";
      st.fontSize = r.h + "em";
      st.transform = "scaleX(" + (r.w * ASPECT / (m * r.h)).toFixed(4) + ")";
      layer.appendChild(s);
      return s;
    });
    (P[i].links || []).forEach(function (k) {
      var a = el("a"), href = String(k.href || ""), m = /^#page=(\d+)$/.exec(href);
      var words = runs.filter(function (r) {
        return r.x < k.x + k.w && r.x + r.w > k.x && r.y < k.y + k.h && r.y + r.h > k.y;
      }).map(function (r) { return r.s; }).join(" ");
      if (!/^(https?:|mailto:|tel:|#page=)/i.test(href)) return;
      a.href = href;
      a.style.cssText = "left:" + k.x * 100 + "%;top:" + k.y * 100 + "%;width:" + k.w * 100 + "%;height:" + k.h * 100 + "%";
      if (m) {
        a.setAttribute("aria-label", (words || "Lien") + " (aller à la page " + m[1] + ")");
        a.addEventListener("click", function (e) { e.preventDefault(); go(+m[1] - 1); });
      } else {
        a.target = "_blank";
        a.rel = "noopener noreferrer";
        var what = href.replace(/^mailto:/i, "");
        a.setAttribute("aria-label", (words || what) + (/^mailto:/i.test(href) ? " (écrire à " + what + ")" : " (lien externe)"));
        a.title = what;
      }
      links.appendChild(a);
    });
    pg.text = layer;
    pg.links = links;
    pg.el.insertBefore(layer, pg.el.lastChild);
    pg.el.insertBefore(links, pg.el.lastChild);
    markHits(i);
  }

  /* ---- layout ---- */
  function layout() {
    var W = stage.clientWidth, H = stage.clientHeight;
    if (!W || !H) return;
    var pad = W < 600 ? 10 : 28;
    var spread = W >= 640 && W / H > ASPECT * 1.45;
    S.mode = spread ? "spread" : "single";
    var side = spread && W > 900 ? 64 : 0;
    var cols = spread ? 2 : 1, aw = W - 2 * pad - 2 * side, ah = H - 2 * pad;
    var ph = Math.floor(Math.min(ah, aw / cols / ASPECT)), pw = Math.floor(ph * ASPECT);
    S.pw = pw;
    S.ph = ph;
    root.style.setProperty("--pw", pw + "px");
    root.style.setProperty("--ph", ph + "px");
    book.style.width = pw * cols + "px";
    book.style.height = ph + "px";
    book.style.left = Math.round((W - pw * cols) / 2) + "px";
    book.style.top = Math.round((H - ph) / 2) + "px";
    book.dataset.mode = S.mode;
    stage.dataset.mode = S.mode;
    setZoom(1);
    show(spreadOf(S.cur));
  }

  /* Shows the pages of view v at rest. */
  function show(v) {
    S.anim = null;
    S.view = v;
    pages.forEach(function (pg, i) {
      var on = v.indexOf(i) >= 0;
      pg.el.className = "page" + (on ? " on " + slotOf(i) : "");
      pg.el.style.transform = "";
      pg.el.style.zIndex = "";
      pg.el.style.setProperty("--shade", 0);
    });
    book.style.transform = "translateX(" + shiftOf(v) + "px)";
    book.dataset.spread = viewName(v);
    var single = S.mode === "single";
    edgePrev.style.left = !single && slotOf(v[0]) === "r" ? S.pw + "px" : "0";
    edgeNext.style.right = !single && slotOf(v[v.length - 1]) === "l" ? S.pw + "px" : "0";
    edgePrev.hidden = v[0] === 0;
    edgeNext.hidden = v[v.length - 1] === N - 1;
    book.classList.remove("turning");
  }

  /* A page turn from the current view to view t: which page flips, which shows underneath. */
  function plan(t) {
    var v = S.view, fwd = t[0] > v[0], p = { fwd: fwd, to: t, front: null, back: null, under: [] };
    var L = function (w) { return w.filter(function (i) { return slotOf(i) === "l"; })[0]; };
    var R = function (w) { return w.filter(function (i) { return slotOf(i) !== "l"; })[0]; };
    if (S.mode === "single") {
      if (fwd) { p.front = v[0]; p.under = [t[0]]; } else { p.back = t[0]; p.under = [v[0]]; }
    } else if (fwd) {
      p.front = R(v); p.back = L(t); p.under = [L(v), R(t)];
    } else {
      p.front = L(v); p.back = R(t); p.under = [L(t), R(v)];
    }
    p.from = shiftOf(v);
    p.shift = shiftOf(t);
    pages.forEach(function (pg) { pg.el.className = "page"; });
    p.under.forEach(function (i) { if (i != null) pages[i].el.className = "page on " + slotOf(i); });
    [p.front, p.back].forEach(function (i) {
      if (i != null) pages[i].el.className = "page on moving " + slotOf(i);
    });
    t.forEach(function (i) { loadImage(i, wantSize()); buildText(i); });
    book.classList.add("turning");
    return p;
  }
  function setProgress(p, x) {
    var a = 180 * x, f = p.front != null && pages[p.front].el.style, b = p.back != null && pages[p.back].el.style;
    if (p.fwd) {
      if (f) f.transform = "rotateY(" + -a + "deg)";
      if (b) b.transform = "rotateY(" + (180 - a) + "deg)";
    } else {
      if (f) f.transform = "rotateY(" + a + "deg)";
      if (b) b.transform = "rotateY(" + (a - 180) + "deg)";
    }
    if (f) f.setProperty("--shade", Math.min(1, x * 2) * 0.45);
    if (b) b.setProperty("--shade", Math.min(1, (1 - x) * 2) * 0.45);
    book.style.transform = "translateX(" + (p.from + (p.shift - p.from) * x) + "px)";
    p.x = x;
  }
  function run(p, to, done) {
    var x0 = p.x || 0, dur = 520 * Math.abs(to - x0) + 80, t0 = performance.now();
    S.anim = p;
    (function frame(now) {
      if (S.anim !== p) return;
      var k = clamp((now - t0) / dur, 0, 1), e = 1 - Math.pow(1 - k, 3);
      setProgress(p, x0 + (to - x0) * e);
      if (k < 1) requestAnimationFrame(frame);
      else done();
    })(t0);
  }

  /* ---- navigation ---- */
  function go(i, opts) {
    i = clamp(i | 0, 0, N - 1);
    opts = opts || {};
    if (S.anim) show(S.anim.to);
    var t = spreadOf(i), same = viewName(t) === viewName(S.view);
    S.cur = i;
    if (S.z > 1 && !same) setZoom(1);
    if (same || reduced.matches || opts.instant) { show(t); arrived(); return; }
    var p = plan(t);
    setProgress(p, 0);
    run(p, 1, function () { show(t); arrived(); });
  }
  function step(dir) {
    var v = S.view;
    if (S.anim) v = S.anim.to;
    go(dir > 0 ? v[v.length - 1] + 1 : v[0] - 1);
  }
  function next() { if (S.view[S.view.length - 1] < N - 1) step(1); }
  function prev() { if (S.view[0] > 0) step(-1); }
  var announced = "";
  function arrived() {
    var v = S.view, n = S.cur + 1;
    try { history.replaceState(null, "", "#page=" + n); } catch (e) { /* some file:// contexts refuse */ }
    var msg = "Page " + n + " sur " + N;
    if (msg !== announced) live.textContent = announced = msg;
    if (d.activeElement !== gotoIn) gotoIn.value = label(S.cur);
    gotoIn.removeAttribute("aria-invalid");
    $("count").textContent = (v.length > 1 ? v[0] + 1 + "–" + (v[1] + 1) : n) + " / " + N;
    $("first").disabled = $("prev").disabled = $("side-prev").disabled = v[0] === 0;
    $("next").disabled = $("last").disabled = $("side-next").disabled = v[v.length - 1] === N - 1;
    var here = null;
    tocLinks.forEach(function (a) { a.removeAttribute("aria-current"); if (a.page <= S.cur) here = a; });
    if (here) here.setAttribute("aria-current", "page");
    thumbs.forEach(function (t, i) {
      if (v.indexOf(i) >= 0) t.setAttribute("aria-current", "page"); else t.removeAttribute("aria-current");
    });
    loadAround();
  }
  function fromHash() {
    var m = /page=([^&]+)/.exec(location.hash);
    if (!m) return null;
    var n = parseInt(m[1], 10);
    return n >= 1 && n <= N ? n - 1 : findLabel(decodeURIComponent(m[1]));
  }
  function findLabel(s) {
    s = norm(s).replace(/^(p\.?|page)\s*/, "");
    if (!s) return null;
    for (var i = 0; i < N; i++) if (norm(label(i)) === s) return i;
    var n = /^\d+$/.test(s) ? parseInt(s, 10) : 0;
    return n >= 1 && n <= N ? n - 1 : null;
  }

  /* ---- zoom and pan ---- */
  function setZoom(z, cx, cy) {
    var W = stage.clientWidth, H = stage.clientHeight, z0 = S.z;
    z = clamp(Math.round(z * 100) / 100, 1, 2.5);
    if (cx == null) { cx = W / 2; cy = H / 2; }
    S.tx = cx - (cx - S.tx) * (z / z0);
    S.ty = cy - (cy - S.ty) * (z / z0);
    S.z = z;
    pan(0, 0);
    $("zoom-val").textContent = Math.round(z * 100) + " %";
    $("zoom-in").disabled = z >= 2.5;
    $("zoom-out").disabled = z <= 1;
    stage.classList.toggle("zoomed", z > 1);
    if (z > 1) S.view.forEach(function (i) { loadImage(i, "zoom"); });
  }
  function pan(dx, dy) {
    var W = stage.clientWidth, H = stage.clientHeight;
    S.tx = clamp(S.tx + dx, W - W * S.z, 0);
    S.ty = clamp(S.ty + dy, H - H * S.z, 0);
    camera.style.transform = S.z > 1 ? "translate(" + S.tx + "px," + S.ty + "px) scale(" + S.z + ")" : "";
  }
  function point(e) {
    var r = stage.getBoundingClientRect();
    return [e.clientX - r.left, e.clientY - r.top];
  }
  stage.addEventListener("wheel", function (e) {
    if (e.target.closest(".panel")) return;
    e.preventDefault();
    var q = point(e), k = Math.exp(-e.deltaY * (e.ctrlKey ? 0.01 : 0.0015));
    setZoom(S.z * k, q[0], q[1]);
  }, { passive: false });

  /* ---- pointer: drag to turn, swipe, pan, pinch, double-tap ---- */
  var ptrs = {}, drag = null, lastTap = null, suppressClick = false;
  stage.addEventListener("pointerdown", function (e) {
    if (e.button > 0 || e.target.closest("a, .side, button")) return;
    ptrs[e.pointerId] = point(e);
    var ids = Object.keys(ptrs);
    if (ids.length === 2) {
      var a = ptrs[ids[0]], b = ptrs[ids[1]];
      drag = { pinch: true, dist: Math.hypot(a[0] - b[0], a[1] - b[1]), z: S.z, mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] };
      if (S.anim && S.anim.drag) show(S.view);
      return;
    }
    var q = ptrs[e.pointerId], onEdge = !!e.target.closest(".edge") || !e.target.closest(".page");
    drag = { id: e.pointerId, x: q[0], y: q[1], t: e.timeStamp, touch: e.pointerType !== "mouse", edge: onEdge, moved: false };
  });
  stage.addEventListener("pointermove", function (e) {
    if (!drag || !ptrs[e.pointerId]) return;
    var q = ptrs[e.pointerId] = point(e);
    if (drag.pinch) {
      var ids = Object.keys(ptrs);
      if (ids.length < 2) return;
      var a = ptrs[ids[0]], b = ptrs[ids[1]];
      setZoom(drag.z * Math.hypot(a[0] - b[0], a[1] - b[1]) / drag.dist, drag.mid[0], drag.mid[1]);
      return;
    }
    var dx = q[0] - drag.x, dy = q[1] - drag.y;
    if (S.z > 1) {
      if (Math.abs(dx) + Math.abs(dy) > 3) { drag.moved = true; e.preventDefault(); }
      pan(q[0] - (drag.px || drag.x), q[1] - (drag.py || drag.y));
      drag.px = q[0]; drag.py = q[1];
      return;
    }
    if (!drag.turn) {
      if (Math.abs(dx) < 10 || Math.abs(dx) < Math.abs(dy) * 1.2 || !(drag.touch || drag.edge)) return;
      var v = S.anim ? S.anim.to : S.view, fwd = dx < 0;
      if (fwd ? v[v.length - 1] >= N - 1 : v[0] <= 0) return;
      drag.moved = true;
      try { stage.setPointerCapture(e.pointerId); } catch (err) { /* a synthetic or finished pointer */ }
      if (S.anim) show(S.anim.to);
      var t = spreadOf(fwd ? v[v.length - 1] + 1 : v[0] - 1);
      drag.turn = reduced.matches ? { to: t, lite: true } : plan(t);
      drag.turn.drag = true;
      drag.turn.target = fwd ? t[0] : t[t.length - 1];
      if (!reduced.matches) { S.anim = drag.turn; setProgress(drag.turn, 0); }
    }
    e.preventDefault();
    var x = clamp(Math.abs(dx) / (S.pw * (S.mode === "spread" ? 1.6 : 1)), 0, 1);
    drag.x1 = dx;
    if (!drag.turn.lite) setProgress(drag.turn, x);
  });
  function release(e) {
    if (!ptrs[e.pointerId]) return;
    delete ptrs[e.pointerId];
    var g = drag;
    if (!g) return;
    if (g.pinch) { if (!Object.keys(ptrs).length) drag = null; return; }
    drag = null;
    if (g.turn) {
      suppressClick = true;
      setTimeout(function () { suppressClick = false; }, 50);
      var p = g.turn, dt = Math.max(1, e.timeStamp - g.t), fast = Math.abs(g.x1) / dt > 0.45;
      var done = e.type === "pointerup" && (fast || (p.x || 0) > 0.33 || (p.lite && Math.abs(g.x1) > 40));
      if (p.lite) { if (done) go(p.target, { instant: true }); return; }
      if (S.anim !== p) return;
      var back = S.view, cur0 = S.cur;
      if (done) S.cur = p.target;
      run(p, done ? 1 : 0, function () {
        if (done) { show(p.to); arrived(); } else { S.cur = cur0; show(back); }
      });
      return;
    }
    var onWord = !g.touch && e.target.closest(".text span");
    if (!g.moved && e.type === "pointerup" && !e.target.closest(".edge") && !onWord) {
      var q = point(e), now = e.timeStamp;
      if (lastTap && now - lastTap.t < 320 && Math.hypot(q[0] - lastTap.q[0], q[1] - lastTap.q[1]) < 30) {
        lastTap = null;
        var sel = window.getSelection && getSelection();
        if (sel && sel.removeAllRanges) sel.removeAllRanges();
        if (S.z > 1) setZoom(1); else setZoom(2, q[0], q[1]);
      } else lastTap = { t: now, q: q };
    }
  }
  stage.addEventListener("pointerup", release);
  stage.addEventListener("pointercancel", release);
  stage.addEventListener("click", function (e) {
    if (suppressClick) { e.preventDefault(); e.stopPropagation(); }
  }, true);
  book.addEventListener("dblclick", function (e) { e.preventDefault(); });

  /* Page edges: a click on the outer edge of the pages turns them. */
  var edgePrev = el("div", "edge prev"), edgeNext = el("div", "edge next");
  edgePrev.title = "Page précédente";
  edgeNext.title = "Page suivante";
  edgePrev.addEventListener("click", function () { if (S.z <= 1) prev(); });
  edgeNext.addEventListener("click", function () { if (S.z <= 1) next(); });

  /* ---- keyboard ---- */
  d.addEventListener("keydown", function (e) {
    var t = e.target, typing = t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.isContentEditable);
    if (e.key === "Escape") {
      if (!panel.hidden) { closePanel(); e.preventDefault(); } else if (S.z > 1) setZoom(1);
      return;
    }
    if (typing || e.altKey || e.ctrlKey || e.metaKey) return;
    if (t && t.getAttribute && t.getAttribute("role") === "tab" && /Arrow/.test(e.key)) return;
    var k = e.key, act = {
      ArrowRight: next, PageDown: next, ArrowLeft: prev, PageUp: prev,
      Home: function () { go(0); }, End: function () { go(N - 1); },
      "+": function () { setZoom(S.z + 0.5); }, "=": function () { setZoom(S.z + 0.5); },
      "-": function () { setZoom(S.z - 0.5); }, "0": function () { setZoom(1); }
    }[k];
    if (act) { e.preventDefault(); act(); }
  });

  /* ---- panel: table of contents, thumbnails, search ---- */
  var panel = $("panel"), opener = null, tabs = ["toc", "pages", "search"];
  var tbs = [].slice.call(d.querySelectorAll(".top [data-tab]"));
  function selectTab(name) {
    tabs.forEach(function (n) {
      var on = n === name, tab = $("tab-" + n);
      tab.setAttribute("aria-selected", on);
      tab.tabIndex = on ? 0 : -1;
      $("tp-" + n).hidden = !on;
    });
    tbs.forEach(function (b) { b.setAttribute("aria-expanded", !panel.hidden && b.dataset.tab === name); });
    panel.dataset.tab = name;
    return current(name);
  }
  /* The entry of the page in view, scrolled to the middle of its list: a panel opens where the reader is. */
  function current(name) {
    var tp = $("tp-" + name), here = tp.querySelector('[aria-current="page"]');
    if (!here || panel.hidden) return null;
    var top = here.getBoundingClientRect().top - tp.getBoundingClientRect().top + tp.scrollTop;
    tp.scrollTop = Math.max(0, top - (tp.clientHeight - here.offsetHeight) / 2);
    return here;
  }
  function openPanel(name, from) {
    opener = from || opener;
    panel.hidden = false;
    root.classList.add("panel-open");
    layout();
    var here = selectTab(name), focus = name === "search" ? $("q") : here || panel.querySelector("#tp-" + name + " a");
    (focus || $("tab-" + name)).focus({ preventScroll: true });
  }
  function closePanel() {
    panel.hidden = true;
    root.classList.remove("panel-open");
    selectTab(panel.dataset.tab);
    layout();
    if (opener) opener.focus();
  }
  tbs.forEach(function (b) {
    b.addEventListener("click", function () {
      if (!panel.hidden && panel.dataset.tab === b.dataset.tab) closePanel(); else openPanel(b.dataset.tab, b);
    });
  });
  $("panel-close").addEventListener("click", closePanel);
  tabs.forEach(function (n, k) {
    var tab = $("tab-" + n);
    tab.addEventListener("click", function () { selectTab(n); });
    tab.addEventListener("keydown", function (e) {
      var j = e.key === "ArrowRight" ? k + 1 : e.key === "ArrowLeft" ? k - 1 : null;
      if (j == null) return;
      j = (j + tabs.length) % tabs.length;
      selectTab(tabs[j]);
      $("tab-" + tabs[j]).focus();
    });
  });
  function narrow() { return window.innerWidth < 900; }
  function navLink(i, inner) {
    var a = el("a");
    a.href = "#page=" + (i + 1);
    a.appendChild(inner);
    a.addEventListener("click", function (e) {
      e.preventDefault();
      go(i);
      if (narrow()) closePanel();
    });
    return a;
  }

  var tocLinks = [];
  function tocList(items, ol) {
    (items || []).forEach(function (it) {
      var li = el("li"), i = clamp((it.page | 0) - 1, 0, N - 1), f = d.createDocumentFragment();
      f.appendChild(el("span", "t", it.title));
      f.appendChild(el("span", "pg", label(i)));
      var a = navLink(i, f);
      a.page = i;
      tocLinks.push(a);
      li.appendChild(a);
      if (it.children && it.children.length) { var sub = el("ol"); tocList(it.children, sub); li.appendChild(sub); }
      ol.appendChild(li);
    });
  }
  tocList(B.outline, $("toc"));
  if (!(B.outline || []).length) $("toc").appendChild(el("li", "empty", "Ce livret n’a pas de sommaire."));

  var thumbs = P.map(function (pg, i) {
    var li = el("li"), f = d.createDocumentFragment(), t = pg.images && pg.images.thumb;
    if (t) {
      var pic = picture(t, "", "th"), img = pic.lastChild;
      img.loading = "lazy";
      img.width = t.width;
      img.height = Math.round(t.width / ASPECT);
      f.appendChild(pic);
    }
    f.appendChild(el("span", "pg", label(i)));
    var a = navLink(i, f);
    a.setAttribute("aria-label", "Page " + (i + 1) + (label(i) !== String(i + 1) ? " (folio " + label(i) + ")" : ""));
    li.appendChild(a);
    li.className = spreadOf(i, "spread").length < 2 ? "alone" : i % 2 ? "verso" : "recto";
    $("thumbs").appendChild(li);
    return a;
  });

  /* Search: the text of each page, runs joined by spaces, folded (case, accents, ligatures, spaces) with a
     map back to the original text, so that a hit inside a longer run is marked exactly. A word cut by a
     hyphen at a line end (« manage‐ » then « ment » below) is whole again: the hyphen and the line end are
     left out of the folded text, and of the text read aloud. */
  var CUT = /[-\u2010\u00ad]$/, GOES_ON = /^\p{Ll}/u;
  function pageText(runs) {
    var at = [], orig = "", cut = {};
    runs.forEach(function (r, j) {
      var s = String(r.s), nx = runs[j + 1];
      at.push(orig.length);
      orig += s;
      if (nx && s.length > 1 && CUT.test(s) && Math.abs(nx.y - r.y) > r.h / 2 && GOES_ON.test(nx.s)) {
        cut[orig.length - 1] = cut[orig.length] = true;
      }
      orig += " ";
    });
    var folded = norm.mapped(orig), n = "", map = [];
    for (var k = 0; k < folded.text.length; k++) {
      if (!cut[folded.map[k]]) { n += folded.text[k]; map.push(folded.map[k]); }
    }
    var ix = { n: n, map: map, at: at, orig: orig, cut: cut };
    ix.read = whole(ix, 0, orig.length).trim();
    return ix;
  }
  /* The page's text from a to b, cut words whole again. */
  function whole(ix, a, b) {
    var t = "";
    for (var c = a; c < b; c++) if (!ix.cut[c]) t += ix.orig[c];
    return t;
  }
  var index = P.map(function (pg) { return pageText(pg.text || []); });
  var hits = [], lastQ = "", hitAt = -1;
  function search(q) {
    var nq = norm(q), out = [];
    if (!nq) return out;
    index.forEach(function (ix, i) {
      var from = 0, k;
      while ((k = ix.n.indexOf(nq, from)) >= 0 && out.length < 500) {
        var end = k + nq.length, os = ix.map[k], oe = ix.map[end - 1] + 1, parts = [];
        ix.at.forEach(function (st, j) {
          var len = String(P[i].text[j].s).length;
          if (st < oe && st + len > os) parts.push([j, Math.max(0, os - st), Math.min(len, oe - st)]);
        });
        out.push({ page: i, parts: parts, os: os, oe: oe });
        from = end;
      }
    });
    return out;
  }
  function snippet(h) {
    var ix = index[h.page], t = ix.orig, a = Math.max(0, h.os - 48), b = Math.min(t.length, h.oe + 60);
    if (a > 0) a = t.indexOf(" ", a) + 1 || a;
    if (b < t.length) b = t.lastIndexOf(" ", b) > h.oe ? t.lastIndexOf(" ", b) : b;
    var f = d.createDocumentFragment();
    f.appendChild(d.createTextNode((a > 0 ? "… " : "") + whole(ix, a, h.os)));
    f.appendChild(el("mark", null, whole(ix, h.os, h.oe)));
    f.appendChild(d.createTextNode(whole(ix, h.oe, b) + (b < t.length ? " …" : "")));
    return f;
  }
  function markHits(i) {
    var pg = pages[i];
    if (!pg || !pg.spans) return;
    var marks = {};
    hits.forEach(function (h) {
      if (h.page === i) h.parts.forEach(function (p) { (marks[p[0]] = marks[p[0]] || []).push([p[1], p[2], h === S.hit ? "hit now" : "hit"]); });
    });
    pg.spans.forEach(function (sp, j) {
      var s = String(P[i].text[j].s), m = marks[j];
      if (!m && !sp.dirty) return;
      sp.textContent = s + sp.tail;
      sp.className = "";
      sp.dirty = !!m;
      if (!m) return;
      m.sort(function (x, y) { return x[0] - y[0]; });
      sp.textContent = "";
      var c = 0;
      m.forEach(function (r) {
        if (r[0] < c) return;
        sp.appendChild(d.createTextNode(s.slice(c, r[0])));
        sp.appendChild(el("mark", r[2], s.slice(r[0], r[1])));
        c = r[1];
      });
      sp.appendChild(d.createTextNode(s.slice(c) + sp.tail));
    });
  }
  function showHit(k) {
    if (!hits.length) return;
    hitAt = (k + hits.length) % hits.length;
    var h = hits[hitAt], old = S.hit;
    S.hit = h;
    [].forEach.call($("results").children, function (li, j) { li.firstChild.classList.toggle("now", j === hitAt); });
    go(h.page);
    buildText(h.page);
    if (old) markHits(old.page);
    markHits(h.page);
  }
  $("search").addEventListener("submit", function (e) {
    e.preventDefault();
    var q = $("q").value, status = $("search-status"), list = $("results");
    if (norm(q) === lastQ && hits.length) { showHit(hitAt + 1); return; }
    lastQ = norm(q);
    hits = search(q);
    S.hit = null;
    pages.forEach(function (pg, i) { markHits(i); });  // old hits go, new ones show on every built page
    list.textContent = "";
    if (!lastQ) { status.textContent = ""; return; }
    status.textContent = hits.length ? hits.length + (hits.length > 1 ? " résultats" : " résultat") + " pour " + quoted(q) +
      (hits.length > 1 ? " — Entrée pour le suivant" : "") : "Aucun résultat pour " + quoted(q);
    hits.slice(0, 200).forEach(function (h, j) {
      var li = el("li"), b = el("button", "hitbtn");
      b.type = "button";
      b.appendChild(el("span", "pg", "p. " + label(h.page)));
      b.appendChild(el("span", "ctx")).appendChild(snippet(h));
      b.addEventListener("click", function () { showHit(j); if (narrow()) closePanel(); });
      li.appendChild(b);
      list.appendChild(li);
    });
    showHit(0);
  });

  /* ---- buttons ---- */
  $("first").addEventListener("click", function () { go(0); });
  $("last").addEventListener("click", function () { go(N - 1); });
  $("prev").addEventListener("click", prev);
  $("next").addEventListener("click", next);
  $("side-prev").addEventListener("click", prev);
  $("side-next").addEventListener("click", next);
  $("zoom-in").addEventListener("click", function () { setZoom(S.z + 0.5); });
  $("zoom-out").addEventListener("click", function () { setZoom(S.z - 0.5); });
  $("goto-form").addEventListener("submit", function (e) {
    e.preventDefault();
    var i = findLabel(gotoIn.value);
    if (i == null) {
      gotoIn.setAttribute("aria-invalid", "true");
      toast("Page introuvable\u00a0: " + quoted(gotoIn.value));
      return;
    }
    go(i);
    gotoIn.value = label(i);
    gotoIn.select();
  });
  gotoIn.addEventListener("focus", function () { gotoIn.select(); });
  gotoIn.addEventListener("blur", function () { gotoIn.value = label(S.cur); gotoIn.removeAttribute("aria-invalid"); });

  var fsBtn = $("fullscreen");
  if (!d.fullscreenEnabled || !root.requestFullscreen) fsBtn.hidden = true;
  fsBtn.addEventListener("click", function () {
    if (d.fullscreenElement) d.exitFullscreen(); else root.requestFullscreen().catch(function () {});
  });
  d.addEventListener("fullscreenchange", function () {
    var on = !!d.fullscreenElement;
    fsBtn.setAttribute("aria-pressed", on);
    fsBtn.setAttribute("aria-label", on ? "Quitter le plein écran" : "Plein écran");
    fsBtn.title = fsBtn.getAttribute("aria-label");
  });

  var toastTimer;
  function toast(msg) {
    var t = $("toast");
    t.textContent = msg;
    t.classList.add("show");
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.classList.remove("show"); }, 2600);
  }
  $("copy-link").addEventListener("click", function () {
    var url = location.href.split("#")[0] + "#page=" + (S.cur + 1), msg = "Lien vers la page " + label(S.cur) + " copié";
    function fallback() {
      var ta = el("textarea");
      ta.value = url;
      ta.setAttribute("readonly", "");
      ta.style.cssText = "position:fixed;opacity:0";
      d.body.appendChild(ta);
      ta.select();
      var ok = false;
      try { ok = d.execCommand("copy"); } catch (e) { ok = false; }
      ta.remove();
      toast(ok ? msg : "Lien\u00a0: " + url);
    }
    if (navigator.clipboard && window.isSecureContext) navigator.clipboard.writeText(url).then(function () { toast(msg); }, fallback);
    else fallback();
  });

  /* ---- start ---- */
  for (var i = 0; i < N; i++) pages.push(makePage(i));
  book.appendChild(edgePrev);
  book.appendChild(edgeNext);
  S.cur = fromHash() || 0;
  window.addEventListener("hashchange", function () {
    var i = fromHash();
    if (i != null && i !== S.cur) go(i);
  });
  var pending = 0;
  function relayout() {
    cancelAnimationFrame(pending);
    pending = requestAnimationFrame(function () { var c = S.cur; if (S.anim) show(S.anim.to); S.cur = c; layout(); arrived(); });
  }
  if (window.ResizeObserver) new ResizeObserver(relayout).observe(stage); else window.addEventListener("resize", relayout);
  layout();
  arrived();
  root.classList.add("ready");
  window.flipbookViewer = { go: go, state: S };
})();
