"""Two printed states of the book, word by word: which pages changed, which only moved, which numbers followed.

Lines are aligned first (a paragraph nobody touched keeps its line breaks, so after an edit almost every
line still has its twin), then the words of the lines that differ: an edit in a paragraph marks the words
changed, not the lines it rewrapped. A page whose words all have twins on one old page is unchanged, or
only shifted when its folio differs; a page whose words came from two old pages was reflowed. Pages the
words call equal are still compared pixel by pixel, for figures and layout.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

from .pages import Box, PageText, read_pages, render_pages

#: Resolution of the pixel comparison: enough to see a figure redrawn or a rule moved, cheap for 400 pages.
PIXEL_DPI = 30
#: Above this many words, a block of changed lines is aligned with difflib's heuristic for long inputs.
_LONG = 4000


@dataclass
class Side:
    """One printed state: the PDF, its words, folios and anchors, and what its record knew."""

    pdf: Path
    pages: list[PageText]
    labels: list[str]
    anchors: dict[str, int]
    kinds: dict[str, str] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    documents: list[dict] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)
    name: str = ""

    @classmethod
    def read(cls, pdf: Path, meta: dict | None = None, sources: dict[str, str] | None = None,
             name: str = "") -> "Side":
        pages, labels, anchors = read_pages(pdf, keep=meta is not None)
        labels = labels if len(labels) == len(pages) else [str(i + 1) for i in range(len(pages))]
        meta = meta or {}
        return cls(pdf, pages, labels, anchors, meta.get("kinds", {}), meta.get("titles", {}),
                   meta.get("documents", []), sources or {}, name or pdf.name)

    def label(self, page: int | None) -> str:
        return self.labels[page] if page is not None and 0 <= page < len(self.labels) else "—"


@dataclass
class PageChange:
    new: int | None
    old: int | None
    status: str  # changed, renumbered, reflowed, shifted, unchanged
    new_marks: list[Box] = field(default_factory=list)
    old_marks: list[Box] = field(default_factory=list)
    words: list[tuple[str, str]] = field(default_factory=list)  # (was, now), "" for none
    pixels: Box | None = None  # where the page images differ, in points on the new page
    lines: list[str] = field(default_factory=list)  # the manuscript lines that caused it, "file:line"


@dataclass
class LocatorChange:
    anchor: str
    kind: str  # toc, reference, index, anchor
    title: str
    was: str
    now: str


@dataclass
class ProofDiff:
    old: Side
    new: Side
    pages: list[PageChange]
    locators: list[LocatorChange]
    documents: list[tuple[str, str, int, int]]  # (title, source, old pages, new pages) that grew or shrank
    hunks: list = field(default_factory=list)  # sources.Hunk

    def count(self, status: str) -> int:
        return sum(1 for page in self.pages if page.status == status)

    @property
    def references(self) -> int:
        return sum(1 for loc in self.locators if loc.kind == "reference")

    @property
    def same(self) -> bool:
        return not any(p.status not in ("unchanged",) for p in self.pages) and not self.locators \
            and len(self.old.pages) == len(self.new.pages)

    def summary(self) -> str:
        parts = [f"{self.count('changed')} page{'s' * (self.count('changed') != 1)} changed"]
        for status, word in (("reflowed", "reflowed"), ("shifted", "shifted"), ("renumbered", "with new page numbers")):
            if self.count(status):
                parts.append(f"{self.count(status)} {word}")
        refs = self.references
        parts.append(f"{refs} reference{'s' * (refs != 1)} renumbered")
        if len(self.old.pages) != len(self.new.pages):
            parts.append(f"{len(self.old.pages)} → {len(self.new.pages)} pages")
        return ", ".join(parts)


@dataclass
class _Token:
    page: int
    line: int
    index: int  # position among the page's body words
    text: str
    rest: tuple[int, int] | None = None  # (page, index) of the second half of a word hyphenated at a line's end


#: What a comparison ignores in a word: hyphens, since PDFium cannot tell « rendez-vous » cut at its
#: hyphen from a word hyphenated by the layout (a hyphen added or taken out inside a word goes unseen).
_HYPHENS = str.maketrans("", "", "-\u2010\u2011")


def _tokens(side: Side) -> tuple[list[_Token], list[tuple[int, int]], list[str]]:
    """The body's words in reading order, a hyphenated word's halves as one (the second half belongs to
    the first's line, even across a page break)."""
    tokens: list[_Token] = []
    spans, texts = [], []
    line_number = 0
    joined: set[tuple[int, int]] = set()  # second halves already taken
    places = [(p, i) for p, page in enumerate(side.pages) for i in range(len(page.words))]
    following = dict(zip(places, places[1:]))
    for page_index, page in enumerate(side.pages):
        count = 0
        for line in page.lines:
            start = len(tokens)
            for word in line:
                place = (page_index, count)
                count += 1
                if place in joined:
                    continue
                rest = following.get(place) if word.hyphen else None
                text = word.text
                if rest is not None:
                    joined.add(rest)
                    text += side.pages[rest[0]].words[rest[1]].text
                tokens.append(_Token(page_index, line_number, place[1], text, rest))
            spans.append((start, len(tokens)))
            texts.append(" ".join(t.text for t in tokens[start:]).translate(_HYPHENS))
            line_number += 1
    return tokens, spans, texts


def _boxes(side: Side, token: _Token) -> list[tuple[int, Box]]:
    """Where a token is printed: (page, box) of each half."""
    places = [(token.page, token.index)] + ([token.rest] if token.rest else [])
    return [(page, side.pages[page].words[index].box) for page, index in places]


def compare(old: Side, new: Side) -> ProofDiff:
    old_tokens, old_spans, old_lines = _tokens(old)
    new_tokens, new_spans, new_lines = _tokens(new)
    twin: dict[int, int] = {}  # new token → old token
    edits: list[tuple[list[int], list[int], int]] = []  # (old tokens, new tokens, new position) per edit
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_lines, new_lines, autojunk=False).get_opcodes():
        a0, a1 = (old_spans[i1][0], old_spans[i2 - 1][1]) if i2 > i1 else _between(old_spans, i1, len(old_tokens))
        b0, b1 = (new_spans[j1][0], new_spans[j2 - 1][1]) if j2 > j1 else _between(new_spans, j1, len(new_tokens))
        if tag == "equal":
            twin.update(zip(range(b0, b1), range(a0, a1)))
            continue
        a = [t.text.translate(_HYPHENS) for t in old_tokens[a0:a1]]
        b = [t.text.translate(_HYPHENS) for t in new_tokens[b0:b1]]
        matcher = SequenceMatcher(None, a, b, autojunk=len(a) + len(b) > _LONG)
        for sub, k1, k2, m1, m2 in matcher.get_opcodes():
            if sub == "equal":
                twin.update(zip(range(b0 + m1, b0 + m2), range(a0 + k1, a0 + k2)))
            else:
                edits.append((list(range(a0 + k1, a0 + k2)), list(range(b0 + m1, b0 + m2)), b0 + m1))
    edits = _moves(edits, old_tokens, new_tokens, twin)
    locators = _locators(old, new)
    pages = _pages(old, new, old_tokens, new_tokens, twin, edits, bool(locators))
    return ProofDiff(old, new, pages, locators, _documents(old, new))


def _moves(edits: list, old_tokens: list[_Token], new_tokens: list[_Token], twin: dict[int, int]) -> list:
    """Words taken out in one place and put back unchanged in another (a footnote that followed its call
    to the next page, a float that moved) are twins, not edits."""
    removed: dict[tuple[str, ...], list[int]] = {}
    for number, (old_ids, new_ids, _) in enumerate(edits):
        if old_ids and not new_ids and len(old_ids) >= 3:
            removed.setdefault(tuple(old_tokens[i].text for i in old_ids), []).append(number)
    gone: set[int] = set()
    for number, (old_ids, new_ids, _) in enumerate(edits):
        if new_ids and not old_ids and len(new_ids) >= 3:
            same = removed.get(tuple(new_tokens[i].text for i in new_ids))
            if same:
                match = same.pop(0)
                twin.update(zip(new_ids, edits[match][0]))
                gone |= {number, match}
    return [edit for number, edit in enumerate(edits) if number not in gone]


def _renumbering(was: str, now: str, moved: bool, pages: int) -> bool:
    """Whether a change only rewrites page numbers (a table of contents, an index, « (annexe C, p. 131) »): in
    a build whose locators moved, either numbers, ranges and leader dots on both sides, or the same words
    with other numbers; every number one a page of the book could bear."""
    if not moved or not all(int(n) <= pages for n in re.findall(r"[0-9]+", f"{was} {now}")):
        return False
    if re.fullmatch(r"[0-9ivxlcdm\s.,;()\-–]*", f"{was} {now}", re.I):
        return True
    return re.search(r"[0-9]", now) is not None and re.sub(r"[0-9]+", "#", was) == re.sub(r"[0-9]+", "#", now)


def _between(spans: list[tuple[int, int]], line: int, total: int) -> tuple[int, int]:
    """The empty token range where a line block of no lines sits."""
    at = spans[line][0] if line < len(spans) else total
    return at, at


def _pages(old: Side, new: Side, old_tokens: list[_Token], new_tokens: list[_Token], twin: dict[int, int],
           edits: list, moved: bool) -> list[PageChange]:
    changes = {index: PageChange(index, None, "unchanged") for index in range(len(new.pages))}
    edited: set[int] = set()
    for old_ids, new_ids, position in edits:
        was = " ".join(old_tokens[i].text for i in old_ids)
        now = " ".join(new_tokens[i].text for i in new_ids)
        at = new_tokens[min(position, len(new_tokens) - 1)].page if new_tokens else 0
        if new_ids:
            at = new_tokens[new_ids[0]].page
        elif position > 0 and (position >= len(new_tokens) or new_tokens[position].index == 0):
            at = new_tokens[position - 1].page  # a deletion at a page's end belongs to that page
        change = changes[at]
        if not _renumbering(was, now, moved, len(new.pages)):
            edited.add(at)
        change.words.append((was, now))
        for i in new_ids:
            for page, box in _boxes(new, new_tokens[i]):
                changes[page].new_marks.append(box)
        old_pages = Counter(old_tokens[i].page for i in old_ids)
        if old_pages:
            change.old = change.old if change.old is not None else old_pages.most_common(1)[0][0]
        for i in old_ids:
            change.old_marks += [box for page, box in _boxes(old, old_tokens[i]) if page == change.old]
    origins: dict[int, Counter] = {}
    for new_id, old_id in twin.items():
        origins.setdefault(new_tokens[new_id].page, Counter())[old_tokens[old_id].page] += 1
    old_counts = Counter(t.page for t in old_tokens)
    new_counts = Counter(t.page for t in new_tokens)
    offset = 0
    to_check: list[tuple[int, int]] = []
    for index in range(len(new.pages)):
        change = changes[index]
        came_from = origins.get(index, Counter())
        if came_from:
            main = came_from.most_common(1)[0][0]
            change.old = change.old if change.old is not None else main
            offset = index - main
        elif change.old is None and 0 <= index - offset < len(old.pages):
            change.old = index - offset
        if change.words:
            change.status = "changed" if index in edited else "renumbered"
            continue
        words = new_counts.get(index, 0)
        if len(came_from) > 1 or (words and old_counts.get(change.old, 0) != words):
            change.status = "reflowed"
            continue
        if change.old is None:
            change.status = "changed"  # a page with no counterpart: the book grew by it
            continue
        to_check.append((index, change.old))
        change.status = "shifted" if new.label(index) != old.label(change.old) else "unchanged"
    for index, where in _pixel_differences(old, new, to_check).items():
        changes[index].status, changes[index].pixels = "changed", where
    return [changes[i] for i in range(len(new.pages))]


def _pixel_differences(old: Side, new: Side, pairs: list[tuple[int, int]]) -> dict[int, Box]:
    """Pages whose words match but whose images differ outside the running heads and folios."""
    from PIL import ImageChops, ImageDraw, ImageFilter
    if not pairs:
        return {}
    new_images = render_pages(new.pdf, [n for n, _ in pairs], PIXEL_DPI, grey=True)
    old_images = render_pages(old.pdf, sorted({o for _, o in pairs}), PIXEL_DPI, grey=True)
    found = {}
    for index, was in pairs:
        a, b = old_images[was], new_images[index]
        if a.size != b.size:
            found[index] = (0.0, 0.0, new.pages[index].width, new.pages[index].height)
            continue
        difference = ImageChops.difference(a, b).point(lambda v: 255 if v > 48 else 0)
        band = round(b.height * 0.07)  # the furniture band of pages.FURNITURE
        draw = ImageDraw.Draw(difference)
        draw.rectangle((0, 0, b.width, band), fill=0)
        draw.rectangle((0, b.height - band, b.width, b.height), fill=0)
        # Anti-aliasing alone can set a one-pixel seam along an edge that did not move: a difference
        # counts from a few dozen pixels (a rule moved by a point is hundreds), and its box is drawn
        # around what survives a 3 px erosion when anything does.
        if difference.histogram()[255] < 40:
            continue
        box = difference.filter(ImageFilter.MinFilter(3)).getbbox() or difference.getbbox()
        if box:
            scale = 72 / PIXEL_DPI
            found[index] = tuple(round(v * scale, 1) for v in box)  # type: ignore[assignment]
    return found


def _locators(old: Side, new: Side) -> list[LocatorChange]:
    titles = {**new.titles, **{doc["anchor"]: doc["title"] for doc in new.documents}}
    changes = []
    for anchor, page in new.anchors.items():
        if anchor not in old.anchors:
            continue
        was, now = old.label(old.anchors[anchor]), new.label(page)
        if was != now:
            kind = new.kinds.get(anchor) or ("index" if "--ix" in anchor else "anchor")
            changes.append(LocatorChange(anchor, kind, titles.get(anchor, ""), was, now))
    return sorted(changes, key=lambda c: (new.anchors[c.anchor], c.anchor))


def _documents(old: Side, new: Side) -> list[tuple[str, str, int, int]]:
    def spans(side: Side) -> dict[str, int]:
        """A document ends where the next entry of the table of contents begins (a part, the glossary, the
        index…), the last one at the book's end: not at the blank pages that fill the last signature."""
        starts = {d["anchor"]: side.anchors[d["anchor"]] for d in side.documents if d["anchor"] in side.anchors}
        bounds = sorted({*starts.values(), *(side.anchors[a] for a, kind in side.kinds.items()
                                             if kind == "toc" and a in side.anchors)})
        last = max((i for i, page in enumerate(side.pages) if page.lines), default=len(side.pages) - 1) + 1
        return {anchor: next((b for b in bounds if b > start), last) - start for anchor, start in starts.items()}
    before, after = spans(old), spans(new)
    return [(d["title"], d["source"], before[d["anchor"]], after[d["anchor"]]) for d in new.documents
            if d["anchor"] in before and d["anchor"] in after and before[d["anchor"]] != after[d["anchor"]]]
