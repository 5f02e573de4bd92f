"""A correction to WeasyPrint 70's page breaking, installed on import by ``print.weasy_engine``.

When a paragraph's line overflows the page and the ``widows`` rule forbids breaking before it, WeasyPrint
moves the page's footnotes to the next page to make room, even under ``footnote-policy: line``, which asks
that a footnote never leave the page of its call. Once figures stopped leaving holes at the feet of pages
(``print.floats``), note 1 of chapter 3 was printed a page after « carrière¹ ».

The correction keeps WeasyPrint's other choice there: the paragraph breaks a line earlier, as the widows
rule allows. It is made on the source of ``_linebox_layout`` (one condition), so a WeasyPrint whose code
differs fails at once rather than silently laying out another way.
"""

from __future__ import annotations

import inspect
import textwrap

from weasyprint.layout import block as _block

_DECISION = "report = not context.in_column and can_break_now and not could_break_before"
_KEEPING_CALLS = (_DECISION + " and not any(note.style['footnote_policy'] == 'line' "
                  "for note in context.current_page_footnotes)")


def _corrected() -> None:
    lines, first = inspect.getsourcelines(_block._linebox_layout)
    source = "\n" * (first - 1) + textwrap.dedent("".join(lines))  # tracebacks keep block.py's line numbers
    if source.count(_DECISION) != 1:
        raise RuntimeError("kambook's footnote correction does not fit this WeasyPrint version: "
                           "check print/weasy_footnotes.py against weasyprint/layout/block.py")
    namespace = vars(_block)
    exec(compile(source.replace(_DECISION, _KEEPING_CALLS), _block.__file__, "exec"), namespace)  # noqa: S102


_corrected()
