"""The two PDF editions of the book, laid out from the same print document.

The screen edition (RGB, links, tagged) is laid out first, until its page references settle. The
printer's interior has the same page geometry — bleed only adds paper around the trim — so it starts
from the screen edition's layout, adds CMYK colours and images, pads the last signature with pages
for notes and a colophon, and is normally laid out once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import html as htmllib
import json
import os
import re
from pathlib import Path
from typing import Callable

import pikepdf

from ..errors import RenderError, relpath
from ..manifest import Manifest
from ..model import KIND_NAMES, Book
from ..atomic import atomic_path, write_text
from ..pdfx import X4_VERSION
from .document import PrintVariant, print_context, render_print_html
from .finish import FinishInfo
from .layout import Layout, UnitLayout, WriteOptions
from .merge import merge_units
from .press import PressOptions, finish_for_press
from .print_assets import PrintAssets
from .screen import ScreenOptions

LINK_TARGET = re.compile(r'href="#([^"]+)"')
PRINT_STYLES = ("styles/print.css",)
INTERIOR_STYLES = (*PRINT_STYLES, "styles/interior.css")
NOTES_TITLE_MM = 18.0  # .notes-title's block, margins included (styles/interior.css)
NOTES_LINE_MM = 8.0  # .notes-lines div's height


def modification_date() -> str:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    moment = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return moment.replace(microsecond=0).isoformat()


def screen_write_options(book: Book) -> WriteOptions:
    return WriteOptions("pdf/ua-1", dpi=book.manifest.print.screen_image_dpi, optimize_images=True)


def lay_out_screen(book: Book, cite_html, bibliography: list, engine: UnitLayout, fonts_css: str,  # noqa: ANN001
                   cache: Path | None = None) -> Layout:
    """Lay out the screen edition until its page references settle.

    The layouts the last build's passes found (``cache``) tell which units the passes will ask for, so
    they are laid out in parallel rather than one pass after the other; the result is the cold build's.
    """
    variant = PrintVariant(stylesheets=(fonts_css, *PRINT_STYLES), modified=modification_date())

    def html_for(layout: dict[str, int] | None) -> str:
        return render_print_html(book, print_context(book, cite_html, layout), bibliography, variant, layout)
    remembered = read_layouts(cache) if cache is not None else None
    laid_out = engine.lay_out(html_for, screen_write_options(book), guesses=remembered,
                              body_anchor=_body_anchor(book))
    if cache is not None and laid_out.history != remembered:
        write_text(cache, json.dumps(laid_out.history, sort_keys=True))
    return laid_out


def _body_anchor(book: Book) -> str | None:
    return book.parts[0].anchor if book.parts else None


def read_layouts(cache: Path) -> list[dict[str, int]] | None:
    try:
        data = json.loads(cache.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    ok = isinstance(data, list) and all(
        isinstance(d, dict) and all(isinstance(k, str) and isinstance(v, int) for k, v in d.items()) for d in data)
    return data if ok else None


def lay_out_interior(book: Book, cite_html, bibliography: list, engine: UnitLayout,  # noqa: ANN001
                     assets: PrintAssets, screen: Layout, fonts_css: str) -> Layout:
    m = book.manifest
    spec = m.print
    if spec.icc_profile is None:
        raise RenderError("the print interior needs a CMYK profile: set print: icc_profile: in book.yaml "
                          "(assets/icc/ has FOGRA39)")
    profile = relpath(spec.icc_profile, m.root)
    # Crop marks are drawn by print.press, outside the bleed: WeasyPrint would draw them inside it.
    page_css = (f"@page {{ bleed: {spec.bleed_mm:g}mm; marks: none; }}"
                f'@color-profile device-cmyk {{ src: url("{profile}"); components: cyan, magenta, yellow, black; }}')
    options = WriteOptions("pdf/x-4", pdf_version=X4_VERSION, rgb_black_to_k=True)
    padding = _padding(screen.pages, spec.signature)
    for _ in range(3):
        variant = PrintVariant(stylesheets=(fonts_css, *INTERIOR_STYLES), page_css=page_css,
                               padding_pages=padding, notes_lines=notes_lines(m.trim.height_mm), colophon=True,
                               modified=modification_date())

        def html_for(layout: dict[str, int] | None, variant: PrintVariant = variant) -> str:
            context = print_context(book, cite_html, layout, image_for=assets.for_print)
            return render_print_html(book, context, bibliography, variant, layout)
        laid_out = engine.lay_out(html_for, options, layout=screen.layout, body_anchor=_body_anchor(book))
        colophon = laid_out.layout.get("colophon", laid_out.pages - 1)
        if colophon != laid_out.pages - 1:
            raise RenderError(f"the colophon takes {laid_out.pages - colophon} pages where the last page is kept "
                              "for it: shorten the legal mentions in book.yaml or its padding-top in "
                              "styles/interior.css")
        content_pages = laid_out.pages - padding - 1
        if laid_out.pages % spec.signature == 0:
            return laid_out
        padding = _padding(content_pages, spec.signature)
    raise RenderError(f"could not pad the interior to a multiple of {spec.signature} pages")


def notes_lines(trim_height_mm: float) -> int:
    """Ruled lines that fit a notes page: print.css's page area (20 mm margin at the head, 22 mm at the
    foot) less interior.css's title block (18 mm), a line every 8 mm."""
    return max(0, int((trim_height_mm - 42.0 - NOTES_TITLE_MM) // NOTES_LINE_MM))


def _padding(pages: int, signature: int) -> int:
    """Notes pages after the content so that content + notes + colophon fill whole signatures."""
    total = -(-(pages + 1) // signature) * signature
    return total - pages - 1


def finish_info(book: Book, laid_out: Layout) -> FinishInfo:
    m = book.manifest
    digest = hashlib.sha256(laid_out.html.encode("utf-8")).hexdigest()
    document_id = f"{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
    first_part = laid_out.layout.get(book.parts[0].anchor) if book.parts else None
    return FinishInfo(body_start=first_part, document_id=document_id, isbn=m.isbn, publisher=m.publisher,
                      language=m.language)


def finish_interior(manifest: Manifest) -> Callable[[pikepdf.Pdf, Path, str], None]:
    """The press pass for the interior: the same as the cover's, with the book's bleed and marks."""
    spec = manifest.print
    options = PressOptions(spec.bleed_mm, spec.crop_marks, spec.output_condition)
    return lambda merged, final, _version: finish_for_press(merged, final, options)


def screen_options(book: Book, screen: Layout) -> ScreenOptions:
    """What the screen clean-up needs: the blank versos to drop, and what each link leads to."""
    return ScreenOptions(screen.blank_pages, link_descriptions(book, screen.html))


def link_descriptions(book: Book, html: str) -> dict[str, str]:
    """« Chapitre 10 : Orchestrer la relation », by anchor: the words a screen reader says for a link.

    Numbered targets are named from the registry; any other target of a link (a back-matter section, a
    bibliography entry, a glossary term) by its heading or its own text in the print document.
    """
    titles = {d.slug: d.title for d in book.documents}
    out = {anchor: f"Passage de «\u00a0{titles.get(slug, slug)}\u00a0»" for anchor, slug in book.anchor_doc.items()}
    for target in book.registry.targets.values():
        kind = KIND_NAMES.get(target.kind, target.kind).capitalize()
        out[target.anchor] = f"{kind} {target.number}\u00a0: {target.title}" if target.number else target.title
    out.update({d.anchor: d.title for d in book.documents if d.anchor not in out})
    for ident in sorted(set(LINK_TARGET.findall(html)) - set(out)):
        words = _element_words(html, htmllib.unescape(ident))
        if words:
            out[htmllib.unescape(ident)] = words if len(words) <= 100 else words[:99].rsplit(" ", 1)[0] + "\u00a0…"
    return out


def _element_words(html: str, ident: str) -> str:
    """The words of the element with id ``ident``, or of its first heading: the print document is
    kambook's own well-formed HTML, so the element ends at the close tag that balances its opening."""
    found = re.search(f'<([a-z0-9]+)\\b[^>]*\\sid="{re.escape(htmllib.escape(ident))}"', html)
    if found is None:
        return ""
    tag, depth, position = found.group(1), 0, found.start()
    for mark in re.compile(f"<(/?){tag}\\b[^>]*>").finditer(html, position):
        depth += -1 if mark.group(1) else 1
        if depth == 0:
            inner = html[found.end():mark.start()]
            break
    else:
        inner = html[found.end():]
    body = inner.split(">", 1)[-1]  # past the rest of the opening tag
    heading = re.search(r"<(h[1-4])\b[^>]*>(.*?)</\1>", body, re.S)
    text = heading.group(2) if heading else body
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", "", text)).split())


def write_edition(laid_out: Layout, target: Path, finish: FinishInfo,
                  post: Callable[[pikepdf.Pdf, Path, str], None] | None = None, font_cache: Path | None = None) -> int:
    """Merge an edition's units into ``target`` (atomically); return its page count.

    ``post(merged, final, version)`` finishes the merged PDF (press finishing, screen clean-up) and
    writes it, before anything in ``dist/`` is replaced.
    """
    with atomic_path(target) as tmp:
        merge_units(laid_out, tmp, finish, modification_date(), font_cache, post)
    return laid_out.pages
