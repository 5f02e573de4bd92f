"""The printed interior as built: the legal mentions of a French book on the copyright page and in the
colophon (arrêté du 12 janvier 1995), and the last signature filled with pages for notes, not blank paper.

The PDF is read with pdfplumber, inside the trim (crop marks are outside it). A page is blank when nothing
is drawn inside the trim: no character, no rectangle, line or curve, no image.
"""

from __future__ import annotations

import re

import pdfplumber
import pytest


def _text(page: pdfplumber.page.Page) -> str:
    """The page's words, one space between them; break hyphens undone, apostrophes straight."""
    text = page.extract_text() or ""
    text = re.sub(r"(?<=[a-zà-ÿ])[-\u2010\u00ad]\n(?=[a-zà-ÿ])", "", text)
    return " ".join(text.replace("’", "'").split())


def _inside_trim(page: pdfplumber.page.Page) -> pdfplumber.page.Page:
    return page.crop(page.trimbox, relative=False, strict=False)


@pytest.fixture(scope="module")
def interior(interior_pdf) -> list[tuple[str, int, int]]:
    """(text, drawings, images) of each page of the interior, inside the trim."""
    pages = []
    for page in interior_pdf.pages:
        inside = _inside_trim(page)
        pages.append((_text(inside), len(inside.rects) + len(inside.lines) + len(inside.curves),
                      len(inside.images)))
    return pages


def _mentions(built_book) -> dict[str, str]:
    m = built_book[0].book.manifest
    printer = f"{m.printer.name}, {m.printer.address}".replace("’", "'")
    return {
        "the publisher's name and full address": f"{m.publisher} {m.publisher_address}",
        "the printer's name and address": printer,
        "the print completion date, with the printer": f"Achevé d'imprimer en janvier 2015 par {printer}",
        "the ISBN": "ISBN 978-2-36778-045-0",
        "the legal deposit": "Dépôt légal : janvier 2015",
        "the copyright notice, on the law": "Code de la propriété intellectuelle",
        "the copyright notice, on reproduction without consent": "article L. 122-4",
        "the copyright notice, on private copies and quotations": "article L. 122-5",
        "…which allows private copies": "usage privé du copiste",
        "…and short quotations": "courtes citations",
    }


def test_the_copyright_page_and_the_colophon_carry_the_legal_mentions(built_book, interior) -> None:
    copyright_page = next(n for n, (text, _, _) in enumerate(interior, 1) if "ISBN" in text)
    assert copyright_page == 4, "the copyright page is the verso of the title page"
    pages = {"copyright page": interior[copyright_page - 1][0], "colophon": interior[-1][0]}
    missing = [f"{mention} on the {where}" for mention, said in _mentions(built_book).items()
               for where, text in pages.items() if said not in text]
    assert missing == []


def test_the_legal_mentions_are_typeset_in_french(built_book) -> None:
    """The PDF's text loses the kind of space: the HTML laid out tells it."""
    html = built_book[0].interior_html
    sections = re.findall(r'<section class="(?:copyright-page|colophon)".*?</section>', html, re.DOTALL)
    assert len(sections) == 2
    for section in sections:
        text = re.sub(r"<[^>]+>", "", section)
        assert "Dépôt légal\u00a0: janvier 2015" in text
        assert "L.\u00a0122-4" in text and "ISBN\u00a0978-2-36778-045-0" in text
        assert not re.search(r"[ \t\n][:;!?]", text), "an ordinary space before : ; ! or ?"
        assert "'" not in text, "a straight apostrophe"


def test_no_run_of_blank_pages_and_the_colophon_last(built_book, interior) -> None:
    result, _ = built_book
    blank = [n for n, (text, drawings, images) in enumerate(interior, 1) if not (text or drawings or images)]
    assert [n for n in blank if n + 1 in blank] == [], f"blank pages {blank}"
    assert len(interior) % result.book.manifest.print.signature == 0
    assert interior[-1][0].startswith(f"{result.book.manifest.title}.")
    assert "Achevé d'imprimer" in interior[-1][0] and "Achevé d'imprimer" not in interior[-2][0]
    # The last signature is filled with pages for notes: a title and the rules, until the colophon.
    notes = [n for n, (text, _, _) in enumerate(interior, 1) if text == "Notes"]
    assert notes and notes == list(range(notes[0], len(interior)))
    assert all(interior[n - 1][1] >= 15 for n in notes), "ruled lines on every notes page"


def test_the_notes_rules_are_thin_and_solid_black(interior_pdf) -> None:
    """WeasyPrint fills a border as the ring between two rectangles: its thickness is their difference."""
    page = _inside_trim(interior_pdf.pages[-2])
    assert _text(page) == "Notes"
    rects = page.rects
    assert {tuple(r["non_stroking_color"]) for r in rects} == {(0.0, 0.0, 0.0, 1.0)}, "100 % K"
    pairs = zip(rects[::2], rects[1::2])
    thickness = {round(abs(a["height"] - b["height"]), 2) for a, b in pairs}
    assert thickness == {0.3}, "0.3 pt rules"

