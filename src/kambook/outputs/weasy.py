"""The one door to WeasyPrint.

Its URL fetcher serves files under the project folder and ``data:`` URLs, nothing else: no network at
build time, and a missing file stops the build instead of leaving a hole in a printed book. WeasyPrint is
loaded on the first layout (``weasy_engine``), so commands that make no PDF start at once.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from ..errors import RenderError

if TYPE_CHECKING:
    import weasyprint

_FONTS: ContextVar[dict[str, Any] | None] = ContextVar("kambook_fonts", default=None)


@contextmanager
def shared_fonts() -> Iterator[None]:
    """Every document laid out inside shares one font configuration: the book's fonts are read and their
    WOFF2 decompressed once per build, not once per layout pass (a fifth of a pass otherwise). A build is
    the unit, so a font changed between two builds of ``kambook serve`` is read again."""
    token = _FONTS.set({})
    try:
        yield
    finally:
        _FONTS.reset(token)


def render_document(html: str, base_url: Path, roots: list[Path]) -> weasyprint.Document:
    """Lay out ``html``; the layout is returned so callers can read page positions before writing."""
    from . import weasy_engine as engine
    shared = _FONTS.get()
    fonts = shared.setdefault("config", engine.FontConfiguration()) if shared is not None else None
    fetcher = engine.ProjectFetcher(roots)
    try:
        document = engine.weasyprint.HTML(string=html, base_url=base_url.as_uri() + "/",
                                          url_fetcher=fetcher).render(font_config=fonts)
    except engine.FatalURLFetchingError:
        raise RenderError("cannot fetch " + "; ".join(fetcher.refused or ["a resource"])) from None
    engine.drop_repeated_footnotes(document)
    return document


def write_pdf(document: weasyprint.Document, target: Path, **options: object) -> None:
    from . import weasy_engine as engine
    try:
        document.write_pdf(target, **options)
    except engine.FatalURLFetchingError as exc:
        raise RenderError(f"cannot fetch a resource while writing {target.name}: {exc}") from None
