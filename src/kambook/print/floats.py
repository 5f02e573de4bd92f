"""Figures, tables and encadrés placed as a typesetter places them: the text runs on, the float follows.

WeasyPrint keeps a figure whole (``break-inside: avoid``) and has no page floats: when a figure does not fit
at the foot of a page it moves to the next page and the text waits, leaving a hole of up to 40 % of the page
(issue #12). So each unit is laid out, measured and, where needed, laid out again with its floats moved:

- ``holes`` finds each page that ends more than ``SHORT_LINES`` lines short because the float opening the
  next page did not fit, and counts the blocks after the float which would fill that space;
- ``place_floats`` moves the float after them in the HTML (``data-moved`` records how far), and
  ``lay_out_placing_floats`` repeats that in the layout worker until no float leaves a hole;
- the moves join the layout loop's layout as ``float <id>`` → blocks (``FLOAT_KEY``), so the next pass,
  whose page numbers differ, starts with the floats already placed and lays each unit out once.

A float only moves forward, past running text (paragraphs, lists, quotations) and subsection headings with
their text — never past a section heading, another float or the end of a unit — so it keeps its number and
stays within a page or so of its first mention; its references follow it like any other « p. N ». Moves only
grow, so the placement ends.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from ..text.markup import element_end

#: Layout entries that are not anchors: ``float tab-jalons`` → paragraphs the float was moved past.
FLOAT_KEY = "float "
#: A page may end this many body lines short before a float without moving it.
SHORT_LINES = 3
#: Never move a float past more paragraphs than this.
MAX_MOVE = 8
_LINE_PX = 14 * 4 / 3  # the body's 14 pt leading, in CSS px

_FLOATS = ("figure", "aside")
_FLOWING = ("p", "ul", "ol", "dl", "blockquote")
#: Subsection headings a float may pass, always with the text they introduce; never a section's ``h2``.
_MINOR_HEADINGS = ("h3", "h4")
_CONTAINERS = ("html", "body", "section", "article", "div", "main")


def moves_of(layout: dict[str, int] | None) -> dict[str, int]:
    """The float moves a layout carries, by float id."""
    return {k[len(FLOAT_KEY):]: v for k, v in (layout or {}).items() if k.startswith(FLOAT_KEY)}


def merge_moves(layout: dict[str, int], found: Iterable[tuple[str, int]]) -> None:
    """Add the moves a pass found to ``layout``: each float's move only ever grows."""
    for ident, paragraphs in found:
        key = FLOAT_KEY + ident
        layout[key] = min(MAX_MOVE, max(layout.get(key, 0), paragraphs))


# -- moving a float in the HTML ------------------------------------------------------------------------


def place_floats(html: str, layout: dict[str, int] | None) -> str:
    """The print HTML with every float of ``layout`` moved past its paragraphs, marked ``data-moved``."""
    for ident, paragraphs in sorted(moves_of(layout).items()):
        html = _move(html, ident, paragraphs)
    return html


def _move(html: str, ident: str, paragraphs: int) -> str:
    """Move the float ``ident`` so that it follows ``paragraphs`` blocks of those after its place in the
    manuscript; a float already moved (``data-moved``) moves on from where it stands."""
    at = html.find(f' id="{ident}"')
    start = html.rfind("<", 0, at)
    tag = re.match(r"<([a-zA-Z0-9]+)", html[start:])
    if at < 0 or tag is None or tag.group(1) not in _FLOATS:
        return html
    end = element_end(html, start)
    opening = html[start:end]
    already = re.search(r' data-moved="(\d+)"', opening)
    done = int(already.group(1)) if already else 0
    position, passed = end, done
    while passed < paragraphs:
        following = re.compile(r"\s*<([a-zA-Z0-9]+)\b").match(html, position)
        if following is None or following.group(1) not in (*_FLOWING, *_MINOR_HEADINGS):
            break
        position = element_end(html, following.end(1) - len(following.group(1)) - 1)
        passed += 1
    if passed == done:
        return html
    if already:
        opening = opening.replace(already.group(0), f' data-moved="{passed}"', 1)
    else:
        opening = opening.replace(f' id="{ident}"', f' id="{ident}" data-moved="{passed}"', 1)
    return html[:start] + html[end:position] + opening + html[position:]


# -- measuring holes in a laid-out document (in a layout worker) -----------------------------------------


def lay_out_placing_floats(html: str, render: Callable[[str], Any], rounds: int = 3) -> tuple[Any, dict[str, int]]:
    """Lay a unit out, moving its floats until none leaves a hole (at most ``rounds`` more layouts): the
    document, and the moves (float id → blocks passed) for the loop's next pass to start from."""
    moves: dict[str, int] = {}
    laid_out = render(html)
    for _ in range(rounds):
        before = dict(moves)
        merge_moves(moves, holes(laid_out[0].pages))
        if moves == before:
            break
        html = place_floats(html, moves)
        laid_out = render(html)
    return laid_out, moves_of(moves)


def holes(pages: list[Any]) -> list[tuple[str, int]]:
    """(float id, paragraphs to move it past) for each page of a WeasyPrint document that ends short
    because the float opening the next page did not fit."""
    found = []
    for page, following in zip(pages, pages[1:]):
        root = page._page_box.children[0] if page._page_box.children else None
        first, parent = _first_block(following._page_box)
        if root is None or first is None or not _starts_here(first, following):
            continue
        bottom = root.position_y + root.margin_height()
        hole = bottom - _content_bottom(root)
        if hole <= SHORT_LINES * _LINE_PX:
            continue
        paragraphs = _paragraphs_to_fill(parent.children[1:], hole)
        if paragraphs:
            moved = int(first.element.get("data-moved") or 0)
            found.append((first.element.get("id"), moved + paragraphs))
    return found


def _first_block(page_box) -> tuple[Any, Any]:
    """The first block of the page's flow, under the html/body/section containers, and its container."""
    parent, box = page_box, page_box.children[0] if page_box.children else None
    while box is not None and getattr(box, "element_tag", None) in _CONTAINERS and box.children:
        parent, box = box, box.children[0]
    return box, parent


def _starts_here(box, page) -> bool:
    """A float that opens this page, whole (not the rest of one begun on the page before)."""
    element = getattr(box, "element", None)
    return (getattr(box, "element_tag", None) in _FLOATS and element is not None and element.get("id") is not None
            and element.get("id") in page.anchors)


def _content_bottom(box) -> float:
    """The lowest border edge of the flow content on a page (containers stretch to the page foot)."""
    if getattr(box, "element_tag", None) in _CONTAINERS and getattr(box, "children", None):
        return max((_content_bottom(child) for child in box.children), default=box.position_y)
    return box.border_box_y() + box.border_height()


def _paragraphs_to_fill(siblings: list[Any], hole: float) -> int:
    """How many siblings after the float would fill ``hole``: running text (a paragraph may split across
    the page), and subsection headings with the text after them."""
    filled, count, usable = 0.0, 0, 0
    for sibling in siblings:
        tag = getattr(sibling, "element_tag", None)
        if tag not in (*_FLOWING, *_MINOR_HEADINGS):
            break
        count += 1
        filled += sibling.margin_height()
        if tag in _FLOWING:
            usable = count
            if filled >= hole:
                break
    return usable
