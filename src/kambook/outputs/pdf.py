"""The typeset PDF of the book: WeasyPrint lays it out, pypdf adds what CSS cannot say (page labels)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from pypdf import PdfReader, PdfWriter

from .atomic import atomic_path
from .weasy import render_document, write_pdf


def page_of_anchor(document, anchor: str) -> int | None:  # noqa: ANN001 - a weasyprint.Document
    for index, page in enumerate(document.pages):
        if anchor in page.anchors:
            return index
    return None


def anchor_pages(document) -> dict[str, int]:  # noqa: ANN001 - a weasyprint.Document
    """Page index of every anchor: the first page it appears on (a section spans several)."""
    pages: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            pages.setdefault(anchor, index)
    return pages


def lay_out_book(html_for: Callable[[dict[str, int] | None], str], root: Path, max_passes: int = 3):  # noqa: ANN201
    """Lay out the book; return (WeasyPrint document, layout passes, final HTML).

    Page-dependent text (no « p. N » for a target on the same page) needs to know where things land,
    so the document is laid out, measured, regenerated and laid out again until the HTML is stable.
    """
    html = html_for(None)
    document = render_document(html, base_url=root, roots=[root])
    passes = 1
    while passes < max_passes:
        revised = html_for(anchor_pages(document))
        if revised == html:
            break
        html = revised
        document = render_document(html, base_url=root, roots=[root])
        passes += 1
    return document, passes, html


def write_book_pdf(document, target: Path, body_anchor: str | None) -> int:  # noqa: ANN001
    """Write the laid-out book; return its page count.

    Page labels make a PDF viewer show the printed folios: roman for the front matter, arabic from the
    first part (``body_anchor``), as in the book itself.
    """
    body_start = page_of_anchor(document, body_anchor) if body_anchor else None
    with atomic_path(target) as final:
        raw = final.with_name(final.name + ".raw")
        try:
            write_pdf(document, raw)
            writer = PdfWriter(clone_from=PdfReader(raw))
            if body_start:
                writer.set_page_label(0, body_start - 1, style="/r", start=1)
            writer.set_page_label(body_start or 0, len(writer.pages) - 1, style="/D", start=1)
            with final.open("wb") as out:
                writer.write(out)
        finally:
            raw.unlink(missing_ok=True)
    return len(document.pages)
