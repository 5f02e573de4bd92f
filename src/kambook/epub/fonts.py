"""The book's fonts inside the EPUB, cut to the characters it prints.

``styles/fonts.css`` names the families and their files (``fontcover.book_families``); each face is
subset with fontTools to the characters of the EPUB's text and written as WOFF2, a core media type of
EPUB 3.3 (the fonts' SIL Open Font License allows subsetting and embedding). The fallback fonts the book
plans for characters its families lack are embedded the same way, under their own family names.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..fontcover import book_families, subset_font
from ..model import FallbackFont

FONT_DIR = "fonts"
#: Characters a reading system may draw around the text (quotes of a pop-up, list markers, an ellipsis).
ALWAYS = " \u00a0\u202f«»“”’…–—•·0123456789.,:;!?()"


@dataclass(frozen=True)
class EmbeddedFont:
    family: str
    style: str
    weight: str
    name: str  # file name in the EPUB's fonts/ folder
    data: bytes


def embedded_fonts(root: Path, text: str, fallbacks: list[FallbackFont]) -> list[EmbeddedFont]:
    chars = tuple(sorted({ord(c) for c in text + ALWAYS if not c.isspace() or c in " \u00a0\u202f"}))
    fonts: list[EmbeddedFont] = []
    for family, spec in book_families(root).items():
        for path, (style, weight) in zip(spec["files"], spec["faces"]):
            fonts.append(EmbeddedFont(family, style, weight, f"{Path(path).stem}.woff2",
                                      subset_font(Path(path).read_bytes(), chars, "woff2")))
    for fallback in fallbacks:
        wanted = tuple(c for c in fallback.chars if c in set(chars))
        if wanted:
            for style, weight in fallback.faces:
                fonts.append(EmbeddedFont(fallback.family, style, weight, f"{fallback.source.stem}-{style}-{weight}"
                                          f".woff2", subset_font(fallback.source.read_bytes(), wanted, "woff2")))
    return fonts


def fonts_css(fonts: list[EmbeddedFont], relative: str = "../fonts") -> str:
    """``@font-face`` rules for the embedded fonts, addressed from the styles folder."""
    return "".join(f'@font-face {{ font-family: "{f.family}"; font-style: {f.style}; font-weight: {f.weight}; '
                   f'src: url("{relative}/{f.name}") format("woff2"); }}\n' for f in fonts)
