"""Page positions read from a WeasyPrint layout (the flipbook booklet's table of contents)."""

from __future__ import annotations


def anchor_pages(document) -> dict[str, int]:  # noqa: ANN001 - a weasyprint.Document
    """Page index of every anchor: the first page it appears on (a section spans several)."""
    pages: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            pages.setdefault(anchor, index)
    return pages
