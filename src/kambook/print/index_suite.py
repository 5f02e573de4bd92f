"""« Rituel (suite) »: an index entry whose sub-entries run on into the next column or page says so there.

A reader who lands at the top of a column on « formalisation » cannot tell which entry it belongs to; books
repeat the heading, followed by « (suite) ». WeasyPrint cannot generate that line at a column break, so the
layout worker does it. A split is (entry, sub-entries before the break): the entry's heading is repeated
before the rest, in a ``li.ix-cont``. Each round lays the index out with a set of splits and keeps those
whose « (suite) » opens a column, drops the others (a line inserted earlier moved them) and adds one for
every entry that runs on unmarked; it ends when the set no longer changes.

The splits found join the layout loop's layout (``SUITE_KEY``) and come back to the worker in the index's
HTML (``mark_suites``), so the next pass and the printer's interior start from them and lay the index out
once when nothing moved.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from ..text.markup import element_end

INDEX_CLASS = "book-index"
SUITE = " <i>(suite)</i>"
#: Layout entries that are not anchors: ``suite 12:3`` → 1, entry 12 continued after 3 sub-entries.
SUITE_KEY = "suite "
_SECTION = f'class="back-matter {INDEX_CLASS}"'
_ENTRY_LIST = '<ul class="index-list">'
_MARK = re.compile(r"<!-- kambook:suites ([0-9: ]*) -->")

Split = tuple[int, int]


def suites_of(layout: dict[str, int] | None) -> set[Split]:
    found = set()
    for key in layout or ():
        if key.startswith(SUITE_KEY):
            entry, _, kept = key[len(SUITE_KEY):].partition(":")
            found.add((int(entry), int(kept)))
    return found


def suite_entries(splits: set[Split]) -> dict[str, int]:
    return {f"{SUITE_KEY}{entry}:{kept}": 1 for entry, kept in splits}


def mark_suites(html: str, layout: dict[str, int] | None) -> str:
    """The print HTML with the splits of ``layout`` written into the index, for its worker to start from."""
    splits = suites_of(layout)
    at = html.find(_SECTION)
    if not splits or at < 0:
        return html
    end = html.find(">", at) + 1
    listed = " ".join(f"{entry}:{kept}" for entry, kept in sorted(splits))
    return f"{html[:end]}<!-- kambook:suites {listed} -->{html[end:]}"


def without_suites(html: str) -> str:
    """The HTML without the splits written for the index's worker (``mark_suites``)."""
    return _MARK.sub("", html)


def lay_out_with_suites(html: str, render: Callable[[str], Any], rounds: int = 6) -> tuple[Any, set[Split]]:
    """Lay the unit out; if it holds the book's index, with every entry that runs on marked (at most
    ``rounds`` layouts; none: with the splits it was given). Returns the layout and the splits it was made
    with."""
    if _SECTION not in html:
        return render(html), set()
    marked = _MARK.search(html)
    splits = {tuple(map(int, pair.split(":"))) for pair in marked.group(1).split()} if marked else set()
    original = number_entries(_MARK.sub("", html))
    if rounds == 0:
        return render(apply_splits(original, splits)), splits
    for _ in range(rounds):
        laid_out = render(apply_splits(original, splits))
        checked = check_splits(laid_out[0].pages)
        if checked == splits:
            break
        splits = checked
    else:
        laid_out = render(apply_splits(original, splits))
    return laid_out, splits


# -- the splits a layout asks for ----------------------------------------------------------------------------


def check_splits(pages: list[Any]) -> set[Split]:
    """The splits whose « (suite) » opens a column, and one for every entry that runs on unmarked."""
    splits: set[Split] = set()
    previous_last = None
    for column in _columns(pages):
        boxes = list(_entry_boxes(column))
        if not boxes:
            continue
        first, element = boxes[0], boxes[0].element
        entry = int(element.get("data-entry") or -1)
        kept = int(element.get("data-kept") or 0)
        if previous_last is not None and element is previous_last.element:
            more = _sub_entries_before(first, previous_last)
            if more is not None and entry >= 0:
                splits.add((entry, kept + more))
        elif "ix-cont" in (element.get("class") or "").split() and entry >= 0:
            splits.add((entry, kept))
        previous_last = boxes[-1]
    return splits


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
    """How many of the entry part's sub-entries stayed in the previous column, when its part in this column
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


# -- splitting entries (in the HTML) -------------------------------------------------------------------------


def number_entries(html: str) -> str:
    """Every top-level index entry numbered (``data-entry``), in index order."""
    start = html.find(_SECTION)
    if start < 0:
        return html
    pieces, position = [], 0
    for number, (entry_start, _) in enumerate(_entries(html, start)):
        opening = html.find(">", entry_start)
        pieces += [html[position:opening], f' data-entry="{number}"']
        position = opening
    return "".join(pieces) + html[position:]


def apply_splits(html: str, splits: set[Split]) -> str:
    """The numbered index with each entry cut at its splits, every part after a cut headed « (suite) »."""
    by_entry: dict[int, list[int]] = {}
    for entry, kept in splits:
        by_entry.setdefault(entry, []).append(kept)
    for entry in sorted(by_entry, reverse=True):
        at = html.find(f' data-entry="{entry}"')
        if at < 0:
            continue
        start = html.rfind("<li", 0, at)
        end = element_end(html, start)
        html = html[:start] + _split(html[start:end], entry, sorted(set(by_entry[entry]))) + html[end:]
    return html


def _entries(html: str, start: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each top-level entry of the index, in order."""
    position = html.find(_ENTRY_LIST, start)
    while position >= 0:
        end = element_end(html, position)
        inner = position + len(_ENTRY_LIST)
        while (item := re.compile(r"\s*<li\b").match(html, inner)) is not None and item.end() <= end:
            item_start = item.end() - len("<li")
            inner = element_end(html, item_start)
            yield item_start, inner
        position = html.find(_ENTRY_LIST, end)


def _split(entry_html: str, entry: int, cuts: list[int]) -> str:
    head_start = entry_html.find('<span class="ix-head">')
    if head_start < 0:
        return entry_html
    head = entry_html[head_start:element_end(entry_html, head_start)]
    body_end = len(entry_html) - len("</li>")
    sub_start = entry_html.find("<ul>")
    if sub_start >= 0:
        sub_end = element_end(entry_html, sub_start)
        items = _items(entry_html[sub_start + len("<ul>"):sub_end - len("</ul>")])
        lead, tail = entry_html[:sub_start], entry_html[sub_end:body_end]
    else:
        see = entry_html.find('<span class="ix-see">')
        if see < 0:
            return entry_html
        items, lead, tail = [], entry_html[:see], entry_html[see:body_end]
    cuts = [k for k in cuts if 0 <= k < len(items) or (k == len(items) and tail.strip())]
    if not cuts:
        return entry_html
    bounds = [0, *cuts, len(items)]
    parts = []
    for index, (low, high) in enumerate(zip(bounds, bounds[1:])):
        subs = f"<ul>{''.join(items[low:high])}</ul>" if high > low else ""
        last = tail if index == len(bounds) - 2 else ""
        if index == 0:
            parts.append(f"{lead}{subs}</li>")
        else:
            parts.append(f'<li class="ix-cont" data-entry="{entry}" data-kept="{low}">'
                         f"{head[:-len('</span>')]}{SUITE}</span>{subs}{last}</li>")
    return "\n".join(parts)


def _items(html: str) -> list[str]:
    """The ``<li>`` elements of a list's inner HTML, each with the whitespace before it."""
    items, position = [], 0
    while (item := re.compile(r"\s*<li\b").match(html, position)) is not None:
        end = element_end(html, item.end() - len("<li"))
        items.append(html[position:end])
        position = end
    return items
