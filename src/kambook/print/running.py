"""Running heads that fit on one line.

A running head is the ``data-running`` text of a title (``string-set`` in ``styles/print.css``), printed
in the top margin beside the folio. A title longer than the line would wrap there, and be hyphenated: the
text is measured here with the running head's own font and, when it is too long, cut after a whole word
and closed by an ellipsis (« Une « Première » en France, le Symposium annuel… »). A title that reads
better cut by hand is set in the manifest: ``short_title`` in a chapter's front matter, ``running_titles``
under ``appendices``.
"""

from __future__ import annotations

from functools import lru_cache
from html import escape, unescape
from pathlib import Path

from markupsafe import Markup

from ..errors import RenderError
from ..fontcover import book_families

#: The running head's face and size, as ``@top-center`` sets them in styles/print.css.
FAMILY, STYLE, WEIGHT, SIZE_PT = "Gentium Book Plus", "italic", 400, 9.0
#: Inner plus outer page margin (styles/print.css ``@page``): the measure is the trim width less these.
MARGINS_MM = 22 + 16
#: Room kept on each side of the centred head for the folio (« 999 » in Lato 8.5 pt is about 14 pt wide).
FOLIO_PT = 20.0
#: Text measured without kerning and a face substituted for a missing glyph are kept in by this margin.
SAFETY = 0.95
#: Words a cut title does not end on: it would read as a sentence broken off mid-phrase.
WEAK_ENDINGS = frozenset("à au aux de des du en et la le les ou par pour sur un une".split())


class RunningHeads:
    """``fit(text)``: the running head for a title, cut to the measure when it is too long."""

    def __init__(self, root: Path, trim_width_mm: float) -> None:
        self.width_of = _font_measure(root)
        self.budget = ((trim_width_mm - MARGINS_MM) * 72 / 25.4 - 2 * FOLIO_PT) * SAFETY

    def fits(self, text: str) -> bool:
        return self.width_of(text) <= self.budget

    def fit(self, text: str) -> str:
        if self.fits(text):
            return text
        words = text.split(" ")  # no-break spaces hold « clés : » together: never cut before a colon
        for count in range(len(words) - 1, 0, -1):
            kept = words[:count]
            while len(kept) > 1 and kept[-1].casefold() in WEAK_ENDINGS:
                kept.pop()
            head = " ".join(kept).rstrip(" \u00a0\u202f,;:–—-«(") + "…"
            if self.fits(head) and _balanced(head):
                return head
        return words[0] + "…"

    def __call__(self, html: str) -> Markup:
        """For templates: the escaped title in, the escaped running head out."""
        return Markup(escape(self.fit(unescape(str(html))), quote=False))


def _balanced(text: str) -> bool:
    """A cut that leaves a « open would print a quotation never closed."""
    return text.count("«") == text.count("»")


def _font_measure(root: Path):  # noqa: ANN202 - a callable text → points
    path = _face_file(root)
    if path is not None:
        try:
            return _advances(path)
        except Exception:  # noqa: BLE001 - an unreadable font: the estimate below still keeps heads short
            pass
    return lambda text: len(text) * SIZE_PT * 0.55  # wider than Gentium's average letter


def _face_file(root: Path) -> Path | None:
    """The file of the running head's face, as ``styles/fonts.css`` declares it (``fontcover`` reads it)."""
    try:
        family = book_families(root).get(FAMILY)
    except RenderError:
        return None
    faces = zip(family["files"], family["faces"]) if family else ()
    return next((path for path, (style, weight) in faces
                 if style == STYLE and weight in (str(WEIGHT), "normal" if WEIGHT == 400 else "")), None)


@lru_cache(maxsize=4)
def _advances(path: Path):  # noqa: ANN202
    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True)
    cmap, metrics = font.getBestCmap(), font["hmtx"]
    scale = SIZE_PT / font["head"].unitsPerEm
    fallback = metrics["space"][0] * 2 if "space" in metrics.metrics else font["head"].unitsPerEm // 2

    def width(text: str) -> float:
        return sum(metrics[cmap[ord(c)]][0] if ord(c) in cmap else fallback for c in text) * scale
    return width
