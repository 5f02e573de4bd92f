"""YAML read with libyaml when PyYAML has it, with PyYAML's own words when the file is wrong.

The glossary and index files are read at every build; the pure-Python composer spent a fifth of a second
on them. libyaml words its errors differently ("found a tab character that violates indentation"), so a
file that fails is read again by the pure-Python loader, whose message is the one shown.
"""

from __future__ import annotations


import yaml

FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def compose(text: str) -> yaml.Node | None:
    """The document's node tree, which keeps every value's line."""
    try:
        loader = FAST_LOADER(text)
        try:
            return loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError:
        return yaml.compose(text, Loader=yaml.SafeLoader)  # raises, worded as everywhere else


def yaml_error(exc: yaml.YAMLError, text: str) -> tuple[int, int, str]:
    """(line, column, what is wrong) of any error PyYAML raises: most carry a mark, but a character YAML
    forbids (a control character pasted from a PDF) is reported by the reader with an offset only."""
    if isinstance(exc, yaml.MarkedYAMLError) and exc.problem_mark is not None:
        mark = exc.problem_mark
        return mark.line + 1, mark.column + 1, str(exc.problem)
    if isinstance(exc, yaml.reader.ReaderError):
        start = text.rfind("\n", 0, exc.position) + 1
        return (text.count("\n", 0, exc.position) + 1, exc.position - start + 1,
                f"the character U+{exc.character:04X} is not allowed in YAML: remove it")
    return 0, 0, str(getattr(exc, "problem", None) or exc)
