"""The one door to WeasyPrint.

Its URL fetcher serves files under the project folder and ``data:`` URLs, nothing else: no network at
build time, and a missing file stops the build instead of leaving a hole in a printed book. WeasyPrint is
loaded on the first layout (``weasy_engine``), so commands that make no PDF start at once.

Documents address the project's files relative to the project (``project_url``; relative addresses resolve
against it), never by their absolute path: WeasyPrint names an image in the PDF after its address, and a
unit's cache key is its HTML, so the same sources give the same bytes, and the same cached units, in
whatever folder the project is. The files a layout read are recorded by their path in the project too.
"""

from __future__ import annotations

import hashlib
import re
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Iterator
from urllib.parse import quote

from ..errors import RenderError
from ..atomic import atomic_path

if TYPE_CHECKING:
    import weasyprint

_FONTS: ContextVar[dict[str, Any] | None] = ContextVar("kambook_fonts", default=None)

#: The project folder as WeasyPrint sees it (``weasy_engine.ProjectFetcher`` maps it back to the disk).
PROJECT_SCHEME = "kambook"
PROJECT_URL = f"{PROJECT_SCHEME}://project/"


def project_url(path: Path, root: Path) -> str:
    """The address of a file of the project in a print document. A file outside ``root`` keeps its
    ``file://`` address, which the fetcher refuses, naming it."""
    try:
        name = path.relative_to(root)
    except ValueError:
        return path.as_uri()
    return PROJECT_URL + quote(name.as_posix())


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
    """Lay out ``html``, its relative addresses taken from the project folder ``base_url``; the layout is
    returned so callers can read page positions before writing."""
    return _render(html, base_url, roots)[0]


def render_with_files(html: str, base_url: Path, roots: list[Path]) -> tuple[weasyprint.Document, dict[str, str]]:
    """The layout, and the content hash of every file it read, by its path in the project folder
    ``base_url``: what a cache of its output must check (``file_digest``)."""
    document, fetcher = _render(html, base_url, roots)
    return document, {name: file_digest(base_url, name) for name in sorted(fetcher.served)}


class HtmlPager:
    """A programme page of HTML laid out through the project's door: what the flipbook is handed
    (``flipbook.booklet.Pager``), so that it needs no layout engine of its own."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def paginate(self, html: str) -> tuple[bytes, dict[str, int], dict[str, str]]:
        from .pdf import anchor_pages
        document, files = render_with_files(html, self.root, [self.root])
        return document.write_pdf(), anchor_pages(document), files

    def digest(self, name: str) -> str:
        return file_digest(self.root, name)


def file_digest(root: Path, name: str) -> str:
    """The content hash of the project file ``name`` (a path relative to ``root``, as recorded by a layout).
    A name that is not such a path (an absolute one, recorded by an older kambook) is "missing": a cached
    result that lists it is laid out again, never checked against another folder's file."""
    relative = PurePosixPath(name)
    if relative.is_absolute() or ".." in relative.parts:
        return "missing"
    try:
        return hashlib.sha256((root / relative).read_bytes()).hexdigest()
    except OSError:
        return "missing"


#: The manifest's hyphenation exceptions, carried by the document itself so that a unit's cache key (its
#: HTML) covers them.
_HYPHENATION = re.compile(r'<meta name="kambook-hyphenation" content="([^"]*)">')


def _render(html: str, base_url: Path, roots: list[Path]) -> tuple[weasyprint.Document, Any]:
    from . import weasy_engine as engine
    shared = _FONTS.get()
    fonts = shared.setdefault("config", engine.FontConfiguration()) if shared is not None else None
    fetcher = engine.ProjectFetcher(base_url, roots)
    listed = _HYPHENATION.search(html, 0, html.find("</head>"))
    engine.weasy_linebreak.set_exceptions(listed.group(1).split() if listed else ())
    try:
        document = engine.weasyprint.HTML(string=html, base_url=PROJECT_URL,
                                          url_fetcher=fetcher).render(font_config=fonts)
    except engine.FatalURLFetchingError:
        raise RenderError("cannot fetch " + "; ".join(fetcher.refused or ["a resource"])) from None
    engine.drop_repeated_footnotes(document)
    return document, fetcher


def warm_up(root: Path, roots: list[Path], fonts_css: str) -> None:
    """Load WeasyPrint, Pango and the book's fonts in this process, before any unit is laid out."""
    sample = (f'<html lang="fr"><head><link rel="stylesheet" href="{fonts_css}"></head>'
              '<body><p>Aa <b>Bb</b> <i>Cc</i></p></body></html>')
    render_document(sample, root, roots)


#: kambook's own changes to WeasyPrint and to each unit's file: a cached unit laid out before one of them
#: changed is not the unit a build would lay out now, whatever kambook's version number says.
_ENGINE_MODULES = ("weasy.py", "weasy_engine.py", "weasy_linebreak.py", "weasy_footnotes.py", "finish.py",
                   "floats.py", "index_suite.py", "../text/markup.py")


@cache
def engine_version() -> str:
    from importlib.metadata import version
    here = Path(__file__).parent
    sources = hashlib.sha256(b"".join((here / name).read_bytes() for name in _ENGINE_MODULES)).hexdigest()
    return f"{version('weasyprint')}+{sources[:16]}"


def lay_out_and_write(html: str, root: Path, roots: list[Path], options: Any, target: Path | None,
                      note_prefix: str = "") -> dict:
    """Lay out one unit of the book, write its PDF (atomically; not when ``target`` is None) and return
    what the merge needs of it: page count, anchors by page, bookmarks, blank pages, the floats moved
    (``print.floats``) and the index entries split (``print.index_suite``), and every file read (the
    cache's validity)."""
    from . import weasy_engine as engine
    from .finish import unit_finisher
    from .floats import lay_out_placing_floats
    from .index_suite import lay_out_with_suites
    engine.NOTE_PREFIX = note_prefix
    suites: set[tuple[int, int]] = set()  # the index's splits in the last layout, the one kept

    def render(html: str) -> tuple[weasyprint.Document, Any]:
        nonlocal suites
        # A measured-only unit (a first pass, with placeholder folios) keeps the index's splits as given.
        laid_out, suites = lay_out_with_suites(html, lambda html: _render(html, root, roots),
                                               rounds=6 if target is not None else 0)
        return laid_out
    (document, fetcher), moves = lay_out_placing_floats(html, render)
    anchors: dict[str, int] = {}
    bookmarks: list[tuple[int, str, bool]] = []
    blank: list[int] = []
    for index, page in enumerate(document.pages):
        for anchor in page.anchors:
            anchors.setdefault(anchor, index)
        bookmarks.extend((level, label, state == "closed") for level, label, _, state in page.bookmarks)
        if page._page_box.page_type.blank:
            blank.append(index)
    extra = {"pdf_version": options.pdf_version} if options.pdf_version else {}
    if options.dpi:
        extra["dpi"] = options.dpi
    if target is not None:
        with atomic_path(target) as tmp:
            # Uncompressed: pydyf deflates every stream at level 9, a third of a second per unit for the
            # interior's 500 KB output intent profile alone; the merge compresses each stream once.
            write_pdf(document, tmp, pdf_variant=options.pdf_variant, optimize_images=options.optimize_images,
                      finisher=unit_finisher(options.rgb_black_to_k), uncompressed_pdf=True, **extra)
    files = {name: file_digest(root, name) for name in sorted(fetcher.served)}
    return {"pages": len(document.pages), "anchors": anchors, "bookmarks": bookmarks, "blank": blank,
            "moves": moves, "suites": sorted(suites), "files": files}


def write_pdf(document: weasyprint.Document, target: Path, **options: object) -> None:
    from . import weasy_engine as engine
    try:
        document.write_pdf(target, **options)
    except engine.FatalURLFetchingError as exc:
        raise RenderError(f"cannot fetch a resource while writing {target.name}: {exc}") from None
