"""Resolve every image of the book to a file of the project; a missing image fails the build.

A chapter's image is a path beside the chapter; an article's was looked up in the export's media folder
when the article was read (``sources/appendices.py``), and one without a local copy is reported here like
any missing image — or, when the author allows it for a draft, printed as a visible placeholder.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from defusedxml import ElementTree
from defusedxml.common import DefusedXmlException
from markdown_it.token import Token
from PIL import Image

from ..errors import Location, Problem
from ..model import Book
from ..markdown.tokens import walk


def resolve_images(book: Book, allow_missing: bool = False) -> list[Problem]:
    """Every image's file, or a located problem; an image without a file is drawn as a placeholder, so a
    draft built with ``--keep-going`` (or ``--allow-missing-images``) shows where it goes."""
    root = book.manifest.root.resolve()
    problems: list[Problem] = []
    for doc in book.documents:
        for token in walk(doc.tokens):
            if token.type not in ("figure", "image"):
                continue
            src = token.meta["src"] if token.type == "figure" else str(token.attrGet("src") or "")
            if "path" in token.meta:  # an article's image, found in the export's media folder
                damage = unreadable(token.meta["path"])
                missing, message = False, f"article « {doc.title} »: image {src} cannot be printed: {damage}"
                if not damage:
                    message = None
                else:
                    del token.meta["path"]
            else:
                missing, message = _locate(token, src, doc.path.parent, root, doc.title)
            if message is None:
                size = intrinsic_size(token.meta["path"])
                if size:
                    token.meta["intrinsic"] = size
                continue
            token.meta.update(placeholder=True, missing=src if missing else "")  # a refused address is not shown
            if not (missing and allow_missing):
                problems.append(Problem(Location(doc.rel, token.meta.get("line", 0)), message))
    return problems


def _locate(token: Token, src: str, folder: Path, root: Path, title: str) -> tuple[bool, str | None]:
    """(whether the image is merely missing, the problem) — or sets the token's path and says nothing."""
    if "media" in token.meta:  # an article's image with no copy in the export's media folder
        return True, f"article « {title} »: image {src} has no local copy in {token.meta['media']}/: add the file there"
    parts = urlsplit(src)
    if parts.scheme or parts.netloc:
        return False, (f"image '{src}' is not a file of the project: download it into assets/images/ and use a "
                       "relative path (no network at build time)")
    path = (folder / unquote(parts.path)).resolve()
    if not path.is_relative_to(root):
        return False, f"image '{src}' is outside the project folder"
    if not path.is_file():
        return True, f"image '{src}' not found (looked for {path.relative_to(root)})"
    damage = unreadable(path)
    if damage:
        return False, f"image '{src}' cannot be printed: {damage}"
    token.meta["path"] = path
    return False, None


RASTER = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff"}


def unreadable(path: Path) -> str:
    """Why ``path`` is not an image the outputs can show ("" when it is): WeasyPrint and browsers skip a
    damaged image without a word, and the page keeps a hole where it should be."""
    suffix = path.suffix.lower()
    if suffix == ".svg":
        try:
            root = ElementTree.parse(path).getroot()
        except (ElementTree.ParseError, DefusedXmlException, OSError) as exc:
            return f"not valid SVG ({exc}): export it again from the drawing program"
        return "" if root.tag.rsplit("}", 1)[-1] == "svg" else "an XML file that is not SVG"
    if suffix not in RASTER:
        return f"'{suffix or 'no extension'}' is not an image format the book prints (PNG, JPEG, GIF, WebP, TIFF, SVG)"
    try:
        with Image.open(path) as image:
            image.verify()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as exc:
        why = str(exc).replace(f"'{path}'", path.name)  # Pillow names the absolute path
        return f"the file is damaged or not an image ({why}): save it again as {suffix[1:].upper()}"
    return ""


#: CSS pixels per unit of an SVG's width and height (CSS Values: 96 px to the inch).
SVG_UNITS = {"": 1.0, "px": 1.0, "pt": 96 / 72, "pc": 16.0, "mm": 96 / 25.4, "cm": 96 / 2.54, "in": 96.0}
_LENGTH = re.compile(r"^\s*([0-9.]+)\s*([a-z]*)\s*$")


def intrinsic_size(path: Path) -> tuple[int, int] | None:
    """The size a browser gives the image before any CSS (CSS px), or None when it has none (an SVG
    sized in percent). The web pages write it on the ``<img>``, so the space is kept while it loads and
    the text does not jump (layout shift)."""
    try:
        if path.suffix.lower() != ".svg":
            with Image.open(path) as image:
                return image.size
        root = ElementTree.parse(path).getroot()
    except (OSError, SyntaxError, ValueError, ElementTree.ParseError, DefusedXmlException):
        return None
    sizes = [_css_px(root.get(name, "")) for name in ("width", "height")]
    box = (root.get("viewBox") or "").replace(",", " ").split()
    if len(box) == 4 and None in sizes:
        try:
            w, h = float(box[2]), float(box[3])
        except ValueError:
            return None
        if sizes == [None, None]:
            sizes = [w, h]
        elif sizes[0] is None and h:
            sizes[0] = sizes[1] * w / h
        elif w:
            sizes[1] = sizes[0] * h / w
    return (round(sizes[0]), round(sizes[1])) if None not in sizes and all(sizes) else None


def _css_px(value: str) -> float | None:
    match = _LENGTH.match(value)
    if not match or match.group(2) not in SVG_UNITS:
        return None
    return float(match.group(1)) * SVG_UNITS[match.group(2)]
