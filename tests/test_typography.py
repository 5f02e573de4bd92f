"""``typeset(text, lang)``: French (and English) typography on plain text, compared as exact strings.

Each fixture file of ``fixtures/typography`` holds the cases of one topic, in markdown-it-py's fixture format::

    name of the case
    .
    text as the author typed it
    .
    text once typeset
    .

A case whose name ends with ``[en]`` is typeset as English, any other as French. The invisible spaces are
written ``{NNBSP}`` (U+202F, narrow no-break space) and ``{NBSP}`` (U+00A0, no-break space).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kambook.transform.typography import NBSP, NNBSP, typeset

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "typography"
ESCAPES = {"{NNBSP}": NNBSP, "{NBSP}": NBSP}


def unescape(text: str) -> str:
    for name, char in ESCAPES.items():
        text = text.replace(name, char)
    return text


def read_fixture_file(path: Path) -> list[tuple[str, str, str]]:
    """(name, input, expected) of every case; the text between the '.' lines, without a final newline."""
    lines = path.read_text(encoding="utf-8").split("\n")
    cases: list[tuple[str, str, str]] = []
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
                section.append(lines[i])
                i += 1
            i += 1
        cases.append((name, unescape("\n".join(sections[0])), unescape("\n".join(sections[1]))))
    return cases


def load_cases() -> list:
    params, seen = [], set()
    for path in sorted(FIXTURES.glob("*.txt")):
        for name, text, expected in read_fixture_file(path):
            case_id = f"{path.stem}: {name}"
            assert case_id not in seen, f"duplicate case {case_id!r}"
            seen.add(case_id)
            params.append(pytest.param(text, expected, "en" if name.endswith("[en]") else "fr", id=case_id))
    return params


CASES = load_cases()


def test_fixtures_are_found() -> None:
    assert len(CASES) >= 50


def test_escapes_are_the_real_characters() -> None:
    assert unescape("{NNBSP}{NBSP}") == "\u202f\u00a0"


@pytest.mark.parametrize(("text", "expected", "lang"), CASES)
def test_typeset(text: str, expected: str, lang: str) -> None:
    assert typeset(text, lang) == expected


@pytest.mark.parametrize(("text", "expected", "lang"), CASES)
def test_typeset_twice_is_typeset_once(text: str, expected: str, lang: str) -> None:
    once = typeset(text, lang)
    assert typeset(once, lang) == once


@pytest.mark.parametrize(("text", "expected", "lang"), CASES)
def test_expected_text_is_already_typeset(text: str, expected: str, lang: str) -> None:
    assert typeset(expected, lang) == expected


@pytest.mark.parametrize(("lang", "expected"), [("fr-FR", "«\u202foui\u202f»\u202f!"), ("en-GB", "“oui” !")])
def test_regional_language_codes(lang: str, expected: str) -> None:
    assert typeset('"oui" !', lang) == expected


@pytest.mark.parametrize(
    ("text", "prev", "expected"),
    [
        ('"', "a", "\u202f»"),  # a quote right after a word closes
        ('"', " ", "«\u202f"),  # a quote after a space opens
        ('"', "", "«\u202f"),  # a quote at the start of a paragraph opens
        (" ?", "n", "\u202f?"),  # the previous token ends with a word: the space becomes narrow
        ("?", "n", "\u202f?"),
        (" : suite", "e", "\u00a0: suite"),
        ("'hui", "d", "’hui"),
        ("..", ".", ".."),  # the previous token's text is never rewritten
    ],
)
def test_previous_character_from_the_token_before(text: str, prev: str, expected: str) -> None:
    assert typeset(text, "fr", prev) == expected
