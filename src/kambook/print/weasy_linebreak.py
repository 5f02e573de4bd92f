"""A correction to WeasyPrint 70's line breaking, installed on import by ``print.weasy_engine``.

When a run of text ends with a space and an inline element follows (an index or glossary mark, a link, an
emphasis), WeasyPrint measures the run *with* its trailing space, where Pango lets it overhang. If the words fit the line but the space
overhangs it by a fraction of a point, ``split_first_line`` decides the run does not fit, takes its fallback
for an unbreakable line and keeps only the first word: « dans » alone on a line, the rest of the paragraph
on the next one, or the line before stretched to 50 pt word gaps (issue #12, ten places in the book).

CSS Text 3 (§ 4.1.3) says a collapsible space at the end of a line hangs: it never makes a line overflow.
So when the run's words fit without their trailing spaces, the run fits; the line is then broken at the last
opportunity before the inline element that follows, as WeasyPrint does when nothing overhangs.
"""

from __future__ import annotations

from math import inf

from weasyprint.layout import inline as _inline
from weasyprint.text import line_break as _line_break

_split_first_line = _line_break.split_first_line
_COLLAPSING = ("normal", "nowrap", "pre-line")
#: The space, and the fixed spaces of French typography (no-break, narrow no-break, thin), which Pango also
#: lets overhang the end of a line: « comme un «\u202f» before an index mark fell into the same trap.
_SPACES = " \u00a0\u202f\u2009\u2007\u2008\u200a"


def split_first_line(text, style, context, max_width, justification_spacing,  # noqa: ANN001, ANN201, PLR0913
                     is_line_start=True, minimum=False):  # noqa: ANN001, FBT002 - WeasyPrint's signature
    result = _split_first_line(text, style, context, max_width, justification_spacing, is_line_start, minimum)
    if (result[2] is None or max_width is None or max_width == inf or minimum or not text[-1:] in _SPACES
            or style["white_space"] not in _COLLAPSING):
        return result
    words = text.rstrip(_SPACES)
    if not words or any(c in words for c in "\n\t\u2028\u2029"):
        return result
    fitted = _split_first_line(words, style, context, max_width, justification_spacing, is_line_start, minimum)
    if fitted[2] is not None or fitted[3] > max_width:
        return result
    # The words fit: lay the run out whole, trailing space included, so the element after it keeps its gap;
    # the caller sees the hanging space and breaks the line before that element.
    return _split_first_line(text, style, context, inf, justification_spacing, is_line_start, minimum)


_inline.split_first_line = split_first_line
