"""Give inline tokens the source line they come from, so a broken reference is reported at its line."""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore


def _number_lines(state: StateCore) -> None:
    for token in state.tokens:
        if token.type != "inline" or not token.map or not token.children:
            continue
        line = token.map[0] + 1
        for child in token.children:
            child.meta.setdefault("line", line)
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.content:
                line += child.content.count("\n")


def source_lines_plugin(md: MarkdownIt) -> None:
    md.core.ruler.push("source_lines", _number_lines)
