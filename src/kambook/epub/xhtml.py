"""HTML fragments of the shared renderer as XHTML trees, and XHTML documents as bytes.

The renderer writes HTML (``<img …>`` unclosed, ``&nbsp;``); an EPUB's content documents are XML. The
fragment is read by lxml's HTML parser and copied into elements of the XHTML namespace, so every later
step works on a real XML tree, and what is written is lxml's serialization: well-formed by construction.
"""

from __future__ import annotations

from typing import Iterable

import lxml.html
from lxml import etree

XHTML = "http://www.w3.org/1999/xhtml"
OPS = "http://www.idpf.org/2007/ops"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
EPUB_TYPE = f"{{{OPS}}}type"
NSMAP = {None: XHTML, "epub": OPS}
#: Attributes of the web page that mean nothing in a reading system (lazy loading is the reader's choice).
DROPPED_ATTRIBUTES = frozenset({"loading", "tabindex"})


def q(tag: str) -> str:
    """The qualified name of an XHTML element."""
    return f"{{{XHTML}}}{tag}"


def element(tag: str, attrs: dict[str, str] | None = None, text: str | None = None) -> etree._Element:
    """A new XHTML element; ``epub:type`` and ``lang`` (doubled as ``xml:lang``) are set as they must be."""
    node = etree.Element(q(tag), nsmap=NSMAP)
    for name, value in (attrs or {}).items():
        _set(node, name, value)
    node.text = text
    return node


def _set(node: etree._Element, name: str, value: str) -> None:
    if name == "epub:type":
        node.set(EPUB_TYPE, value)
    elif name in ("lang", "xml:lang"):
        node.set("lang", value)
        node.set(XML_LANG, value)
    elif name not in DROPPED_ATTRIBUTES:
        node.set(name, value)


def fragment(html: str) -> list[etree._Element]:
    """The top-level elements of an HTML fragment, as XHTML elements (text before the first is kept in
    a paragraph: the renderer never writes any, but a raw HTML block of a manuscript could)."""
    holder = lxml.html.fragment_fromstring(f"<div>{html}</div>")
    out = []
    if holder.text and holder.text.strip():
        out.append(element("p", text=holder.text.strip()))
    parent = element("div")
    _copy_children(holder, parent)
    out += list(parent)
    return out


def _copy_children(source: etree._Element, target: etree._Element) -> None:
    target.text = (target.text or "") + (source.text or "") or None
    for child in source:
        if not isinstance(child.tag, str):  # a comment or processing instruction: only its tail is text
            _append_text(target, child.tail)
            continue
        copy = etree.SubElement(target, q(child.tag))
        for name, value in child.attrib.items():
            _set(copy, name, value)
        _copy_children(child, copy)
        copy.tail = child.tail


def _append_text(target: etree._Element, text: str | None) -> None:
    if not text:
        return
    if len(target):
        target[-1].tail = (target[-1].tail or "") + text
    else:
        target.text = (target.text or "") + text


def remove(node: etree._Element) -> None:
    """Take an element out of its tree, keeping the text that follows it."""
    parent = node.getparent()
    if parent is None:
        return
    previous = node.getprevious()
    if node.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + node.tail
        else:
            parent.text = (parent.text or "") + node.tail
    parent.remove(node)


def has_class(node: etree._Element, name: str) -> bool:
    return name in (node.get("class") or "").split()


def document(title: str, language: str, body: Iterable[etree._Element], styles: Iterable[str],
             body_type: str = "") -> etree._Element:
    """An XHTML content document: language on the root (``lang`` and ``xml:lang``), its stylesheets, and
    the content in ``<main>``: a screen reader's « main » landmark, on every page of the book."""
    html = element("html", {"lang": language})
    head = etree.SubElement(html, q("head"))
    etree.SubElement(head, q("meta"), charset="utf-8")
    etree.SubElement(head, q("title")).text = title
    for style in styles:
        etree.SubElement(head, q("link"), rel="stylesheet", type="text/css", href=style)
    page = etree.SubElement(html, q("body"))
    if body_type:
        page.set(EPUB_TYPE, body_type)
    etree.SubElement(page, q("main")).extend(body)
    return html


def serialize(html: etree._Element) -> bytes:
    """The file's bytes: XML declaration, the HTML doctype, UTF-8; parsed back once as a guard."""
    etree.cleanup_namespaces(html, top_nsmap=NSMAP)
    data = etree.tostring(html, xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>")
    etree.fromstring(data)  # raises on anything not well-formed, before it is packed
    return data
