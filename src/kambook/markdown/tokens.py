"""Small helpers to walk markdown-it token trees."""

from __future__ import annotations

from typing import Iterator

from markdown_it.token import Token


def walk(tokens: list[Token]) -> Iterator[Token]:
    """Every token, depth first, children after their parent."""
    for token in tokens:
        yield token
        if token.children:
            yield from walk(token.children)


def plain_text(tokens: list[Token] | None) -> str:
    """The text a reader sees, for titles in the registry, alt texts and search."""
    out: list[str] = []
    for token in walk(tokens or []):
        if token.type in ("text", "code_inline"):
            out.append(token.content)
        elif token.type in ("softbreak", "hardbreak"):
            out.append(" ")
        elif token.type == "xref":
            out.append(token.meta.get("text", token.content))
    return "".join(out).strip()
