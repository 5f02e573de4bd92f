"""What the ONIX feed says, gathered from the manifest, the book model and the print build, as plain data:
the feed's modules then only choose elements and codes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..coverimage import CoverSource
from ..errors import KambookError
from ..manifest import Manifest, retail_price
from ..model import Book
from ..render.views import heading_label
from ..text.language import bibliographic_code

#: France's reduced VAT rate on books (Code général des impôts, art. 278-0 bis), print and e-book alike.
BOOK_VAT_PERCENT = "5.5"
CENT = Decimal("0.01")


@dataclass(frozen=True)
class Price:
    """A fixed retail price, tax included, and the tax it includes (France: loi Lang)."""

    amount: str  # "29.00"
    currency: str  # "EUR"
    vat_percent: str = BOOK_VAT_PERCENT
    country: str = "FR"

    @property
    def taxable(self) -> str:
        """The amount before VAT, to the cent: 29.00 TTC at 5.5 % is 27.49 HT."""
        rate = 1 + Decimal(self.vat_percent) / 100
        return str((Decimal(self.amount) / rate).quantize(CENT, ROUND_HALF_UP))

    @property
    def tax(self) -> str:
        return str(Decimal(self.amount) - Decimal(self.taxable))


@dataclass(frozen=True)
class PrintedPages:
    """The print interior as laid out: every page of the book block, and how many carry Roman folios."""

    total: int
    front: int
    spine_mm: float

    @property
    def main(self) -> int:
        """The highest Arabic folio: the Arabic numbering runs from the first part to the last page."""
        return self.total - self.front


@dataclass(frozen=True)
class FeedInputs:
    manifest: Manifest
    language: str  # ISO 639-2/B
    price: Price
    biography: str
    imprint: str
    pages: PrintedPages
    toc: tuple[tuple[str, tuple[str, ...]], ...]  # (entry, its sub-entries): parts hold their chapters
    cover: CoverSource
    sent: dt.datetime

    @property
    def isbn(self) -> str:
        return self.manifest.isbn_digits

    @property
    def isbn_ebook(self) -> str:
        return "".join(ch for ch in self.manifest.isbn_ebook if ch.isdigit())


def feed_inputs(book: Book, pages: PrintedPages, cover: CoverSource, sent: dt.datetime) -> FeedInputs:
    """The feed's data; the manifest was checked for the ``onix`` output, so what it requires is there."""
    m = book.manifest
    price, language = retail_price(m.print.cover.price), bibliographic_code(m.language)
    if price is None or language is None:  # load_manifest(…, outputs=("onix",)) reports both with their line
        raise KambookError("the ONIX feed needs a price in euros and a known language: load the manifest for "
                           "the onix output")
    return FeedInputs(m, language, Price(*price), m.author_biography or m.print.cover.author_note,
                      m.imprint or m.publisher, pages, table_of_contents(book), cover, sent)


def table_of_contents(book: Book) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The book's contents as a bookseller's page lists them: the foreword, each part with its chapters,
    the appendices; numbered entries keep the label the book prints (« Chapitre 3. Le plan »)."""
    def line(doc) -> str:  # noqa: ANN001 - a model.Document
        label = heading_label(doc)
        return f"{label}. {doc.title}" if label else doc.title
    entries: list[tuple[str, tuple[str, ...]]] = []
    for doc in book.documents:
        if doc.role == "part":
            entries.append((line(doc), tuple(line(c) for c in book.in_part(doc))))
        elif doc.role != "chapter" or doc.part_index < 0:
            entries.append((line(doc), ()))
    return tuple(entries)
