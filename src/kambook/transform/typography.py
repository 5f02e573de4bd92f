"""The typography pass: every text token of a document, its titles and the titles the registry lends to
references, set once by the rules of ``text.typography``, so no product prints a word the pass has not seen."""

from __future__ import annotations

from dataclasses import replace

from markdown_it.token import Token

from ..model import Document, Registry
from ..text.typography import typeset


def typeset_document(doc: Document, registry: Registry, lang: str) -> None:
    """Typeset a document: its text tokens, and its titles (headings, table of contents, running heads,
    PDF outline), so no output prints a title the typography pass has not seen."""
    lang = doc.lang or lang
    typeset_tokens(doc.tokens, lang)
    doc.title, doc.short_title = typeset(doc.title, lang), typeset(doc.short_title, lang)
    for label, target in registry.targets.items():
        if target.doc == doc.slug and target.title:
            registry.targets[label] = replace(target, title=typeset(target.title, lang))


def typeset_tokens(tokens: list[Token], lang: str) -> None:
    """Typeset every text token of a document in place, following ``lang`` attributes down the tree."""
    stack: list[str] = [lang]
    for token in tokens:
        if token.nesting == 1:
            stack.append(str(token.attrGet("lang") or stack[-1]))
        current = str(token.attrGet("lang") or stack[-1]) if token.nesting == 0 else stack[-1]
        if token.children:
            _typeset_inline(token.children, current)
        if token.type == "figure" and token.meta.get("description"):
            token.meta["description"] = typeset(token.meta["description"], current)
        if token.nesting == -1 and len(stack) > 1:
            stack.pop()


def _typeset_inline(children: list[Token], lang: str) -> None:
    stack: list[str] = [lang]
    prev = ""
    in_autolink = 0
    for child in children:
        if child.type == "link_open" and child.markup in ("autolink", "linkify"):
            in_autolink += 1
        elif child.type == "link_close" and in_autolink:
            in_autolink -= 1
        if child.nesting == 1:
            stack.append(str(child.attrGet("lang") or stack[-1]))
        elif child.nesting == -1 and len(stack) > 1:
            stack.pop()
        if child.type == "text" and not in_autolink:
            child.content = typeset(child.content, stack[-1], prev)
        elif child.type == "xref" and "text" in child.meta:
            child.meta["text"] = typeset(child.meta["text"], stack[-1])
        if child.type in ("text", "code_inline"):
            prev = child.content[-1:] or prev
        elif child.type in ("xref", "cite", "footnote_ref", "image"):
            prev = ")" if child.type == "cite" else "x"  # they print as words: « partie I : »
        elif child.type in ("softbreak", "hardbreak"):
            prev = " "
        elif child.children:
            _typeset_inline(child.children, stack[-1])
