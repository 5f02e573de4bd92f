"""The typeset PDF of the book: WeasyPrint lays it out, pypdf adds what CSS cannot say (page labels)."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader, PdfWriter

from .atomic import atomic_path
from .weasy import render_document, write_pdf


def page_of_anchor(document, anchor: str) -> int | None:  # noqa: ANN001 - a weasyprint.Document
    for index, page in enumerate(document.pages):
        if anchor in page.anchors:
            return index
    return None


def write_book_pdf(html: str, root: Path, target: Path, body_anchor: str | None) -> int:
    """Lay out and write the PDF; return its page count.

    Page labels make a PDF viewer show the printed folios: roman for the front matter, arabic from the
    first part (``body_anchor``), as in the book itself.
    """
    document = render_document(html, base_url=root, roots=[root])
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
