/* kambook serve — live preview. Sent only by `kambook serve`, never part of the built site.
 * Polls the server's build state: a newer good build reloads the page; a failed build shows its
 * problems (file, line, message) over the page until a good build replaces them. */
(function () {
  "use strict";
  var script = document.currentScript;
  var shown = Number(script.getAttribute("data-build"));
  var panel = null;

  function showErrors(errors) {
    if (!panel) {
      panel = document.createElement("section");
      panel.className = "kambook-error";
      panel.setAttribute("role", "alert");
      panel.setAttribute("aria-label", "Erreur de construction");
      document.body.appendChild(panel);
    }
    var html = "<h2>La construction a échoué</h2><ul>";
    errors.forEach(function (e) {
      var where = e.file ? e.file + (e.line ? ":" + e.line : "") : "";
      var escape = function (s) { return String(s).replace(/[&<>]/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;" }[c]; }); };
      html += "<li>" + (where ? "<code class=\"kambook-error-where\">" + escape(where) + "</code> " : "") +
              "<span class=\"kambook-error-message\">" + escape(e.message) + "</span></li>";
    });
    panel.innerHTML = html + "</ul><p>La page montre la dernière version construite ; elle se recharge dès que le fichier est corrigé.</p>";
  }

  function poll() {
    fetch("/__kambook/status", { cache: "no-store" })
      .then(function (r) { return r.json(); })
      .then(function (state) {
        if (state.errors && state.errors.length) { showErrors(state.errors); return; }
        if (panel) { panel.remove(); panel = null; }
        if (state.build !== shown) { location.reload(); }
      })
      .catch(function () { /* the server restarts or stopped: try again */ })
      .finally(function () { setTimeout(poll, 400); });
  }
  poll();
})();
