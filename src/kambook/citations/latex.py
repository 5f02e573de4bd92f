"""The LaTeX of BibTeX fields as escaped HTML, through pylatexenc.

pylatexenc parses the field and knows the accents and symbols (``{\\'e}``, ``\\"{o}``, ``\\ss``,
``\\&``…); this module only walks its nodes to keep what a bibliography shows as markup
(``\\emph``/``\\textit`` → ``<i>``, ``\\textbf`` → ``<b>``, super- and subscripts) and escapes
everything else, because citeproc-py pastes variables into its HTML without escaping them.
Braces only protect case in BibTeX; the style never changes case, so they are dropped. An unknown
command is dropped and its argument kept, which is what a reader would expect.
"""

from __future__ import annotations

import html
import re
import unicodedata

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexMathNode,
    LatexNode,
    LatexWalker,
    LatexWalkerError,
    get_default_latex_context_db,
)
from pylatexenc.macrospec import MacroSpec

__all__ = ["LatexError", "latex_to_html", "latex_to_text"]

#: Commands printed as markup rather than flattened to text.
_STYLES = {"emph": "i", "textit": "i", "textsl": "i", "textbf": "b", "textsuperscript": "sup",
           "textsubscript": "sub"}
#: Commands pylatexenc does not know, or renders otherwise than a bibliography should.
_SYMBOLS = {"og": "«", "fg": "»", ",": "\u202f", "-": "", "/": "", "noopsort": "", "relax": "",
            "textellipsis": "…", "euro": "€", "texteuro": "€"}
# Commands pylatexenc parses without their arguments by default; ``\\href{url}{text}`` keeps its text.
_CONTEXT = get_default_latex_context_db()
_CONTEXT.add_context_category("kambook-bibliography", prepend=True, macros=[
    MacroSpec("textsuperscript", "{"), MacroSpec("textsubscript", "{"), MacroSpec("href", "{{"),
    MacroSpec("url", "{"),
])
# math_mode="text": « $x^2$ » keeps its content, as the hand-written reader did.
_TO_TEXT = LatexNodes2Text(math_mode="text", keep_comments=True, strict_latex_spaces=False)


class LatexError(ValueError):
    """A field whose braces do not balance: the caller names the entry and its line."""


def latex_to_html(text: str) -> str:
    """Escaped HTML for a field value: ``Le Ph{\\'e}nix \\& \\emph{la} colombe`` → ``Le Phénix &amp; <i>la</i> colombe``."""
    # A per cent sign is text in BibTeX, not the start of a LaTeX comment.
    text = re.sub(r"(?<!\\)%", r"\\%", text)
    try:
        walker = LatexWalker(text, latex_context=_CONTEXT, tolerant_parsing=False)
        nodes, _, _ = walker.get_latex_nodes()
    except LatexWalkerError as error:
        message = str(error).splitlines()[0]
        raise LatexError("unclosed '{'" if "expecting '}'" in message else "unbalanced '}'") from error
    result = re.sub(r"[ \t\r\n]+", " ", _nodes_html(nodes or []))
    return unicodedata.normalize("NFC", re.sub(" {2,}", " ", result).strip())


def latex_to_text(text: str) -> str:
    """Plain text, for tests on content (name case, years) rather than for output; tolerant."""
    try:
        return html.unescape(re.sub(r"<[^>]+>", "", latex_to_html(text)))
    except LatexError:
        return text


def _nodes_html(nodes: list[LatexNode]) -> str:
    out: list[str] = []
    for node in nodes:
        if isinstance(node, LatexGroupNode):
            out.append(_nodes_html(node.nodelist))
        elif isinstance(node, LatexMacroNode):
            out.append(_macro_html(node))
        elif isinstance(node, LatexMathNode):
            out.append(_nodes_html(node.nodelist))
        elif isinstance(node, LatexCharsNode):
            out.append(html.escape(node.chars, quote=False))
        else:  # specials: ~ (no-break space), -- and --- (dashes), `` and '' (quotes)
            out.append(html.escape(_TO_TEXT.node_to_text(node), quote=False))
    return "".join(out)


def _macro_html(node: LatexMacroNode) -> str:
    name = node.macroname
    arguments = [argument for argument in (node.nodeargd.argnlist if node.nodeargd else []) if argument]
    if name in _STYLES:
        tag = _STYLES[name]
        return f"<{tag}>{_nodes_html(arguments)}</{tag}>"
    if name in ("href", "url"):
        return _nodes_html(arguments[-1:])
    if name in _SYMBOLS:
        return html.escape(_SYMBOLS[name], quote=False)
    try:
        text = _TO_TEXT.node_to_text(node)
    except (IndexError, AttributeError, TypeError):  # a known command written without its arguments
        text = ""
    if not text.strip() and arguments:  # an unknown command: keep what it was applied to
        return _nodes_html(arguments)
    return html.escape(text, quote=False)
