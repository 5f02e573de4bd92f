"""Resolve every image of the book to a file of the project; a missing image fails the build.

A chapter's image is a path beside the chapter; an article's was looked up in the export's media folder
when the article was read (``sources/appendices.py``), and one without a local copy is reported here like
any missing image — or, when the author allows it for a draft, printed as a visible placeholder.
"""

from __future__ import annotations

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
                    continue
                del token.meta["path"]
            else:
                missing, message = _locate(token, src, doc.path.parent, root, doc.title)
            if message is None:
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
