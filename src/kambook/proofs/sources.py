"""Which manuscript lines a changed page came from: the sources of the two rounds, diffed line by line, each
change placed on the changed page whose words it shares most (within its own document's pages)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from .compare import ProofDiff

_WORD = re.compile(r"\w+", re.U)


@dataclass
class Hunk:
    source: str
    line: int  # first line in the new source (1-based); for a deletion, the line after it
    was: str
    now: str
    pages: tuple[int, ...] = ()  # new page indexes it was placed on

    @property
    def where(self) -> str:
        return f"{self.source}:{self.line}"


def source_hunks(old: dict[str, str], new: dict[str, str]) -> list[Hunk]:
    hunks = []
    for source in sorted(set(old) | set(new)):
        before, after = old.get(source, "").splitlines(), new.get(source, "").splitlines()
        if before == after:
            continue
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
            if tag != "equal":
                hunks.append(Hunk(source, j1 + 1, "\n".join(before[i1:i2]), "\n".join(after[j1:j2])))
    return hunks


def place_hunks(diff: ProofDiff, hunks: list[Hunk]) -> None:
    """Name on each changed page the lines that changed it; pages of other documents are never named."""
    changed = [p for p in diff.pages if p.status == "changed" and p.new is not None]
    ranges = _document_pages(diff)
    for hunk in hunks:
        words = _words(_difference(hunk.was, hunk.now))
        context = _words(hunk.now or hunk.was)
        candidates = [p for p in changed if hunk.source not in ranges or p.new in ranges[hunk.source]]
        best, score = None, 0.0
        for page in candidates:
            page_words = _words(" ".join(f"{was} {now}" for was, now in page.words))
            shared = len(words & page_words) + 0.01 * len(context & _words(" ".join(
                w.text for w in diff.new.pages[page.new].words)))
            if shared > score:
                best, score = page, shared
        if best is not None:
            hunk.pages = (best.new,)
            best.lines.append(hunk.where)
    diff.hunks = hunks


def _difference(was: str, now: str) -> str:
    """The words that differ between two versions of a few lines."""
    a, b = _WORD.findall(was), _WORD.findall(now)
    out = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag != "equal":
            out += a[i1:i2] + b[j1:j2]
    return " ".join(out)


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)}


def _document_pages(diff: ProofDiff) -> dict[str, set[int]]:
    new = diff.new
    starts = sorted((new.anchors[d["anchor"]], d["source"]) for d in new.documents if d["anchor"] in new.anchors)
    ranges: dict[str, set[int]] = {}
    for (start, source), (end, _) in zip(starts, starts[1:] + [(len(new.pages), "")]):
        ranges.setdefault(source, set()).update(range(start, max(end, start + 1)))
    return ranges
