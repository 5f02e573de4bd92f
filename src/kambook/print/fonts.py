"""The book's fonts for layout: WOFF2 is for the web; print reads plain TrueType.

WeasyPrint turns every WOFF2 font it loads back into TrueType with fontTools, in pure Python: for the
four Gentium files that was a fifth of a layout pass, paid by every process that lays out the book. Here
each WOFF2 file is decompressed once, cached by content hash under ``.kambook-cache/fonts/``, and the
print documents link a copy of ``styles/fonts.css`` that points at the TrueType files. The site keeps the
compressed files; the glyphs are the same.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

from ..errors import RenderError, relpath
from ..outputs.atomic import write_bytes, write_text

WOFF2_SRC = re.compile(r'url\((["\']?)([^)"\']+\.woff2)\1\)\s*format\((["\']?)woff2\3\)')
CACHED = re.compile(r"[0-9a-f]{20}\.ttf")
OTHER_URL = re.compile(r'url\((["\']?)(?!data:|[a-z]+://)([^)"\']+)\1\)')
FONTS_CSS = "styles/fonts.css"


def print_fonts_css(root: Path, cache: Path) -> str:
    """The stylesheet print documents link instead of ``styles/fonts.css`` (a path relative to ``root``)."""
    source = root / FONTS_CSS
    try:
        css = source.read_text(encoding="utf-8")
    except OSError as exc:
        raise RenderError(f"{relpath(source, root)}: cannot read the font stylesheet ({exc.strerror})") from None
    folder = cache / "fonts"

    def to_truetype(match: re.Match[str]) -> str:
        font = (source.parent / match.group(2)).resolve()
        try:
            data = font.read_bytes()
        except OSError:
            raise RenderError(f"{relpath(source, root)}: font {match.group(2)} not found; "
                              "fix the url() or add the file under assets/fonts/") from None
        name = hashlib.sha256(data).hexdigest()[:20] + ".ttf"
        if not (folder / name).is_file():
            write_bytes(folder / name, _decompress(data, font, root))
        return f'url("{name}") format("truetype")'

    def moved(match: re.Match[str]) -> str:  # the copy lives in the cache: other fonts keep their files
        if CACHED.fullmatch(match.group(2)):
            return match.group(0)
        return f'url("{os.path.relpath(source.parent / match.group(2), folder)}")'
    converted = OTHER_URL.sub(moved, WOFF2_SRC.sub(to_truetype, css))
    target = folder / "fonts.css"
    if not target.is_file() or target.read_text(encoding="utf-8") != converted:
        write_text(target, converted)
    return target.relative_to(root).as_posix() if target.is_relative_to(root) else target.as_posix()


def _decompress(data: bytes, font: Path, root: Path) -> bytes:
    from fontTools.ttLib import woff2
    out = io.BytesIO()
    try:
        woff2.decompress(io.BytesIO(data), out)
    except Exception as exc:  # noqa: BLE001 - fontTools raises many kinds on a damaged file
        raise RenderError(f"{relpath(font, root)}: not a readable WOFF2 font ({exc}); "
                          "replace it with the file from the font's release") from None
    return out.getvalue()
