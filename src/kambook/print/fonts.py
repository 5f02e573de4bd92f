"""The book's fonts for layout: WOFF2 is for the web; print reads plain TrueType.

WeasyPrint turns every WOFF2 font it loads back into TrueType with fontTools, in pure Python: for the
four Gentium files that was a fifth of a layout pass, paid by every process that lays out the book. Here
each WOFF2 file is decompressed once, cached by content hash under ``.kambook-cache/fonts/``, and the
print documents link a copy of ``styles/fonts.css`` that points at the TrueType files. The site keeps the
compressed files; the glyphs are the same.

The decompressed files are also kept for the whole machine (``$KAMBOOK_CACHE_HOME``, else
``$XDG_CACHE_HOME/kambook``, else ``~/.cache/kambook``), named by the same hash: a fresh clone, a copy of
the project or a book made with ``kambook new`` would otherwise spend its first seconds (three on this
book) decompressing the same fonts again — the whole cost of a build that then stops at a bad source.
The project keeps its own copy: print documents read files of the project only.

The print copy also gives U+00A0 a glyph of its own where the font maps it to the space's (Lato does):
the PDF's text layer maps a glyph to one character, so every no-break space set in such a font came out
of the PDF as a plain space — a proofreader copying a heading saw « Oser : une » with a breakable space.
The copy's no-break space is the same blank, a separate glyph: the text layer says U+00A0.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from pathlib import Path

from ..errors import RenderError, relpath
from ..fontcover import FONTS_CSS, machine_cache
from ..fontfiles import DECODER, FontFileError, quiet_font_dates, sfnt
from ..model import FallbackFont
from ..atomic import write_bytes, write_text

FONT_SRC = re.compile(r'url\((["\']?)([^)"\']+\.(woff2|ttf))\1\)\s*format\((["\']?)(?:woff2|truetype)\4\)')
#: Changes with what the print copy of a font holds beyond the original's glyphs (names the cached files).
COPY_VERSION = b"kambook-print-font-4"
CACHED = re.compile(r"[0-9a-f]{20}\.ttf")
OTHER_URL = re.compile(r'url\((["\']?)(?!data:|[a-z]+://)([^)"\']+)\1\)')


def print_fonts_css(root: Path, cache: Path, fallbacks: list[FallbackFont] | None = None) -> str:
    """The stylesheet print documents link instead of ``styles/fonts.css`` (a path relative to ``root``),
    with the rules of the fallback fonts the text needs (``fontcover``), subset into the cache."""
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
        name = hashlib.sha256(COPY_VERSION + DECODER.encode() + data).hexdigest()[:20] + ".ttf"
        if not (folder / name).is_file():
            write_bytes(folder / name, _print_copy(data, name, font, root))
        return f'url("{name}") format("truetype")'

    def moved(match: re.Match[str]) -> str:  # the copy lives in the cache: other fonts keep their files
        if CACHED.fullmatch(match.group(2)):
            return match.group(0)
        return f'url("{os.path.relpath(source.parent / match.group(2), folder)}")'
    converted = OTHER_URL.sub(moved, FONT_SRC.sub(to_truetype, css))
    if fallbacks:
        from ..fontcover import fallback_css
        converted += "/* Fallback fonts (book.yaml, fonts: fallback:) for the characters above lack. */\n"
        converted += fallback_css(fallbacks, folder, folder)
    target = folder / "fonts.css"
    if not target.is_file() or target.read_text(encoding="utf-8") != converted:
        write_text(target, converted)
    return target.relative_to(root).as_posix() if target.is_relative_to(root) else target.as_posix()


def _print_copy(data: bytes, name: str, font: Path, root: Path) -> bytes:
    """The print copy of a font file, from the machine's cache when a project made it before. The cache is
    a convenience: a folder that cannot be read or written only costs the decompression."""
    shared = machine_cache() / "fonts" / name
    try:
        return shared.read_bytes()
    except OSError:
        pass
    truetype = _decompress(data, font, root) if font.suffix == ".woff2" else data
    copy = _distinct_nbsp(truetype)
    try:
        write_bytes(shared, copy)
    except OSError:
        pass
    return copy


def _decompress(data: bytes, font: Path, root: Path) -> bytes:
    try:
        return sfnt(data)
    except FontFileError as exc:
        raise RenderError(f"{relpath(font, root)}: not a readable WOFF2 font ({exc}); "
                          "replace it with the file from the font's release") from None


def _distinct_nbsp(data: bytes) -> bytes:
    """The font with U+00A0 on a glyph of its own when it shares the space's; unchanged otherwise."""
    with quiet_font_dates():
        return _with_nbsp_glyph(data)


def _with_nbsp_glyph(data: bytes) -> bytes:
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    font = TTFont(io.BytesIO(data), recalcTimestamp=False)  # the same bytes on every machine
    cmap = font.getBestCmap()
    if "glyf" not in font or 0x20 not in cmap or cmap.get(0xA0) != cmap[0x20]:
        return data
    name = "uni00A0" if "uni00A0" not in font.getGlyphOrder() else "nbspace.kambook"
    font.setGlyphOrder([*font.getGlyphOrder(), name])
    font["glyf"][name] = Glyph()  # a blank, as the space
    font["hmtx"][name] = font["hmtx"][cmap[0x20]]
    for table in font["cmap"].tables:
        if table.isUnicode() and 0xA0 in table.cmap:
            table.cmap[0xA0] = name
    for tag in ("hdmx", "LTSH", "VDMX"):  # per-glyph device tables: optional, rebuilt by no one
        if tag in font:
            del font[tag]
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
