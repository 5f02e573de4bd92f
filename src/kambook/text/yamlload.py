"""YAML read with libyaml when PyYAML has it, with PyYAML's own words when the file is wrong.

The glossary and index files are read at every build; the pure-Python loader spent a fifth of a second
on them. libyaml words its errors differently ("found a tab character that violates indentation"), so a
file that fails is read again by the pure-Python loader, whose message — the one every other YAML file
of the project gets — is the one shown.
"""

from __future__ import annotations

from typing import Any

import yaml

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose_and_load(text: str) -> tuple[yaml.Node | None, Any]:
    """The document's node tree (for line numbers) and its data."""
    try:
        loader = FAST_LOADER(text)
        try:
            node = loader.get_single_node()
            return node, loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError:
        node = yaml.compose(text, Loader=yaml.SafeLoader)  # raises, worded as everywhere else
        return node, yaml.load(text, Loader=yaml.SafeLoader)
