"""Write the flipbook folder: booklet PDF, page images, text layer and the viewer, swapped in whole."""

from __future__ import annotations

import json
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


@dataclass(frozen=True)
class FlipbookInfo:
    folder: Path
    pages: int


def write_flipbook(book: Book, event: Event, screen_pdf: Path | BinaryIO, screen_layout: dict[str, int], target: Path,
                   pager: Pager, cache: Path | None = None, fonts_css: str = FONTS_CSS) -> FlipbookInfo:
    slug = book.manifest.slug
    spec = book.manifest.flipbook
    with atomic_dir(target) as tmp:
        pdf_name = f"{slug}-flipbook.pdf"
        info = write_booklet(book, event, screen_pdf, screen_layout, tmp / pdf_name, pager, fonts_css, cache)
        pages = render_pages(tmp / pdf_name, tmp / "pages", cache=cache)
        annotations = page_links(tmp / pdf_name)
        data = {"title": event.title, "pdf": pdf_name, "page_width": spec.width_mm, "page_height": spec.height_mm,
                "pages": [], "outline": [{"title": title, "page": index + 1, "children": []}
                                         for title, index in info.outline]}
        for index, page in enumerate(pages):
            words = page["text"]
            links = annotations[index] or text_links(words)
            alt = " ".join(w["s"] for w in words)[:300]
            data["pages"].append({"number": index + 1, "label": info.labels[index], "alt": alt,
                                  "images": page["images"], "text": words, "links": links})
        (tmp / "book.js").write_text("window.FLIPBOOK = " + json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                                     + ";\n", encoding="utf-8")
        env = Environment(loader=FileSystemLoader(VIEWER), autoescape=select_autoescape(["html", "j2"]),
                          extensions=[TypographyExtension])
        html = env.get_template("index.html.j2").render(title=event.title, lang=book.manifest.language, pdf=pdf_name,
                                                        slug=slug, book_js="book.js")
        (tmp / "index.html").write_text(html, encoding="utf-8")
        for name in ("viewer.js", "viewer.css"):
            shutil.copyfile(VIEWER / name, tmp / name)
        shutil.copyfile(FOLD_JS, tmp / "fold.js")  # the floor's fold, which viewer.js searches with
    return FlipbookInfo(target, info.pages)
