/* kambook — the accent/case fold of kambook/text/folding.py, rule for rule, for the site's and the
 * flipbook's search (copied beside their scripts at build time; tests/test_fold.py runs it in Chromium
 * and compares it with Python's fold).
 *
 * Each character on its own: the letters of LETTER_VARIANTS spelt out, else NFKD; any apostrophe → ',
 * any hyphen → -, any space → a space, invisible characters dropped; lower case; marks (\p{M}) dropped.
 * Then runs of spaces are one space and the ends are trimmed.
 *
 *   kambookFold(s)        → the folded string, as Python's fold(s);
 *   kambookFold.mapped(s) → { text, map }: the same string, and for each of its characters the index
 *                           (UTF-16) in s of the character it comes from, to highlight a match.
 */
var kambookFold = (function () {
  "use strict";
  var LETTER_VARIANTS = { "œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ẞ": "SS", "ø": "o", "Ø": "O",
                          "ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ı": "i", "ς": "σ" };
  var APOSTROPHES = "'\u2019\u02bc", HYPHENS = "-\u2010\u2011";
  var SPACES = "\t\n\u000b\u000c\r\u001c\u001d\u001e\u001f \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004" +
               "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000";
  var INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff";
  var MARK = /^\p{M}$/u;
  var cache = new Map();

  function foldChar(c) {
    var out = cache.get(c);
    if (out !== undefined) return out;
    var parts = LETTER_VARIANTS[c] !== undefined ? LETTER_VARIANTS[c] : c.normalize("NFKD");
    out = "";
    for (var part of parts) {
      if (APOSTROPHES.indexOf(part) !== -1) out += "'";
      else if (HYPHENS.indexOf(part) !== -1) out += "-";
      else if (SPACES.indexOf(part) !== -1) out += " ";
      else if (INVISIBLE.indexOf(part) === -1 && !MARK.test(part)) out += part.toLowerCase();
    }
    if (cache.size < 8192) cache.set(c, out);
    return out;
  }

  function mapped(s) {
    s = String(s);
    var text = "", map = [], i = 0;
    for (var c of s) {  // code points, not UTF-16 halves
      var f = foldChar(c);
      for (var k = 0; k < f.length; k++) {
        if (f[k] === " " && (text === "" || text[text.length - 1] === " ")) continue;  // one space, none first
        text += f[k];
        map.push(i);
      }
      i += c.length;
    }
    if (text[text.length - 1] === " ") { text = text.slice(0, -1); map.pop(); }
    return { text: text, map: map };
  }

  function fold(s) { return mapped(s).text; }
  fold.mapped = mapped;
  return fold;
})();
