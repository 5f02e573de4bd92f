"""The words of a PDF as a reader sees them: each with its box on its page, body apart from page furniture.

Read through PDFium, as the proofreader's viewer would, so a diff sees what was printed, not what kambook
meant to print: a glyph missing from a font or a word lost at a page break shows up here.
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pypdfium2 as pdfium

from ..atomic import write_bytes

#: Share of the trimmed page height, at its top and at its foot, that holds running heads and folios: what
#: changes there when a page only moves is not a change of the text.
FURNITURE = 0.07
#: Characters PDFium puts where a word was hyphenated at a line's end, and spaces of every width.
_HYPHEN_MARKS = "\ufffe\u00ad\x02"
#: Hyphens a line can end with, the word going on at the next line's start.
_LINE_END_HYPHENS = "-\u2010\u2011\u00ad"

Box = tuple[float, float, float, float]  # left, top, right, bottom in points from the trimmed page's top left


@dataclass
class Word:
    text: str
    box: Box
    #: The word was hyphenated at the end of its line: it goes on with the first word of the next line
    #: (on the next page, at a page's foot). A diff joins the two, so that a rewrap is not an edit.
    hyphen: bool = False


@dataclass
class PageText:
    """One page: its body's lines of words (reading order) and its trimmed size; the running heads and
    folios are left out, since a page that only moved changes there."""

    width: float
    height: float
    lines: list[list[Word]] = field(default_factory=list)

    @property
    def words(self) -> list[Word]:
        return [word for line in self.lines for word in line]


def read_pages(pdf_path: Path, keep: bool = False) -> tuple[list[PageText], list[str], dict[str, int]]:
    """The pages' words, folios and anchors; with ``keep``, read once and kept beside the PDF (a round's
    PDF never changes, and its next diff then costs a fraction of a second, not seconds)."""
    kept = pdf_path.with_name(pdf_path.stem + ".words-3.json.gz")  # -3: lines regrouped, hyphens kept
    if keep and kept.is_file():
        try:
            data = json.loads(gzip.decompress(kept.read_bytes()))
            return [_from_json(page) for page in data["pages"]], data["labels"], data["anchors"]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # read the PDF again
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        pages = [_page_text(document[index]) for index in range(len(document))]
    finally:
        document.close()
    labels, anchors = pdf_labels_and_anchors(pdf_path)
    if keep:
        data = json.dumps({"pages": [asdict(page) for page in pages], "labels": labels, "anchors": anchors},
                          ensure_ascii=False, separators=(",", ":")).encode()
        write_bytes(kept, gzip.compress(data, compresslevel=5, mtime=0))
    return pages, labels, anchors


def _from_json(page: dict) -> PageText:
    def word(data: dict) -> Word:
        return Word(data["text"], tuple(data["box"]), data.get("hyphen", False))  # type: ignore[arg-type]
    return PageText(page["width"], page["height"], [[word(w) for w in line] for line in page["lines"]])


def _page_text(page: pdfium.PdfPage) -> PageText:
    """PDFium joins a hyphenated word's two halves into one line of text (and, at a page's foot, the first
    half with the folio): the words are regrouped into the lines they were printed on, by position."""
    left, bottom, right, top = page.get_trimbox()
    result = PageText(right - left, top - bottom)
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    position, lines = 0, []
    for raw_line in text.split("\n"):
        for word in _words(textpage, raw_line, position, (left, top)):
            previous = lines[-1][-1] if lines else None
            middle = (word.box[1] + word.box[3]) / 2
            upper, lower = (previous.box[1], previous.box[3]) if previous else (0.0, 0.0)
            if previous is None or middle > lower or middle < upper - (lower - upper):
                lines.append([word])  # below the last word, or well above it (a running head set last)
            else:
                lines[-1].append(word)
        position += len(raw_line) + 1
    for words in lines:
        last = words[-1]
        if len(last.text) > 1 and last.text[-1] in _LINE_END_HYPHENS:
            last.hyphen = True  # a word cut at its hyphen, or hyphenated with a visible hyphen character
        middle = (words[0].box[1] + words[0].box[3]) / 2
        if FURNITURE * result.height <= middle <= (1 - FURNITURE) * result.height:
            result.lines.append(words)
    return result


def _words(textpage: pdfium.PdfTextPage, line: str, start: int, origin: tuple[float, float]):  # noqa: ANN202
    x0, y0 = origin

    def word(chars: list[int], hyphen: bool) -> Word:
        boxes = [textpage.get_charbox(start + i) for i in chars]
        boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]] or boxes
        return Word("".join(line[i] for i in chars), (
            round(min(b[0] for b in boxes) - x0, 1), round(y0 - max(b[3] for b in boxes), 1),
            round(max(b[2] for b in boxes) - x0, 1), round(y0 - min(b[1] for b in boxes), 1)), hyphen)

    for match in re.finditer(r"[^\s\u00a0\u202f\u2009\u2007]+", line):
        chars: list[int] = []
        for i in range(match.start(), match.end()):
            if line[i] not in _HYPHEN_MARKS:
                chars.append(i)
            elif chars and i + 1 < match.end() and _below(textpage, start + i + 1, start + chars[-1]):
                yield word(chars, True)  # the rest of the word is on the next line
                chars = []
        if chars:
            yield word(chars, False)


def _below(textpage: pdfium.PdfTextPage, char: int, before: int) -> bool:
    """Whether ``char`` sits on a lower line than ``before`` (its top under the other's middle)."""
    top = textpage.get_charbox(char)[3]
    lower, upper = textpage.get_charbox(before)[1], textpage.get_charbox(before)[3]
    return top < (lower + upper) / 2


def render_pages(pdf_path: Path, indexes: list[int], dpi: float, grey: bool = False) -> dict[int, object]:
    """Page images (PIL) of the trimmed pages, for the pixel comparison and the report."""
    document = pdfium.PdfDocument(str(pdf_path))
    images = {}
    try:
        for index in indexes:
            page = document[index]
            left, bottom, right, top = page.get_trimbox()
            c_left, c_bottom, c_right, c_top = page.get_cropbox()  # what PDFium renders; a print
            crop = (left - c_left, bottom - c_bottom, c_right - right, c_top - top)  # page's starts below 0
            images[index] = page.render(scale=dpi / 72, grayscale=grey, crop=crop).to_pil()
    finally:
        document.close()
    return images


def pdf_labels_and_anchors(pdf_path: Path) -> tuple[list[str], dict[str, int]]:
    """The folio printed on each page (the PDF's page labels) and the page of every named destination."""
    from pypdf import PdfReader
    reader = PdfReader(str(pdf_path))
    labels = list(reader.page_labels)
    anchors = {}
    for name, destination in reader.named_destinations.items():
        try:
            anchors[str(name)] = reader.get_destination_page_number(destination)
        except (KeyError, ValueError, AttributeError):
            continue
    return labels, anchors
