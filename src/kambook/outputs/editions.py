"""The two PDF editions of the book, laid out from the same print document.

The screen edition (RGB, links, tagged) is laid out first, until its page references settle. The
printer's interior has the same page geometry — bleed only adds paper around the trim — so it starts
from the screen edition's layout, adds CMYK colours and images, pads the last signature with blank
pages and a colophon, and is normally laid out once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import tinyhtml5

from ..errors import RenderError, relpath
from ..manifest import Manifest
from ..model import KIND_NAMES, Book
from ..render.printdoc import PrintVariant, print_context, render_print_html
from .atomic import write_text
from .finish import FinishInfo
from .pdf import lay_out_book
from .press import PressOptions, finish_for_press
from .print_assets import PrintAssets
from .screen import ScreenOptions

HEADINGS = {"h1", "h2", "h3", "h4"}
SCREEN_STYLES = ("styles/fonts.css", "styles/print.css")
INTERIOR_STYLES = (*SCREEN_STYLES, "styles/interior.css")


@dataclass
class LaidOut:
    document: object  # weasyprint.Document
    html: str
    layout: dict[str, int]
    passes: int

    @property
    def pages(self) -> int:
        return len(self.document.pages)


def modification_date() -> str:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=0).isoformat()


def lay_out_screen(book: Book, cite_html, bibliography: list, roots: list[Path],  # noqa: ANN001
                   cache: Path | None = None) -> LaidOut:
    """Lay out the screen edition, starting from where the last build found every anchor.

    Page-dependent text needs a layout to be written, so a cold build lays out twice; the last build's
    anchor pages (``cache``) are a guess one pass confirms, so a book whose pagination did not move is
    laid out once; a wrong guess costs one pass more than a cold build, whose result it then is.
    """
    variant = PrintVariant(stylesheets=SCREEN_STYLES, modified=modification_date())

    def html_for(layout: dict[str, int] | None) -> str:
        return render_print_html(book, print_context(book, cite_html, layout), bibliography, variant, layout)
    remembered = read_layout(cache) if cache is not None else None
    document, passes, html, layout = lay_out_book(html_for, book.manifest.root, roots, guess=remembered)
    if cache is not None and layout != remembered:
        write_text(cache, json.dumps(layout, sort_keys=True))
    return LaidOut(document, html, layout, passes)


def read_layout(cache: Path) -> dict[str, int] | None:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(data, dict) and all(isinstance(k, str) and isinstance(v, int) for k, v in data.items())
    return data if ok else None


def lay_out_interior(book: Book, cite_html, bibliography: list, roots: list[Path],  # noqa: ANN001
                     assets: PrintAssets, screen: LaidOut) -> LaidOut:
    m = book.manifest
    spec = m.print
    if spec.icc_profile is None:
        raise RenderError("the print interior needs a CMYK profile: set print: icc_profile: in book.yaml "
                          "(assets/icc/ has FOGRA39)")
    profile = relpath(spec.icc_profile, m.root)
    # Crop marks are drawn by outputs.press, outside the bleed: WeasyPrint would draw them inside it.
    page_css = (f"@page {{ bleed: {spec.bleed_mm:g}mm; marks: none; }}"
                f'@color-profile device-cmyk {{ src: url("{profile}"); components: cyan, magenta, yellow, black; }}')
    padding = _padding(screen.pages, spec.signature)
    for _ in range(3):
        variant = PrintVariant(stylesheets=INTERIOR_STYLES, page_css=page_css, padding_pages=padding,
                               colophon=True, modified=modification_date())

        def html_for(layout: dict[str, int] | None, variant: PrintVariant = variant) -> str:
            context = print_context(book, cite_html, layout, image_for=assets.for_print)
            return render_print_html(book, context, bibliography, variant, layout)
        document, passes, html, layout = lay_out_book(html_for, m.root, roots, layout=screen.layout)
        content_pages = len(document.pages) - padding - 1
        if len(document.pages) % spec.signature == 0:
            return LaidOut(document, html, layout, passes)
        padding = _padding(content_pages, spec.signature)
    raise RenderError(f"could not pad the interior to a multiple of {spec.signature} pages")


def _padding(pages: int, signature: int) -> int:
    """Blank pages after the content so that content + blanks + colophon fill whole signatures."""
    total = -(-(pages + 1) // signature) * signature
    return total - pages - 1


def finish_info(book: Book, laid_out: LaidOut, cmyk: bool) -> FinishInfo:
    m = book.manifest
    digest = hashlib.sha256(laid_out.html.encode("utf-8")).hexdigest()
    document_id = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    first_part = laid_out.layout.get(book.parts[0].anchor) if book.parts else None
    return FinishInfo(body_start=first_part, document_id=document_id, isbn=m.isbn, publisher=m.publisher,
                      language=m.language, rgb_black_to_k=cmyk)


def finish_interior(manifest: Manifest) -> Callable[[Path, Path], None]:
    """The press pass for the interior: the same as the cover's, with the book's bleed and marks."""
    spec = manifest.print
    options = PressOptions(spec.bleed_mm, spec.crop_marks, spec.output_condition)
    return lambda raw, final: finish_for_press(raw, final, options)


def screen_options(book: Book, screen: LaidOut) -> ScreenOptions:
    """What the screen clean-up needs: the blank versos to drop, and what each link leads to."""
    blank = tuple(i for i, page in enumerate(screen.document.pages) if page._page_box.page_type.blank)
    return ScreenOptions(blank, link_descriptions(book, screen.html))


def link_descriptions(book: Book, html: str) -> dict[str, str]:
    """« Chapitre 10 : Orchestrer la relation », by anchor: the words a screen reader says for a link.

    Numbered targets are named from the registry; any other anchor (a back-matter section, a bibliography
    entry, an index mark) by its heading or its own text in the print document.
    """
    titles = {d.slug: d.title for d in book.documents}
    out = {anchor: f"Passage de «\u00a0{titles.get(slug, slug)}\u00a0»" for anchor, slug in book.anchor_doc.items()}
    for target in book.registry.targets.values():
        kind = KIND_NAMES.get(target.kind, target.kind).capitalize()
        out[target.anchor] = f"{kind} {target.number}\u00a0: {target.title}" if target.number else target.title
    out.update({d.anchor: d.title for d in book.documents if d.anchor not in out})
    for element in tinyhtml5.parse(html).iter():
        ident = element.get("id")
        if not ident or ident in out:
            continue
        heading = next((e for e in element.iter() if str(e.tag).rsplit("}", 1)[-1] in HEADINGS), None)
        words = " ".join("".join((heading if heading is not None else element).itertext()).split())
        if words:
            out[ident] = words if len(words) <= 100 else words[:99].rsplit(" ", 1)[0] + "\u00a0…"
    return out


def pdf_identifier(laid_out: LaidOut) -> bytes:
    return hashlib.md5(laid_out.html.encode("utf-8")).hexdigest().encode()



