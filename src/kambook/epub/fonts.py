"""The book's fonts inside the EPUB, cut to the characters it prints.

``styles/fonts.css`` names the families and their files (``fontcover.book_families``); each face is
subset with HarfBuzz to the characters of the EPUB's text and written as WOFF2, a core media type of
EPUB 3.3 (the fonts' SIL Open Font License allows subsetting and embedding). The fallback fonts the book
plans for characters its families lack are embedded the same way, under their own family names.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..atomic import write_bytes
from ..svgfonts import face_rule
from ..fontcover import book_families, subset_font
from ..fontfiles import DECODER
from ..model import FallbackFont

FONT_DIR = "fonts"
#: Always kept, whatever the text uses: ASCII and Latin-1 (what an edit most likely adds, so the cached
#: subsets still serve after it) and the punctuation a reading system may draw around the text.
ALWAYS = "".join(map(chr, [*range(0x20, 0x7F), *range(0xA0, 0x100), *range(0x2010, 0x2027), 0x202F, 0x20AC]))
#: Names the cached subsets: changes with how they are made.
SUBSET_VERSION = "epub-2-hb-" + DECODER


@dataclass(frozen=True)
class EmbeddedFont:
    family: str
    style: str
    weight: str
    name: str  # file name in the EPUB's fonts/ folder
    data: bytes


def cached_subset(path: Path, chars: tuple[int, ...], cache: Path | None) -> bytes:
    """``path`` cut to ``chars`` as WOFF2. Subsetting takes seconds a face, so subsets are kept in ``cache``
    under the digest of the font and the characters: a rebuild that adds no character reads them back."""
    data = path.read_bytes()
    key = hashlib.sha256(data + repr((chars, SUBSET_VERSION, "screen")).encode()).hexdigest()[:32]
    kept = cache / f"{key}.woff2" if cache is not None else None
    if kept is not None and kept.is_file():
        return kept.read_bytes()
    out = subset_font(data, chars, "woff2", web=True)  # read on screens: no hinting
    if kept is not None:
        write_bytes(kept, out)
    return out



def book_faces(root: Path) -> list[tuple[str, str, str, Path]]:
    """(family, style, weight, file) of every face ``styles/fonts.css`` declares."""
    return [(family, style, weight, Path(path)) for family, spec in book_families(root).items()
            for path, (style, weight) in zip(spec["files"], spec["faces"])]


def embedded_fonts(root: Path, text: str, fallbacks: list[FallbackFont],
                   cache: Path | None = None) -> list[EmbeddedFont]:
    """Every face of the book's families, then the fallbacks' faces the text needs, cut to its characters."""
    chars = tuple(sorted({ord(c) for c in text + ALWAYS if not c.isspace() or c in " \u00a0\u202f"}))
    fonts = [EmbeddedFont(family, style, weight, f"{path.stem}.woff2", cached_subset(path, chars, cache))
             for family, style, weight, path in book_faces(root)]
    for fallback in fallbacks:
        wanted = tuple(c for c in fallback.chars if c in set(chars))
        if wanted:
            for style, weight in fallback.faces:
                fonts.append(EmbeddedFont(fallback.family, style, weight, f"{fallback.source.stem}-{style}-{weight}"
                                          f".woff2", cached_subset(fallback.source, wanted, cache)))
    return fonts


def fonts_css(fonts: list[EmbeddedFont], relative: str = "../fonts") -> str:
    """``@font-face`` rules for the embedded fonts, addressed from the styles folder."""
    return "".join(face_rule(f.family, f.style, f.weight, f"{relative}/{f.name}") for f in fonts)
