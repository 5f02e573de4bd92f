"""One PDF under preflight: read once, measured lazily, shared by every rule that looks at it."""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from pypdf import PdfReader

from .report import Finding, Level
from .scan import Box, FontInfo, PageScan, font_info, page_fonts, raw_box, scan_page

PDFX_VERSION = re.compile(rb"GTS_PDFXVersion>([^<]+)<")


class PdfDocument:
    """A produced PDF and the findings about it; ``label`` is how reports name the file (no absolute paths)."""

    def __init__(self, path: Path, label: str | None = None) -> None:
        self.path = Path(path)
        self.label = label or self.path.name
        self.reader = PdfReader(self.path)
        self.findings: list[Finding] = []

    def add(self, rule: str, level: Level, message: str, page: int | None = None) -> None:
        self.findings.append(Finding(rule, level, self.label, page, message))

    def ok_unless(self, rule: str, before: int, message: str) -> None:
        """Record that ``rule`` passed when it added nothing since ``before``: every rule shows in the report."""
        if not any(f.rule == rule for f in self.findings[before:]):
            self.add(rule, "ok", message)

    @cached_property
    def pages(self) -> list:
        return list(self.reader.pages)

    @cached_property
    def scans(self) -> list[PageScan]:
        return [scan_page(self.reader, page) for page in self.pages]

    @cached_property
    def texts(self) -> list[str]:
        """Page texts: pdfium when installed (an order of magnitude faster on a book), pypdf otherwise."""
        try:
            import pypdfium2 as pdfium
        except ImportError:
            return [page.extract_text() or "" for page in self.pages]
        document = pdfium.PdfDocument(str(self.path))
        try:
            texts = []
            for index in range(len(document)):
                page = document[index]
                textpage = page.get_textpage()
                texts.append(textpage.get_text_range())
                textpage.close()
                page.close()
            return texts
        finally:
            document.close()

    @cached_property
    def fonts(self) -> list[FontInfo]:
        """Each font object once, with every page that carries it (fonts inline in resources count per page)."""
        by_key: dict[object, FontInfo] = {}
        for number, page in enumerate(self.pages, 1):
            for ident, font, where in page_fonts(page):
                key = ident if ident is not None else (number, where)
                if key not in by_key:
                    by_key[key] = font_info(font, ident)
                by_key[key].pages.append(number)
        return list(by_key.values())

    def box(self, number: int, key: str) -> Box | None:
        return raw_box(self.pages[number - 1], key)

    def trim_or_media(self, number: int) -> Box:
        return self.box(number, "/TrimBox") or self.box(number, "/MediaBox") or (0.0, 0.0, 0.0, 0.0)

    @cached_property
    def output_intent(self) -> dict | None:
        intents = self.reader.trailer["/Root"].get("/OutputIntents")
        for intent in (intents.get_object() if intents is not None else []):
            intent = intent.get_object()
            profile = intent.get("/DestOutputProfile")
            profile = profile.get_object() if profile is not None else None
            return {
                "subtype": str(intent.get("/S", "")).lstrip("/"),
                "condition": str(intent.get("/OutputConditionIdentifier", "")),
                "info": str(intent.get("/Info", "")),
                "profile_components": int(profile.get("/N", 0)) if profile is not None else None,
            }
        return None

    @cached_property
    def xmp(self) -> bytes:
        stream = self.reader.trailer["/Root"].get("/Metadata")
        try:
            return stream.get_object().get_data() if stream is not None else b""
        except Exception:  # noqa: BLE001 - unreadable XMP is reported as missing
            return b""

    @cached_property
    def metadata(self) -> dict:
        info = self.reader.metadata or {}
        xmp_title = ""
        try:
            xmp = self.reader.xmp_metadata
            titles = (xmp.dc_title or {}) if xmp is not None else {}
            xmp_title = titles.get("x-default") or next(iter(titles.values()), "")
        except Exception:  # noqa: BLE001 - malformed XMP counts as no XMP title
            xmp_title = ""
        match = PDFX_VERSION.search(self.xmp)
        return {
            "title": str(info.get("/Title", "") or ""),
            "author": str(info.get("/Author", "") or ""),
            "xmp": bool(self.xmp),
            "xmp_title": str(xmp_title or ""),
            "language": str(self.reader.trailer["/Root"].get("/Lang", "") or ""),
            "pdfx": match.group(1).decode("ascii", "replace") if match else str(info.get("/GTS_PDFXVersion", "")),
        }
