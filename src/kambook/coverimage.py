"""The front cover as a picture for screens and catalogues, rendered from the printer's cover sheet.

Both the EPUB (its cover image) and the ONIX feed (the cover a bookseller shows) need the same picture:
it lives below the products so that neither imports the other, and so that the e-book and the catalogue
show the cover the bookshop shelf shows.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from PIL import Image

COVER_HEIGHT = 1600  # px: sharp on a tablet, and above the 1,400 px booksellers' catalogues ask for
JPEG_QUALITY = 85


@dataclass(frozen=True)
class CoverSource:
    """The printer's cover sheet (PDF bytes) and the width of its front panel: the rightmost part of the
    sheet's TrimBox, ``front_width_mm`` wide."""

    pdf: bytes
    front_width_mm: float


def cover_image(cover: CoverSource) -> bytes:
    """The front panel of the printed cover as a JPEG ``COVER_HEIGHT`` px high: the TrimBox's right part,
    ``front_width_mm`` wide, so neither the bleed nor the spine shows."""
    import pypdfium2 as pdfium
    pdf = pdfium.PdfDocument(cover.pdf)
    try:
        page = pdf[0]
        media = page.get_mediabox()
        left, bottom, right, top = page.get_trimbox()
        front = cover.front_width_mm * 72 / 25.4
        scale = COVER_HEIGHT / (top - bottom)
        crop = (right - front - media[0], bottom - media[1], media[2] - right, media[3] - top)
        bitmap = page.render(scale=scale, crop=crop)
        image = bitmap.to_pil().convert("RGB")
        if image.height != COVER_HEIGHT:  # pdfium rounds the bitmap's size down
            image = image.resize((round(image.width * COVER_HEIGHT / image.height), COVER_HEIGHT),
                                 Image.Resampling.LANCZOS)
    finally:
        pdf.close()
    out = io.BytesIO()
    image.save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
    return out.getvalue()
