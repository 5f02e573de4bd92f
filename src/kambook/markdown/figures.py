"""An image alone in its paragraph becomes a figure; its alt text becomes the numbered caption.

A caption names a figure for someone who sees it; a reader who cannot see it needs a description of
what it shows. ``{alt="…"}`` after the image gives one; without it the caption stands in.

The paragraph's three tokens are replaced by one ``figure`` token whose children are the caption's
inline tokens, so later passes (typography, references) walk the caption like any other text.
"""

from __future__ import annotations

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token


def _figures(state: StateCore) -> None:
    out: list[Token] = []
    tokens = state.tokens
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if (token.type == "paragraph_open" and i + 2 < len(tokens) and tokens[i + 2].type == "paragraph_close"
                and tokens[i + 1].children is not None):
            children = [c for c in tokens[i + 1].children if not (c.type == "text" and not c.content.strip())]
            if len(children) == 1 and children[0].type == "image":
                image = children[0]
                figure = Token("figure", "figure", 0, map=token.map, block=True)
                figure.attrs = {k: v for k, v in image.attrs.items() if k in ("id", "class")}
                figure.meta = {"src": str(image.attrGet("src") or ""), "alt": image.content,
                               "description": str(image.attrGet("alt") or ""),
                               "title": str(image.attrGet("title") or ""), "line": (token.map or [0])[0] + 1}
                figure.children = image.children or []
                out.append(figure)
                i += 3
                continue
        out.append(token)
        i += 1
    state.tokens = out


def figures_plugin(md: MarkdownIt) -> None:
    md.core.ruler.after("inline", "figures", _figures)
