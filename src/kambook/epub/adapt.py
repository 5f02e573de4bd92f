"""The web page's markup made an e-book's: what the site adds for a browser goes, footnotes become EPUB
footnotes, and links between pages point at the EPUB's files.

The shared renderer writes the site's markup (``RenderContext`` mode ``site``): a reading system has no
hover tooltips and no permalinks, but it has footnote pop-ups, which want ``epub:type="noteref"`` on the
call and ``<aside epub:type="footnote">`` around the note.
"""

from __future__ import annotations

import re

from lxml import etree

from .xhtml import EPUB_TYPE, element, has_class, q, remove

#: A link to another page of the book as the site names it (« chapitre.html#id »).
PAGE_LINK = re.compile(r"^([A-Za-z0-9._-]+)\.html(#.*)?$")


def adapt(root: etree._Element) -> None:
    """Adapt, in place, a tree of the site's markup (see the module's docstring)."""
    for node in list(root.iter(q("a"), q("span"))):
        if has_class(node, "permalink") or has_class(node, "gloss-tip"):
            remove(node)
        elif has_class(node, "figure-zoom") and len(node):  # a reading system zooms an image itself
            image = node[0]
            image.tail = node.tail
            node.getparent().replace(node, image)
        elif node.tag == q("a"):
            _link(node)
    for section in list(root.iter(q("section"))):
        if has_class(section, "footnotes"):
            _footnotes(section)


def _link(link: etree._Element) -> None:
    for name in ("data-definition", "aria-describedby"):  # the glossary's tooltip, gone
        link.attrib.pop(name, None)
    match = PAGE_LINK.match(link.get("href") or "")
    if match:
        link.set("href", f"{match.group(1)}.xhtml{match.group(2) or ''}")
    if link.get("role") == "doc-noteref":
        link.set(EPUB_TYPE, "noteref")


def _footnotes(section: etree._Element) -> None:
    """The list of notes becomes one ``aside`` per note: the note's number links back to its call."""
    notes = element("section", {"class": "footnotes", "aria-label": "Notes"})
    items = [li for li in section.iter(q("li")) if has_class(li, "footnote-item")]
    for number, item in enumerate(items, 1):
        aside = element("aside", {"id": item.get("id", ""), "class": "footnote", "epub:type": "footnote",
                                  "role": "doc-footnote"})
        back = next((a for a in item.iter(q("a")) if has_class(a, "footnote-back")), None)
        href = back.get("href", "") if back is not None else ""
        if back is not None:
            remove(back)
        aside.text, aside[:] = item.text, list(item)
        first = aside[0] if len(aside) and aside[0].tag == q("p") else aside
        call = element("a", {"class": "footnote-back", "href": href, "role": "doc-backlink",
                             "aria-label": f"Note {number}, retour au texte"}, str(number))
        call.tail = "\u00a0" + (first.text or "").lstrip()
        first.text = None
        first.insert(0, call)
        _strip_trailing_space(first)
        notes.append(aside)
    notes.tail = section.tail
    section.getparent().replace(section, notes)


def _strip_trailing_space(node: etree._Element) -> None:
    """The note's text ended before the web's « ↩ » link with a space: it ends with the text now."""
    last = node[-1] if len(node) else None
    if last is not None and last.tail:
        last.tail = last.tail.rstrip()
    elif last is None and node.text:
        node.text = node.text.rstrip()
