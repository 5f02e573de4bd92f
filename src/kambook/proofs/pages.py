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
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009\u2007]+")

Box = tuple[float, float, float, float]  # left, top, right, bottom in points from the trimmed page's top left


@dataclass
class Word:
    text: str
    box: Box


@dataclass
class PageText:
    """One page: its body's lines of words (reading order), its furniture's words, its trimmed size."""

    width: float
    height: float
    lines: list[list[Word]] = field(default_factory=list)
    furniture: list[Word] = field(default_factory=list)

    @property
    def words(self) -> list[Word]:
        return [word for line in self.lines for word in line]


def read_pages(pdf_path: Path, keep: bool = False) -> list[PageText]:
    """The pages' words; with ``keep``, read once and kept beside the PDF (a round's PDF never changes)."""
    kept = pdf_path.with_name(pdf_path.stem + ".words.json.gz")
    if keep and kept.is_file():
        try:
            return [_from_json(page) for page in json.loads(gzip.decompress(kept.read_bytes()))]
        except (OSError, ValueError, KeyError, TypeError):
            pass  # read the PDF again
    document = pdfium.PdfDocument(str(pdf_path))
    try:
        pages = [_page_text(document[index]) for index in range(len(document))]
    finally:
        document.close()
    if keep:
        data = json.dumps([asdict(page) for page in pages], ensure_ascii=False, separators=(",", ":")).encode()
        write_bytes(kept, gzip.compress(data, compresslevel=5, mtime=0))
    return pages


def _from_json(page: dict) -> PageText:
    def word(data: dict) -> Word:
        return Word(data["text"], tuple(data["box"]))  # type: ignore[arg-type]
    return PageText(page["width"], page["height"], [[word(w) for w in line] for line in page["lines"]],
                    [word(w) for w in page["furniture"]])


def _page_text(page: pdfium.PdfPage) -> PageText:
    left, bottom, right, top = page.get_trimbox()
    result = PageText(right - left, top - bottom)
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    position = 0
    for raw_line in text.split("\n"):
        words = list(_words(textpage, raw_line, position, (left, top)))
        position += len(raw_line) + 1
        if not words:
            continue
        middle = (words[0].box[1] + words[0].box[3]) / 2
        if middle < FURNITURE * result.height or middle > (1 - FURNITURE) * result.height:
            result.furniture += words
        else:
            result.lines.append(words)
    return result


def _words(textpage: pdfium.PdfTextPage, line: str, start: int, origin: tuple[float, float]):  # noqa: ANN202
    for match in re.finditer(r"[^\s\u00a0\u202f\u2009\u2007]+", line):
        word = "".join(ch for ch in match.group() if ch not in _HYPHEN_MARKS)
        if not word:
            continue
        boxes = [textpage.get_charbox(start + i) for i in range(match.start(), match.end())]
        boxes = [b for b in boxes if b[2] > b[0] or b[3] > b[1]] or boxes
        x0, y0 = origin
        yield Word(word, (round(min(b[0] for b in boxes) - x0, 1), round(y0 - max(b[3] for b in boxes), 1),
                          round(max(b[2] for b in boxes) - x0, 1), round(y0 - min(b[1] for b in boxes), 1)))


def render_pages(pdf_path: Path, indexes: list[int], dpi: float, grey: bool = False) -> dict[int, object]:
    """Page images (PIL) of the trimmed pages, for the pixel comparison and the report."""
    document = pdfium.PdfDocument(str(pdf_path))
    images = {}
    try:
        for index in indexes:
            page = document[index]
            left, bottom, right, top = page.get_trimbox()
            width, height = page.get_size()
            crop = (left, bottom, width - right, height - top)
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
