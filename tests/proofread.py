"""A proofreader's measures of a built PDF, read with pdfplumber (pdfminer): the text lines as printed,
independent of how kambook laid them out.

A line is the run of characters on one baseline and in one column; its words are split where pdfplumber
sees a space. The measures are those of issue #12: over-stretched justified lines, stranded words in the
middle of a paragraph, ladders of hyphens and hyphenated capitalised names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import pdfplumber

#: Break hyphens: WeasyPrint's hyphenate-character (U+2010), and a compound's own hyphen.
BREAK_HYPHENS = ("\u2010", "-")


@dataclass
class Line:
    page: int  # 1-based PDF page
    baseline: float
    x0: float
    x1: float
    size: float  # the dominant type size
    words: list[dict]
    serif: bool  # set mostly in the book's text face (Gentium)

    @property
    def text(self) -> str:
        return " ".join(w["text"] for w in self.words)

    @property
    def width(self) -> float:
        return self.x1 - self.x0


@contextmanager
def opened(source: Path | pdfplumber.PDF) -> Iterator[pdfplumber.PDF]:
    """The PDF at ``source``, or ``source`` itself when it is already open (the session's interior,
    ``interior_pdf``: pdfplumber keeps what it parsed of each page, so its readers share one parse)."""
    if isinstance(source, pdfplumber.PDF):
        yield source
        return
    with pdfplumber.open(source) as pdf:
        yield pdf


def read_lines(source: Path | pdfplumber.PDF) -> dict[int, list[Line]]:
    """Every text line of every page, top to bottom, a two-column page read column by column."""
    pages: dict[int, list[Line]] = {}
    with opened(source) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            words = page.extract_words(x_tolerance=1.2, y_tolerance=1, keep_blank_chars=False,
                                       extra_attrs=["size", "fontname"])
            rows = {y: sorted(row, key=lambda w: w["x0"]) for y, row in _rows(words).items()}
            gutter = _gutter(rows.values())
            lines: list[Line] = []
            for baseline in sorted(rows):
                row = rows[baseline]
                segment = [row[0]]
                for before, after in zip(row, row[1:]):
                    if gutter and before["x1"] <= gutter[0] + 1 and after["x0"] >= gutter[1] - 1:
                        lines.append(_line(number, baseline, segment))
                        segment = []
                    segment.append(after)
                lines.append(_line(number, baseline, segment))
            pages[number] = sorted(lines, key=lambda ln: (bool(gutter) and ln.x0 >= gutter[1] - 1, ln.baseline))
    return pages


def _rows(words: list[dict]) -> dict[float, list[dict]]:
    """Words by line: bottoms within 2 pt are one line (type of several sizes on one baseline — a leader
    in 9 pt beside a title in 10.5 pt — has bottoms a fraction of a point apart; lines are 11 pt apart)."""
    rows: dict[float, list[dict]] = {}
    current: list[dict] = []
    for word in sorted(words, key=lambda w: w["bottom"]):
        if current and word["bottom"] - current[-1]["bottom"] > 2:
            rows[round(max(w["bottom"] for w in current))] = current
            current = []
        current.append(word)
    if current:
        rows[round(max(w["bottom"] for w in current))] = current
    return rows


def _gutter(rows) -> tuple[float, float] | None:  # noqa: ANN001
    """The gutter of a two-column page (the index), where at least two lines lie wholly in each half:
    from the widest line of the left column to the leftmost start in the right one."""
    rows = list(rows)
    if not rows:
        return None
    middle = (min(row[0]["x0"] for row in rows) + max(row[-1]["x1"] for row in rows)) / 2
    lefts = [row[-1]["x1"] for row in rows if row[-1]["x1"] < middle]
    rights = [row[0]["x0"] for row in rows if row[0]["x0"] > middle]
    # Rows that hold both columns: the word gap across the middle, if wide, is the gutter.
    for row in rows:
        for before, after in zip(row, row[1:]):
            if before["x1"] < middle < after["x0"] and after["x0"] - before["x1"] > 15:
                lefts.append(before["x1"])
                rights.append(after["x0"])
    if len(lefts) < 2 or len(rights) < 2 or min(rights) - max(lefts) < 8:
        return None  # justified word gaps across the middle do not line up into a gutter
    return max(lefts), min(rights)


def hard_breaks(html: str) -> set[str]:
    """The words written just before a ``<br>`` in the source: where a short line is the author's."""
    text = re.sub(r"<[^>]+>", "", re.sub(r"<br\s*/?>", "\u2029", html))
    return {m.group(1) for m in re.finditer(r"(\S+)\s*\u2029", text)}


def _line(page: int, baseline: float, words: list[dict]) -> Line:
    sizes: dict[float, int] = defaultdict(int)
    serif = 0
    for w in words:
        sizes[round(w["size"], 1)] += len(w["text"])
        serif += len(w["text"]) if "Gentium" in w["fontname"] else 0
    total = sum(sizes.values())
    return Line(page, baseline, words[0]["x0"], words[-1]["x1"], max(sizes, key=sizes.get), words,
                serif * 2 > total)


def _is_leader(line: Line) -> bool:
    return bool(re.search(r"(\.\s*){3,}", line.text)) or line.text.count(".") > 8


def stretched_lines(pages: dict[int, list[Line]], limit_em: float = 1.2) -> list[tuple[int, float, str]]:
    """Justified lines of running text whose widest word gap exceeds ``limit_em`` of their type size."""
    found = []
    for number, lines in pages.items():
        right = max((ln.x1 for ln in lines if ln.serif), default=0)
        for line in lines:
            if not line.serif or _is_leader(line) or line.x1 < right - 1.5 or len(line.words) < 3:
                continue
            gaps = [b["x0"] - a["x1"] for a, b in zip(line.words, line.words[1:])
                    if "Gentium" in a["fontname"] and "Gentium" in b["fontname"]]
            if gaps and max(gaps) > limit_em * line.size:
                found.append((number, round(max(gaps), 1), line.text))
    return found


def stranded_lines(pages: dict[int, list[Line]], hard_breaks: set[str]) -> list[tuple[int, str, str]]:
    """Lines under a third of the measure followed, at the paragraph's own leading and flush left, by more
    of the same paragraph: a word left alone mid-paragraph. ``hard_breaks`` are the words written before a
    ``<br>`` in the source, where a short line is intended."""
    found = []
    for number, lines in pages.items():
        serif = [ln for ln in lines if ln.serif]
        if len(serif) < 3:
            continue
        left = min(ln.x0 for ln in serif)
        right = max(ln.x1 for ln in serif)
        measure = right - left
        for line, after in zip(serif, serif[1:]):
            leading = round(line.size * 1.34, 0)  # 10.5/14 pt and the design's other sizes (±1 pt)
            if (line.width < measure / 3 and abs(line.x0 - left) < 1 and abs(after.x0 - left) < 1
                    and abs(after.size - line.size) < 0.2 and abs(after.baseline - line.baseline - leading) <= 1
                    and line.words[-1]["text"] not in hard_breaks):
                found.append((number, line.text, after.text))
    return found


def hyphen_ladders(pages: dict[int, list[Line]], longest: int = 3) -> list[tuple[int, list[str]]]:
    """Runs of more than ``longest`` consecutive lines ending in a hyphen, within a page's column."""
    found = []
    for number, lines in pages.items():
        run: list[str] = []
        for line in lines:
            if line.serif and line.text.endswith(BREAK_HYPHENS):
                run.append(line.text[-25:])
                if len(run) == longest + 1:
                    found.append((number, run))
            else:
                run = []
    return found


def hyphenated_names(pages: dict[int, list[Line]], allowed: set[str]) -> list[tuple[int, str]]:
    """Capitalised words broken across lines by a break hyphen (U+2010), unless the book allows it."""
    found = []
    for number, lines in pages.items():
        for line, after in zip(lines, lines[1:]):
            last = line.words[-1]["text"]
            if not last.endswith("\u2010"):
                continue
            word = re.split(r"[\s’'(«\u202f\u00a0]", last)[-1][:-1] + after.words[0]["text"]
            word = re.sub(r"[^\w-]+$", "", word)
            if word[:1].isupper() and word.lower() not in allowed:
                found.append((number, word))
    return found


def short_pages_before_floats(source: Path | pdfplumber.PDF, limit: float = 0.15) -> list[tuple[int, float]]:
    """Pages whose text stops more than ``limit`` of the type area short of its foot (or of the footnotes)
    while the next page opens with a figure, a table or a box: the float did not fit and the text waited.

    The type area is the book's own: its foot is where most pages' last line ends, its head where most
    pages' first line of text stands. A float is recognised as a reader does: a « Figure »/« Tableau »
    caption, or a drawing, at the head of the next page.
    """
    found = []
    with opened(source) as pdf:
        pages = list(pdf.pages)
        measured = [_page_extent(page) for page in pages]
        feet = [m["last"] for m in measured if m["last"] is not None]
        heads = [m["first"] for m in measured if m["first"] is not None]
        if not feet or not heads:
            return []
        foot, head = _mode(feet), _mode(heads)
        for number, (this, after) in enumerate(zip(measured, measured[1:]), 1):
            if this["last"] is None or not after["opens_with_float"](head):
                continue
            bottom = this["notes_top"] if this["notes_top"] is not None else foot
            short = (bottom - this["content_bottom"]) / (foot - head)
            if short > limit:
                found.append((number, round(short, 2)))
    return found


def _mode(values: list[float]) -> float:
    counts: dict[float, int] = defaultdict(int)
    for value in values:
        counts[round(value)] += 1
    return max(counts, key=lambda v: (counts[v], v))


def _page_extent(page) -> dict:  # noqa: ANN001
    """The first and last lines of running text on a page, where its footnotes begin, and how low its
    content reaches above them."""
    words = page.extract_words(extra_attrs=["size", "fontname"])
    body = [w for w in words if "Gentium" in w["fontname"] and 9.9 < w["size"] < 10.6]
    notes = [w for w in words if "Gentium" in w["fontname"] and w["size"] < 9]
    notes_top = None
    if body and notes:
        # The footnote rule (a line, or the top edge of the notes' box) just above the notes set below the
        # last body line; the type area's text may come down to 4 mm above it.
        below = [n for n in notes if n["top"] > max(w["bottom"] for w in body)]
        if below:
            top = min(n["top"] for n in below)
            separators = [r["top"] for r in page.lines + page.rects
                          if r["x1"] - r["x0"] > 30 and 0 <= top - r["top"] < 25]
            notes_top = (min(separators) if separators else top) - 4 * 72 / 25.4
    graphics = [g for g in page.images + page.rects + page.curves if g["bottom"] - g["top"] > 5]
    limit = notes_top if notes_top is not None else float(page.height)
    content = [w["bottom"] for w in words if w["bottom"] <= limit and w["size"] > 8.6 or w in body]
    content += [g["bottom"] for g in graphics if g["bottom"] <= limit]
    first_body = min((w["top"] for w in body), default=None)

    def opens_with_float(head: float) -> bool:
        captions = [w for w in words if w["text"] in ("Figure", "Tableau") and "Bold" in w["fontname"]]
        drawn = [g for g in graphics if abs(g["top"] - head) < 20]
        first_caption = min((w["top"] for w in captions), default=None)
        return bool(drawn) or (first_caption is not None and first_caption < head + 20)

    return {"first": first_body, "last": max((w["bottom"] for w in body), default=None), "notes_top": notes_top,
            "content_bottom": max(content, default=0), "opens_with_float": opens_with_float}


def index_columns_opening_mid_entry(pages: dict[int, list[Line]], title: str = "Index") -> list[tuple[int, str]]:
    """Columns of the index that open inside an entry whose heading is in the previous column, unrepeated:
    on a sub-entry (lower case, as the index sets them), a turnover of locators or a « Voir aussi ». Every
    column should open on a heading, a letter or a heading « (suite) »."""
    found = []
    for number, lines in pages.items():
        if not lines or not any(line.text.strip() == title or line.text.endswith(f" {title}")
                                or line.text.startswith(f"{title} ") for line in lines[:3]):
            continue
        body = [line for line in lines if line.size < 10 and not line.text.strip().isdigit()
                and title not in line.text]
        if not body:
            continue
        middle = (min(ln.x0 for ln in body) + max(ln.x1 for ln in body)) / 2
        for column in ([ln for ln in body if ln.x0 < middle], [ln for ln in body if ln.x0 >= middle]):
            first = min(column, key=lambda ln: ln.baseline).text if column else "A"
            if first[:1].islower() or first[:1].isdigit() or first.startswith("Voir aussi"):
                found.append((number, first))
    return found
