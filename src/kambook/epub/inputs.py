"""What the build hands the EPUB builder from the other products, as plain data (no product imports another)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class PageMap:
    """The print interior's pagination, for the EPUB's page-list and its page-break markers.

    ``pages`` maps an anchor id of the print document to the index of the page it landed on, ``labels``
    gives each page index its printed folio (« xii », « 87 »), and ``body`` the indexes of the pages that
    hold the book's text (blank versos, notes pages and the colophon left out): the pages a reader of
    the EPUB may be asked to find, against which the page-list's coverage is measured.
    """

    pages: dict[str, int]
    labels: tuple[str, ...]
    body: frozenset[int] = field(default_factory=frozenset)
