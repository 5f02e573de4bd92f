"""The one door to WeasyPrint.

Its URL fetcher serves files under the project folder and ``data:`` URLs, nothing else: no network at
build time, and a missing file stops the build instead of leaving a hole in a printed book.
"""

from __future__ import annotations

import mimetypes
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

import pydyf
import weasyprint
from weasyprint.pdf import tags as weasy_tags
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

from ..errors import RenderError

mimetypes.add_type("font/woff2", ".woff2")
mimetypes.add_type("image/svg+xml", ".svg")


class ProjectFetcher(URLFetcher):
    """Serve project files only; remember why a fetch was refused so the error can say it."""

    def __init__(self, roots: list[Path]) -> None:
        super().__init__(fail_on_errors=True, allowed_protocols={"file", "data"})
        self.roots = [r.resolve() for r in roots]
        self.refused: list[str] = []

    def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme == "data":
            return super().fetch(url, headers)
        if parts.scheme != "file":
            self.refused.append(f"{url}: only files of the project can be used (no network at build time)")
            raise ValueError(self.refused[-1])
        path = Path(unquote(parts.path)).resolve()
        if not any(path.is_relative_to(root) for root in self.roots):
            self.refused.append(f"{path}: outside the project folder")
            raise ValueError(self.refused[-1])
        if not path.is_file():
            self.refused.append(f"{path}: file not found")
            raise ValueError(self.refused[-1])
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": kind})


_build_box_tree = weasy_tags._build_box_tree


def _tagged_box_tree(box, parent, *args):  # noqa: ANN001, ANN202 - WeasyPrint's own signature
    """WeasyPrint's structure elements, completed with what PDF/UA asks and WeasyPrint leaves out.

    An element written with ``lang`` (an English passage of the blog) carries ``/Lang``; a footnote is a
    ``Note`` with an ``/ID``. WeasyPrint recurses through the module's name, so every level passes here.
    """
    for element in _build_box_tree(box, parent, *args):
        source = getattr(box, "element", None)
        tag = getattr(box, "element_tag", None)
        if source is not None and tag not in (None, "html", "body") and "::" not in str(tag):
            if source.get("lang"):
                element["Lang"] = pydyf.String(source.get("lang"))
            if "footnote" in (source.get("class") or "").split() and element["S"] != "/Note":
                element["S"] = "/Note"
                element["ID"] = pydyf.String(f"note-{element.number}")
        yield element


weasy_tags._build_box_tree = _tagged_box_tree


_FONTS: ContextVar[FontConfiguration | None] = ContextVar("kambook_fonts", default=None)


@contextmanager
def shared_fonts() -> Iterator[None]:
    """Every document laid out inside shares one font configuration: the book's fonts are read and their
    WOFF2 decompressed once per build, not once per layout pass (a fifth of a pass otherwise). A build is
    the unit, so a font changed between two builds of ``kambook serve`` is read again."""
    token = _FONTS.set(FontConfiguration())
    try:
        yield
    finally:
        _FONTS.reset(token)


def render_document(html: str, base_url: Path, roots: list[Path]) -> weasyprint.Document:
    """Lay out ``html``; the layout is returned so callers can read page positions before writing."""
    fetcher = ProjectFetcher(roots)
    try:
        document = weasyprint.HTML(string=html, base_url=base_url.as_uri() + "/", url_fetcher=fetcher).render(
            font_config=_FONTS.get())
    except FatalURLFetchingError:
        raise RenderError("cannot fetch " + "; ".join(fetcher.refused or ["a resource"])) from None
    _drop_repeated_footnotes(document)
    return document


def _drop_repeated_footnotes(document: weasyprint.Document) -> None:
    """A footnote is printed once, on the page of its call.

    WeasyPrint 70 can print a footnote twice when a block that does not fit (a table kept whole) moves to
    the next page after the footnotes of the page were deferred to make room for it: the note stays on
    its page and is also carried over. The copy on the later page, far from its call, is taken out.
    """
    seen: set[int] = set()
    for page in document.pages:
        areas = [box for box in page._page_box.children if type(box).__name__ == "FootnoteAreaBox"]
        for area in areas:
            kept = []
            for note in area.children:
                key = id(note.element) if note.element is not None else id(note)
                if key not in seen:
                    kept.append(note)
                seen.add(key)
            area.children = kept


def write_pdf(document: weasyprint.Document, target: Path, **options: object) -> None:
    try:
        document.write_pdf(target, **options)
    except FatalURLFetchingError as exc:
        raise RenderError(f"cannot fetch a resource while writing {target.name}: {exc}") from None
