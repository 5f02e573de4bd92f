"""Press rules: what a printer's prepress rejects beyond boxes, fonts and colour spaces.

Annotations and actions in a print file, marks in the bleed or drawn through transparency, registration
colour inside the trim, text screened instead of solid black, type too small to print. Same convention as
``rules``: one finding per problem with its page, one ``ok`` when the rule found nothing.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict

from pypdf.generic import ArrayObject, DictionaryObject

from .document import PdfDocument
from .rules import _count, _ranges
from .scan import (
    CMYK_SPACES,
    GRAY_SPACES,
    SUBSET_TAG,
    Box,
    Paint,
    intersects,
    is_rgb,
    mm,
)

#: Boxes and content are written with a few decimals: a mark starting exactly at the bleed edge touches it.
ROUNDING_PT = 0.01
#: Printer's marks must keep this far from the trim (and outside the bleed) so no trace survives the cut.
MARK_CLEARANCE_MM = 3.0
#: A component at or above this is full ink: four of them in CMYK is registration colour.
FULL_INK = 0.99
#: Smallest type that prints cleanly, and for reversed type (light on ink), which fills in sooner.
MIN_TYPE_PT = 6.5
MIN_REVERSED_PT = 7.5
#: Annotations a print file may carry: they are instructions to the printer, not content.
PRINTER_ANNOTATIONS = {"/PrinterMark", "/TrapNet"}


def annotations(doc: PdfDocument) -> dict:
    """Links, fields and scripts mean nothing on paper and PDF/X forbids them: a RIP may reject the file."""
    before = len(doc.findings)
    totals: Counter[str] = Counter()
    pages: list[int] = []
    for number, page in enumerate(doc.pages, 1):
        found: Counter[str] = Counter()
        _actions(page.get("/A"), found)
        _additional_actions(page.get("/AA"), found)
        for annotation in _resolve(page.get("/Annots")) or []:
            annotation = _resolve(annotation)
            if not isinstance(annotation, DictionaryObject):
                continue
            subtype = str(annotation.get("/Subtype", "/unknown"))
            if subtype not in PRINTER_ANNOTATIONS:
                found[f"{subtype[1:].lower()} annotation"] += 1
            _actions(annotation.get("/A"), found)
            _additional_actions(annotation.get("/AA"), found)
        if found:
            pages.append(number)
            doc.add("annotations", "failure", f"{_listing(found)}: {_forbidden(doc)}", number)
        totals.update(found)
    for place, found in _document_actions(doc).items():
        if found:
            doc.add("annotations", "failure", f"{place}: {_listing(found)}: {_forbidden(doc)}")
            totals.update(found)
    doc.ok_unless("annotations", before, "no annotations or actions")
    return {"pages": _ranges(pages), "counts": dict(sorted(totals.items()))}


def _document_actions(doc: PdfDocument) -> dict[str, Counter[str]]:
    """Actions outside the pages: on opening, in the outline, document scripts. A destination array is fine."""
    root = doc.reader.trailer["/Root"]
    places: dict[str, Counter[str]] = defaultdict(Counter)
    open_action = _resolve(root.get("/OpenAction"))
    if isinstance(open_action, DictionaryObject):
        _actions(open_action, places["open action"])
    _additional_actions(root.get("/AA"), places["document additional actions"])
    for item in _outline_items(root):
        _actions(item.get("/A"), places["outline"])
        _additional_actions(item.get("/AA"), places["outline"])
    names = _resolve(root.get("/Names"))
    if isinstance(names, DictionaryObject) and names.get("/JavaScript") is not None:
        places["document scripts (/Names /JavaScript)"]["JavaScript name tree"] += 1
    return places


def _resolve(value: object) -> object:
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def _actions(action: object, found: Counter[str]) -> None:
    """Count an action and those chained after it (``/Next``) by type: ``URI action``, ``JavaScript action``."""
    pending, seen = [action], set()
    while pending:
        item = _resolve(pending.pop())
        if isinstance(item, ArrayObject):
            pending.extend(item)
        elif isinstance(item, DictionaryObject) and id(item) not in seen:
            seen.add(id(item))
            found[f"{str(item.get('/S', '/unknown'))[1:]} action"] += 1
            pending.append(item.get("/Next"))


def _additional_actions(triggers: object, found: Counter[str]) -> None:
    triggers = _resolve(triggers)
    if isinstance(triggers, DictionaryObject):
        for action in triggers.values():
            _actions(action, found)


def _outline_items(root: DictionaryObject) -> list[DictionaryObject]:
    outlines = _resolve(root.get("/Outlines"))
    pending = [outlines.get("/First")] if isinstance(outlines, DictionaryObject) else []
    items: list[DictionaryObject] = []
    seen: set[int] = set()
    while pending:
        item = _resolve(pending.pop())
        if isinstance(item, DictionaryObject) and id(item) not in seen:
            seen.add(id(item))
            items.append(item)
            pending.extend((item.get("/Next"), item.get("/First")))
    return items


def _listing(found: Counter[str]) -> str:
    """``14 link annotations, 2 URI actions``: annotations first, then actions."""
    order = sorted(found.items(), key=lambda item: (not item[0].endswith("annotation"), item[0]))
    return ", ".join(_count(number, noun) for noun, number in order)


def _forbidden(doc: PdfDocument) -> str:
    pdfx = doc.metadata["pdfx"]
    return f"{pdfx} forbids them in a print file" if pdfx else "a print file carries no annotations or actions"


def bleed_zone(doc: PdfDocument) -> dict:
    """Between the trim and the bleed edge only artwork running off the page may print: the cut goes there.

    Bleed artwork reaches inside the trim; a paint entirely outside the trim is a mark, which belongs beyond
    the bleed, clear of the trim, and in solid ink (flattening transparency can break up a hairline).
    """
    before = len(doc.findings)
    marks = 0
    for number, scan in enumerate(doc.scans, 1):
        trim, bleed = _page_box(doc, number, "/TrimBox"), _page_box(doc, number, "/BleedBox")
        live, bleed = _inset(trim, ROUNDING_PT), _inset(bleed, ROUNDING_PT)
        problems: dict[tuple[str, str], _Marks] = defaultdict(_Marks)
        for paint in scan.paints:
            if paint.white or paint.area is None or not paint.marks_paper or intersects(paint.area, live):
                continue
            marks += 1
            gap, name = mm(_gap(paint.area, trim)), _mark_name(paint.what)
            if intersects(paint.area, bleed):
                problems[("in the bleed", name)].add(paint, gap)
            elif round(gap, 1) < MARK_CLEARANCE_MM:
                problems[("too close", name)].add(paint, gap)
            if paint.transparent:
                problems[("transparency", name)].add(paint, gap)
        for (kind, name), found in problems.items():
            doc.add("bleed-zone", "failure", found.message(kind, name), number)
    doc.ok_unless("bleed-zone", before, f"{_count(marks, 'mark')} outside the trim, all beyond the bleed, "
                  f"≥ {MARK_CLEARANCE_MM:g} mm from the trim, in solid ink" if marks else "nothing painted in the "
                  "bleed but artwork running off the page")
    return {"marks_outside_trim": marks}


class _Marks:
    """The marks of one object found with one problem on one page: a fill and a stroke of a path are one mark."""

    def __init__(self) -> None:
        self.areas: set[Box] = set()
        self.nearest = math.inf
        self.transparency: set[str] = set()

    def add(self, paint: Paint, gap: float) -> None:
        self.areas.add(paint.area)
        self.nearest = min(self.nearest, gap)
        self.transparency.update([f"opacity {paint.alpha:g}"] * (paint.alpha < 1) + ["soft mask"] * paint.soft_mask
                                 + ["transparency group"] * paint.group)

    def message(self, kind: str, name: str) -> str:
        count = len(self.areas)
        rule = f"marks must start outside the bleed, ≥ {MARK_CLEARANCE_MM:g} mm from the trim"
        if kind == "in the bleed":
            return (f"{name}: {_count(count, 'mark')} in the bleed, {self.nearest:.1f} mm from the trim, not bleed "
                    f"artwork (nothing of it reaches inside the trim); {rule}")
        if kind == "too close":
            marks = "mark" if count == 1 else f"{count} marks, the nearest"
            return f"{name}: {marks} {self.nearest:.1f} mm from the trim; {rule}"
        return (f"{name}: {_count(count, 'mark')} drawn through transparency ({', '.join(sorted(self.transparency))})"
                ": a RIP flattens them and fine lines break up; draw marks in solid ink, outside any transparency "
                "group")


def _mark_name(what: str) -> str:
    """The fill and the stroke of one path are one mark: name them together."""
    for painted in ("vector fill", "vector stroke"):
        if what.endswith(painted):
            return what[:-len(painted)] + "vector paths"
    return what


def _page_box(doc: PdfDocument, number: int, key: str) -> Box:
    """A box with PDF's defaults: TrimBox and BleedBox fall back to the CropBox, which falls back to the MediaBox."""
    return doc.box(number, key) or doc.box(number, "/CropBox") or doc.trim_or_media(number)


def _inset(box: Box, by: float) -> Box:
    return (box[0] + by, box[1] + by, box[2] - by, box[3] - by)


def _gap(area: Box, trim: Box) -> float:
    """Distance in points from a painted area to the trim rectangle (0 when they touch)."""
    dx = max(trim[0] - area[2], area[0] - trim[2], 0.0)
    dy = max(trim[1] - area[3], area[1] - trim[3], 0.0)
    return math.hypot(dx, dy)


def registration(doc: PdfDocument) -> dict:
    """Registration colour puts every ink on the sheet: right for crop marks, a 400 % blot inside the page."""
    before = len(doc.findings)
    pages: list[int] = []
    for number, scan in enumerate(doc.scans, 1):
        trim = _page_box(doc, number, "/TrimBox")
        found: Counter[tuple[str, str]] = Counter()
        for paint in scan.paints:
            ink = _registration_ink(paint)
            if ink and paint.marks_paper and intersects(paint.area, trim):
                found[(paint.what, ink)] += 1
        for (what, ink), count in found.items():
            times = f" ({count} times)" if count > 1 else ""
            doc.add("registration", "failure", f"{what} in registration colour {ink}{times}: registration is for "
                    "printer's marks outside the trim", number)
        pages += [number] * bool(found)
    doc.ok_unless("registration", before, "no registration colour inside the trim")
    return {"pages": _ranges(pages)}


def _registration_ink(paint: Paint) -> str | None:
    """``C=M=Y=K=100 %: 400 % ink`` when the paint is in registration colour, else ``None``."""
    values = paint.values
    if paint.colour_space in CMYK_SPACES and len(values) == 4 and min(values) >= FULL_INK:
        same = max(values) - min(values) < 0.005
        label = f"C=M=Y=K={values[0] * 100:.0f} %" if same else \
            "C {:.0f} M {:.0f} Y {:.0f} K {:.0f} %".format(*(v * 100 for v in values))
        return f"{label}: {sum(values) * 100:.0f} % ink"
    if paint.colour_space == "Separation(All)" and (not values or values[0] > 0.005):
        return f"Separation All at {(values[0] if values else 1) * 100:.0f} %: ink on every plate"
    return None


def text_black(doc: PdfDocument) -> dict:
    """Grey text is screened into dots, ragged at reading size; rich black must register four inks per glyph."""
    before = len(doc.findings)
    pages: list[int] = []
    for number, scan in enumerate(doc.scans, 1):
        found: dict[tuple[str, str, bool], tuple[str, set[str]]] = {}
        for paint in scan.paints:
            problem = _text_colour(paint) if paint.text_pt is not None else None
            if problem is not None:
                key = (*problem, paint.where != "")
                found.setdefault(key, (paint.where, set()))[1].add(_font_name(paint.font))
        for (kind, colour, artwork), (where, fonts) in found.items():
            level = "warning" if artwork and kind == "tint" else "failure"
            advice = "screened on press" if kind == "tint" else "four inks must register on every glyph"
            doc.add("text-black", level, f"{where}{colour} in {', '.join(sorted(fonts))}: {advice}; set text in "
                    "100 % K", number)
        pages += [number] * bool(found)
    doc.ok_unless("text-black", before, "text in solid black or in colour, no grey tint or rich black")
    return {"pages": _ranges(pages)}


def _text_colour(paint: Paint) -> tuple[str, str] | None:
    """``("tint", "text at 92 % K (DeviceCMYK 0 0 0 0.92)")``, ``("rich", …)`` or ``None`` for good text."""
    values, space = paint.values, paint.colour_space
    written = f"{space} {' '.join(f'{v:g}' for v in values)}"
    if space in CMYK_SPACES and len(values) == 4:
        c, m, y, k = values
        if max(c, m, y) <= 0 and 0 < k < 0.995:
            return "tint", f"text at {k * 100:.0f} % K ({written})"
        if max(c, m, y) > 0 and k >= 0.9:
            kind = "registration colour" if min(values) >= FULL_INK else "rich black"
            return "rich", f"text in {kind} ({written})"
    if space in GRAY_SPACES and len(values) == 1 and 0.005 < values[0] < 0.999:
        return "tint", f"text at {(1 - values[0]) * 100:.0f} % black ({written})"
    return None


def _font_name(font: str) -> str:
    return SUBSET_TAG.sub("", font) or "an unnamed font"


def type_size(doc: PdfDocument) -> dict:
    """Hairlines of type under 6.5 pt break up on press; reversed type (light on ink) fills in under 7.5 pt."""
    before = len(doc.findings)
    smallest: tuple[float, int | None] = (math.inf, None)
    for number, scan in enumerate(doc.scans, 1):
        found: dict[tuple[str, str, float, bool], str] = {}
        for paint in scan.paints:
            if not paint.text_pt:  # not text, or text at size 0, which paints nothing
                continue
            size = round(paint.text_pt, 1)
            smallest = min(smallest, (size, number), key=lambda s: s[0])
            light = _light(paint)
            if size < (MIN_REVERSED_PT if light else MIN_TYPE_PT):
                found.setdefault((paint.where, paint.font, size, light), paint.sample)
        for (where, font, size, light), sample in found.items():
            quoted = f" (“{sample}”)" if sample else ""
            why = (f"under {MIN_REVERSED_PT:g} pt, the minimum for reversed type (light text out of ink), which "
                   "fills in on press") if light else f"under {MIN_TYPE_PT:g} pt, too small to print cleanly"
            doc.add("type-size", "failure", f"{where}text at {size:.1f} pt in {_font_name(font)}{quoted}: {why}",
                    number)
    doc.ok_unless("type-size", before, f"smallest text {smallest[0]:.1f} pt (page {smallest[1]})" if smallest[1]
                  else "no text")
    return {"min_pt": smallest[0] if smallest[1] else None, "min_page": smallest[1]}


def _light(paint: Paint) -> bool:
    """A light fill on text means it is reversed out of a darker background (white type on colour)."""
    values, space = paint.values, paint.colour_space
    if paint.white:
        return True
    if space in CMYK_SPACES and len(values) == 4:
        return values[3] < 0.3 and sum(values[:3]) < 0.3
    if space in GRAY_SPACES and len(values) == 1:
        return values[0] >= 0.7
    return is_rgb(space) and len(values) == 3 and min(values) >= 0.7
