"""Plain text of rendered pages, cut into sections: the entries of the search index.

The index is made from the HTML the reader sees (not from the Markdown) so that numbers, resolved
references and typographic spaces match what search results show and what the page highlights.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

#: Elements whose text is not part of the reading text: permalinks, tooltips repeated from the
#: glossary, note calls and back links, the index's invisible anchors stay (they wrap real words).
SKIP_CLASSES = {"permalink", "gloss-tip", "footnote-ref", "footnote-back", "caption-sep"}
BLOCKS = {"p", "li", "h2", "h3", "h4", "figcaption", "td", "th", "dt", "dd", "blockquote", "section", "aside",
          "figure", "div", "tr", "ol", "ul", "table", "br"}
VOID = {"br", "img", "hr", "input", "meta", "link", "wbr", "source"}


@dataclass(frozen=True)
class Section:
    """One search entry: a part of a page from a heading (or a note) to the next."""

    page: str
    page_title: str
    page_label: str
    anchor: str
    title: str
    text: str
    #: What the page is, for ranking: "text" (the book's parts, chapters, foreword), "appendix" or "back"
    #: (glossary, bibliography, lists): at equal relevance the book's own text comes first.
    page_kind: str = "text"


class _Splitter(HTMLParser):
    def __init__(self, page: str, page_title: str, page_label: str, top_anchor: str) -> None:
        super().__init__(convert_charrefs=True)
        self.meta = (page, page_title, page_label)
        self.sections: list[list] = [[top_anchor, page_title, []]]  # anchor, title, text pieces
        self.skip_depth = 0  # >0 while inside an element to leave out
        self.stack: list[tuple[str, bool]] = []  # open elements and whether they started a skip
        self.heading: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = set((attributes.get("class") or "").split())
        skip = bool(classes & SKIP_CLASSES)
        if tag not in VOID:
            self.stack.append((tag, skip))
        if skip:
            self.skip_depth += 1
            return
        if tag in BLOCKS:
            self._text(" ")
        if self.skip_depth:
            return
        anchor = attributes.get("id")
        if tag in ("h2", "h3", "h4") and anchor:
            self.sections.append([anchor, "", []])
            self.heading = []
        elif tag == "li" and "footnote-item" in classes and anchor:
            number = anchor.rsplit("fn", 1)[-1]
            self.sections.append([anchor, f"Note {number}", []])

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, skip = self.stack.pop()
            if skip:
                self.skip_depth -= 1
            if open_tag == tag:
                break
        if tag in ("h2", "h3", "h4") and self.heading is not None and not self.skip_depth:
            self.sections[-1][1] = _squash("".join(self.heading))
            self.heading = None
        if tag in BLOCKS:
            self._text(" ")

    def handle_data(self, data: str) -> None:
        if self.skip_depth:
            return
        if self.heading is not None:
            self.heading.append(data)
        else:
            self._text(data)

    def _text(self, data: str) -> None:
        self.sections[-1][2].append(data)


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def sections_of(page: str, page_title: str, page_label: str, top_anchor: str, body_html: str,
                page_kind: str = "text") -> list[Section]:
    """The sections of one page's body; the text before the first heading belongs to the page's top."""
    return list(_sections(page, page_title, page_label, top_anchor, body_html, page_kind))


# A pure function of its arguments: serve's rebuilds meet the same pages again. An edited page leaves its old
# HTML behind as a key; 256 pages (about four times the 403-page test book's) bound what a long session keeps.
@lru_cache(maxsize=256)
def _sections(page: str, page_title: str, page_label: str, top_anchor: str, body_html: str,
              page_kind: str) -> tuple[Section, ...]:
    splitter = _Splitter(page, page_title, page_label, top_anchor)
    splitter.feed(body_html)
    splitter.close()
    out = []
    for anchor, title, pieces in splitter.sections:
        text = _squash("".join(pieces))
        if text or title != page_title:
            out.append(Section(page, page_title, page_label, anchor, title or page_title, text, page_kind))
    return tuple(out)
