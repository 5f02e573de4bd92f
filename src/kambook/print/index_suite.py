"""« Rituel (suite) »: an index entry whose sub-entries run on into the next column or page says so there.

A reader who lands at the top of a column on « formalisation » cannot tell which entry it belongs to. Books
repeat the heading, followed by « (suite) ». WeasyPrint cannot generate that line at a column break, so the
layout worker does it: after laying the index out, it finds the first entry split across two columns
between its sub-entries (``first_split``), splits that entry in the HTML at that sub-entry, the second part
headed « Heading (suite) » (``split_entry``), and lays the index out again; each split pushes later entries
down a line, so the next break is only found on the new layout. ``lay_out_with_suites`` repeats this until
no entry runs on unmarked.
"""

from __future__ import annotations

import re
from typing import Any, Callable, Iterator

from .floats import _element_end

INDEX_CLASS = "book-index"
SUITE = " <i>(suite)</i>"
_ENTRY_LIST = '<ul class="index-list">'


def lay_out_with_suites(html: str, render: Callable[[str], Any], rounds: int = 12) -> Any:
    """Lay the unit out; if it holds the book's index, mark every entry that runs on (at most ``rounds``
    more layouts)."""
    laid_out = render(html)
    if f'class="back-matter {INDEX_CLASS}"' not in html:
        return laid_out
    for _ in range(rounds):
        split = first_split(laid_out[0].pages)
        if split is None:
            break
        changed = split_entry(html, *split)
        if changed == html:
            break
        html = changed
        laid_out = render(html)
    return laid_out


# -- finding the entry that runs on (in the laid-out index) --------------------------------------------------


def first_split(pages: list[Any]) -> tuple[int, int] | None:
    """(entry ordinal in the index, sub-entries before the break) of the first entry that continues, past
    its heading, into the next column; None when every continuation is marked."""
    entries: list[Any] = []  # entry elements in index order
    previous_last = None
    for column in _columns(pages):
        boxes = list(_entry_boxes(column))
        if not boxes:
            continue
        first = boxes[0]
        if previous_last is not None and first.element is previous_last.element:
            split = _sub_entries_before(first, previous_last)
            if split is not None:
                ordinal = _ordinal(entries, first.element, pages)
                if ordinal is not None:
                    return ordinal, split
        previous_last = boxes[-1]
    return None


def _columns(pages: list[Any]) -> Iterator[Any]:
    """The index's column boxes, page after page, left to right."""
    for page in pages:
        for box in _walk(page._page_box):
            element = getattr(box, "element", None)
            classes = (element.get("class") or "").split() if element is not None else []
            if "index-columns" in classes and any(
                    getattr(c, "element", None) is element for c in getattr(box, "children", [])):
                yield from sorted((c for c in box.children if getattr(c, "element", None) is element),
                                  key=lambda c: c.position_x)


def _walk(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", []):
        if type(child).__name__ not in ("LineBox", "TextBox", "InlineBox"):
            yield from _walk(child)


def _entry_boxes(column: Any) -> Iterator[Any]:
    """The boxes of top-level entries (``ul.index-list > li``) in a column."""
    for child in column.children:
        if getattr(child, "element_tag", None) == "ul":
            yield from (li for li in child.children if getattr(li, "element_tag", None) == "li")


def _sub_entries_before(continued: Any, before_break: Any) -> int | None:
    """How many sub-entries stayed in the previous column, when the part of the entry in this column
    begins with a whole sub-entry or the « Voir aussi »; None when it begins inside a line of text."""
    subs = [child for child in continued.element if child.tag == "ul"]
    sub_entries = list(subs[0]) if subs else []
    child = continued.children[0] if continued.children else None
    if getattr(child, "element_tag", None) == "ul":
        first = next((li for li in child.children if getattr(li, "element_tag", None) == "li"), None)
        if first is None or first.element not in sub_entries or first.element in _sub_elements(before_break):
            return None  # a sub-entry itself runs on: not a break between sub-entries
        return sub_entries.index(first.element)
    if getattr(child, "element_tag", None) == "span" and sub_entries:
        return len(sub_entries)  # only the « Voir aussi » ran on
    return None


def _sub_elements(entry_box: Any) -> list[Any]:
    return [li.element for child in entry_box.children if getattr(child, "element_tag", None) == "ul"
            for li in child.children if getattr(li, "element_tag", None) == "li"]


def _ordinal(entries: list[Any], element: Any, pages: list[Any]) -> int | None:
    """The entry's position among all top-level entries of the index, in document order."""
    if not entries:
        seen: set[int] = set()
        for column in _columns(pages):
            for box in _entry_boxes(column):
                if id(box.element) not in seen:
                    seen.add(id(box.element))
                    entries.append(box.element)
    return next((i for i, e in enumerate(entries) if e is element), None)


# -- splitting the entry (in the HTML) -----------------------------------------------------------------------


def split_entry(html: str, ordinal: int, before: int) -> str:
    """The index HTML with entry ``ordinal`` cut after ``before`` sub-entries, the rest headed « (suite) »."""
    start = html.find(f'class="back-matter {INDEX_CLASS}"')
    count = 0
    for entry_start, entry_end in _entries(html, start):
        if count == ordinal:
            return html[:entry_start] + _split(html[entry_start:entry_end], before) + html[entry_end:]
        count += 1
    return html


def _entries(html: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each top-level entry of the index, in order."""
    position = html.find(_ENTRY_LIST, start)
    while position >= 0:
        end = _element_end(html, position)
        inner = position + len(_ENTRY_LIST)
        while True:
            item = re.compile(r"\s*<li\b").match(html, inner)
            if item is None or item.end() > end:
                break
            item_start = item.end() - 3
            inner = _element_end(html, item_start)
            yield item_start, inner
        position = html.find(_ENTRY_LIST, end)


def _split(entry: str, before: int) -> str:
    head_start = entry.find('<span class="ix-head">')
    if head_start < 0:
        return entry
    head = entry[head_start:_element_end(entry, head_start)]
    body_end = len(entry) - len("</li>")
    sub_start = entry.find("<ul>")
    if sub_start >= 0:
        sub_end = _element_end(entry, sub_start)
        items = _items(entry[sub_start + len("<ul>"):sub_end - len("</ul>")])
        lead, tail = entry[:sub_start], entry[sub_end:body_end]
    else:
        see = entry.find('<span class="ix-see">')
        if see < 0:
            return entry
        items, lead, tail = [], entry[:see], entry[see:body_end]
    if before > len(items) or (before == len(items) and not tail.strip()):
        return entry
    kept = lead + (f"<ul>{''.join(items[:before])}</ul>" if before else "") + "</li>"
    rest = (f"<ul>{''.join(items[before:])}</ul>" if before < len(items) else "") + tail
    opening = re.sub(r'class="[^"]*"', 'class="ix-cont"', entry[:entry.find(">") + 1], count=1)
    return f"{kept}\n{opening}{head[:-len('</span>')]}{SUITE}</span>{rest}</li>"


def _items(html: str) -> list[str]:
    """The ``<li>`` elements of a list's inner HTML, each with the whitespace before it."""
    items, position = [], 0
    while (item := re.compile(r"\s*<li\b").match(html, position)) is not None:
        end = _element_end(html, item.end() - len("<li"))
        items.append(html[position:end])
        position = end
    return items
