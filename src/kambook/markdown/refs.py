"""``[@fig:label]`` cross-references and ``[@key, p. 14]`` citations, in one inline rule.

A bracket starting with ``@`` whose single key has a kind prefix (``fig:``, ``ch:``…) is a
cross-reference; anything else is a citation. Both become tokens resolved later, once every label
of the book is known: the parser alone cannot know that figure 3.2 is 3.2.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

LABEL_KINDS = ("ch", "part", "sec", "fig", "tab", "enc", "app")
XREF = re.compile(r"^@(?P<prefix>[A-Za-z]+):(?P<name>[A-Za-z0-9][\w.-]*)(?:\|(?P<form>\w+))?$")


def _refs(state: StateInline, silent: bool) -> bool:
    src, pos = state.src, state.pos
    if not src.startswith("[@", pos):
        return False
    end = src.find("]", pos + 2)
    if end < 0 or "[" in src[pos + 1:end]:
        return False
    inner = src[pos + 1:end].strip()
    if not silent:
        match = XREF.match(inner)
        if match and match["prefix"].lower() in LABEL_KINDS:
            token = state.push("xref", "", 0)
            prefix = match["prefix"]
            token.meta = {"label": f"{prefix.lower()}:{match['name']}",
                          "capital": prefix[0].isupper(), "form": match["form"] or "", "raw": inner}
        else:
            token = state.push("cite", "", 0)
            token.meta = {"raw": inner}
        token.content = inner
    state.pos = end + 1
    return True


def refs_plugin(md: MarkdownIt) -> None:
    md.inline.ruler.before("link", "refs", _refs)
