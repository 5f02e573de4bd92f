"""The three files handed over — interior, cover, screen edition — and the rules each must pass.

``run_preflight`` is what ``kambook check`` calls; the ``check_*`` functions are usable alone (tests, a
single file) and fill an optional ``facts`` dict with what they measured.
"""

from __future__ import annotations

import concurrent.futures as futures
import multiprocessing
from pathlib import Path

from pypdf.errors import PdfReadError

from ..aside import die_with_parent
from ..bookblock import spine_width_mm as spine_width
from ..errors import relpath
from . import conformance, press, rules
from .access import accessibility
from .document import PdfDocument
from .epub import check_epub, start_epubcheck
from .glyphs import glyphs
from .ink import ink_coverage
from .onix import check_onix
from .report import Finding, PreflightReport


def _open(pdf: Path, label: str | None, facts: dict) -> PdfDocument | list[Finding]:
    """The document, or the one failure saying why it cannot be checked at all."""
    name = label or Path(pdf).name
    if not Path(pdf).is_file():
        return [Finding("file", "failure", name, None, "file not found")]
    try:
        doc = PdfDocument(Path(pdf), name)
        facts["pages"] = len(doc.pages)
    except (PdfReadError, OSError, ValueError) as exc:
        return [Finding("file", "failure", name, None, f"not a readable PDF: {exc}")]
    facts["file"] = name
    return doc


def _page_facts(doc: PdfDocument) -> list[dict]:
    return [{"page": n, "colour_spaces": scan.colour_spaces, "images": len(scan.images), "text": bool(scan.glyphs),
             "blank": rules.is_blank(doc, n)} for n, scan in enumerate(doc.scans, 1)]


def _press(doc: PdfDocument, facts: dict) -> None:
    """What a printer's prepress rejects in any print file, book block or cover alike."""
    facts["pdf_version"] = conformance.pdf_version(doc)
    facts["output_condition"] = conformance.output_condition(doc)
    facts["glyphs"] = glyphs(doc)
    facts["ink_coverage"] = ink_coverage(doc)
    facts["annotations"] = press.annotations(doc)
    facts["bleed_zone"] = press.bleed_zone(doc)
    facts["registration"] = press.registration(doc)
    facts["text_black"] = press.text_black(doc)
    facts["type_size"] = press.type_size(doc)


def check_interior(pdf: Path, *, trim_mm: tuple[float, float], bleed_mm: float, signature: int, cmyk: bool = True,
                   facts: dict | None = None, label: str | None = None) -> list[Finding]:
    """Everything a printer checks in a book block, from signature fill to image resolution."""
    facts = {} if facts is None else facts
    doc = _open(pdf, label, facts)
    if isinstance(doc, list):
        return doc
    facts.update(rules.page_count(doc, signature))
    facts["boxes"] = rules.boxes(doc, trim_mm, bleed_mm)
    facts["fonts"] = rules.fonts(doc)
    facts["colour_spaces"] = rules.colours(doc, cmyk)
    facts["images"] = rules.resolution(doc)
    facts["output_intent"] = rules.output_intent(doc, cmyk)
    facts["metadata"] = rules.metadata(doc)
    facts["unresolved_pages"] = rules.unresolved(doc)
    facts["blank_pages"] = rules.blank_pages(doc, signature)
    _press(doc, facts)
    facts["page_details"] = _page_facts(doc)
    return doc.findings


def check_screen(pdf: Path, *, facts: dict | None = None, label: str | None = None) -> list[Finding]:
    """The screen edition: RGB is right here, so colours and resolution are facts; text, fonts and links are rules."""
    facts = {} if facts is None else facts
    doc = _open(pdf, label, facts)
    if isinstance(doc, list):
        return doc
    rules.screen_boxes(doc)
    facts["fonts"] = rules.fonts(doc)
    facts["colour_spaces"] = rules.colours(doc, cmyk=False)
    facts["images"] = rules.resolution(doc, judge=False)
    facts["metadata"] = rules.metadata(doc, level="warning")
    facts["unresolved_pages"] = rules.unresolved(doc)
    facts["links"] = rules.links(doc)
    facts["pdf_version"] = conformance.pdf_version(doc)
    facts["glyphs"] = glyphs(doc)
    facts["accessibility"] = accessibility(doc)
    return doc.findings


def check_cover(pdf: Path, *, interior_pages: int, expected_spine_mm: float, trim_mm: tuple[float, float],
                bleed_mm: float, spine_mm_used: float | None = None, cmyk: bool = True, facts: dict | None = None,
                label: str | None = None) -> list[Finding]:
    """The cover sheet: its size follows the trim and the spine, and it prints on the same press as the book."""
    facts = {} if facts is None else facts
    doc = _open(pdf, label, facts)
    if isinstance(doc, list):
        return doc
    facts["interior_pages"] = interior_pages
    facts["geometry"] = rules.cover_geometry(doc, trim_mm, bleed_mm, expected_spine_mm, spine_mm_used)
    facts["fonts"] = rules.fonts(doc)
    facts["colour_spaces"] = rules.colours(doc, cmyk)
    facts["images"] = rules.resolution(doc)
    facts["output_intent"] = rules.output_intent(doc, cmyk)
    facts["unresolved_pages"] = rules.unresolved(doc)
    _press(doc, facts)
    return doc.findings


def _screen_with_facts(pdf: Path, label: str) -> tuple[list[Finding], dict]:
    facts: dict = {}
    return check_screen(pdf, facts=facts, label=label), facts


def run_preflight(interior: Path, cover: Path | None, screen: Path | None, *, trim_mm: tuple[float, float],
                  bleed_mm: float, signature: int, sheet_mm: float, spine_mm_used: float | None,
                  cmyk: bool = True, root: Path | None = None, epub: Path | None = None,
                  onix: Path | None = None) -> PreflightReport:
    """Check every produced file; ``root`` (the project) makes file names in the report relative and stable.

    The screen edition is checked in a second process while this one checks the press files: the rules
    are independent, and each reads every content stream of its file.
    """
    report = PreflightReport()

    def label(path: Path) -> str:
        return relpath(path, root) if root is not None else Path(path).name
    pool = futures.ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"),
                                       initializer=die_with_parent) if screen else None
    screen_check = pool.submit(_screen_with_facts, screen, label(screen)) if pool is not None else None
    epubcheck = start_epubcheck(epub) if epub is not None else None  # Java works while the PDFs are read
    try:
        interior_facts: dict = {}
        report.findings += check_interior(interior, trim_mm=trim_mm, bleed_mm=bleed_mm, signature=signature,
                                          cmyk=cmyk, facts=interior_facts, label=label(interior))
        report.facts["interior"] = interior_facts
        pages = interior_facts.get("pages")
        if cover is not None:
            cover_facts: dict = {}
            if pages is None:
                report.findings.append(Finding("spine", "failure", label(cover), None,
                                               "the interior cannot be read, so the spine cannot be checked"))
            else:
                report.findings += check_cover(cover, interior_pages=pages,
                                               expected_spine_mm=spine_width(pages, sheet_mm), trim_mm=trim_mm,
                                               bleed_mm=bleed_mm, spine_mm_used=spine_mm_used, cmyk=cmyk,
                                               facts=cover_facts, label=label(cover))
            report.facts["cover"] = cover_facts
            if "pages" in cover_facts:  # both files read: they must be made for the same press
                cover_doc = PdfDocument(Path(cover), label(cover))
                report.facts["press_identity"] = conformance.same_press_identity(PdfDocument(Path(interior)),
                                                                                 cover_doc)
                report.findings += cover_doc.findings
        if screen_check is not None:
            findings, report.facts["screen"] = screen_check.result()
            report.findings += findings
        if epub is not None:
            epub_facts: dict = {}
            report.findings += check_epub(epub, epubcheck, screen, label(epub), epub_facts)
            report.facts["epub"] = epub_facts
        if onix is not None:
            onix_facts: dict = {}
            report.findings += check_onix(onix, interior, label(onix), onix_facts)
            report.facts["onix"] = onix_facts
    finally:
        if pool is not None:
            pool.shutdown(cancel_futures=True)
        if epubcheck is not None and epubcheck.poll() is None:
            epubcheck.kill()
    report.facts["settings"] = {"trim_mm": list(trim_mm), "bleed_mm": bleed_mm, "signature": signature,
                                "sheet_mm": sheet_mm, "cmyk": cmyk}
    return report
