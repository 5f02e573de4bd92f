"""The table of contents, the lists of figures and tables and the index as pdfplumber reads the built interior.

Nothing of kambook is used to read the PDF: a folio is what a reader takes for one, the run of page numbers
that ends a line (in the order the text is drawn), and its entry is everything drawn before it on that line
(words and leader dots). A folio printed over its entry, or touching it, is what a proofreader circles first;
folios of a table of contents that do not share one right edge are the second thing.

Run as a script on any interior PDF to print the figures: ``python tests/test_lists_typesetting.py <pdf>``.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

pdfplumber = pytest.importorskip("pdfplumber")

from proofread import opened  # noqa: E402 - after pdfplumber is known to be there

MM = 72 / 25.4
#: Sections measured, by the title printed at the top of their first page.
TITLES = {"Table des matières": "toc", "Table des figures": "list", "Liste des tableaux": "list", "Index": "index"}
#: A page number, a range of them, or one of a list of locators (« 12, », « 16-17, », « vii »).
FOLIO = re.compile(r"(?:\d+|[ivxlcdm]+)(?:[-\u2010\u2013](?:\d+|[ivxlcdm]+))?,?")
MIN_GAP = 1.0  # pt between a folio and the last mark of its entry on the same line
EDGE_TOLERANCE = 0.5  # pt: table-of-contents folios on one right edge, per page side


@dataclass
class Line:
    page: int
    column: int
    top: float
    entry: list[dict]  # chars drawn before the folio on the line: words and leader dots
    folio: list[dict]

    @property
    def gap(self) -> float:
        """Room between the folio's box and the closest mark of its entry (negative: printed over it)."""
        fx0, fx1 = self.box()
        gaps = []
        for c in self.entry:
            if c["text"].isspace():
                continue
            gaps.append(fx0 - c["x1"] if c["x0"] < fx0 else -min(c["x1"], fx1) + max(c["x0"], fx0))
        return min(gaps, default=float("inf"))

    def box(self) -> tuple[float, float]:
        """Left and right of the folio's ink: a space drawn after the last locator is no part of it."""
        marks = [c for c in self.folio if not c["text"].isspace()]
        return min(c["x0"] for c in marks), max(c["x1"] for c in marks)

    def text(self) -> str:
        return "".join(c["text"] for c in self.entry + self.folio)

    def led(self) -> bool:
        """Whether a leader runs to the folio: the entry ends with dots."""
        return bool(re.search(r"\.\s*$", "".join(c["text"] for c in self.entry)))


@dataclass
class Report:
    pages: dict[str, list[int]] = field(default_factory=dict)
    lines: list[tuple[str, Line]] = field(default_factory=list)

    def too_close(self) -> list[tuple[str, Line]]:
        return [(kind, line) for kind, line in self.lines if line.gap < MIN_GAP]

    def toc_edges(self) -> dict[str, list[float]]:
        """Right edges of the table of contents' folios, by page side."""
        edges: dict[str, list[float]] = {"recto": [], "verso": []}
        for kind, line in self.lines:
            if kind == "toc":
                edges["recto" if line.page % 2 else "verso"].append(line.box()[1])
        return edges

    def index_edges(self) -> dict[tuple[int, int], list[float]]:
        """Right edges of the index's locators where a leader leads to them, by page and column."""
        edges: dict[tuple[int, int], list[float]] = {}
        for kind, line in self.lines:
            if kind == "index" and line.led():
                edges.setdefault((line.page, line.column), []).append(line.box()[1])
        return edges


def _body_chars(page) -> list[dict]:  # noqa: ANN001 - a pdfplumber page
    """Chars inside the text block: running heads and foot folios (in the margins) left out."""
    height = page.mediabox[3] - page.mediabox[1]
    trim = page.trimbox
    top, bottom = height - trim[3] + 18 * MM, height - trim[1] - 18 * MM
    return [c for c in page.chars if c["top"] > top and c["bottom"] < bottom]


def _lines(chars: list[dict]) -> list[list[dict]]:
    """Chars grouped by baseline, each line in the order its text was drawn."""
    lines: list[list[dict]] = []
    for c in chars:  # pdfplumber keeps the content stream's order
        for line in lines:
            if abs(line[0]["bottom"] - c["bottom"]) < 2.5:
                line.append(c)
                break
        else:
            lines.append([c])
    return sorted(lines, key=lambda line: line[0]["bottom"])


def _split(line: list[dict]) -> tuple[list[dict], list[dict]]:
    """(entry, folio) of a line: the folio is the longest run of page-number words that ends it."""
    words: list[list[dict]] = [[]]
    for c in line:
        if c["text"].isspace():
            words.append([c])
            words.append([])
        else:
            words[-1].append(c)
    words = [w for w in words if w]
    cut = len(words)
    while cut > 0:
        word = "".join(c["text"] for c in words[cut - 1])
        if word.isspace() or FOLIO.fullmatch(word):
            cut -= 1
        else:
            break
    while cut < len(words) and "".join(c["text"] for c in words[cut]).isspace():
        cut += 1
    entry = [c for w in words[:cut] for c in w]
    folio = [c for w in words[cut:] for c in w]
    return entry, folio


def _columns(chars: list[dict]) -> list[list[dict]]:
    """The chars of each of two columns, split at the middle of the text block."""
    if not chars:
        return []
    middle = (min(c["x0"] for c in chars) + max(c["x1"] for c in chars)) / 2
    return [[c for c in chars if c["x0"] < middle], [c for c in chars if c["x0"] >= middle]]


def measure(source: Path | pdfplumber.PDF) -> Report:
    report = Report()
    with opened(source) as pdf:
        kind = None
        for number, page in enumerate(pdf.pages, 1):
            chars = _body_chars(page)
            big = "".join(c["text"] for c in chars if c["size"] >= 15).strip()
            if big or not chars:
                kind = TITLES.get(big)
                if not chars:
                    continue
            if kind is None:
                continue
            report.pages.setdefault(kind, []).append(number)
            body = [c for c in chars if c["size"] < 15]
            columns = _columns(body) if kind == "index" else [body]
            for rank, column in enumerate(columns):
                for line in _lines(column):
                    entry, folio = _split(line)
                    if entry and folio:
                        report.lines.append((kind, Line(number, rank, line[0]["top"], entry, folio)))
    return report


def summary(report: Report) -> str:
    out = [f"pages: {report.pages}"]
    for kind in ("toc", "list", "index"):
        lines = [line for k, line in report.lines if k == kind]
        bad = [line for line in lines if line.gap < MIN_GAP]
        out.append(f"{kind}: {len(lines)} lines with a folio, {len(bad)} closer than {MIN_GAP} pt"
                   + (f" (smallest gap {min(line.gap for line in bad):.1f} pt)" if bad else ""))
        out += [f"    p. {line.page}: {line.gap:6.1f} pt  {line.text()[:70]}" for line in bad]
    edges = report.toc_edges()
    out.append("toc folio right edges: " + ", ".join(
        f"{side} {min(e):.1f}-{max(e):.1f} ({max(e) - min(e):.1f} pt)" for side, e in edges.items() if e))
    spreads = {key: max(e) - min(e) for key, e in report.index_edges().items()}
    out.append(f"index columns whose led locators are not flush right (> {EDGE_TOLERANCE} pt): "
               f"{sum(1 for v in spreads.values() if v > EDGE_TOLERANCE)} of {len(spreads)}"
               + (f", widest spread {max(spreads.values()):.1f} pt" if spreads else ""))
    return "\n".join(out)


@pytest.fixture(scope="module")
def lists_report(interior_pdf) -> Report:
    return measure(interior_pdf)


def test_every_list_is_measured(lists_report: Report) -> None:
    assert set(lists_report.pages) == {"toc", "list", "index"}, lists_report.pages
    assert len(lists_report.pages["index"]) >= 2
    assert sum(1 for kind, _ in lists_report.lines if kind == "index") > 60


def test_no_folio_touches_its_entry(lists_report: Report) -> None:
    bad = lists_report.too_close()
    assert not bad, "\n".join(f"p. {line.page} ({kind}): gap {line.gap:.1f} pt: {line.text()}" for kind, line in bad)


def test_table_of_contents_folios_share_one_right_edge(lists_report: Report) -> None:
    for side, edges in lists_report.toc_edges().items():
        assert edges and max(edges) - min(edges) <= EDGE_TOLERANCE, (side, sorted(edges))


def test_index_leaders_end_on_the_column_edge(lists_report: Report) -> None:
    """A leader fills its line: the locators it leads to end on one right edge in each column."""
    edges = lists_report.index_edges()
    assert len(edges) >= 4
    for key, values in edges.items():
        assert max(values) - min(values) <= EDGE_TOLERANCE, (key, sorted(values))


if __name__ == "__main__":
    print(summary(measure(Path(sys.argv[1]))))
