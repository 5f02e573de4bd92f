"""Reader of fixture files: cases of input beside expected output, as markdown-it-py's fixtures.

    name of the case
    .
    input lines
    .
    expected lines
    .

Invisible characters are written visibly: ``{NNBSP}`` for U+202F, ``{NBSP}`` for U+00A0.
"""

from __future__ import annotations

from pathlib import Path

ESCAPES = {"{NNBSP}": "\u202f", "{NBSP}": "\u00a0"}


def unescape(text: str) -> str:
    for name, char in ESCAPES.items():
        text = text.replace(name, char)
    return text


def read_cases(path: Path) -> list[tuple[str, list[str], list[str]]]:
    """(name, input lines, expected lines) of every case, escapes replaced."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[tuple[str, list[str], list[str]]] = []
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        name = lines[i]
        assert lines[i + 1] == ".", f"{path.name}:{i + 2}: expected '.' after the case name {name!r}"
        sections: list[list[str]] = [[], []]
        i += 2
        for section in sections:
            while lines[i] != ".":
                section.append(unescape(lines[i]))
                i += 1
            i += 1
        cases.append((name, sections[0], sections[1]))
    return cases
