"""Where the printed pages begin: page-break markers in the text and the page-list that leads to them.

The print layout knows, for each anchor of the print document (headings, index marks, glossary terms,
cross-references), the page it landed on. The EPUB carries the same ids, so the first anchor of each
printed page, in reading order, gets a marker just before it: the page then starts at most a few lines
before the marker, never after. Pages with no anchor of their own (a page of running text with no mark)
are not listed, and an anchor that comes back to an earlier page in reading order (a note at the end of
the chapter, a figure the print layout floated) is skipped, so the page-list stays in order.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from .documents import ContentDoc
from .inputs import PageMap
from .xhtml import element, q

#: Containers whose children must be list items, rows or terms: a marker goes inside the child instead.
NO_PHRASING_CHILDREN = frozenset(q(t) for t in ("ul", "ol", "dl", "table", "thead", "tbody", "tfoot", "tr", "html"))
#: Elements the print layout may move away from where the text has them: their pages are not trusted.
FLOATED = frozenset(q(t) for t in ("figure", "aside"))


@dataclass(frozen=True)
class PageBreak:
    """One entry of the page-list: the printed folio and where its marker is."""

    label: str
    page: int  # index of the page in the print layout
    file: str
    anchor: str


def mark_pages(docs: list[ContentDoc], pagination: PageMap) -> list[PageBreak]:
    """Insert the markers into the documents' trees (in reading order) and return the page-list."""
    found: list[PageBreak] = []
    last = -1
    for doc in docs:
        for root in doc.body:
            for node in list(root.iter()):
                anchor = node.get("id") if isinstance(node.tag, str) else None
                page = pagination.pages.get(anchor) if anchor else None
                if page is None or page <= last or page >= len(pagination.labels) or _floated(node):
                    continue
                label = pagination.labels[page]
                _insert_marker(node, label)
                found.append(PageBreak(label, page, doc.file, f"page-{label}"))
                last = page
    return found


def _floated(node: etree._Element) -> bool:
    """A figure, a table, an encadré (print moves them past the text when they do not fit) or a note."""
    return node.tag in FLOATED or any(ancestor.tag in FLOATED for ancestor in node.iterancestors())


def _insert_marker(node: etree._Element, label: str) -> None:
    # Named by ``title`` (DPUB-ARIA asks a page break for a name): axe, which does not know the role, would
    # take an aria-label on a span for a prohibited attribute.
    marker = element("span", {"id": f"page-{label}", "epub:type": "pagebreak", "role": "doc-pagebreak",
                              "title": label})
    parent = node.getparent()
    if parent is None or node.tag == q("section") or parent.tag in NO_PHRASING_CHILDREN:
        marker.tail, node.text = node.text, None  # the first thing inside it
        node.insert(0, marker)
    else:
        node.addprevious(marker)


def coverage(breaks: list[PageBreak], pagination: PageMap) -> float:
    """The share of the printed book's text pages that the page-list leads to."""
    if not pagination.body:
        return 0.0
    return len({b.page for b in breaks} & pagination.body) / len(pagination.body)
