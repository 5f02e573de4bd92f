"""Resolve every image of the manuscript to a file of the project; a missing image fails the build."""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

from ..errors import Location, Problem
from ..model import Book
from .tokens import walk


def resolve_images(book: Book) -> list[Problem]:
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
