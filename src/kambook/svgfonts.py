"""The book's fonts inside its SVG figures, for the screen editions (the EPUB and the site).

An SVG shown by ``<img>`` is an image: it cannot use the fonts of the page around it nor fetch a file, so
a figure drawn in Lato would be drawn in whatever sans-serif the reading system or browser has, and its
labels would overrun their boxes. Each SVG therefore carries, in a ``<style>``, the faces of the families it names, cut
to the characters the book's figures draw (all of them: one subset per face serves every figure) and
written as ``data:`` URLs (a few kilobytes each).
"""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Callable

from lxml import etree


SVG = "http://www.w3.org/2000/svg"
FAMILY = re.compile(r"font-family\s*[:=]\s*[\"']?([^;\"',]+)")


def _tree(data: bytes) -> etree._Element | None:
    try:
        return etree.fromstring(data, etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError:
        return None


def svg_chars(figures: list[bytes]) -> tuple[int, ...]:
    """Every character the SVG figures draw."""
    trees = [tree for tree in map(_tree, figures) if tree is not None]
    return tuple(sorted({ord(c) for tree in trees for c in "".join(tree.itertext()) if not c.isspace()} | {0x20}))


def with_fonts(data: bytes, faces: list[tuple[str, str, str, Path]], chars: tuple[int, ...],
               subset: Callable[[Path, tuple[int, ...]], bytes]) -> bytes:
    """The SVG with ``@font-face`` rules for the ``faces`` (family, style, weight, file) it names, cut to
    ``chars``; as it was when it names none of them or is not well-formed XML."""
    root = _tree(data)
    if root is None:
        return data
    named = {name.strip().strip("\"'") for name in FAMILY.findall(data.decode("utf-8", "replace"))}
    source = data.decode("utf-8", "replace")
    used = [(family, style, weight, path) for family, style, weight, path in faces if family in named
            and (style == "normal" or style in source)  # an italic face only for a figure that sets italics
            and (weight in ("400", "normal") or re.search(rf"font-weight\s*[:=]\s*[\"']?(bold|{weight})", source))]
    if not used or root.tag != f"{{{SVG}}}svg":
        return data
    rules = "".join(face_rule(family, style, weight, "data:font/woff2;base64,"
                              + base64.b64encode(subset(path, chars)).decode("ascii"))
                    for family, style, weight, path in used)
    style = etree.Element(f"{{{SVG}}}style")
    style.text = rules
    first = root[0] if len(root) else None
    root.insert(1 if first is not None and first.tag == f"{{{SVG}}}title" else 0, style)  # the title stays first
    return etree.tostring(root, xml_declaration=True, encoding="utf-8")


def face_rule(family: str, style: str, weight: str, url: str) -> str:
    return (f'@font-face {{ font-family: "{family}"; font-style: {style}; font-weight: {weight}; '
            f'src: url("{url}") format("woff2"); }}\n')
