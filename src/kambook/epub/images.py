"""Images for screens: SVG kept as drawn, bitmaps at most 1600 px on their longer side (the cover image is
rendered by ``kambook.coverimage``, shared with the ONIX feed)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from ..coverimage import JPEG_QUALITY

MAX_PIXELS = 1600  # the longer side of a bitmap: sharp on a tablet, light in the file
MEDIA_TYPES = {".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg",
               ".gif": "image/gif", ".webp": "image/webp"}


@dataclass(frozen=True)
class ImageFile:
    name: str  # path in the EPUB, under images/
    media_type: str
    data: bytes


def image_names(paths: list[Path]) -> dict[Path, str]:
    """Each image's name in the EPUB: numbered in reading order (two folders may hold the same file name),
    an SVG, PNG or JPEG keeping its format and any other bitmap becoming a PNG."""
    names = {}
    for number, path in enumerate(paths, 1):
        suffix = path.suffix.lower()
        kept = suffix if suffix in (".svg", ".png", ".jpg", ".jpeg") else ".png"
        names[path] = f"images/{number:02d}-{path.stem}{kept}"
    return names


def screen_image(path: Path, name: str) -> ImageFile:
    """The image as the EPUB holds it: an SVG as it is, a bitmap scaled down when larger than needed and
    written again without the camera's or editor's metadata (so two builds give the same bytes)."""
    suffix = Path(name).suffix
    if suffix == ".svg":
        return ImageFile(name, MEDIA_TYPES[".svg"], path.read_bytes())
    with Image.open(path) as image:
        image.load()
        picture = image.copy()
        picture.thumbnail((MAX_PIXELS, MAX_PIXELS), Image.Resampling.LANCZOS)  # never enlarged
        out = io.BytesIO()
        if suffix in (".jpg", ".jpeg"):
            picture.convert("RGB").save(out, "JPEG", quality=JPEG_QUALITY, optimize=True)
            return ImageFile(name, "image/jpeg", out.getvalue())
        mode = picture.mode if picture.mode in ("RGB", "RGBA", "L", "LA", "P") else "RGBA"
        picture.convert(mode).save(out, "PNG", optimize=True)
        return ImageFile(name, "image/png", out.getvalue())
