"""Write the flipbook folder: booklet PDF, page images, text layer and the viewer, swapped in whole."""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from jinja2 import Environment, FileSystemLoader, select_autoescape

from .booklet import Pager, write_booklet
from ..sources.event import Event
from .pages import page_links, render_pages, text_links
from ..model import Book
from ..atomic import atomic_dir
from ..fontcover import FONTS_CSS
from ..render.template_typography import TypographyExtension
from ..text.folding import FOLD_JS

VIEWER = Path(__file__).resolve().parents[1] / "flipbook" / "viewer"
#: The site's home from its copy of the flipbook (dist/site/flipbook/).
SITE_HOME = "../index.html"
PAGE_LINK = re.compile(r"#page=(\d+)")


@dataclass(frozen=True)
class FlipbookInfo:
    folder: Path
    pages: int


def viewer_page(book: Book, event: Event, home: str | None) -> str:
    """The viewer's ``index.html``. ``home`` is the site's home page as seen from the flipbook (None: no
    link): the folder written alone opens anywhere, so it has none; the site's copy (``flipbook/``) gets
    this page again with ``SITE_HOME``, which is the site's home there."""
    env = Environment(loader=FileSystemLoader(VIEWER), autoescape=select_autoescape(["html", "j2"]),
                      extensions=[TypographyExtension])
    slug = book.manifest.slug
    return env.get_template("index.html.j2").render(title=event.title, lang=book.manifest.language,
                                                    pdf=f"{slug}-flipbook.pdf", slug=slug, book_js="book.js", home=home)


def write_flipbook(book: Book, event: Event, screen_pdf: Path | BinaryIO, screen_layout: dict[str, int], target: Path,
                   pager: Pager, cache: Path | None = None, fonts_css: str = FONTS_CSS,
                   home: str | None = None) -> FlipbookInfo:
    slug = book.manifest.slug
    spec = book.manifest.flipbook
    with atomic_dir(target) as tmp:
        pdf_name = f"{slug}-flipbook.pdf"
        info = write_booklet(book, event, screen_pdf, screen_layout, tmp / pdf_name, pager, fonts_css, cache)
        shown = [i for i in range(info.pages) if i not in info.blanks]
        pages = render_pages(tmp / pdf_name, tmp / "pages", cache=cache, indices=shown)
        annotations = page_links(tmp / pdf_name)
        data = {"title": event.title, "pdf": pdf_name, "page_width": spec.width_mm, "page_height": spec.height_mm,
                "back_cover": True, "pages": [], "outline": [{"title": title, "page": _shown_number(shown, index),
                                                              "children": []} for title, index in info.outline]}
        for number, (index, page) in enumerate(zip(shown, pages), start=1):
            words = page["text"]
            links = [_renumbered(link, shown) for link in annotations[index]] or text_links(words)
            # A folio that only counted the booklet's pages counts the pages shown, so that « page 9 » is
            # the ninth the reader sees; the excerpt keeps the book's folios.
            label = str(number) if info.labels[index] == str(index + 1) else info.labels[index]
            data["pages"].append({"number": number, "label": label, "images": page["images"], "text": words,
                                  "links": links})
        (tmp / "book.js").write_text("window.FLIPBOOK = " + json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                                     + ";\n", encoding="utf-8")
        (tmp / "index.html").write_text(viewer_page(book, event, home), encoding="utf-8")
        for name in ("viewer.js", "viewer.css"):
            shutil.copyfile(VIEWER / name, tmp / name)
        shutil.copyfile(FOLD_JS, tmp / "fold.js")  # the floor's fold, which viewer.js searches with
    return FlipbookInfo(target, info.pages)


def _shown_number(shown: list[int], index: int) -> int:
    """The viewer's number of booklet page ``index``, or of the next page shown when it is left out."""
    return next((n for n, i in enumerate(shown, start=1) if i >= index), len(shown))


def _renumbered(link: dict, shown: list[int]) -> dict:
    """A link to a booklet page points at the same page among those shown."""
    match = PAGE_LINK.fullmatch(link["href"])
    return {**link, "href": f"#page={_shown_number(shown, int(match[1]) - 1)}"} if match else link
