"""BibTeX files through bibtexparser 2: entries with their line, ``@string`` macros, ``#`` concatenation.

bibtexparser splits the file into blocks and gives each its start line; it keeps going after a
broken entry and files it among its failed blocks. A book must not lose a work silently, so the
first failed block stops the build here, with the file, the line and what to check. Its default
middlewares are not used: its string resolution knows neither ``#`` nor the month macros, so the
values are expanded here, in file order, as BibTeX does.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

import bibtexparser
from bibtexparser.model import Block, Entry, ParsingFailedBlock, String

from kambook.errors import Location, SourceError

__all__ = ["BibEntry", "read_bibtex"]

# bibtexparser logs each failed block before handing it over; we report it ourselves, once.
logging.getLogger("bibtexparser").setLevel(logging.CRITICAL)

#: BibTeX's predefined macros: ``month = apr`` is April.
MONTH_MACROS = {name: str(index + 1) for index, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
# One piece of a value: a delimited text, a number or a macro name.
_PIECE = re.compile(r'\s*(?:(?P<open>[{"])|(?P<number>\d+)|(?P<macro>[A-Za-z_][\w:.+-]*))')
_SPACE = re.compile(r"\s*")
# A line that starts another field, inside a value: the sign of a brace left open.
_FIELD_LINE = re.compile(r"^[ \t]*([A-Za-z][\w-]*)[ \t]*=", re.MULTILINE)


@dataclass(frozen=True)
class BibEntry:
    """One entry as written: lowercase type and field names, values expanded but still LaTeX."""

    type: str
    key: str
    fields: dict[str, str]
    line: int


class _ValueProblem(Exception):
    """A value that cannot be expanded; ``offset`` is where in the value, to find the line."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(message)
        self.offset = offset


def read_bibtex(text: str, file: str) -> list[BibEntry]:
    """Every entry of a ``.bib`` text; ``SourceError`` at the first block an author has to fix."""
    library = bibtexparser.parse_string(_hide_commented_entries(text), parse_stack=[])
    macros = dict(MONTH_MACROS)
    entries: list[BibEntry] = []
    for block in library.blocks:
        # A repeated key or field is a failed block holding the entry: read it, our checks say what is wrong.
        if isinstance(block, ParsingFailedBlock) and isinstance(block.ignore_error_block, (Entry, String)):
            block = block.ignore_error_block
        if isinstance(block, ParsingFailedBlock):
            raise _failure(block, file)
        if isinstance(block, String):
            closing = _closing_delimiter_of(block.raw or "")
            macros[block.key.lower()] = _expand(block, block.value, block.start_line, macros, file,
                                                f"expected '{closing}' at the end of @string {block.key!r}")
        elif isinstance(block, Entry):
            entries.append(_entry(block, macros, file))
    return entries


def _entry(block: Entry, macros: dict[str, str], file: str) -> BibEntry:
    """Check the key and field names that bibtexparser lets through, and expand every value."""
    line = (block.start_line or 0) + 1
    key = block.key
    if not key or re.search(r"[\s=]", key):
        raise SourceError(f"@{block.entry_type} entry has no key: write @{block.entry_type}{{key, …}}",
                          Location(file, line))
    closing = _closing_delimiter_of(block.raw or "")
    fields: dict[str, str] = {}
    for field in block.fields:
        name = field.key.lower()
        if name in fields:
            raise SourceError(f"field {name!r} given twice in entry {key!r}: keep one",
                              Location(file, field.start_line + 1))
        fields[name] = _expand(block, field.value, field.start_line, macros, file,
                               f"expected ',' or '{closing}' after field {name!r} in entry {key!r}")
    return BibEntry(block.entry_type.lower(), key, fields, line)


def _expand(block: Block, value: str, value_line: int, macros: dict[str, str], file: str, unjoined: str) -> str:
    """A value as BibTeX reads it: ``{…}``, ``"…"``, numbers and macros joined by ``#``.

    ``unjoined`` is the message for text after a value that no ``#`` joins: a comma is missing there.
    """
    try:
        return _pieces(value, macros)
    except _ValueProblem as problem:
        message = str(problem) or unjoined
        raise SourceError(message, Location(file, _line_in(block, value, value_line, problem.offset))) from None


def _pieces(value: str, macros: dict[str, str]) -> str:
    """Join the pieces of a raw value; ``_ValueProblem("")`` for text after a piece that no ``#`` joins."""
    pieces: list[str] = []
    position = 0
    while True:
        match = _PIECE.match(value, position)
        if not match:
            raise _ValueProblem("expected a value ({...}, \"...\", a number or a macro)", position)
        if match.group("open"):
            end = _close(value, match.end(), "}" if match.group("open") == "{" else '"')
            pieces.append(value[match.end():end])
            position = end + 1
        elif match.group("number"):
            pieces.append(match.group("number"))
            position = match.end()
        else:
            name = match.group("macro").lower()
            if name not in macros:
                raise _ValueProblem(f"undefined @string macro {name!r}: define it with @string or put the "
                                    "value in braces", match.start("macro"))
            pieces.append(macros[name])
            position = match.end()
        position = _SPACE.match(value, position).end()  # type: ignore[union-attr]  # \s* always matches
        if position >= len(value):
            return "".join(pieces)
        if value[position] != "#":
            raise _ValueProblem("", position)  # what follows is not joined: a comma is missing
        position += 1


def _close(value: str, start: int, closing: str) -> int:
    """Index of the delimiter ending a ``{…}`` or ``"…"`` opened just before ``start``."""
    depth = 0
    position = start
    while position < len(value):
        char = value[position]
        if char == "\\":
            position += 2
            continue
        if char == closing and depth == 0:
            return position
        depth += {"{": 1, "}": -1}.get(char, 0)
        position += 1
    raise _ValueProblem(f"'{value[start - 1]}' is never closed", start - 1)


def _line_in(block: Block, value: str, value_line: int, offset: int) -> int:
    """The line of ``value[offset]``: the value is found in the block's text from the line of its ``=``."""
    raw, first = block.raw or "", block.start_line or 0
    line_start = 0
    for _ in range(value_line - first):
        line_start = raw.find("\n", line_start) + 1
    found = raw.find(value, line_start)
    if found < 0:
        return value_line + 1
    return first + raw.count("\n", 0, found + offset) + 1


def _failure(block: ParsingFailedBlock, file: str) -> SourceError:
    """What to fix in a block bibtexparser could not read: a field swallowing the next, or its reason."""
    line = (block.start_line or 0) + 1
    raw = block.raw or ""
    runaway = _runaway_field(raw)
    key = re.match(r"@\w*\s*[({]\s*([^,\s]*)", raw)
    name = repr(key.group(1)) if key and key.group(1) else "without a key"
    if runaway:
        field, offset = runaway
        return SourceError(f"field {field!r} of entry {name} runs into the next field: check its braces",
                           Location(file, line + offset))
    reason = getattr(block.error, "abort_reason", str(block.error)).strip().rstrip(".").replace("`", "'")
    if reason.startswith("Unexpectedly reached end of file"):
        return SourceError(f"entry {name} is not closed before the end of the file: check its braces and quotes",
                           Location(file, line))
    return SourceError(f"cannot read entry {name} ({reason}): check its braces, quotes and commas",
                       Location(file, line))


def _runaway_field(raw: str) -> tuple[str, int] | None:
    """The field whose ``{`` is never closed, and its line in ``raw``: another field starts inside it."""
    base = 0 if _closing_delimiter_of(raw) == ")" else 1
    starts = {match.start(): match.group(1) for match in _FIELD_LINE.finditer(raw)}
    depth, current, position = 0, None, 0
    while position < len(raw):
        if position in starts:
            if depth == base:
                current = (starts[position], raw.count("\n", 0, position))
            elif depth > base and current:
                return current
        char = raw[position]
        if char == "\\":
            position += 2
            continue
        depth += {"{": 1, "}": -1}.get(char, 0)
        position += 1
    return None


def _closing_delimiter_of(raw: str) -> str:
    """``)`` for an entry written ``@type( … )``, else ``}``."""
    opening = re.match(r"@\w*\s*([({])", raw)
    return ")" if opening and opening.group(1) == "(" else "}"


def _hide_commented_entries(text: str) -> str:
    """Blank the ``%`` lines that hold an ``@``: authors comment entries out that way, though BibTeX
    itself would still read them. Lines are kept, so every line number stays right."""
    return re.sub(r"^[ \t]*%[^\n]*@[^\n]*$", "", text, flags=re.MULTILINE)
