"""``build()``: the stages of a build, in order. Everything is read and checked before anything is written."""

from __future__ import annotations

import datetime as dt
import io
import os
import time
from contextlib import AbstractContextManager, contextmanager, nullcontext, suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Callable, Iterator

from .aside import Aside
from .buildlock import build_lock
from .errors import CrossReferenceError, KambookError
from .sources.event import load_event
from .fontcover import plan_fallbacks, printed_texts
from .manifest import Manifest, load_manifest
from .model import Book
from .atomic import atomic_dir, sweep
from .print.cover import write_cover_pdf
from .proofs.record import keep, manuscript, record_facts
from .print.cssguard import check_stylesheets
from .print.editions import (
    finish_info,
    finish_interior,
    lay_out_interior,
    lay_out_screen,
    modification_date,
    screen_options,
    write_edition,
)
from .print.fonts import print_fonts_css
from .print.layout import Layout, UnitLayout
from .print.print_assets import PrintAssets
from .print.screen import finish_screen
from .print.weasy import HtmlPager, shared_fonts
from .render.backmatter import page_labels
from .sources.appendices import collect_appendices, load_appendix_export
from .sources.collect import collect_documents
from .transform.assets import resolve_images
from .transform.citations_pass import Citations
from .transform.indexing import number_twins
from .transform.links import check_links
from .transform.marks import MarkState, collect_index, match_terms, resolve_marks
from .transform.numbering import number_book
from .transform.references import resolve_references
from .transform.terms import load_glossary, load_index_terms
from .transform.legal import legal_texts
from .transform.typography import (
    article_lines,
    typeset_document,
    typeset_event,
    typeset_glossary,
    typeset_index,
    typeset_manifest,
)

# The flipbook, the EPUB, the ONIX feed and the site are imported where their stage runs: the author's PDF
# loop (`--only pdf`) starts a third of a second sooner without them.
if TYPE_CHECKING:
    from .epub import PageMap

OUTPUTS = ("site", "pdf", "print", "flipbook", "epub", "onix")
#: The outputs laid out by WeasyPrint: the EPUB's page-list needs the print pagination, so it is one.
LAID_OUT = {"pdf", "print", "flipbook", "epub", "onix"}
Stage = Callable[[str], AbstractContextManager]


@dataclass
class BuildOptions:
    only: tuple[str, ...] = OUTPUTS
    keep_going: bool = False
    allow_missing_images: bool = False
    dist: Path | None = None
    progress: Callable[[int, int], None] | None = None  # (units laid out, units to lay out)
    jobs: int | None = None  # layout worker processes (None: one per core; 1: none, in this process)


@dataclass
class BuildResult:
    book: Book
    written: list[Path] = field(default_factory=list)
    pages: int = 0
    print_html: str = ""
    passes: int = 0
    units_laid_out: int = 0  # units of the print document laid out by this build; the rest were cached
    units_total: int = 0  # units the build's layout passes asked for
    interior_pages: int = 0
    interior_html: str = ""
    cover: object | None = None  # print.cover.CoverInfo
    flipbook_pages: int = 0
    epub: object | None = None  # epub.EpubInfo
    warnings: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # worth saying, no fault: a build with notes is remembered


def build(root: Path, options: BuildOptions | None = None, stage: Stage | None = None) -> BuildResult:
    with build_lock(root.resolve()), shared_fonts():
        return _build(root, options, stage)


def _build(root: Path, options: BuildOptions | None, stage: Stage | None) -> BuildResult:
    root = root.resolve()
    options = options or BuildOptions()
    if "onix" in options.only and "print" not in options.only:
        # The feed describes the print edition: its page count, spine and cover image are the interior's.
        options = replace(options, only=(*options.only, "print"))
    stage = stage or (lambda name: nullcontext())
    dist = options.dist or root / "dist"

    with stage("Manifest"):
        manifest = load_manifest(root / "book.yaml", options.only)
    # Converted images, fonts, laid-out units and the last layouts, beside the sources. The layout
    # workers start now: they load WeasyPrint and the fonts while the manuscript is read.
    cache = root / ".kambook-cache"
    engine = UnitLayout(root, [root], cache / "units", jobs=options.jobs, progress=options.progress)
    try:
        if LAID_OUT & set(options.only):
            with suppress(KambookError):  # a problem with the fonts is reported where they are used
                engine.warm_up(print_fonts_css(root, cache))
        book, result, site, event, citations, bibliography = _read(manifest, options, stage)
        written = _write(book, result, site, event, citations, bibliography, engine, cache, dist, options, stage)
        engine.close(prune=True)
        _keep_proofs(book, written, dist)
        return written
    finally:
        engine.close()


def _read(manifest: Manifest, options: BuildOptions, stage: Stage) -> tuple:
    root = manifest.root
    with stage("Sources"):
        export = load_appendix_export(manifest)
        event = load_event(manifest.flipbook.event, root) if manifest.flipbook else None
        book = Book(manifest, collect_documents(manifest) + collect_appendices(manifest, export))
    with stage("Numbering and references"):
        citations = Citations.load(manifest)
        book.glossary = load_glossary(manifest.glossary, root) if manifest.glossary else None
        if book.glossary is not None:  # before the marks take hold of its terms
            typeset_glossary(book.glossary, manifest.language)
        index_terms = load_index_terms(manifest.index_terms, root) if manifest.index_terms else []
        marks = MarkState()
        problems = [*number_book(book), *resolve_references(book), *check_links(book), *citations.resolve(book),
                    *resolve_images(book, options.allow_missing_images),
                    *resolve_marks(book, book.glossary, index_terms, marks)]
        if problems and not options.keep_going:
            raise CrossReferenceError(problems)
        result = BuildResult(book, warnings=[str(p) for p in problems]
                             + [w for doc in book.documents for w in doc.meta.get("warnings", [])])
    with stage("Typography and index"):
        for doc in book.documents:
            typeset_document(doc, book.registry, manifest.language)
        match_terms(book, index_terms, marks)
        book.index, book.anchor_doc = collect_index(marks, index_terms, manifest), marks.anchor_doc
        result.warnings += [f"index: « {one} » and « {other} » differ only by singular and plural: merge them in "
                            "the index terms file (one entry, both forms in 'match')"
                            for one, other in number_twins(book.index)]
        # Every other word the outputs print, set here once: no template or renderer typesets.
        typeset_index(book.index, manifest.language)
        article_lines(book)
        book.manifest = typeset_manifest(manifest)
        book.legal = legal_texts(book.manifest)
        event = typeset_event(event, manifest.language) if event is not None else None
    if LAID_OUT & set(options.only):
        with stage("Stylesheets"):  # a rule WeasyPrint would skip stops the build here, with its line
            check_stylesheets(root, root / ".kambook-cache" / "css")
    with stage("Glyphs"):  # every character has a font the book chose, or the build stops here
        printed = printed_texts(book, index_terms, event, citations.bibliography, citations.entries())
        book.fallbacks = plan_fallbacks(book, root / ".kambook-cache", printed)

    with stage("Rendering HTML"):
        bibliography = citations.entries()
        site = None
        if "site" in options.only:
            from .site.pages import render_site
            site = render_site(book, citations.html_for("site"), bibliography)
        result.notes += site.notes if site is not None else []
    return book, result, site, event, citations, bibliography


def _write(book: Book, result: BuildResult, site, event, citations: Citations, bibliography: list,  # noqa: ANN001
           engine: UnitLayout, cache: Path, dist: Path, options: BuildOptions, stage: Stage) -> BuildResult:
    """Lay out and write every output into a copy of dist/, swapped in at the end: a build stopped at any
    point, even by SIGKILL, leaves dist/ as the previous build left it."""
    sweep(dist)  # what an interrupted build left: its temporary files go, a folder caught mid-swap comes back
    with atomic_dir(dist, keep=True) as out:
        _write_outputs(book, result, site, event, citations, bibliography, engine, cache, out, options, stage)
    result.written = [dist / path.relative_to(out) for path in result.written]
    return result


def _write_outputs(book: Book, result: BuildResult, site, event, citations: Citations,  # noqa: ANN001
                   bibliography: list, engine: UnitLayout, cache: Path, dist: Path, options: BuildOptions,
                   stage: Stage) -> None:
    manifest, root = book.manifest, book.manifest.root
    screen = interior = None
    fonts_css = ""
    # The interior and the flipbook start from the screen edition's layout, so it is laid out for them too,
    # and for the EPUB, whose page-list gives the printed pages (the interior's are the screen edition's).
    if {"pdf", "print", "epub"} & set(options.only) or ("flipbook" in options.only and event):
        with stage("Laying out the screen PDF"):
            fonts_css = print_fonts_css(root, cache, book.fallbacks)
            screen = lay_out_screen(book, citations.html_for("print"), bibliography, engine, fonts_css,
                                    cache / "screen-layouts.json")
            if not screen.settled:
                result.warnings.append(f"page references did not settle in {screen.passes} layout passes: "
                                       "a « p. N » may be one page off; rebuild, or reword the passage")
    if "print" in options.only:
        with stage("Laying out the print interior (CMYK)"):
            assets = PrintAssets(cache / "print", manifest.print.icc_profile or root)
            interior = lay_out_interior(book, citations.html_for("print"), bibliography, engine, assets, screen,
                                        fonts_css)
    engine.release()  # everything is laid out: the workers' memory goes before the merge
    result.units_laid_out, result.units_total = engine.laid_out, len(engine.cache.used)
    if screen is not None:
        result.passes, result.print_html = screen.passes, screen.html

    # Two chains of products share nothing from here: the screen PDF and the flipbook drawn from it; the
    # print files, the feed and the EPUB. With a core to spare, the first runs in a forked process beside
    # the second (``aside``); its files land in the same staged dist/.
    screen_chain = screen is not None and ("pdf" in options.only or "flipbook" in options.only)
    beside = screen_chain and (interior is not None or "epub" in options.only) and options.jobs != 1 \
        and (os.cpu_count() or 1) > 1
    aside = None
    if beside:
        def screen_products_timed() -> dict:
            recorder = _Recorder()
            made = _screen_products(book, screen, event, fonts_css, cache, dist, options, recorder)
            return {**made, "timings": recorder.timings}
        aside = Aside(screen_products_timed, "writing the screen PDF and the flipbook")
    elif screen_chain:
        _take(result, _screen_products(book, screen, event, fonts_css, cache, dist, options, stage), None)
    try:
        _print_products(book, result, screen, interior, fonts_css, citations, bibliography, cache, dist, options,
                        stage)
        if aside is not None:
            _take(result, aside.result(), stage)
    finally:
        if aside is not None:  # a build stopped on its side (an error, Ctrl-C) stops the other side too
            aside.cancel()
    if site is not None:  # last, as one folder holding the downloads this build just wrote
        from .flipbook.writer import SITE_HOME, viewer_page
        from .site.writer import write_site
        with stage("Writing the site"):
            for offered in (dist / f"{manifest.slug}.pdf", dist / f"{manifest.slug}.epub",
                            *sorted((dist / "flipbook").rglob("*"))):
                if offered.is_file():  # downloads offered by the site: kept across site-only rebuilds
                    site.files[offered.relative_to(dist).as_posix()] = offered
            if event is not None and site.files.pop("flipbook/index.html", None) is not None:
                site.pages["flipbook/index.html"] = viewer_page(book, event, SITE_HOME)  # with a way back
            result.written.append(write_site(site, root, dist / "site"))


def _screen_products(book: Book, screen: Layout, event, fonts_css: str, cache: Path, dist: Path,  # noqa: ANN001
                     options: BuildOptions, stage: Stage) -> dict:
    """The screen PDF and the flipbook drawn from its pages; what the build's result takes of them."""
    manifest, root = book.manifest, book.manifest.root
    out: dict = {"written": []}
    with stage("Writing the screen PDF"):
        target = dist / f"{manifest.slug}.pdf"
        # The print pagination, blank versos included, for the flipbook.
        laid_out_pdf = io.BytesIO() if "flipbook" in options.only and event is not None else None
        cleaning = screen_options(book, screen)
        write_edition(screen, target, finish_info(book, screen),
                      post=lambda merged, final, version: finish_screen(merged, final, cleaning, laid_out_pdf,
                                                                        min_version=version),
                      font_cache=cache / "fonts" / "joined")
        out["pages"] = screen.pages - len(cleaning.blank_pages)
        out["written"].append(target)
    if laid_out_pdf is not None:
        from .flipbook.writer import write_flipbook
        with stage("Building the flipbook"):
            laid_out_pdf.seek(0)
            flipbook = write_flipbook(book, event, laid_out_pdf, screen.layout, dist / "flipbook",
                                      HtmlPager(root), cache / "flipbook", fonts_css)
            out["written"].append(flipbook.folder)
            out["flipbook_pages"] = flipbook.pages
    return out


def _print_products(book: Book, result: BuildResult, screen: Layout | None, interior: Layout | None,
                    fonts_css: str, citations: Citations, bibliography: list, cache: Path, dist: Path,
                    options: BuildOptions, stage: Stage) -> None:
    """The printer's files and the bookseller's feed, landing as one folder, then the EPUB."""
    manifest, root = book.manifest, book.manifest.root
    cover_pdf = b""
    if interior is not None:
        feed = "onix" in options.only
        with stage(f"Writing the print interior{', cover and ONIX feed' if feed else ' and cover'}"):
            # The files land as one folder: a printer never receives an interior with the cover of another
            # build, nor a bookseller a feed with another build's page count, nor anyone the preflight
            # report of the previous files (kambook check writes it afresh).
            publisher, names = dist / "publisher", [f"{manifest.slug}-interior.pdf", f"{manifest.slug}-cover.pdf"]
            with atomic_dir(publisher) as staged:
                result.interior_pages = write_edition(interior, staged / names[0], finish_info(book, interior),
                                                      post=finish_interior(manifest),
                                                      font_cache=cache / "fonts" / "joined")
                result.cover = write_cover_pdf(manifest, result.interior_pages, root, staged / names[1], fonts_css,
                                               cache / "cover")
                cover_pdf = (staged / names[1]).read_bytes()
                if feed:
                    from .coverimage import CoverSource
                    from .onix import PrintedPages, feed_inputs, write_feed
                    front = interior.layout.get(book.parts[0].anchor, 0) if book.parts else 0
                    pages = PrintedPages(result.interior_pages, front, result.cover.spine_mm)
                    moment = dt.datetime.fromisoformat(modification_date())
                    written = write_feed(feed_inputs(book, pages, CoverSource(cover_pdf, manifest.trim.width_mm),
                                                     moment), staged)
                    names += [written.xml.name, written.cover.name]
            result.written += [publisher / name for name in names]
            result.interior_html = interior.html
    if "epub" in options.only and screen is not None:
        from .coverimage import CoverSource
        from .epub import write_epub
        with stage("Writing the EPUB"):
            if not cover_pdf:  # an EPUB alone: the cover of the interior the screen edition would make
                kept, signature = cache / "epub" / "cover.pdf", manifest.print.signature
                write_cover_pdf(manifest, -(-(screen.pages + 1) // signature) * signature, root, kept, fonts_css,
                                cache / "cover")
                cover_pdf = kept.read_bytes()
            target = dist / f"{manifest.slug}.epub"
            moment = dt.datetime.fromisoformat(modification_date())
            pages = _page_map(book, interior or screen, screen)
            result.epub = write_epub(book, citations.html_for("site"), bibliography, target, moment, pages,
                                     CoverSource(cover_pdf, manifest.trim.width_mm), cache / "epub")
            result.written.append(target)


class _Recorder:
    """The stages of a process working beside the build: timed, not shown (the build reports them)."""

    def __init__(self) -> None:
        self.timings: list[tuple[str, float]] = []

    @contextmanager
    def __call__(self, name: str) -> Iterator[None]:
        start = time.perf_counter()
        yield
        self.timings.append((name, time.perf_counter() - start))


def _take(result: BuildResult, products: dict, stage: Stage | None) -> None:
    """Into the build's result, what the screen chain made (its files listed first, as they are made first
    when nothing runs beside); its stage times go to the CLI's table."""
    result.written[:0] = products["written"]
    result.pages = products.get("pages", result.pages)
    result.flipbook_pages = products.get("flipbook_pages", result.flipbook_pages)
    record = getattr(stage, "record", None)  # cli._stage's: a stage timed elsewhere, shown now
    if record is not None:
        for name, seconds in products.get("timings", ()):
            record(f"{name} (beside)", seconds)


def _keep_proofs(book: Book, result: BuildResult, dist: Path) -> None:
    """A proof round of each PDF this build wrote, for ``kambook diff`` (see kambook.proofs.record)."""
    slug, sources = book.manifest.slug, None
    for edition, html, pdf, pages in (
            ("screen", result.print_html, dist / f"{slug}.pdf", result.pages),
            ("interior", result.interior_html, dist / "publisher" / f"{slug}-interior.pdf", result.interior_pages)):
        if html and pdf in result.written:
            sources = sources if sources is not None else manuscript(book)
            keep(book.manifest.root, pdf, edition, {**record_facts(book, html), "pages": pages}, sources)


def _page_map(book: Book, printed: Layout, screen: Layout) -> PageMap:
    """The print interior's pagination as the EPUB needs it: anchor → page, each page's folio, and the pages
    of text (from the first part to the last page of the screen edition, blank versos left out; the
    interior only adds notes pages and the colophon after them)."""
    body_anchor = book.parts[0].anchor if book.parts else None
    start = printed.layout.get(body_anchor or "", 0)
    labels = page_labels(printed.layout, body_anchor, max(printed.pages, screen.pages))
    body = frozenset(i for i in range(start, screen.pages) if i not in set(screen.blank_pages))
    from .epub import PageMap
    return PageMap(dict(printed.layout), tuple(labels), body)
