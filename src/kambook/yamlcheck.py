"""Checking the YAML files an author writes (book.yaml, the glossary, the index terms, the event file,
chapter front matter) against schemas declared as data.

The text is composed into nodes, not loaded into dicts, so that every value keeps its line; walking a
schema collects every problem instead of stopping at the first, so an author who mistypes three keys
sees three messages, each at its line, in one build.

A converter is a function ``(checker, node, what) -> value``: it returns the value, or ``None`` once it
has reported why there is none. ``what`` names the value as the author wrote it (``'title'``,
``item 2 of 'parts'``). ``mapping`` and ``sequence_of`` build converters from tables of fields, so a
schema is a value that reads top to bottom like the file it describes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, NoReturn

import yaml

from .errors import Location, Problem, ProblemsError
from .text.yamlload import compose, yaml_error

Converter = Callable[[Any, yaml.Node, str], Any]
#: ``Field.default`` when a field absent from the file is left out (the dataclass's default applies).
ABSENT = object()
#: Up to this many keys, an unknown key's message lists them all when no known key looks like it.
KNOWN_LISTED = 12


@dataclass(frozen=True)
class Field:
    """One key of a mapping: how its value is checked, whether the author must give it, and the name the
    built object calls it when that differs (``bleed`` → ``bleed_mm``)."""

    convert: Converter
    required: bool = False
    default: Any = ABSENT
    to: str = ""


class Checker:
    """Collects the problems of one file. ``offset`` is the file line of the text's first line: front
    matter is a YAML text inside a chapter, and its author reads the chapter's lines."""

    def __init__(self, file: str, error: type[ProblemsError], offset: int = 1) -> None:
        self.file = file
        self.error = error
        self.offset = offset
        self.problems: list[Problem] = []

    def line(self, node: yaml.Node) -> int:
        return node.start_mark.line + self.offset

    def fail(self, node: yaml.Node | None, message: str) -> None:
        self.problems.append(Problem(Location(self.file, self.line(node) if node is not None else 0), message))

    def stop(self, message: str, line: int = 0, column: int = 0) -> NoReturn:
        """A problem that leaves nothing to check further (the file cannot be read)."""
        raise self.error([Problem(Location(self.file, line, column), message)])

    def read(self, path: Path) -> yaml.Node | None:
        """The file's node tree; a file that is not UTF-8 or not YAML stops here, at its line."""
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            self.stop(f"not UTF-8 text (byte {exc.start}): save it as UTF-8", data.count(b"\n", 0, exc.start) + 1)
        return self.parse(text)

    def parse(self, text: str, what: str = "this") -> yaml.Node | None:
        try:
            return compose(text)
        except yaml.YAMLError as exc:
            line, column, problem = yaml_error(exc, text)
            self.stop(f"{what} is not valid YAML: {problem}", line and line + self.offset - 1, column)

    def check(self, node: yaml.Node | None, convert: Converter, what: str, empty: str = "") -> Any:
        """The converted document; raises ``error`` with every problem found."""
        if node is None:
            self.stop(empty or f"{what} is empty", self.offset)
        value = convert(self, node, what)
        self.raise_problems()
        return value

    def raise_problems(self) -> None:
        if self.problems:
            raise self.error(self.problems)


def kind(node: yaml.Node | None) -> str:
    return {yaml.MappingNode: "mapping", yaml.SequenceNode: "list", yaml.ScalarNode: "single value"}.get(
        type(node), "nothing")


def closest(word: str, choices: list[str]) -> str:
    """`` (did you mean 'x'?)`` when one of ``choices`` looks like ``word``, else nothing."""
    match = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""


def value_node(node: yaml.Node | None, key: str) -> yaml.Node | None:
    """The value of ``key`` in a mapping node, for checks across fields that need its line."""
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((v for k, v in node.value if getattr(k, "value", None) == key), None)


# -- mappings and lists ------------------------------------------------------------------------------


def check_mapping(c: Checker, node: yaml.Node, what: str, fields: dict[str, Field]) -> dict[str, Any] | None:
    """The converted values of a mapping, by ``Field.to`` name (those that are wrong left out, each
    problem reported); None when it is no mapping."""
    if not isinstance(node, yaml.MappingNode):
        c.fail(node, f"{what} must be a mapping of keys to values, not a {kind(node)}")
        return None
    values: dict[str, Any] = {}
    seen: set[str] = set()
    for key_node, value_node_ in node.value:
        key = str(key_node.value)
        if key not in fields:
            hint = closest(key, list(fields))
            if not hint and len(fields) <= KNOWN_LISTED:
                hint = f" (known: {', '.join(fields)})"
            c.fail(key_node, f"unknown key '{key}' in {what}{hint}")
        elif key in seen:
            c.fail(key_node, f"key '{key}' appears twice in {what}: keep one")
        else:
            seen.add(key)
            value = fields[key].convert(c, value_node_, f"'{key}'")
            if value is not None:
                values[fields[key].to or key] = value
    for key, spec in fields.items():
        if spec.required and key not in seen:
            c.fail(node, f"{what} has no '{key}': add it")
        elif key not in seen and spec.default is not ABSENT:
            values[spec.to or key] = spec.default
    return values


def complete(values: dict[str, Any] | None, fields: dict[str, Field]) -> bool:
    """Whether every required value is there to build an object from."""
    return values is not None and all((spec.to or key) in values for key, spec in fields.items() if spec.required)


def mapping(fields: dict[str, Field], build: Callable[..., Any] = dict, line: bool = False) -> Converter:
    """A converter of a mapping into ``build(**values)`` (a frozen dataclass, say), with ``line=`` its
    line in the file when ``line``."""
    def convert(c: Checker, node: yaml.Node, what: str) -> Any:
        values = check_mapping(c, node, what, fields)
        if not complete(values, fields):
            return None
        return build(**values, line=c.line(node)) if line else build(**values)
    return convert


def sequence_of(item: Converter, empty: str = "") -> Converter:
    """A converter of a list into a tuple of its converted items; ``empty`` is the problem of an empty
    list (``{what}`` names it), when one must have items."""
    def convert(c: Checker, node: yaml.Node, what: str) -> tuple[Any, ...] | None:
        if not isinstance(node, yaml.SequenceNode):
            c.fail(node, f"{what} must be a list (lines starting with '- '), not a {kind(node)}")
            return None
        if empty and not node.value:
            c.fail(node, empty.format(what=what))
            return None
        values = [item(c, child, f"item {i} of {what}") for i, child in enumerate(node.value, 1)]
        return tuple(v for v in values if v is not None)
    return convert


# -- single values -----------------------------------------------------------------------------------


def scalar(c: Checker, node: yaml.Node, what: str) -> str | None:
    """The value as written: ``2015`` stays the text 2015, whatever YAML would make of it."""
    if not isinstance(node, yaml.ScalarNode):
        c.fail(node, f"{what} must be a single value, not a {kind(node)}")
        return None
    return str(node.value)


def text(c: Checker, node: yaml.Node, what: str) -> str | None:
    """A text with something in it, without its surrounding spaces."""
    value = scalar(c, node, what)
    if value is not None and not value.strip():
        c.fail(node, f"{what} is empty")
        return None
    return value.strip() if value is not None else None


def words(c: Checker, node: yaml.Node, what: str) -> tuple[str, ...] | None:
    """One text or a list of texts: authors write ``labels: kam`` as often as ``labels: [kam, btob]``."""
    if isinstance(node, yaml.ScalarNode):
        return (node.value.strip(),) if node.value.strip() else ()
    return sequence_of(text)(c, node, what)


def boolean(c: Checker, node: yaml.Node, what: str) -> bool | None:
    value = (scalar(c, node, what) or "").lower()
    if value not in ("true", "false", "yes", "no"):
        c.fail(node, f"{what} must be true or false")
        return None
    return value in ("true", "yes")


def date(c: Checker, node: yaml.Node, what: str) -> dt.date | None:
    value = scalar(c, node, what)
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        c.fail(node, f"{what} must be a date written YYYY-MM-DD, not '{value}'")
        return None


def number(kind_: type, low: float, high: float) -> Converter:
    """An ``int`` or ``float`` between ``low`` and ``high``."""
    def convert(c: Checker, node: yaml.Node, what: str) -> float | None:
        value = scalar(c, node, what)
        try:
            result = kind_(value)
        except (TypeError, ValueError):
            if value is not None:
                c.fail(node, f"{what} must be a number, not '{value}'")
            return None
        if not low <= result <= high:
            c.fail(node, f"{what} must be between {low:g} and {high:g}")
            return None
        return result
    return convert


def choice(*allowed: str) -> Converter:
    def convert(c: Checker, node: yaml.Node, what: str) -> str | None:
        value = text(c, node, what)
        if value is not None and value not in allowed:
            c.fail(node, f"{what} is '{value}'; choose one of: {', '.join(allowed)}{closest(value, list(allowed))}")
            return None
        return value
    return convert


def pattern(regex: re.Pattern[str], advice: str) -> Converter:
    """A text ``regex`` matches; ``advice`` follows the value in the message (``must look like …``)."""
    def convert(c: Checker, node: yaml.Node, what: str) -> str | None:
        value = text(c, node, what)
        if value is not None and not regex.match(value):
            c.fail(node, f"{what} '{value}' {advice}")
            return None
        return value
    return convert
