"""Where an HTML element ends in a string of markup: for the few places that move or cut whole elements of
HTML kambook itself wrote or sanitised (a figure moved after the text, an index entry cut in two, a CMS
card replaced), where a parse and a re-serialisation would rewrite everything else too."""

from __future__ import annotations

import re

_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>|<!--.*?-->", re.DOTALL)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def element_end(html: str, start: int) -> int:
    """The index just after the element whose start tag is at ``start``; elements of the same name may nest,
    tags inside comments do not count. The end of the string when the element is never closed."""
    name = re.match(r"<([a-zA-Z0-9]+)", html[start:]).group(1).lower()
    depth = 0
    for tag in _TAG.finditer(html, start):
        closing, tag_name, self_closing = tag.group(1), (tag.group(2) or "").lower(), tag.group(3)
        if tag_name != name or tag_name in _VOID or self_closing:
            continue
        depth += -1 if closing else 1
        if depth == 0:
            return tag.end()
    return len(html)
