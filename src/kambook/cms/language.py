"""Per-paragraph language marking for articles that mix languages (the welcome page is French and English).

Hyphenation, quotation marks and spacing in the PDF follow the ``lang`` of each element, so an English
paragraph inside a French article must say so. Detection counts function words, which every sentence has
and which barely overlap between languages; it answers ``None`` rather than guess on short or mixed text,
because a wrong ``lang`` is worse than none. The HTML is edited in place (attributes inserted into the
original source text), so everything else in it stays byte for byte as it was.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from ..text.language import KNOWN, detect_language, primary

#: Every language an article may be detected in: the function-word languages, then the scripts below.
ALL = tuple(sorted(KNOWN))
# Scripts that name their language on their own (function words cannot: Korean has no spaces between them).
_SCRIPTS = (("ko", re.compile(r"[\uac00-\ud7a3\u1100-\u11ff\u3130-\u318f]")),
            ("ja", re.compile(r"[\u3040-\u30ff]")), ("zh", re.compile(r"[\u4e00-\u9fff]")),
            ("ru", re.compile(r"[\u0400-\u04ff]")), ("el", re.compile(r"[\u0370-\u03ff]")),
            ("ar", re.compile(r"[\u0600-\u06ff]")), ("he", re.compile(r"[\u0590-\u05ff]")))
_LETTER = re.compile(r"[^\W\d_]")
_TAGS = re.compile(r"<[^>]*>")


def detect_text(text: str, candidates: tuple[str, ...] = ALL) -> str | None:
    """The language of ``text``: by its script when most letters are not Latin, else by function words.

    Japanese is told from Chinese by its kana, which Japanese sentences always have; ``None`` when unsure.
    """
    letters = len(_LETTER.findall(text))
    if letters:
        counts = {code: len(pattern.findall(text)) for code, pattern in _SCRIPTS}
        if sum(counts.values()) * 2 > letters:
            return "ja" if counts["ja"] and counts["ja"] >= counts["ko"] else max(counts, key=counts.__getitem__)
    return detect_language(text, tuple(c for c in candidates if primary(c) in KNOWN))


def detect_html(html: str) -> str | None:
    """The language a whole article body is written in (tags dropped, entities left as they are)."""
    return detect_text(_TAGS.sub(" ", html))

BLOCKS = frozenset({"p", "li", "h2", "h3", "h4", "h5", "h6", "blockquote", "td", "dd", "figcaption"})
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                   "track", "wbr"})
# Start tags that end an open <p> or a sibling list item/cell even when the end tag was left out.
_CLOSES_P = frozenset({"p", "ul", "ol", "dl", "table", "blockquote", "figure", "div", "h1", "h2", "h3", "h4",
                       "h5", "h6", "pre", "hr", "section", "article", "aside", "header", "footer"})
_CLOSES_SAME = frozenset({"li", "td", "th", "tr", "dd", "dt", "option"})


class _Marker(HTMLParser):
    """Finds the blocks to mark; records insertion offsets into the source instead of re-serialising it."""

    def __init__(self, source: str, default: str, candidates: tuple[str, ...]) -> None:
        super().__init__(convert_charrefs=True)
        self.candidates = candidates
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        # Each open element: [tag, language in force, text parts (None: not to mark), insertion offset,
        # whether it carries its own lang].
        self.stack: list[list] = [["#root", default, None, 0, False]]
        self.inserts: list[tuple[int, str]] = []

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def _close(self, index: int) -> None:
        while len(self.stack) > index:
            tag, language, parts, offset, _ = self.stack.pop()
            if parts is None:
                continue
            found = detect_text(" ".join(parts), self.candidates)
            if found and primary(found) != primary(language):
                self.inserts.append((offset, f' lang="{found}"'))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        top = self.stack[-1][0]
        if (top == "p" and tag in _CLOSES_P) or (top == tag and tag in _CLOSES_SAME):
            self._close(len(self.stack) - 1)
        if tag in _VOID:
            return
        # Insert right after "<tagname", whatever spacing and attributes follow in the source.
        offset = self._offset() + len(re.match(r"<[^\s/>]*", self.get_starttag_text() or "<").group())
        own = next((v for k, v in attrs if k in ("lang", "xml:lang") and v), None)
        parts = [] if tag in BLOCKS and own is None else None
        self.stack.append([tag, own or self.stack[-1][1], parts, offset, own is not None])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        pass  # <br/>, <img/>: no text, nothing to mark

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                self._close(index)
                return

    def handle_data(self, data: str) -> None:
        # Text counts for the innermost block only (a <p> inside an <li> speaks for itself), and not at all
        # inside an element that already declares its language.
        for entry in reversed(self.stack):
            if entry[4]:
                return
            if entry[0] in BLOCKS:
                if entry[2] is not None:
                    entry[2].append(data)
                return


def mark_languages(html: str, default: str, candidates: tuple[str, ...] = ("fr", "en")) -> str:
    """``html`` with ``lang`` added to the blocks written in another language than ``default``.

    Blocks that already carry ``lang`` (and their content) are left alone; nothing else changes. Paragraphs
    are short, so only French and English (and the article's own language) compete by function words;
    a paragraph in another script (Korean, Greek…) is told by its letters.
    """
    codes = [primary(c) for c in candidates]
    if default and primary(default) not in codes and primary(default) in KNOWN:
        candidates = (*candidates, default)  # the article's own language must be able to win
    marker = _Marker(html, default, candidates)
    marker.feed(html)
    marker.close()
    marker._close(1)
    out, last = [], 0
    for offset, text in sorted(marker.inserts):
        out += [html[last:offset], text]
        last = offset
    return "".join(out) + html[last:]
