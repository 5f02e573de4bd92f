"""Resolve every image of the book to a file of the project; a missing image fails the build.

A chapter's image is a path beside the chapter; an article's was looked up in the export's media folder
when the article was read (``sources/appendices.py``), and one without a local copy is reported here like
any missing image — or, when the author allows it for a draft, printed as a visible placeholder.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from ..errors import Location, Problem
from ..model import Book
from .tokens import walk


def resolve_images(book: Book, allow_missing: bool = False) -> list[Problem]:
    root = book.manifest.root.resolve()
    problems: list[Problem] = []
    for doc in book.documents:
        for token in walk(doc.tokens):
            if token.type == "figure":
                src = token.meta["src"]
            elif token.type == "image":
                src = str(token.attrGet("src") or "")
            else:
                continue
            where = Location(doc.rel, token.meta.get("line", 0))
            if "path" in token.meta:
                continue
            if "missing" in token.meta:  # an article's image with no copy in the export's media folder
                token.meta["placeholder"] = allow_missing
                if not allow_missing:
                    problems.append(Problem(where, f"article « {doc.title} »: image {src} has no local copy in "
                                                   f"{token.meta['media']}/: add the file there"))
                continue
            parts = urlsplit(src)
            if parts.scheme or parts.netloc:
                problems.append(Problem(where, f"image '{src}' is not a file of the project: download it into "
                                               "assets/images/ and use a relative path (no network at build time)"))
                continue
            path = (doc.path.parent / unquote(parts.path)).resolve()
            if not path.is_relative_to(root):
                problems.append(Problem(where, f"image '{src}' is outside the project folder"))
            elif not path.is_file():
                problems.append(Problem(where, f"image '{src}' not found (looked for {path.relative_to(root)})"))
            else:
                token.meta["path"] = path
    return problems
