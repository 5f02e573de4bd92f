"""The last pass over a print file (interior or cover) before the printer sees it.

WeasyPrint writes a PDF/X-4 that a prepress check still stops: links and actions in a file that is only
ever printed, crop marks drawn inside the bleed through a transparency group, a home-made output
condition and a ``proof`` rendition class. This pass, on the written file (pikepdf, i.e. qpdf), removes
every annotation and action, draws the crop marks itself outside the BleedBox on an enlarged MediaBox,
names the registered characterisation of the output intent, sets the version PDF/X-4 is built on and
derives the file's ids from its content so the same sources give the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from ..pdfx import COLOR_ORG, X4_VERSION, registered_in
from .pdfwalk import opened, stream_mode

PT_PER_MM = 72 / 25.4
#: Marks start this far beyond the bleed edge, so no mark ever reaches the bleed artwork.
MARK_OFFSET_MM = 3.0
MARK_LENGTH_MM = 5.0
MARK_WIDTH_PT = 0.25
#: White paper kept around the marks' far ends.
SLUG_MM = 1.0
DOCUMENT_ID = re.compile(rb"(xmp\.did:|uuid:)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
RENDITION = re.compile(rb"<xmpMM:RenditionClass>[^<]*</xmpMM:RenditionClass>")
#: Actions a print file never carries (the catalog's and pages' additional actions, JavaScript).
ACTION_KEYS = ("/AA", "/OpenAction")


@dataclass(frozen=True)
class PressOptions:
    bleed_mm: float
    crop_marks: bool
    output_condition: str | None = None  # registered name; read from the profile's description when None


def finish_for_press(source: Path | pikepdf.Pdf, target: Path, options: PressOptions) -> None:
    """Rewrite ``source`` (as WeasyPrint wrote it, or as the units' merge left it) to ``target``, ready for
    a PDF/X-4 preflight."""
    with opened(source) as pdf:
        for page in pdf.pages:
            _strip_interaction(page.obj)
            if options.crop_marks:
                _draw_crop_marks(pdf, page, options.bleed_mm)
        _strip_catalog_actions(pdf)
        _name_output_condition(pdf, options.output_condition)
        _settle_xmp(pdf)
        pdf.save(target, force_version=X4_VERSION, deterministic_id=True, object_stream_mode=stream_mode(source))


def _strip_interaction(page: pikepdf.Dictionary) -> None:
    """Links, widgets and page actions have no meaning on paper, and PDF/X-4 preflights reject them."""
    for key in ("/Annots", "/AA"):
        if key in page:
            del page[key]


def _strip_catalog_actions(pdf: pikepdf.Pdf) -> None:
    root = pdf.Root
    for key in ACTION_KEYS:
        if key in root:
            del root[key]
    names = root.get("/Names")
    if names is not None and "/JavaScript" in names:
        del names["/JavaScript"]
    outline = root.get("/Outlines")
    item = outline.get("/First") if outline is not None else None
    _outline_without_actions(item)


def _outline_without_actions(item: pikepdf.Object | None) -> None:
    """Bookmarks stay (a plain destination is no action); an action on one is replaced by nothing."""
    while item is not None:
        for key in ("/A", "/AA"):
            if key in item:
                del item[key]
        _outline_without_actions(item.get("/First"))
        item = item.get("/Next")


def _draw_crop_marks(pdf: pikepdf.Pdf, page: pikepdf.Page, bleed_mm: float) -> None:
    """Eight hairlines in registration colour beyond the bleed, with paper enough around them.

    The page content is wrapped in ``q … Q`` first, because WeasyPrint leaves its flip matrix in force
    at the end of the stream. No transparency is involved: a RIP draws the marks as they are.
    """
    trim = [float(v) for v in page.obj.TrimBox]
    x0, y0, x1, y1 = min(trim[0], trim[2]), min(trim[1], trim[3]), max(trim[0], trim[2]), max(trim[1], trim[3])
    start = (bleed_mm + MARK_OFFSET_MM) * PT_PER_MM
    end = start + MARK_LENGTH_MM * PT_PER_MM
    reach = end + SLUG_MM * PT_PER_MM
    lines = []
    for x, dx in ((x0, -1), (x1, 1)):
        for y, dy in ((y0, -1), (y1, 1)):
            lines.append(f"{x + dx * start:.3f} {y:.3f} m {x + dx * end:.3f} {y:.3f} l S")
            lines.append(f"{x:.3f} {y + dy * start:.3f} m {x:.3f} {y + dy * end:.3f} l S")
    marks = "\n".join(["Q", "q", f"{MARK_WIDTH_PT} w 0 J []0 d", "1 1 1 1 K", *lines, "Q", ""])
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(marks.encode("ascii")), prepend=False)
    media = pikepdf.Array([x0 - reach, y0 - reach, x1 + reach, y1 + reach])
    page.obj.MediaBox = media
    if "/CropBox" in page.obj:
        page.obj.CropBox = media


def output_condition_name(profile_description: str, declared: str | None) -> str | None:
    """The registered name: what ``book.yaml`` declares, else what the profile's description says."""
    if declared:
        return declared
    return registered_in(profile_description)


def _name_output_condition(pdf: pikepdf.Pdf, declared: str | None) -> None:
    """A RIP matches the press condition by its registered name, not by the words of a description."""
    for intent in pdf.Root.get("/OutputIntents", []):
        description = str(intent.get("/Info", "") or intent.get("/OutputConditionIdentifier", ""))
        name = output_condition_name(description, declared)
        if name is None:
            continue  # not a registered condition: the preflight says so, with what to declare
        intent.OutputConditionIdentifier = pikepdf.String(name)
        intent.RegistryName = pikepdf.String(COLOR_ORG)
        intent.OutputCondition = pikepdf.String(description or name)
        intent.Info = pikepdf.String(description or name)


def _settle_xmp(pdf: pikepdf.Pdf) -> None:
    """The press file is the final rendition, and its XMP ids come from its content, not from chance."""
    metadata = pdf.Root.get("/Metadata")
    if metadata is None:
        return
    packet = RENDITION.sub(b"<xmpMM:RenditionClass>default</xmpMM:RenditionClass>", metadata.read_bytes())
    digest = hashlib.sha256(DOCUMENT_ID.sub(rb"\g<1>0", packet))
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        for stream in contents if isinstance(contents, pikepdf.Array) else [contents]:
            if stream is not None:
                digest.update(stream.read_raw_bytes())
    document_id = str(uuid.UUID(bytes=digest.digest()[:16], version=4)).encode()
    metadata.write(DOCUMENT_ID.sub(lambda m: m.group(1) + document_id, packet))
