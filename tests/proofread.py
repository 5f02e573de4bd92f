"""A proofreader's measures of a built PDF, read with pdfplumber (pdfminer): the text lines as printed,
independent of how kambook laid them out.

A line is the run of characters on one baseline and in one column; its words are split where pdfplumber
sees a space. The measures are those of issue #12: over-stretched justified lines, stranded words in the
middle of a paragraph, ladders of hyphens and hyphenated capitalised names.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

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


def read_lines(pdf_path: Path) -> dict[int, list[Line]]:
    """Every text line of every page, top to bottom, a two-column page read column by column."""
    pages: dict[int, list[Line]] = {}
    with pdfplumber.open(pdf_path) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            words = page.extract_words(x_tolerance=1.2, y_tolerance=1, keep_blank_chars=False,
                                       extra_attrs=["size", "fontname"])
            rows: dict[float, list[dict]] = defaultdict(list)
            for word in words:
                rows[round(word["bottom"])].append(word)
            rows = {y: sorted(row, key=lambda w: w["x0"]) for y, row in rows.items()}
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


def _gutter(rows) -> tuple[float, float] | None:  # noqa: ANN001
    """The gutter of a two-column page (the index), where at least two lines lie wholly in each half:
    from the widest line of the left column to the leftmost start in the right one."""
    rows = list(rows)
    if not rows:
        return None
    middle = (min(row[0]["x0"] for row in rows) + max(row[-1]["x1"] for row in rows)) / 2
    lefts = [row[-1]["x1"] for row in rows if row[-1]["x1"] < middle]
    rights = [row[0]["x0"] for row in rows if row[0]["x0"] > middle]
    if len(lefts) < 2 or len(rights) < 2:
        return None
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
