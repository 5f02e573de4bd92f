"""The YAML checking toolkit (``kambook.yamlcheck``): a schema declared as data, every problem at its line."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from kambook import yamlcheck as yc
from kambook.errors import ProblemsError

F = yc.Field


@dataclass(frozen=True)
class Room:
    name: str
    seats: int = 0
    open: bool = True
    line: int = 0


ROOM = {"name": F(yc.text, True), "seats": F(yc.number(int, 1, 500)), "open": F(yc.boolean)}
VENUE = {
    "city": F(yc.choice("Paris", "Lyon"), True),
    "opened": F(yc.date),
    "code": F(yc.pattern(re.compile(r"^[A-Z]{3}$"), "must be three capital letters, e.g. CDG")),
    "tags": F(yc.words, default=()),
    "rooms": F(yc.sequence_of(yc.mapping(ROOM, Room, line=True), empty="{what} is empty: list the rooms")),
}


def problems(text: str, schema: dict = VENUE, offset: int = 1) -> list[str]:
    c = yc.Checker("venue.yaml", ProblemsError, offset)
    with pytest.raises(ProblemsError) as raised:
        c.check(c.parse(text), yc.mapping(schema), "the venue")
    return [str(p) for p in raised.value.problems]


def test_a_valid_file_is_converted_with_defaults_and_dataclasses() -> None:
    c = yc.Checker("venue.yaml", ProblemsError)
    text = "city: Paris\nopened: 2015-01-22\nrooms:\n  - name: Grande salle\n    seats: 300\n  - {name: B, open: no}\n"
    assert c.check(c.parse(text), yc.mapping(VENUE), "the venue") == {
        "city": "Paris", "opened": dt.date(2015, 1, 22), "tags": (),
        "rooms": (Room("Grande salle", 300, True, 4), Room("B", 0, False, 6))}


def test_every_problem_is_reported_each_at_its_line() -> None:
    assert problems("citi: Paris\nopened: 22/01/2015\ncode: cdg\ntags: {a: b}\nrooms:\n  - seats: beaucoup\n"
                    "    open: peut-être\n  - name: [B]\n  - name: C\n    seats: 900\n") == [
        "venue.yaml:1: the venue has no 'city': add it",
        "venue.yaml:1: unknown key 'citi' in the venue (did you mean 'city'?)",
        "venue.yaml:2: 'opened' must be a date written YYYY-MM-DD, not '22/01/2015'",
        "venue.yaml:3: 'code' 'cdg' must be three capital letters, e.g. CDG",
        "venue.yaml:4: 'tags' must be a list (lines starting with '- '), not a mapping",
        "venue.yaml:6: 'seats' must be a number, not 'beaucoup'",
        "venue.yaml:6: item 1 of 'rooms' has no 'name': add it",
        "venue.yaml:7: 'open' must be true or false",
        "venue.yaml:8: 'name' must be a single value, not a list",
        "venue.yaml:10: 'seats' must be between 1 and 500",
    ]


def test_unknown_keys_are_listed_when_none_looks_alike_and_duplicates_are_named() -> None:
    assert problems("city: Lyon\nparking: oui\ncity: Paris\n") == [
        "venue.yaml:2: unknown key 'parking' in the venue (known: city, opened, code, tags, rooms)",
        "venue.yaml:3: key 'city' appears twice in the venue: keep one"]


def test_a_choice_suggests_the_closest_value_and_an_empty_list_says_what_to_do() -> None:
    assert problems("city: Pari\nrooms: []\n") == [
        "venue.yaml:1: 'city' is 'Pari'; choose one of: Paris, Lyon (did you mean 'Paris'?)",
        "venue.yaml:2: 'rooms' is empty: list the rooms"]


def test_wrong_kinds_are_named() -> None:
    assert problems("- city: Paris\n") == ["venue.yaml:1: the venue must be a mapping of keys to values, not a list"]
    assert problems("city: [Paris]\n") == ["venue.yaml:1: 'city' must be a single value, not a list"]
    assert problems("city: '  '\n") == ["venue.yaml:1: 'city' is empty"]


def test_an_offset_gives_the_lines_of_the_enclosing_file() -> None:
    """Front matter starts on line 2 of its chapter: its problems are at the chapter's lines."""
    assert problems("city: Paris\ncode: x\n", offset=2) == ["venue.yaml:3: 'code' 'x' must be three capital letters, "
                                                            "e.g. CDG"]
    c = yc.Checker("chapitre.md", ProblemsError, offset=2)
    with pytest.raises(ProblemsError) as raised:
        c.parse("title: Un\nlabel: ch:un: deux\n", "the front matter")
    assert [str(p) for p in raised.value.problems] == [
        "chapitre.md:3:13: the front matter is not valid YAML: mapping values are not allowed here"]


def test_a_scalar_keeps_the_text_as_written() -> None:
    c = yc.Checker("venue.yaml", ProblemsError)
    schema = {"name": F(yc.scalar), "names": F(yc.words)}
    assert c.check(c.parse("name: 2015\nnames: 1984\n"), yc.mapping(schema), "x") == {"name": "2015", "names": ("1984",)}


def test_reading_a_file_reports_bad_bytes_and_empty_files(tmp_path: Path) -> None:
    path = tmp_path / "venue.yaml"
    path.write_bytes(b"city: Paris\nname: Caf\xe9\n")
    with pytest.raises(ProblemsError) as raised:
        yc.Checker("venue.yaml", ProblemsError).read(path)
    assert [str(p) for p in raised.value.problems] == ["venue.yaml:2: not UTF-8 text (byte 21): save it as UTF-8"]
    path.write_text("# nothing yet\n", encoding="utf-8")
    c = yc.Checker("venue.yaml", ProblemsError)
    with pytest.raises(ProblemsError) as raised:
        c.check(c.read(path), yc.mapping(VENUE), "the venue")
    assert [str(p) for p in raised.value.problems] == ["venue.yaml:1: the venue is empty"]


def test_value_node_finds_a_key_for_checks_across_fields() -> None:
    node = yc.Checker("x", ProblemsError).parse("a: 1\nb:\n  c: 2\n")
    assert yc.value_node(yc.value_node(node, "b"), "c").start_mark.line == 2
    assert yc.value_node(node, "z") is None and yc.value_node(None, "a") is None
