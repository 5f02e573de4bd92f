"""``## Titre {#sec:label .class}``: attributes at the end of a heading line (pandoc's syntax)."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.attrs.parse import ParseError, parse

TRAILING = re.compile(r"\s*(\{[^{}]*\})\s*$")


def _heading_attrs(state: StateCore) -> None:
    tokens = state.tokens
    for i, token in enumerate(tokens):
        if token.type != "heading_open" or i + 1 >= len(tokens):
            continue
        inline = tokens[i + 1]
        last = inline.children[-1] if inline.children else None
        if last is None or last.type != "text":
            continue
        match = TRAILING.search(last.content)
        if not match:
            continue
        try:
            _, attrs = parse(match.group(1))
        except ParseError:
            continue
        last.content = last.content[: match.start()]
        inline.content = TRAILING.sub("", inline.content)
        for key, value in attrs.items():
            if key == "class":
                token.attrJoin("class", value)
            elif key in ("id", "lang"):
                token.attrSet(key, value)


def heading_attrs_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "heading_attrs", _heading_attrs)
