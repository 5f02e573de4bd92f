"""Images for the print interior, in the printer's CMYK.

Raster images are converted from sRGB to the output-intent profile with Pillow's ImageCms (LittleCMS);
SVG figures get their colours rewritten as ``device-cmyk()``, which WeasyPrint draws as DeviceCMYK.
Near-black becomes pure K, so text and hairlines print with one ink and no registration risk; lines lose
the default black fill SVG gives every shape.
Converted files are cached by content hash: a rebuild converts only what changed.
"""

from __future__ import annotations

import hashlib
import io
import re
from functools import cached_property
from pathlib import Path

from PIL import Image, ImageCms

from ..atomic import write_bytes

VERSION = b"print-assets-2"
HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
NAMED = {"black": "000000", "white": "ffffff"}
#: A ``<line>`` has no interior, but its default black fill still reaches the PDF as a paint operation.
UNFILLED_LINE = re.compile(r"<line\b(?![^>]*\bfill\s*=)")
COLOR_ATTR = re.compile(r'\b(fill|stroke|stop-color|color)(\s*[:=]\s*"?)(#[0-9a-fA-F]{3,6}|black|white)\b')


class PrintAssets:
    def __init__(self, cache: Path, profile: Path) -> None:
        self.cache = cache
        self.profile = profile

    @cached_property
    def _transform(self) -> ImageCms.ImageCmsTransform:
        return ImageCms.buildTransform(ImageCms.createProfile("sRGB"), ImageCms.getOpenProfile(str(self.profile)),
                                       "RGB", "CMYK", renderingIntent=ImageCms.Intent.PERCEPTUAL)

    def cmyk(self, hex_rgb: str) -> str:
        """``device-cmyk()`` of an sRGB colour; greys (neutral colours) print with black ink only."""
        hex_rgb = hex_rgb.lstrip("#")
        if len(hex_rgb) == 3:
            hex_rgb = "".join(c * 2 for c in hex_rgb)
        r, g, b = (int(hex_rgb[i:i + 2], 16) for i in (0, 2, 4))
        if max(r, g, b) - min(r, g, b) <= 8:
            return f"device-cmyk(0 0 0 {1 - (r + g + b) / 765:.3f})"
        c, m, y, k = ImageCms.applyTransform(Image.new("RGB", (1, 1), (r, g, b)), self._transform).getpixel((0, 0))
        return f"device-cmyk({c / 255:.3f} {m / 255:.3f} {y / 255:.3f} {k / 255:.3f})"

    def for_print(self, source: Path) -> Path:
        """The CMYK version of an image file (converted once, then taken from the cache)."""
        suffix = source.suffix.lower()
        if suffix not in (".svg", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".tif", ".tiff"):
            return source
        data = source.read_bytes()
        digest = hashlib.sha256(VERSION + self.profile.read_bytes() + data).hexdigest()[:20]
        target = self.cache / f"{source.stem}-{digest}{'.svg' if suffix == '.svg' else '.jpg'}"
        if not target.exists():
            write_bytes(target, self._svg(data) if suffix == ".svg" else self._raster(data))
        return target

    def _svg(self, data: bytes) -> bytes:
        text = UNFILLED_LINE.sub('<line fill="none"', data.decode("utf-8"))
        text = COLOR_ATTR.sub(lambda m: m.group(1) + m.group(2) + self.cmyk(NAMED.get(m.group(3), m.group(3))), text)
        return text.encode("utf-8")

    def _raster(self, data: bytes) -> bytes:
        with Image.open(io.BytesIO(data)) as image:
            dpi = image.info.get("dpi")
            if image.mode in ("RGBA", "LA", "P"):
                image = image.convert("RGBA")
                flat = Image.new("RGB", image.size, "white")
                flat.paste(image, mask=image.getchannel("A"))
                image = flat
            elif image.mode != "RGB":
                image = image.convert("RGB")
            converted = ImageCms.applyTransform(image, self._transform)
        out = io.BytesIO()
        converted.save(out, "JPEG", quality=92, optimize=True, **({"dpi": dpi} if dpi else {}))
        return out.getvalue()
