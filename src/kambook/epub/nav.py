"""The navigation document: the table of contents (parts › chapters › sections, then the back matter),
the landmarks a reading system offers as shortcuts, and the page-list of the printed edition's folios."""

from __future__ import annotations

from lxml import etree

from .documents import ContentDoc, spine
from .pagebreaks import PageBreak
from .xhtml import document, element

NAV_FILE = "nav.xhtml"


def nav_document(docs: list[ContentDoc], breaks: list[PageBreak], title: str, language: str,
                 styles: list[str]) -> etree._Element:
    toc = element("nav", {"epub:type": "toc", "role": "doc-toc", "id": "toc", "aria-labelledby": "toc-title"})
    toc.append(element("h1", {"id": "toc-title"}, "Table des matières"))
    toc.append(_entries([d for d in docs if d.kind not in ("cover", "titlepage")]))
    navs = [toc, _landmarks(docs)]
    if breaks:
        pages = element("nav", {"epub:type": "page-list", "id": "page-list", "aria-labelledby": "page-list-title",
                                "hidden": "hidden"})
        pages.append(element("h2", {"id": "page-list-title"}, "Pages de l’édition imprimée"))
        listing = element("ol")
        for entry in breaks:
            listing.append(_item(f"{entry.file}#{entry.anchor}", entry.label))
        pages.append(listing)
        navs.append(pages)
    return document(title, language, navs, styles, "frontmatter")


def _entries(docs: list[ContentDoc]) -> etree._Element:
    listing = element("ol")
    for doc in docs:
        text = f"{doc.label} – {doc.title}" if doc.label else doc.title  # as captions: « Figure 10.1 – … »
        item = _item(doc.file, text)
        children = [_item(f"{doc.file}#{anchor}", title) for level, anchor, title in doc.outline]
        if doc.children:
            item.append(_entries(doc.children))
        elif children:
            sub = element("ol")
            sub.extend(children)
            item.append(sub)
        listing.append(item)
    return listing


def _item(href: str, text: str) -> etree._Element:
    item = element("li")
    item.append(element("a", {"href": href}, text))
    return item


def _landmarks(docs: list[ContentDoc]) -> etree._Element:
    """Cover, table of contents, where the text begins, and the back matter's glossary, bibliography, index."""
    marks = [("cover", "Couverture", next((d.file for d in docs if d.kind == "cover"), None)),
             ("titlepage", "Page de titre", next((d.file for d in docs if d.kind == "titlepage"), None)),
             ("toc", "Table des matières", f"{NAV_FILE}#toc"),
             ("bodymatter", "Début du texte", next((d.file for d in spine(docs) if d.matter == "bodymatter"), None))]
    for kind, name in (("glossary", "Glossaire"), ("bibliography", "Bibliographie"), ("index", "Index")):
        marks.append((kind, name, next((d.file for d in docs if d.kind == kind), None)))
    nav = element("nav", {"epub:type": "landmarks", "id": "landmarks", "aria-labelledby": "landmarks-title",
                          "hidden": "hidden"})
    nav.append(element("h2", {"id": "landmarks-title"}, "Repères"))
    listing = element("ol")
    for kind, name, href in marks:
        if href:
            item = element("li")
            item.append(element("a", {"epub:type": kind, "href": href}, name))
            listing.append(item)
    nav.append(listing)
    return nav
