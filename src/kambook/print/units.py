"""The print document cut into units, each laid out as a document of its own.

Every part, chapter and back-matter section opens on a recto, so nothing flows across the cut
(``print.document.UNIT_MARK``): a unit laid out alone gives the pages it gives inside the whole book,
provided it is told what the book would have told it — the folio of its first page, how many parts came
before (« Partie III » in the outline), and the part named in the running head of a chapter's pages.
Links to other units leave as ``kambook-anchor:`` URIs, which the merge turns back into destinations.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass

from .document import UNIT_MARK

ANCHOR_URI = "kambook-anchor:"
ID = re.compile(r'\sid="([^"]+)"')
HREF = re.compile(r'href="#([^"]+)"')
PART_SECTION = re.compile(r'<section class="part[\s"]')
CHAPTER_OPENING = re.compile(r'\s*<section class="chapter[\s"]')
#: Headings whose ``string-set`` names the part in running heads (print.css: part titles, back matter).
PART_STRING = re.compile(r'<h1 class="(?:part-title|matter-title)[^"]*" data-running="([^"]*)"')
FRONT_MATTER_TITLE = re.compile(r'<section class="front-matter')
MODIFIED = re.compile(r'<meta name="dcterms\.modified" content="[^"]*">')
CREATED = re.compile(r'<meta name="dcterms\.created" content="([^"]*)">')


@dataclass(frozen=True)
class Unit:
    body: str
    ids: frozenset[str]
    first_id: str
    parts: int  # part sections in the unit, for the ``part`` counter of the units after it
    part_string: str | None  # the running-head part name the unit leaves set
    opens_chapter: bool


@dataclass(frozen=True)
class Split:
    head: str  # up to and including <body>, with a fixed modification date
    units: tuple[Unit, ...]
    tail: str


def split_units(html: str) -> Split:
    opening = html.index("<body>") + len("<body>")
    closing = html.rindex("</body>")
    created = CREATED.search(html)
    # The real date is set on the merged file: a unit's bytes must not change with the clock.
    head = MODIFIED.sub(f'<meta name="dcterms.modified" content="{created.group(1) if created else ""}">',
                        html[:opening])
    units = []
    for chunk in html[opening:closing].split(UNIT_MARK):
        ids = [htmllib.unescape(i) for i in ID.findall(chunk)]
        if not chunk.strip():
            continue
        strings = [] if FRONT_MATTER_TITLE.search(chunk) else PART_STRING.findall(chunk)
        units.append(Unit(chunk, frozenset(ids), ids[0] if ids else "", len(PART_SECTION.findall(chunk)),
                          htmllib.unescape(strings[-1]) if strings else None, bool(CHAPTER_OPENING.match(chunk))))
    return Split(head, tuple(units), html[closing:])


def silent_last(split: Split) -> bool:
    """Whether laying out the last unit can change no other unit's text: no unit follows it, nothing links
    into it but to its opening (whose page is where the unit starts), and it holds no cross-reference of
    its own (whose « p. N » depends on the page it lands on). The book's index is such a unit."""
    if len(split.units) < 2:
        return False
    last = split.units[-1]
    if 'class="xref' in last.body:
        return False
    targets = {htmllib.unescape(name) for unit in split.units for name in HREF.findall(unit.body)}
    return not (last.ids - {last.first_id}) & targets


def unit_document(split: Split, index: int, folio: int) -> str:
    """The HTML of unit ``index`` alone, its first page numbered ``folio``."""
    unit = split.units[index]
    before = split.units[:index]
    parts = sum(u.parts for u in before)
    carried = next((u.part_string for u in reversed(before) if u.part_string is not None), None)
    rules = [f"@page :first {{ counter-reset: page {folio}; }}", f"body {{ counter-reset: part {parts}; }}"]
    if unit.opens_chapter and carried is not None:
        rules.append(f"html {{ string-set: part {_css_string(carried)}; }}")
    head = split.head.replace("</head>", f"<style>{' '.join(rules)}</style>\n</head>", 1)

    def outside(match: re.Match[str]) -> str:
        name = htmllib.unescape(match.group(1))
        return match.group(0) if name in unit.ids else f'href="{ANCHOR_URI}{match.group(1)}"'
    return head + HREF.sub(outside, unit.body) + split.tail


def _css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\a ") + '"'
