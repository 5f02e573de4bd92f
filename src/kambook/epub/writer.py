"""``write_epub``: the whole EPUB, from the book model to the zip, in one pass over the content."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from markdown_it.token import Token

from ..model import Book
from .archive import write_archive
from .documents import content_documents, epub_context, image_files, spine
from .fonts import FONT_DIR, book_faces, cached_subset, embedded_fonts, fonts_css
from ..coverimage import CoverSource, cover_image
from .images import image_names, screen_image
from .inputs import PageMap
from .nav import NAV_FILE, nav_document
from .package import Item, package_document
from .pagebreaks import coverage, mark_pages
from ..svgfonts import svg_chars, with_fonts
from .xhtml import document, q, serialize

STYLESHEET = "styles/epub.css"
#: The house stylesheet, for a book whose styles/ folder has no epub.css of its own.
DEFAULT_STYLESHEET = Path(__file__).resolve().parent.parent / "scaffold" / "styles" / "epub.css"
STYLES = ("styles/fonts.css", STYLESHEET)
COVER = "images/couverture.jpg"


@dataclass(frozen=True)
class EpubInfo:
    """What was written, for the build's summary and its tests."""

    path: Path
    size: int
    files: int
    page_breaks: int
    coverage: float  # share of the printed text pages the page-list leads to
    cover: bool


def write_epub(book: Book, cite_html: Callable[[Token], str], bibliography: list[tuple[str, str]], target: Path,
               modified: dt.datetime, pagination: PageMap | None = None,
               cover: CoverSource | None = None, cache: Path | None = None) -> EpubInfo:
    """Write the EPUB at ``target``; ``cache`` keeps what is slow to make again (the font subsets)."""
    m = book.manifest
    paths = image_files(book)
    names = image_names(paths)
    context = epub_context(book, cite_html, lambda token: names[Path(token.meta["path"])])
    docs = content_documents(book, context, bibliography, COVER if cover else None)
    reading = spine(docs)
    breaks = mark_pages(reading, pagination) if pagination else []
    described = all((img.get("alt") or "").strip() for d in reading for node in d.body for img in node.iter(q("img")))

    files: dict[str, bytes] = {}
    items: list[Item] = []
    spine_refs: list[str] = []
    pages = [(d.file, document(d.title, m.language, d.body, STYLES, d.matter)) for d in reading]
    # The contents come after the title page in reading order, as in the printed book.
    opening = sum(1 for d in reading if d.kind in ("cover", "titlepage"))
    pages.insert(opening, (NAV_FILE, nav_document(docs, breaks, "Table des matières", m.language, list(STYLES))))
    for number, (name, tree) in enumerate(pages, 1):
        files[name] = serialize(tree)
        items.append(Item(f"doc{number:03d}", name, "application/xhtml+xml", "nav" if name == NAV_FILE else ""))
        spine_refs.append(items[-1].id)

    text = "".join("".join(tree.itertext()) for _, tree in pages)
    items += _resources(book, text, paths, names, cover, files, cache / "fonts" if cache else None)
    stamp = modified.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    files["content.opf"] = package_document(m, items, [(ref, True) for ref in spine_refs], stamp,
                                            _features(book, bool(breaks), described), described)
    size = write_archive(target, files, modified.astimezone(dt.timezone.utc))
    return EpubInfo(target, size, len(files) + 2, len(breaks),
                    coverage(breaks, pagination) if pagination else 0.0, cover is not None)


def _resources(book: Book, text: str, paths: list[Path], names: dict[Path, str], cover: CoverSource | None,
               files: dict[str, bytes], font_cache: Path | None) -> list[Item]:
    """Fonts (subset to ``text``), stylesheets, images and the cover image: added to ``files``, listed."""
    root = book.manifest.root.resolve()
    items = []
    fonts = embedded_fonts(root, text, book.fallbacks, font_cache)
    for number, font in enumerate(fonts, 1):
        files[f"{FONT_DIR}/{font.name}"] = font.data
        items.append(Item(f"font{number:02d}", f"{FONT_DIR}/{font.name}", "font/woff2"))
    files["styles/fonts.css"] = fonts_css(fonts).encode("utf-8")
    sheet = root / STYLESHEET
    files[STYLESHEET] = (sheet if sheet.is_file() else DEFAULT_STYLESHEET).read_bytes()
    items += [Item("css-fonts", "styles/fonts.css", "text/css"), Item("css", STYLESHEET, "text/css")]
    images = [screen_image(path, names[path]) for path in paths]
    faces, drawn = book_faces(root), svg_chars([i.data for i in images if i.media_type == "image/svg+xml"])
    for number, image in enumerate(images, 1):
        files[image.name] = image.data if image.media_type != "image/svg+xml" else \
            with_fonts(image.data, faces, drawn, lambda face, chars: cached_subset(face, chars, font_cache))
        items.append(Item(f"img{number:02d}", image.name, image.media_type))
    if cover:
        files[COVER] = cover_image(cover)
        items.append(Item("cover-image", COVER, "image/jpeg", "cover-image"))
    return items


def _features(book: Book, page_list: bool, described: bool) -> list[str]:
    """The accessibility features the file has (schema.org's names), and only those."""
    features = ["tableOfContents", "readingOrder", "structuralNavigation", "displayTransformability"]
    if page_list:
        features += ["pageBreakMarkers", "printPageNumbers"]
    if described:
        features.append("alternativeText")
    if book.index:
        features.append("index")
    return features
