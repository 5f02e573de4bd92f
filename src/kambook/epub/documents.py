"""The EPUB's content documents, in reading order: one XHTML file per page of the site.

Parts, chapters and appendices are rendered by the shared ``render/`` layer in the site's mode, links
addressed to ``<slug>.xhtml``; the back matter (lists, glossary, bibliography, index) reuses the site's
view models. Each file's body is a tree (``xhtml``) so that page-break markers can still be added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import lxml.html
from lxml import etree
from markdown_it.token import Token
from markupsafe import Markup

from ..model import Book, Target
from ..render.backmatter import glossary_lines, index_groups
from ..render.environment import environment
from ..render.html import RenderContext
from ..render.legal import legal_mentions
from ..render.views import LIST_KINDS, DocView, doc_views, list_items
from .adapt import adapt
from .xhtml import EPUB_TYPE, fragment

#: epub:type and ARIA role of each kind of document (the structure a reading system and a screen reader see).
SEMANTICS = {"part": ("part", "doc-part"), "chapter": ("chapter", "doc-chapter"),
             "appendix": ("appendix", "doc-appendix"), "glossary": ("glossary", "doc-glossary"),
             "bibliography": ("bibliography", "doc-bibliography"), "index": ("index", "doc-index"),
             "titlepage": ("titlepage", ""), "cover": ("cover", "")}


@dataclass
class ContentDoc:
    """One XHTML file of the spine, with what the navigation document says of it."""

    file: str
    title: str  # plain text: the file's <title> and its line in the table of contents
    kind: str  # cover, titlepage, front, part, chapter, appendices, appendix, list, glossary, bibliography, index
    matter: str  # frontmatter, bodymatter or backmatter (the body's epub:type)
    body: list[etree._Element]
    label: str = ""  # « Chapitre 3 », « Partie II », « Annexe B »
    outline: list[tuple[int, str, str]] = field(default_factory=list)  # (level, anchor, plain title)
    children: list["ContentDoc"] = field(default_factory=list)
    lang: str = ""


def epub_context(book: Book, cite_html: Callable[[Token], str], image_href: Callable[[Token], str]) -> RenderContext:
    """The site's rendering, with links between files of the EPUB and images where the EPUB keeps them."""
    top_level = {d.label for d in book.documents}

    def href(target: Target) -> str:
        return f"{target.doc}.xhtml" + ("" if target.label in top_level else f"#{target.anchor}")
    return RenderContext(mode="site", href=href, asset_url=image_href, cite_html=cite_html)


def content_documents(book: Book, context: RenderContext, bibliography: list[tuple[str, str]],
                      cover_image: str | None) -> list[ContentDoc]:
    """Every content document in reading order; parts hold their chapters and « Annexes » its appendices
    as ``children`` (the navigation's tree), which follow them in the list too."""
    m = book.manifest
    views = doc_views(book, context)
    by_path = {v.doc.path.resolve(): v for v in views}
    template = environment("epub").get_template("epub_section.html")

    def make(kind: str, file: str, heading: str, matter: str, **values: object) -> ContentDoc:
        html = template.render(kind="doc" if kind in ("front", "part", "chapter", "appendix") else kind, m=m, **values)
        body = fragment(html)
        for node in body:
            adapt(node)
        etype, role = SEMANTICS.get(kind, ("", ""))
        section = body[0] if body else None
        if section is not None and etype:
            section.set(EPUB_TYPE, etype)
            if role:
                section.set("role", role)
        return ContentDoc(file, heading, kind, matter, body)

    def doc(view: DocView, matter: str, chapters: list[DocView] = ()) -> ContentDoc:
        out = make(view.role if view.role != "back" else "front", f"{view.slug}.xhtml", _text(view.title), matter,
                   v=view, chapters=list(chapters))
        out.label, out.lang = view.heading_label, view.doc.lang
        out.outline = [(level, anchor, _text(html)) for level, anchor, html in view.outline if level == 2]
        return out

    docs: list[ContentDoc] = []
    if cover_image:
        docs.append(make("cover", "couverture.xhtml", "Couverture", "frontmatter", image=cover_image,
                         alt=f"Couverture du livre «\u00a0{m.title}\u00a0» de {m.author}"))
    legal = legal_mentions(book.legal, bool(m.publisher_address))
    docs.append(make("titlepage", "titre.xhtml", m.title, "frontmatter", legal=legal))

    def matter_entries(entries: tuple, matter: str) -> list[ContentDoc]:
        out: list[ContentDoc] = []
        for entry in entries:
            if entry.kind == "file" and entry.file is not None and entry.file.resolve() in by_path:
                out.append(doc(by_path[entry.file.resolve()], matter))
            elif entry.kind in LIST_KINDS and list_items(book, entry.kind):
                title, anchor = LIST_KINDS[entry.kind][1:]
                out.append(make("list", f"{anchor}.xhtml", title, matter, title=title, anchor=anchor,
                                items=list_items(book, entry.kind)))
            elif entry.kind == "glossary" and book.glossary:
                out.append(make("glossary", "glossaire.xhtml", "Glossaire", matter, glossary=glossary_lines(book)))
            elif entry.kind == "bibliography" and bibliography:
                out.append(make("bibliography", "bibliographie.xhtml", "Bibliographie", matter,
                                entries=[(k, Markup(h)) for k, h in bibliography]))
            elif entry.kind == "index" and book.index:
                out.append(make("index", "index-analytique.xhtml", "Index", matter,
                                groups=index_groups(book, "site")))
            elif entry.kind == "appendices":
                appendices = [v for v in views if v.role == "appendix"]
                if appendices:
                    group = make("appendices", "annexes.xhtml", "Annexes", matter, chapters=appendices)
                    group.children = [doc(v, matter) for v in appendices]
                    out.append(group)
        return out

    docs += matter_entries(m.front_matter, "frontmatter")
    for part in (v for v in views if v.role == "part"):
        chapters = [v for v in views if v.role == "chapter" and v.doc.part_index == part.doc.part_index]
        item = doc(part, "bodymatter", chapters)
        item.children = [doc(v, "bodymatter") for v in chapters]
        docs.append(item)
    docs += matter_entries(m.back_matter, "backmatter")
    placed = {d.file for d in spine(docs)}
    # A document the manifest does not place (should not happen) is still in the book.
    docs += [doc(v, "backmatter") for v in views if f"{v.slug}.xhtml" not in placed]
    return docs


def spine(docs: list[ContentDoc]) -> list[ContentDoc]:
    """The documents in reading order, each group followed by its members."""
    out: list[ContentDoc] = []
    for item in docs:
        out.append(item)
        out += spine(item.children)
    return out


def _text(html: str | Markup) -> str:
    """The words of a title's HTML (a number span, an emphasis): for <title> and the navigation."""
    text = lxml.html.fragment_fromstring(str(html), create_parent="span").text_content()
    return re.sub(r"[ \t\n\r]+", " ", text).strip(" ")  # the typeset no-break spaces stay


def image_files(book: Book) -> list[Path]:
    """Every image a document shows, once, in reading order."""
    from ..markdown.tokens import walk
    seen: dict[Path, None] = {}
    for document in book.documents:
        for token in walk(document.tokens):
            if token.type in ("figure", "image") and "path" in token.meta:
                seen.setdefault(Path(token.meta["path"]), None)
        for path in document.meta.get("images", []):
            seen.setdefault(Path(path), None)
    return list(seen)
