"""The book's fonts on the web: each face cut to the characters the site can show, preloaded, with
metric-matched fallbacks.

The fonts the print edition embeds whole weigh 2.7 MB (Lato as full TrueType files, Gentium with every
script it covers): on a phone's first visit a chapter took 14 s and reflowed when they arrived. The site
gets WOFF2 copies cut to Latin (ASCII, Latin-1, Latin Extended-A, the punctuation French needs) plus
whatever else the book's text uses, about 25 KB a face, the faces of the first screen preloaded. Until a
face arrives the browser draws a local font scaled to the book font's width and line metrics
(``size-adjust``, ``ascent-override``…), so the lines break nearly where they will and the page does not
jump when the font comes (layout shift).

The local fonts' average advance over a French sample was measured on their files (Liberation Serif and
Sans have the metrics of Times New Roman and Arial by design); the vertical metrics are the book font's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..fontcover import web_subsets

#: Characters every face keeps, whatever the book uses: a reader's search words and the site's own
#: words draw in the book's fonts too.
BASE = frozenset([*range(0x20, 0x7F), *range(0xA0, 0x180), *range(0x2000, 0x2070), 0x20AC, 0x2122, 0x2190,
                  0x2192, 0x21A9, 0x2212, 0x2026, 0x02BC, 0x02C6, 0x02DC, 0x0152, 0x0153])
#: The local fonts drawn before the book's fonts arrive, by the generic family the book font stands in,
#: with their average advance (em) over ``SAMPLE``: a stand-in is scaled to the book font's advance.
SAMPLE = ("Le responsable compte clé organise la relation avec le client et ses équipes, jour après jour. "
          "Quatre niveaux imbriqués : l’individu, le centre d’achat, l’organisation et l’environnement.")
LOCAL = {
    "serif": ((("Times New Roman", "Liberation Serif", "Tinos"), 0.3904), (("DejaVu Serif",), 0.4977)),
    "sans-serif": ((("Arial", "Liberation Sans", "Arimo", "Helvetica"), 0.4283), (("DejaVu Sans",), 0.4913)),
}


@dataclass
class WebFonts:
    css: str  # the site's fonts.css
    files: dict[str, Path] = field(default_factory=dict)  # path in the site → file


def site_path(folder: str, font: Path) -> str:
    """A face's address in the site: its file's name, whatever characters it was cut to, so the pages
    (which preload it) are rendered before the characters are known."""
    return f"{folder}/{font.stem}.woff2"


def preloaded(families: dict[str, dict], folder: str) -> list[str]:
    """The faces the first screen of every page draws: the regular of each family (the text, the sidebar)
    and the bold of the sans family (headings and the header)."""
    from fontTools.ttLib import TTFont
    out = []
    for info in families.values():
        for path, (style, weight) in zip(info["files"], info["faces"]):
            if style == "normal" and (weight in ("400", "normal") or
                                      (weight in ("700", "bold") and _is_sans(TTFont(path, lazy=True)))):
                out.append(site_path(folder, path))
    return out


def fallback_families(family: str) -> list[str]:
    """The names of the metric-matched stand-ins of ``family``, in the order a font stack lists them."""
    return [f"{family} Fallback", f"{family} Fallback 2"]


def web_fonts(families: dict[str, dict], chars: set[int], cache: Path, folder: str) -> WebFonts:
    """``families`` as ``fontcover.book_families`` reads them; ``chars`` the characters of the site's text;
    the cut files go to ``cache``, and appear in the site under ``folder``."""
    from fontTools.ttLib import TTFont
    wanted = tuple(sorted(BASE | chars))
    out = WebFonts(css="/* The book's fonts for the web edition, written by kambook: cut to the characters the "
                       "site shows (styles/fonts.css names the full files). */\n")
    jobs, addresses = [], []
    for family, info in families.items():
        regular = None
        for path, (style, weight) in zip(info["files"], info["faces"]):
            font = TTFont(path, lazy=True)
            cmap = font.getBestCmap() or {}
            addresses.append(site_path(folder, path))
            jobs.append((path, tuple(c for c in wanted if c in cmap)))
            out.css += (f'@font-face {{ font-family: "{family}"; font-style: {style}; font-weight: {weight}; '
                        f'font-display: swap; src: url("../{addresses[-1]}") format("woff2"); }}\n')
            if style == "normal" and weight in ("400", "normal"):
                regular = font
        if regular is not None:
            out.css += _fallback_faces(family, regular)
    out.files.update(zip(addresses, web_subsets(jobs, cache)))
    return out


def _is_sans(font) -> bool:  # noqa: ANN001 - a fontTools TTFont
    os2 = font["OS/2"]
    return os2.sFamilyClass >> 8 == 8 or 11 <= os2.panose.bSerifStyle <= 15


def _fallback_faces(family: str, font) -> str:  # noqa: ANN001 - a fontTools TTFont
    """``@font-face`` rules drawing local fonts at the book font's width and line metrics."""
    upm = font["head"].unitsPerEm
    cmap, metrics = font.getBestCmap(), font["hmtx"].metrics
    advance = sum(metrics[cmap[ord(c)]][0] for c in SAMPLE if ord(c) in cmap) / upm / len(SAMPLE)
    os2, hhea = font["OS/2"], font["hhea"]
    if os2.fsSelection & 0x80:  # USE_TYPO_METRICS: browsers take the typographic metrics
        ascent, descent, gap = os2.sTypoAscender, -os2.sTypoDescender, os2.sTypoLineGap
    else:
        ascent, descent, gap = hhea.ascent, -hhea.descent, hhea.lineGap
    rules = []
    for name, (locals_, local_advance) in zip(fallback_families(family),
                                                                LOCAL["sans-serif" if _is_sans(font) else "serif"]):
        scale = advance / local_advance
        sources = ", ".join(f'local("{n}")' for n in locals_)
        rules.append(f'@font-face {{ font-family: "{name}"; src: {sources}; size-adjust: {scale:.2%}; '
                     f"ascent-override: {ascent / upm / scale:.2%}; descent-override: {descent / upm / scale:.2%}; "
                     f"line-gap-override: {gap / upm / scale:.2%}; }}\n")
    return "".join(rules)


__all__ = ["WebFonts", "fallback_families", "preloaded", "site_path", "web_fonts"]
