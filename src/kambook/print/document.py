"""The single HTML document that WeasyPrint lays out into the printed book."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from markupsafe import Markup

from ..model import Book
from ..render.backmatter import glossary_lines, index_groups, page_labels
from ..render.environment import environment
from ..render.html import RenderContext
from ..render.legal import legal_mentions
from ..render.views import LIST_KINDS, DocView, doc_views, list_items
from ..markdown.tokens import walk
from .floats import place_floats
from .index_suite import mark_suites
from .running import RunningHeads
from .weasy import project_url

#: Written before each part, chapter and back-matter section: where the book may be cut into documents
#: laid out on their own (each opens on a recto, so nothing flows across the cut).
UNIT_MARK = "<!-- kambook:unit -->"
#: The folio printed before the first layout pass has measured where targets land: two digits wide, like
#: most of the book's folios, so the first pass breaks lines about where the last one will.
PAGE_PLACEHOLDER = "00"


@dataclass(frozen=True)
class TocEntry:
    role: str
    anchor: str
    label: str
    title: Markup
    front: bool


def print_context(book: Book, cite_html, layout: dict[str, int] | None = None,  # noqa: ANN001
                  image_for: Callable[[Path], Path] | None = None) -> RenderContext:
    """The print output's links; with a ``layout`` (anchor → page index of a previous pass), references
    that land on their target's page are marked so they print no « p. N ». Images are addressed relative
    to the project (``print.weasy.project_url``), so the document is the same wherever the project is."""
    same_page: set[str] = set()
    labels = page_labels(layout, book.parts[0].anchor if book.parts else None) if layout else []

    def page_of(anchor: str) -> str:
        return labels[layout[anchor]] if layout and anchor in layout else PAGE_PLACEHOLDER
    if layout:
        for doc in book.documents:
            for token in walk(doc.tokens):
                target = token.meta.get("target") if token.type == "xref" else None
                ref_id = token.meta.get("id")
                if target and ref_id in layout and layout.get(target.anchor) == layout[ref_id]:
                    same_page.add(ref_id)
    return RenderContext(mode="print", href=lambda target: f"#{target.anchor}",
                         asset_url=lambda token: project_url((image_for or Path)(Path(token.meta["path"])),
                                                             book.manifest.root),
                         cite_html=cite_html,
                         same_page=frozenset(same_page), page_of=page_of)


@dataclass(frozen=True)
class PrintVariant:
    """What differs between the screen PDF and the printer's interior."""

    stylesheets: tuple[str, ...] = ("styles/fonts.css", "styles/print.css")
    page_css: str = ""  # bleed, marks, colour profile
    padding_pages: int = 0  # notes pages to fill the last signature
    notes_lines: int = 0  # ruled lines on each notes page
    colophon: bool = False
    modified: str = ""  # ISO date of the PDF's modification (SOURCE_DATE_EPOCH when set)


def render_print_html(book: Book, context: RenderContext, bibliography: list[tuple[str, str]],
                      variant: PrintVariant, layout: dict[str, int] | None = None) -> str:
    views = {v.slug: v for v in doc_views(book, context)}
    for view in views.values():  # the cut mark is kambook's alone, even in a manuscript's raw HTML
        if UNIT_MARK in view.body:
            view.body = Markup(str(view.body).replace(UNIT_MARK, ""))
    m = book.manifest
    front = [{"kind": e.kind, "view": _view_for(views, e.file)} for e in m.front_matter]
    back = [{"kind": e.kind, "view": _view_for(views, e.file)} for e in m.back_matter]
    parts = [{"view": views[p.slug], "chapters": [views[c.slug] for c in book.in_part(p)]} for p in book.parts]
    appendices = [views[d.slug] for d in book.documents if d.role == "appendix"]
    toc: list[TocEntry] = []
    for entry in m.front_matter:
        if entry.kind in LIST_KINDS:
            toc.append(TocEntry("front", LIST_KINDS[entry.kind][2], "", Markup(LIST_KINDS[entry.kind][1]), True))
        elif entry.kind == "file" and _view_for(views, entry.file):
            view = _view_for(views, entry.file)
            toc.append(TocEntry("front", view.anchor, "", view.title, True))
    for part in parts:
        toc.append(TocEntry("part", part["view"].anchor, part["view"].heading_label, part["view"].title, False))
        toc.extend(TocEntry("chapter", v.anchor, v.number, v.title, False) for v in part["chapters"])
    for entry in m.back_matter:
        if entry.kind == "bibliography" and bibliography:
            toc.append(TocEntry("back", "bibliographie", "", Markup("Bibliographie"), False))
        elif entry.kind == "appendices" and appendices:
            toc.append(TocEntry("back", "annexes", "", Markup("Annexes"), False))
            toc.extend(TocEntry("appendix", v.anchor, v.number, v.title, False) for v in appendices)
        elif entry.kind == "glossary" and book.glossary:
            toc.append(TocEntry("back", "glossaire", "", Markup("Glossaire"), False))
        elif entry.kind == "index" and book.index:
            toc.append(TocEntry("back", "index", "", Markup("Index"), False))
        elif entry.kind in LIST_KINDS:
            toc.append(TocEntry("back", LIST_KINDS[entry.kind][2], "", Markup(LIST_KINDS[entry.kind][1]), False))
        elif entry.kind == "file" and _view_for(views, entry.file):
            view = _view_for(views, entry.file)
            toc.append(TocEntry("back", view.anchor, "", view.title, False))
    lists = {kind: list_items(book, kind) for kind in LIST_KINDS}
    page_css = Markup(f"@page {{ size: {m.trim.width_mm:g}mm {m.trim.height_mm:g}mm; }}" + variant.page_css)
    html = environment("print").get_template("print.html").render(
        m=m, front=front, back=back, parts=parts, toc=toc, appendices=appendices, lists=lists,
        list_kinds=LIST_KINDS, glossary=glossary_lines(book), index=index_groups(book, "print", layout),
        stylesheets=variant.stylesheets, page_css=page_css, variant=variant,
        page_of=context.page_of, unit=Markup(UNIT_MARK), legal=legal_mentions(book.legal, bool(m.publisher_address)),
        running=RunningHeads(m.root, m.trim.width_mm),
        bibliography=[(k, Markup(h)) for k, h in bibliography])
    # Where the layout loop found that a figure left a hole before it, or an index entry ran on.
    return mark_suites(place_floats(html, layout), layout)


def _view_for(views: dict[str, DocView], path: Path | None) -> DocView | None:
    if path is None:
        return None
    return next((v for v in views.values() if v.doc.path == path), None)
