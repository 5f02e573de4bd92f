"""The printer's cover: one sheet with the back cover, the spine and the front cover, plus bleed.

A printed cover wraps around the book block, so its size depends on the interior: the spine is as
thick as the paper stacked by the final page count. The cover is therefore laid out *after* the
interior, from its page count, and a book that grows gets a wider spine without anyone measuring.

Geometry is computed here (it is arithmetic on ``book.yaml``); the design is in
``print/templates/cover.html`` and ``styles/cover.css``, so a publisher restyles the cover without
touching Python.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup

from .. import bookblock
from ..manifest import Manifest, PrintSpec
from ..atomic import atomic_path, write_bytes, write_text
from ..pdfx import X4_VERSION
from .barcode import ean13_svg
from ..render.environment import environment
from .fonts import FONTS_CSS
from .press import PressOptions, finish_for_press
from .weasy import engine_version, file_digest, render_with_files, write_pdf

COVER_CSS = "styles/cover.css"
BAND_MM = 58.0  # height of the colour band that wraps round the foot of the sheet (see cover.css)
BARCODE_HEIGHT_MM = 20.0  # bars truncated from the nominal 22.85 mm, as book covers commonly are
KEPT_COVERS = 6  # covers of recent page counts, so that a chapter cut and restored costs nothing
SPINE_FONT_RATIO = 0.46  # spine type size as a share of the spine width: about 1.3 mm air each side
SPINE_FONT_MAX_MM = 5.6  # …up to a 16 pt title, beyond which a thick spine would look shouty
#: The spine's type is reversed (light on ink): never under the preflight's 7.5 pt for reversed type.
SPINE_FONT_MIN_MM = 7.6 * 25.4 / 72


@dataclass(frozen=True)
class CoverInfo:
    """What the preflight compares with the interior: the spine used and the sheet size (bleed included)."""

    spine_mm: float
    width_mm: float
    height_mm: float
    spine_text: bool


@dataclass(frozen=True)
class CoverGeometry:
    """The sheet in millimetres, origin at the top-left corner of the trimmed back cover.

    ``x`` positions are given from that trim corner, so bleed is outside every panel: the back panel
    spans ``0 → trim_w``, the spine ``trim_w → trim_w + spine`` and the front the rest.
    """

    trim_w: float
    trim_h: float
    spine: float
    bleed: float

    @property
    def trim_width(self) -> float:
        """Width of the trimmed (flat, unfolded) cover."""
        return 2 * self.trim_w + self.spine

    @property
    def sheet_width(self) -> float:
        return self.trim_width + 2 * self.bleed

    @property
    def sheet_height(self) -> float:
        return self.trim_h + 2 * self.bleed

    @property
    def front_x(self) -> float:
        return self.trim_w + self.spine


def spine_width_mm(page_count: int, spec: PrintSpec) -> float:
    """The spine's width: one sheet of paper per two pages, times the paper's thickness, to 0.1 mm.

    The measure itself is ``bookblock.spine_width_mm``, the one the preflight compares the cover with.
    """
    if page_count <= 0 or page_count % 2:
        raise ValueError(f"a book's page count is a positive even number, not {page_count}: "
                         "every sheet is printed on both sides")
    return bookblock.spine_width_mm(page_count, spec.sheet_mm)


def cover_geometry(manifest: Manifest, page_count: int) -> CoverGeometry:
    """The sheet for this book at this page count: what both the HTML and ``CoverInfo`` are built from."""
    spec = manifest.print
    return CoverGeometry(manifest.trim.width_mm, manifest.trim.height_mm,
                         spine_width_mm(page_count, spec), spec.bleed_mm)


def _n(value: float) -> str:
    """A CSS number in millimetres without float noise (7.199999 would shift a panel by a hair)."""
    return f"{value:.3f}".rstrip("0").rstrip(".") or "0"


def _page_css(g: CoverGeometry, spec: PrintSpec, spine_text: bool, icc: str | None) -> str:
    """The CSS that depends on the book's measurements; the look lives in styles/cover.css.

    The colour fields that reach the sheet's corners are ``@page`` background layers, because
    WeasyPrint paints its crop marks on top of the page background but *under* the document's boxes:
    a full-bleed ``<div>`` would hide the marks. Their colours are in cover.css, their geometry here.
    """
    b, w, h, s = g.bleed, g.trim_w, g.trim_h, g.spine
    rules = [
        "@page {",
        f"  size: {_n(g.sheet_width - 2 * b)}mm {_n(h)}mm;",
        f"  bleed: {_n(b)}mm;",
        "  marks: none;",  # drawn by print.press, outside the bleed
        # layer 1: the band across the foot of the whole sheet; layer 2: the back panel.
        f"  background-position: -{_n(b)}mm {_n(h - BAND_MM)}mm, -{_n(b)}mm -{_n(b)}mm;",
        f"  background-size: {_n(g.sheet_width)}mm {_n(BAND_MM + b)}mm, {_n(w + b)}mm {_n(h + 2 * b)}mm;",
        "}",
        f":root {{ --band: {_n(BAND_MM)}mm; }}",
        f".back {{ left: 0; width: {_n(w)}mm; height: {_n(h)}mm; }}",
        f".front {{ left: {_n(g.front_x)}mm; width: {_n(w)}mm; height: {_n(h)}mm; }}",
        f".author-note {{ bottom: {_n(BAND_MM + 12)}mm; }}",
    ]
    if spine_text:
        size = min(s * SPINE_FONT_RATIO, SPINE_FONT_MAX_MM)
        # An unrotated box as long as the spine and as wide as it, centred on the spine, then turned
        # a quarter clockwise about its centre: it lands exactly on the spine, reading top to bottom.
        rules += [
            f".spine-text {{ left: {_n(w + s / 2 - h / 2)}mm; top: {_n(h / 2 - s / 2)}mm; "
            f"width: {_n(h)}mm; height: {_n(s)}mm; line-height: {_n(s)}mm; font-size: {_n(size)}mm; }}",
            f".spine-main {{ width: {_n(h - BAND_MM)}mm; }}",
            f".spine-publisher {{ width: {_n(BAND_MM)}mm; "
            f"font-size: {_n(min(size, max(size * 0.78, SPINE_FONT_MIN_MM)))}mm; }}",
        ]
    if icc:
        rules.append(f'@color-profile device-cmyk {{ src: url("{icc}"); '
                     "components: cyan, magenta, yellow, black; }")
    return "\n".join(rules)


def cover_html(manifest: Manifest, page_count: int, root: Path, fonts_css: str = FONTS_CSS) -> str:
    """The cover sheet as HTML for WeasyPrint (paths relative to ``root``, the project folder)."""
    html, _ = _cover_html(manifest, page_count, root, fonts_css)
    return html


def _cover_html(manifest: Manifest, page_count: int, root: Path, fonts_css: str) -> tuple[str, CoverInfo]:
    g = cover_geometry(manifest, page_count)
    spec = manifest.print
    spine_text = g.spine >= spec.cover.spine_min_text_mm
    icc = None
    if spec.icc_profile is not None:
        icc_path = Path(spec.icc_profile)
        icc = (icc_path.relative_to(root.resolve()).as_posix()
               if icc_path.is_absolute() and icc_path.is_relative_to(root.resolve()) else icc_path.as_posix())
    barcode = Markup(ean13_svg(manifest.isbn, height_mm=BARCODE_HEIGHT_MM))
    html = environment("print").get_template("cover.html").render(
        m=manifest, cover=spec.cover, stylesheets=(fonts_css, COVER_CSS), spine_text=spine_text, barcode=barcode,
        page_css=Markup(_page_css(g, spec, spine_text, icc)), title_lines=_title_lines(manifest.title))
    info = CoverInfo(spine_mm=g.spine, width_mm=round(g.sheet_width, 3), height_mm=round(g.sheet_height, 3),
                     spine_text=spine_text)
    return html, info


def _title_lines(title: str) -> list[str]:
    """Break a short title before its last word (« Key Account / Management »): display type is set
    line by line by a designer, never left to the paragraph breaker. Long titles are left to wrap."""
    words = title.split()
    if len(words) < 2 or len(title) > 40:
        return [title]
    return [" ".join(words[:-1]), words[-1]]


def write_cover_pdf(manifest: Manifest, page_count: int, root: Path, target: Path, fonts_css: str = FONTS_CSS,
                    cache: Path | None = None, **pdf_options: object) -> CoverInfo:
    """Lay out and write the cover PDF for an interior of ``page_count`` pages; return its measurements.

    With an ICC profile in ``book.yaml`` the file is PDF/X-4 with that profile as output intent and goes
    through the same press finishing as the interior (crop marks outside the bleed, no annotation, the
    registered output condition, PDF 1.6), unless ``pdf_options`` says otherwise. Two runs on the same
    sources write the same bytes, so with a ``cache`` folder a cover whose HTML, options and files
    (fonts, images, profile) did not change is copied, not laid out again.
    """
    html, info = _cover_html(manifest, page_count, root, fonts_css)
    spec = manifest.print
    press = spec.icc_profile is not None
    if press:
        pdf_options.setdefault("pdf_variant", "pdf/x-4")
        pdf_options.setdefault("pdf_version", X4_VERSION)
    pdf_options.setdefault("pdf_identifier", hashlib.md5(html.encode("utf-8")).hexdigest().encode())
    key = hashlib.sha256("\0".join([html, repr(sorted(pdf_options.items())), engine_version()]).encode()).hexdigest()
    kept = cache / f"cover-{key[:32]}.pdf" if cache is not None else None
    if kept is not None and _still_valid(kept, root):
        write_bytes(target, kept.read_bytes())
        return info
    document, files = render_with_files(html, root, [root])
    with atomic_path(target) as final:
        raw = final.with_name(final.name + ".raw")
        try:
            write_pdf(document, raw, **pdf_options)
            finish_for_press(raw, final, PressOptions(spec.bleed_mm, spec.crop_marks and press,
                                                      spec.output_condition))
        finally:
            raw.unlink(missing_ok=True)
    if kept is not None:
        write_bytes(kept, target.read_bytes())
        write_text(kept.with_suffix(".json"), json.dumps(files))
        for old in sorted(kept.parent.glob("cover-*.pdf"), key=lambda p: p.stat().st_mtime)[:-KEPT_COVERS]:
            old.unlink(missing_ok=True)
            old.with_suffix(".json").unlink(missing_ok=True)
    return info


def _still_valid(kept: Path, root: Path) -> bool:
    """The cached cover exists and every file WeasyPrint read for it is unchanged."""
    try:
        files = json.loads(kept.with_suffix(".json").read_text(encoding="utf-8"))
        return kept.is_file() and all(file_digest(root, name) == digest for name, digest in files.items())
    except (OSError, ValueError):
        return False
