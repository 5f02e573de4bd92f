"""The preflight rules: each a small function that adds findings to a ``PdfDocument`` and returns its facts.

A rule adds one finding per problem, naming the page when there is one, and a single ``ok`` finding when it
found nothing, so the report shows every rule that ran. Sizes are reported in millimetres because that is
how ``book.yaml`` and the printer speak.
"""

from __future__ import annotations

import math
from collections import defaultdict

from .document import PdfDocument
from .scan import Box, PageScan, intersects, is_rgb, mm

BOX_TOLERANCE_MM = 0.1
COVER_TOLERANCE_MM = 0.2
PPI_WARNING = 300
PPI_FAILURE = 200
UNRESOLVED = "??"
#: A mark painted within this distance inside the trim (points) is a hairline at the edge, not content.
EDGE_PT = 0.5


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'s' * (number != 1)}"


def _size(box: Box) -> tuple[float, float]:
    return (mm(box[2] - box[0]), mm(box[3] - box[1]))


def _fmt(size: tuple[float, float]) -> str:
    return f"{size[0]:.1f} × {size[1]:.1f} mm"


def _close(size: tuple[float, float], expected: tuple[float, float], tolerance: float) -> bool:
    return abs(size[0] - expected[0]) <= tolerance and abs(size[1] - expected[1]) <= tolerance


def page_count(doc: PdfDocument, signature: int) -> dict:
    """Printers fold sheets into signatures: a page count that does not fill the last one is padded by them."""
    before, count = len(doc.findings), len(doc.pages)
    missing = (-count) % signature if signature > 0 else 0
    if missing:
        doc.add("signature", "failure", f"{count} pages do not fill {signature}-page signatures: add {missing} "
                f"blank page{'s' * (missing > 1)} to reach {count + missing}")
    doc.ok_unless("signature", before, f"{count} pages = {count // max(signature, 1)} signatures of {signature}")
    return {"pages": count, "signature": signature, "missing_for_signature": missing}


def boxes(doc: PdfDocument, trim_mm: tuple[float, float], bleed_mm: float) -> dict:
    """TrimBox and BleedBox on every page, the bleed the same on every side and inside the MediaBox."""
    before = len(doc.findings)
    bleed_size = (trim_mm[0] + 2 * bleed_mm, trim_mm[1] + 2 * bleed_mm)
    for number in range(1, len(doc.pages) + 1):
        trim, bleed, media = (doc.box(number, k) for k in ("/TrimBox", "/BleedBox", "/MediaBox"))
        if trim is None:
            doc.add("boxes", "failure", "no TrimBox: the printer cannot know where to cut", number)
        elif not _close(_size(trim), trim_mm, BOX_TOLERANCE_MM):
            doc.add("boxes", "failure", f"TrimBox is {_fmt(_size(trim))}, expected {_fmt(trim_mm)}", number)
        if bleed is None:
            doc.add("boxes", "failure", "no BleedBox: the printer cannot see the bleed", number)
        elif not _close(_size(bleed), bleed_size, BOX_TOLERANCE_MM):
            doc.add("boxes", "failure", f"BleedBox is {_fmt(_size(bleed))}, expected {_fmt(bleed_size)} "
                    f"(trim + 2 × {bleed_mm:g} mm bleed)", number)
        elif trim is not None and (sides := _bleed_sides(trim, bleed)) and \
                any(abs(side - bleed_mm) > BOX_TOLERANCE_MM for side in sides):
            doc.add("boxes", "failure", "bleed is " + "/".join(f"{s:.1f}" for s in sides) +
                    f" mm (left/bottom/right/top), expected {bleed_mm:g} mm on every side", number)
        if bleed is not None and media is not None and not _contains(media, bleed):
            doc.add("boxes", "failure", "BleedBox extends beyond the MediaBox: the bleed is cut off", number)
    first = doc.box(1, "/TrimBox") if doc.pages else None
    doc.ok_unless("boxes", before, f"TrimBox {_fmt(trim_mm)} and BleedBox {_fmt(bleed_size)} on every page")
    return {"trim_mm": _rounded(_size(first)) if first else None,
            "bleed_box_mm": _rounded(_size(b)) if doc.pages and (b := doc.box(1, "/BleedBox")) else None,
            "media_box_mm": _rounded(_size(doc.box(1, "/MediaBox"))) if doc.pages else None}


def _bleed_sides(trim: Box, bleed: Box) -> tuple[float, float, float, float]:
    return (mm(trim[0] - bleed[0]), mm(trim[1] - bleed[1]), mm(bleed[2] - trim[2]), mm(bleed[3] - trim[3]))


def _contains(outer: Box, inner: Box) -> bool:
    slack = 0.01
    return (outer[0] <= inner[0] + slack and outer[1] <= inner[1] + slack and outer[2] >= inner[2] - slack
            and outer[3] >= inner[3] - slack)


def _rounded(values: tuple[float, ...]) -> list[float]:
    return [round(v, 2) for v in values]


def fonts(doc: PdfDocument) -> list[dict]:
    """A font not embedded is replaced by whatever the RIP has: reflowed, wrong glyphs, rejected by printers."""
    before = len(doc.findings)
    for font in doc.fonts:
        if not font.embedded:
            pages = font.pages
            where = f"page {pages[0]}" if len(pages) == 1 else f"{len(pages)} pages, first {pages[0]}"
            doc.add("fonts", "failure", f"font {font.name} ({font.kind}) is not embedded ({where})", pages[0])
    doc.ok_unless("fonts", before, f"{_count(len(doc.fonts), 'font')}, all embedded")
    return [{"name": f.name, "type": f.kind, "embedded": f.embedded, "subset": f.subset, "object": f.object_id,
             "pages": _ranges(f.pages)} for f in doc.fonts]


def _ranges(pages: list[int]) -> str:
    """``1-4,7``: a font on 300 pages stays one short line in the JSON."""
    runs: list[list[int]] = []
    for page in sorted(set(pages)):
        if runs and page == runs[-1][1] + 1:
            runs[-1][1] = page
        else:
            runs.append([page, page])
    return ",".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def colours(doc: PdfDocument, cmyk: bool) -> dict:
    """In a CMYK workflow every RGB object is converted by someone else's rules: a failure naming it."""
    before = len(doc.findings)
    by_space: dict[str, list[int]] = defaultdict(list)
    for number, scan in enumerate(doc.scans, 1):
        for space in scan.colour_spaces:
            by_space[space].append(number)
        for problem in scan.problems:
            doc.add("colour-spaces", "warning", problem, number)
        if cmyk:
            _rgb_objects(doc, number, scan)
    rgb_pages = sorted({p for space, pages in by_space.items() if is_rgb(space) for p in pages})
    doc.ok_unless("colour-spaces", before, "colour spaces used: " + ", ".join(sorted(by_space)) if by_space
                  else "no colour painted")
    return {"by_space": {space: _ranges(pages) for space, pages in sorted(by_space.items())},
            "rgb_pages": _ranges(rgb_pages)}


def _rgb_objects(doc: PdfDocument, number: int, scan: PageScan) -> None:
    trim = doc.trim_or_media(number)
    seen: set[tuple[str, str]] = set()
    for paint in scan.paints:
        if not is_rgb(paint.colour_space) or (paint.what, paint.colour_space) in seen:
            continue
        seen.add((paint.what, paint.colour_space))
        outside = paint.area is not None and not intersects(paint.area, trim)
        note = " (outside the trim: printer's marks or bleed)" if outside else ""
        doc.add("colour-spaces", "failure", f"{paint.colour_space} in the print file: {paint.what}{note}", number)


def resolution(doc: PdfDocument, judge: bool = True) -> list[dict]:
    """Effective ppi at the placed size: what the plate gets, whatever the file's nominal dpi says."""
    before = len(doc.findings)
    facts: list[dict] = []
    for number, scan in enumerate(doc.scans, 1):
        seen: set[tuple] = set()
        for image in scan.images:
            ppi = image.ppi
            low = min(ppi)
            key = (image.name, round(ppi[0]), round(ppi[1]))
            if key in seen:
                continue
            seen.add(key)
            facts.append({"page": number, "image": image.name, "pixels": [image.width_px, image.height_px],
                          "placed_mm": _rounded((mm(image.width_pt), mm(image.height_pt))),
                          "ppi": [round(v) if math.isfinite(v) else None for v in ppi],
                          "colour_space": image.colour_space})
            if not judge or low >= PPI_WARNING:
                continue
            level = "failure" if low < PPI_FAILURE else "warning"
            limit = PPI_FAILURE if level == "failure" else PPI_WARNING
            doc.add("resolution", level, f"{image.name} ({image.width_px} × {image.height_px} px) placed at "
                    f"{_fmt((mm(image.width_pt), mm(image.height_pt)))}: {ppi[0]:.0f} × {ppi[1]:.0f} ppi, "
                    f"under {limit}", number)
    count = _count(len(facts), "image placement")
    verdict = f"all at {PPI_WARNING} ppi or more" if judge else "resolution is not judged on screen"
    doc.ok_unless("resolution", before, (f"{count}, {verdict}" if judge else f"{count} ({verdict})")
                  if facts else "no raster image")
    return facts


def output_intent(doc: PdfDocument, cmyk: bool) -> dict | None:
    """Without an output intent the printer guesses the press condition the colours were prepared for."""
    before = len(doc.findings)
    intent = doc.output_intent
    if intent is None:
        doc.add("output-intent", "failure", "no /OutputIntents in the catalog (PDF/X needs the press condition)")
    elif intent["profile_components"] is None:
        doc.add("output-intent", "failure", "the output intent has no /DestOutputProfile ICC profile")
    elif cmyk and intent["profile_components"] != 4:
        doc.add("output-intent", "failure", f"the output intent profile has {intent['profile_components']} "
                "components; a CMYK print workflow needs a CMYK profile")
    doc.ok_unless("output-intent", before, f"output intent {intent['condition'] or intent['info']!r}"
                  if intent else "")
    return intent


def metadata(doc: PdfDocument, level: str = "failure") -> dict:
    """Title and author in the Info dictionary and in XMP: printers and distributors file the book by them."""
    before = len(doc.findings)
    data = doc.metadata
    for key, what in (("title", "Info /Title"), ("author", "Info /Author")):
        if not data[key].strip():
            doc.add("metadata", level, f"no {what}")
    if not data["xmp"]:
        doc.add("metadata", level, "no XMP metadata stream in the catalog")
    elif not data["xmp_title"].strip():
        doc.add("metadata", level, "the XMP metadata has no dc:title")
    doc.ok_unless("metadata", before, f"title {data['title']!r}, author {data['author']!r}, XMP with dc:title")
    return data


def unresolved(doc: PdfDocument) -> list[int]:
    """« ?? » is what an unresolved cross-reference prints: it must never reach paper."""
    before = len(doc.findings)
    pages = []
    for number, text in enumerate(doc.texts, 1):
        at = text.find(UNRESOLVED)
        if at < 0:
            continue
        pages.append(number)
        context = " ".join(text[max(0, at - 30):at + 32].split())
        doc.add("unresolved", "failure", f"« ?? » in the text: “{context}”", number)
    doc.ok_unless("unresolved", before, "no « ?? » in the text")
    return pages


def is_blank(doc: PdfDocument, number: int) -> bool:
    """Nothing for a reader inside the trim: no text, no image, no ink (white boxes and marks do not count)."""
    scan = doc.scans[number - 1]
    if scan.glyphs or scan.images:
        return False
    x0, y0, x1, y1 = doc.trim_or_media(number)
    live = (x0 + EDGE_PT, y0 + EDGE_PT, x1 - EDGE_PT, y1 - EDGE_PT)
    return not any(p.marks_paper and not p.white and intersects(p.area, live) for p in scan.paints)


def blank_pages(doc: PdfDocument, signature: int) -> dict:
    """Blank pages are normal as signature padding at the end or as a verso before a right-hand opening.

    The last page may carry a colophon, so padding is the run of blank pages ending at the last page or
    just before it. More padding than a signature can need means a whole signature of nothing.
    """
    before = len(doc.findings)
    count = len(doc.pages)
    blank = {n for n in range(1, count + 1) if is_blank(doc, n)}
    end = count if count in blank else count - 1
    padding: list[int] = []
    while end in blank:
        padding.insert(0, end)
        end -= 1
    verso = sorted(n for n in blank - set(padding) if n % 2 == 0 and n + 1 <= count and n + 1 not in blank)
    other = sorted(blank - set(padding) - set(verso))
    if signature > 0 and len(padding) > signature - 1:
        doc.add("blank-pages", "failure", f"{len(padding)} blank pages at the end (pages {_ranges(padding)}): "
                f"{signature}-page signatures never need more than {signature - 1}", padding[0])
    for number in other:
        doc.add("blank-pages", "warning", "blank page that is neither padding at the end nor a left-hand page "
                "before an opening", number)
    doc.ok_unless("blank-pages", before, f"{_count(len(blank), 'blank page')}, all accounted for" if blank
                  else "no blank page")
    return {"blank": _ranges(sorted(blank)), "padding_at_end": _ranges(padding),
            "verso_before_opening": _ranges(verso), "unaccounted": _ranges(other)}


def cover_geometry(doc: PdfDocument, trim_mm: tuple[float, float], bleed_mm: float, expected_spine_mm: float,
                   spine_mm_used: float | None) -> dict:
    """The cover wraps the book: back + spine + front with bleed; the spine must match the interior's bulk."""
    if not doc.pages:
        doc.add("cover-size", "failure", "the cover has no page")
        return {}
    before = len(doc.findings)
    if len(doc.pages) != 1:
        doc.add("cover-size", "warning", f"{len(doc.pages)} pages; the printer expects one sheet")
    page_box = doc.box(1, "/BleedBox") or doc.box(1, "/MediaBox")
    size = _size(page_box)
    expected = (2 * trim_mm[0] + expected_spine_mm + 2 * bleed_mm, trim_mm[1] + 2 * bleed_mm)
    if not _close(size, expected, COVER_TOLERANCE_MM):
        doc.add("cover-size", "failure", f"cover is {_fmt(size)} with bleed, expected {_fmt(expected)} "
                f"(2 × {trim_mm[0]:g} mm + spine {expected_spine_mm:.2f} mm + 2 × {bleed_mm:g} mm bleed)", 1)
    trim = doc.box(1, "/TrimBox")
    if trim is None:
        doc.add("cover-size", "failure", "no TrimBox on the cover", 1)
    doc.ok_unless("cover-size", before, f"cover {_fmt(size)} with bleed")
    measured = (_size(trim)[0] if trim else size[0] - 2 * bleed_mm) - 2 * trim_mm[0]
    return _spine(doc, measured, expected_spine_mm, spine_mm_used) | {"size_mm": _rounded(size),
                                                                       "expected_size_mm": _rounded(expected)}


def _spine(doc: PdfDocument, measured: float, expected: float, used: float | None) -> dict:
    before = len(doc.findings)
    if abs(measured - expected) > COVER_TOLERANCE_MM:
        doc.add("spine", "failure", f"the cover's spine is {measured:.2f} mm; the interior's page count needs "
                f"{expected:.2f} mm", 1)
    if used is not None and abs(used - expected) > COVER_TOLERANCE_MM:
        doc.add("spine", "failure", f"the cover was built for a {used:.2f} mm spine; the interior's page count "
                f"needs {expected:.2f} mm (rebuild the cover after the interior)", 1)
    doc.ok_unless("spine", before, f"spine {measured:.2f} mm matches the interior ({expected:.2f} mm)")
    return {"spine_mm": round(measured, 2), "expected_spine_mm": round(expected, 2),
            "spine_mm_used": round(used, 2) if used is not None else None}


def screen_boxes(doc: PdfDocument) -> None:
    """The screen edition is read on a screen: bleed and crop marks there are only a white frame."""
    before = len(doc.findings)
    for number in range(1, len(doc.pages) + 1):
        media, trim = doc.box(number, "/MediaBox"), doc.trim_or_media(number)
        if media and not _close(_size(media), _size(trim), BOX_TOLERANCE_MM):
            doc.add("screen-boxes", "warning", f"page is {_fmt(_size(media))} but trimmed to {_fmt(_size(trim))}: "
                    "bleed or marks in the screen edition", number)
    doc.ok_unless("screen-boxes", before, "no bleed or marks")


def links(doc: PdfDocument) -> dict:
    """Internal links of the screen edition must land somewhere: a named destination that exists."""
    before = len(doc.findings)
    names = set(doc.reader.named_destinations)
    internal = external = 0
    for number, page in enumerate(doc.pages, 1):
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            if annotation.get("/Subtype") != "/Link":
                continue
            action = annotation.get("/A")
            action = action.get_object() if action is not None else {}
            target = annotation.get("/Dest", action.get("/D"))
            if action.get("/S") == "/URI":
                external += 1
            elif target is not None:
                internal += 1
                target = target.get_object()
                if isinstance(target, str) and target not in names:
                    doc.add("links", "failure", f"link to {target!r}, which names no destination", number)
    doc.ok_unless("links", before, f"{_count(internal, 'internal link')} resolved, {_count(external, 'external link')}")
    if not doc.reader.outline:
        doc.add("links", "warning", "no outline (bookmarks) for navigation")
    return {"internal": internal, "external": external, "outline": bool(doc.reader.outline)}
