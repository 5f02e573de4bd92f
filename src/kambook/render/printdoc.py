"""The single HTML document that WeasyPrint lays out into the printed book."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from ..model import Book
from .environment import environment
from .html import RenderContext
from .views import DocView, doc_views


@dataclass(frozen=True)
class TocEntry:
    role: str
    anchor: str
    label: str
    title: Markup
    front: bool


def print_context(book: Book, cite_html) -> RenderContext:  # noqa: ANN001 - a callable from citations
    return RenderContext(mode="print", href=lambda target: f"#{target.anchor}",
                         asset_url=lambda token: Path(token.meta["path"]).as_uri(), cite_html=cite_html)


def render_print_html(book: Book, context: RenderContext, bibliography: list[tuple[str, str]],
                      stylesheets: list[str]) -> str:
    views = {v.slug: v for v in doc_views(book, context)}
    m = book.manifest
    front = [{"kind": e.kind, "view": _view_for(views, e.file)} for e in m.front_matter]
    back = [{"kind": e.kind, "view": _view_for(views, e.file)} for e in m.back_matter]
    parts = [{"view": views[p.slug], "chapters": [views[c.slug] for c in book.in_part(p)]} for p in book.parts]
    toc: list[TocEntry] = []
    for doc in book.documents:
        view = views[doc.slug]
        label = {"chapter": doc.number, "part": view.heading_label}.get(doc.role, "")
        toc.append(TocEntry(doc.role, view.anchor, label, view.title, doc.role == "front"))
    if any(e.kind == "bibliography" for e in m.back_matter) and bibliography:
        toc.append(TocEntry("back", "bibliographie", "", Markup("Bibliographie"), False))
    toc = _order_toc(toc)
    page_css = f"@page {{ size: {m.trim.width_mm:g}mm {m.trim.height_mm:g}mm; }}"
    return environment().get_template("print.html").render(
        m=m, front=front, back=back, parts=parts, toc=toc, stylesheets=stylesheets, page_css=page_css,
        bibliography=[(k, Markup(h)) for k, h in bibliography])


def _view_for(views: dict[str, DocView], path: Path | None) -> DocView | None:
    if path is None:
        return None
    return next((v for v in views.values() if v.doc.path == path), None)


def _order_toc(entries: list[TocEntry]) -> list[TocEntry]:
    """Front matter first, then the body, then back matter: the order of the printed book."""
    rank = {"front": 0, "part": 1, "chapter": 1, "back": 2, "appendix": 2}
    return sorted(entries, key=lambda e: rank.get(e.role, 1))
