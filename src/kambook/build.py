"""``build()``: the stages of a build, in order. Everything is read and checked before anything is written."""

from __future__ import annotations

from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from .errors import CrossReferenceError
from .manifest import load_manifest
from .model import Book
from .outputs.pdf import lay_out_book, write_book_pdf
from .outputs.site import write_site
from .render.printdoc import print_context, render_print_html
from .render.site import render_site
from .sources.appendices import collect_appendices, load_appendix_export
from .sources.collect import collect_documents
from .transform.articles import prepare_articles
from .transform.assets import resolve_images
from .transform.citations_pass import Citations
from .transform.numbering import number_book
from .transform.references import resolve_references
from .transform.marks import MarkState, collect_index, match_terms, resolve_marks
from .transform.terms import load_glossary, load_index_terms
from .transform.typography import typeset_tokens

OUTPUTS = ("site", "pdf")
Stage = Callable[[str], AbstractContextManager]


@dataclass
class BuildOptions:
    only: tuple[str, ...] = OUTPUTS
    keep_going: bool = False
    allow_missing_images: bool = False
    dist: Path | None = None


@dataclass
class BuildResult:
    book: Book
    written: list[Path] = field(default_factory=list)
    pages: int = 0
    print_html: str = ""
    passes: int = 0
    warnings: list[str] = field(default_factory=list)


def build(root: Path, options: BuildOptions | None = None, stage: Stage | None = None) -> BuildResult:
    root = root.resolve()
    options = options or BuildOptions()
    stage = stage or (lambda name: nullcontext())
    dist = options.dist or root / "dist"

    with stage("Manifest"):
        manifest = load_manifest(root / "book.yaml")
    with stage("Sources"):
        export = load_appendix_export(manifest)
        book = Book(manifest, collect_documents(manifest) + collect_appendices(manifest, export))
    with stage("Numbering and references"):
        citations = Citations.load(manifest)
        book.glossary = load_glossary(manifest.glossary, root) if manifest.glossary else None
        index_terms = load_index_terms(manifest.index_terms, root) if manifest.index_terms else []
        marks = MarkState()
        problems = [*number_book(book), *resolve_references(book), *citations.resolve(book),
                    *resolve_images(book), *prepare_articles(book, export, options.allow_missing_images),
                    *resolve_marks(book, book.glossary, index_terms, marks)]
        if problems and not options.keep_going:
            raise CrossReferenceError(problems)
        result = BuildResult(book, warnings=[str(p) for p in problems])
    with stage("Typography and index"):
        for doc in book.documents:
            typeset_tokens(doc.tokens, doc.lang or manifest.language)
        match_terms(book, index_terms, marks)
        book.index, book.anchor_doc = collect_index(marks, index_terms, manifest), marks.anchor_doc

    with stage("Rendering HTML"):
        bibliography = citations.entries()
        site = render_site(book, citations.html_for("site"), bibliography) if "site" in options.only else None

        def print_html(layout: dict[str, int] | None) -> str:
            return render_print_html(book, print_context(book, citations.html_for("print"), layout),
                                     bibliography, ["styles/fonts.css", "styles/print.css"], layout)
    document = None
    if "pdf" in options.only:
        with stage("Laying out the PDF"):
            document, result.passes, result.print_html = lay_out_book(print_html, root)

    if site is not None:
        with stage("Writing the site"):
            result.written.append(write_site(site, root, dist / "site"))
    if document is not None:
        with stage("Writing the PDF"):
            target = dist / f"{manifest.slug}.pdf"
            result.pages = write_book_pdf(document, target, book.parts[0].anchor if book.parts else None)
            result.written.append(target)
    return result
