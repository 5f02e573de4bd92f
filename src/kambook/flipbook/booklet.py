"""The booklet PDF: the event's pages laid out by WeasyPrint, then the book's excerpt in its print pagination.

The excerpt is not laid out again: its pages are taken from the screen edition and scaled onto the
booklet's page, so their folios, notes and figures are exactly those of the printed book. The booklet is
padded with blank pages to a multiple of four (it is printed as folded sheets) before its back cover.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from html import unescape
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Protocol

import pikepdf
from markupsafe import Markup
from pypdf import PdfReader

from ..errors import RenderError
from ..markdown import make_parser
from ..model import Book
from ..atomic import atomic_path, write_bytes, write_text
from ..fontcover import FONTS_CSS
from ..render.backmatter import page_labels
from ..render.environment import environment
from ..sources.event import SECTIONS, Event

MM = 72 / 25.4
OUTLINE_ENTRY = re.compile(r'<section\b[^>]*\bid="([^"]+)"[^>]*\bdata-outline="([^"]*)"')


@dataclass(frozen=True)
class BookletInfo:
    pages: int
    labels: tuple[str, ...]
    outline: tuple[tuple[str, int], ...]  # (title, page index)
    excerpt: tuple[int, int]  # first and last booklet page index of the excerpt
    #: The padding pages before the back cover: the print needs them to fill its folded sheets, a reader
    #: on screen does not (the viewer leaves them out).
    blanks: tuple[int, ...] = ()



class Pager(Protocol):
    """Lays the programme's HTML out as PDF pages. The build hands in print's WeasyPrint door: the
    flipbook never imports another product, and only ``print/`` knows the layout engine."""

    def paginate(self, html: str) -> tuple[bytes, dict[str, int], dict[str, str]]:
        """The PDF, the page index of each anchor, and the digest of each project file it read."""

    def digest(self, name: str) -> str | None:
        """The digest of a project file now (None when gone): a kept programme is reused only when
        every file it read is unchanged."""


def _excerpt_range(book: Book, label: str, screen_layout: dict[str, int], screen: PdfReader) -> tuple[int, int]:
    target = book.registry.get(label)
    if target is None or target.kind != "ch":
        raise RenderError(f"flipbook excerpt '{label}' is not a chapter label of the book")
    chapters = [d for d in book.documents if d.role == "chapter"]
    index = next(i for i, d in enumerate(chapters) if d.label == label)
    start = screen_layout[chapters[index].anchor]
    following = [screen_layout[d.anchor] for d in book.documents[book.documents.index(chapters[index]) + 1:]
                 if d.anchor in screen_layout]
    end = (min(following) if following else len(screen.pages)) - 1
    while end > start and not screen.pages[end].extract_text().strip():
        end -= 1  # the blank verso before the next chapter is not part of the excerpt
    return start, end


def booklet_html(book: Book, event: Event, toc: list[tuple[str, str, str]], excerpt_title: str,
                 size: tuple[float, float], fonts_css: str = FONTS_CSS) -> str:
    md = make_parser()
    intro = md.renderer.render(list(event.introduction_tokens), md.options, {}) if event.introduction_tokens else ""
    parts = [(part.number, part.title) for part in book.parts]
    return environment("flipbook").get_template("booklet.html").render(
        m=book.manifest, event=event, intro=Markup(intro), parts=parts, chapters=len(book.chapters), toc=toc,
        excerpt_title=excerpt_title, heading=lambda key: event.sections.get(key) or SECTIONS[key],
        page_css=Markup(f"@page {{ size: {size[0]:g}mm {size[1]:g}mm; }}"), fonts_css=fonts_css)


def write_booklet(book: Book, event: Event, screen_pdf: Path | BinaryIO, screen_layout: dict[str, int], target: Path,
                  pager: Pager, fonts_css: str = FONTS_CSS, cache: Path | None = None) -> BookletInfo:
    m = book.manifest
    spec = m.flipbook
    screen = PdfReader(screen_pdf)
    labels = page_labels(screen_layout, book.parts[0].anchor if book.parts else None)
    toc = [(d.number, d.title, labels[screen_layout[d.anchor]]) for d in book.chapters if d.anchor in screen_layout]
    chapter = book.registry.get(spec.excerpt)
    start, end = _excerpt_range(book, spec.excerpt, screen_layout, screen)
    html = booklet_html(book, event, toc, f"Chapitre {chapter.number} – {chapter.title}",
                        (spec.width_mm, spec.height_mm), fonts_css)
    event_bytes, anchors = _event_pages(html, pager, cache)

    width, height = spec.width_mm * MM, spec.height_mm * MM
    with pikepdf.open(io.BytesIO(event_bytes)) as event_doc, pikepdf.open(_reopenable(screen_pdf)) as screen_doc, \
            pikepdf.new() as out:
        front = list(event_doc.pages[:-1])
        out.pages.extend(front)
        for index in range(start, end + 1):
            # The book page as a form XObject, scaled to fit and centred: no content stream is parsed or
            # rewritten, and the names are fixed, so the same page gives the same bytes (and page images).
            source = screen_doc.pages[index]
            box = [float(v) for v in source.mediabox]
            sw, sh = box[2] - box[0], box[3] - box[1]
            scale = min(width / sw, height / sh)
            dx, dy = (width - sw * scale) / 2 - box[0] * scale, (height - sh * scale) / 2 - box[1] * scale
            page = out.add_blank_page(page_size=(width, height))
            page.obj.Resources = pikepdf.Dictionary(XObject=pikepdf.Dictionary(Book=out.copy_foreign(
                source.as_form_xobject())))
            page.obj.Contents = out.make_stream(f"q {scale:.6f} 0 0 {scale:.6f} {dx:.4f} {dy:.4f} cm /Book Do Q".encode())
        count = len(front) + (end - start + 1) + 1
        blanks = -count % 4
        for _ in range(blanks):
            out.add_blank_page(page_size=(width, height))
        out.pages.append(event_doc.pages[-1])
        total = len(out.pages)

        first_excerpt = len(front)
        booklet_labels = [str(i + 1) for i in range(first_excerpt)]
        booklet_labels += [labels[i] for i in range(start, end + 1)]
        booklet_labels += [str(first_excerpt + (end - start + 1) + i + 1) for i in range(blanks + 1)]
        after = first_excerpt + end - start + 1
        out.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array([
            0, pikepdf.Dictionary(S=pikepdf.Name.D, St=1),
            first_excerpt, pikepdf.Dictionary(S=pikepdf.Name.D, St=int(labels[start])),
            after, pikepdf.Dictionary(S=pikepdf.Name.D, St=after + 1)]))
        outline = [(title, anchors[anchor]) for anchor, title in _outline(html)
                   if anchor in anchors and anchors[anchor] < first_excerpt]
        outline.append((f"Extrait : chapitre {chapter.number}", first_excerpt))
        outline.append((event.sections.get("contact") or SECTIONS["contact"], total - 1))
        with out.open_outline() as tree:
            tree.root.extend(pikepdf.OutlineItem(title, index) for title, index in outline)
        out.docinfo["/Title"] = event.title
        out.docinfo["/Author"] = ", ".join(event.organisers)
        out.docinfo["/Creator"] = "kambook"
        with atomic_path(target) as tmp:
            out.save(tmp, deterministic_id=True)
    return BookletInfo(total, tuple(booklet_labels), tuple(outline), (first_excerpt, first_excerpt + end - start),
                       tuple(range(after, after + blanks)))


def _event_pages(html: str, pager: Pager, cache: Path | None) -> tuple[bytes, dict[str, int]]:
    """The programme's pages and where its sections start; kept by HTML and by the files it read, as
    the programme rarely changes while the book does."""
    kept = cache / f"event-{hashlib.sha256(html.encode('utf-8')).hexdigest()[:32]}" if cache is not None else None
    if kept is not None:
        try:
            meta = json.loads(kept.with_suffix(".json").read_text(encoding="utf-8"))
            if all(pager.digest(name) == digest for name, digest in meta["files"].items()):
                return kept.with_suffix(".pdf").read_bytes(), meta["anchors"]
        except (OSError, ValueError, KeyError):
            pass
    data, anchors, files = pager.paginate(html)
    if kept is not None:
        for old in kept.parent.glob("event-*.*"):
            old.unlink(missing_ok=True)  # one programme at a time
        write_bytes(kept.with_suffix(".pdf"), data)
        write_text(kept.with_suffix(".json"), json.dumps({"files": files, "anchors": anchors}))
    return data, anchors


def _reopenable(source: Path | BinaryIO) -> Path | BinaryIO:
    """A stream already read by pypdf, rewound for pikepdf."""
    if hasattr(source, "seek"):
        source.seek(0)
    return source


def _outline(html: str) -> list[tuple[str, str]]:
    """(anchor, title) of each section that names its outline entry, in the order the booklet prints them."""
    return [(anchor, unescape(title)) for anchor, title in OUTLINE_ENTRY.findall(html) if title.strip()]
