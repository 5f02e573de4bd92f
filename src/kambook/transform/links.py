"""The links a chapter may hold: the web (``http``, ``https``), an e-mail address (``mailto``), nothing else.

A path to another file or an anchor means a part of the book, which a cross-reference names in every
edition (« chapitre 3, p. 42 »); ``file:``, ``javascript:`` or ``data:`` would leak or run something in the
site. A refused link is a located error, and its target is removed, so even a ``--keep-going`` draft
carries nothing unsafe. Imported articles' links were cleaned by the importer (``cms/sanitize.py``).
"""

from __future__ import annotations

from urllib.parse import urlsplit

from ..errors import Location, Problem
from ..model import Book
from ..markdown.tokens import walk

ALLOWED = ("http", "https", "mailto")


def check_links(book: Book) -> list[Problem]:
    problems: list[Problem] = []
    for doc in book.documents:
        if doc.role == "appendix":
            continue
        for token in walk(doc.tokens):
            if token.type != "link_open":
                continue
            href = str(token.attrGet("href") or "")
            parts = urlsplit(href)
            if parts.scheme.lower() in ALLOWED and (parts.netloc or parts.scheme.lower() == "mailto"):
                continue
            token.attrSet("href", "")
            where = Location(doc.rel, token.meta.get("line", 0))
            if parts.scheme:
                problems.append(Problem(where, f"link target '{href}' is not allowed: link to the web with "
                                               "https://…, to an e-mail address with mailto:…, or to a part of "
                                               "the book with [@ch:label]"))
            else:
                problems.append(Problem(where, f"link target '{href}' is a path, which no edition can follow: "
                                               "refer to a part of the book with [@ch:label], [@sec:label]…, "
                                               "or give a full https:// address"))
    return problems
