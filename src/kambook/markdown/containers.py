"""Block containers of the manuscript: ``::: table {#tab:x} Légende`` and ``::: encadre {#enc:x} Titre``.

The opening line carries the label and the caption (or title); a core rule parses them once, so
renderers and the numbering pass read ``token.meta`` instead of re-parsing the info string.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from mdit_py_plugins.attrs.parse import ParseError, parse
from mdit_py_plugins.container import container_plugin

KINDS = ("table", "encadre")
ATTRS = re.compile(r"\{[^{}]*\}")


def _validate(name: str):  # noqa: ANN202 - the plugin's callback signature
    def validate(params: str, *_: object) -> bool:
        return params.strip().split(" ", 1)[0] == name
    return validate


def _parse_info(state: StateCore) -> None:
    for token in state.tokens:
        kind = token.type.removeprefix("container_").removesuffix("_open")
        if not (token.type.startswith("container_") and token.type.endswith("_open") and kind in KINDS):
            continue
        rest = token.info.strip()[len(kind):].strip()
        match = ATTRS.search(rest)
        if match:
            try:
                _, attrs = parse(match.group(0))
            except ParseError:
                attrs = {}
            rest = (rest[: match.start()] + rest[match.end():]).strip()
            for key in ("id", "lang"):
                if key in attrs:
                    token.attrSet(key, attrs[key])
            if "class" in attrs:
                token.attrJoin("class", attrs["class"])
        token.meta["kind"] = kind
        token.meta["line"] = (token.map or [0])[0] + 1
        token.meta["caption"] = rest
        caption = state.md.parseInline(rest, state.env)[0].children if rest else []
        for child in caption or []:
            child.meta.setdefault("line", token.meta["line"])
        token.children = caption or []


def containers_plugin(md: MarkdownIt) -> None:
    for kind in KINDS:
        container_plugin(md, kind, validate=_validate(kind))
    md.core.ruler.after("inline", "container_info", _parse_info)
