"""The typeset PDFs of the book: laid out (and re-laid out until page numbers settle), then written."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from .atomic import atomic_path
from .finish import FinishInfo, make_finisher
from .weasy import render_document, write_pdf


def anchor_pages(document) -> dict[str, int]:  # noqa: ANN001 - a weasyprint.Document
    """Page index of every anchor: the first page it appears on (a section spans several)."""
    pages: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            pages.setdefault(anchor, index)
    return pages


def lay_out_book(html_for: Callable[[dict[str, int] | None], str], root: Path, roots: list[Path],
                 layout: dict[str, int] | None = None, max_passes: int = 3,
                 guess: dict[str, int] | None = None):  # noqa: ANN201
    """Lay out the book; return (WeasyPrint document, layout passes, final HTML, final layout).

    Page-dependent text (no « p. N » for a target on the same page, index page ranges) needs to know
    where things land, so the document is laid out, measured, regenerated and laid out again until the
    HTML is stable. ``layout`` starts from a known layout (the interior reuses the screen edition's).

    ``guess`` (the last build's layout) is tried first and kept only if one pass confirms it: the HTML it
    gives lays out to itself. Otherwise the book is laid out exactly as without it, so what a build
    prints never depends on the builds before it.
    """
    if guess is not None:
        html = html_for(guess)
        document = render_document(html, base_url=root, roots=roots)
        found = anchor_pages(document)
        if html_for(found) == html:
            return document, 1, html, found
        del document
        document, passes, html, found = lay_out_book(html_for, root, roots, layout, max_passes)
        return document, passes + 1, html, found
    html = html_for(layout)
    document = render_document(html, base_url=root, roots=roots)
    passes = 1
    while passes < max_passes:
        layout = anchor_pages(document)
        revised = html_for(layout)
        if revised == html:
            break
        html = revised
        document = render_document(html, base_url=root, roots=roots)
        passes += 1
    return document, passes, html, anchor_pages(document)


def write_book_pdf(document, target: Path, finish: FinishInfo,  # noqa: ANN001 - a weasyprint.Document
                   post: Callable[[Path, Path], None] | None = None, **options: object) -> int:
    """Write a laid-out book to ``target`` (atomically); return its page count.

    ``post(raw, final)`` rewrites WeasyPrint's file into the final one (press finishing, screen clean-up)
    before it replaces anything in ``dist/``.
    """
    with atomic_path(target) as tmp:
        if post is None:
            write_pdf(document, tmp, finisher=make_finisher(finish), **options)
        else:
            raw = tmp.with_name(tmp.name + ".raw")
            try:
                write_pdf(document, raw, finisher=make_finisher(finish), **options)
                post(raw, tmp)
            finally:
                raw.unlink(missing_ok=True)
    return len(document.pages)
