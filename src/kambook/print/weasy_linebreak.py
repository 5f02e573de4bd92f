"""Corrections to WeasyPrint 70's line breaking and hyphenation, installed on import by ``weasy_engine``.

When a run of text ends with a space and an inline element follows (an index or glossary mark, a link, an
emphasis), WeasyPrint measures the run *with* its trailing space, where Pango lets it overhang. If the words
fit the line but the space overhangs it by a fraction of a point, ``split_first_line`` decides the run does
not fit, takes its fallback for an unbreakable line and keeps only the first word: « dans » alone on a line, the rest of the paragraph
on the next one, or the line before stretched to 50 pt word gaps (issue #12, ten places in the book).

CSS Text 3 (§ 4.1.3) says a collapsible space at the end of a line hangs: it never makes a line overflow.
So when the run's words fit without their trailing spaces, the run fits; the line is then broken at the last
opportunity before the inline element that follows, as WeasyPrint does when nothing overhangs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from math import inf

import pyphen
from weasyprint.formatting_structure import boxes as _boxes
from weasyprint.layout import block as _block
from weasyprint.layout import inline as _inline
from weasyprint.text import line_break as _line_break

_split_first_line = _line_break.split_first_line
_COLLAPSING = ("normal", "nowrap", "pre-line")
#: The space, and the fixed spaces of French typography (no-break, narrow no-break, thin), which Pango also
#: lets overhang the end of a line: « comme un «\u202f» before an index mark fell into the same trap.
_SPACES = " \u00a0\u202f\u2009\u2007\u2008\u200a"


def split_first_line(text, style, context, max_width, justification_spacing,
                     is_line_start=True, minimum=False):
    result = _split_first_line(text, style, context, max_width, justification_spacing, is_line_start, minimum)
    if (result[2] is None or max_width is None or max_width == inf or minimum or not text[-1:] in _SPACES
            or style["white_space"] not in _COLLAPSING):
        return result
    words = text.rstrip(_SPACES)
    first_word = len(text.split(None, 1)[0].encode()) if text.strip() else 0
    if not words or result[1] > first_word + 1 or any(c in words for c in "\n\t\u2028\u2029"):
        return result  # not the fallback, which keeps the first word alone: a normal break
    fitted = _split_first_line(words, style, context, max_width, justification_spacing, is_line_start, minimum)
    if fitted[2] is not None or fitted[3] > max_width:
        return result
    # The words fit: lay the run out whole, trailing space included, so the element after it keeps its gap;
    # the caller sees the hanging space and breaks the line before that element.
    return _split_first_line(text, style, context, inf, justification_spacing, is_line_start, minimum)


_inline.split_first_line = split_first_line


# -- Hyphenation ------------------------------------------------------------------------------------------
# WeasyPrint asks pyphen for every word it may break; a French typesetter does not break a capitalised name
# (Sha-piro, Hom-burg, Citi-bank), never lets more than three consecutive lines end in a hyphen, which
# WeasyPrint does not enforce (it ignores ``hyphenate-limit-lines``), and does not cut a word across a page.
# The rules are applied where WeasyPrint consults the dictionary, so a line that may not be hyphenated is
# broken between words instead.

#: The most consecutive lines of a paragraph that may end in a hyphen.
LADDER_LIMIT = 3
_BREAK_ENDINGS = ("\u2010", "-", "\u00ad")


@dataclass
class _Rules:
    exceptions: dict[str, list[int]] = field(default_factory=dict)  # lower-case word → break offsets
    hold: bool = False  # the line being laid out follows LADDER_LIMIT hyphenated ones, or ends the page


RULES = _Rules()


def set_exceptions(words: Iterable[str]) -> None:
    """The manifest's ``hyphenation:`` list (« Ci-ti-bank »): where a listed word may break, if at all."""
    RULES.exceptions = {}
    for spelled in words:
        parts = spelled.split("-")
        offsets, at = [], 0
        for part in parts[:-1]:
            at += len(part)
            offsets.append(at)
        RULES.exceptions["".join(parts).lower()] = offsets


class _Dictionary:
    """A pyphen dictionary that leaves capitalised words to the exception list and stays silent on a line
    that would make a fourth hyphen in a row."""

    def __init__(self, *args, **kwargs) -> None:
        self._patterns = pyphen.Pyphen(*args, **kwargs)

    def iterate(self, word: str) -> Iterator[tuple[str, str]]:
        if RULES.hold:
            return iter(())
        listed = RULES.exceptions.get(word.lower())
        if listed is not None:
            return ((word[:i], word[i:]) for i in reversed(listed))
        if word[:1].isupper():
            return iter(())
        return self._patterns.iterate(word)


class _Pyphen:
    """Stands for the ``pyphen`` module inside WeasyPrint's line breaker."""

    language_fallback = staticmethod(pyphen.language_fallback)
    Pyphen = _Dictionary


def _ends_in_hyphen(box) -> bool:
    if isinstance(box, _boxes.TextBox):
        return box.text.endswith(_BREAK_ENDINGS)
    children = getattr(box, "children", None)
    return bool(children) and _ends_in_hyphen(children[-1])


def iter_line_boxes(context, box, position_y, bottom_space, *args, **kwargs):
    lines = _iter_line_boxes(context, box, position_y, bottom_space, *args, **kwargs)
    run, top, height = 0, position_y, None
    while True:
        # No hyphen after three in a row, nor on what will be the page's last line: a word is not cut
        # across a page turn (the reader would have to turn the leaf mid-word).
        last_on_page = height is not None and context.overflows_page(bottom_space, top + 2 * height)
        outer, RULES.hold = RULES.hold, run >= LADDER_LIMIT or last_on_page  # an inline-block nests its lines
        try:
            line, resume_at = next(lines)
        except StopIteration:
            return
        finally:
            RULES.hold = outer
        run = run + 1 if _ends_in_hyphen(line) else 0
        top, height = line.position_y + line.height, line.height
        yield line, resume_at


_iter_line_boxes = _inline.iter_line_boxes
_block.iter_line_boxes = iter_line_boxes
_line_break.pyphen = _Pyphen
