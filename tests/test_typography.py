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

from fixturefile import read_cases, unescape

import pytest

from kambook.text.typography import typeset

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "typography"


def read_fixture_file(path: Path) -> list[tuple[str, str, str]]:
    """(name, input, expected) of every case; the text between the '.' lines, without a final newline."""
    return [(name, "\n".join(given), "\n".join(wanted)) for name, given, wanted in read_cases(path)]

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
